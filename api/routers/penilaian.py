"""Evaluations and predikat (read), and the reports other systems consume: rekap per unit and
period, angka kredit per JF pegawai, and the TPP factor per pegawai for payroll — the very rows of
the Rekap Kinerja page (`penilaian.selectors_rekap.rekap_rows`)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Path, Query, Router

from pelaksanaan.models import Periode
from penilaian.access import get_evaluasi_for_user
from penilaian.selectors_monitoring import unit_tree
from penilaian.selectors_rekap import RekapRow, rekap_distribusi, rekap_rows

from ..access import evaluasi_qs, periode_qs, report_units
from ..auth import Caller, caller_of
from ..schemas.common import ERRORS, Id, Page, page_of, page_of_list
from ..schemas.penilaian import (
    AngkaKreditPage,
    EvaluasiFilter,
    EvaluasiOut,
    RekapOut,
    ReportQuery,
    TppPage,
    distribusi_out,
    evaluasi_out,
    rekap_row_out,
)

router = Router(tags=["penilaian"])


def _evaluasi_rows(qs: Any) -> Any:
    return qs.select_related("skp__pegawai")


@router.get(
    "/evaluasi",
    response={200: Page[EvaluasiOut], **ERRORS},
    summary="Daftar evaluasi dan predikat / List of evaluations and predikat",
    description="Versi yang berlaku. Pegawai melihat miliknya setelah diberikan; pejabat penilai, operator dan "
    "admin juga draf. Token sistem (evaluasi:read): yang diberikan di instansinya. / Versions in force; drafts "
    "only for the rater, operator and admin. Filter: instansi, unit, periode, tahun, pegawai, predikat.",
)
def evaluasi_list(request: HttpRequest, filters: Query[EvaluasiFilter]) -> dict[str, Any]:
    qs = evaluasi_qs(caller_of(request))
    if filters.instansi is not None:
        qs = qs.filter(skp__pegawai__instansi_id=filters.instansi)
    if filters.unit is not None:
        qs = qs.filter(skp__unit_kerja_id=filters.unit)
    if filters.periode is not None:
        qs = qs.filter(periode_id=filters.periode)
    if filters.tahun is not None:
        qs = qs.filter(periode__tahun=filters.tahun)
    if filters.pegawai is not None:
        qs = qs.filter(skp__pegawai_id=filters.pegawai)
    if filters.predikat:
        qs = qs.filter(predikat=filters.predikat)
    return page_of(_evaluasi_rows(qs).order_by("periode_id", "skp__pegawai__nama", "pk"), filters, evaluasi_out)


@router.get(
    "/evaluasi/{pk}",
    response={200: EvaluasiOut, **ERRORS},
    summary="Detail evaluasi / Evaluation detail",
    description="404 untuk siapa pun yang tidak boleh membacanya. / 404 for anyone not allowed to read it.",
)
def evaluasi_detail(request: HttpRequest, pk: Path[Id]) -> dict[str, Any]:
    caller = caller_of(request)
    if caller.user is not None:
        evaluasi, _roles = get_evaluasi_for_user(caller.user, pk)
        return evaluasi_out(evaluasi)
    found = _evaluasi_rows(evaluasi_qs(caller)).filter(pk=pk).first()
    if found is None:
        raise Http404
    return evaluasi_out(found)


def _report(caller: Caller, query: ReportQuery) -> tuple[Periode, list[RekapRow]]:
    """The rekap rows of the period for the units the caller reports on (with the unit filter:
    that unit and its sub-units); a period or unit outside is a 404."""
    _instansi, ids = report_units(caller)
    periode = periode_qs(caller).filter(pk=query.periode).first()
    if periode is None:
        raise Http404
    tree = unit_tree(instansi_id=periode.instansi_id, unit_ids=ids)
    if not tree.nodes:
        raise Http404
    if query.unit is not None:
        if query.unit not in tree.nodes:
            raise Http404
        unit_ids = tree.subtree_ids(query.unit)
    else:
        unit_ids = frozenset(tree.nodes)
    return periode, rekap_rows(unit_ids=unit_ids, periode=periode)


@router.get(
    "/rekap",
    response={200: RekapOut, **ERRORS},
    summary="Rekap kinerja per unit dan periode / Performance summary per unit and period",
    description="Predikat per pegawai, peringkat di unit, angka kredit, faktor TPP, dan distribusi predikat per "
    "unit — sama dengan halaman Rekap Kinerja. Token sistem: evaluasi:read. / Predikat per employee, rank, "
    "credit points, TPP factor and distribution per unit, as the Rekap page.",
)
def rekap(request: HttpRequest, filters: Query[ReportQuery]) -> dict[str, Any]:
    periode, rows = _report(caller_of(request), filters)
    page = page_of_list([rekap_row_out(r) for r in rows], filters)
    return {"periode_id": periode.pk, **page, "distribusi": [distribusi_out(d) for d in rekap_distribusi(rows)]}


@router.get(
    "/angka-kredit",
    response={200: AngkaKreditPage, **ERRORS},
    summary="Angka kredit pegawai JF / Credit points of functional positions",
    description="AK = persentase predikat × koefisien tahunan jenjang × bulan/12 (PermenPANRB 1/2023); hanya "
    "pegawai JF yang sudah dinilai. / Only rated JF employees. Token sistem: evaluasi:read.",
)
def angka_kredit(request: HttpRequest, filters: Query[ReportQuery]) -> dict[str, Any]:
    periode, rows = _report(caller_of(request), filters)
    items = [
        {
            "pegawai_id": r.pegawai_id,
            "nip": r.nip,
            "nama": r.nama,
            "unit_kerja_id": r.unit_id,
            "jabatan": r.jabatan,
            "jenjang": r.jenjang,
            "predikat": r.predikat,
            "bulan": r.bulan_angka_kredit,
            "angka_kredit": r.angka_kredit,
        }
        for r in rows
        if r.angka_kredit is not None and r.bulan_angka_kredit is not None
    ]
    return {"periode_id": periode.pk, **page_of_list(items, filters)}


@router.get(
    "/tpp",
    response={200: TppPage, **ERRORS},
    summary="Faktor TPP per pegawai dan periode (penggajian) / TPP factor per employee and period (payroll)",
    description="Persentase TPP menurut predikat yang diatur instansi, untuk setiap pegawai aktif unit; null bila "
    "belum dinilai atau faktor belum diatur. Token sistem: evaluasi:read. / The agency's TPP percentage for each "
    "active employee's predikat; null when not rated or not configured.",
)
def tpp(request: HttpRequest, filters: Query[ReportQuery]) -> dict[str, Any]:
    periode, rows = _report(caller_of(request), filters)
    items = [
        {
            "pegawai_id": r.pegawai_id,
            "nip": r.nip,
            "nama": r.nama,
            "unit_kerja_id": r.unit_id,
            "predikat": r.predikat,
            "faktor_tpp": r.faktor_tpp,
        }
        for r in rows
    ]
    return {"periode_id": periode.pk, **page_of_list(items, filters)}
