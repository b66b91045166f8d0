"""Filters of the rekap and monitoring pages: tahun, periode, unit kerja and NIP/name search."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from django import forms
from django.core.cache import cache
from django.db import connection, transaction
from django.http import QueryDict
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from organisasi.forms import LiveSearchMixin, search_field
from organisasi.models import Instansi, Pegawai
from pelaksanaan.models import Periode
from pelaksanaan.periode import periode_ensure
from perencanaan.models import Skp

MIN_TAHUN = 2000

# --- The years a report offers ------------------------------------------------------------------
#
# The years are those of the instansi's periods, the current one, and those in which an SKP of the
# instansi starts (an SKP drafted in December for next year must make next year selectable even
# though nobody opened a page of that year yet, so its periods do not exist).
#
# Periods are indexed by instansi: cheap. The SKP years are not: an SKP reaches its instansi only
# through its pegawai, so "the distinct years of this instansi's SKP" reads every SKP of the
# instansi (56 ms of a 63 ms page at 20,000 pegawai), and no index can bound a per-year check (the
# instansi is on the pegawai, the year on the SKP). So that set is kept in the cache per instansi:
# - a miss computes it once (the old query);
# - saving an SKP whose year is not in the cached set forgets it (`forget_skp_years`, connected
#   in `PenilaianConfig.ready` to Skp's post_save), right away and again once the transaction
#   commits, so a request that read the list between the two cannot keep it without the new
#   year. Saves that cannot change the year (status changes with `update_fields`) cost nothing;
# - writes that bypass post_save (bulk loads, restore, raw SQL) are caught by the timeout.
# A year whose last SKP was deleted stays listed until the timeout: an extra year is harmless,
# a missing one is not. The value carries the instansi's creation time so that a database
# rebuilt (or a test that reuses the id) never reads another instansi's years.

SKP_YEARS_TIMEOUT = 15 * 60


def _skp_years_key(instansi_id: int) -> str:
    return f"penilaian:tahun-skp:{connection.settings_dict['NAME']}:{instansi_id}"


def skp_years(instansi: Instansi) -> frozenset[int]:
    """Years in which an SKP of the instansi starts (cached; see above)."""
    key = _skp_years_key(instansi.pk)
    marker = instansi.created_at.isoformat()
    cached = cache.get(key)
    if isinstance(cached, tuple) and len(cached) == 2 and cached[0] == marker:
        return frozenset(cached[1])
    years = frozenset(d.year for d in Skp.objects.filter(pegawai__instansi=instansi).dates("periode_mulai", "year"))
    cache.set(key, (marker, years), SKP_YEARS_TIMEOUT)
    return years


def forget_skp_years(
    sender: type[Skp], instance: Skp, created: bool = False, update_fields: Iterable[str] | None = None, **kwargs: Any
) -> None:
    """post_save of Skp: drop the instansi's cached SKP years when this SKP starts in a year they
    do not hold."""
    if not created and update_fields is not None and "periode_mulai" not in update_fields:
        return
    if Skp.pegawai.is_cached(instance):
        instansi_id: int | None = instance.pegawai.instansi_id
    else:
        instansi_id = Pegawai.objects.filter(pk=instance.pegawai_id).values_list("instansi_id", flat=True).first()
    if instansi_id is None or instance.periode_mulai is None:
        return
    key = _skp_years_key(instansi_id)
    cached = cache.get(key)
    if isinstance(cached, tuple) and len(cached) == 2 and instance.periode_mulai.year in cached[1]:
        return
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def _ordered(periods: Iterable[Periode]) -> list[Periode]:
    """Periodic periods in order, then the annual one (as `periode_ensure` gives them)."""
    return sorted(periods, key=lambda p: (p.is_tahunan, p.nomor))


def _periods_by_year(instansi: Instansi) -> dict[int, list[Periode]]:
    """Every period of the instansi by year: a handful a year, one query on its index."""
    by_year: dict[int, list[Periode]] = defaultdict(list)
    for periode in Periode.objects.filter(instansi=instansi):
        by_year[periode.tahun].append(periode)
    return by_year


def _years(period_years: Iterable[int], instansi: Instansi, today: date) -> list[int]:
    years = {today.year} | set(period_years) | skp_years(instansi)
    return sorted((y for y in years if y >= MIN_TAHUN), reverse=True)


def report_years(instansi: Instansi, today: date) -> list[int]:
    """Years that have periods or SKP in the instansi, and the current year, newest first."""
    period_years = Periode.objects.filter(instansi=instansi).order_by().values_list("tahun", flat=True).distinct()
    return _years(period_years, instansi, today)


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
    by_year = _periods_by_year(instansi)
    years = _years(by_year, instansi, today)
    wanted = str(data.get("tahun", ""))
    tahun = int(wanted) if wanted in {str(y) for y in years} else today.year
    periods = _ordered(by_year[tahun]) if by_year.get(tahun) else periode_ensure(instansi=instansi, tahun=tahun)
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


def _attrs_html(attrs: Mapping[str, Any]) -> str:
    """Attributes as Django's widgets/attrs.html writes them (True: the bare name; False: left out)."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class UnitSelect(forms.Select):
    """The unit list of a whole instansi runs to thousands of options. Django renders a template
    per option (about 40 ms for 1,000 units); this writes the same markup in one pass, every text
    escaped."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        chosen = set(self.format_value(value))
        options: list[str] = []
        has_selected = False
        for option_value, label in self.choices:
            text = "" if option_value is None else str(option_value)
            selected = not has_selected and text in chosen
            has_selected = has_selected or selected
            mark = " selected" if selected else ""
            options.append(f'\n  <option value="{escape(text)}"{mark}>{escape(label)}</option>\n')
        attributes = _attrs_html(self.build_attrs(self.attrs, attrs))
        return mark_safe(  # noqa: S308 — every text above is escaped
            f'<select name="{escape(name)}"{attributes}>{"".join(options)}\n</select>'
        )


class RekapFilterForm(PeriodeFilterForm):
    """Adds the unit kerja (with its sub-units; only units the user may report on) and a search."""

    unit = forms.TypedChoiceField(
        label=_("Unit kerja"), coerce=int, required=False, empty_value=None, choices=[], widget=UnitSelect
    )
    q = search_field(_("Cari NIP atau nama pegawai"), _("NIP atau nama pegawai"))

    def __init__(self, *args: Any, units: Iterable[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.TypedChoiceField)
        unit.choices = [("", _("Semua unit kerja")), *((str(pk), label) for pk, label in units)]
