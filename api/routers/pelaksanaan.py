"""Evaluation periods (read) and realisasi: read by whoever reads the SKP, written by its owner
through `pelaksanaan.services.realisasi` (set SKP, the SKP's period, open — else 422)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from pelaksanaan.access import get_skp_for_pelaksanaan
from pelaksanaan.models import Periode, Realisasi
from pelaksanaan.services.realisasi import (
    realisasi_save,
    realisasi_teks_add,
    realisasi_teks_remove,
    realisasi_teks_update,
)
from perencanaan.models import Iki, Rhk

from ..access import periode_qs
from ..auth import Caller, caller_of
from ..schemas.common import ERRORS, WRITE_ERRORS, Id, Page, page_of
from ..schemas.pelaksanaan import (
    PeriodeFilter,
    PeriodeOut,
    RealisasiAngkaIn,
    RealisasiFilter,
    RealisasiOut,
    RealisasiTeksIn,
    RealisasiTeksUpdateIn,
    periode_out,
    realisasi_out,
)

router = Router(tags=["pelaksanaan"])


@router.get(
    "/periode",
    response={200: Page[PeriodeOut], **ERRORS},
    summary="Daftar periode evaluasi / List of evaluation periods",
    description="Periode instansi pemanggil (periodik dan tahunan). / Periods of the caller's agencies. "
    "Filter: instansi, tahun.",
)
def periode_list(request: HttpRequest, filters: Query[PeriodeFilter]) -> dict[str, Any]:
    qs = periode_qs(caller_of(request))
    if filters.instansi is not None:
        qs = qs.filter(instansi_id=filters.instansi)
    if filters.tahun is not None:
        qs = qs.filter(tahun=filters.tahun)
    return page_of(qs.order_by("instansi_id", "tahun", "jenis", "nomor", "pk"), filters, periode_out)


@router.get(
    "/skp/{pk}/realisasi",
    response={200: Page[RealisasiOut], **ERRORS},
    summary="Realisasi SKP / Realisation of an SKP",
    description="Realisasi yang berlaku (tanpa riwayat). / Current realisation rows (no history). Filter: periode.",
)
def realisasi_list(request: HttpRequest, pk: Path[Id], filters: Query[RealisasiFilter]) -> dict[str, Any]:
    skp, _roles = get_skp_for_pelaksanaan(caller_of(request).require_user(), pk)
    qs = Realisasi.objects.current().filter(skp=skp)
    if filters.periode is not None:
        qs = qs.filter(periode_id=filters.periode)
    return page_of(qs.order_by("periode_id", "rhk_id", "iki_id", "pk"), filters, realisasi_out)


def _periode_of(skp_instansi_id: int, periode_id: int) -> Periode:
    periode = Periode.objects.filter(pk=periode_id, instansi_id=skp_instansi_id).first()
    if periode is None:
        raise ValidationError({"periode_id": _("Periode tidak ditemukan pada instansi SKP ini.")})
    return periode


def _writable(caller: Caller, pk: int) -> Any:
    skp, _roles = get_skp_for_pelaksanaan(caller.require_user(), pk, write=True)
    return skp


@router.post(
    "/skp/{pk}/realisasi/angka",
    response={201: RealisasiOut, **WRITE_ERRORS},
    summary="Isi realisasi angka per IKI / Record a numeric realisation",
    description="SKP kuantitatif, pemilik saja; nilai yang berubah menjadi baris baru (riwayat tetap). / "
    "Quantitative SKP, owner only; a change is a new row, history kept.",
)
def realisasi_angka(request: HttpRequest, pk: Path[Id], body: RealisasiAngkaIn) -> Status[dict[str, Any]]:
    caller = caller_of(request)
    skp = _writable(caller, pk)
    periode = _periode_of(skp.pegawai.instansi_id, body.periode_id)
    iki = Iki.objects.select_related("rhk").filter(pk=body.iki_id, rhk__skp=skp).first()
    if iki is None:
        raise ValidationError({"iki_id": _("IKI tidak ditemukan pada SKP ini.")})
    realisasi = realisasi_save(
        iki=iki,
        periode=periode,
        nilai=body.nilai,
        keterangan=body.keterangan,
        by=caller.user,
        skp=skp,
        dari=body.dari_id,
    )
    return Status(201, realisasi_out(realisasi))


@router.post(
    "/skp/{pk}/realisasi/teks",
    response={201: RealisasiOut, **WRITE_ERRORS},
    summary="Tambah pernyataan realisasi per RHK / Add a realisation statement",
    description="SKP kualitatif, pemilik saja. / Qualitative SKP, owner only.",
)
def realisasi_teks(request: HttpRequest, pk: Path[Id], body: RealisasiTeksIn) -> Status[dict[str, Any]]:
    caller = caller_of(request)
    skp = _writable(caller, pk)
    periode = _periode_of(skp.pegawai.instansi_id, body.periode_id)
    rhk = Rhk.objects.filter(pk=body.rhk_id, skp=skp).first()
    if rhk is None:
        raise ValidationError({"rhk_id": _("RHK tidak ditemukan pada SKP ini.")})
    realisasi = realisasi_teks_add(rhk=rhk, periode=periode, teks=body.teks, by=caller.user, skp=skp)
    return Status(201, realisasi_out(realisasi))


def _own_statement(caller: Caller, pk: int) -> Realisasi:
    caller.require_user()
    realisasi = Realisasi.objects.current().filter(pk=pk).only("pk", "skp_id").first()
    if realisasi is None:
        raise Http404
    _writable(caller, realisasi.skp_id)
    return Realisasi.objects.get(pk=pk)


@router.put(
    "/realisasi/{pk}",
    response={200: RealisasiOut, **WRITE_ERRORS},
    summary="Ubah pernyataan realisasi / Change a realisation statement",
    description="Pemilik saja; baris baru menggantikan yang lama (riwayat tetap). Realisasi angka diubah lewat "
    "`realisasi/angka`. / Owner only; a new row replaces the old one, history kept.",
)
def realisasi_teks_ubah(request: HttpRequest, pk: Path[Id], body: RealisasiTeksUpdateIn) -> dict[str, Any]:
    caller = caller_of(request)
    realisasi = realisasi_teks_update(realisasi=_own_statement(caller, pk), teks=body.teks, by=caller.user)
    return realisasi_out(realisasi)


@router.delete(
    "/realisasi/{pk}",
    response={204: None, **WRITE_ERRORS},
    summary="Tarik pernyataan realisasi / Withdraw a realisation statement",
    description="Pemilik saja; pernyataan tetap tersimpan di riwayat. / Owner only; it stays in the history.",
)
def realisasi_teks_tarik(request: HttpRequest, pk: Path[Id]) -> Status[None]:
    caller = caller_of(request)
    realisasi_teks_remove(realisasi=_own_statement(caller, pk), by=caller.user)
    return Status(204, None)
