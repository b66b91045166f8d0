"""Forms 1–6 as PDF: each rendered from factory data, its text checked against the seed's layout
(title lines, column headings with the number row, identities, content rows, signatures), page 1
saved as a PNG to look at."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from perencanaan.models import ManualIndikator, Workblock
from tests.dokumen.conftest import pdf_text, save_png
from tests.dokumen.perencanaan_world import DokumenWorld, build_dokumen_world
from tests.perencanaan.conftest import Plan, client_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def dok(plan: Plan) -> DokumenWorld:
    return build_dokumen_world(plan)


def _get_pdf(client: Client, url: str) -> tuple[bytes, str]:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return response.content, response["Content-Disposition"]


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _assert_in_order(text: str, *parts: str) -> None:
    """Each part occurs, after the previous one. Whitespace is ignored: the text extraction of a
    PDF puts no space between two table cells and sometimes one inside a kerned word."""
    text = _squeeze(text)
    position = 0
    for part in parts:
        found = text.find(_squeeze(part), position)
        assert found >= 0, f"{part!r} not found after position {position} in: {text[position : position + 300]!r}"
        position = found + len(_squeeze(part))


# --- 1. Perjanjian Kinerja -----------------------------------------------------------------------


def test_pk_pdf(dok: DokumenWorld) -> None:
    plan = dok.plan
    pdf, disposition = _get_pdf(client_of(plan.jpt), reverse("dokumen:pk_pdf", args=[dok.pk.pk]))
    save_png(pdf, "perjanjian_kinerja")
    text = pdf_text(pdf)
    _assert_in_order(
        text,
        "PERJANJIAN KINERJA TAHUN 2026",
        "BADAN KEPEGAWAIAN DAERAH",
        "PEMERINTAH PROVINSI NUSA TENGGARA TIMUR",
        "NO SASARAN STRATEGIS INDIKATOR KINERJA TARGET",
        "(1) (2) (3) (4)",
        "1 Meningkatnya pelaksanaan area perubahan manajemen SDM",
        "1. Nilai penataan sistem manajemen SDM 12,67 Indeks",
        "2. Indeks sistem merit 0,8 Indeks",
        "2 Terselenggaranya layanan internal BKD",
        "1. Tingkat pemenuhan layanan internal 86 Persen (%)",
    )
    # Signatures: the atasan of the kepala (left) and the kepala with place and date (right).
    jpt = plan.jpt
    _assert_in_order(text, "Sekretaris Daerah", dok.sekda.nama_lengkap, "Kupang, ", jpt.jabatan.nama, jpt.nama_lengkap)
    assert jpt.nama_lengkap in text and f"NIP {jpt.nip}" in text and f"NIP {dok.sekda.nip}" in text
    assert f"Perjanjian-Kinerja_{plan.unit.kode}_2026.pdf" in disposition


def test_pk_pdf_without_sasaran_says_so(dok: DokumenWorld) -> None:
    dok.pk.sasaran.all().delete()
    pdf, _ = _get_pdf(client_of(dok.plan.jpt), reverse("dokumen:pk_pdf", args=[dok.pk.pk]))
    assert "Belum ada sasaran strategis." in pdf_text(pdf)


# --- 2. Matriks Peran Hasil ----------------------------------------------------------------------------


def test_matriks_pdf_first_level(dok: DokumenWorld) -> None:
    plan = dok.plan
    pdf, disposition = _get_pdf(client_of(plan.jpt), reverse("dokumen:matriks_pdf", args=[dok.matriks_jpt.pk]))
    save_png(pdf, "matriks_peran_hasil_jpt")
    text = pdf_text(pdf)
    _assert_in_order(
        text,
        "MATRIKS PERAN HASIL",
        "JPT KE KETUA TIM KERJA DAN/ATAU JF YANG BERADA LANGSUNG DI BAWAH JPT",
        "PEMERINTAH PROVINSI NUSA TENGGARA TIMUR",
        "PERIODE PENILAIAN: 1 JANUARI 2026 SD 31 DESEMBER 2026",
        "RENCANA HASIL KERJA PIMPINAN",
        "Meningkatnya kualitas manajemen ASN",
        "NAMA DAN JABATAN PEGAWAI",
        "INTERMEDIATE OUTCOME/PRODUK DAN/ATAU LAYANAN TIM KERJA PADA UNIT KERJA",
        "Indeks profesionalitas ASN",
        "Persentase ASN yang dinilai kinerjanya",
        "(1) (2) (3)",
        "JPT PRATAMA/PIMPINAN UNIT KERJA MANDIRI",
        plan.jpt.nama_lengkap,
        plan.kabid.nama_lengkap,
        f"NIP {plan.kabid.nip}",
        "Ketua Tim Kerja",
        "Terlaksananya penilaian kompetensi ASN",
        "Terlaksananya pelayanan assessment JPT",
        "Terlaksananya penerapan tool kinerja",
        dok.jf.nama_lengkap,
        "Pranata Komputer Ahli Muda",
        "JF yang berada langsung di bawah JPT",
        "N/A",
        "Terlaksananya pendampingan tool kinerja",
        "N/A: tidak ada peran",
    )
    assert f"Matriks-Peran-Hasil_{plan.jpt.nip}_2026_RHK-{dok.rhk_jpt.pk}.pdf" in disposition


def test_matriks_pdf_second_level(dok: DokumenWorld) -> None:
    plan = dok.plan
    pdf, _ = _get_pdf(client_of(plan.staf2), reverse("dokumen:matriks_pdf", args=[dok.matriks_kabid.pk]))
    save_png(pdf, "matriks_peran_hasil_ketua_tim")
    text = pdf_text(pdf)
    _assert_in_order(
        text,
        "MATRIKS PERAN HASIL",
        "KETUA TIM KERJA KE ANGGOTA TIM KERJA",
        "Terlaksananya penerapan tool kinerja",
        "NAMA DAN JABATAN PEGAWAI",
        "Pendampingan aplikasi kinerja",
        "Perawatan sistem",
        "KETUA TIM KERJA",
        plan.kabid.nama_lengkap,
        plan.staf.nama_lengkap,
        "Anggota Tim Kerja",
        "Terlaksananya sosialisasi tool kinerja",
        "Terlaksananya backup sistem",
        plan.staf2.nama_lengkap,
        "Anggota Tim Kerja",
        "Tersusunnya panduan pengguna",
        "N/A",
    )
    assert "JPT KE KETUA TIM" not in text


# --- 3. Workblock ---------------------------------------------------------------------------------------


def test_workblock_pdf(dok: DokumenWorld) -> None:
    pdf, disposition = _get_pdf(client_of(dok.plan.jpt), reverse("dokumen:workblock_pdf", args=[dok.skp_jpt.pk]))
    save_png(pdf, "workblock")
    text = pdf_text(pdf)
    jpt = dok.plan.jpt
    _assert_in_order(
        text,
        "WORKBLOCK UNTUK IDENTIFIKASI STRATEGI PENCAPAIAN HASIL KERJA",
        "PEMERINTAH PROVINSI NUSA TENGGARA TIMUR",
        "PERIODE PENILAIAN: 1 JANUARI 2026 SD 31 DESEMBER 2026",
        jpt.nama_lengkap,
        jpt.nip,
        "JUDUL INISIATIF STRATEGI PENCAPAIAN IKU",
        "PEMILIK STRATEGI",
        "WAKTU PENYELESAIAN",
        "TUJUAN",
        "INDIKATOR DAN TARGET YANG DIINTERVENSI",
        "PIHAK YANG TERLIBAT",
        "PENERIMA MANFAAT",
        "ANGGARAN",
        "(1) (2) (3) (4) (5) (6) (7) (8)",
        "1. Digitalisasi penilaian kinerja",
        "Kepala BKD",
        "Desember 2026",
        "Penilaian kinerja seluruh ASN secara daring",
        "Indeks profesionalitas ASN 75",
        "Diskominfo",
        "Seluruh ASN",
        "Rp 250.000.000",
        "STRATEGI (KEY ACTIVITIES)",
        "A. RUTIN",
        "1. Pendampingan penyusunan SKP",
        "B. TRANSFORMATIF",
        "2. Integrasi aplikasi dengan SIASN",
        "KELUARAN KUNCI (KEY MILESTONE)",
        "A. RUTIN",
        "1. Laporan pendampingan triwulanan",
        "B. TRANSFORMATIF",
        "2. Aplikasi kinerja terintegrasi",
        "2. Penguatan sistem merit",
        "Kepala Bidang Mutasi",
        "STRATEGI (KEY ACTIVITIES)",
        "A. RUTIN",
        "-",
    )
    assert f"Workblock_{jpt.nip}_2026-01-01_2026-12-31.pdf" in disposition


def test_workblock_pdf_without_workblock_says_so(dok: DokumenWorld) -> None:
    Workblock.objects.filter(skp=dok.skp_jpt).delete()
    pdf, _ = _get_pdf(client_of(dok.plan.jpt), reverse("dokumen:workblock_pdf", args=[dok.skp_jpt.pk]))
    assert "Belum ada workblock pada SKP ini." in pdf_text(pdf)


def test_workblock_and_manual_only_for_jpt_skp(dok: DokumenWorld) -> None:
    client = client_of(dok.plan.kabid)
    for name in ("dokumen:workblock_pdf", "dokumen:manual_indikator_pdf"):
        assert client.get(reverse(name, args=[dok.skp_kabid.pk])).status_code == 404


# --- 4. Lampiran SKP ------------------------------------------------------------------------------------


def test_lampiran_pdf(dok: DokumenWorld) -> None:
    jpt, sekda = dok.plan.jpt, dok.sekda
    pdf, disposition = _get_pdf(client_of(sekda), reverse("dokumen:lampiran_pdf", args=[dok.skp_jpt.pk]))
    save_png(pdf, "lampiran_skp")
    text = pdf_text(pdf)
    _assert_in_order(
        text,
        "LAMPIRAN SASARAN KINERJA PEGAWAI",
        "PEMERINTAH PROVINSI NUSA TENGGARA TIMUR",
        "PERIODE PENILAIAN: 1 JANUARI 2026 SD 31 DESEMBER 2026",
        jpt.nama_lengkap,
        "DUKUNGAN SUMBER DAYA",
        "1. Tenaga pendamping teknis aplikasi",
        "2. Anggaran bimbingan teknis",
        "SKEMA PERTANGGUNGJAWABAN",
        "1. Hasil kerja dilaporkan setiap bulan berupa laporan kemajuan",
        "KONSEKUENSI",
        "1. Apabila memenuhi ekspektasi pimpinan maka diusulkan penghargaan",
        "Pegawai yang Dinilai",
        jpt.nama_lengkap,
        f"NIP {jpt.nip}",
        "Kupang, ",
        "Pejabat Penilai Kinerja",
        sekda.nama_lengkap,
        f"NIP {sekda.nip}",
    )
    assert "Kupang, " in text
    assert f"Lampiran-SKP_{jpt.nip}_2026-01-01_2026-12-31.pdf" in disposition


def test_lampiran_pdf_of_a_draft_uses_the_live_identity(dok: DokumenWorld) -> None:
    plan = dok.plan
    pdf, _ = _get_pdf(client_of(plan.kabid), reverse("dokumen:lampiran_pdf", args=[dok.skp_kabid.pk]))
    text = pdf_text(pdf)
    _assert_in_order(text, "DUKUNGAN SUMBER DAYA", "-", "SKEMA PERTANGGUNGJAWABAN", "-", "KONSEKUENSI", "-")
    _assert_in_order(text, plan.kabid.nama_lengkap, plan.jpt.nama_lengkap)


# --- 5. Rencana Aksi ------------------------------------------------------------------------------------


def test_rencana_aksi_pdf(dok: DokumenWorld) -> None:
    jpt, sekda = dok.plan.jpt, dok.sekda
    pdf, disposition = _get_pdf(client_of(jpt), reverse("dokumen:rencana_aksi_pdf", args=[dok.skp_jpt.pk]))
    save_png(pdf, "rencana_aksi")
    text = pdf_text(pdf)
    _assert_in_order(
        text,
        "RENCANA AKSI",
        "PEMERINTAH PROVINSI NUSA TENGGARA TIMUR",
        "PERIODE PENILAIAN: 1 JANUARI 2026 SD 31 DESEMBER 2026",
        "NO PEGAWAI YANG DINILAI NO PEJABAT PENILAI KINERJA",
        f"NAMA {jpt.nama_lengkap} 1 NAMA {sekda.nama_lengkap}",
        f"NIP {jpt.nip} 2 NIP {sekda.nip}",
        "PANGKAT/GOL. RUANG",
        f"JABATAN {jpt.jabatan.nama} 4 JABATAN Sekretaris Daerah",
        "UNIT KERJA Badan Kepegawaian Daerah",
        "HASIL KERJA",
        "NO RENCANA HASIL KERJA NO RENCANA AKSI TARGET PERIODE",
        "(1) (2) (3) (4) (5)",
        "A. UTAMA",
        "1 Meningkatnya kualitas manajemen ASN 1. Menyusun peta jabatan Triwulan I",
        "2. Melaksanakan uji kompetensi Triwulan III",
        "B. TAMBAHAN",
        "1 Terlaksananya seleksi JPT - Belum ada rencana aksi.",
        "Pegawai yang Dinilai",
        "Pejabat Penilai Kinerja",
    )
    assert f"Rencana-Aksi_{jpt.nip}_2026-01-01_2026-12-31.pdf" in disposition


# --- 6. Manual Indikator Kinerja ------------------------------------------------------------------------


def test_manual_indikator_pdf(dok: DokumenWorld) -> None:
    jpt = dok.plan.jpt
    pdf, disposition = _get_pdf(client_of(jpt), reverse("dokumen:manual_indikator_pdf", args=[dok.skp_jpt.pk]))
    save_png(pdf, "manual_indikator")
    text = pdf_text(pdf)
    _assert_in_order(
        text,
        "MANUAL INDIKATOR KINERJA",
        "SKP PEJABAT PIMPINAN TINGGI DAN PIMPINAN UNIT KERJA MANDIRI",
        "PEMERINTAH PROVINSI NUSA TENGGARA TIMUR",
        "PERIODE PENILAIAN: 1 JANUARI 2026 SD 31 DESEMBER 2026",
        jpt.nama_lengkap,
        "RENCANA KERJA Meningkatnya kualitas manajemen ASN",
        "DESKRIPSI RENCANA KERJA Manajemen ASN yang profesional dan berbasis merit",
        "UKURAN KEBERHASILAN / INDIKATOR KINERJA Indeks profesionalitas ASN (target: 75 Indeks)",
        "TUJUAN Mengukur profesionalitas ASN pemerintah provinsi",
        "DESKRIPSI Definisi Ukuran kualitas ASN dari kualifikasi, kompetensi, kinerja dan disiplin",
        "Formula",
        "(Kualifikasi × 25%) + (Kompetensi × 40%)",
        "SATUAN PENGUKURAN",
        "Indeks",
        "KUALITAS TINGKAT KENDALI ( ) Outcome (✓) Outcome antara ( ) Output kendali sedang ( ) Output kendali rendah",
        "PENANGGUNG JAWAB Kepala Bidang Pengembangan Pegawai",
        "PIHAK PENYEDIA DATA Sub Bidang Data dan Informasi",
        "SUMBER DATA Aplikasi SIASN BKN",
        "PERIODE PELAPORAN ( ) Bulanan ( ) Triwulanan (✓) Semesteran ( ) Tahunan",
        # The second IKI's block.
        "UKURAN KEBERHASILAN / INDIKATOR KINERJA Persentase ASN yang dinilai kinerjanya",
        "(✓) Output kendali sedang",
        "(✓) Triwulanan",
    )
    # The IKI of the tambahan RHK has no manual: no block for it.
    assert "Jumlah seleksi JPT terlaksana" not in text
    assert f"Manual-Indikator_{jpt.nip}_2026-01-01_2026-12-31.pdf" in disposition


def test_manual_indikator_pdf_without_manual_says_so(dok: DokumenWorld) -> None:
    ManualIndikator.objects.filter(iki__rhk__skp=dok.skp_jpt).delete()
    pdf, _ = _get_pdf(client_of(dok.plan.jpt), reverse("dokumen:manual_indikator_pdf", args=[dok.skp_jpt.pk]))
    assert "Belum ada manual indikator kinerja yang diisi pada SKP ini." in pdf_text(pdf)


def test_forms_are_indonesian_for_an_english_user(dok: DokumenWorld) -> None:
    client = client_of(dok.plan.jpt)
    client.cookies["django_language"] = "en"
    url = reverse("dokumen:rencana_aksi_pdf", args=[dok.skp_jpt.pk])
    text = pdf_text(client.get(url, HTTP_ACCEPT_LANGUAGE="en").content)
    _assert_in_order(text, "RENCANA AKSI", "A. UTAMA", "B. TAMBAHAN")
    manual = pdf_text(client.get(reverse("dokumen:manual_indikator_pdf", args=[dok.skp_jpt.pk])).content)
    _assert_in_order(manual, "(✓) Outcome antara", "(✓) Semesteran")
