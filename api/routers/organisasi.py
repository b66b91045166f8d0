"""Instansi, unit kerja, jabatan and pegawai (read), and the pegawai sync (bulk upsert by NIP)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Path, Query, Router

from organisasi.models import Pegawai
from organisasi.rules import nip_normalize
from organisasi.services.impor import ImportJobError
from organisasi.services.sinkron import pegawai_sync

from ..access import instansi_qs, jabatan_qs, pegawai_qs, sync_instansi, unit_qs
from ..auth import caller_of
from ..errors import ApiError, ConflictError, field_error
from ..schemas.common import ERRORS, WRITE_ERRORS, Id, Page, page_of
from ..schemas.organisasi import (
    InstansiFilter,
    InstansiOut,
    JabatanFilter,
    JabatanOut,
    PegawaiFilter,
    PegawaiOut,
    PegawaiSyncIn,
    PegawaiSyncOut,
    UnitKerjaFilter,
    UnitKerjaOut,
    instansi_out,
    jabatan_out,
    pegawai_out,
    unit_out,
)

router = Router(tags=["organisasi"])

PEGAWAI_FIELDS = (
    "pk",
    "nip",
    "nama",
    "gelar_depan",
    "gelar_belakang",
    "status",
    "golongan__kode",
    "instansi_id",
    "unit_kerja_id",
    "jabatan_id",
    "atasan_id",
    "tugas_belajar",
    "aktif",
)


@router.get(
    "/instansi",
    response={200: Page[InstansiOut], **ERRORS},
    summary="Daftar instansi / List of agencies",
    description="Instansi yang dapat dilihat pemanggil. / Agencies visible to the caller. "
    "Cakupan token sistem / system token scope: organisasi:read.",
)
def instansi_list(request: HttpRequest, filters: Query[InstansiFilter]) -> dict[str, Any]:
    qs = instansi_qs(caller_of(request)).order_by("nama", "pk")
    return page_of(qs, filters, instansi_out)


@router.get(
    "/instansi/{pk}",
    response={200: InstansiOut, **ERRORS},
    summary="Detail instansi / Agency detail",
    description="404 bila di luar jangkauan pemanggil. / 404 when outside the caller's reach.",
)
def instansi_detail(request: HttpRequest, pk: Path[Id]) -> dict[str, Any]:
    instansi = instansi_qs(caller_of(request)).filter(pk=pk).first()
    if instansi is None:
        raise Http404
    return instansi_out(instansi)


@router.get(
    "/unit-kerja",
    response={200: Page[UnitKerjaOut], **ERRORS},
    summary="Daftar unit kerja / List of work units",
    description="Pohon unit kerja instansi pemanggil, urut kode. / The organisation tree, ordered by code. "
    "Filter: instansi, induk.",
)
def unit_list(request: HttpRequest, filters: Query[UnitKerjaFilter]) -> dict[str, Any]:
    qs = unit_qs(caller_of(request))
    if filters.instansi is not None:
        qs = qs.filter(instansi_id=filters.instansi)
    if filters.induk is not None:
        qs = qs.filter(induk_id=filters.induk)
    return page_of(qs.order_by("instansi_id", "kode", "pk"), filters, unit_out)


@router.get(
    "/unit-kerja/{pk}",
    response={200: UnitKerjaOut, **ERRORS},
    summary="Detail unit kerja / Work unit detail",
    description="404 bila di luar jangkauan pemanggil. / 404 when outside the caller's reach.",
)
def unit_detail(request: HttpRequest, pk: Path[Id]) -> dict[str, Any]:
    unit = unit_qs(caller_of(request)).filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit_out(unit)


@router.get(
    "/jabatan",
    response={200: Page[JabatanOut], **ERRORS},
    summary="Daftar jabatan / List of positions",
    description="Jabatan instansi pemanggil dengan jenis dan jenjang JF. / Positions with kind and JF level.",
)
def jabatan_list(request: HttpRequest, filters: Query[JabatanFilter]) -> dict[str, Any]:
    qs = jabatan_qs(caller_of(request)).select_related("jenjang")
    if filters.instansi is not None:
        qs = qs.filter(instansi_id=filters.instansi)
    if filters.jenis:
        qs = qs.filter(jenis=filters.jenis)
    return page_of(qs.order_by("instansi_id", "kode", "pk"), filters, jabatan_out)


@router.get(
    "/jabatan/{pk}",
    response={200: JabatanOut, **ERRORS},
    summary="Detail jabatan / Position detail",
    description="404 bila di luar jangkauan pemanggil. / 404 when outside the caller's reach.",
)
def jabatan_detail(request: HttpRequest, pk: Path[Id]) -> dict[str, Any]:
    jabatan = jabatan_qs(caller_of(request)).select_related("jenjang").filter(pk=pk).first()
    if jabatan is None:
        raise Http404
    return jabatan_out(jabatan)


def _pegawai_rows(qs: Any) -> Any:
    return qs.select_related("golongan").only(*[f for f in PEGAWAI_FIELDS if f != "pk"])


@router.get(
    "/pegawai",
    response={200: Page[PegawaiOut], **ERRORS},
    summary="Daftar pegawai / List of employees",
    description="Pegawai yang dapat dilihat pemanggil (operator: cakupannya; pegawai: rekan seinstansi yang aktif; "
    "token sistem: instansinya). / Employees visible to the caller. Filter: instansi, unit, q (NIP/nama), aktif.",
)
def pegawai_list(request: HttpRequest, filters: Query[PegawaiFilter]) -> dict[str, Any]:
    qs = pegawai_qs(caller_of(request))
    if filters.instansi is not None:
        qs = qs.filter(instansi_id=filters.instansi)
    if filters.unit is not None:
        qs = qs.filter(unit_kerja_id=filters.unit)
    if filters.aktif is not None:
        qs = qs.filter(aktif=filters.aktif)
    if filters.q:
        qs = qs.search(filters.q)
    return page_of(_pegawai_rows(qs).order_by("nama", "nip"), filters, pegawai_out)


@router.post(
    "/pegawai/sync",
    response={200: PegawaiSyncOut, **WRITE_ERRORS},
    summary="Sinkronisasi pegawai menurut NIP / Bulk upsert employees by NIP",
    description=(
        "Validasi dan penerapan yang sama dengan impor berkas, semua atau tidak sama sekali: satu baris salah, "
        'tidak ada yang disimpan (422, galat per baris di `detail`, `loc` = ["body", "pegawai", indeks]). '
        "`dry_run` hanya memeriksa. Isian opsional yang tidak dikirim baris mana pun tidak diubah. "
        "Token sistem: cakupan organisasi:sync; pengguna: operator seluruh instansi. / "
        "Same validation and apply as the file import, all-or-nothing: one bad row and nothing is written "
        "(422 with errors per row). `dry_run` only validates. Optional fields sent by no row keep their values. "
        "System token scope organisasi:sync; users: operator of the whole instansi. At most 5,000 rows."
    ),
)
def pegawai_sync_endpoint(request: HttpRequest, body: PegawaiSyncIn) -> dict[str, Any]:
    instansi = sync_instansi(caller_of(request), body.instansi_id)
    fields: set[str] = set()
    rows = []
    for item in body.pegawai:
        fields |= item.model_fields_set
        rows.append(item.model_dump())
    try:
        outcome = pegawai_sync(instansi=instansi, rows=rows, fields=frozenset(fields), dry_run=body.dry_run)
    except ImportJobError as error:
        raise ConflictError(error.message) from None
    plan = outcome.plan
    if plan.has_errors:
        detail = [
            field_error(["body", "pegawai", number - 1], message)
            for number, messages in sorted(plan.errors.items())
            for message in messages
        ]
        raise ApiError(detail, code="validation_error", status=422)
    report = plan.report()
    return {
        "dry_run": body.dry_run,
        "diterapkan": outcome.applied,
        "jumlah": {k: report["jumlah"][k] for k in ("dibuat", "diubah", "tetap")},
        "perubahan": [
            {"baris": p["baris"], "nip": p["kunci"], "aksi": p["aksi"], "kolom": [c["kolom"] for c in p["kolom"]]}
            for p in report["perubahan"]
        ],
        "hasil": outcome.hasil,
    }


@router.get(
    "/pegawai/nip/{nip}",
    response={200: PegawaiOut, **ERRORS},
    summary="Pegawai menurut NIP / Employee by NIP",
    description="Spasi di NIP diabaikan. / Spaces in the NIP are ignored. 404 bila di luar jangkauan.",
)
def pegawai_by_nip(request: HttpRequest, nip: Path[str]) -> dict[str, Any]:
    normal = nip_normalize(nip)
    if not normal.isdigit() or len(normal) != 18:
        raise Http404
    pegawai = _pegawai_rows(pegawai_qs(caller_of(request))).filter(nip=normal).first()
    if pegawai is None:
        raise Http404
    return pegawai_out(pegawai)


@router.get(
    "/pegawai/{pk}",
    response={200: PegawaiOut, **ERRORS},
    summary="Detail pegawai / Employee detail",
    description="404 bila di luar jangkauan pemanggil. / 404 when outside the caller's reach.",
)
def pegawai_detail(request: HttpRequest, pk: Path[Id]) -> dict[str, Any]:
    pegawai: Pegawai | None = _pegawai_rows(pegawai_qs(caller_of(request))).filter(pk=pk).first()
    if pegawai is None:
        raise Http404
    return pegawai_out(pegawai)
