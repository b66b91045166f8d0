"""Perjanjian Kinerja and SKP (read), and the owner's draft SKP: create, change the period, RHK and
IKI — through `perencanaan.services`, with the same rules as the pages (a locked SKP is a 409)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from perencanaan.access import get_own_pegawai_for_planning, get_pk_for_user, get_skp_for_user
from perencanaan.models import Iki, IndikatorKinerja, PerilakuSkp, PerjanjianKinerja, Rhk, SasaranStrategis, Satuan, Skp
from perencanaan.services.rencana import iki_create, iki_update, rhk_create, rhk_update
from perencanaan.services.skp import skp_create, skp_submit, skp_update_periode

from ..access import pk_qs, skp_qs
from ..auth import Caller, caller_of
from ..schemas.common import ERRORS, WRITE_ERRORS, Id, Page, page_of
from ..schemas.perencanaan import (
    IkiIn,
    IkiOut,
    IkiUpdateIn,
    PkDetailOut,
    PkFilter,
    PkOut,
    RhkIn,
    RhkOut,
    RhkUpdateIn,
    SatuanOut,
    SkpDetailOut,
    SkpFilter,
    SkpIn,
    SkpOut,
    SkpUpdateIn,
    iki_out,
    perilaku_out,
    pk_out,
    rhk_out,
    skp_out,
)

router = Router(tags=["perencanaan"])


@router.get(
    "/satuan",
    response={200: list[SatuanOut], **ERRORS},
    summary="Daftar satuan target / List of target units",
    description="Data acuan untuk `satuan_id` IKI. / Reference data for an IKI's `satuan_id`.",
)
def satuan_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [{"id": s.pk, "nama": s.nama} for s in Satuan.objects.filter(aktif=True).order_by("urutan", "nama")]


@router.get(
    "/pk",
    response={200: Page[PkOut], **ERRORS},
    summary="Daftar Perjanjian Kinerja / List of performance agreements",
    description="PK unit kerja instansi pemanggil. / Performance agreements of the caller's units. "
    "Filter: instansi, unit, tahun. Token sistem: organisasi:read.",
)
def pk_list(request: HttpRequest, filters: Query[PkFilter]) -> dict[str, Any]:
    qs = pk_qs(caller_of(request)).select_related("unit_kerja")
    if filters.instansi is not None:
        qs = qs.filter(unit_kerja__instansi_id=filters.instansi)
    if filters.unit is not None:
        qs = qs.filter(unit_kerja_id=filters.unit)
    if filters.tahun is not None:
        qs = qs.filter(tahun=filters.tahun)
    return page_of(qs.order_by("-tahun", "unit_kerja__kode", "pk"), filters, pk_out)


def _pk_for(caller: Caller, pk: int) -> PerjanjianKinerja:
    if caller.user is not None:
        return get_pk_for_user(caller.user, pk)
    perjanjian = pk_qs(caller).select_related("unit_kerja").filter(pk=pk).first()
    if perjanjian is None:
        raise Http404
    return perjanjian


@router.get(
    "/pk/{pk}",
    response={200: PkDetailOut, **ERRORS},
    summary="Detail Perjanjian Kinerja / Performance agreement detail",
    description="Sasaran strategis dengan indikator, target dan satuan. / Strategic goals with indicators.",
)
def pk_detail(request: HttpRequest, pk: Path[Id]) -> dict[str, Any]:
    perjanjian = _pk_for(caller_of(request), pk)
    sasaran = SasaranStrategis.objects.filter(perjanjian=perjanjian).prefetch_related(
        Prefetch("indikator", queryset=IndikatorKinerja.objects.select_related("satuan"))
    )
    return {
        **pk_out(perjanjian),
        "sasaran": [
            {
                "id": s.pk,
                "teks": s.teks,
                "indikator": [
                    {"id": i.pk, "teks": i.teks, "target": i.target, "satuan": i.satuan.nama} for i in s.indikator.all()
                ],
            }
            for s in sasaran
        ],
    }


@router.get(
    "/skp",
    response={200: Page[SkpOut], **ERRORS},
    summary="Daftar SKP / List of performance plans",
    description="SKP yang boleh dibaca pengguna: miliknya, bawahannya (pejabat penilai dan atasannya), unit yang "
    "dioperasikannya. Hanya token pribadi atau sesi. / SKP the user may read: own, subordinates', operated units. "
    "Personal tokens or session only. Filter: instansi, unit, pegawai, tahun, status.",
)
def skp_list(request: HttpRequest, filters: Query[SkpFilter]) -> dict[str, Any]:
    qs = skp_qs(caller_of(request)).select_related("pegawai")
    if filters.instansi is not None:
        qs = qs.filter(pegawai__instansi_id=filters.instansi)
    if filters.unit is not None:
        qs = qs.filter(unit_kerja_id=filters.unit)
    if filters.pegawai is not None:
        qs = qs.filter(pegawai_id=filters.pegawai)
    if filters.tahun is not None:
        qs = qs.filter(periode_mulai__year=filters.tahun)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return page_of(qs.order_by("-periode_mulai", "pegawai__nama", "pk"), filters, skp_out)


def _skp_detail(skp: Skp) -> dict[str, Any]:
    rhk = (
        Rhk.objects.filter(skp=skp)
        .order_by("jenis", "urutan", "pk")
        .prefetch_related(Prefetch("iki", queryset=Iki.objects.select_related("satuan").order_by("urutan", "pk")))
    )
    perilaku = PerilakuSkp.objects.filter(skp=skp).select_related("aspek").order_by("aspek__urutan")
    return {**skp_out(skp), "rhk": [rhk_out(r) for r in rhk], "perilaku": [perilaku_out(p) for p in perilaku]}


@router.get(
    "/skp/{pk}",
    response={200: SkpDetailOut, **ERRORS},
    summary="Detail SKP dengan RHK, IKI dan perilaku / SKP with RHK, IKI and behaviour aspects",
    description="404 untuk siapa pun yang tidak boleh membaca SKP ini (SPEC §2). / 404 for anyone not allowed.",
)
def skp_detail(request: HttpRequest, pk: Path[Id]) -> dict[str, Any]:
    skp, _roles = get_skp_for_user(caller_of(request).require_user(), pk)
    return _skp_detail(skp)


@router.post(
    "/skp",
    response={201: SkpDetailOut, **WRITE_ERRORS},
    summary="Buat draf SKP sendiri / Create own draft SKP",
    description="Untuk jabatan pegawai saat ini, dengan tujuh aspek perilaku. / For the caller's current position.",
)
def skp_create_endpoint(request: HttpRequest, body: SkpIn) -> Status[dict[str, Any]]:
    user = caller_of(request).require_user()
    pegawai = get_own_pegawai_for_planning(user)
    skp = skp_create(
        pegawai=pegawai,
        periode_mulai=body.periode_mulai,
        periode_selesai=body.periode_selesai,
        pendekatan=body.pendekatan,
        by=user,
    )
    skp, _roles = get_skp_for_user(user, skp.pk)
    return Status(201, _skp_detail(skp))


@router.put(
    "/skp/{pk}",
    response={200: SkpDetailOut, **WRITE_ERRORS},
    summary="Ubah periode/pendekatan draf SKP / Change a draft SKP's period",
    description="Hanya pemilik, hanya draf atau dikembalikan (409 bila terkunci); `versi_data` dari GET SKP, SKP "
    "yang berubah sejak itu → 409 conflict_stale. / Owner only; 409 when locked or when the SKP changed since "
    "the client read `versi_data`.",
)
def skp_update_endpoint(request: HttpRequest, pk: Path[Id], body: SkpUpdateIn) -> dict[str, Any]:
    user = caller_of(request).require_user()
    skp, _roles = get_skp_for_user(user, pk, write=True)
    skp_update_periode(
        skp=skp,
        periode_mulai=body.periode_mulai,
        periode_selesai=body.periode_selesai,
        pendekatan=body.pendekatan,
        versi=body.versi_data,
    )
    skp, _roles = get_skp_for_user(user, pk)
    return _skp_detail(skp)


@router.post(
    "/skp/{pk}/ajukan",
    response={200: SkpOut, **WRITE_ERRORS},
    summary="Ajukan SKP ke pejabat penilai / Submit the SKP to the rater",
    description="Pemilik saja; 409 dengan setiap kekurangan bila belum lengkap atau bukan draf. / Owner only; "
    "409 listing every missing piece, or when the SKP is not a draft.",
)
def skp_submit_endpoint(request: HttpRequest, pk: Path[Id]) -> dict[str, Any]:
    user = caller_of(request).require_user()
    skp, _roles = get_skp_for_user(user, pk, write=True)
    skp = skp_submit(skp=skp, by=user)
    skp, _roles = get_skp_for_user(user, pk)
    return skp_out(skp)


def _intervensi(rhk_id: int | None) -> Rhk | None:
    if rhk_id is None:
        return None
    rhk = Rhk.objects.filter(pk=rhk_id).first()
    if rhk is None:
        raise ValidationError({"intervensi_id": _("RHK pimpinan tidak ditemukan.")})
    return rhk


@router.post(
    "/skp/{pk}/rhk",
    response={201: RhkOut, **WRITE_ERRORS},
    summary="Tambah RHK pada draf SKP / Add a planned result",
    description="Pemilik saja; RHK pimpinan yang diintervensi dari SKP pejabat penilai. / Owner only.",
)
def rhk_create_endpoint(request: HttpRequest, pk: Path[Id], body: RhkIn) -> Status[dict[str, Any]]:
    skp, _roles = get_skp_for_user(caller_of(request).require_user(), pk, write=True)
    rhk = rhk_create(
        skp=skp,
        jenis=body.jenis,
        teks=body.teks,
        penugasan_dari=body.penugasan_dari,
        intervensi=_intervensi(body.intervensi_id),
    )
    return Status(201, rhk_out(rhk))


def _own_rhk(caller: Caller, pk: int) -> Rhk:
    user = caller.require_user()
    rhk = Rhk.objects.filter(pk=pk).only("pk", "skp_id").first()
    if rhk is None:
        raise Http404
    skp, _roles = get_skp_for_user(user, rhk.skp_id, write=True)
    full = Rhk.objects.get(pk=pk)
    full.skp = skp
    return full


@router.put(
    "/rhk/{pk}",
    response={200: RhkOut, **WRITE_ERRORS},
    summary="Ubah RHK / Change a planned result",
    description="Pemilik saja, SKP harus draf atau dikembalikan (409); `versi` dari RHK yang dibaca (GET SKP), "
    "RHK yang berubah sejak itu → 409 conflict_stale. / Owner only; 409 when the SKP is locked or the RHK "
    "changed since the client read its `versi`.",
)
def rhk_update_endpoint(request: HttpRequest, pk: Path[Id], body: RhkUpdateIn) -> dict[str, Any]:
    rhk = _own_rhk(caller_of(request), pk)
    rhk = rhk_update(
        rhk=rhk,
        jenis=body.jenis,
        teks=body.teks,
        penugasan_dari=body.penugasan_dari,
        intervensi=_intervensi(body.intervensi_id),
        versi=body.versi,
    )
    return rhk_out(rhk)


def _satuan(satuan_id: int | None) -> Satuan | None:
    if satuan_id is None:
        return None
    satuan = Satuan.objects.filter(pk=satuan_id, aktif=True).first()
    if satuan is None:
        raise ValidationError({"satuan_id": _("Satuan tidak ditemukan.")})
    return satuan


def _iki_values(body: IkiIn) -> dict[str, Any]:
    return {
        "teks": body.teks,
        "aspek": body.aspek,
        "perspektif": body.perspektif,
        "target_min": body.target_min,
        "target_max": body.target_max,
        "target_teks": body.target_teks,
        "satuan": _satuan(body.satuan_id),
    }


@router.post(
    "/rhk/{pk}/iki",
    response={201: IkiOut, **WRITE_ERRORS},
    summary="Tambah IKI pada RHK / Add an individual indicator",
    description="Bentuk mengikuti jenis SKP (JPT/JA-JF, kuantitatif/kualitatif). / Shape follows the SKP kind.",
)
def iki_create_endpoint(request: HttpRequest, pk: Path[Id], body: IkiIn) -> Status[dict[str, Any]]:
    rhk = _own_rhk(caller_of(request), pk)
    iki = iki_create(rhk=rhk, **_iki_values(body))
    return Status(201, iki_out(iki))


@router.put(
    "/iki/{pk}",
    response={200: IkiOut, **WRITE_ERRORS},
    summary="Ubah IKI / Change an individual indicator",
    description="Pemilik saja, SKP harus draf atau dikembalikan (409); `versi_rencana` dari GET SKP, rencana "
    "yang berubah sejak itu → 409 conflict_stale. / Owner only; 409 when the SKP is locked or its plan changed "
    "since the client read `versi_rencana`.",
)
def iki_update_endpoint(request: HttpRequest, pk: Path[Id], body: IkiUpdateIn) -> dict[str, Any]:
    caller = caller_of(request)
    caller.require_user()
    found = Iki.objects.filter(pk=pk).only("pk", "rhk_id").first()
    if found is None:
        raise Http404
    rhk = _own_rhk(caller, found.rhk_id)
    iki = Iki.objects.select_related("satuan").get(pk=pk)
    iki.rhk = rhk
    iki = iki_update(iki=iki, **_iki_values(body), versi=body.versi_rencana)
    return iki_out(iki)
