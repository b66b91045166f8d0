"""Rekap kinerja (SPEC §7; issue 4 item 10): for the operator (their instansi or unit subtrees)
and for leaders (the units they head and below).

- `rekap`: filters tahun, periode, unit kerja (with its sub-units) and NIP/name; the distribution of
  predikat per unit; one row per pegawai with SKP status, ratings, predikat, rank in the unit,
  angka kredit (JF) and TPP factor; 50 rows a page. Filter changes reload the results with htmx;
  without JavaScript it is a plain GET form.
- `rekap_unduh`: the same rows (same filters, every page) as CSV or XLSX.

Someone who may report on no unit gets a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from organisasi.views.operator import query_string_without_page, wants_partial
from pelaksanaan.models import Periode

from ..access import ReportScope, report_scope
from ..charts import pola_distribusi_svg
from ..export import rekap_csv, rekap_filename, rekap_xlsx
from ..forms_rekap import RekapFilterForm, resolve_tahun_periode
from ..models import CapaianUnit
from ..selectors_monitoring import UnitTree, unit_tree
from ..selectors_rekap import DistribusiUnit, UnitRekap, rekap_laporan, rekap_rows

PAGE_SIZE = 50
TEMPLATE = "penilaian/rekap/page.html"
PARTIAL = "penilaian/rekap/_results.html"
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass
class RekapQuery:
    """The filters as they apply (invalid values fall back to their defaults)."""

    scope: ReportScope
    form: RekapFilterForm
    tree: UnitTree
    tahun: int
    periode: Periode
    unit_ids: frozenset[int]
    unit_label: str
    q: str
    whole_instansi: bool  # unit_ids are every unit of the instansi


def _scope_or_404(request: HttpRequest) -> ReportScope:
    scope = report_scope(request)
    if scope is None:
        raise Http404
    return scope


def _query(request: HttpRequest) -> RekapQuery:
    scope = _scope_or_404(request)
    data, years, periods, periode = resolve_tahun_periode(
        request.GET, instansi=scope.instansi, today=timezone.localdate()
    )
    tree = unit_tree(instansi_id=scope.instansi.pk, unit_ids=None if scope.whole_instansi else scope.unit_ids)
    choices = [(node.pk, "\u2003" * node.depth + f"{node.kode} — {node.nama}") for node in tree.flat()]
    form = RekapFilterForm(data, years=years, periods=periods, units=choices)
    form.make_live(url=reverse("penilaian:rekap"), target="#rekap-results")
    form.is_valid()  # an unknown unit or an overlong search is dropped with its message; the rest applies
    unit_pk: int | None = form.cleaned_data.get("unit")
    whole_instansi = False
    if unit_pk is not None and unit_pk in tree.nodes:
        unit_ids = tree.subtree_ids(unit_pk)
        unit_label = tree.nodes[unit_pk].nama
    else:
        unit_ids = frozenset(tree.nodes)
        unit_label = _("Semua unit kerja")
        whole_instansi = scope.whole_instansi
    return RekapQuery(
        scope=scope,
        form=form,
        tree=tree,
        tahun=periode.tahun,
        periode=periode,
        unit_ids=unit_ids,
        unit_label=unit_label,
        q=(form.cleaned_data.get("q") or "").strip(),
        whole_instansi=whole_instansi,
    )


@login_required
@require_safe
def rekap(request: HttpRequest) -> HttpResponse:
    query = _query(request)
    units = [UnitRekap(pk, query.tree.nodes[pk].kode, query.tree.nodes[pk].nama) for pk in query.unit_ids]
    laporan = rekap_laporan(units=units, periode=query.periode, q=query.q, whole_instansi=query.whole_instansi)
    distribusi = laporan.distribusi
    params = request.GET.copy()
    params.pop("page", None)
    params["tahun"] = str(query.tahun)
    params["periode"] = str(query.periode.pk)
    context: dict[str, Any] = {
        "active_menu": "rekap",
        "form": query.form,
        "scope": query.scope,
        "tahun": query.tahun,
        "periode": query.periode,
        "unit_label": query.unit_label,
        "q": query.q,
        "distribusi": distribusi,
        "distribusi_rows": distribusi_rows_html(distribusi),
        "jumlah_pegawai": laporan.jumlah_pegawai,
        "jumlah_dinilai": laporan.jumlah_dinilai,
        # Only the rows of this page are read (RekapHalaman), whatever the size of the units.
        "page_obj": Paginator(laporan.rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "query_string": query_string_without_page(request),
        "unduh_csv": f"{reverse('penilaian:rekap_unduh')}?{_with(params, format='csv')}",
        "unduh_xlsx": f"{reverse('penilaian:rekap_unduh')}?{_with(params, format='xlsx')}",
        "tpp_diatur": bool(laporan.faktor_tpp),
        "grafik": _grafik(distribusi, query.periode),
    }
    partial = wants_partial(request)
    context["partial"] = partial
    response = render(request, PARTIAL if partial else TEMPLATE, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def distribusi_rows_html(distribusi: list[DistribusiUnit]) -> SafeString:
    """The rows of the distribution table, one per unit (and the total). A whole instansi has
    thousands of units; rendered by the template engine they cost 0.2 s per 1,000 (mostly number
    localisation, cell by cell). Written here in one pass with the same markup: numbers through
    `localize` as the template does (remembered per value: the same few counts and shares recur),
    every text escaped."""
    shown: dict[tuple[type, str], str] = {}

    def text(value: object) -> str:
        key = (type(value), str(value))  # str: Decimal("50.0") and Decimal("50.00") print differently
        found = shown.get(key)
        if found is None:
            found = shown[key] = str(escape(localize(value)))
        return found

    parts: list[str] = []
    for d in distribusi:
        total = d.unit_id is None
        nama = f"<strong>{escape(d.unit_nama)}</strong>" if total else str(escape(d.unit_nama))
        cells = "".join(
            f'<td data-predikat="{text(code)}" data-jumlah="{text(jumlah)}">{text(jumlah)}'
            + (f' <span class="muted">({text(persen)}%)</span>' if d.dinilai else "")
            + "</td>"
            for code, _label, jumlah, persen in d.sel
        )
        unit = "total" if total else text(d.unit_id)
        css = ' class="total"' if total else ""
        parts.append(
            f'\n        <tr data-test="distribusi-row" data-unit="{unit}"{css}>\n'
            f'          <th scope="row">{nama}</th>\n'
            f"          <td>{text(d.jumlah_pegawai)}</td>\n"
            f"          {cells}\n"
            f'          <td data-test="belum-dinilai">{text(d.belum_dinilai)}</td>\n'
            "        </tr>\n        "
        )
    return mark_safe("".join(parts))  # noqa: S308 — every value above is escaped


def _grafik(distribusi: list[DistribusiUnit], periode: Periode) -> str:
    """The pola distribusi chart when the rekap shows one unit that has rated pegawai: its actual
    distribution beside the guideline of its capaian kinerja organisasi (when set)."""
    if len(distribusi) != 1 or not distribusi[0].dinilai or distribusi[0].unit_id is None:
        return ""
    unit = distribusi[0]
    capaian = (
        CapaianUnit.objects.filter(unit_kerja_id=unit.unit_id, periode=periode, diganti_pada__isnull=True)
        .values_list("capaian", flat=True)
        .first()
    )
    return pola_distribusi_svg(capaian=capaian, counts=unit.jumlah, ident=f"rekap-unit-{unit.unit_id}")


def _with(params: Any, **extra: str) -> str:
    copy = params.copy()
    for key, value in extra.items():
        copy[key] = value
    return str(copy.urlencode())


@login_required
@require_safe
def rekap_unduh(request: HttpRequest) -> HttpResponse:
    fmt = request.GET.get("format", "xlsx")
    if fmt not in FORMATS:
        _scope_or_404(request)
        return HttpResponseBadRequest(_("Format unduhan tidak dikenal: pilih CSV atau XLSX."))
    query = _query(request)
    rows = rekap_rows(unit_ids=query.unit_ids, periode=query.periode, q=query.q)
    judul = f"{query.periode.nama} {query.tahun}"
    content = rekap_csv(rows) if fmt == "csv" else rekap_xlsx(rows, judul=judul)
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{rekap_filename(query.periode, fmt)}"'
    return response


urlpatterns = [
    path("rekap/", rekap, name="rekap"),
    path("rekap/unduh/", rekap_unduh, name="rekap_unduh"),
]
