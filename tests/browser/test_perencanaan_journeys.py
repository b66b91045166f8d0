"""End-to-end journeys through perencanaan with the demo cast, each across several pages and people:

1. the Kepala Badan (JPT) creates an SKP period, copies a sasaran strategis and an indikator of the
   Perjanjian Kinerja into it, then divides that rencana kinerja in a Matriks Peran Hasil;
2. a bawahan (the PPPK Fransiska, whose demo draft is removed first) copies her peran from the
   Kepala Bidang's matriks, adds an IKI, sets a penilai perilaku and submits; the Kepala Bidang
   returns the SKP with a note, the pegawai submits again, the Kepala Bidang sets it.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Dialog, Page, expect

from organisasi.demo import DEMO_PASSWORD, PEOPLE, seed_organisasi
from perencanaan.demo import seed_perencanaan
from perencanaan.models import (
    BarisMatriks,
    IndikatorKinerja,
    PeranHasil,
    PerilakuSkp,
    PerjanjianKinerja,
    Rhk,
    SasaranStrategis,
    Satuan,
    Skp,
    StatusSkp,
)
from perencanaan.services.skp import skp_delete

pytestmark = [
    pytest.mark.browser,
    # The live server runs in another thread: data must be committed. serialized_rollback puts the
    # reference data of the migrations (golongan, jenjang, satuan, aspek perilaku) back for each test.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NIP = {p.key: p.nip for p in PEOPLE}
NIP_KEPALA_BADAN = NIP["kepala_badan"]  # 197203151998031001, Yohanes Bria Manek (JPT Pratama)
NIP_KABID = NIP["kabid"]  # 197808122003122002, Maria Goreti Lake
NIP_PPPK = NIP["pppk"]  # 199507092022122007, Fransiska Nona Seran

SASARAN = "Meningkatnya kualitas manajemen ASN berbasis sistem merit"
INDIKATOR_MERIT = "Indeks Sistem Merit"
INDIKATOR_SKP = "Persentase ASN yang SKP-nya ditetapkan tepat waktu"


def log_in(tab: Page, base_url: str, nip: str) -> None:
    tab.goto(f"{base_url}/accounts/login/")
    tab.locator("#id_username").fill(nip)
    tab.locator("#id_password").fill(DEMO_PASSWORD)
    tab.get_by_role("button", name="Masuk", exact=True).click()
    expect(tab).to_have_url(f"{base_url}/")


def log_out(tab: Page, base_url: str) -> None:
    tab.locator('[data-test="logout"]').click()
    expect(tab).to_have_url(f"{base_url}/accounts/login/")


def settled(tab: Page) -> None:
    """Wait until htmx has swapped and processed new content (a person never types that fast)."""
    tab.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")
    tab.wait_for_timeout(50)


def still_same_document(tab: Page) -> None:
    assert tab.evaluate("window.__sameDocument === true"), "the page was reloaded"


def add_periode(tab: Page, tahun: int) -> None:
    """SKP Saya → Tambah: 1 January – 31 December, Kuantitatif (in place)."""
    tab.locator('[data-test="skp-tambah"]').click()
    form = tab.locator('[data-test="skp-periode-form"]')
    expect(form).to_be_visible()
    form.locator("#id_periode_mulai").fill(f"{tahun}-01-01")
    form.locator("#id_periode_selesai").fill(f"{tahun}-12-31")
    form.get_by_role("radio", name="Kuantitatif").check()
    form.locator('[data-test="simpan"]').click()
    expect(tab.locator('[data-test="skp-pesan"]')).to_contain_text(f"SKP periode 01-01-{tahun} – 31-12-{tahun} dibuat")
    expect(tab.locator('[data-test="skp-periode-form"]')).to_have_count(0)


def open_own_skp(tab: Page, base_url: str, skp: Skp, status: str) -> None:
    """SKP Saya → the SKP's row shows its status → Target SKP."""
    tab.locator('[data-menu="skp_saya"]').click()
    expect(tab).to_have_url(f"{base_url}/skp/")
    row = tab.locator(f'[data-test="skp-row"][data-skp="{skp.pk}"]')
    expect(row.locator('[data-test="skp-status"]')).to_have_text(status)
    row.get_by_role("link", name="Target SKP").click()
    expect(tab).to_have_url(f"{base_url}/skp/{skp.pk}/")
    expect(tab.locator('#skp-status [data-test="skp-status"]')).to_have_text(status)


