"""Forms of the Umpan balik page and the Perilaku SKP menu. They check the input and show Indonesian
messages; the writes go through `services.umpan_balik` / `services.pembinaan`, whose
`ValidationError`s come back onto the form with `apply_service_error`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from perencanaan.models import Rhk

from .models import Pembinaan, UmpanBalik
from .services.pembinaan import MAX_CATATAN, MAX_TINDAK_LANJUT
from .services.umpan_balik import MAX_TEKS


class KeyedForm(forms.Form):
    """A form whose ids are unique on a page that shows many of them (`key` prefixes them)."""

    def __init__(self, *args: Any, key: str, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{key}-%s")
        super().__init__(*args, **kwargs)
        self.key = key

    def apply_service_error(self, exc: ValidationError) -> None:
        if hasattr(exc, "error_dict"):
            for name, errors in exc.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, exc)

    @property
    def all_errors(self) -> list[str]:
        """Every message, for the small inline forms that show them in one place."""
        return [str(e) for errors in self.errors.values() for e in errors]


def teks_field(label: Any, *, max_length: int = MAX_TEKS, required: bool = True, rows: int = 2) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": max_length}),
        error_messages={
            "required": _("Umpan balik wajib diisi."),
            "max_length": _("Paling banyak %(limit_value)d karakter (sekarang %(show_value)d)."),
        },
    )


class UmpanBalikForm(KeyedForm):
    """The text of one feedback: new ("Pimpinan: …", an aspect's penilai) or a changed one."""

    teks = teks_field(_("Umpan balik"))


class InsidentalForm(KeyedForm):
    kategori = forms.ChoiceField(
        label=_("Kategori"),
        choices=UmpanBalik.Kategori.choices,
        error_messages={
            "required": _("Pilih kategori umpan balik."),
            "invalid_choice": _("Pilih kategori: apresiasi, penugasan baru, atau RHK tidak dapat diselesaikan."),
        },
    )
    tanggal = forms.DateField(
        label=_("Tanggal"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Tanggal wajib diisi."), "invalid": _("Tanggal tidak valid.")},
    )
    rhk = forms.TypedChoiceField(
        label=_("RHK"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Wajib untuk RHK yang tidak dapat diselesaikan."),
        error_messages={"invalid_choice": _("Pilih RHK dari daftar.")},
    )
    tindak_lanjut = forms.ChoiceField(
        label=_("Tindak lanjut"),
        required=False,
        choices=[("", _("— tidak ada —")), *UmpanBalik.TindakLanjut.choices],
        help_text=_("Hanya untuk RHK yang tidak dapat diselesaikan."),
        error_messages={"invalid_choice": _("Tindak lanjut tidak dikenal.")},
    )
    teks = teks_field(_("Uraian"), rows=3)

    def __init__(self, *args: Any, rhk_choices: Iterable[Rhk], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["rhk"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("— tidak terkait RHK —")), *((str(r.pk), r.teks[:120]) for r in rhk_choices)]


class PembinaanForm(KeyedForm):
    jenis = forms.ChoiceField(
        label=_("Jenis pembinaan"),
        choices=Pembinaan.Jenis.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Pilih jenis pembinaan: bimbingan kinerja atau konseling kinerja."),
            "invalid_choice": _("Pilih jenis pembinaan: bimbingan kinerja atau konseling kinerja."),
        },
    )
    tanggal = forms.DateField(
        label=_("Tanggal"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Tanggal wajib diisi."), "invalid": _("Tanggal tidak valid.")},
    )
    catatan = forms.CharField(
        label=_("Catatan"),
        max_length=MAX_CATATAN,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_CATATAN}),
        error_messages={
            "required": _("Catatan pembinaan wajib diisi."),
            "max_length": _("Paling banyak %(limit_value)d karakter (sekarang %(show_value)d)."),
        },
    )
    tindak_lanjut = forms.CharField(
        label=_("Tindak lanjut"),
        required=False,
        max_length=MAX_TINDAK_LANJUT,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": MAX_TINDAK_LANJUT}),
        error_messages={"max_length": _("Paling banyak %(limit_value)d karakter (sekarang %(show_value)d).")},
    )
