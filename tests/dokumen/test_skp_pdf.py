"""SKP forms 7–10 as PDF (seed 000 "SASARAN KINERJA PEGAWAI" formats): every variant's title lines,
column headings, identity, rows, perilaku and signatures; a draft; a long SKP; the timing."""

from __future__ import annotations

import io
import time
from decimal import Decimal
from typing import Any

import pytest
from pypdf import PdfReader

from dokumen.skp import load_skp, skp_filename, skp_form, skp_pdf
from organisasi.models import Pegawai
from perencanaan.models import Iki, Rhk, Satuan, Skp
from perencanaan.services.skp import skp_create
from tests.dokumen.conftest import pdf_pages, pdf_text, save_png
from tests.dokumen.skp_data import SkpVarian, varian  # noqa: F401

pytestmark = pytest.mark.django_db

PERILAKU = ("Berorientasi Pelayanan", "Akuntabel", "Kompeten", "Harmonis", "Loyal", "Adaptif", "Kolaboratif")
PANDUAN = (
    "- Memahami dan memenuhi kebutuhan masyarakat",
    "- Tidak menyalahgunakan kewenangan jabatan",
    "- Membantu orang lain belajar",
    "- Suka menolong orang lain",
    "- Menjaga rahasia jabatan dan negara",
    "- Bertindak proaktif",
    "- Menggerakkan pemanfaatan berbagai sumberdaya untuk tujuan bersama",
)
TTD = ("Pegawai yang Dinilai", "Pejabat Penilai Kinerja")
PERIODE = "PERIODE PENILAIAN: 1 JANUARI 2026 SD 31 DESEMBER 2026"

# variant → (title lines, column headings in order, section labels, footnotes)
EXPECTED: dict[str, tuple[list[str], list[str], list[str], list[str]]] = {
    "jpt_kualitatif": (
        [
            "SASARAN KINERJA PEGAWAI",
            "PENDEKATAN HASIL KERJA KUALITATIF",
            "BAGI PEJABAT PIMPINAN TINGGI DAN PIMPINAN UNIT KERJA MANDIRI",
        ],
        ["HASIL KERJA"],
        ["A. UTAMA", "B. TAMBAHAN", "PERILAKU KERJA*"],
        ["Ukuran keberhasilan/ Indikator Kinerja Individu, Target, dan Perspektif:"],
    ),
    "jajf_kualitatif": (
        [
            "SASARAN KINERJA PEGAWAI",
            "PENDEKATAN HASIL KERJA KUALITATIF",
            "BAGI PEJABAT ADMINISTRASI DAN PEJABAT FUNGSIONAL",
        ],
        ["HASIL KERJA"],
        ["A. UTAMA", "B. TAMBAHAN", "PERILAKU KERJA*"],
        ["Ukuran keberhasilan/ indikator kinerja individu dan Target:"],
    ),
    "jpt_kuantitatif": (
        [
            "SASARAN KINERJA PEGAWAI",
            "PENDEKATAN HASIL KERJA KUANTITATIF",
            "BAGI PEJABAT PIMPINAN TINGGI DAN PIMPINAN UNIT KERJA MANDIRI",
        ],
        [
            "HASIL KERJA",
            "NO RENCANA HASIL KERJA INDIKATOR KINERJA INDIVIDU TARGET PERSPEKTIF",
            "(1) (2) (3) (4) (5)",
        ],
        ["A. KINERJA UTAMA", "B. KINERJA TAMBAHAN", "PERILAKU KERJA*"],
        [],
    ),
    "jajf_kuantitatif": (
        [
            "SASARAN KINERJA PEGAWAI",
            "PENDEKATAN HASIL KERJA KUANTITATIF",
            "BAGI PEJABAT ADMINISTRASI DAN PEJABAT FUNGSIONAL",
        ],
        [
            "HASIL KERJA",
            "NO. RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI* RENCANA HASIL KERJA ASPEK INDIKATOR KINERJA INDIVIDU TARGET",
            "(1) (2) (3) (4) (5) (6)",
        ],
        ["A. UTAMA", "B. TAMBAHAN", "PERILAKU KERJA**"],
        [
            "** Pimpinan dapat memberikan Ekspektasi khusus",
            "* Dalam hal rencana hasil kerja Pimpinan yang diintervensi",
        ],
    ),
}

