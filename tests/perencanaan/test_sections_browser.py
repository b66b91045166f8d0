"""Journeys through the SKP sections in chromium: the pegawai sets a penilai, fills the Lampiran SKP and
a rencana aksi in place (htmx); the pejabat penilai writes an ekspektasi from SKP Bawahan; the JPT
builds a workblock; and the same changes as plain form posts without JavaScript."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from organisasi.models import Pegawai
from perencanaan.models import LampiranSkp, PerilakuSkp, RencanaAksi, Workblock, WorkblockItem
from perencanaan.services.skp import skp_create
from tests.browser import conftest as browser_fixtures
from tests.factories import RhkFactory

from .conftest import Plan

# The browser fixtures of tests/browser, shared with this module.
browser = browser_fixtures.browser
page = browser_fixtures.page
screenshot_dir = browser_fixtures.screenshot_dir

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Rahasia-123"  # tests.factories.UserFactory


def log_in(tab: Page, base: str, pegawai: Pegawai) -> None:
    tab.goto(f"{base}/accounts/login/")
    tab.locator("#id_username").fill(pegawai.nip)
    tab.locator("#id_password").fill(PASSWORD)
    tab.get_by_role("button", name="Masuk", exact=True).click()
    expect(tab).to_have_url(f"{base}/")


def test_pegawai_fills_the_sections_in_place(live_server, page: Page, plan: Plan, screenshot_dir: Path) -> None:
    base = live_server.url
    plan.staf.rekan_kerja.add(plan.staf2)
    rhk = RhkFactory(skp=plan.skp_staf, teks="Terlaksananya pendampingan tool kinerja")
    log_in(page, base, plan.staf)
    page.goto(f"{base}/skp/{plan.skp_staf.pk}/")
    page.evaluate("window.__sameDocument = true")

    # Set Penilai of ADAPTIF: Rekan Kerja.
    row = page.locator('[data-test="perilaku-row"][data-aspek="adaptif"]')
    row.locator('[data-test="set-penilai"]').click()
    form = row.locator('[data-test="sec-form"]')
    form.get_by_role("radio", name="Rekan Kerja").check()
    form.locator("select[name=rekan]").select_option(str(plan.staf2.pk))
    form.get_by_role("button", name="Simpan").click()
    row = page.locator('[data-test="perilaku-row"][data-aspek="adaptif"]')
    expect(row.locator('[data-test="penilai"]')).to_have_text(f"Rekan Kerja ({plan.staf2.nama_lengkap})")
    expect(page.locator('#skp-perilaku [data-test="sec-pesan"]')).to_contain_text("Penilai aspek Adaptif")

    # Lampiran: an empty line is refused inside the form, then a real one is added.
    group = page.locator('[data-test="lampiran-dukungan_sumber_daya"]')
    group.locator('[data-test="lampiran-tambah"]').click()
    form = group.locator('[data-test="sec-form"]')
    form.locator("textarea").fill("   ")
    form.get_by_role("button", name="Tambah").click()
    expect(group.locator(".error")).to_contain_text("wajib diisi")
    group.locator("textarea").fill("Akses server aplikasi Tool Kinerja")
    group.get_by_role("button", name="Tambah").click()
    expect(page.locator('[data-test="lampiran-dukungan_sumber_daya"] [data-test="lampiran-teks"]')).to_have_text(
        "Akses server aplikasi Tool Kinerja"
    )

    # Rencana aksi with a target periode; then Batal of an opened form puts the section back.
    cell = page.locator(f'[data-test="rencana-aksi-rhk"][data-rhk="{rhk.pk}"]')
    cell.locator('[data-test="aksi-tambah"]').click()
    cell.get_by_label("Rencana aksi").fill("Menyusun jadwal pendampingan")
    cell.get_by_label("Target periode").fill("Triwulan I")
    cell.get_by_role("button", name="Tambah").click()
    item = page.locator('[data-test="aksi-item"]')
    expect(item).to_contain_text("Menyusun jadwal pendampingan")
    expect(item.locator('[data-test="aksi-target"]')).to_have_text("Triwulan I")
    page.locator('[data-test="aksi-ubah"]').click()
    expect(page.locator('#skp-rencana-aksi [data-test="sec-form"]')).to_be_visible()
    page.locator('#skp-rencana-aksi [data-test="sec-batal"]').click()
    expect(page.locator('#skp-rencana-aksi [data-test="sec-form"]')).to_have_count(0)
    expect(page.locator('[data-test="aksi-item"]')).to_contain_text("Menyusun jadwal pendampingan")

    assert page.evaluate("window.__sameDocument") is True
    page.screenshot(path=str(screenshot_dir / "skp-bagian-perilaku-lampiran-aksi.png"), full_page=True)
    perilaku = PerilakuSkp.objects.get(skp=plan.skp_staf, aspek__kode="adaptif")
    assert (perilaku.jenis_penilai, perilaku.penilai_id) == ("rekan", plan.staf2.pk)
    assert list(LampiranSkp.objects.values_list("teks", flat=True)) == ["Akses server aplikasi Tool Kinerja"]
    assert list(RencanaAksi.objects.values_list("target_periode", flat=True)) == ["Triwulan I"]


def test_penilai_writes_the_ekspektasi_from_skp_bawahan(
    live_server,
    page: Page,
    plan: Plan,
    screenshot_dir: Path,
) -> None:
    base = live_server.url
    log_in(page, base, plan.kabid)
    page.goto(f"{base}/skp-bawahan/{plan.skp_staf.pk}/")
    page.evaluate("window.__sameDocument = true")
    row = page.locator('[data-test="perilaku-row"][data-aspek="berorientasi_pelayanan"]')
    row.locator('[data-test="isi-ekspektasi"]').click()
    row.locator("textarea").fill("Penyelesaian pekerjaan dan pelayanan mengedepankan 5S")
    row.get_by_role("button", name="Simpan").click()
    row = page.locator('[data-test="perilaku-row"][data-aspek="berorientasi_pelayanan"]')
    expect(row.locator('[data-test="ekspektasi"]')).to_have_text(
        "Penyelesaian pekerjaan dan pelayanan mengedepankan 5S"
    )
    assert page.evaluate("window.__sameDocument") is True
    page.screenshot(path=str(screenshot_dir / "skp-bawahan-ekspektasi.png"), full_page=True)
    assert PerilakuSkp.objects.get(skp=plan.skp_staf, aspek__kode="berorientasi_pelayanan").ekspektasi_khusus


def test_jpt_builds_a_workblock(live_server, page: Page, plan: Plan, screenshot_dir: Path) -> None:
    base = live_server.url
    skp = skp_create(
        pegawai=plan.jpt,
        periode_mulai=dt.date(2026, 1, 1),
        periode_selesai=dt.date(2026, 12, 31),
        pendekatan="kuantitatif",
        by=None,
    )
    log_in(page, base, plan.jpt)
    page.goto(f"{base}/skp/{skp.pk}/")
    section = page.locator("#skp-workblock")
    section.locator('[data-test="workblock-tambah"]').click()
    section.get_by_label("Judul inisiatif strategi pencapaian IKU").fill("Percepatan digitalisasi layanan kepegawaian")
    section.get_by_label("Pemilik strategi").fill("Kepala Badan")
    section.get_by_label("Waktu penyelesaian").fill("Desember 2026")
    section.get_by_label("Tujuan").fill("Layanan kepegawaian selesai dalam satu hari")
    section.get_by_label("Indikator dan target yang diintervensi").fill("Indeks kepuasan layanan 85")
    section.get_by_role("button", name="Tambah").click()
    expect(page.locator('[data-test="workblock"] h3')).to_contain_text("Percepatan digitalisasi layanan kepegawaian")
    cell = page.locator('[data-test="workblock-keluaran-transformatif"]')
    cell.locator('[data-test="butir-tambah"]').click()
    cell.locator("textarea").fill("Aplikasi layanan daring dirilis")
    cell.get_by_role("button", name="Tambah").click()
    expect(page.locator('[data-test="workblock-keluaran-transformatif"] [data-test="butir-item"]')).to_contain_text(
        "Aplikasi layanan daring dirilis"
    )
    page.screenshot(path=str(screenshot_dir / "skp-workblock.png"), full_page=True)
    item = WorkblockItem.objects.get()
    assert (item.jenis, item.sifat, item.workblock.skp_id) == ("keluaran", "transformatif", skp.pk)


def test_sections_work_without_javascript(
    live_server,
    browser: Browser,
    plan: Plan,
    screenshot_dir: Path,
) -> None:
    base = live_server.url
    plan.staf.rekan_kerja.add(plan.staf2)
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1366, "height": 900}, locale="id-ID")
    try:
        page = context.new_page()
        log_in(page, base, plan.staf)
        page.goto(f"{base}/skp/{plan.skp_staf.pk}/")
        page.locator('[data-test="perilaku-row"][data-aspek="kolaboratif"] [data-test="set-penilai"]').click()
        expect(page.locator("h1")).to_contain_text("Set penilai")
        page.get_by_role("radio", name="Rekan Kerja").check()
        page.locator("select[name=rekan]").select_option(str(plan.staf2.pk))
        page.get_by_role("button", name="Simpan").click()
        expect(page).to_have_url(f"{base}/skp/{plan.skp_staf.pk}/#skp-perilaku")
        expect(page.locator(".messages")).to_contain_text("Penilai aspek Kolaboratif")

        page.locator('[data-test="lampiran-konsekuensi"] [data-test="lampiran-tambah"]').click()
        page.get_by_label("Isi").fill("   ")  # blank (the browser lets it through): the page shows the error
        page.get_by_role("button", name="Tambah").click()
        expect(page.locator(".error")).to_contain_text("wajib diisi")
        page.get_by_label("Isi").fill("Apabila memenuhi ekspektasi Pimpinan, diprioritaskan mengikuti pelatihan")
        page.get_by_role("button", name="Tambah").click()
        expect(page).to_have_url(f"{base}/skp/{plan.skp_staf.pk}/#skp-lampiran")
        page.locator('[data-test="lampiran-hapus"]').click()
        expect(page.locator(".messages")).to_contain_text("Baris lampiran dihapus.")
        page.screenshot(path=str(screenshot_dir / "skp-bagian-tanpa-javascript.png"), full_page=True)
    finally:
        context.close()
    assert PerilakuSkp.objects.get(skp=plan.skp_staf, aspek__kode="kolaboratif").penilai_id == plan.staf2.pk
    assert not LampiranSkp.objects.exists() and not Workblock.objects.exists()
