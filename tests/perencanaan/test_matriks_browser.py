"""Journey: a kepala bidang divides an RHK in a Matriks Peran Hasil with htmx (no page loads), then
the ketua tim she named divides their own RHK among their anggota tim (second level)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from organisasi.demo import DEMO_PASSWORD, seed_organisasi
from perencanaan.models import BarisMatriks, PeranHasil, PerjanjianKinerja, Rhk, SasaranStrategis
from perencanaan.services.skp import skp_create
from tests.browser.conftest import browser, page, screenshot_dir  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NIP_KABID = "197808122003122002"  # Maria Goreti Lake
NIP_KETUA_TIM = "198304172008011004"  # Gregorius Nenobais
NIP_PRAKOM = "198611232010012005"  # Santi Anggraeni Tallo (anggota of Gregorius' tim)


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


def plan_rhk(key: str, teks: str) -> Rhk:
    cast = seed_organisasi()
    pegawai = cast.pegawai[key]
    skp = skp_create(
        pegawai=pegawai,
        periode_mulai=dt.date(2026, 1, 1),
        periode_selesai=dt.date(2026, 12, 31),
        pendekatan="kuantitatif",
        by=None,
    )
    return Rhk.objects.create(skp=skp, jenis="utama", teks=teks)


def test_kabid_and_ketua_tim_divide_their_rhk(live_server, page: Page, screenshot_dir: Path) -> None:  # noqa: F811
    leader_rhk = plan_rhk("kabid", "Terlaksananya penerapan Tool Kinerja lingkup Pemerintah Provinsi")
    ketua_rhk = plan_rhk("ketua_tim", "Terlaksananya pendampingan Tool Kinerja")
    base = live_server.url

    log_in(page, base, NIP_KABID)
    page.locator('[data-menu="matriks_peran_hasil"]').click()
    expect(page).to_have_url(f"{base}/matriks-peran-hasil/")
    row = page.locator(f'[data-test="rhk"][data-rhk="{leader_rhk.pk}"]')
    row.get_by_label("Jumlah kolom").fill("0")
    row.get_by_role("button", name="Buka matriks").click()
    expect(row.locator('[data-test="buka-galat"]')).to_have_text("Jumlah kolom produk/layanan paling sedikit 1.")
    row.get_by_label("Jumlah kolom").fill("2")
    row.get_by_role("button", name="Buka matriks").click()
    expect(page.locator('[data-test="matriks-judul"]')).to_contain_text(leader_rhk.teks)

    # From here on nothing reloads the page: a full load would wipe this marker.
    page.evaluate("window.__sameDocument = true")
    page.locator('[data-test="kolom-ubah"]').first.click()
    settled(page)
    page.locator('[data-test="kolom-form"] textarea').fill("Terlaksananya penilaian kompetensi")
    page.locator('[data-test="kolom-simpan"]').click()
    expect(page.locator('[data-test="matriks-pesan"]')).to_contain_text("Nama kolom disimpan")
    expect(page.locator('[data-test="kolom"]').first).to_contain_text("Terlaksananya penilaian kompetensi")

    page.locator('[data-test="baris-tambah"]').click()
    settled(page)
    page.locator('[data-test="kandidat-cari"]').fill("Gregorius")
    candidate = page.locator(f'[data-test="kandidat-item"][data-nip="{NIP_KETUA_TIM}"]')
    expect(candidate).to_be_visible()
    expect(page.locator('[data-test="kandidat-item"]')).to_have_count(1)
    expect(candidate.locator('[data-test="kandidat-uraian"]')).to_contain_text("penilaian kompetensi manajerial")
    expect(candidate.locator("select")).to_have_value("ketua_tim")  # he heads a tim kerja
    page.screenshot(path=str(screenshot_dir / "matriks-tambah-pegawai.png"), full_page=True)
    candidate.locator('[data-test="kandidat-tambah"]').click()
    expect(page.locator('[data-test="matriks-pesan"]')).to_contain_text("ditambahkan sebagai Ketua Tim")
    page.locator('[data-test="baris-tambah-selesai"]').click()
    expect(page.locator('[data-test="matriks-dialog"]')).to_have_count(0)
    settled(page)
    baris = page.locator(f'[data-test="baris"][data-nip="{NIP_KETUA_TIM}"]')
    expect(baris.locator('[data-test="jabatan-tim"]')).to_have_text("Ketua Tim")

    cell = baris.locator('[data-test="sel"]').first
    cell.locator('[data-test="peran-ubah"]').click()
    settled(page)
    cell.locator("textarea").fill(
        "- Terlaksananya penilaian kompetensi manajerial\n- Terlaksananya pendampingan Tool Kinerja"
    )
    cell.locator('[data-test="peran-simpan"]').click()
    expect(cell.locator('[data-test="peran"] li')).to_have_text(
        ["Terlaksananya penilaian kompetensi manajerial", "Terlaksananya pendampingan Tool Kinerja"]
    )
    expect(baris.locator('[data-test="tidak-ada-peran"]')).to_have_count(1)  # the second column
    assert page.evaluate("window.__sameDocument") is True
    page.screenshot(path=str(screenshot_dir / "matriks-peran-hasil-kabid.png"), full_page=True)
    assert PeranHasil.objects.get().teks == (
        "Terlaksananya penilaian kompetensi manajerial\nTerlaksananya pendampingan Tool Kinerja"
    )

    # Second level: the ketua tim sees his peran and divides his own RHK among his anggota.
    page.context.clear_cookies()
    log_in(page, base, NIP_KETUA_TIM)
    page.goto(f"{base}/matriks-peran-hasil/")
    involved = page.locator('[data-test="terlibat-item"]')
    expect(involved).to_contain_text("Terlaksananya penilaian kompetensi manajerial")
    expect(page.locator('[data-test="ketua-tim-petunjuk"]')).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "matriks-daftar-ketua-tim.png"), full_page=True)
    own = page.locator(f'[data-test="rhk"][data-rhk="{ketua_rhk.pk}"]')
    own.get_by_label("Jumlah kolom").fill("1")
    own.get_by_role("button", name="Buka matriks").click()
    expect(page.locator('[data-test="matriks-judul"]')).to_contain_text(ketua_rhk.teks)
    page.locator('[data-test="baris-tambah"]').click()
    settled(page)
    page.locator('[data-test="kandidat-cari"]').fill(NIP_PRAKOM[:10])
    anggota = page.locator(f'[data-test="kandidat-item"][data-nip="{NIP_PRAKOM}"]')
    expect(anggota).to_contain_text("Tim Penilaian Kompetensi dan Kinerja")
    expect(anggota.locator("select")).to_have_value("anggota_tim")
    anggota.locator('[data-test="kandidat-tambah"]').click()
    expect(page.locator('[data-test="matriks-pesan"]')).to_contain_text("ditambahkan sebagai Anggota Tim")
    page.screenshot(path=str(screenshot_dir / "matriks-peran-hasil-ketua-tim.png"), full_page=True)
    assert BarisMatriks.objects.filter(matriks__rhk=ketua_rhk, pegawai__nip=NIP_PRAKOM).exists()


def test_kepala_badan_reads_the_keselarasan_of_the_badan(live_server, page: Page, screenshot_dir: Path) -> None:  # noqa: F811
    jpt_rhk = plan_rhk("kepala_badan", "Meningkatnya kompetensi dan kinerja ASN Pemerintah Provinsi")
    cast = seed_organisasi()
    pk = PerjanjianKinerja.objects.create(unit_kerja=cast.units["bkd"], tahun=2026)
    sasaran = SasaranStrategis.objects.create(perjanjian=pk, teks="Meningkatnya profesionalitas ASN", urutan=1)
    SasaranStrategis.objects.create(perjanjian=pk, teks="Meningkatnya kualitas layanan kepegawaian", urutan=2)
    Rhk.objects.filter(pk=jpt_rhk.pk).update(sasaran_pk=sasaran)
    kabid_rhk = plan_rhk("kabid", "Terlaksananya penerapan Tool Kinerja lingkup Pemerintah Provinsi")
    Rhk.objects.filter(pk=kabid_rhk.pk).update(intervensi=jpt_rhk)
    staf_rhk = plan_rhk("pranata_komputer", "Terlaksananya pendampingan Tool Kinerja")
    Rhk.objects.filter(pk=staf_rhk.pk).update(intervensi=kabid_rhk)
    lepas = Rhk.objects.create(skp=staf_rhk.skp, jenis="utama", teks="Terlaksananya backup sistem")

    log_in(page, live_server.url, "197203151998031001")
    page.goto(f"{live_server.url}/matriks-peran-hasil/")
    page.locator('[data-test="keselarasan-link"]').click()
    expect(page.locator('[data-test="keselarasan-unit"]')).to_contain_text("Badan Kepegawaian Daerah")
    node = page.locator(f'[data-test="sasaran"][data-sasaran="{sasaran.pk}"]')
    expect(node.locator(f'[data-rhk="{staf_rhk.pk}"]')).to_contain_text("Terlaksananya pendampingan Tool Kinerja")
    expect(page.locator(f'[data-rhk="{lepas.pk}"] [data-test="tidak-mengintervensi"]')).to_be_visible()
    expect(page.locator('[data-test="belum-disalin"]')).to_have_count(1)
    page.screenshot(path=str(screenshot_dir / "matriks-keselarasan.png"), full_page=True)