# variant → content that must be printed in its rows
ROWS: dict[str, list[str]] = {
    "jpt_kualitatif": [
        "1 Meningkatnya mutu layanan pendidikan dasar",
        "Penugasan dari: Bupati",
        "- Sekolah dasar terakreditasi minimal B (seluruh sekolah dasar negeri) — Penerima Layanan",
        "1 Tersusunnya peta jalan digitalisasi",
        "- Peta jalan disahkan kepala daerah — Proses Bisnis",
        "Ekspektasi Khusus Pimpinan: Libatkan komite sekolah dalam perencanaan",
    ],
    "jajf_kualitatif": [
        "1 Terkelolanya arsip kepegawaian",
        "- Arsip tertata dan mudah ditemukan kembali (100% arsip 2025)",
        "Tidak ada rencana hasil kerja tambahan.",
    ],
    "jpt_kuantitatif": [
        "A. KINERJA UTAMA 1 Meningkatnya kualitas ASN Penugasan dari: Sekretaris Daerah Indeks sistem merit 85 Indeks Penerima Layanan",
        "Persentase ASN yang memenuhi standar kompetensi 90 Persen (%) Proses Bisnis",
        "B. KINERJA TAMBAHAN 1 Terselenggaranya forum kepegawaian Persentase rekomendasi forum yang ditindaklanjuti 75 Persen (%) Penguatan Internal",
        "Ekspektasi Khusus Pimpinan: Laporkan capaian setiap triwulan tepat waktu",
    ],
    "jajf_kuantitatif": [
        "A. UTAMA 1 Terlaksananya pengembangan kompetensi pegawai Tersusunnya rencana pengembangan kompetensi",
        "Penugasan dari: Kepala Bidang Pengembangan Pegawai",
        "Kuantitas Jumlah dokumen rencana 12 Dokumen",
        "Waktu Waktu penyusunan tiap dokumen 2–3 Hari",
        "B. TAMBAHAN 1 - Menjadi narasumber sosialisasi Kuantitas Laporan sosialisasi 1 Laporan",
        "Ekspektasi Khusus Pimpinan: Penyelesaian pekerjaan dan pelayanan mengedepankan 5S",
    ],
}


def squash(text: str) -> str:
    """Without any whitespace: PDF text extraction joins or splits neighbouring cells unpredictably."""
    return "".join(text.split())


def has(text: str, expected: str) -> bool:
    return squash(expected) in squash(text)


def _skp(data: SkpVarian, name: str) -> Skp:
    skp = getattr(data, name)
    assert isinstance(skp, Skp)
    return skp


def landscape(pdf: bytes) -> bool:
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    return float(page.mediabox.width) > float(page.mediabox.height)


