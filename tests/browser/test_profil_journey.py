"""Journey: a pegawai logs in with their NIP, opens Profil, adds a rekan kerja, logs out."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from organisasi.demo import DEMO_PASSWORD, PEOPLE, seed_organisasi
from organisasi.models import Pegawai

pytestmark = [
    pytest.mark.browser,
    # The live server runs in another thread: data must be committed. serialized_rollback puts the
    # reference data of the migrations (golongan, jenjang) back for each test.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NIP_PRANATA_KOMPUTER = "198611232010012005"
NIP_YAKOBUS = next(p.nip for p in PEOPLE if p.key == "pelaksana")
NIP_GREGORIUS = next(p.nip for p in PEOPLE if p.key == "ketua_tim")


def log_in(page: Page, base_url: str, nip: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    page.locator("#id_username").fill(nip)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()
    expect(page).to_have_url(f"{base_url}/")


def rekan_row(page: Page, nip: str) -> Locator:
    return page.locator(f'[data-test="rekan-kerja-list"] [data-test="rekan-kerja-item"][data-nip="{nip}"]')


def test_pegawai_adds_a_rekan_kerja_with_htmx(live_server, page: Page, screenshot_dir: Path) -> None:
    seed_organisasi()
    base = live_server.url
    log_in(page, base, NIP_PRANATA_KOMPUTER)
    expect(page.locator(".topbar")).to_contain_text("Santi Anggraeni Tallo, S.Kom.")

    page.locator('[data-menu="profil"]').click()
    expect(page).to_have_url(f"{base}/profil/")
    expect(page.locator('[data-menu="profil"]')).to_have_attribute("aria-current", "page")
    expect(page.locator('[data-test="identitas-nip"]')).to_have_text(NIP_PRANATA_KOMPUTER)
    expect(page.locator('[data-test="atasan-langsung"]')).to_contain_text("Maria Goreti Lake, S.Sos., M.AP.")
    expect(page.locator('[data-test="atasan-atasan"]')).to_contain_text("Dr. Yohanes Bria Manek, S.H., M.Si.")
    expect(rekan_row(page, NIP_GREGORIUS)).to_be_visible()  # from the demo cast
    expect(rekan_row(page, NIP_YAKOBUS)).to_have_count(0)

    # Anything below must happen without a page load: a full load would wipe this marker.
    page.evaluate("window.__sameDocument = true")
    page.locator('[data-test="rekan-cari"]').fill("Yakobus")
    candidate = page.locator(f'[data-test="rekan-kandidat-item"][data-nip="{NIP_YAKOBUS}"]')
    expect(candidate).to_be_visible()
    expect(page).to_have_url(f"{base}/profil/?cari=Yakobus")
    page.screenshot(path=str(screenshot_dir / "profil-cari-kandidat.png"), full_page=True)
    candidate.get_by_role("button", name="Tambah").click()

    expect(rekan_row(page, NIP_YAKOBUS)).to_be_visible()
    expect(rekan_row(page, NIP_YAKOBUS)).to_contain_text("Yakobus Ndun, A.Md.")
    expect(page.locator('[data-test="rekan-kerja-pesan"]')).to_have_text(
        "Yakobus Ndun, A.Md. ditambahkan sebagai rekan kerja."
    )
    expect(page.locator('[data-test="rekan-kandidat-kosong"]')).to_be_visible()  # no longer a candidate
    expect(page.locator('[data-test="rekan-kerja-jumlah"]')).to_have_text("2")
    assert page.evaluate("window.__sameDocument") is True
    page.screenshot(path=str(screenshot_dir / "profil-rekan-kerja-ditambah.png"), full_page=True)

    page.reload()
    expect(rekan_row(page, NIP_YAKOBUS)).to_be_visible()
    expect(rekan_row(page, NIP_GREGORIUS)).to_be_visible()
    pegawai = Pegawai.objects.get(nip=NIP_PRANATA_KOMPUTER)
    assert set(pegawai.rekan_kerja.values_list("nip", flat=True)) == {NIP_GREGORIUS, NIP_YAKOBUS}

    # Hapus, again in place.
    page.evaluate("window.__sameDocument = true")
    rekan_row(page, NIP_GREGORIUS).get_by_role("button", name="Hapus").click()
    expect(rekan_row(page, NIP_GREGORIUS)).to_have_count(0)
    expect(page.locator('[data-test="rekan-kerja-pesan"]')).to_contain_text("dihapus dari daftar rekan kerja.")
    expect(rekan_row(page, NIP_YAKOBUS)).to_be_visible()
    assert page.evaluate("window.__sameDocument") is True
    assert set(pegawai.rekan_kerja.values_list("nip", flat=True)) == {NIP_YAKOBUS}

    page.locator('[data-test="logout"]').click()
    expect(page).to_have_url(f"{base}/accounts/login/")
    expect(page.get_by_role("heading", name="Masuk")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "login-setelah-keluar.png"), full_page=True)
    page.goto(f"{base}/profil/")
    expect(page).to_have_url(f"{base}/accounts/login/?next=/profil/")


def test_rekan_kerja_works_without_javascript(live_server, browser: Browser, screenshot_dir: Path) -> None:
    seed_organisasi()
    base = live_server.url
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1366, "height": 900}, locale="id-ID")
    try:
        page = context.new_page()
        log_in(page, base, NIP_PRANATA_KOMPUTER)
        page.goto(f"{base}/profil/")

        page.locator('[data-test="rekan-cari"]').fill(NIP_YAKOBUS[:8])
        page.get_by_role("button", name="Cari", exact=True).click()
        expect(page).to_have_url(f"{base}/profil/?cari={NIP_YAKOBUS[:8]}#tambah-rekan")
        candidate = page.locator(f'[data-test="rekan-kandidat-item"][data-nip="{NIP_YAKOBUS}"]')
        candidate.get_by_role("button", name="Tambah").click()
        expect(page).to_have_url(f"{base}/profil/?cari={NIP_YAKOBUS[:8]}#rekan-kerja")
        expect(page.locator(".messages")).to_contain_text("Yakobus Ndun, A.Md. ditambahkan sebagai rekan kerja.")
        expect(rekan_row(page, NIP_YAKOBUS)).to_be_visible()

        rekan_row(page, NIP_GREGORIUS).get_by_role("button", name="Hapus").click()
        expect(page).to_have_url(f"{base}/profil/#rekan-kerja")
        expect(page.locator(".messages")).to_contain_text("dihapus dari daftar rekan kerja.")
        expect(rekan_row(page, NIP_GREGORIUS)).to_have_count(0)
        page.screenshot(path=str(screenshot_dir / "profil-tanpa-javascript.png"), full_page=True)
    finally:
        context.close()
    pegawai = Pegawai.objects.get(nip=NIP_PRANATA_KOMPUTER)
    assert set(pegawai.rekan_kerja.values_list("nip", flat=True)) == {NIP_YAKOBUS}
