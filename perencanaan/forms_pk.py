"""Forms of the Perjanjian Kinerja screens (seed 003): year, sasaran strategis, indikator, search.

The forms check what a user typed and say what is wrong in Indonesian; the rules that need the
database (a year already used, a satuan no longer in use) are the services' in `services.pk`,
whose errors come back onto the form with `apply_service_error`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from organisasi.forms import LiveSearchMixin, ServiceErrorsMixin, UnitChoiceField, search_field
from organisasi.konflik import VersiFormMixin, versi_of
from organisasi.models import UnitKerja

from .models import IndikatorKinerja, PerjanjianKinerja, SasaranStrategis, Satuan
from .services.pk import TAHUN_MAX, TAHUN_MIN, TEKS_MAX_LENGTH, parse_target, tahun_errors


class TahunField(forms.CharField):
    """A year typed as four digits; anything else is refused with the allowed range."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Tahun"))
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "off", "size": "6", "placeholder": _("misalnya 2026")}
            ),
        )
        kwargs.setdefault("error_messages", {"required": _("Tahun wajib diisi.")})
        super().__init__(**kwargs)

    def clean(self, value: Any) -> int:
        text = super().clean(value).strip()
        if not (text.isascii() and text.isdigit()) or len(text) != 4:
            raise ValidationError(
                _("Tahun harus berupa tahun 4 angka antara %(min)d dan %(max)d, misalnya 2026."),
                code="invalid",
                params={"min": TAHUN_MIN, "max": TAHUN_MAX},
            )
        tahun = int(text)
        errors = tahun_errors(tahun)
        if errors:
            raise ValidationError(errors, code="invalid")
        return tahun


class TargetField(forms.CharField):
    """A target value: "86", "4,3" or "4.3", not negative, at most 4 decimals."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Target"))
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "placeholder": _("misalnya 4,3")}),
        )
        kwargs.setdefault("error_messages", {"required": _("Target wajib diisi.")})
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Decimal:
        return parse_target(super().clean(value))


def target_text(value: Decimal) -> str:
    """A stored target as people write it, in the page's language: 4.3000 → "4,3", 85.0000 → "85"."""
    return number_format(value.normalize())


class SatuanChoiceField(forms.ModelChoiceField[Satuan]):
    def label_from_instance(self, obj: Satuan) -> str:
        return obj.nama


def autofocus(form: forms.BaseForm, name: str) -> None:
    """Put the cursor in this field when the form appears (also after an htmx swap)."""
    form.fields[name].widget.attrs["autofocus"] = True


def teks_field(label: Any, required_message: Any, *, rows: int) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=TEKS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": required_message,
            "max_length": _("Teks terlalu panjang: paling banyak %(limit_value)d karakter."),
        },
    )


# --- The list of years ------------------------------------------------------------------------


class PkSearchForm(LiveSearchMixin, forms.Form):
    q = search_field(_("Cari tahun atau unit kerja"), _("Cari tahun atau unit kerja"))
    unit = UnitChoiceField(
        label=_("Unit kerja (termasuk sub-unit)"),
        queryset=UnitKerja.objects.none(),
        required=False,
        empty_label=_("Semua unit kerja"),
    )

    def __init__(self, *args: Any, units: QuerySet[UnitKerja] | None, **kwargs: Any) -> None:
        """`units`: the units to filter by, or None for a user who sees too few to need the filter."""
        super().__init__(*args, **kwargs)
        if units is None:
            del self.fields["unit"]
        else:
            unit = self.fields["unit"]
            assert isinstance(unit, UnitChoiceField)
            unit.queryset = units


