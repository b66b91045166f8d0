"""Journeys of the BKD operator: add a pegawai and give them a first password, import pegawai from a
CSV file (dry run, fix, apply), and grow the unit kerja tree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, Route, expect

from organisasi.demo import DEMO_PASSWORD, PEOPLE, seed_organisasi
from organisasi.models import Golongan, Pegawai, UnitKerja
from organisasi.views import impor as impor_views

pytestmark = [
    pytest.mark.browser,
    # The live server runs in another thread: data must be committed. serialized_rollback puts the
    # reference data of the migrations (golongan, jenjang) back for each test.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NIP_OPERATOR = next(p.nip for p in PEOPLE if p.key == "operator")
NIP_KABID = next(p.nip for p in PEOPLE if p.key == "kabid")
NIP_SEKRETARIS = next(p.nip for p in PEOPLE if p.key == "sekretaris")
NIP_KETUA_TIM = next(p.nip for p in PEOPLE if p.key == "ketua_tim")
NIP_YAKOBUS = next(p.nip for p in PEOPLE if p.key == "pelaksana")

NIP_BARU = "199203142016011013"
NAMA_BARU = "Marthen Luther Benu"
NAMA_LENGKAP_BARU = "Marthen Luther Benu, S.Kom."
NEW_PASSWORD = "Sasando-Rote-2026"


def log_in(page: Page, base_url: str, nip: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.locator("#id_username").fill(nip)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Masuk", exact=True).click()


def open_operator(page: Page, base: str, section: str) -> None:
    """Operator from the main menu, then one section of the operator's own menu."""
    page.locator('[data-menu="operator"]').click()
    expect(page).to_have_url(f"{base}/operator/")
    expect(page.locator('[data-menu="operator"]')).to_have_attribute("aria-current", "page")
    page.locator('[data-test="operator-nav"]').get_by_role("link", name=section, exact=True).click()


def field(form: Locator, label: str) -> Locator:
    """A form field by its whole label; required fields' labels end in " *"."""
    return form.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def pegawai_row(page: Page, nip: str) -> Locator:
    return page.locator(f'#pegawai-results [data-test="pegawai-row"][data-nip="{nip}"]')


# --- 1. Add a pegawai, give them a temporary password, they log in and choose their own -------


