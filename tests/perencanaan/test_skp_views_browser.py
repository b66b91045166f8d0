"""Journey in a browser: a JF pegawai builds the SKP plan with htmx (Salin peran, IKI, edit) and submits it."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from perencanaan.models import Iki, Rhk, StatusSkp
from tests.browser.conftest import browser, page, screenshot_dir  # noqa: F401 (fixtures)
from tests.factories import IkiFactory

from .conftest import Plan
from .test_rencana_services import kabid_rhk, peran_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Rahasia-123"  # tests.factories.UserFactory


def log_in(tab: Page, base_url: str, nip: str) -> None:
    tab.goto(f"{base_url}/accounts/login/")
    tab.locator("#id_username").fill(nip)
    tab.locator("#id_password").fill(PASSWORD)
    tab.get_by_role("button", name="Masuk", exact=True).click()
    expect(tab).to_have_url(f"{base_url}/")


def test_pegawai_builds_and_submits_the_skp_with_htmx(
    live_server,
    page: Page,  # noqa: F811
    screenshot_dir: Path,  # noqa: F811
    plan: Plan,
) -> None:
    leader = kabid_rhk(plan, teks="Terlaksananya penerapan Tool Kinerja lingkup Pemerintah Provinsi")
    IkiFactory(rhk=leader, teks="Jumlah perangkat daerah yang menerapkan Tool Kinerja")
    peran = peran_for(leader, plan.staf, teks="Terlaksananya pendampingan Tool Kinerja")
    base = live_server.url
    log_in(page, base, plan.staf.nip)

    page.locator('[data-menu="skp_saya"]').click()
    expect(page).to_have_url(f"{base}/skp/")
    row = page.locator(f'[data-test="skp-row"][data-skp="{plan.skp_staf.pk}"]')
    expect(row.locator('[data-test="skp-periode"]')).to_have_text("01 Jan 2026 - 31 Des 2026")
    row.get_by_role("link", name="Target SKP").click()
    expect(page.locator("h1")).to_have_text("Rencana SKP JA/JF")

    page.evaluate("window.__sameDocument = true")  # a full page load would wipe this marker
    page.locator('[data-test="input-kinerja-utama"]').click()
    salin = page.locator(f'[data-test="salin-peran"][data-peran="{peran.pk}"]')
    expect(salin).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "skp-input-kinerja-utama.png"), full_page=True)
    salin.get_by_role("button", name="Salin").click()
    expect(page.locator('[data-test="rencana-pesan"]')).to_contain_text("disalin menjadi rencana hasil kerja")
    rhk = Rhk.objects.get(skp=plan.skp_staf)
    body = page.locator(f"#rhk-{rhk.pk}")
    expect(body.locator('[data-test="rhk-intervensi"]')).to_contain_text("Terlaksananya penerapan Tool Kinerja")

    body.locator('[data-test="iki-tambah"]').click()
    form = body.locator('[data-test="iki-manual-form"]')
    form.locator('[name="aspek"]').select_option("kualitas")
    form.locator('[name="teks"]').fill("Persentase materi yang dipahami penerima manfaat")
    form.locator('[name="target_min"]').fill("95")
    form.locator('[name="target_max"]').fill("90")
    form.locator('[name="satuan"]').select_option(label="Persen (%)")
    form.get_by_role("button", name="Simpan").click()
    expect(body.locator(".error")).to_contain_text("Target maksimum tidak boleh lebih kecil dari target minimum.")
    body.locator('[name="target_min"]').fill("90")
    body.locator('[name="target_max"]').fill("95")
    body.get_by_role("button", name="Simpan").click()
    expect(page.locator(f'#rhk-{rhk.pk} [data-test="iki-target"]')).to_have_text("90–95 Persen (%)")

    page.locator(f'#rhk-{rhk.pk} [data-test="iki-ubah"]').click()
    page.locator(f'#rhk-{rhk.pk} [name="teks"]').fill("Persentase materi yang dipahami peserta")
    page.locator(f"#rhk-{rhk.pk}").get_by_role("button", name="Simpan").click()
    expect(page.locator(f'#rhk-{rhk.pk} [data-test="iki-teks"]')).to_have_text(
        "Persentase materi yang dipahami peserta"
    )
    assert page.evaluate("window.__sameDocument") is True
    page.screenshot(path=str(screenshot_dir / "skp-rencana-jajf-kuantitatif.png"), full_page=True)

    page.locator('[data-test="skp-ajukan"]').click()
    expect(page.locator('[data-test="skp-status"]')).to_have_text("Diajukan")
    expect(page.locator('[data-test="input-kinerja-utama"]')).to_have_count(0)
    plan.skp_staf.refresh_from_db()
    assert plan.skp_staf.status == StatusSkp.DIAJUKAN
    assert Iki.objects.get(rhk=rhk).target_max == 95
    page.screenshot(path=str(screenshot_dir / "skp-diajukan.png"), full_page=True)
