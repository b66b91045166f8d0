"""End-to-end journeys through pelaksanaan and penilaian (issue 4), on the `kinerja` test world
(tests/kinerja_world.py): the staf's kuantitatif JA/JF SKP is set, the kabid is its pejabat
penilai, the JPT the atasan pejabat penilai, staf2 the rekan who rates the aspect Adaptif.

1. the pegawai enters a realisasi (number + keterangan) and uploads a PDF as bukti dukung;
2. the rekan kerja gives feedback on the one aspect they were asked to rate;
3. one story across four people: the JPT sets the unit's capaian kinerja organisasi; the kabid
   rates the staf (pola distribusi chart, live predikat, confirm dialog) and gives the evaluation;
   the staf acknowledges it and files a keberatan; the kabid explains; the JPT decides to change
   the ratings; the keberatan page and the staf's evaluation page show both versions.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Dialog, Page, expect

from organisasi.models import Pegawai
from pelaksanaan.models import BuktiDukung, Periode, Realisasi
from pelaksanaan.periode import periods_of_skp
from pelaksanaan.services.realisasi import realisasi_save
from penilaian.models import Evaluasi, Keberatan, StatusEvaluasi, StatusKeberatan
from perencanaan.models import Skp
from tests.kinerja_world import Kinerja, build_kinerja
from tests.perencanaan.conftest import Plan, plan  # noqa: F401  (the fixture, used by `kinerja`)

pytestmark = [
    pytest.mark.browser,
    # The live server runs in another thread: data must be committed. serialized_rollback puts the
    # reference data of the migrations (golongan, jenjang, satuan, aspek perilaku) back for each test.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Rahasia-123"  # tests/factories.py UserFactory
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def kinerja(plan: Plan) -> Kinerja:  # noqa: F811
    return build_kinerja(plan)


def triwulan_iv(skp: Skp) -> Periode:
    return next(p for p in periods_of_skp(skp) if not p.is_tahunan and p.nomor == 4)


def log_in(tab: Page, base_url: str, pegawai: Pegawai) -> None:
    tab.goto(f"{base_url}/accounts/login/")
    tab.locator("#id_username").fill(pegawai.nip)
    tab.locator("#id_password").fill(PASSWORD)
    tab.get_by_role("button", name="Masuk", exact=True).click()
    expect(tab).to_have_url(f"{base_url}/")


def log_out(tab: Page, base_url: str) -> None:
    tab.locator('[data-test="logout"]').click()
    expect(tab).to_have_url(f"{base_url}/accounts/login/")


def pick_periode(tab: Page, select: str, periode: Periode) -> None:
    """Choose the period in a picker that submits itself on change (a full page load)."""
    tab.locator(select).select_option(str(periode.pk))
    expect(tab).to_have_url(re.compile(rf"[?&]periode={periode.pk}(&|#|$)"))
    expect(tab.locator(select)).to_have_value(str(periode.pk))
    # The URL changes before the deferred htmx script has run: a click before that would follow the
    # no-JavaScript link instead of swapping in place.
    tab.wait_for_load_state("load")
    tab.wait_for_function("() => window.htmx !== undefined")


def accept_next_dialog(tab: Page) -> list[str]:
    """Accept the next confirm() (htmx hx-confirm), remembering its text."""
    seen: list[str] = []

    def accept(dialog: Dialog) -> None:
        seen.append(dialog.message)
        dialog.accept()

    tab.once("dialog", accept)
    return seen


def test_pegawai_enters_realisasi_and_uploads_bukti_dukung(
    live_server, page: Page, screenshot_dir: Path, kinerja: Kinerja, tmp_path: Path
) -> None:
    skp, iki = kinerja.skp, kinerja.iki_kuantitas
    periode = triwulan_iv(skp)
    rhk = kinerja.rhk_utama
    bukti_file = tmp_path / "laporan-rencana-kompetensi.pdf"
    bukti_file.write_bytes(PDF)
    base = live_server.url

    # SKP Saya → the set SKP → Realisasi, in Triwulan IV.
    log_in(page, base, kinerja.staf)
    page.locator('[data-menu="skp_saya"]').click()
    row = page.locator(f'[data-test="skp-row"][data-skp="{skp.pk}"]')
    expect(row.locator('[data-test="skp-status"]')).to_have_text("Ditetapkan")
    row.locator('[data-test="skp-realisasi"]').click()
    expect(page.locator("h1")).to_have_text("Realisasi SKP")
    pick_periode(page, "#periode-pilih", periode)
    expect(page.locator('[data-test="periode-terbuka"]')).to_be_visible()
    expect(page.locator('[data-test="realisasi-terisi"]')).to_contain_text("Realisasi terisi: 0 dari 3 indikator")

    # Input Realisasi of "Jumlah dokumen rencana" (target 12 Dokumen), in place.
    page.evaluate("window.__sameDocument = true")
    line = page.locator(f'[data-test="realisasi-iki"][data-iki="{iki.pk}"]')
    expect(line.locator('[data-test="iki-target"]')).to_have_text("12 Dokumen")
    expect(line.locator('[data-test="realisasi-nilai"]')).to_contain_text("Belum diisi")
    line.locator('[data-test="input-realisasi"]').click()
    form = page.locator('[data-test="form-realisasi"]')
    form.get_by_label("Realisasi (Dokumen)").fill("10,5")
    form.get_by_label("Keterangan tambahan").fill("Dokumen rencana bidang diklat dan mutasi selesai disusun.")
    form.locator('[data-test="simpan-realisasi"]').click()
    body = page.locator(f"#rhk-{rhk.pk}")
    expect(body.locator('[data-test="realisasi-pesan"]')).to_have_text(
        "Realisasi “Jumlah dokumen rencana” disimpan: 10,5 Dokumen."
    )
    line = page.locator(f'[data-test="realisasi-iki"][data-iki="{iki.pk}"]')
    expect(line.locator('[data-test="realisasi-angka"]')).to_have_text("10,5")
    expect(line.locator('[data-test="realisasi-keterangan"]')).to_have_text(
        "Dokumen rencana bidang diklat dan mutasi selesai disusun."
    )
    expect(line.locator('[data-test="realisasi-capaian"]')).to_have_text(re.compile(r"^87,50?%$"))
    # The summary above the sheet follows (HX-Trigger realisasi-berubah).
    expect(page.locator('[data-test="realisasi-terisi"]')).to_contain_text("Realisasi terisi: 1 dari 3 indikator")

    # Unggah berkas: a PDF as bukti dukung of that RHK.
    body.locator('[data-test="unggah-bukti"]').click()
    upload = body.locator('[data-test="form-unggah-bukti"]')
    upload.get_by_label("Berkas bukti dukung").set_input_files(str(bukti_file))
    upload.get_by_label("Keterangan").fill("Laporan penyusunan")
    upload.get_by_role("button", name="Unggah").click()
    body = page.locator(f"#rhk-{rhk.pk}")
    expect(body.locator('[data-test="realisasi-pesan"]')).to_be_visible()
    item = body.locator('[data-test="bukti-item"]')
    expect(item).to_have_count(1)
    expect(item.get_by_role("link", name="laporan-rencana-kompetensi.pdf")).to_be_visible()
    expect(item).to_contain_text("Laporan penyusunan")
    expect(page.locator('[data-test="realisasi-terisi"]')).to_contain_text("1 bukti dukung")
    # The value entered before is still there after the swap.
    expect(
        page.locator(f'[data-test="realisasi-iki"][data-iki="{iki.pk}"] [data-test="realisasi-capaian"]')
    ).to_have_text(re.compile(r"^87,50?%$"))
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"
    page.screenshot(path=str(screenshot_dir / "journey-realisasi-pegawai.png"), full_page=True)

    # After a reload everything is still shown (it was saved, not only swapped in).
    page.reload()
    line = page.locator(f'[data-test="realisasi-iki"][data-iki="{iki.pk}"]')
    expect(line.locator('[data-test="realisasi-angka"]')).to_have_text("10,5")
    expect(page.locator(f'#rhk-{rhk.pk} [data-test="bukti-item"]')).to_contain_text("laporan-rencana-kompetensi.pdf")

    saved = Realisasi.objects.current().get(iki=iki, periode=periode)
    assert (saved.nilai, saved.dibuat_oleh_id) == (Decimal("10.5"), kinerja.staf.user_id)
    bukti = BuktiDukung.objects.get(skp=skp, periode=periode)
    assert (bukti.rhk_id, bukti.nama, bukti.ukuran) == (rhk.pk, "laporan-rencana-kompetensi.pdf", len(PDF))


def test_rekan_gives_feedback_on_the_one_aspect_they_rate(
    live_server, page: Page, screenshot_dir: Path, kinerja: Kinerja
) -> None:
    skp, staf, rekan = kinerja.skp, kinerja.staf, kinerja.plan.staf2
    periode = triwulan_iv(skp)
    base = live_server.url

    log_in(page, base, rekan)
    page.locator('[data-menu="perilaku_skp"]').click()
    expect(page.locator("h1")).to_have_text("Perilaku SKP")
    row = page.locator(f'[data-test="perilaku-row"][data-skp="{skp.pk}"]')
    expect(row).to_contain_text(staf.nama_lengkap)
    expect(row.locator('[data-test="perilaku-sebagai"]')).to_have_text("Rekan kerja")
    expect(row.locator('[data-test="perilaku-aspek"]')).to_contain_text("Adaptif")
    expect(row.locator('[data-test="perilaku-aspek"]')).to_contain_text("0 umpan balik Anda")
    row.locator('[data-test="perilaku-nilai"]').click()

    expect(page.locator("h1")).to_have_text("Penilaian perilaku")
    expect(page.locator('[data-test="perilaku-identitas"]')).to_contain_text(staf.nama_lengkap)
    pick_periode(page, "#periode-pilih", periode)
    # Only the aspect assigned to the rekan: nothing else of the SKP.
    aspects = page.locator('[data-test="perilaku-aspek-row"]')
    expect(aspects).to_have_count(1)
    expect(aspects).to_have_attribute("data-aspek", "adaptif")
    expect(aspects).to_contain_text("ADAPTIF")
    expect(page.locator('[data-test="realisasi-table"]')).to_have_count(0)

    teks = "Cepat menyesuaikan diri dengan aplikasi kinerja yang baru dan membantu rekan lain mempelajarinya."
    page.evaluate("window.__sameDocument = true")
    aspects.locator("textarea[name=teks]").fill(teks)
    aspects.locator('[data-test="umpan-balik-simpan"]').click()
    expect(page.locator('[data-test="pesan"]')).to_have_text("Umpan balik aspek Adaptif disimpan.")
    item = page.locator('[data-test="perilaku-aspek-row"][data-aspek="adaptif"] [data-test="umpan-balik-item"]')
    expect(item).to_have_count(1)
    expect(item.locator('[data-test="umpan-balik-teks"]')).to_have_text(teks)
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"
    page.screenshot(path=str(screenshot_dir / "journey-perilaku-rekan.png"), full_page=True)

    # Back on the list the count follows.
    page.get_by_role("link", name="Kembali ke Perilaku SKP").click()
    row = page.locator(f'[data-test="perilaku-row"][data-skp="{skp.pk}"]')
    expect(row.locator('[data-test="perilaku-aspek"]')).to_contain_text("1 umpan balik Anda")


def test_evaluation_given_objected_explained_and_changed(
    live_server, page: Page, screenshot_dir: Path, kinerja: Kinerja
) -> None:
    skp, staf, kabid, jpt = kinerja.skp, kinerja.staf, kinerja.kabid, kinerja.jpt
    periode = triwulan_iv(skp)
    bidang = kinerja.plan.bidang
    # What the staf did in the period (journey 1 shows it being entered through the page).
    realisasi_save(iki=kinerja.iki_kuantitas, periode=periode, nilai=Decimal(9), by=staf.user)
    realisasi_save(iki=kinerja.iki_waktu, periode=periode, nilai=Decimal("2.5"), by=staf.user)
    base = live_server.url

    # --- The JPT sets the capaian kinerja organisasi of the bidang (the leader above it).
    log_in(page, base, jpt)
    page.locator('[data-menu="capaian_organisasi"]').click()
    expect(page.locator("h1")).to_have_text("Capaian Kinerja Organisasi")
    pick_periode(page, "#capaian-periode-pilih", periode)
    card = page.locator(f'[data-test="capaian-unit"][data-unit="{bidang.pk}"]')
    expect(card.locator('[data-test="capaian-saat-ini"]')).to_have_text("Belum ditetapkan")
    card.get_by_label("Capaian kinerja organisasi").select_option("baik")
    card.get_by_label("Catatan").fill("Target triwulan IV tercapai.")
    card.locator('[data-test="capaian-simpan"]').click()
    card = page.locator(f'[data-test="capaian-unit"][data-unit="{bidang.pk}"]')
    expect(card).to_have_attribute("data-capaian", "baik")
    expect(card.locator('[data-test="capaian-saat-ini"]')).to_contain_text("Baik")
    log_out(page, base)

    # --- The kabid: SKP Bawahan → Penilaian bawahan per periode → the staf → Evaluasi.
    log_in(page, base, kabid)
    page.locator('[data-menu="skp_bawahan"]').click()
    page.locator('[data-test="bawahan-penilaian-periode"]').click()
    expect(page.locator("h1")).to_have_text("Evaluasi kinerja bawahan")
    pick_periode(page, "#eb-periode", periode)
    row = page.locator(f'[data-test="evaluasi-bawahan-row"][data-nip="{staf.nip}"]')
    expect(row).to_have_attribute("data-status", "belum")
    expect(row.locator('[data-test="realisasi-progres"]')).to_have_text("IKI terisi 2/3")
    row.locator('[data-test="evaluasi-link"]').click()

    expect(page.locator("h1")).to_have_text("Evaluasi kinerja")
    expect(page.locator('[data-test="evaluasi-identitas"]')).to_contain_text(staf.nama_lengkap)
    body = page.locator('[data-test="evaluasi-body"]')
    expect(body).to_have_attribute("data-periode", str(periode.pk))
    expect(body).to_have_attribute("data-status", "belum")
    # The unit's capaian and the pola distribusi chart.
    distribusi = page.locator('[data-test="distribusi"]')
    expect(distribusi).to_have_attribute("data-capaian", "baik")
    expect(distribusi.locator('[data-test="capaian-organisasi"]')).to_contain_text("Baik")
    expect(distribusi.locator('[data-test="pola-distribusi"] svg')).to_be_visible()
    distribusi.screenshot(path=str(screenshot_dir / "journey-evaluasi-pola-distribusi-kosong.png"))
    # The realisasi the staf entered, read-only.
    sheet = page.locator('[data-test="evaluasi-lembar"]')
    kuantitas = sheet.locator(f'[data-test="lembar-iki"][data-iki="{kinerja.iki_kuantitas.pk}"]')
    expect(kuantitas.locator('[data-test="lembar-realisasi"]')).to_have_text("9 Dokumen")
    expect(kuantitas.locator('[data-test="lembar-capaian"]')).to_have_text("75%")
    waktu = sheet.locator(f'[data-test="lembar-iki"][data-iki="{kinerja.iki_waktu.pk}"]')
    expect(waktu.locator('[data-test="lembar-realisasi"]')).to_have_text(re.compile(r"^2,50? Hari$"))
    expect(waktu.locator('[data-test="lembar-capaian"]')).to_have_text("100%")

    # Ratings: the predikat is computed as they are picked (never typed).
    page.evaluate("window.__sameDocument = true")
    predikat = page.locator('[data-test="predikat-pratinjau"]')
    expect(predikat).to_contain_text("Pilih kedua rating")
    form = page.locator('[data-test="evaluasi-form"]')
    form.locator('[data-test="rating-hasil"]').get_by_label("Di atas ekspektasi").check()
    form.locator('[data-test="rating-perilaku"]').get_by_label("Di atas ekspektasi").check()
    expect(predikat).to_have_attribute("data-predikat", "sangat_baik")
    expect(predikat).to_have_text("Sangat Baik")
    form.locator('[data-test="rating-hasil"]').get_by_label("Di bawah ekspektasi").check()
    form.locator('[data-test="rating-perilaku"]').get_by_label("Sesuai ekspektasi").check()
    expect(predikat).to_have_attribute("data-predikat", "butuh_perbaikan")
    expect(predikat).to_have_text("Butuh Perbaikan")
    form.get_by_label("Catatan/rekomendasi").fill("Percepat penyusunan dokumen rencana yang tersisa.")
    page.screenshot(path=str(screenshot_dir / "journey-evaluasi-penilai-form.png"), full_page=True)

    seen = accept_next_dialog(page)
    form.locator('[data-test="evaluasi-berikan"]').click()
    expect(page.locator('[data-test="evaluasi-pesan"]')).to_contain_text(
        f"Evaluasi {staf.nama_lengkap} periode Triwulan IV {periode.tahun} diberikan kepada pegawai."
    )
    assert seen and seen[0].startswith("Berikan evaluasi ini kepada pegawai?"), seen
    body = page.locator('[data-test="evaluasi-body"]')
    expect(body).to_have_attribute("data-status", "diberikan")
    hasil = page.locator('[data-test="evaluasi-hasil"]')
    expect(hasil).to_have_count(1)
    expect(hasil).to_have_attribute("data-predikat", "butuh_perbaikan")
    expect(hasil.locator('[data-test="hasil-predikat"]')).to_have_text("Butuh Perbaikan")
    expect(page.locator('[data-test="evaluasi-form"]')).to_have_count(0)
    # The chart now counts the given evaluation.
    expect(page.locator('[data-test="pola-distribusi"] figcaption')).to_contain_text("1 evaluasi sudah diberikan")
    page.locator('[data-test="distribusi"]').screenshot(
        path=str(screenshot_dir / "journey-evaluasi-pola-distribusi-diberikan.png")
    )
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"
    page.screenshot(path=str(screenshot_dir / "journey-evaluasi-penilai-diberikan.png"), full_page=True)
    log_out(page, base)

    # --- The staf sees it, marks it received and files a keberatan.
    alasan = (
        "Sebagian dokumen rencana tertunda karena menunggu data dari BKN; "
        "perilaku kerja saya selama triwulan ini di atas ekspektasi."
    )
    log_in(page, base, staf)
    page.locator('[data-menu="skp_saya"]').click()
    page.locator(f'[data-test="skp-row"][data-skp="{skp.pk}"] [data-test="skp-realisasi"]').click()
    page.locator('[data-test="tab-evaluasi"]').click()
    expect(page.locator("h1")).to_have_text("Evaluasi kinerja")
    pick_periode(page, "#periode-pilih", periode)
    hasil = page.locator('[data-test="evaluasi-hasil"]')
    expect(hasil).to_have_count(1)
    expect(hasil.locator('[data-test="hasil-rating-hasil"]')).to_have_text("Di bawah ekspektasi")
    expect(hasil.locator('[data-test="hasil-rating-perilaku"]')).to_have_text("Sesuai ekspektasi")
    expect(hasil.locator('[data-test="hasil-predikat"]')).to_have_text("Butuh Perbaikan")
    expect(page.locator('[data-test="evaluasi-form"]')).to_have_count(0)
    page.locator('[data-test="evaluasi-terima"]').click()
    expect(page.locator('[data-test="evaluasi-pesan"]')).to_have_text("Evaluasi ditandai sudah diterima.")
    expect(page.locator('[data-test="evaluasi-diterima"]')).to_be_visible()
    expect(page.locator('[data-test="keberatan-batas"]')).to_contain_text("paling lambat")
    page.locator('[data-test="keberatan-ajukan"]').click()

    expect(page.locator("h1")).to_have_text("Ajukan keberatan")
    expect(page.locator('[data-test="evaluasi-ringkas"] [data-test="predikat"]')).to_have_text("Butuh Perbaikan")
    page.get_by_role("textbox", name="Alasan keberatan").fill(alasan)
    page.locator('[data-test="keberatan-kirim"]').click()
    detail = page.locator('[data-test="keberatan-detail"]')
    expect(detail).to_have_attribute("data-status", "diajukan")
    expect(page.locator(".messages")).to_contain_text("Keberatan diajukan.")
    expect(detail.locator('[data-test="status-diajukan"]')).to_have_text("Menunggu penjelasan")
    expect(detail.locator('[data-test="teks-alasan"]')).to_have_text(alasan)
    expect(detail.locator('[data-test="menunggu-penjelasan"]')).to_contain_text(kabid.nama_lengkap)
    page.screenshot(path=str(screenshot_dir / "journey-keberatan-diajukan.png"), full_page=True)
    keberatan = Keberatan.objects.get()
    log_out(page, base)

    # --- The kabid explains (Keberatan → the one waiting for them → Beri penjelasan).
    penjelasan = "Data BKN tersedia sejak Oktober; tiga dokumen belum disusun hingga akhir triwulan."
    log_in(page, base, kabid)
    page.locator('[data-menu="keberatan"]').click()
    row = page.locator(f'[data-test="keberatan-row"][data-pk="{keberatan.pk}"]')
    expect(row).to_have_attribute("data-menunggu", "1")
    row.get_by_role("link", name="Beri penjelasan").click()
    detail = page.locator('[data-test="keberatan-detail"]')
    expect(detail.locator('[data-test="teks-alasan"]')).to_have_text(alasan)
    page.evaluate("window.__sameDocument = true")
    detail.get_by_role("textbox", name="Penjelasan pejabat penilai kinerja").fill(penjelasan)
    detail.locator('[data-test="jelaskan-kirim"]').click()
    detail = page.locator('[data-test="keberatan-detail"]')
    expect(detail).to_have_attribute("data-status", "dijelaskan")
    expect(detail.locator('[data-test="keberatan-pesan"]')).to_contain_text("Penjelasan disimpan")
    expect(detail.locator('[data-test="teks-penjelasan"]')).to_have_text(penjelasan)
    expect(detail.locator('[data-test="status-dijelaskan"]')).to_have_text("Menunggu keputusan")
    expect(detail.locator('[data-test="form-putuskan"]')).to_have_count(0)
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"
    log_out(page, base)

    # --- The JPT (atasan pejabat penilai) decides: ubah, Sesuai + Sesuai → Baik.
    rekomendasi = "Keterlambatan data berada di luar kendali pegawai; hasil kerja dinilai sesuai ekspektasi."
    log_in(page, base, jpt)
    page.locator('[data-menu="keberatan"]').click()
    row = page.locator(f'[data-test="keberatan-row"][data-pk="{keberatan.pk}"]')
    expect(row).to_have_attribute("data-status", "dijelaskan")
    row.get_by_role("link", name="Putuskan").click()
    detail = page.locator('[data-test="keberatan-detail"]')
    expect(detail.locator('[data-test="teks-penjelasan"]')).to_have_text(penjelasan)
    page.evaluate("window.__sameDocument = true")
    form = detail.locator('[data-test="form-putuskan"]')
    form.get_by_label("Hasil evaluasi diubah").check()
    pratinjau = page.locator('[data-test="pratinjau-predikat"]')
    form.locator('input[name="rating_hasil"][value="sesuai"]').check()
    form.locator('input[name="rating_perilaku"][value="sesuai"]').check()
    expect(pratinjau).to_have_attribute("data-predikat", "Baik")
    expect(pratinjau).to_contain_text("Predikat semula: Butuh Perbaikan")
    form.get_by_role("textbox", name="Rekomendasi").fill(rekomendasi)
    page.screenshot(path=str(screenshot_dir / "journey-keberatan-putuskan-form.png"), full_page=True)
    seen = accept_next_dialog(page)
    form.locator('[data-test="putuskan-kirim"]').click()
    detail = page.locator('[data-test="keberatan-detail"]')
    expect(detail).to_have_attribute("data-status", "diputuskan")
    assert seen and seen[0].startswith("Simpan keputusan ini?"), seen
    expect(detail.locator('[data-test="keberatan-pesan"]')).to_have_text(
        "Keberatan diputuskan: hasil evaluasi diubah, predikat menjadi Baik."
    )
    expect(detail.locator('[data-test="status-diputuskan"]')).to_have_text("Diputuskan: hasil diubah")
    awal = detail.locator('[data-test="hasil-awal"]')
    baru = detail.locator('[data-test="hasil-baru"]')
    expect(awal).to_have_attribute("data-versi", "1")
    expect(awal.locator('[data-test="predikat"]')).to_have_text("Butuh Perbaikan")
    expect(baru).to_have_attribute("data-versi", "2")
    expect(baru.locator('[data-test="rating-hasil"]')).to_have_text("Sesuai ekspektasi")
    expect(baru.locator('[data-test="rating-perilaku"]')).to_have_text("Sesuai ekspektasi")
    expect(baru.locator('[data-test="predikat"]')).to_have_text("Baik")
    expect(detail.locator('[data-test="teks-keputusan"]')).to_contain_text(
        "Hasil evaluasi diubah: predikat Butuh Perbaikan menjadi Baik"
    )
    expect(detail.locator('[data-test="teks-rekomendasi"]')).to_have_text(rekomendasi)
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"
    page.screenshot(path=str(screenshot_dir / "journey-keberatan-diputuskan.png"), full_page=True)
    log_out(page, base)

    # --- The staf sees both versions on their evaluation page; the keberatan is closed.
    log_in(page, base, staf)
    page.goto(f"{base}/skp/{skp.pk}/evaluasi/?periode={periode.pk}")
    versions = page.locator('[data-test="evaluasi-hasil"]')
    expect(versions).to_have_count(2)
    first, second = versions.nth(0), versions.nth(1)
    expect(first).to_have_attribute("data-versi", "1")
    expect(first).to_contain_text("Hasil evaluasi awal")
    expect(first).to_contain_text("Diganti")
    expect(first.locator('[data-test="hasil-predikat"]')).to_have_text("Butuh Perbaikan")
    expect(second).to_have_attribute("data-versi", "2")
    expect(second).to_contain_text("Hasil evaluasi setelah keberatan (versi 2)")
    expect(second.locator('[data-test="hasil-predikat"]')).to_have_text("Baik")
    expect(page.locator('[data-test="keberatan-status"]')).to_contain_text("Diputuskan")
    expect(page.locator('[data-test="keberatan-ajukan"]')).to_have_count(0)
    page.screenshot(path=str(screenshot_dir / "journey-evaluasi-pegawai-dua-versi.png"), full_page=True)

    original, changed = Evaluasi.objects.filter(skp=skp, periode=periode).order_by("versi")
    assert (original.status, original.predikat, original.capaian_organisasi) == (
        StatusEvaluasi.DIBERIKAN,
        "butuh_perbaikan",
        "baik",
    )
    assert original.diganti_pada is not None and original.diterima_pada is not None
    assert (changed.versi, changed.sebelumnya_id, changed.predikat) == (2, original.pk, "baik")
    keberatan.refresh_from_db()
    assert (keberatan.status, keberatan.keputusan, keberatan.hasil_id) == (
        StatusKeberatan.DIPUTUSKAN,
        Keberatan.Keputusan.UBAH,
        changed.pk,
    )
