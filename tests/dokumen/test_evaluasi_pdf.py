"""Forms 11–14 as PDF (seed 000 "PENDOKUMENTASIAN KINERJA", "REKAMAN INFORMASI UMPAN BALIK
BERKELANJUTAN", "HASIL EVALUASI KINERJA PEGAWAI", "DOKUMEN EVALUASI KINERJA PEGAWAI"): title lines,
column headings, identities, rows, the chart, ratings, signatures; long content; timing."""

from __future__ import annotations

import io
import time

import pytest
from pypdf import PdfReader

from dokumen.evaluasi import (
    dokumen_evaluasi_pdf,
    hasil_evaluasi_filename,
    hasil_evaluasi_form,
    hasil_evaluasi_pdf,
    load_evaluasi,
    pendokumentasian_filename,
    pendokumentasian_pdf,
    umpan_balik_filename,
    umpan_balik_pdf,
)
from dokumen.skp import load_skp
from organisasi.models import Instansi
from penilaian.models import Evaluasi
from tests.dokumen.conftest import pdf_pages, pdf_text, save_png
from tests.dokumen.evaluasi_world import EvaluasiWorld, long_skp

pytestmark = pytest.mark.django_db

PERILAKU = ("Berorientasi Pelayanan", "Akuntabel", "Kompeten", "Harmonis", "Loyal", "Adaptif", "Kolaboratif")
PERIODE_SKP = "PERIODE PENILAIAN: 1 JANUARI 2026 SD 31 DESEMBER 2026"
UB = "UMPAN BALIK BERKELANJUTAN BERDASARKAN BUKTI DUKUNG"
REAL = "REALISASI BERDASARKAN BUKTI DUKUNG"

# variant → (title lines after the form's name, column headings in order)
JUDUL = {
    "kualitatif": ["PENDEKATAN HASIL KERJA KUALITATIF"],
    "jpt_kuantitatif": [
        "PENDEKATAN HASIL KERJA KUANTITATIF",
        "BAGI PEJABAT PIMPINAN TINGGI DAN PIMPINAN UNIT KERJA MANDIRI",
    ],
    "jajf_kuantitatif": [
        "PENDEKATAN HASIL KERJA KUANTITATIF",
        "BAGI PEJABAT ADMINISTRASI DAN PEJABAT FUNGSIONAL",
    ],
}
KOLOM = {
    "kualitatif": f"HASIL KERJA {REAL} {UB}",
    # pypdf glues some neighbouring cells together; the headings are compared without spaces.
    "jpt_kuantitatif": f"NO. RENCANA HASIL KERJA INDIKATOR KINERJA INDIVIDU TARGET PERSPEKTIF {REAL} {UB}",
    "jajf_kuantitatif": (
        "NO RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI RENCANA HASIL KERJA ASPEK INDIKATOR KINERJA "
        f"INDIVIDU TARGET {REAL} {UB}"
    ),
}
NOMOR_KOLOM = {"jpt_kuantitatif": "(1) (2) (3) (4) (5) (6) (7)", "jajf_kuantitatif": "(1) (2) (3) (4) (5) (6) (7) (8)"}


def _pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def _evaluasi(ew: EvaluasiWorld, variant: str) -> Evaluasi:
    chosen = {
        "jajf_kuantitatif": ew.evaluasi,
        "kualitatif": ew.evaluasi_kualitatif,
        "jpt_kuantitatif": ew.evaluasi_jpt_kuantitatif,
        "jpt_kualitatif": ew.evaluasi_jpt_kualitatif,
    }[variant]
    return load_evaluasi(chosen.pk)


def _set_tempat(ew: EvaluasiWorld) -> None:
    Instansi.objects.filter(pk=ew.k.staf.instansi_id).update(tempat_tanda_tangan="Kupang")


def _squeezed(text: str) -> str:
    return text.replace(" ", "")


def _identity_in(text: str, identitas: dict[str, str]) -> None:
    for key in ("nama", "nip", "pangkat_golongan", "jabatan", "unit_kerja"):
        assert _squeezed(identitas[key]) in _squeezed(text), key


