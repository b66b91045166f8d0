"""Browser journey: two tabs edit the same realisasi; the stale one is refused, nothing is lost."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from pelaksanaan.models import Realisasi
from tests.browser.test_penilaian_journeys import log_in, pick_periode, triwulan_iv
from tests.kinerja_world import Kinerja, build_kinerja
from tests.perencanaan.conftest import Plan, plan  # noqa: F401  (the fixture, used by `kinerja`)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def kinerja(plan: Plan) -> Kinerja:  # noqa: F811
    return build_kinerja(plan)


def _open_form(tab: Page, base: str, kinerja: Kinerja) -> None:
    skp, iki = kinerja.skp, kinerja.iki_kuantitas
    tab.goto(f"{base}/")
    tab.locator('[data-menu="skp_saya"]').click()
    tab.locator(f'[data-test="skp-row"][data-skp="{skp.pk}"] [data-test="skp-realisasi"]').click()
    pick_periode(tab, "#periode-pilih", triwulan_iv(skp))
    tab.locator(f'[data-test="realisasi-iki"][data-iki="{iki.pk}"] [data-test="input-realisasi"]').click()
    expect(tab.locator('[data-test="form-realisasi"]')).to_be_visible()


def test_a_stale_realisasi_from_a_second_tab_is_refused_with_the_change_shown(
    live_server, browser: Browser, page: Page, screenshot_dir: Path, kinerja: Kinerja
) -> None:
    base = live_server.url
    other = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
    other.set_default_timeout(10_000)
    second = other.new_page()
    try:
        for tab in (page, second):
            log_in(tab, base, kinerja.staf)
            _open_form(tab, base, kinerja)
        first_form = page.locator('[data-test="form-realisasi"]')
        first_form.get_by_label("Realisasi (Dokumen)").fill("10")
        first_form.locator('[data-test="simpan-realisasi"]').click()
        expect(page.locator('[data-test="realisasi-pesan"]')).to_contain_text("disimpan: 10 Dokumen")

        stale_form = second.locator('[data-test="form-realisasi"]')
        stale_form.get_by_label("Realisasi (Dokumen)").fill("11")
        stale_form.get_by_label("Keterangan tambahan").fill("Isian dari tab lama")
        stale_form.locator('[data-test="simpan-realisasi"]').click()
        refusal = second.locator('[data-test="realisasi-galat"]')
        expect(refusal).to_contain_text("sudah diubah oleh")
        expect(refusal).to_contain_text("(belum diisi) → 10")
        expect(refusal).to_contain_text("Isian dari tab lama")
        expect(second.locator('[data-test="form-realisasi"]').get_by_label("Realisasi (Dokumen)")).to_have_value("11")
        second.screenshot(path=str(screenshot_dir / "journey-konflik-realisasi.png"), full_page=True)
        assert [r.nilai for r in Realisasi.objects.current()] == [Decimal("10")]

        # Reloading shows the other tab's value; saving from there goes through.
        _open_form(second, base, kinerja)
        fresh = second.locator('[data-test="form-realisasi"]')
        expect(fresh.get_by_label("Realisasi (Dokumen)")).to_have_value("10")
        fresh.get_by_label("Realisasi (Dokumen)").fill("11")
        fresh.locator('[data-test="simpan-realisasi"]').click()
        expect(second.locator('[data-test="realisasi-pesan"]')).to_contain_text("disimpan: 11 Dokumen")
        assert [r.nilai for r in Realisasi.objects.current()] == [Decimal("11")]
    finally:
        other.close()