class PkCreateForm(ServiceErrorsMixin, forms.Form):
    """ "Tambah" on the list: the year and, for whoever manages several units, which unit."""

    unit_kerja = UnitChoiceField(
        label=_("Unit kerja"),
        queryset=UnitKerja.objects.none(),
        empty_label=_("Pilih unit kerja"),
        error_messages={
            "required": _("Pilih unit kerja."),
            "invalid_choice": _(
                "Pilih unit kerja dari daftar: hanya unit yang Anda pimpin atau kelola yang dapat dipilih."
            ),
        },
    )
    tahun = TahunField()

    def __init__(
        self, *args: Any, units: QuerySet[UnitKerja], only_unit: UnitKerja | None = None, **kwargs: Any
    ) -> None:
        """`only_unit`: the one unit a head of a single unit works for (no choice to make)."""
        super().__init__(*args, **kwargs)
        self.only_unit = only_unit
        unit = self.fields["unit_kerja"]
        assert isinstance(unit, UnitChoiceField)
        unit.queryset = units
        if only_unit is not None:
            # Nothing to choose: the unit is named above the form, and sent along unseen.
            unit.widget = forms.HiddenInput()
            unit.required = False
            self.initial["unit_kerja"] = only_unit.pk

    def clean_unit_kerja(self) -> UnitKerja:
        unit: UnitKerja | None = self.cleaned_data.get("unit_kerja")
        if unit is None and self.only_unit is not None:
            return self.only_unit
        assert unit is not None  # required otherwise
        return unit

    def chosen_unit(self) -> UnitKerja:
        unit: UnitKerja = self.cleaned_data["unit_kerja"]
        return unit


class PkTahunForm(VersiFormMixin, ServiceErrorsMixin, forms.Form):
    """Correcting the year: it carries the agreement's version it was opened on, so a save over
    someone else's change made meanwhile is refused."""

    tahun = TahunField()

    def __init__(self, *args: Any, perjanjian: PerjanjianKinerja, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"tahun": perjanjian.tahun})
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["versi"] = versi_of(perjanjian)


# --- One agreement: sasaran strategis and indikator -------------------------------------------


class SasaranSearchForm(LiveSearchMixin, forms.Form):
    q = search_field(_("Cari sasaran strategis atau indikator"), _("Cari sasaran strategis atau indikator"))


class SasaranForm(ServiceErrorsMixin, forms.Form):
    teks = teks_field(_("Sasaran Strategis"), _("Sasaran strategis wajib diisi."), rows=3)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Shown on one page with the indikator form: each keeps its own element ids.
        kwargs.setdefault("auto_id", "id_sasaran_%s")
        super().__init__(*args, **kwargs)


class IndikatorForm(ServiceErrorsMixin, forms.Form):
    teks = teks_field(_("Indikator"), _("Indikator wajib diisi."), rows=2)
    target = TargetField()
    satuan = SatuanChoiceField(
        label=_("Satuan"),
        queryset=Satuan.objects.none(),
        empty_label=_("Pilih Satuan"),
        error_messages={"required": _("Pilih satuan target."), "invalid_choice": _("Pilih satuan dari daftar.")},
    )

    def __init__(self, *args: Any, current_satuan_id: int | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_indikator_%s")
        super().__init__(*args, **kwargs)
        satuan = self.fields["satuan"]
        assert isinstance(satuan, SatuanChoiceField)
        # Active units, plus the one an existing indikator already has even if retired since.
        available = Q(aktif=True)
        if current_satuan_id is not None:
            available |= Q(pk=current_satuan_id)
        satuan.queryset = Satuan.objects.filter(available).order_by("urutan", "nama")


class SasaranUbahForm(VersiFormMixin, SasaranForm):
    """Editing a sasaran's text with the version it was opened on (see `organisasi.konflik`)."""

    def __init__(self, *args: Any, sasaran: SasaranStrategis, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"teks": sasaran.teks})
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["versi"] = versi_of(sasaran)


class IndikatorUbahForm(VersiFormMixin, IndikatorForm):
    """Editing an indikator with the version it was opened on (see `organisasi.konflik`)."""

    def __init__(self, *args: Any, indikator: IndikatorKinerja, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {"teks": indikator.teks, "target": target_text(indikator.target), "satuan": indikator.satuan_id},
        )
        super().__init__(*args, current_satuan_id=indikator.satuan_id, **kwargs)
        if not self.is_bound:
            self.initial["versi"] = versi_of(indikator)