def test_operator_adds_a_pegawai_who_then_logs_in(live_server, page: Page, screenshot_dir: Path) -> None:
    seed_organisasi()
    base = live_server.url
    log_in(page, base, NIP_OPERATOR)
    expect(page).to_have_url(f"{base}/")
    expect(page.locator(".topbar")).to_contain_text("Agustina Mbura, S.E.")

    open_operator(page, base, "Pegawai")
    expect(page).to_have_url(f"{base}/operator/pegawai/")
    expect(pegawai_row(page, NIP_KABID)).to_be_visible()
    page.locator('[data-test="pegawai-tambah"]').click()
    expect(page).to_have_url(f"{base}/operator/pegawai/tambah/")
    expect(page.get_by_role("heading", name="Tambah pegawai")).to_be_visible()

    form = page.locator('[data-test="pegawai-form"]')
    # A birth month 13: the NIP's structure is wrong, and the operator is told which part.
    field(form, "NIP").fill("1992 1314 2016 01 1 013")
    field(form, "Nama (tanpa gelar)").fill(NAMA_BARU)
    field(form, "Gelar belakang").fill("S.Kom.")
    field(form, "Status kepegawaian").select_option(label="PNS")
    golongan = Golongan.objects.get(jenis="PNS", kode="III/a")
    field(form, "Pangkat/golongan").select_option(label=str(golongan))
    field(form, "Jabatan").select_option(label="Pranata Komputer Ahli Pertama (J-006)")
    field(form, "Unit kerja").select_option(label="BKD.02 — Bidang Pengembangan Pegawai")
    field(form, "NIP atasan langsung").fill(NIP_KABID)
    form.get_by_role("button", name="Simpan").click()

    expect(page).to_have_url(f"{base}/operator/pegawai/tambah/")
    nip_field = form.locator(".field.has-error", has=page.locator("#id_nip"))
    expect(nip_field.locator(".error")).to_have_text(
        "Tanggal lahir pada NIP (digit 1–8: 19921314) bukan tanggal yang ada."
    )
    # Nothing else was lost or saved.
    expect(field(form, "Nama (tanpa gelar)")).to_have_value(NAMA_BARU)
    expect(field(form, "NIP atasan langsung")).to_have_value(NIP_KABID)
    expect(form.locator(".field.has-error")).to_have_count(1)
    assert not Pegawai.objects.filter(nama=NAMA_BARU).exists()
    page.screenshot(path=str(screenshot_dir / "operator-pegawai-error.png"), full_page=True)

    field(form, "NIP").fill(NIP_BARU)
    form.get_by_role("button", name="Simpan").click()

    expect(page).to_have_url(re.compile(r"/operator/pegawai/\d+/$"))
    pegawai = Pegawai.objects.get(nip=NIP_BARU)  # once the server has answered
    expect(page).to_have_url(f"{base}/operator/pegawai/{pegawai.pk}/")
    expect(page.locator(".messages")).to_contain_text(f"Pegawai {NAMA_LENGKAP_BARU} ditambahkan beserta akunnya")
    expect(page.get_by_role("heading", name=NAMA_LENGKAP_BARU, level=1)).to_be_visible()
    identitas = page.locator('[data-test="identitas"]')
    expect(identitas).to_contain_text(NIP_BARU)
    expect(identitas).to_contain_text("Pranata Komputer Ahli Pertama")
    expect(identitas).to_contain_text("Bidang Pengembangan Pegawai")
    expect(identitas).to_contain_text(golongan.label)
    expect(page.locator('[data-test="atasan-langsung"]')).to_contain_text("Maria Goreti Lake, S.Sos., M.AP.")
    expect(page.locator('[data-test="atasan-atasan"]')).to_contain_text("Dr. Yohanes Bria Manek, S.H., M.Si.")
    expect(page.locator('[data-test="akun"]')).to_contain_text("Belum dibuat")

    page.once("dialog", lambda dialog: dialog.accept())  # "Buat kata sandi sementara baru? …"
    page.locator('[data-test="akun-reset"]').click()
    expect(page).to_have_url(f"{base}/operator/pegawai/{pegawai.pk}/#akun")
    temp = page.locator('[data-test="kata-sandi-sementara"]')
    expect(temp).to_be_visible()
    expect(temp).to_contain_text("hanya ditampilkan sekali")
    temp_password = page.locator('[data-test="kata-sandi"]').inner_text().strip()
    assert len(temp_password) >= 8
    expect(page.locator('[data-test="akun"]')).to_contain_text("Sementara — wajib diganti saat masuk")
    page.screenshot(path=str(screenshot_dir / "operator-pegawai-detail-temp-password.png"), full_page=True)
    page.reload()  # shown once: gone on the next load
    expect(page.locator('[data-test="kata-sandi-sementara"]')).to_have_count(0)

    # Live search in the pegawai list: by NIP prefix, then by part of the name, without page loads.
    page.locator('[data-test="operator-nav"]').get_by_role("link", name="Pegawai", exact=True).click()
    expect(page).to_have_url(f"{base}/operator/pegawai/")
    page.wait_for_load_state()  # htmx binds the live search once the document is parsed
    page.evaluate("window.__sameDocument = true")
    search = page.get_by_role("searchbox", name="Cari NIP atau nama")
    search.fill(NIP_BARU[:8])
    expect(page).to_have_url(f"{base}/operator/pegawai/?q={NIP_BARU[:8]}&unit=&aktif=")
    expect(page.locator('#pegawai-results [data-test="pegawai-row"]')).to_have_count(1)
    expect(pegawai_row(page, NIP_BARU)).to_contain_text(NAMA_LENGKAP_BARU)
    search.fill("luther ben")
    expect(page).to_have_url(f"{base}/operator/pegawai/?q=luther%20ben&unit=&aktif=")
    expect(page.locator('#pegawai-results [data-test="pegawai-row"]')).to_have_count(1)
    row = pegawai_row(page, NIP_BARU)
    expect(row).to_contain_text("Bidang Pengembangan Pegawai")
    expect(row).to_contain_text("Maria Goreti Lake, S.Sos., M.AP.")
    assert page.evaluate("window.__sameDocument") is True
    page.screenshot(path=str(screenshot_dir / "operator-pegawai-cari.png"), full_page=True)

    # The new pegawai's first login: the temporary password, then their own.
    page.locator('[data-test="logout"]').click()
    expect(page).to_have_url(f"{base}/accounts/login/")
    log_in(page, base, NIP_BARU, temp_password)
    expect(page).to_have_url(f"{base}/accounts/password_change/")
    expect(page.locator(".alert-warning")).to_contain_text("Anda masuk dengan kata sandi sementara dari operator.")
    page.goto(f"{base}/profil/")  # nothing else opens before the password is changed
    expect(page).to_have_url(f"{base}/accounts/password_change/")
    page.screenshot(path=str(screenshot_dir / "pegawai-baru-ganti-kata-sandi.png"), full_page=True)
    page.locator("#id_old_password").fill(temp_password)
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Simpan kata sandi").click()
    expect(page).to_have_url(f"{base}/accounts/password_change/done/")
    expect(page.locator(".alert-success")).to_have_text("Kata sandi Anda berhasil diganti.")
    page.get_by_role("link", name="Ke Dashboard").click()

    expect(page).to_have_url(f"{base}/")
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    expect(page.locator(".topbar")).to_contain_text(NAMA_LENGKAP_BARU)
    expect(page.locator(".topbar")).to_contain_text(f"NIP {NIP_BARU}")
    expect(page.locator(".content")).to_contain_text(f"Selamat datang, {NAMA_LENGKAP_BARU}")
    expect(page.locator('[data-test="identitas"]')).to_contain_text("Maria Goreti Lake, S.Sos., M.AP.")
    expect(page.locator('[data-menu="operator"]')).to_have_count(0)  # an ordinary pegawai
    page.screenshot(path=str(screenshot_dir / "pegawai-baru-dashboard.png"), full_page=True)
    user = pegawai.user
    assert user is not None
    user.refresh_from_db()
    assert user.must_change_password is False
    assert user.check_password(NEW_PASSWORD)


