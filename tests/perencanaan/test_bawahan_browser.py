"""Journey: a pejabat penilai opens SKP Bawahan, filters, returns an SKP with a note, then sets it.

Everything after opening a page happens with htmx, without a page load.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Dialog, Page, expect

from perencanaan.models import Skp, StatusSkp
from perencanaan.services.skp import skp_submit
from tests.browser.conftest import browser, page, screenshot_dir  # noqa: F401 - fixtures

from .conftest import Plan
from .test_bawahan_list import new_skp, submitted

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


def test_penilai_returns_then_sets_an_skp(live_server, page: Page, screenshot_dir: Path, plan: Plan) -> None:  # noqa: F811
    skp = submitted(plan, new_skp(plan.staf2))
    base = live_server.url
    log_in(page, base, plan.kabid.nip)

    page.locator('[data-menu="skp_bawahan"]').click()
    expect(page).to_have_url(f"{base}/skp-bawahan/")
    expect(page.locator("h1")).to_have_text("SKP Bawahan")
    rows = page.locator('[data-test="bawahan-row"]')
    expect(rows).to_have_count(2)
    # The SKP waiting for a decision comes first, and the bawahan without SKP are listed.
    expect(rows.first).to_have_attribute("data-nip", plan.staf2.nip)
    expect(rows.first).to_contain_text("Perlu ditinjau")
    expect(page.locator(f'[data-test="belum-menyusun-row"][data-nip="{plan.outsider.nip}"]')).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "skp-bawahan-daftar.png"), full_page=True)

    # Live search by NIP, in place; the address bar follows.
    page.evaluate("window.__sameDocument = true")
    page.locator("#id_q").fill(plan.staf.nip)
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-nip", plan.staf.nip)
    expect(page).to_have_url(f"{base}/skp-bawahan/?tahun={skp.tahun}&status=&q={plan.staf.nip}")
    page.locator("#id_q").fill("")
    page.locator("#id_status").select_option("diajukan")
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-nip", plan.staf2.nip)
    assert page.evaluate("window.__sameDocument") is True

    rows.first.get_by_role("link", name="Tinjau").click()
    expect(page).to_have_url(f"{base}/skp-bawahan/{skp.pk}/")
    expect(page.locator('[data-test="skp-tetapkan"]')).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "skp-bawahan-tinjau.png"), full_page=True)

    # Ekspektasi khusus pimpinan on one aspect, in place (the perilaku section of the SKP pages).
    page.evaluate("window.__sameDocument = true")
    row = page.locator('[data-test="perilaku-row"][data-aspek="berorientasi_pelayanan"]')
    row.locator('[data-test="isi-ekspektasi"]').click()
    form = page.locator('[data-test="sec-form"]')
    form.locator("textarea").fill("Menjawab konsultasi paling lama dua hari kerja.")
    form.locator('[data-test="sec-simpan"]').click()
    expect(row.locator('[data-test="ekspektasi"]')).to_have_text("Menjawab konsultasi paling lama dua hari kerja.")

    # Kembalikan without a note: the reason, in place; nothing changed.
    page.locator('[data-test="skp-kembalikan"]').click()
    expect(page.locator('[data-test="form-kembalikan"] .error')).to_have_text(
        "Tuliskan catatan agar pegawai tahu apa yang perlu diperbaiki."
    )
    assert Skp.objects.get(pk=skp.pk).status == StatusSkp.DIAJUKAN
    page.locator("#id_catatan").fill("Target kuantitas terlalu rendah.")
    page.locator('[data-test="skp-kembalikan"]').click()
    expect(page.locator('[data-test="bawahan-pesan"]')).to_contain_text("dikembalikan kepada pegawai")
    expect(page.locator('[data-test="workflow-dikembalikan"]')).to_be_visible()
    expect(page.locator('[data-test="skp-workflow"]')).to_contain_text("Target kuantitas terlalu rendah.")
    assert page.evaluate("window.__sameDocument") is True
    assert Skp.objects.get(pk=skp.pk).status == StatusSkp.DIKEMBALIKAN

    # The pegawai submits again; the penilai sets the SKP (confirming the dialog).
    skp_submit(skp=Skp.objects.get(pk=skp.pk), by=plan.staf2.user)
    page.reload()
    page.evaluate("window.__sameDocument = true")

    def accept(dialog: Dialog) -> None:
        dialog.accept()

    page.once("dialog", accept)
    page.locator('[data-test="skp-tetapkan"]').click()
    expect(page.locator('[data-test="workflow-ditetapkan"]')).to_be_visible()
    expect(page.locator('[data-test="bawahan-pesan"]')).to_contain_text("ditetapkan")
    expect(page.locator('[data-test="skp-tetapkan"]')).to_have_count(0)
    assert page.evaluate("window.__sameDocument") is True
    page.screenshot(path=str(screenshot_dir / "skp-bawahan-ditetapkan.png"), full_page=True)
    assert Skp.objects.get(pk=skp.pk).status == StatusSkp.DITETAPKAN
