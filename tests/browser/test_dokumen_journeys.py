"""Official documents end to end: the pegawai prints their SKP (PDF and XLSX) from the SKP page; the
operator asks for a bulk print of a unit's SKP, watches it finish and downloads the ZIP; the
penilai and the pegawai print the evaluation forms; the operator bulk prints a period's
evaluation documents."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_penilaian_journeys import log_in
from tests.dokumen.conftest import pdf_text, save_png
from tests.dokumen.evaluasi_world import build_evaluasi_world
from tests.dokumen.skp_data import build_varian
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


def test_penilai_and_pegawai_print_the_evaluation_forms(  # type: ignore[no-untyped-def]
    live_server, page: Page, screenshot_dir: Path, kinerja: Kinerja
) -> None:
    """The kabid opens the staf's evaluation of Triwulan I and prints its Hasil Evaluasi and Dokumen
    Evaluasi; the staf prints the Pendokumentasian Kinerja from Realisasi and the Rekaman Umpan Balik
    from Umpan balik."""
    w = build_evaluasi_world(build_varian(kinerja))
    skp, q = w.v.jajf_kuantitatif, f"?periode={w.triwulan1.pk}"

    log_in(page, live_server.url, kinerja.kabid)
    page.goto(f"{live_server.url}/skp/{skp.pk}/evaluasi/{q}")
    versi2 = page.locator('[data-test="evaluasi-hasil"][data-versi="2"]')
    cetak = versi2.locator('[data-test="cetak-hasil-evaluasi"]')
    expect(cetak).to_be_visible()
    expect(versi2.locator('[data-test="cetak-dokumen-evaluasi"]')).to_be_visible()
    cetak.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "journey-dokumen-evaluasi-cetak.png"))
    pdf = page.request.get(live_server.url + (cetak.get_attribute("href") or ""))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert f"Hasil-Evaluasi_{kinerja.staf.nip}_Triwulan-I_2026_v2.pdf" in pdf.headers["content-disposition"]
    text = pdf_text(pdf.body())
    assert "HASIL EVALUASI KINERJA PEGAWAI" in text and "SANGAT BAIK" in text
    save_png(pdf.body(), "journey_hasil_evaluasi")
    dokumen = page.request.get(
        live_server.url + (versi2.locator('[data-test="cetak-dokumen-evaluasi"]').get_attribute("href") or "")
    )
    assert "DOKUMEN EVALUASI KINERJA PEGAWAI" in pdf_text(dokumen.body())

    page.context.clear_cookies()
    log_in(page, live_server.url, kinerja.staf)
    page.goto(f"{live_server.url}/skp/{skp.pk}/realisasi/{q}")
    link = page.locator('[data-test="cetak-pendokumentasian"]')
    expect(link).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "journey-dokumen-pendokumentasian.png"))
    pdf = page.request.get(live_server.url + (link.get_attribute("href") or ""))
    assert pdf.status == 200 and "PENDOKUMENTASIAN KINERJA" in pdf_text(pdf.body())
    page.goto(f"{live_server.url}/skp/{skp.pk}/umpan-balik/{q}")
    link = page.locator('[data-test="cetak-umpan-balik"]')
    expect(link).to_contain_text("Triwulan I")
    pdf = page.request.get(live_server.url + (link.get_attribute("href") or ""))
    assert pdf.status == 200 and "REKAMAN INFORMASI UMPAN BALIK BERKELANJUTAN" in pdf_text(pdf.body())


def test_operator_bulk_prints_evaluation_documents(  # type: ignore[no-untyped-def]
    live_server, page: Page, screenshot_dir: Path, kinerja: Kinerja
) -> None:
    w = build_evaluasi_world(build_varian(kinerja))
    log_in(page, live_server.url, kinerja.plan.operator)
    page.goto(f"{live_server.url}/dokumen/cetak-massal/")
    form = page.locator('[data-test="massal-form"]')
    form.locator("select[name=jenis]").select_option("evaluasi")
    form.locator("select[name=unit]").select_option(str(kinerja.plan.bidang.pk))
    form.locator("select[name=periode]").select_option(str(w.triwulan1.pk))
    page.locator('[data-test="massal-mulai"]').click()

    job = page.locator('[data-test="massal-job"]').first
    expect(job).to_have_attribute("data-status", "selesai", timeout=60_000)
    expect(job).to_contain_text("Dokumen evaluasi Triwulan I 2026")
    unduh = job.locator('[data-test="massal-unduh"]')
    expect(unduh).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "journey-dokumen-cetak-massal-evaluasi.png"), full_page=True)

    response = page.request.get(live_server.url + (unduh.get_attribute("href") or ""))
    assert response.status == 200
    archive = zipfile.ZipFile(io.BytesIO(response.body()))
    names = archive.namelist()
    assert f"Hasil-Evaluasi_{kinerja.staf.nip}_Triwulan-I_2026_v2.pdf" in names
    assert f"Dokumen-Evaluasi_{kinerja.plan.staf2.nip}_Triwulan-I_2026.pdf" in names
    assert "belum ada evaluasi periode Triwulan I." in archive.read("LAPORAN.txt").decode()