# --- 2. Import pegawai from a CSV file: dry run with a bad row, corrected file, apply ----------

HEADER = (
    "NIP_BARU;NAMA;GELAR_DEPAN;GELAR_BELAKANG;STATUS_PEGAWAI;GOL_RUANG;KODE_JABATAN;KODE_UNOR;NIP_ATASAN;TUGAS_BELAJAR"
)
# Codes of the demo cast: J-006 Pranata Komputer Ahli Pertama, J-007 Penelaah Teknis Kebijakan,
# J-008 Pengelola Kepegawaian; BKD.01 Sekretariat, BKD.02 Bidang Pengembangan Pegawai.
ROWS_OK = [
    f"199404012019032001;Theresia Dua Nurak;;S.AP.;PNS;III/a;J-007;BKD.02;{NIP_KABID};Tidak",
    f"199611152020121003;Kornelis Seran;;;PPPK;V;J-008;BKD.01;{NIP_SEKRETARIS};Tidak",
    f"{NIP_YAKOBUS};Yakobus Ndun;;A.Md.;PNS;II/d;J-007;BKD.02;{NIP_KABID};Tidak",  # as it is
]
# Born on the 15th month, and her atasan (row 2) comes earlier in the same file.
ROW_BAD = "199613152022032002;Maria Yasinta Ratu;;S.Kom.;CPNS;III/a;J-006;BKD.02;199404012019032001;Tidak"
ROW_FIXED = ROW_BAD.replace("199613152022032002", "199612152022032002")


