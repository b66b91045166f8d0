"""Forms of the operator's penilaian settings: keberatan deadline and signature place, TPP factors,
and the pola distribusi guideline of one capaian organisasi as a small table of rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AturanPolaDistribusi, Predikat
from .rules import PREDIKAT_ORDER, AturanDistribusi
from .services.pengaturan import (
    ATURAN_MAX,
    BATAS_KEBERATAN_MAX,
    BATAS_KEBERATAN_MIN,
    JENIS_BERPERSEN,
    PERSEN_MAX,
    PERSEN_MIN,
    TEMPAT_MAX_LENGTH,
)


class PersenField(forms.DecimalField):
    """A percentage; a decimal comma as Indonesians write it ("72,5") is read as a point."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


def _persen_field(label: Any, *, required: bool = False) -> PersenField:
    return PersenField(
        label=label,
        required=required,
        min_value=PERSEN_MIN,
        max_value=PERSEN_MAX,
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "100", "inputmode": "decimal"}),
        error_messages={
            "invalid": _("Isikan angka persen, misalnya 80 atau 72,5."),
            "min_value": _("Persen tidak boleh kurang dari 0."),
            "max_value": _("Persen tidak boleh lebih dari 100."),
            "max_digits": _("Persen paling banyak 100 dengan dua angka di belakang koma."),
            "max_decimal_places": _("Paling banyak dua angka di belakang koma."),
            "max_whole_digits": _("Persen tidak boleh lebih dari 100."),
        },
    )


class PenilaianUmumForm(forms.Form):
    batas_keberatan_hari = forms.IntegerField(
        label=_("Batas waktu keberatan (hari)"),
        min_value=BATAS_KEBERATAN_MIN,
        max_value=BATAS_KEBERATAN_MAX,
        help_text=_("Dihitung sejak hasil evaluasi diberikan kepada pegawai; bawaan 14 hari."),
        error_messages={
            "required": _("Isikan batas waktu keberatan dalam hari."),
            "invalid": _("Isikan bilangan bulat, misalnya 14."),
            "min_value": _("Batas waktu keberatan paling sedikit %(limit_value)s hari."),
            "max_value": _("Batas waktu keberatan paling lama %(limit_value)s hari."),
        },
    )
    tempat_tanda_tangan = forms.CharField(
        label=_("Tempat pada tanda tangan"),
        required=False,
        max_length=TEMPAT_MAX_LENGTH,
        help_text=_("Nama kota pada dokumen evaluasi, misalnya: Kupang."),
        error_messages={"max_length": _("Nama tempat paling banyak %(limit_value)d karakter.")},
    )


class FaktorTppForm(forms.Form):
    """One optional percentage per predikat; an empty field removes the instansi's factor."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code in PREDIKAT_ORDER:
            self.fields[code] = _persen_field(Predikat(code).label)

    def values(self) -> dict[str, Decimal | None]:
        return {code: self.cleaned_data.get(code) for code in PREDIKAT_ORDER}


class AturanForm(forms.Form):
    """One rule of the guideline: its kind, the predikat it sums up, and its percentage."""

    jenis = forms.ChoiceField(
        label=_("Jenis aturan"),
        choices=[("", "—"), *AturanPolaDistribusi.Jenis.choices],
        error_messages={
            "required": _("Pilih jenis aturan."),
            "invalid_choice": _("Pilih jenis aturan dari daftar."),
        },
    )
    predikat = forms.MultipleChoiceField(
        label=_("Predikat"),
        choices=[(code, Predikat(code).label) for code in PREDIKAT_ORDER],
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Pilih paling sedikit satu predikat."),
            "invalid_choice": _("Predikat “%(value)s” tidak dikenal."),
        },
    )
    persen = _persen_field(_("Persen"))

    def has_changed(self) -> bool:
        """A row counts as filled when anything is typed in it (not compared with its initial
        values), so that a row emptied by the operator is dropped instead of refused."""
        if not self.is_bound:
            return super().has_changed()
        return any(self[name].value() not in (None, "", []) for name in ("jenis", "predikat", "persen"))

    def clean(self) -> dict[str, Any] | None:
        data = super().clean()
        assert data is not None
        jenis = data.get("jenis")
        if jenis in JENIS_BERPERSEN and data.get("persen") is None and "persen" not in self.errors:
            self.add_error("persen", _("Aturan paling banyak/paling sedikit memerlukan persen."))
        elif jenis and jenis not in JENIS_BERPERSEN:
            data["persen"] = None  # "terbanyak" and "diharapkan ada" have no percentage
        return data

    def rule(self) -> AturanDistribusi:
        data = self.cleaned_data
        return AturanDistribusi(jenis=data["jenis"], predikat=tuple(data["predikat"]), persen=data.get("persen"))


class BaseAturanFormSet(forms.BaseFormSet[AturanForm]):
    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        # Every row may be left empty (see AturanForm.has_changed), the prefilled ones too.
        return {**super().get_form_kwargs(index), "empty_permitted": True, "use_required_attribute": False}

    def rules(self) -> list[AturanDistribusi]:
        """The filled rows that are not marked for removal, in order."""
        return [form.rule() for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]


AturanFormSet = cast(
    type[BaseAturanFormSet],
    forms.formset_factory(
        AturanForm,
        formset=BaseAturanFormSet,
        extra=2,
        can_delete=True,
        max_num=ATURAN_MAX,
        validate_max=True,
        absolute_max=ATURAN_MAX + 5,
    ),
)


def initial_rows(rules: list[AturanDistribusi]) -> list[dict[str, Any]]:
    return [{"jenis": r.jenis, "predikat": list(r.predikat), "persen": r.persen} for r in rules]
