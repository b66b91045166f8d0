from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from pelaksanaan.models import Periode, Realisasi

from .common import Id, Input, PageQuery, Tahun


class PeriodeOut(Schema):
    id: int
    instansi_id: int
    tahun: int
    jenis: str = Field(description="periodik / tahunan")
    nomor: int
    nama: str
    mulai: dt.date
    selesai: dt.date
    terbuka: bool


class PeriodeFilter(PageQuery):
    instansi: Id | None = None
    tahun: Tahun | None = None


class RealisasiOut(Schema):
    id: int
    skp_id: int
    periode_id: int
    rhk_id: int
    iki_id: int | None
    nilai: Decimal | None
    teks: str
    keterangan: str
    dibuat_pada: dt.datetime


class RealisasiFilter(PageQuery):
    periode: Id | None = Field(None, description="Id periode")


class RealisasiAngkaIn(Input):
    periode_id: Id
    iki_id: Id
    nilai: Decimal = Field(description="Realisasi dalam satuan target / value in the target's unit")
    keterangan: str = Field("", max_length=10000)
    dari_id: int = Field(
        ge=0,
        description="id realisasi berlaku yang dibaca klien (0 bila belum ada); berbeda → 409 conflict_stale / "
        "id of the current realisasi the client read (0 when none); another one current → 409 conflict_stale",
    )


class RealisasiTeksIn(Input):
    periode_id: Id
    rhk_id: Id
    teks: str = Field(max_length=20000)


class RealisasiTeksUpdateIn(Input):
    teks: str = Field(max_length=20000)


def periode_out(p: Periode) -> dict[str, Any]:
    return {
        "id": p.pk,
        "instansi_id": p.instansi_id,
        "tahun": p.tahun,
        "jenis": p.jenis,
        "nomor": p.nomor,
        "nama": p.nama,
        "mulai": p.mulai,
        "selesai": p.selesai,
        "terbuka": p.terbuka,
    }


def realisasi_out(r: Realisasi) -> dict[str, Any]:
    return {
        "id": r.pk,
        "skp_id": r.skp_id,
        "periode_id": r.periode_id,
        "rhk_id": r.rhk_id,
        "iki_id": r.iki_id,
        "nilai": r.nilai,
        "teks": r.teks,
        "keterangan": r.keterangan,
        "dibuat_pada": r.dibuat_pada,
    }
