"""Journey: the Kepala Badan builds the Perjanjian Kinerja of the Badan as in seed 003 — Tambah a
year, Tambah Sasaran Strategis, its indikator with target and satuan, change and delete — with htmx
(no page loads inside each page), and again in a browser without JavaScript."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from organisasi.demo import DEMO_PASSWORD, seed_organisasi
from perencanaan.models import IndikatorKinerja, PerjanjianKinerja
from tests.browser.conftest import browser, page, screenshot_dir  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NIP_KEPALA_BADAN = "197203151998031001"  # Yohanes Bria Manek, head of the BKD


def log_in(tab: Page, base_url: str, nip: str) -> None:
    tab.goto(f"{base_url}/accounts/login/")
    tab.locator("#id_username").fill(nip)
    tab.locator("#id_password").fill(DEMO_PASSWORD)
    tab.get_by_role("button", name="Masuk", exact=True).click()
    expect(tab).to_have_url(f"{base_url}/")


def settled(tab: Page) -> None:
    """Wait until htmx has swapped and processed new content (a person never types that fast)."""
    tab.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")
    tab.wait_for_timeout(50)


def still_same_document(tab: Page) -> None:
    assert tab.evaluate("window.__sameDocument === true"), "the page was reloaded"


def test_kepala_badan_builds_the_perjanjian_kinerja_with_htmx(live_server, page: Page, screenshot_dir: Path) -> None:  # noqa: F811
    seed_organisasi()
    base = live_server.url
    log_in(page, base, NIP_KEPALA_BADAN)
    page.locator('[data-menu="perjanjian_kinerja"]').click()
    expect(page).to_have_url(f"{base}/perjanjian-kinerja/")
    expect(page.locator("h1")).to_have_text("Perjanjian Kinerja")

    # Tambah a year: the form opens in place; a wrong year is explained; Simpan adds the row.
    page.evaluate("window.__sameDocument = true")
    page.locator('[data-test="pk-tambah"]').click()
    settled(page)
    expect(page.locator('[data-test="pk-form-unit"]')).to_have_text("Badan Kepegawaian Daerah")
    expect(page.locator("#id_tahun")).to_be_focused()
    page.locator("#id_tahun").fill("99999")
    page.locator('[data-test="pk-simpan"]').click()
    settled(page)
    expect(page.locator('[data-test="pk-form"] .error')).to_contain_text("Tahun harus berupa tahun 4 angka")
    page.locator("#id_tahun").fill("2026")
    page.locator('[data-test="pk-simpan"]').click()
    settled(page)
    expect(page.locator(".alert-success")).to_contain_text("Perjanjian Kinerja Badan Kepegawaian Daerah tahun 2026")
    expect(page.locator('[data-test="pk-row"][data-tahun="2026"]')).to_have_count(1)
    expect(page.locator('[data-test="pk-form"]')).to_have_count(0)
    expect(page).to_have_url(f"{base}/perjanjian-kinerja/")
    still_same_document(page)
    page.screenshot(path=str(screenshot_dir / "pk-daftar-tahun.png"), full_page=True)

    perjanjian = PerjanjianKinerja.objects.get(tahun=2026)
    page.locator('[data-test="pk-buka-tahun"]').click()
    expect(page.locator('[data-test="pk-judul"]')).to_have_text("PERJANJIAN KINERJA TAHUN 2026")

    # Tambah Sasaran Strategis, then its indikator in the editor that opens.
    page.evaluate("window.__sameDocument = true")
    page.locator('[data-test="sasaran-tambah"]').click()
    settled(page)
    page.locator('[data-test="sasaran-simpan"]').click()
    settled(page)
    expect(page.locator('[data-test="sasaran-form"] .error')).to_have_text("Sasaran strategis wajib diisi.")
    page.locator("#id_sasaran_teks").fill(
        "Meningkatnya pelaksanaan area perubahan manajemen perubahan dan penataan tata laksana"
    )
    page.locator('[data-test="sasaran-simpan"]').click()
    settled(page)
    editor = page.locator('[data-test="sasaran-editor"]')
    expect(editor).to_be_visible()
    expect(page.locator(".alert-success")).to_contain_text("Sasaran strategis ditambahkan")
    form = page.locator('[data-test="indikator-form"]')
    expect(form.locator("#id_indikator_teks")).to_be_focused()
    for teks, target in (("Nilai manajemen perubahan", "4,3"), ("Nilai penataan tatalaksana", "abc")):
        form = page.locator('[data-test="indikator-form"]')
        form.locator("#id_indikator_teks").fill(teks)
        form.locator("#id_indikator_target").fill(target)
        form.locator("#id_indikator_satuan").select_option(label="Nilai")
        page.locator('[data-test="indikator-simpan"]').click()
        settled(page)
    expect(page.locator('[data-test="indikator-form"] .error')).to_have_text(
        "Target harus berupa angka, misalnya 86 atau 4,3."
    )
    page.locator("#id_indikator_target").fill("3,27")
    page.locator('[data-test="indikator-simpan"]').click()
    settled(page)
    expect(page.locator('[data-test="indikator-row"]')).to_have_count(2)
    row = page.locator('[data-test="sasaran-row"]')
    expect(row.locator('[data-test="sasaran-indikator"]')).to_contain_text("Nilai penataan tatalaksana")
    expect(row.locator('[data-test="sasaran-target"]')).to_have_text("4,3 Nilai3,27 Nilai")
    still_same_document(page)
    page.screenshot(path=str(screenshot_dir / "pk-ubah-sasaran-indikator.png"), full_page=True)

    # Edit an indikator, then delete the other one after confirming.
    page.locator('[data-test="indikator-edit"]').first.click()
    settled(page)
    form = page.locator('[data-test="indikator-form"]')
    expect(form.locator("#id_indikator_target")).to_have_value("4,3")
    form.locator("#id_indikator_target").fill("4,5")
    page.locator('[data-test="indikator-simpan"]').click()
    settled(page)
    expect(page.locator(".alert-success")).to_contain_text("Indikator disimpan.")
    page.locator('[data-test="indikator-hapus"]').nth(1).click()
    settled(page)
    expect(page.locator('[data-test="konfirmasi-hapus"]')).to_contain_text("Hapus indikator ini?")
    page.locator('[data-test="hapus-konfirmasi"]').click()
    settled(page)
    expect(page.locator(".alert-success")).to_contain_text("Indikator dihapus.")
    expect(page.locator('[data-test="indikator-row"]')).to_have_count(1)
    page.locator('[data-test="sasaran-tutup"]').click()
    settled(page)
    expect(page.locator('[data-test="sasaran-editor"]')).to_have_count(0)
    expect(page).to_have_url(f"{base}/perjanjian-kinerja/{perjanjian.pk}/")
    expect(page.locator('[data-test="sasaran-target"]')).to_have_text("4,5 Nilai")
    still_same_document(page)
    page.screenshot(path=str(screenshot_dir / "pk-tabel-sasaran.png"), full_page=True)
    assert list(IndikatorKinerja.objects.values_list("teks", flat=True)) == ["Nilai manajemen perubahan"]


def test_perjanjian_kinerja_without_javascript(live_server, browser: Browser, screenshot_dir: Path) -> None:  # noqa: F811
    seed_organisasi()
    base = live_server.url
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1366, "height": 900})
    tab = context.new_page()
    try:
        log_in(tab, base, NIP_KEPALA_BADAN)
        tab.goto(f"{base}/perjanjian-kinerja/")
        tab.locator('[data-test="pk-tambah"]').click()
        tab.locator("#id_tahun").fill("2026")
        tab.locator('[data-test="pk-simpan"]').click()
        expect(tab.locator(".alert-success")).to_contain_text("tahun 2026 ditambahkan")
        tab.locator('[data-test="pk-buka-tahun"]').click()
        tab.locator('[data-test="sasaran-tambah"]').click()
        tab.locator("#id_sasaran_teks").fill("Terselenggaranya layanan internal Biro SDM")
        tab.locator('[data-test="sasaran-simpan"]').click()
        form = tab.locator('[data-test="indikator-form"]')
        form.locator("#id_indikator_teks").fill("Tingkat pemenuhan layanan internal")
        form.locator("#id_indikator_target").fill("86")
        form.locator("#id_indikator_satuan").select_option(label="Persen (%)")
        tab.locator('[data-test="indikator-simpan"]').click()
        expect(tab.locator(".alert-success")).to_contain_text("Indikator ditambahkan.")
        expect(tab.locator('[data-test="sasaran-target"]')).to_have_text("86 Persen (%)")
        # Deleting asks first, on its own page state, then deletes.
        tab.locator('[data-test="sasaran-hapus"]').click()
        expect(tab.locator('[data-test="konfirmasi-hapus"]')).to_contain_text("1 indikatornya ikut terhapus.")
        tab.screenshot(path=str(screenshot_dir / "pk-tanpa-javascript.png"), full_page=True)
        tab.locator('[data-test="hapus-konfirmasi"]').click()
        expect(tab.locator(".alert-success")).to_contain_text("Sasaran strategis dihapus.")
        expect(tab.locator('[data-test="sasaran-kosong"]')).to_be_visible()
    finally:
        context.close()