def open_bawahan_skp(tab: Page, base_url: str, skp: Skp) -> None:
    """SKP Bawahan → the pegawai's row, waiting for a decision → Tinjau."""
    tab.locator('[data-menu="skp_bawahan"]').click()
    expect(tab).to_have_url(f"{base_url}/skp-bawahan/")
    row = tab.locator(f'[data-test="bawahan-row"][data-nip="{NIP_PPPK}"]')
    expect(row).to_have_attribute("data-status", "diajukan")
    expect(row).to_contain_text("Perlu ditinjau")
    row.get_by_role("link", name="Tinjau").click()
    expect(tab).to_have_url(f"{base_url}/skp-bawahan/{skp.pk}/")
    expect(tab.locator('[data-test="skp-tetapkan"]')).to_be_visible()


def test_jpt_builds_the_skp_from_the_pk_and_divides_it_in_a_matriks(
    live_server, page: Page, screenshot_dir: Path
) -> None:
    cast = seed_organisasi()
    tahun = timezone.localdate().year
    perjanjian = PerjanjianKinerja.objects.create(unit_kerja=cast.units["bkd"], tahun=tahun)
    sasaran = SasaranStrategis.objects.create(perjanjian=perjanjian, teks=SASARAN, urutan=0)
    merit = IndikatorKinerja.objects.create(
        sasaran=sasaran,
        teks=INDIKATOR_MERIT,
        target=Decimal("0.75"),
        satuan=Satuan.objects.get(nama="Indeks"),
        urutan=0,
    )
    IndikatorKinerja.objects.create(
        sasaran=sasaran,
        teks=INDIKATOR_SKP,
        target=Decimal(95),
        satuan=Satuan.objects.get(nama="Persen (%)"),
        urutan=1,
    )
    base = live_server.url

    # SKP Saya: no SKP yet; Tambah a period in place.
    log_in(page, base, NIP_KEPALA_BADAN)
    page.locator('[data-menu="skp_saya"]').click()
    expect(page).to_have_url(f"{base}/skp/")
    expect(page.locator('[data-test="skp-kosong"]')).to_be_visible()
    expect(page.locator('[data-test="skp-jenis-info"]')).to_contain_text("Kepala Badan Kepegawaian Daerah")
    add_periode(page, tahun)
    skp = Skp.objects.get(pegawai__nip=NIP_KEPALA_BADAN)
    row = page.locator(f'[data-test="skp-row"][data-skp="{skp.pk}"]')
    expect(row.locator('[data-test="skp-periode"]')).to_have_text(f"01 Jan {tahun} - 31 Des {tahun}")
    expect(row.locator('[data-test="skp-status"]')).to_have_text("Draf")
    row.get_by_role("link", name="Target SKP").click()
    expect(page.locator("h1")).to_have_text("Rencana SKP JPT")

    # Input Kinerja Utama: the PK of the Badan is offered; Salin the sasaran strategis.
    page.evaluate("window.__sameDocument = true")
    page.locator('[data-test="input-kinerja-utama"]').click()
    offered = page.locator(f'[data-test="salin-sasaran"][data-sasaran="{sasaran.pk}"]')
    expect(offered).to_contain_text(INDIKATOR_SKP)
    expect(offered).to_contain_text("0,75 Indeks")
    page.screenshot(path=str(screenshot_dir / "journey-jpt-salin-sasaran.png"), full_page=True)
    offered.get_by_role("button", name="Salin").click()
    expect(page.locator('[data-test="rencana-pesan"]')).to_contain_text("disalin menjadi rencana kinerja")
    rhk = Rhk.objects.get(skp=skp)
    body = page.locator(f"#rhk-{rhk.pk}")
    expect(body.locator('[data-test="rhk-teks"]')).to_have_text(SASARAN)
    expect(body.locator('[data-test="iki-kosong"]')).to_be_visible()

    # + Indikator: Salin an indikator of the PK with a perspektif.
    body.locator('[data-test="iki-tambah"]').click()
    indikator = page.locator(f'#rhk-{rhk.pk} [data-test="salin-indikator"][data-indikator="{merit.pk}"]')
    indikator.locator("select[name=perspektif]").select_option(label="Proses Bisnis")
    indikator.get_by_role("button", name="Salin").click()
    expect(page.locator('[data-test="rencana-pesan"]')).to_contain_text(
        f"Indikator “{INDIKATOR_MERIT}” disalin dari Perjanjian Kinerja."
    )
    iki = page.locator(f'#rhk-{rhk.pk} [data-test="iki"]')
    expect(iki).to_have_count(1)
    expect(iki.locator('[data-test="iki-teks"]')).to_have_text(INDIKATOR_MERIT)
    expect(iki.locator('[data-test="iki-target"]')).to_have_text("0,75 Indeks")
    expect(iki.locator('[data-test="iki-perspektif"]')).to_have_text("Proses Bisnis")
    expect(page.locator(f'#rhk-{rhk.pk} [data-test="rhk-teks"]')).to_have_text(SASARAN)
    still_same_document(page)
    page.screenshot(path=str(screenshot_dir / "journey-jpt-rencana-skp.png"), full_page=True)

    # Matriks Peran Hasil: open a matrix with 2 columns on the rencana kinerja just copied.
    page.locator('[data-menu="matriks_peran_hasil"]').click()
    expect(page).to_have_url(f"{base}/matriks-peran-hasil/")
    item = page.locator(f'[data-test="rhk"][data-rhk="{rhk.pk}"]')
    expect(item).to_contain_text(SASARAN)
    item.get_by_label("Jumlah kolom").fill("2")
    item.get_by_role("button", name="Buka matriks").click()
    expect(page.locator('[data-test="matriks-judul"]')).to_contain_text(SASARAN)
    expect(page.locator('[data-test="kolom"]')).to_have_count(2)

    page.evaluate("window.__sameDocument = true")
    page.locator('[data-test="kolom-ubah"]').first.click()
    settled(page)
    page.locator('[data-test="kolom-form"] textarea').fill("Terlaksananya penilaian kinerja berbasis aplikasi")
    page.locator('[data-test="kolom-simpan"]').click()
    expect(page.locator('[data-test="matriks-pesan"]')).to_contain_text("Nama kolom disimpan")
    expect(page.locator('[data-test="kolom"]').first).to_contain_text(
        "Terlaksananya penilaian kinerja berbasis aplikasi"
    )

    # Tambah pegawai: the Kepala Bidang, a bawahan langsung, as Ketua Tim.
    page.locator('[data-test="baris-tambah"]').click()
    settled(page)
    page.locator('[data-test="kandidat-cari"]').fill("Maria")
    candidate = page.locator(f'[data-test="kandidat-item"][data-nip="{NIP_KABID}"]')
    expect(candidate).to_be_visible()
    # The search has answered (the Sekretaris, his other bawahan, is filtered out) before Tambahkan.
    expect(page.locator('[data-test="kandidat-item"]')).to_have_count(1)
    expect(candidate.locator('[data-test="kandidat-uraian"]')).to_contain_text("penilaian kinerja pegawai")
    candidate.locator("select").select_option("ketua_tim")
    candidate.locator('[data-test="kandidat-tambah"]').click()
    expect(page.locator('[data-test="matriks-pesan"]')).to_contain_text("ditambahkan sebagai Ketua Tim")
    page.locator('[data-test="baris-tambah-selesai"]').click()
    expect(page.locator('[data-test="matriks-dialog"]')).to_have_count(0)
    settled(page)
    baris = page.locator(f'[data-test="baris"][data-nip="{NIP_KABID}"]')
    expect(baris.locator('[data-test="jabatan-tim"]')).to_have_text("Ketua Tim")

    # A peran in the first cell of her row.
    peran = "Terlaksananya penerapan pengelolaan kinerja pegawai berbasis aplikasi pada seluruh perangkat daerah"
    cell = baris.locator('[data-test="sel"]').first
    cell.locator('[data-test="peran-ubah"]').click()
    settled(page)
    cell.locator("textarea").fill(peran)
    cell.locator('[data-test="peran-simpan"]').click()
    expect(cell.locator('[data-test="peran"] li')).to_have_text([peran])
    expect(baris.locator('[data-test="tidak-ada-peran"]')).to_have_count(1)  # the second column
    still_same_document(page)
    page.screenshot(path=str(screenshot_dir / "journey-jpt-matriks-peran-hasil.png"), full_page=True)

    saved = PeranHasil.objects.select_related("baris__matriks", "kolom").get()
    assert saved.teks == peran
    assert saved.baris.matriks.rhk_id == rhk.pk
    assert saved.kolom.nama == "Terlaksananya penilaian kinerja berbasis aplikasi"
    assert BarisMatriks.objects.get().jabatan_tim == "ketua_tim"
    copied = rhk.iki.get()
    assert (copied.indikator_pk_id, copied.perspektif, copied.target_min) == (
        merit.pk,
        "proses_bisnis",
        Decimal("0.75"),
    )


