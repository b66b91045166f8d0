"""Forms of the operator's evaluation periods page: the year, the scheme, closing and reopening."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from organisasi.forms import LiveSearchMixin
from organisasi.models import PeriodeEvaluasi

from .services.periode import ALASAN_MAX_LENGTH, TAHUN_MAX, TAHUN_MIN


class PeriodeTahunForm(LiveSearchMixin, forms.Form):
    """The year to show: years that have periods, the current year and the next one."""

    tahun = forms.TypedChoiceField(label=_("Tahun"), coerce=int, choices=[])

    def __init__(self, *args: Any, years: Iterable[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tahun = self.fields["tahun"]
        assert isinstance(tahun, forms.TypedChoiceField)
        tahun.choices = [(str(y), str(y)) for y in sorted(set(years), reverse=True)]


class SkemaPeriodeForm(forms.Form):
    """The periodic evaluation scheme of one year (the annual evaluation always exists)."""

    tahun = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=TAHUN_MIN,
        max_value=TAHUN_MAX,
        error_messages={
            "required": _("Tahun tidak terbaca; muat ulang halaman."),
            "invalid": _("Tahun tidak terbaca; muat ulang halaman."),
            "min_value": _("Tahun harus antara 2000 dan 2100."),
            "max_value": _("Tahun harus antara 2000 dan 2100."),
        },
    )
    skema = forms.ChoiceField(
        label=_("Periode evaluasi periodik"),
        choices=PeriodeEvaluasi.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Pilih periode evaluasi bulanan, triwulanan atau semesteran."),
            "invalid_choice": _("Pilih periode evaluasi bulanan, triwulanan atau semesteran."),
        },
        help_text=_("Bulanan: 12 periode; triwulanan: 4 periode; semesteran: 2 periode. Evaluasi tahunan selalu ada."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Its own ids: the year picker on the same page has a field "tahun" too.
        kwargs.setdefault("auto_id", "skema_%s")
        super().__init__(*args, **kwargs)


ALASAN_ERRORS = {
    "max_length": _("Alasan paling banyak %(limit_value)d karakter (sekarang %(show_value)d)."),
}


class TutupPeriodeForm(forms.Form):
    alasan = forms.CharField(
        label=_("Catatan (tidak wajib)"),
        required=False,
        max_length=ALASAN_MAX_LENGTH,
        widget=forms.TextInput(attrs={"placeholder": _("Misalnya: batas pengisian realisasi triwulan I")}),
        error_messages=ALASAN_ERRORS,
    )


class BukaKembaliPeriodeForm(forms.Form):
    alasan = forms.CharField(
        label=_("Alasan membuka kembali"),
        max_length=ALASAN_MAX_LENGTH,
        widget=forms.TextInput(attrs={"placeholder": _("Misalnya: perbaikan realisasi atas permintaan Bidang …")}),
        error_messages={**ALASAN_ERRORS, "required": _("Tuliskan alasan membuka kembali periode ini.")},
    )