# --- 11. Pendokumentasian Kinerja ---------------------------------------------------------------


def test_pendokumentasian(ew: EvaluasiWorld) -> None:
    skp = load_skp(ew.v.jajf_kuantitatif.pk)
    pdf = pendokumentasian_pdf(skp)
    text = pdf_text(pdf)
    save_png(pdf, "11_pendokumentasian_kinerja")
    assert text.startswith("PENDOKUMENTASIAN KINERJA")
    assert ew.k.staf.instansi.nama.upper() in text
    assert "PERIODE PENILAIAN: 1 JANUARI S.D. 31 DESEMBER TAHUN 2026" in text
    assert "NO PEGAWAI YANG DINILAI NO PEJABAT PENILAI KINERJA" in text
    _identity_in(text, skp.identitas["pegawai"])
    _identity_in(text, skp.identitas["pejabat_penilai"])
    assert "HASIL KERJA NO RENCANA HASIL KERJA RENCANA AKSI REALISASI DAN BUKTI DUKUNG" in text
    assert "A. UTAMA" in text and "B. TAMBAHAN" in text
    assert "Tersusunnya rencana pengembangan kompetensi" in text
    assert "Rencana Aksi: 1. Menyusun draf rencana (Triwulan I)" in text
    assert "Realisasi dan Bukti Dukung: Triwulan I" in text
    assert "Jumlah dokumen rencana: 10 Dokumen dari target 12 Dokumen" in text
    assert "Dua dokumen menunggu paraf" in text
    assert "Waktu penyusunan tiap dokumen: 2,5 Hari dari target 2–3 Hari (capaian 100%)" in text
    assert "Bukti dukung: - Folder rencana Triwulan I — https://" in text and "drive.example.go.id/rencana-tw1" in text
    # The tambahan RHK has no realisasi: said so, not left blank.
    assert "Menjadi narasumber sosialisasi" in text and "Belum ada realisasi." in text
    assert pendokumentasian_filename(skp) == f"Pendokumentasian-Kinerja_{ew.k.staf.nip}_01-01-2026_31-12-2026.pdf"


def test_pendokumentasian_kualitatif_and_removed_evidence_not_printed(ew: EvaluasiWorld) -> None:
    from pelaksanaan.models import BuktiDukung
    from pelaksanaan.services.bukti import bukti_remove

    bukti = BuktiDukung.objects.get(skp=ew.v.jajf_kuantitatif)
    assert ew.k.staf.user is not None
    bukti_remove(bukti=bukti, by=ew.k.staf.user)
    text = pdf_text(pendokumentasian_pdf(load_skp(ew.v.jajf_kuantitatif.pk)))
    assert "Folder rencana Triwulan I" not in text
    text = pdf_text(pendokumentasian_pdf(load_skp(ew.v.jajf_kualitatif.pk)))
    assert "Terkelolanya arsip kepegawaian" in text
    assert "Triwulan I 1. Arsip 2025 selesai ditata" in text


# --- 12. Rekaman Umpan Balik Berkelanjutan ------------------------------------------------------


@pytest.mark.parametrize(
    ("variant", "skp_attr"),
    [
        ("jajf_kuantitatif", "jajf_kuantitatif"),
        ("kualitatif", "jajf_kualitatif"),
        ("jpt_kuantitatif", "jpt_kuantitatif"),
    ],
)
def test_rekaman_umpan_balik(ew: EvaluasiWorld, variant: str, skp_attr: str) -> None:
    _set_tempat(ew)
    skp = load_skp(getattr(ew.v, skp_attr).pk)
    pdf = umpan_balik_pdf(skp, ew.triwulan1)
    text = pdf_text(pdf)
    save_png(pdf, f"12_rekaman_umpan_balik_{variant}")
    assert text.startswith(" ".join(["REKAMAN INFORMASI UMPAN BALIK BERKELANJUTAN", *JUDUL[variant]]))
    assert "PERIODE: TRIWULAN I" in text
    assert PERIODE_SKP in text
    assert skp.pegawai.instansi.nama.upper() in text
    _identity_in(text, skp.identitas["pegawai"])
    _identity_in(text, skp.identitas["pejabat_penilai"])
    assert ("5 INSTANSI" in text) == (variant == "jpt_kuantitatif")
    assert _squeezed(KOLOM[variant]) in _squeezed(text)
    if variant in NOMOR_KOLOM:
        assert NOMOR_KOLOM[variant] in text
    assert "PERILAKU KERJA" in text and text.count("Ekspektasi Khusus Pimpinan:") == 7
    for aspek in PERILAKU:
        assert aspek in text
    assert "- Memahami dan memenuhi kebutuhan masyarakat" in text
    assert "Pegawai yang Dinilai" in text and "Pejabat Penilai Kinerja" in text
    assert "Kupang, " in text
    assert umpan_balik_filename(skp, ew.triwulan1) == f"Rekaman-Umpan-Balik_{skp.pegawai.nip}_Triwulan-I_2026.pdf"


