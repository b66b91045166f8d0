"""Official documents end to end: the pegawai prints their SKP (PDF and XLSX) from the SKP page; the
operator asks for a bulk print of a unit's SKP, watches it finish and downloads the ZIP."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_penilaian_journeys import log_in
from tests.kinerja_world import Kinerja, build_kinerja
from tests.perencanaan.conftest import Plan, plan  # noqa: F401  (the fixture, used by `kinerja`)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def kinerja(plan: Plan) -> Kinerja:  # noqa: F811
    return build_kinerja(plan)


def test_pegawai_prints_their_skp(live_server, page: Page, screenshot_dir: Path, kinerja: Kinerja) -> None:  # type: ignore[no-untyped-def]
    log_in(page, live_server.url, kinerja.staf)
    page.goto(f"{live_server.url}/skp/{kinerja.skp.pk}/")
    cetak = page.locator('[data-test="cetak-skp-pdf"]')
    expect(cetak).to_be_visible()
    expect(page.locator('[data-test="unduh-skp-xlsx"]')).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "journey-dokumen-skp-cetak.png"))

    pdf = page.request.get(live_server.url + (cetak.get_attribute("href") or ""))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    assert f"SKP_{kinerja.staf.nip}_" in pdf.headers["content-disposition"]
    xlsx = page.request.get(
        live_server.url + (page.locator('[data-test="unduh-skp-xlsx"]').get_attribute("href") or "")
    )
    assert xlsx.status == 200 and xlsx.body()[:2] == b"PK"


def test_operator_bulk_prints_a_unit(live_server, page: Page, screenshot_dir: Path, kinerja: Kinerja) -> None:  # type: ignore[no-untyped-def]
    log_in(page, live_server.url, kinerja.plan.operator)
    page.goto(f"{live_server.url}/operator/")
    page.locator('[data-test="cetak-massal"]').click()
    form = page.locator('[data-test="massal-form"]')
    form.locator("select[name=unit]").select_option(str(kinerja.plan.bidang.pk))
    form.locator("select[name=tahun]").select_option("2026")
    page.locator('[data-test="massal-mulai"]').click()

    job = page.locator('[data-test="massal-job"]').first
    expect(job).to_have_attribute("data-status", "selesai", timeout=30_000)
    unduh = job.locator('[data-test="massal-unduh"]')
    expect(unduh).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "journey-dokumen-cetak-massal.png"), full_page=True)

    response = page.request.get(live_server.url + (unduh.get_attribute("href") or ""))
    assert response.status == 200
    names = zipfile.ZipFile(io.BytesIO(response.body())).namelist()
    assert f"SKP_{kinerja.staf.nip}" in " ".join(names) and "LAPORAN.txt" in names