def csv_file(name: str, rows: list[str]) -> dict[str, object]:
    body = "\r\n".join([HEADER, *rows]) + "\r\n"
    return {"name": name, "mimeType": "text/csv", "buffer": body.encode("utf-8")}


def upload(page: Page, file: dict[str, object]) -> None:
    form = page.locator('[data-test="impor-form"]')
    field(form, "Jenis data").select_option(label="Pegawai")
    field(form, "Berkas CSV atau XLSX").set_input_files(file)  # type: ignore[arg-type]
    form.locator('[data-test="impor-unggah"]').click()
    expect(page).to_have_url(re.compile(r"/operator/impor/\d+/$"))


class HeldWorker:
    """Stands in for `manage.py db_worker` being busy: while `holding`, uploads wait for it.

    The test settings run tasks inline (ImmediateBackend), so an upload is normally checked before
    its page loads; holding it shows the page as the operator sees it while the worker is busy.
    The waiting checks run from `on_poll`, a Playwright route handler, once `release_on_next_poll`
    is set: the poll it holds back is then the only request, so the live server is idle while the
    test thread writes (on SQLite both use one in-memory database).
    """

    def __init__(self, run_now: Callable[[int], None]) -> None:
        self.run_now = run_now
        self.holding = False
        self.release_on_next_poll = False
        self.waiting: list[int] = []

    def enqueue(self, job_id: int) -> None:
        if self.holding:
            self.waiting.append(job_id)
        else:
            self.run_now(job_id)

    def on_poll(self, route: Route) -> None:
        if self.release_on_next_poll:
            self.release_on_next_poll = self.holding = False
            while self.waiting:
                self.run_now(self.waiting.pop(0))
        route.continue_()


@pytest.fixture
def held_worker(monkeypatch: pytest.MonkeyPatch) -> HeldWorker:
    worker = HeldWorker(impor_views.enqueue_import_validation)
    monkeypatch.setattr(impor_views, "enqueue_import_validation", worker.enqueue)
    return worker