def test_rekaman_umpan_balik_rows(ew: EvaluasiWorld) -> None:
    skp = load_skp(ew.v.jajf_kuantitatif.pk)
    text = pdf_text(umpan_balik_pdf(skp, ew.triwulan1))
    # RHK pimpinan yang diintervensi, RHK, aspek, IKI, target, realisasi with capaian, feedback.
    assert "Terlaksananya pengembangan kompetensi pegawai" in text
    assert "Kuantitas Jumlah dokumen rencana 12 Dokumen10 Dokumen (capaian 83,33%) Dua dokumen menunggu paraf" in text
    assert "Waktu Waktu penyusunan tiap dokumen 2–3 Hari 2,5 Hari (capaian 100%)" in text
    assert "Pimpinan: Percepat paraf dua dokumen yang tertunda." in text
    assert f"Rekan kerja ({ew.k.plan.staf2.nama_lengkap}): Cepat menyesuaikan diri dengan aplikasi baru." in text
    assert "Bukti dukung: - Folder rencana Triwulan I — https://" in text
    assert "UMPAN BALIK INSIDENTAL Pimpinan: Terima kasih atas bantuan di rapat koordinasi. (20 Maret 2026)" in text
    assert "Laporan sosialisasi1 Laporan Belum diisi" in text
    # Dated by its last feedback.
    assert "Pejabat Penilai Kinerja" in text


def test_rekaman_umpan_balik_kualitatif_rows(ew: EvaluasiWorld) -> None:
    text = pdf_text(umpan_balik_pdf(load_skp(ew.v.jajf_kualitatif.pk), ew.triwulan1))
    assert "Terkelolanya arsip kepegawaian Ukuran keberhasilan dan Target: - Arsip tertata" in text
    assert "- Arsip 2025 selesai ditata" in text
    assert "Pimpinan: Lanjutkan ke arsip 2024." in text


def test_rekaman_umpan_balik_of_an_empty_period(ew: EvaluasiWorld) -> None:
    from pelaksanaan.periode import periode_ensure

    tw4 = next(p for p in periode_ensure(instansi=ew.k.staf.instansi, tahun=2026) if p.nomor == 4)
    text = pdf_text(umpan_balik_pdf(load_skp(ew.v.jajf_kuantitatif.pk), tw4))
    assert "PERIODE: TRIWULAN IV" in text
    assert "Pimpinan: Percepat" not in text and "UMPAN BALIK INSIDENTAL" not in text
    assert "…………………… 2026" in text  # no feedback yet: no date to print


# --- 13. Hasil Evaluasi Kinerja -----------------------------------------------------------------


