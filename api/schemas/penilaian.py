from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from penilaian.models import Evaluasi
from penilaian.selectors_rekap import DistribusiUnit, RekapRow

from .common import Id, PageQuery, Tahun


class EvaluasiOut(Schema):
    id: int
    skp_id: int
    pegawai_id: int
    nip: str
    periode_id: int
    versi: int
    status: str = Field(description="draft / diberikan")
    capaian_organisasi: str
    rating_hasil: str
    rating_perilaku: str
    predikat: str = Field(description="sangat_baik, baik, butuh_perbaikan, kurang, sangat_kurang; kosong: belum")
    predikat_label: str
    catatan: str
    penilai_id: int | None
    diberikan_pada: dt.datetime | None


class EvaluasiFilter(PageQuery):
    instansi: Id | None = None
    unit: Id | None = Field(None, description="Id unit kerja SKP")
    periode: Id | None = None
    tahun: Tahun | None = Field(None, description="Tahun periode / period year")
    pegawai: Id | None = None
    predikat: str | None = Field(None, max_length=20)


class ReportQuery(PageQuery):
    periode: Id = Field(description="Id periode (periodik atau tahunan) / period id")
    unit: Id | None = Field(None, description="Id unit kerja, dengan sub-unitnya / unit id, sub-units included")


class RekapRowOut(Schema):
    pegawai_id: int
    nip: str
    nama: str
    unit_kerja_id: int
    unit_kerja: str
    jabatan: str
    jenjang: str
    skp_status: str = Field(description="Kosong: belum disusun / empty: no SKP")
    rating_hasil: str
    rating_perilaku: str
    predikat: str = Field(description="Kosong: belum dinilai / empty: not rated yet")
    peringkat: int | None = Field(description="Peringkat di unit / rank within the unit")
    angka_kredit: Decimal | None
    faktor_tpp: Decimal | None


class DistribusiOut(Schema):
    unit_kerja_id: int | None = Field(description="null: jumlah seluruh unit / total")
    unit_kerja: str
    jumlah_pegawai: int
    belum_dinilai: int
    jumlah: dict[str, int] = Field(description="Jumlah per predikat / count per predikat")


class RekapOut(Schema):
    periode_id: int
    count: int
    limit: int
    offset: int
    distribusi: list[DistribusiOut]
    items: list[RekapRowOut]


class AngkaKreditOut(Schema):
    pegawai_id: int
    nip: str
    nama: str
    unit_kerja_id: int
    jabatan: str
    jenjang: str
    predikat: str
    bulan: int = Field(description="Bulan yang dihitung (pro rata) / months counted")
    angka_kredit: Decimal


class TppOut(Schema):
    pegawai_id: int
    nip: str
    nama: str
    unit_kerja_id: int
    predikat: str = Field(description="Kosong: belum dinilai / empty: not rated yet")
    faktor_tpp: Decimal | None = Field(description="Persen TPP menurut predikat; null: belum dinilai atau tidak diatur")


class ReportPage(Schema):
    periode_id: int
    count: int
    limit: int
    offset: int


class AngkaKreditPage(ReportPage):
    items: list[AngkaKreditOut]


class TppPage(ReportPage):
    items: list[TppOut]


def evaluasi_out(e: Evaluasi) -> dict[str, Any]:
    return {
        "id": e.pk,
        "skp_id": e.skp_id,
        "pegawai_id": e.skp.pegawai_id,
        "nip": e.skp.pegawai.nip,
        "periode_id": e.periode_id,
        "versi": e.versi,
        "status": e.status,
        "capaian_organisasi": e.capaian_organisasi,
        "rating_hasil": e.rating_hasil,
        "rating_perilaku": e.rating_perilaku,
        "predikat": e.predikat,
        "predikat_label": str(e.get_predikat_display()) if e.predikat else "",
        "catatan": e.catatan,
        "penilai_id": e.penilai_id,
        "diberikan_pada": e.diberikan_pada,
    }


def rekap_row_out(r: RekapRow) -> dict[str, Any]:
    return {
        "pegawai_id": r.pegawai_id,
        "nip": r.nip,
        "nama": r.nama,
        "unit_kerja_id": r.unit_id,
        "unit_kerja": r.unit_nama,
        "jabatan": r.jabatan,
        "jenjang": r.jenjang,
        "skp_status": r.skp_status,
        "rating_hasil": r.rating_hasil,
        "rating_perilaku": r.rating_perilaku,
        "predikat": r.predikat,
        "peringkat": r.peringkat,
        "angka_kredit": r.angka_kredit,
        "faktor_tpp": r.faktor_tpp,
    }


def distribusi_out(d: DistribusiUnit) -> dict[str, Any]:
    return {
        "unit_kerja_id": d.unit_id,
        "unit_kerja": d.unit_nama,
        "jumlah_pegawai": d.jumlah_pegawai,
        "belum_dinilai": d.belum_dinilai,
        "jumlah": dict(d.jumlah),
    }
