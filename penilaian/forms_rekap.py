"""Filters of the rekap and monitoring pages: tahun, periode, unit kerja and NIP/name search."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from organisasi.forms import LiveSearchMixin, search_field
from organisasi.models import Instansi
from pelaksanaan.models import Periode
from pelaksanaan.periode import periode_ensure
from perencanaan.models import Skp

MIN_TAHUN = 2000


def report_years(instansi: Instansi, today: date) -> list[int]:
    """Years that have periods or SKP in the instansi, and the current year, newest first."""
    years = {today.year}
    years |= set(Periode.objects.filter(instansi=instansi).order_by().values_list("tahun", flat=True).distinct())
    years |= {d.year for d in Skp.objects.filter(pegawai__instansi=instansi).dates("periode_mulai", "year")}
    return sorted((y for y in years if y >= MIN_TAHUN), reverse=True)


def default_periode(periods: Sequence[Periode], today: date) -> Periode:
    """The periodic period holding today; for a past year the annual one; else the first."""
    for p in periods:
        if not p.is_tahunan and p.mulai <= today <= p.selesai:
            return p
    annual = [p for p in periods if p.is_tahunan]
    if annual and periods and max(p.selesai for p in periods) < today:
        return annual[0]
    return periods[0]


def resolve_tahun_periode(
    params: Mapping[str, str], *, instansi: Instansi, today: date
) -> tuple[QueryDict, list[int], list[Periode], Periode]:
    """The filter data with tahun and periode made valid (unknown or other-year values fall back to
    the defaults), the years offered, the periods of the chosen year and the chosen period."""
    data = QueryDict(mutable=True)
    for key in params:
        data[key] = params[key]
    years = report_years(instansi, today)
    wanted = str(data.get("tahun", ""))
    tahun = int(wanted) if wanted in {str(y) for y in years} else today.year
    periods = periode_ensure(instansi=instansi, tahun=tahun)
    periode = next((p for p in periods if str(p.pk) == str(data.get("periode", ""))), None)
    if periode is None:
        periode = default_periode(periods, today)
    data["tahun"] = str(tahun)
    data["periode"] = str(periode.pk)
    return data, years, periods, periode


class PeriodeFilterForm(LiveSearchMixin, forms.Form):
    """Tahun and periode evaluasi (the periodic ones of the instansi's setting, then the annual)."""

    tahun = forms.TypedChoiceField(label=_("Tahun"), coerce=int, choices=[])
    periode = forms.TypedChoiceField(label=_("Periode"), coerce=int, choices=[])

    def __init__(self, *args: Any, years: Iterable[int], periods: Iterable[Periode], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tahun = self.fields["tahun"]
        assert isinstance(tahun, forms.TypedChoiceField)
        tahun.choices = [(str(y), str(y)) for y in years]
        periode = self.fields["periode"]
        assert isinstance(periode, forms.TypedChoiceField)
        periode.choices = [(str(p.pk), p.nama) for p in periods]


class RekapFilterForm(PeriodeFilterForm):
    """Adds the unit kerja (with its sub-units; only units the user may report on) and a search."""

    unit = forms.TypedChoiceField(label=_("Unit kerja"), coerce=int, required=False, empty_value=None, choices=[])
    q = search_field(_("Cari NIP atau nama pegawai"), _("NIP atau nama pegawai"))

    def __init__(self, *args: Any, units: Iterable[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.TypedChoiceField)
        unit.choices = [("", _("Semua unit kerja")), *((str(pk), label) for pk, label in units)]