def test_operator_imports_pegawai_from_csv(
    live_server, page: Page, screenshot_dir: Path, held_worker: HeldWorker
) -> None:
    seed_organisasi()
    base = live_server.url
    log_in(page, base, NIP_OPERATOR)
    open_operator(page, base, "Impor data")
    expect(page).to_have_url(f"{base}/operator/impor/")
    expect(page.get_by_role("heading", name="Impor data", level=1)).to_be_visible()

    # First file: one NIP is wrong. The dry run names its row and the reason, and writes nothing.
    upload(page, csv_file("pegawai-bkd.csv", [*ROWS_OK[:2], ROW_BAD, ROWS_OK[2]]))
    status = page.locator('[data-test="impor-status"]')
    expect(status).to_have_attribute("data-status", "ditolak")
    expect(page.locator('[data-test="impor-status-label"]')).to_have_text("Ada baris yang salah")
    expect(page.locator('[data-test="jumlah-dibuat"]')).to_have_text("2")
    expect(page.locator('[data-test="jumlah-tetap"]')).to_have_text("1")
    expect(page.locator('[data-test="jumlah-salah"]')).to_have_text("1")
    bad = page.locator('[data-test="galat-item"]')
    expect(bad).to_have_count(1)
    expect(bad).to_have_attribute("data-baris", "4")  # the header is row 1
    expect(bad).to_contain_text("199613152022032002")
    expect(bad).to_contain_text("Tanggal lahir pada NIP (digit 1–8: 19961315) bukan tanggal yang ada.")
    expect(page.locator('[data-test="impor-terapkan"]')).to_have_count(0)
    page.screenshot(path=str(screenshot_dir / "operator-impor-report-errors.png"), full_page=True)
    assert not Pegawai.objects.filter(nip="199404012019032001").exists()

    # The corrected file, while the worker is busy: the page says so and refreshes itself.
    page.get_by_role("link", name="Kembali ke daftar impor").click()
    expect(page.locator('[data-test="impor-item"]')).to_have_count(1)
    held_worker.holding = True
    page.route("**/operator/impor/*/status/", held_worker.on_poll)
    upload(page, csv_file("pegawai-bkd-perbaikan.csv", [*ROWS_OK[:2], ROW_FIXED, ROWS_OK[2]]))
    page.evaluate("window.__sameDocument = true")
    expect(status).to_have_attribute("data-status", "menunggu_validasi")
    expect(status).to_have_attribute("hx-trigger", "every 1s")
    expect(status).to_contain_text("Menunggu giliran diproses…")
    expect(page.locator('[data-test="impor-progress"]')).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "operator-impor-progress.png"), full_page=True)
    with page.expect_response("**/status/") as polled:  # a poll answered while still waiting
        pass
    assert polled.value.ok
    expect(status).to_contain_text("Menunggu giliran diproses…")

    held_worker.release_on_next_poll = True  # the worker picks the job up
    expect(status).to_have_attribute("data-status", "tervalidasi", timeout=15_000)
    assert page.evaluate("window.__sameDocument") is True  # no reload: the poll swapped the report in
    expect(status).not_to_have_attribute("hx-trigger", "every 1s")  # and polling stops
    expect(page.locator('[data-test="impor-status-label"]')).to_have_text("Siap diterapkan")
    expect(page.locator('[data-test="jumlah-dibuat"]')).to_have_text("3")
    expect(page.locator('[data-test="jumlah-diubah"]')).to_have_text("0")
    expect(page.locator('[data-test="jumlah-tetap"]')).to_have_text("1")
    expect(page.locator('[data-test="jumlah-salah"]')).to_have_text("0")
    expect(page.locator('[data-test="galat-item"]')).to_have_count(0)
    expect(page.locator('[data-test="perubahan-item"][data-aksi="dibuat"]')).to_have_count(3)
    expect(page.locator('[data-test="impor-perubahan"]')).to_contain_text("Kornelis Seran")
    page.screenshot(path=str(screenshot_dir / "operator-impor-dry-run.png"), full_page=True)

    page.locator('[data-test="impor-terapkan"]').click()
    expect(status).to_have_attribute("data-status", "diterapkan")
    expect(page.locator(".messages")).to_contain_text("Penerapan dimulai.")
    expect(page.locator('[data-test="impor-status-label"]')).to_have_text("Selesai diterapkan")
    hasil = page.locator('[data-test="impor-hasil"]')
    expect(hasil).to_contain_text("Diterapkan: 3 dibuat, 0 diubah, 1 tidak berubah.")
    expect(hasil).to_contain_text("Akun baru: 3")
    expect(page.locator('[data-test="impor-terapkan"]')).to_have_count(0)
    page.screenshot(path=str(screenshot_dir / "operator-impor-applied.png"), full_page=True)

    # What the page polls renders the final state as a fragment too.
    page.evaluate(
        """() => {
        document.getElementById("impor-status").dataset.old = "1";
        htmx.ajax("GET", window.location.pathname + "status/", {target: "#impor-status", swap: "outerHTML"});
    }"""
    )
    expect(page.locator("#impor-status[data-old]")).to_have_count(0)
    expect(hasil).to_contain_text("Diterapkan: 3 dibuat, 0 diubah, 1 tidak berubah.")
    expect(page.locator("h1")).to_have_count(1)

    page.get_by_role("link", name="Kembali ke daftar impor").click()
    expect(page.locator('[data-test="impor-item"]').first).to_contain_text("Selesai diterapkan")
    page.locator('[data-test="operator-nav"]').get_by_role("link", name="Pegawai", exact=True).click()
    expect(page).to_have_url(f"{base}/operator/pegawai/")
    page.wait_for_load_state()
    page.get_by_role("searchbox", name="Cari NIP atau nama").fill("kornelis")
    expect(page).to_have_url(f"{base}/operator/pegawai/?q=kornelis&unit=&aktif=")
    row = pegawai_row(page, "199611152020121003")
    expect(row).to_contain_text("Kornelis Seran")
    expect(row).to_contain_text("Sekretariat")
    expect(row).to_contain_text("PPPK")
    expect(page.locator('#pegawai-results [data-test="pegawai-row"]')).to_have_count(1)
    page.screenshot(path=str(screenshot_dir / "operator-impor-pegawai-list.png"), full_page=True)
    maria = Pegawai.objects.select_related("atasan").get(nip="199612152022032002")
    assert maria.atasan is not None and maria.atasan.nip == "199404012019032001"


