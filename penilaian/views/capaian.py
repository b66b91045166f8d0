"""Capaian kinerja organisasi (SPEC §6.1; seed 003 "SKP Bawahan"): the leader above a unit sets it
per evaluation period, seeing the suggestion computed from the unit head's IKI (shown with its
basis, never forced) and the history of earlier settings.

- `capaian_list`: the units the user sets (`capaian_unit_ids`), for one period of their instansi
  (tahun and periode pickers, plain GET). A pegawai who leads nothing gets an empty state.
- `capaian_set`: POST one unit's capaian + catatan; htmx swaps that unit's card, without
  JavaScript POST/redirect/GET. A unit the user does not lead is a 404.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.models import User
from organisasi.access import pegawai_of
from organisasi.models import Instansi, UnitKerja
from organisasi.views.operator import wants_partial
from pelaksanaan.models import Periode
from pelaksanaan.periode import periode_ensure

from ..access import capaian_unit_ids, get_unit_for_capaian
from ..forms_evaluasi import CapaianUnitForm
from ..rules import rating_hasil_from_capaian
from ..selectors import capaian_suggestions, capaian_unit_history
from ..services.capaian import capaian_unit_set

PAGE_TEMPLATE = "penilaian/capaian/list.html"
CARD_TEMPLATE = "penilaian/capaian/_unit.html"
MAX_PK = 2**63 - 1


# --- Period picking shared by the penilaian screens of an instansi ------------------------------


def _year_of(params: Mapping[str, str], years: list[int], default: int) -> int:
    raw = str(params.get("tahun", "")).strip()
    return int(raw) if raw.isdigit() and int(raw) in years else default


def periode_instansi_pilih(
    instansi: Instansi, params: Mapping[str, str], *, extra_years: Iterable[int] = ()
) -> tuple[list[int], int, list[Periode], Periode]:
    """(years, tahun, periods of that year, chosen period) for a screen over a whole instansi.

    `?periode=<pk>` wins (its year follows), else `?tahun=` (default this year) and the periodic
    period holding today (or the year's first one)."""
    today = timezone.localdate()
    years = sorted(
        set(Periode.objects.filter(instansi=instansi).values_list("tahun", flat=True))
        | {today.year}
        | set(extra_years),
        reverse=True,
    )
    wanted = str(params.get("periode", "")).strip()
    chosen: Periode | None = None
    if wanted.isdigit() and int(wanted) <= MAX_PK:
        chosen = Periode.objects.filter(instansi=instansi, pk=int(wanted)).first()
    tahun = chosen.tahun if chosen is not None else _year_of(params, years, today.year)
    periods = periode_ensure(instansi=instansi, tahun=tahun)
    if chosen is None:
        current = [p for p in periods if not p.is_tahunan and p.mulai <= today <= p.selesai]
        chosen = current[0] if current else periods[0]
    return years, tahun, periods, chosen


# --- Unit cards -----------------------------------------------------------------------------------


def _unit_cards(
    units: list[UnitKerja],
    periode: Periode,
    periods: list[Periode],
    *,
    forms: Mapping[int, CapaianUnitForm] | None = None,
) -> list[dict[str, Any]]:
    saran = capaian_suggestions(units, periode)
    history = capaian_unit_history([u.pk for u in units], periode)
    cards = []
    for unit in units:
        rows = history.get(unit.pk, [])
        current = next((r for r in rows if r.diganti_pada is None), None)
        form = (forms or {}).get(unit.pk) or CapaianUnitForm(
            periods=periods,
            initial={
                "periode": periode.pk,
                "capaian": current.capaian if current else (saran[unit.pk].capaian or ""),
                "catatan": current.catatan if current else "",
                "versi": current.pk if current else 0,
            },
            prefix=f"unit-{unit.pk}",
        )
        rating_kepala = rating_hasil_from_capaian(current.capaian) if current is not None else None
        cards.append(
            {
                "unit": unit,
                "current": current,
                "saran": saran[unit.pk],
                "riwayat": [r for r in rows if r.diganti_pada is not None],
                "form": form,
                "rating_kepala": rating_kepala,
                "periode": periode,
            }
        )
    return cards


def _units_of(user: Any) -> list[UnitKerja]:
    pegawai = pegawai_of(user)
    if pegawai is None:
        return []
    ids = capaian_unit_ids(pegawai)
    return list(UnitKerja.objects.filter(pk__in=ids).select_related("kepala", "induk").order_by("kode", "pk"))


def _form_errors(form: CapaianUnitForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
@require_safe
def capaian_list(request: HttpRequest) -> HttpResponse:
    pegawai = pegawai_of(request.user)
    units = _units_of(request.user)
    context: dict[str, Any] = {"active_menu": "capaian_organisasi", "units": units, "pegawai": pegawai}
    if pegawai is not None and units:
        years, tahun, periods, periode = periode_instansi_pilih(pegawai.instansi, request.GET)
        context.update(
            years=years,
            tahun=tahun,
            periods=periods,
            periode=periode,
            cards=_unit_cards(units, periode, periods),
        )
    return render(request, PAGE_TEMPLATE, context)


@login_required
@require_POST
def capaian_set(request: HttpRequest, pk: int) -> HttpResponse:
    if not 1 <= pk <= MAX_PK:
        raise Http404
    unit = get_unit_for_capaian(request.user, pk)
    assert isinstance(request.user, User)
    prefix = f"unit-{unit.pk}"
    raw_periode = request.POST.get(f"{prefix}-periode", "")
    periode = (
        Periode.objects.filter(instansi_id=unit.instansi_id, pk=int(raw_periode)).first()
        if raw_periode.isdigit() and int(raw_periode) <= MAX_PK
        else None
    )
    if periode is None:
        # The period is part of the page the form came from, not something the user typed.
        messages.error(request, _("Periode tidak dikenal. Pilih periode lalu coba lagi."))
        return redirect("penilaian:capaian_list")
    periods = periode_ensure(instansi=unit.instansi, tahun=periode.tahun)
    form = CapaianUnitForm(request.POST, periods=periods, prefix=prefix)
    failed: CapaianUnitForm | None = form
    notice = ""
    if form.is_valid():
        try:
            row = capaian_unit_set(
                unit=unit,
                periode=periode,
                capaian=form.cleaned_data["capaian"],
                catatan=form.cleaned_data["catatan"],
                by=request.user,
                dari=form.cleaned_data["versi"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            notice = _("Capaian kinerja organisasi %(unit)s untuk %(periode)s: %(capaian)s.") % {
                "unit": unit.nama,
                "periode": periode,
                "capaian": row.get_capaian_display(),
            }
            if not wants_partial(request):
                messages.success(request, notice)
                return redirect(f"{reverse('penilaian:capaian_list')}?periode={periode.pk}#unit-{unit.pk}")
            failed = None
    forms = {unit.pk: failed} if failed is not None else None
    if wants_partial(request):
        card = _unit_cards([unit], periode, periods, forms=forms)[0]
        response = render(request, CARD_TEMPLATE, {"card": card, "notice": notice})
    else:
        # Without JavaScript a refused form comes back on the whole page, with its errors.
        pegawai = pegawai_of(request.user)
        assert pegawai is not None
        units = _units_of(request.user)
        years, tahun, _periods, _periode = periode_instansi_pilih(pegawai.instansi, {"periode": str(periode.pk)})
        context = {
            "active_menu": "capaian_organisasi",
            "units": units,
            "pegawai": pegawai,
            "years": years,
            "tahun": tahun,
            "periods": periods,
            "periode": periode,
            "cards": _unit_cards(units, periode, periods, forms=forms),
        }
        response = render(request, PAGE_TEMPLATE, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


urlpatterns = [
    path("capaian-organisasi/", capaian_list, name="capaian_list"),
    path("capaian-organisasi/<int:pk>/", capaian_set, name="capaian_set"),
]