@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_variant_prints_the_seed_form(varian: SkpVarian, name: str) -> None:  # noqa: F811
    skp = _skp(varian, name)
    pdf = skp_pdf(skp)
    save_png(pdf, f"skp_{name}")
    text = pdf_text(pdf)
    judul, headings, sections, extra = EXPECTED[name]

    assert text.startswith(" ".join(judul)), text[:200]
    assert "DRAF" not in text
    assert skp.pegawai.instansi.nama.upper() in text
    assert PERIODE in text
    for heading in [*headings, *sections, *extra]:
        assert has(text, heading), heading
    for row in ROWS[name]:
        assert has(text, row), row

    # Identity: the snapshot of penetapan, both blocks; JPT forms show the penilai's instansi.
    pegawai, penilai = skp.identitas["pegawai"], skp.identitas["pejabat_penilai"]
    assert has(text, "NO PEGAWAI YANG DINILAI NO PEJABAT PENILAI KINERJA")
    assert has(text, f"1 NAMA {pegawai['nama']} 1 NAMA {penilai['nama']}")
    nip_label = "NIP (*opsional)" if skp.is_jpt else "NIP"
    assert has(text, f"2 NIP {pegawai['nip']} 2 {nip_label} {penilai['nip']}")
    assert f"{pegawai['pangkat_golongan']}" in text
    assert has(text, f"4 JABATAN {pegawai['jabatan']} 4 JABATAN {penilai['jabatan']}")
    kanan = f"5 INSTANSI {penilai['instansi']}" if skp.is_jpt else f"5 UNIT KERJA {penilai['unit_kerja']}"
    assert has(text, f"5 UNIT KERJA {pegawai['unit_kerja']} {kanan}")

    # Perilaku: seven aspects in order, each with its guides and its ekspektasi line.
    positions = [text.index(f"{n} {aspek}") for n, aspek in enumerate(PERILAKU, start=1)]
    assert positions == sorted(positions)
    for panduan in PANDUAN:
        assert panduan in text
    assert text.count("Ekspektasi Khusus Pimpinan:") == 7

    # Signatures: place and the day the SKP was set, names and NIPs.
    ditetapkan = skp_form(skp).tanggal
    assert has(text, f"Pegawai yang Dinilai {pegawai['nama']} NIP {pegawai['nip']}")
    assert has(text, f"Kupang, {ditetapkan} Pejabat Penilai Kinerja {penilai['nama']} NIP {penilai['nip']}")
    assert "* Pimpinan dapat memberikan Ekspektasi khusus terhadap satu atau lebih aspek perilaku kerja Pegawai" in text
    assert "Halaman 1 dari" in text
    assert landscape(pdf) == skp.is_kuantitatif


def test_signature_date_is_the_day_of_penetapan(varian: SkpVarian) -> None:  # noqa: F811
    skp = varian.jajf_kuantitatif
    Skp.objects.filter(pk=skp.pk).update(ditetapkan_pada="2026-01-03T02:00:00Z")
    skp.refresh_from_db()
    assert has(pdf_text(skp_pdf(skp)), "Kupang, 3 Januari 2026 Pejabat Penilai Kinerja")


def test_identity_is_the_snapshot_of_penetapan(varian: SkpVarian) -> None:  # noqa: F811
    skp = varian.jajf_kuantitatif
    lama = skp.identitas["pegawai"]["nama"]
    Pegawai.objects.filter(pk=skp.pegawai_id).update(nama="Nama Sesudah Mutasi")
    skp = Skp.objects.get(pk=skp.pk)
    text = pdf_text(skp_pdf(skp))
    assert lama in text
    assert "Nama Sesudah Mutasi" not in text


def test_draft_prints_live_identity_and_is_marked(varian: SkpVarian) -> None:  # noqa: F811
    plan = varian.kinerja.plan
    Pegawai.objects.filter(pk=plan.outsider.pk).update(nama="Dewi Draf Sari")
    pegawai = Pegawai.objects.get(pk=plan.outsider.pk)
    skp = skp_create(
        pegawai=pegawai,
        periode_mulai=pegawai_periode[0],
        periode_selesai=pegawai_periode[1],
        pendekatan="kuantitatif",
        by=None,
    )
    rhk = Rhk.objects.create(skp=skp, jenis="utama", teks="Terdokumentasinya layanan mutasi")
    Iki.objects.create(
        rhk=rhk, teks="Berkas mutasi lengkap", aspek="kualitas", target_min=Decimal(95), satuan=_satuan("Persen (%)")
    )
    skp = Skp.objects.get(pk=skp.pk)
    assert not skp.identitas
    pdf = skp_pdf(skp)
    text = pdf_text(pdf)
    save_png(pdf, "skp_draf")
    assert "BAGI PEJABAT ADMINISTRASI DAN PEJABAT FUNGSIONAL DRAF — BELUM DITETAPKAN" in text
    assert f"SKP {pegawai.nip} · DRAF" in text  # the footer of every page
    assert has(text, "1 NAMA Dewi Draf Sari")
    assert has(text, f"1 NAMA {plan.kabid.nama_lengkap}")  # the atasan, pejabat penilai to be
    assert has(text, f"4 JABATAN {skp.jabatan.nama}")
    assert "Terdokumentasinya layanan mutasi" in text
    assert has(text, "Kualitas Berkas mutasi lengkap 95 Persen (%)")
    assert has(text, "Kupang, …………………… 2026 Pejabat Penilai Kinerja")


