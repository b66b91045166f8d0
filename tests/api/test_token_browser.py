"""Journey: a pegawai makes a personal API token on Profil, uses it, and revokes it (htmx, in place)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from organisasi.demo import seed_organisasi
from tests.browser.conftest import browser, page, screenshot_dir  # noqa: F401
from tests.browser.test_profil_journey import NIP_PRANATA_KOMPUTER, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_pegawai_makes_uses_and_revokes_a_token(live_server, page: Page, screenshot_dir: Path) -> None:  # noqa: F811
    seed_organisasi()
    base = live_server.url
    log_in(page, base, NIP_PRANATA_KOMPUTER)
    page.goto(f"{base}/profil/")
    section = page.locator('section#token-api[data-test="token-api"]')  # the htmx-loaded section
    expect(section.locator('[data-test="token-kosong"]')).to_be_visible()

    page.evaluate("window.__sameDocument = true")
    section.get_by_label("Nama token").fill("Skrip rekap bulanan")
    section.get_by_role("button", name="Buat token").click()
    secret = page.locator('[data-test="token-baru-nilai"]')
    expect(secret).to_contain_text("kin_pat_")
    token = secret.inner_text().strip()
    assert page.evaluate("window.__sameDocument") is True
    page.screenshot(path=str(screenshot_dir / "api-token-dibuat.png"), full_page=True)

    response = page.request.get(
        f"{base}/api/v1/pegawai/nip/{NIP_PRANATA_KOMPUTER}", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status == 200 and response.json()["nama_lengkap"] == "Santi Anggraeni Tallo, S.Kom."

    page.reload()  # shown once: after a reload only the prefix is left
    expect(page.locator('[data-test="token-baru"]')).to_have_count(0)
    row = page.locator('[data-test="token-item"]')
    expect(row).to_contain_text("Skrip rekap bulanan")
    expect(row).to_contain_text(token[:12])

    page.on("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Cabut").click()
    expect(page.locator('[data-test="token-pesan"]')).to_contain_text("dicabut")
    expect(row).to_contain_text("dicabut")
    page.screenshot(path=str(screenshot_dir / "api-token-dicabut.png"), full_page=True)
    after = page.request.get(f"{base}/api/v1/instansi", headers={"Authorization": f"Bearer {token}"})
    assert after.status == 401 and after.json()["code"] == "token_revoked"
