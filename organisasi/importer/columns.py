"""The columns of each import file: canonical header, accepted aliases (SIASN exports), limits.

Headers are matched without regard to case, spaces, underscores, dashes, dots or slashes, so
`NIP_BARU`, `nip baru` and `Nip-Baru` are the same column. Columns that are not listed here are
ignored (a SIASN export has many more), and reported as such.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

UNIT_KERJA = "unit_kerja"
JABATAN = "jabatan"
PEGAWAI = "pegawai"
JENIS_ALL = (UNIT_KERJA, JABATAN, PEGAWAI)


@dataclass(frozen=True)
class Column:
    field: str  # key used by the importer
    header: str  # canonical header, as written in the sample files and the documentation
    description: str | Promise
    aliases: tuple[str, ...] = ()
    required: bool = False  # the column must be in the file and every row must fill it
    max_length: int | None = None
    is_nip: bool = False  # NIPs: an XLSX number that lost digits is an error

    @property
    def keys(self) -> tuple[str, ...]:
        return (header_key(self.header), *(header_key(a) for a in self.aliases))


_HEADER_NOISE = re.compile(r"[\s_\-./]+")


def header_key(header: str) -> str:
    """`NIP_BARU`, `nip baru`, ` Nip-Baru ` → `nipbaru`."""
    return _HEADER_NOISE.sub("", str(header).replace("\ufeff", "")).casefold()


COLUMNS: dict[str, tuple[Column, ...]] = {
    UNIT_KERJA: (
        Column(
            "kode",
            "KODE_UNOR",
            _("Kode unit kerja, unik di instansi (kunci pencocokan)."),
            aliases=("UNOR_ID", "ID_UNOR", "KODE_UNIT_KERJA"),
            required=True,
            max_length=40,
        ),
        Column(
            "nama",
            "NAMA_UNOR",
            _("Nama unit kerja."),
            aliases=("UNOR_NAMA", "NAMA_UNIT_KERJA"),
            required=True,
            max_length=200,
        ),
        Column(
            "kode_induk",
            "KODE_UNOR_INDUK",
            _("Kode unit induk (di berkas ini atau sudah ada); kosong untuk unit teratas."),
            aliases=("DIATASAN_ID", "UNOR_INDUK_ID", "KODE_INDUK"),
            max_length=40,
        ),
        Column(
            "nip_kepala",
            "NIP_KEPALA",
            _("NIP kepala unit, pegawai instansi yang sudah ada; kosong bila belum ada."),
            aliases=("NIP_PIMPINAN", "KEPALA_NIP"),
            is_nip=True,
        ),
    ),
    JABATAN: (
        Column(
            "kode",
            "KODE_JABATAN",
            _("Kode jabatan, unik di instansi (kunci pencocokan)."),
            aliases=("JABATAN_ID", "ID_JABATAN"),
            required=True,
            max_length=40,
        ),
        Column(
            "nama",
            "NAMA_JABATAN",
            _("Nama jabatan."),
            aliases=("JABATAN_NAMA",),
            required=True,
            max_length=200,
        ),
        Column(
            "jenis",
            "JENIS_JABATAN",
            _(
                "JPT Utama, JPT Madya, JPT Pratama, Pimpinan unit kerja mandiri, Administrator, Pengawas, Pelaksana, Fungsional."
            ),
            aliases=("JENIS_JABATAN_NAMA",),
            required=True,
        ),
        Column(
            "jenjang",
            "JENJANG",
            _("Wajib untuk jabatan fungsional: Ahli Pertama/Muda/Madya/Utama, Pemula, Terampil, Mahir, Penyelia."),
            aliases=("JENJANG_JABATAN", "JENJANG_FUNGSIONAL"),
        ),
        Column(
            "uraian_tugas",
            "URAIAN_TUGAS",
            _("Uraian tugas jabatan (boleh kosong)."),
            aliases=("URAIAN_JABATAN",),
        ),
    ),
    PEGAWAI: (
        Column(
            "nip",
            "NIP_BARU",
            _("NIP 18 angka (kunci pencocokan). Di Excel, format kolomnya sebagai Teks."),
            aliases=("NIP",),
            required=True,
            is_nip=True,
        ),
        Column(
            "nama",
            "NAMA",
            _("Nama tanpa gelar."),
            aliases=("NAMA_PEGAWAI",),
            required=True,
            max_length=150,
        ),
        Column("gelar_depan", "GELAR_DEPAN", _("Misalnya: Dr., Ir."), max_length=40),
        Column("gelar_belakang", "GELAR_BELAKANG", _("Misalnya: S.Kom., M.T."), max_length=80),
        Column(
            "status",
            "STATUS_PEGAWAI",
            _("PNS, CPNS atau PPPK (SIASN: P = PNS, C = CPNS)."),
            aliases=("STATUS", "STATUS_CPNS_PNS", "STATUS_KEPEGAWAIAN"),
            required=True,
        ),
        Column(
            "golongan",
            "GOL_RUANG",
            _("PNS/CPNS: I/a … IV/e; PPPK: I … XVII."),
            aliases=("GOLONGAN", "GOL", "GOL_AKHIR_NAMA", "GOL_RUANG_AKHIR", "PANGKAT_GOLONGAN"),
            required=True,
        ),
        Column(
            "kode_jabatan",
            "KODE_JABATAN",
            _("Kode jabatan yang sudah diimpor ke instansi ini."),
            aliases=("JABATAN_ID",),
            required=True,
        ),
        Column(
            "kode_unor",
            "KODE_UNOR",
            _("Kode unit kerja yang sudah diimpor ke instansi ini."),
            aliases=("UNOR_ID",),
            required=True,
        ),
        Column(
            "nip_atasan",
            "NIP_ATASAN",
            _(
                "NIP atasan langsung: di berkas ini atau pegawai instansi yang sudah ada; kosong untuk pimpinan tertinggi."
            ),
            aliases=("ATASAN_NIP", "NIP_ATASAN_LANGSUNG"),
            is_nip=True,
        ),
        Column(
            "tugas_belajar",
            "TUGAS_BELAJAR",
            _("Ya atau Tidak; kosong berarti Tidak."),
            aliases=("TB",),
        ),
    ),
}


def column_by_field(jenis: str, field: str) -> Column:
    for column in COLUMNS[jenis]:
        if column.field == field:
            return column
    raise KeyError(field)
