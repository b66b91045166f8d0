"""The sample files offered for download (and kept in docs/contoh-impor/): one small instansi.

Import them in this order: unit kerja, jabatan, pegawai. The unit file has no NIP_KEPALA column:
the pegawai do not exist yet the first time, and an empty NIP_KEPALA cell would clear a head
set later. Add the column and import the units again once the pegawai are in.
"""

from __future__ import annotations

import csv
import io

from .columns import JABATAN, PEGAWAI, UNIT_KERJA

SAMPLE_DELIMITER = ";"  # Excel with Indonesian regional settings opens `;`-separated files directly

SAMPLES: dict[str, tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]] = {
    UNIT_KERJA: (
        ("KODE_UNOR", "NAMA_UNOR", "KODE_UNOR_INDUK"),
        (
            ("BKD", "Badan Kepegawaian Daerah", ""),
            ("BKD.01", "Sekretariat", "BKD"),
            ("BKD.01.01", "Subbagian Umum dan Kepegawaian", "BKD.01"),
            ("BKD.02", "Bidang Pengadaan, Pemberhentian dan Informasi", "BKD"),
            ("BKD.03", "Bidang Mutasi dan Promosi", "BKD"),
            ("BKD.04", "Bidang Pengembangan Kompetensi Aparatur", "BKD"),
        ),
    ),
    JABATAN: (
        ("KODE_JABATAN", "NAMA_JABATAN", "JENIS_JABATAN", "JENJANG", "URAIAN_TUGAS"),
        (
            (
                "KABAN",
                "Kepala Badan Kepegawaian Daerah",
                "JPT Pratama",
                "",
                "Memimpin perumusan dan pelaksanaan kebijakan daerah di bidang kepegawaian.",
            ),
            ("SEKBAN", "Sekretaris", "Administrator", "", "Mengoordinasikan urusan umum, keuangan dan perencanaan."),
            ("KABID", "Kepala Bidang", "Administrator", "", "Memimpin pelaksanaan tugas bidang."),
            (
                "KASUBBAG",
                "Kepala Subbagian Umum dan Kepegawaian",
                "Pengawas",
                "",
                "Mengelola urusan umum dan kepegawaian.",
            ),
            (
                "ANALIS-SDMA-MUDA",
                "Analis Sumber Daya Manusia Aparatur Ahli Muda",
                "Fungsional",
                "Ahli Muda",
                "Menganalisis kebutuhan dan pengembangan SDM aparatur.",
            ),
            (
                "PRAKOM-TERAMPIL",
                "Pranata Komputer Terampil",
                "Fungsional",
                "Terampil",
                "Mengelola sistem informasi kepegawaian.",
            ),
            ("PENGADM", "Pengadministrasi Perkantoran", "Pelaksana", "", "Mengadministrasikan surat dan dokumen."),
        ),
    ),
    PEGAWAI: (
        (
            "NIP_BARU",
            "NAMA",
            "GELAR_DEPAN",
            "GELAR_BELAKANG",
            "STATUS_PEGAWAI",
            "GOL_RUANG",
            "KODE_JABATAN",
            "KODE_UNOR",
            "NIP_ATASAN",
            "TUGAS_BELAJAR",
        ),
        (
            ("197203151998031004", "Yohanes Nggadas", "Dr.", "S.H., M.Si.", "PNS", "IV/c", "KABAN", "BKD", "", "Tidak"),
            (
                "197806222003122002",
                "Maria Goreti Lewar",
                "",
                "S.E., M.M.",
                "PNS",
                "IV/a",
                "SEKBAN",
                "BKD.01",
                "197203151998031004",
                "Tidak",
            ),
            (
                "198011052005011003",
                "Agustinus Bria",
                "",
                "S.Sos.",
                "PNS",
                "IV/a",
                "KABID",
                "BKD.03",
                "197203151998031004",
                "Tidak",
            ),
            (
                "198504172010012001",
                "Theresia Dua Nurak",
                "",
                "S.AP.",
                "PNS",
                "III/d",
                "KASUBBAG",
                "BKD.01.01",
                "197806222003122002",
                "Tidak",
            ),
            (
                "199001202015031002",
                "Fransiskus Tefa",
                "",
                "S.Psi.",
                "PNS",
                "III/c",
                "ANALIS-SDMA-MUDA",
                "BKD.03",
                "198011052005011003",
                "Tidak",
            ),
            (
                "199507082020122001",
                "Yuliana Manek",
                "",
                "A.Md.Kom.",
                "PNS",
                "II/c",
                "PRAKOM-TERAMPIL",
                "BKD.01.01",
                "198504172010012001",
                "Ya",
            ),
            (
                "199812302023071001",
                "Kornelis Seran",
                "",
                "",
                "PPPK",
                "V",
                "PENGADM",
                "BKD.01.01",
                "198504172010012001",
                "Tidak",
            ),
            (
                "200103112024031002",
                "Paulus Kase",
                "",
                "S.Kom.",
                "CPNS",
                "III/a",
                "PENGADM",
                "BKD.03",
                "198011052005011003",
                "Tidak",
            ),
        ),
    ),
}


def sample_csv(jenis: str) -> bytes:
    headers, rows = SAMPLES[jenis]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=SAMPLE_DELIMITER, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")
