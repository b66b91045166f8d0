from __future__ import annotations

from typing import Any

from ninja import Field, Schema

from organisasi.models import Instansi, Jabatan, Pegawai, UnitKerja

from .common import Id, Input, PageQuery


class InstansiOut(Schema):
    id: int
    kode: str
    nama: str
    jenis: str = Field(description="pusat / daerah")
    periode_evaluasi: str = Field(description="bulanan / triwulanan / semesteran")


class UnitKerjaOut(Schema):
    id: int
    instansi_id: int
    kode: str
    nama: str
    induk_id: int | None
    kepala_id: int | None


class JabatanOut(Schema):
    id: int
    instansi_id: int
    kode: str
    nama: str
    jenis: str = Field(description="jpt_utama … fungsional")
    jenjang: str | None = Field(description="Kode jenjang JF / JF level code, e.g. ahli_muda")
    jenis_form_skp: str = Field(description="JPT atau JA/JF / SKP form type")


class PegawaiOut(Schema):
    id: int
    nip: str
    nama: str
    gelar_depan: str
    gelar_belakang: str
    nama_lengkap: str
    status: str = Field(description="PNS / CPNS / PPPK")
    golongan: str = Field(description="Kode golongan, mis. III/a / grade code")
    instansi_id: int
    unit_kerja_id: int | None
    jabatan_id: int | None
    atasan_id: int | None
    tugas_belajar: bool
    aktif: bool


def instansi_out(i: Instansi) -> dict[str, Any]:
    return {"id": i.pk, "kode": i.kode, "nama": i.nama, "jenis": i.jenis, "periode_evaluasi": i.periode_evaluasi}


def unit_out(u: UnitKerja) -> dict[str, Any]:
    return {
        "id": u.pk,
        "instansi_id": u.instansi_id,
        "kode": u.kode,
        "nama": u.nama,
        "induk_id": u.induk_id,
        "kepala_id": u.kepala_id,
    }


def jabatan_out(j: Jabatan) -> dict[str, Any]:
    return {
        "id": j.pk,
        "instansi_id": j.instansi_id,
        "kode": j.kode,
        "nama": j.nama,
        "jenis": j.jenis,
        "jenjang": j.jenjang.kode if j.jenjang is not None else None,
        "jenis_form_skp": j.skp_form_label,
    }


def pegawai_out(p: Pegawai) -> dict[str, Any]:
    return {
        "id": p.pk,
        "nip": p.nip,
        "nama": p.nama,
        "gelar_depan": p.gelar_depan,
        "gelar_belakang": p.gelar_belakang,
        "nama_lengkap": p.nama_lengkap,
        "status": p.status,
        "golongan": p.golongan.kode,
        "instansi_id": p.instansi_id,
        "unit_kerja_id": p.unit_kerja_id,
        "jabatan_id": p.jabatan_id,
        "atasan_id": p.atasan_id,
        "tugas_belajar": p.tugas_belajar,
        "aktif": p.aktif,
    }


class InstansiFilter(PageQuery):
    pass


class UnitKerjaFilter(PageQuery):
    instansi: Id | None = Field(None, description="Id instansi")
    induk: Id | None = Field(None, description="Id unit induk / parent unit id")


class JabatanFilter(PageQuery):
    instansi: Id | None = Field(None, description="Id instansi")
    jenis: str | None = Field(None, max_length=20, description="Jenis jabatan / position kind")


class PegawaiFilter(PageQuery):
    instansi: Id | None = Field(None, description="Id instansi")
    unit: Id | None = Field(None, description="Id unit kerja (tanpa sub-unit) / unit id (without sub-units)")
    q: str | None = Field(None, max_length=100, description="Awal NIP atau bagian nama / NIP prefix or part of name")
    aktif: bool | None = Field(None, description="Hanya yang aktif / tidak aktif")


class PegawaiSyncRow(Input):
    """One pegawai, the columns of the file import (README, "Columns — pegawai")."""

    nip: str = Field(max_length=100, description="NIP 18 angka (kunci) / 18-digit NIP (key)")
    nama: str = Field(max_length=1000, description="Nama tanpa gelar / name without titles")
    gelar_depan: str | None = Field(None, max_length=1000)
    gelar_belakang: str | None = Field(None, max_length=1000)
    status: str = Field(max_length=100, description="PNS, CPNS, PPPK (SIASN: P, C)")
    golongan: str = Field(max_length=100, description="PNS: I/a … IV/e; PPPK: I … XVII")
    kode_jabatan: str = Field(max_length=100, description="Kode jabatan yang sudah ada / existing position code")
    kode_unor: str = Field(max_length=100, description="Kode unit kerja yang sudah ada / existing unit code")
    nip_atasan: str | None = Field(None, max_length=100, description="NIP atasan langsung; kosong: tanpa atasan")
    tugas_belajar: bool | None = None


class PegawaiSyncIn(Input):
    instansi_id: Id | None = Field(
        None,
        description="Untuk operator beberapa instansi; token sistem: instansinya / only for multi-instansi operators",
    )
    dry_run: bool = Field(False, description="Hanya periksa, tidak menyimpan / validate only, write nothing")
    pegawai: list[PegawaiSyncRow] = Field(min_length=1, max_length=5000)


class SyncCount(Schema):
    dibuat: int
    diubah: int
    tetap: int


class SyncChange(Schema):
    baris: int
    nip: str
    aksi: str = Field(description="dibuat / diubah")
    kolom: list[str]


class PegawaiSyncOut(Schema):
    dry_run: bool
    diterapkan: bool = Field(description="Perubahan sudah disimpan / changes were written")
    jumlah: SyncCount
    perubahan: list[SyncChange] = Field(description="Paling banyak 500 baris / at most 500 rows")
    hasil: dict[str, int] | None