@pytest.mark.parametrize("variant", ["jajf_kuantitatif", "kualitatif", "jpt_kuantitatif", "jpt_kualitatif"])
def test_hasil_evaluasi(ew: EvaluasiWorld, variant: str) -> None:
    _set_tempat(ew)
    evaluasi = _evaluasi(ew, variant)
    pdf = hasil_evaluasi_pdf(evaluasi)
    text = pdf_text(pdf)
    save_png(pdf, f"13_hasil_evaluasi_{variant}")
    judul = JUDUL["kualitatif" if variant == "jpt_kualitatif" else variant]
    assert text.startswith(" ".join(["HASIL EVALUASI KINERJA PEGAWAI", *judul]))
    assert "PERIODE: TRIWULAN I" in text and PERIODE_SKP in text
    _identity_in(text, evaluasi.identitas["pegawai"])
    _identity_in(text, evaluasi.identitas["pejabat_penilai"])
    kolom = KOLOM["kualitatif" if variant == "jpt_kualitatif" else variant]
    assert _squeezed(kolom) in _squeezed(text)
    assert "CAPAIAN KINERJA ORGANISASI" in text and "POLA DISTRIBUSI" in text
    assert "RATING HASIL KERJA*" in text and "RATING PERILAKU KERJA*" in text
    assert f"PREDIKAT KINERJA PEGAWAI {evaluasi.get_predikat_display().upper()}" in text
    assert f"RATING HASIL KERJA* {evaluasi.get_rating_hasil_display().upper()}" in text
    assert f"RATING PERILAKU KERJA* {evaluasi.get_rating_perilaku_display().upper()}" in text
    for aspek in PERILAKU:
        assert aspek in text
    assert "Pejabat Penilai Kinerja" in text and "Pegawai yang Dinilai" not in text
    assert evaluasi.identitas["pejabat_penilai"]["nama"] in text.split("Pejabat Penilai Kinerja")[-1]
    assert "Kupang, " in text
    assert ("(*opsional)" in text) == (variant != "jajf_kuantitatif")
    assert "DRAF" not in text


def test_hasil_evaluasi_chart_is_the_guideline_of_the_capaian(ew: EvaluasiWorld) -> None:
    form = hasil_evaluasi_form(load_evaluasi(ew.evaluasi.pk))
    assert form.capaian == "BAIK"
    svg = str(form.pola_distribusi)
    assert 'data-capaian="baik"' in svg and 'class="kurva"' in svg
    # The curve alone: the unit's bars would tell colleagues' predikat.
    assert 'class="bar"' not in svg
    text = pdf_text(hasil_evaluasi_pdf(load_evaluasi(ew.evaluasi.pk)))
    assert "CAPAIAN KINERJA ORGANISASI BAIK" in text
    assert "Kurvapedoman" in _squeezed(text) and "15% 60% 15% 7% 3%" in text


def test_hasil_evaluasi_rows_and_changed_version(ew: EvaluasiWorld) -> None:
    v1 = load_evaluasi(ew.evaluasi.pk)
    text = pdf_text(hasil_evaluasi_pdf(v1))
    assert "Jumlah dokumen rencana 12 Dokumen10 Dokumen" in text
    assert "Pimpinan: Percepat paraf dua dokumen yang tertunda." in text
    assert "PREDIKAT KINERJA PEGAWAI BAIK" in text
    assert hasil_evaluasi_filename(v1) == f"Hasil-Evaluasi_{ew.k.staf.nip}_Triwulan-I_2026.pdf"

    v2 = load_evaluasi(ew.evaluasi_v2.pk)
    pdf = hasil_evaluasi_pdf(v2)
    text = pdf_text(pdf)
    save_png(pdf, "13_hasil_evaluasi_versi_2")
    assert "PREDIKAT KINERJA PEGAWAI SANGAT BAIK" in text
    assert "Hasil evaluasi versi 2: diubah atas keberatan" in text and "predikat semula Baik" in text
    # Signed by who decided: the atasan pejabat penilai.
    assert "Atasan Pejabat Penilai Kinerja" in text and ew.k.jpt.nama_lengkap in text
    assert hasil_evaluasi_filename(v2) == f"Hasil-Evaluasi_{ew.k.staf.nip}_Triwulan-I_2026_v2.pdf"