def test_bawahan_submits_and_the_atasan_returns_then_sets_the_skp(
    live_server, page: Page, screenshot_dir: Path
) -> None:
    cast = seed_organisasi()
    tahun = timezone.localdate().year
    plans = seed_perencanaan(cast, tahun=tahun)
    # Fransiska's demo SKP is a draft never submitted: it can simply go; her peran stays in the matriks.
    skp_delete(skp=plans.skp["pppk"])
    fransiska = cast.pegawai["pppk"]
    santi = cast.pegawai["pranata_komputer"]
    fransiska.rekan_kerja.add(santi)
    peran = PeranHasil.objects.get(baris__pegawai=fransiska)
    kabid_rhk = plans.rhk["kabid_kinerja"]
    assert peran.baris.matriks.rhk_id == kabid_rhk.pk
    base = live_server.url

    # The pegawai: a new period, Salin her peran, one IKI, a penilai perilaku, Ajukan.
    log_in(page, base, NIP_PPPK)
    page.locator('[data-menu="skp_saya"]').click()
    expect(page.locator('[data-test="skp-kosong"]')).to_be_visible()
    add_periode(page, tahun)
    skp = Skp.objects.get(pegawai=fransiska)
    row = page.locator(f'[data-test="skp-row"][data-skp="{skp.pk}"]')
    row.get_by_role("link", name="Target SKP").click()
    expect(page.locator("h1")).to_have_text("Rencana SKP JA/JF")

    page.evaluate("window.__sameDocument = true")
    page.locator('[data-test="input-kinerja-utama"]').click()
    offered = page.locator(f'[data-test="salin-peran"][data-peran="{peran.pk}"]')
    expect(offered).to_contain_text("Maria Goreti Lake")
    expect(offered).to_contain_text(kabid_rhk.teks)
    page.screenshot(path=str(screenshot_dir / "journey-bawahan-salin-peran.png"), full_page=True)
    offered.get_by_role("button", name="Salin").click()
    expect(page.locator('[data-test="rencana-pesan"]')).to_contain_text("disalin menjadi rencana hasil kerja")
    rhk = Rhk.objects.get(skp=skp)
    body = page.locator(f"#rhk-{rhk.pk}")
    expect(body.locator('[data-test="rhk-intervensi"]')).to_contain_text(
        "Terlaksananya penerapan pengelolaan kinerja pegawai berbasis aplikasi"
    )
    expect(body.locator('[data-test="rhk-teks"]')).to_have_text(peran.teks)
    expect(body.locator('[data-test="rhk-penugasan"]')).to_have_text(
        "Penugasan dari: Kepala Bidang Pengembangan Pegawai"
    )

    body.locator('[data-test="iki-tambah"]').click()
    form = page.locator(f'#rhk-{rhk.pk} [data-test="iki-manual-form"]')
    form.locator('[name="aspek"]').select_option("kuantitas")
    form.locator('[name="teks"]').fill("Jumlah pemutakhiran data kinerja pegawai pada aplikasi")
    form.locator('[name="target_min"]').fill("12")
    form.locator('[name="satuan"]').select_option(label="Kali")
    form.get_by_role("button", name="Simpan").click()
    expect(page.locator('[data-test="rencana-pesan"]')).to_contain_text("Indikator kinerja individu ditambahkan.")
    iki = page.locator(f'#rhk-{rhk.pk} [data-test="iki"]')
    expect(iki.locator('[data-test="iki-aspek"]')).to_have_text("Kuantitas")
    expect(iki.locator('[data-test="iki-target"]')).to_have_text("12 Kali")

    perilaku = page.locator('[data-test="perilaku-row"][data-aspek="kolaboratif"]')
    perilaku.locator('[data-test="set-penilai"]').click()
    penilai_form = perilaku.locator('[data-test="sec-form"]')
    penilai_form.get_by_role("radio", name="Rekan Kerja").check()
    penilai_form.locator("select[name=rekan]").select_option(str(santi.pk))
    penilai_form.get_by_role("button", name="Simpan").click()
    perilaku = page.locator('[data-test="perilaku-row"][data-aspek="kolaboratif"]')
    expect(perilaku.locator('[data-test="penilai"]')).to_have_text("Rekan Kerja (Santi Anggraeni Tallo, S.Kom.)")

    still_same_document(page)

    # Ajukan reloads the whole page on purpose (HX-Redirect): every section turns read-only.
    page.locator('[data-test="skp-ajukan"]').click()
    expect(page.locator(".messages")).to_contain_text("SKP diajukan kepada pejabat penilai: Maria Goreti Lake")
    expect(page.locator('#skp-status [data-test="skp-status"]')).to_have_text("Diajukan")
    expect(page.locator('[data-test="input-kinerja-utama"]')).to_have_count(0)
    page.screenshot(path=str(screenshot_dir / "journey-bawahan-diajukan.png"), full_page=True)
    log_out(page, base)

    # The Kepala Bidang returns it with a note.
    note = "Tambahkan indikator kualitas: persentase data kinerja yang mutakhir."
    log_in(page, base, NIP_KABID)
    open_bawahan_skp(page, base, skp)
    expect(page.locator('[data-test="rencana-table"]')).to_contain_text(peran.teks)
    expect(page.locator('[data-test="perilaku-row"][data-aspek="kolaboratif"] [data-test="penilai"]')).to_have_text(
        "Rekan Kerja (Santi Anggraeni Tallo, S.Kom.)"
    )
    page.locator("#id_catatan").fill(note)
    page.locator('[data-test="skp-kembalikan"]').click()
    expect(page.locator('[data-test="bawahan-pesan"]')).to_contain_text("dikembalikan kepada pegawai")
    expect(page.locator('[data-test="workflow-dikembalikan"]')).to_be_visible()
    expect(page.locator('[data-test="skp-workflow"]')).to_contain_text(note)
    page.screenshot(path=str(screenshot_dir / "journey-bawahan-dikembalikan-atasan.png"), full_page=True)
    log_out(page, base)

    # The pegawai reads the note and submits again.
    log_in(page, base, NIP_PPPK)
    open_own_skp(page, base, skp, "Dikembalikan")
    expect(page.locator('[data-test="catatan-pengembalian"]')).to_contain_text(note)
    expect(page.locator('[data-test="input-kinerja-utama"]')).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "journey-bawahan-dikembalikan-pegawai.png"), full_page=True)
    page.locator('[data-test="skp-ajukan"]').click()
    expect(page.locator('#skp-status [data-test="skp-status"]')).to_have_text("Diajukan")
    expect(page.locator('[data-test="catatan-pengembalian"]')).to_have_count(0)
    log_out(page, base)

    # The Kepala Bidang sets it (confirming the dialog).
    log_in(page, base, NIP_KABID)
    open_bawahan_skp(page, base, skp)

    def accept(dialog: Dialog) -> None:
        dialog.accept()

    page.once("dialog", accept)
    page.locator('[data-test="skp-tetapkan"]').click()
    expect(page.locator('[data-test="workflow-ditetapkan"]')).to_be_visible()
    expect(page.locator('[data-test="bawahan-pesan"]')).to_contain_text("ditetapkan")
    expect(page.locator('[data-test="skp-tetapkan"]')).to_have_count(0)
    log_out(page, base)

    # The pegawai sees it set, and nothing left to edit.
    log_in(page, base, NIP_PPPK)
    open_own_skp(page, base, skp, "Ditetapkan")
    expect(page.locator('[data-test="status-ditetapkan"]')).to_be_visible()
    for hook in (
        "input-kinerja-utama",
        "input-kinerja-tambahan",
        "iki-tambah",
        "rhk-ubah",
        "iki-ubah",
        "set-penilai",
        "skp-ajukan",
    ):
        expect(page.locator(f'[data-test="{hook}"]')).to_have_count(0)
    expect(page.locator(f'#rhk-{rhk.pk} [data-test="iki-target"]')).to_have_text("12 Kali")
    page.screenshot(path=str(screenshot_dir / "journey-bawahan-ditetapkan.png"), full_page=True)

    skp.refresh_from_db()
    assert skp.status == StatusSkp.DITETAPKAN
    assert skp.pejabat_penilai_id == cast.pegawai["kabid"].pk
    assert list(skp.riwayat.order_by("pk").values_list("ke_status", flat=True)) == [
        "draft",
        "diajukan",
        "dikembalikan",
        "diajukan",
        "ditetapkan",
    ]
    assert PerilakuSkp.objects.get(skp=skp, aspek__kode="kolaboratif").penilai_id == santi.pk
    assert rhk.intervensi_id == kabid_rhk.pk and rhk.peran_asal_id == peran.pk
