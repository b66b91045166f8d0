"""Monitoring (SPEC §7; issue 4 item 11): for the operator and for leaders, per unit kerja with
drill-down.

- `monitoring`: the top units of the user's scope, each with the figures of its whole subtree:
  pegawai; SKP belum disusun / draf / diajukan / ditetapkan / terlambat (not set by 31 January);
  realisasi filled and evaluations given in the chosen period (against the pegawai with a set SKP
  covering it); keberatan still open in the year.
- `monitoring_unit`: one unit — its figures, its child units (each a link one level down) and the
  list of its own pegawai.

It is a menu entry, so someone who leads nothing and operates nothing gets a page saying what
monitoring is for; a unit outside the user's scope is a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from organisasi.access import operator_scopes
from organisasi.views.operator import query_string_without_page, wants_partial

from ..access import ReportScope, report_scope
from ..forms_rekap import PeriodeFilterForm, resolve_tahun_periode
from ..selectors_monitoring import Monitoring, monitoring_data

PAGE_SIZE = 50
MAX_PK = 2**63 - 1
TEMPLATE = "penilaian/monitoring/page.html"
PARTIAL = "penilaian/monitoring/_results.html"
UNIT_TEMPLATE = "penilaian/monitoring/unit.html"
UNIT_PARTIAL = "penilaian/monitoring/_unit_results.html"
NO_SCOPE_TEMPLATE = "penilaian/monitoring/tanpa_akses.html"


def _context(
    request: HttpRequest, scope: ReportScope, url: str, *, root: int | None = None
) -> tuple[dict[str, Any], Monitoring]:
    data, years, periods, periode = resolve_tahun_periode(
        request.GET, instansi=scope.instansi, today=timezone.localdate()
    )
    form = PeriodeFilterForm(data, years=years, periods=periods)
    form.make_live(url=url, target="#monitoring-results")
    form.is_valid()
    data_monitoring = monitoring_data(
        instansi_id=scope.instansi.pk,
        unit_ids=None if scope.whole_instansi else scope.unit_ids,
        tahun=periode.tahun,
        periode=periode,
        root=root,
    )
    params = data.copy()
    params.pop("page", None)
    context: dict[str, Any] = {
        "active_menu": "monitoring",
        "scope": scope,
        "form": form,
        "tahun": periode.tahun,
        "periode": periode,
        "m": data_monitoring,
        "filter_query": params.urlencode(),
        "batas_lewat": timezone.localdate() > data_monitoring.batas_penetapan,
        "partial": wants_partial(request),
    }
    return context, data_monitoring


def _render(request: HttpRequest, template: str, partial: str, context: dict[str, Any]) -> HttpResponse:
    response = render(request, partial if context["partial"] else template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_safe
def monitoring(request: HttpRequest) -> HttpResponse:
    scope = report_scope(request)
    if scope is None:
        # An operator whose instansi has no unit kerja yet is told so, not that they lack the role.
        context = {"active_menu": "monitoring", "operator_tanpa_unit": bool(operator_scopes(request.user))}
        return render(request, NO_SCOPE_TEMPLATE, context)
    context, data = _context(request, scope, reverse("penilaian:monitoring"))
    context["baris"] = [(node, data.subtree[node.pk]) for node in data.tree.roots]
    return _render(request, TEMPLATE, PARTIAL, context)


@login_required
@require_safe
def monitoring_unit(request: HttpRequest, pk: int) -> HttpResponse:
    scope = report_scope(request)
    if scope is None or not 1 <= pk <= MAX_PK:
        raise Http404
    if pk not in scope.unit_ids:
        # A unit of another instansi the user also reports on (an admin, a multi-instansi operator).
        raise Http404
    # Only this unit's subtree is counted: the page shows nothing else.
    context, data = _context(request, scope, reverse("penilaian:monitoring_unit", args=[pk]), root=pk)
    node = data.tree.nodes[pk]
    context.update(
        unit=node,
        jalur=data.tree.path_to(pk),
        ringkasan=data.subtree[pk],
        sendiri=data.own[pk],
        baris=[(child, data.subtree[child.pk]) for child in node.children],
        page_obj=Paginator(data.pegawai_of_unit(pk), PAGE_SIZE).get_page(request.GET.get("page")),
        query_string=query_string_without_page(request),
    )
    return _render(request, UNIT_TEMPLATE, UNIT_PARTIAL, context)


urlpatterns = [
    path("monitoring/", monitoring, name="monitoring"),
    path("monitoring/unit/<int:pk>/", monitoring_unit, name="monitoring_unit"),
]