def test_hasil_evaluasi_draft_is_marked(ew: EvaluasiWorld) -> None:
    from pelaksanaan.periode import periode_ensure
    from penilaian.services.evaluasi import evaluasi_save

    tw2 = next(p for p in periode_ensure(instansi=ew.k.staf.instansi, tahun=2026) if p.nomor == 2)
    assert ew.k.kabid.user is not None
    draft = evaluasi_save(
        skp=ew.v.jajf_kuantitatif,
        periode=tw2,
        rating_hasil="sesuai",
        rating_perilaku="",
        catatan="",
        by=ew.k.kabid.user,
    )
    text = pdf_text(hasil_evaluasi_pdf(load_evaluasi(draft.pk)))
    assert "DRAF — EVALUASI BELUM DIBERIKAN KEPADA PEGAWAI" in text
    assert "PERIODE: TRIWULAN II" in text
    assert "RATING PERILAKU KERJA* -" in text
    assert "CAPAIAN KINERJA ORGANISASI BELUM DITETAPKAN" in text
    assert "pola distribusi mengikuti capaian tersebut" in text


def test_hasil_evaluasi_identity_is_the_snapshot(ew: EvaluasiWorld) -> None:
    from organisasi.models import Pegawai

    Pegawai.objects.filter(pk=ew.k.staf.pk).update(nama="Nama Baru Setelah Mutasi")
    text = pdf_text(hasil_evaluasi_pdf(load_evaluasi(ew.evaluasi_kualitatif.pk)))
    assert ew.evaluasi_kualitatif.identitas["pegawai"]["nama"] in text
    text = pdf_text(hasil_evaluasi_pdf(load_evaluasi(ew.evaluasi.pk)))
    assert "Nama Baru Setelah Mutasi" not in text


# --- 14. Dokumen Evaluasi Kinerja Pegawai -------------------------------------------------------


def test_dokumen_evaluasi_three_variants(ew: EvaluasiWorld) -> None:
    _set_tempat(ew)
    v1 = load_evaluasi(ew.evaluasi.pk)
    common = [
        "DOKUMEN EVALUASI KINERJA PEGAWAI",
        "PERIODE: TRIWULAN I",
        "PERIODE PENILAIAN: 1 JANUARI 2026 SD 31 MARET 2026",
        "1. PEGAWAI YANG DINILAI NAMA :",
        "2. PEJABAT PENILAI KINERJA NAMA :",
        "3. ATASAN PEJABAT PENILAI KINERJA NAMA :",
        "4. EVALUASI KINERJA CAPAIAN KINERJA ORGANISASI : BAIK",
        "5. CATATAN/REKOMENDASI Pertahankan; percepat paraf dokumen.",
    ]

    name, pdf = dokumen_evaluasi_pdf(v1, "penilai")
    text = pdf_text(pdf)
    save_png(pdf, "14_dokumen_evaluasi_penilai")
    assert name == f"Dokumen-Evaluasi_{ew.k.staf.nip}_Triwulan-I_2026.pdf"
    for line in common:
        assert _squeezed(line) in _squeezed(text), line
    assert "PREDIKAT KINERJA PEGAWAI : BAIK" in text
    assert "7. Pegawai yang Dinilai" in text and "6. Pejabat Penilai Kinerja" in text
    assert "KEBERATAN" not in text
    _identity_in(text, v1.identitas["pegawai"])
    _identity_in(text, v1.identitas["pejabat_penilai"])
    _identity_in(text, v1.identitas["atasan_pejabat_penilai"])

    v2 = load_evaluasi(ew.evaluasi_v2.pk)
    name, pdf = dokumen_evaluasi_pdf(v2, "atasan_penilai")
    text = pdf_text(pdf)
    save_png(pdf, "14_dokumen_evaluasi_atasan_penilai")
    assert name == f"Dokumen-Evaluasi_{ew.k.staf.nip}_Triwulan-I_2026_v2_atasan.pdf"
    assert "PREDIKAT KINERJA PEGAWAI : SANGAT BAIK" in text
    assert "Diubah atas keberatan; predikat semula: Baik." in text
    assert "6. Atasan Pejabat Penilai Kinerja" in text and "7. Pegawai yang Dinilai" in text

    name, pdf = dokumen_evaluasi_pdf(v1, "keberatan")
    text = pdf_text(pdf)
    save_png(pdf, "14_dokumen_evaluasi_keberatan")
    assert name == f"Dokumen-Evaluasi_{ew.k.staf.nip}_Triwulan-I_2026_keberatan.pdf"
    assert "6. KEBERATAN Target dokumen hampir tercapai; mohon ditinjau." in text
    assert "7. PENJELASAN PEJABAT PENILAI KINERJA ATAS KEBERATAN Dua dokumen belum diparaf." in text
    assert "8. KEPUTUSAN DAN REKOMENDASI ATASAN PEJABAT PENILAI KINERJA" in text
    assert "predikat Baik menjadi Sangat Baik" in text
    assert "Hasil kerja di atas ekspektasi; pertahankan." in text
    for ttd in ("10. Pegawai yang Dinilai", "9. Pejabat Penilai Kinerja", "11. Atasan Pejabat Penilai Kinerja"):
        assert ttd in text
    assert text.count("Kupang, ") == 3