# --- 3. Unit kerja tree: add a sub-unit under a bidang ----------------------------------------


def test_operator_adds_a_sub_unit(live_server, page: Page, screenshot_dir: Path) -> None:
    seed_organisasi()
    base = live_server.url
    log_in(page, base, NIP_OPERATOR)
    open_operator(page, base, "Unit kerja")
    expect(page).to_have_url(f"{base}/operator/unit/")
    tree = page.locator('[data-test="unit-tree"]')
    bidang = tree.locator('[data-test="unit-node"][data-kode="BKD.02"]')
    expect(bidang.locator("> .node strong")).to_have_text("Bidang Pengembangan Pegawai")
    expect(bidang.locator('[data-test="unit-node"]')).to_have_count(0)

    induk = UnitKerja.objects.get(kode="BKD.02")
    bidang.locator("> .node").get_by_role("link", name="Tambah sub-unit").click()
    expect(page).to_have_url(f"{base}/operator/unit/tambah/?induk={induk.pk}")
    form = page.locator('[data-test="unit-form"]')
    expect(field(form, "Unit induk")).to_have_value(str(induk.pk))

    # A code already taken is refused, with the unit that holds it.
    field(form, "Kode").fill("bkd.02")
    field(form, "Nama").fill("Subbidang Penilaian Kinerja")
    field(form, "NIP kepala unit").fill(NIP_KETUA_TIM)
    form.get_by_role("button", name="Simpan").click()
    expect(form.locator(".field.has-error .error")).to_have_text(
        "Kode bkd.02 sudah dipakai oleh unit kerja “Bidang Pengembangan Pegawai” di instansi ini."
    )
    expect(field(form, "Unit induk")).to_have_value(str(induk.pk))
    field(form, "Kode").fill("BKD.02.01")
    form.get_by_role("button", name="Simpan").click()

    expect(page).to_have_url(f"{base}/operator/unit/")
    expect(page.locator(".messages")).to_contain_text("Unit kerja “Subbidang Penilaian Kinerja” ditambahkan.")
    sub = bidang.locator('> ul > [data-test="unit-node"][data-kode="BKD.02.01"]')
    expect(sub).to_be_visible()
    expect(sub.locator("> .node strong")).to_have_text("Subbidang Penilaian Kinerja")
    expect(sub.locator('[data-test="unit-kepala"]')).to_have_text("Gregorius Nenobais, S.Psi., M.Psi.")
    expect(sub.locator('[data-test="unit-jumlah"]')).to_have_text("0 pegawai")
    expect(bidang.locator('> .node [data-test="unit-jumlah"]')).to_contain_text("termasuk sub-unit")
    # Nested one level deeper than its parent, which sits under the badan.
    expect(
        tree.locator('> [data-kode="BKD"] > ul > [data-kode="BKD.02"] > ul > [data-kode="BKD.02.01"]')
    ).to_be_visible()
    box_parent = bidang.locator("> .node strong").bounding_box()
    box_child = sub.locator("> .node strong").bounding_box()
    assert box_parent is not None and box_child is not None
    assert box_child["x"] > box_parent["x"]  # indented under its parent
    page.screenshot(path=str(screenshot_dir / "operator-unit-tree.png"), full_page=True)
    assert UnitKerja.objects.get(kode="BKD.02.01").induk == induk
