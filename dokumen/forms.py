"""The bulk print request: kind of document, unit kerja (with its sub-units), and the year (SKP) or
the evaluation period (evaluation documents)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CetakMassal


class CetakMassalForm(forms.Form):
    jenis = forms.ChoiceField(
        label=_("Dokumen"),
        choices=CetakMassal.Jenis.choices,
        initial=CetakMassal.Jenis.SKP,
        error_messages={
            "required": _("Pilih jenis dokumen."),
            "invalid_choice": _("Pilih jenis dokumen dari daftar."),
        },
    )
    unit = forms.TypedChoiceField(
        label=_("Unit kerja"),
        coerce=int,
        choices=[],
        help_text=_("Beserta seluruh sub-unitnya."),
        error_messages={
            "required": _("Pilih unit kerja."),
            "invalid_choice": _("Pilih unit kerja dari daftar."),
        },
    )
    tahun = forms.TypedChoiceField(
        label=_("Tahun"),
        coerce=int,
        choices=[],
        error_messages={
            "required": _("Pilih tahun."),
            "invalid_choice": _("Pilih tahun dari daftar."),
        },
    )

    periode = forms.TypedChoiceField(
        label=_("Periode evaluasi"),
        coerce=int,
        choices=[],
        required=False,
        empty_value=None,
        help_text=_("Untuk dokumen evaluasi; tahunnya mengikuti periode ini."),
        error_messages={"invalid_choice": _("Pilih periode evaluasi dari daftar.")},
    )

    def __init__(
        self,
        *args: Any,
        units: Iterable[tuple[int, str]],
        years: Iterable[int],
        periods: Iterable[tuple[int, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.TypedChoiceField)
        unit.choices = [(str(pk), label) for pk, label in units]
        tahun = self.fields["tahun"]
        assert isinstance(tahun, forms.TypedChoiceField)
        tahun.choices = [(str(y), str(y)) for y in years]
        periode = self.fields["periode"]
        assert isinstance(periode, forms.TypedChoiceField)
        periode.choices = [("", _("— pilih periode —")), *((str(pk), label) for pk, label in periods)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("jenis") == CetakMassal.Jenis.EVALUASI and not cleaned.get("periode"):
            self.add_error("periode", _("Pilih periode evaluasi untuk mencetak dokumen evaluasi."))
        return cleaned