def test_dokumen_evaluasi_default_variant(ew: EvaluasiWorld) -> None:
    name, _pdf = dokumen_evaluasi_pdf(load_evaluasi(ew.evaluasi_v2.pk))
    assert name.endswith("_v2_atasan.pdf")
    name, _pdf = dokumen_evaluasi_pdf(load_evaluasi(ew.evaluasi_kualitatif.pk), "no-such-variant")
    assert name == f"Dokumen-Evaluasi_{ew.k.plan.staf2.nip}_Triwulan-I_2026.pdf"


# --- Long content and timing --------------------------------------------------------------------


def test_long_sheet_paginates_with_repeated_headers(ew: EvaluasiWorld) -> None:
    skp = ew.v.jajf_kuantitatif
    long_skp(skp, ew.triwulan1, rhk=40)
    evaluasi = load_evaluasi(ew.evaluasi.pk)
    started = time.perf_counter()
    pdf = hasil_evaluasi_pdf(evaluasi)
    elapsed = time.perf_counter() - started
    pages = pdf_pages(pdf)
    assert len(pages) >= 8
    # The column headings repeat on every page of the hasil kerja table.
    with_heading = [p for p in pages if "INDIKATOR KINERJA" in p]
    assert len(with_heading) >= len(pages) - 3
    text = pdf_text(pdf)
    for n in (1, 20, 40):
        assert f"IKI {n}.2 " in text, n  # nothing dropped
    assert f"Halaman {len(pages)} dari {len(pages)}" in text
    assert elapsed < 10, elapsed  # generous for CI; the README has the measured figure

    pdf = umpan_balik_pdf(load_skp(skp.pk), ew.triwulan1)
    assert _pages(pdf) >= 6
    pdf = pendokumentasian_pdf(load_skp(skp.pk))
    assert "IKI 40.2" in pdf_text(pdf)


def test_one_form_renders_within_a_second_warm(ew: EvaluasiWorld) -> None:
    evaluasi = load_evaluasi(ew.evaluasi.pk)
    hasil_evaluasi_pdf(evaluasi)  # warm up fonts
    started = time.perf_counter()
    hasil_evaluasi_pdf(evaluasi)
    dokumen_evaluasi_pdf(evaluasi)
    umpan_balik_pdf(load_skp(ew.v.jajf_kuantitatif.pk), ew.triwulan1)
    # Generous for a busy CI machine (measured: 0.4 s each; the README has the figures).
    assert (time.perf_counter() - started) / 3 < 3


def test_rekaman_of_an_skp_not_set_is_marked(ew: EvaluasiWorld) -> None:
    from perencanaan.models import Skp

    Skp.objects.filter(pk=ew.v.jajf_kualitatif.pk).update(status="draft")
    text = pdf_text(umpan_balik_pdf(load_skp(ew.v.jajf_kualitatif.pk), ew.triwulan1))
    assert "DRAF — SKP BELUM DITETAPKAN" in text
    assert "DRAF" not in pdf_text(umpan_balik_pdf(load_skp(ew.v.jajf_kuantitatif.pk), ew.triwulan1))
