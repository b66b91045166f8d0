from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from organisasi.konflik import versi_of
from perencanaan.models import Iki, PerilakuSkp, PerjanjianKinerja, Rhk, Skp

from .common import Id, Input, PageQuery, Tahun


class SatuanOut(Schema):
    id: int
    nama: str


class IndikatorPkOut(Schema):
    id: int
    teks: str
    target: Decimal
    satuan: str


class SasaranOut(Schema):
    id: int
    teks: str
    indikator: list[IndikatorPkOut]


class PkOut(Schema):
    id: int
    instansi_id: int
    unit_kerja_id: int
    tahun: int


class PkDetailOut(PkOut):
    sasaran: list[SasaranOut]


class PkFilter(PageQuery):
    instansi: Id | None = None
    unit: Id | None = Field(None, description="Id unit kerja")
    tahun: Tahun | None = None


class SkpOut(Schema):
    id: int
    pegawai_id: int
    nip: str
    jabatan_id: int
    unit_kerja_id: int | None
    pejabat_penilai_id: int | None
    periode_mulai: dt.date
    periode_selesai: dt.date
    pendekatan: str = Field(description="kuantitatif / kualitatif")
    jenis_form: str = Field(description="JPT / JAJF")
    status: str = Field(description="draft, diajukan, dikembalikan, ditetapkan, direvisi")
    versi: int = Field(description="Nomor revisi SKP (1, 2, …) / the SKP's revision number")
    versi_rencana: int
    versi_data: int = Field(
        description="Versi baris SKP untuk PUT /skp/{pk} (berubah pada setiap penyimpanan SKP) / "
        "the SKP row's version to send back with PUT /skp/{pk} (changes on every save of the SKP)"
    )
    ditetapkan_pada: dt.datetime | None


class IkiOut(Schema):
    id: int
    teks: str
    aspek: str
    perspektif: str
    target_min: Decimal | None
    target_max: Decimal | None
    target_teks: str
    satuan: str | None


class RhkOut(Schema):
    id: int
    jenis: str = Field(description="utama / tambahan")
    teks: str
    penugasan_dari: str
    intervensi_id: int | None
    versi: int = Field(description="Versi RHK ini untuk PUT /rhk/{pk} / this RHK's version for PUT /rhk/{pk}")
    iki: list[IkiOut]


class PerilakuOut(Schema):
    id: int
    aspek: str
    aspek_nama: str
    ekspektasi_khusus: str
    jenis_penilai: str
    penilai_id: int | None


class SkpDetailOut(SkpOut):
    rhk: list[RhkOut]
    perilaku: list[PerilakuOut]


class SkpFilter(PageQuery):
    instansi: Id | None = None
    unit: Id | None = Field(None, description="Id unit kerja SKP / SKP's unit id")
    pegawai: Id | None = Field(None, description="Id pegawai")
    tahun: Tahun | None = None
    status: str | None = Field(None, max_length=20)


class SkpIn(Input):
    periode_mulai: dt.date
    periode_selesai: dt.date
    pendekatan: str = Field(max_length=20, description="kuantitatif / kualitatif")


class SkpUpdateIn(SkpIn):
    versi_data: int = Field(
        ge=0,
        description="versi_data SKP yang dibaca klien; SKP sudah berubah → 409 conflict_stale / "
        "the SKP's versi_data the client read; the SKP changed since → 409 conflict_stale",
    )


class RhkIn(Input):
    jenis: str = Field(max_length=20, description="utama / tambahan")
    teks: str = Field(max_length=10000)
    penugasan_dari: str = Field("", max_length=1000)
    intervensi_id: Id | None = Field(None, description="RHK pimpinan yang diintervensi (JA/JF)")


class RhkUpdateIn(RhkIn):
    versi: int = Field(
        ge=0,
        description="versi RHK yang dibaca klien; RHK sudah berubah → 409 conflict_stale / "
        "the RHK's versi the client read; the RHK changed since → 409 conflict_stale",
    )


class IkiIn(Input):
    teks: str = Field(max_length=10000)
    aspek: str = Field("", max_length=20, description="JA/JF kuantitatif: kuantitas, kualitas, waktu, biaya")
    perspektif: str = Field("", max_length=30, description="JPT: penerima_layanan, proses_bisnis, …")
    target_min: Decimal | None = Field(None, description="Kuantitatif: target (atau batas bawah rentang)")
    target_max: Decimal | None = Field(None, description="Kuantitatif: batas atas rentang (opsional)")
    target_teks: str = Field("", max_length=10000, description="Kualitatif: target deskriptif")
    satuan_id: Id | None = None


class IkiUpdateIn(IkiIn):
    versi_rencana: int = Field(
        ge=0,
        description="versi_rencana SKP yang dibaca klien; rencana sudah berubah → 409 conflict_stale / "
        "the SKP's versi_rencana the client read; the plan changed since → 409 conflict_stale",
    )


def skp_out(s: Skp) -> dict[str, Any]:
    return {
        "id": s.pk,
        "pegawai_id": s.pegawai_id,
        "nip": s.pegawai.nip,
        "jabatan_id": s.jabatan_id,
        "unit_kerja_id": s.unit_kerja_id,
        "pejabat_penilai_id": s.pejabat_penilai_id,
        "periode_mulai": s.periode_mulai,
        "periode_selesai": s.periode_selesai,
        "pendekatan": s.pendekatan,
        "jenis_form": s.jenis_form,
        "status": s.status,
        "versi": s.versi,
        "versi_rencana": s.versi_rencana,
        "versi_data": versi_of(s),
        "ditetapkan_pada": s.ditetapkan_pada,
    }


def iki_out(i: Iki) -> dict[str, Any]:
    return {
        "id": i.pk,
        "teks": i.teks,
        "aspek": i.aspek,
        "perspektif": i.perspektif,
        "target_min": i.target_min,
        "target_max": i.target_max,
        "target_teks": i.target_teks,
        "satuan": i.satuan.nama if i.satuan is not None else None,
    }


def rhk_out(r: Rhk) -> dict[str, Any]:
    return {
        "id": r.pk,
        "jenis": r.jenis,
        "teks": r.teks,
        "penugasan_dari": r.penugasan_dari,
        "intervensi_id": r.intervensi_id,
        "versi": versi_of(r),
        "iki": [iki_out(i) for i in r.iki.all()],
    }


def perilaku_out(p: PerilakuSkp) -> dict[str, Any]:
    return {
        "id": p.pk,
        "aspek": p.aspek.kode,
        "aspek_nama": p.aspek.nama,
        "ekspektasi_khusus": p.ekspektasi_khusus,
        "jenis_penilai": p.jenis_penilai,
        "penilai_id": p.penilai_id,
    }


def pk_out(p: PerjanjianKinerja) -> dict[str, Any]:
    return {"id": p.pk, "instansi_id": p.unit_kerja.instansi_id, "unit_kerja_id": p.unit_kerja_id, "tahun": p.tahun}