pegawai_periode = (__import__("datetime").date(2026, 7, 1), __import__("datetime").date(2026, 12, 31))


def _satuan(nama: str) -> Satuan:
    return Satuan.objects.get(nama=nama)


LONG = (
    "dengan koordinasi lintas bidang, verifikasi berjenjang, dokumentasi lengkap dan pelaporan berkala "
    "kepada pimpinan unit kerja sesuai standar operasional prosedur yang berlaku di lingkungan instansi"
)


def _long_skp(data: SkpVarian) -> Skp:
    skp = data.jajf_kuantitatif
    Skp.objects.filter(pk=skp.pk).update(status="draft", identitas={})
    Rhk.objects.filter(skp=skp).delete()
    leader = data.kinerja.rhk_utama.intervensi
    dokumen = _satuan("Dokumen")
    for n in range(1, 41):
        rhk = Rhk.objects.create(
            skp=skp,
            jenis="utama" if n <= 30 else "tambahan",
            teks=f"RHK-{n:02d} Terselenggaranya layanan kepegawaian nomor {n} {LONG}",
            intervensi=leader,
            urutan=n,
        )
        Iki.objects.bulk_create(
            Iki(
                rhk=rhk,
                teks=f"IKI-{n:02d}-{k} Jumlah layanan {LONG}",
                aspek=aspek,
                target_min=k,
                satuan=dokumen,
                urutan=k,
            )
            for k, aspek in ((1, "kuantitas"), (2, "kualitas"))
        )
    return Skp.objects.get(pk=skp.pk)


def test_long_skp_paginates_with_repeated_headings_and_loses_nothing(varian: SkpVarian) -> None:  # noqa: F811
    skp = _long_skp(varian)
    started = time.perf_counter()
    pdf = skp_pdf(skp)
    print(f"\nSKP PDF with 40 RHK / 80 IKI: {time.perf_counter() - started:.3f} s")
    save_png(pdf, "skp_panjang")
    pages = [" ".join(p.split()) for p in pdf_pages(pdf)]
    assert len(pages) >= 4
    heading = "RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI*"
    hasil_pages = [p for p in pages if "RHK-" in p]
    assert len(hasil_pages) >= 3
    for page in hasil_pages:  # the column headings and the number row repeat on every page of the table
        assert heading in page
        assert "(1) (2) (3) (4) (5) (6)" in page
    text = pdf_text(pdf)
    for n in range(1, 41):
        assert text.count(f"RHK-{n:02d} ") == 1, n
        for k in (1, 2):
            assert text.count(f"IKI-{n:02d}-{k} ") == 1, (n, k)
    assert text.index("RHK-30 ") < text.index("B. TAMBAHAN") < text.index("RHK-31 ")
    assert text.count("Ekspektasi Khusus Pimpinan:") == 7
    assert text.rindex("Pejabat Penilai Kinerja") > text.index("IKI-40-2 ")


def test_form_is_built_in_constant_queries(varian: SkpVarian, django_assert_max_num_queries: Any) -> None:  # noqa: F811
    skp = _long_skp(varian)
    loaded = load_skp(skp.pk)
    with django_assert_max_num_queries(6):
        form = skp_form(loaded)
    assert len(form.utama) == 30
    assert len(form.tambahan) == 10


def test_timing_one_skp_pdf(varian: SkpVarian) -> None:  # noqa: F811
    skp = varian.jajf_kuantitatif
    skp_pdf(skp)  # fonts and templates warm, as in a running server
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        skp_pdf(skp)
        runs.append(time.perf_counter() - started)
    print(f"\nSKP PDF (JA/JF kuantitatif): best {min(runs):.3f} s, worst {max(runs):.3f} s")
    assert max(runs) < 3.0


def test_filename(varian: SkpVarian) -> None:  # noqa: F811
    skp = varian.jpt_kualitatif
    assert skp_filename(skp, "pdf") == f"SKP_{skp.pegawai.nip}_01-01-2026_31-12-2026.pdf"
    assert skp_filename(skp, "xlsx").endswith("_31-12-2026.xlsx")
