"""Matriks Peran Hasil screens: the leader's list and matrix, readers, both levels, wrong users and
bad input, with htmx (partials) and without JavaScript (plain posts and redirects)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from organisasi.konflik import versi_of
from organisasi.models import Pegawai, TimKerja
from perencanaan.models import BarisMatriks, KolomMatriks, MatriksPeranHasil, PeranHasil, Rhk, Skp, StatusSkp
from perencanaan.services.matriks import baris_add, matriks_open_for_rhk, peran_set
from tests.factories import RhkFactory, SasaranStrategisFactory

from .conftest import Plan, client_of
from .test_matriks_services import ANGGOTA, KETUA, copy_into_rhk, skp_of

HTMX = {"HX-Request": "true"}
LIST = reverse("perencanaan:matriks_list")


@dataclass
class M:
    """The kabid's matrix: staf is Ketua Tim with peran in column 1, staf2 Anggota Tim without."""

    matriks: MatriksPeranHasil
    k1: KolomMatriks
    k2: KolomMatriks
    ketua: BarisMatriks
    anggota: BarisMatriks

    @property
    def url(self) -> str:
        return reverse("perencanaan:matriks_detail", args=[self.matriks.pk])

    def action(self, name: str, *args: int) -> str:
        return reverse(f"perencanaan:matriks_{name}", args=[self.matriks.pk, *args])


@pytest.fixture
def m(plan: Plan) -> M:
    rhk = RhkFactory(skp=skp_of(plan.kabid), teks="Terlaksananya penerapan Tool Kinerja lingkup Pemerintah Provinsi")
    matriks = matriks_open_for_rhk(rhk=rhk, jumlah_kolom=2)
    k1, k2 = matriks.kolom.order_by("urutan")
    KolomMatriks.objects.filter(pk=k1.pk).update(nama="Terlaksananya penilaian kompetensi")
    KolomMatriks.objects.filter(pk=k2.pk).update(nama="Terlaksananya penilaian kinerja")
    ketua = baris_add(matriks=matriks, pegawai=plan.staf, jabatan_tim=KETUA)
    anggota = baris_add(matriks=matriks, pegawai=plan.staf2, jabatan_tim=ANGGOTA)
    peran_set(
        baris=ketua,
        kolom=k1,
        teks="Terlaksananya pendampingan Tool Kinerja\nTerselesaikannya perawatan sistem",
    )
    k1.refresh_from_db()
    k2.refresh_from_db()
    return M(matriks, k1, k2, ketua, anggota)


def html(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


VERSI = re.compile(r'name="versi" value="(\d+)"')


def versi_in(response) -> str:  # type: ignore[no-untyped-def]
    """The version the form on the page carries back, as a browser would send it."""
    found = VERSI.findall(html(response))
    assert len(found) == 1, found
    return str(found[0])


# --- Menu and list --------------------------------------------------------------------------------


def test_menu_entry_opens_the_matrix_list(plan: Plan) -> None:
    response = client_of(plan.staf).get(LIST)
    assert response.status_code == 200
    assertContains(response, "<h1>Matriks Peran Hasil</h1>")
    assertContains(response, f'href="{LIST}" class="active" aria-current="page" data-menu="matriks_peran_hasil"')


def test_list_of_a_leader_shows_their_rhk_with_buka_matriks(plan: Plan) -> None:
    skp = skp_of(plan.kabid)
    utama = RhkFactory(skp=skp, teks="RHK utama kabid")
    tambahan = RhkFactory(skp=skp, jenis="tambahan", teks="RHK tambahan kabid")
    response = client_of(plan.kabid).get(LIST)
    page = html(response)
    assert page.index("RHK utama kabid") < page.index("RHK tambahan kabid")
    assert page.count('data-test="buka-form"') == 2
    assert reverse("perencanaan:matriks_open", args=[utama.pk]) in page
    assert reverse("perencanaan:matriks_open", args=[tambahan.pk]) in page
    assertContains(response, "Periode 01-01-2026 s.d. 31-12-2026")
    assertContains(response, "Produk/layanan tim: 1 sampai 12, dapat diubah nanti.", count=2)
    assertContains(response, 'min="1" max="12"', count=2)


def test_list_shows_an_existing_matrix_with_its_counts(plan: Plan, m: M) -> None:
    response = client_of(plan.kabid).get(LIST)
    assertContains(response, "2 kolom · 2 pegawai")
    assertContains(response, m.url)


def test_list_of_someone_without_subordinates_explains_why_nothing_to_divide(plan: Plan) -> None:
    RhkFactory(skp=plan.skp_staf)
    response = client_of(plan.staf2).get(LIST)
    assertContains(response, 'data-test="tanpa-skp"')
    response = client_of(plan.staf).get(LIST)
    assertContains(response, 'data-test="tanpa-bawahan"')
    assertNotContains(response, 'data-test="buka-form"')


def test_list_shows_the_matrices_involving_the_user_with_their_peran(plan: Plan, m: M) -> None:
    response = client_of(plan.staf).get(LIST)
    page = html(response)
    assert 'data-test="terlibat-item"' in page
    assert "<li>Terlaksananya pendampingan Tool Kinerja</li><li>Terselesaikannya perawatan sistem</li>" in page
    assert "Tidak ada peran" in page  # column 2
    assert 'data-test="ketua-tim-petunjuk"' in page
    assert m.url in page
    other = html(client_of(plan.staf2).get(LIST))
    assert "Terlaksananya pendampingan Tool Kinerja" not in other and "ketua-tim-petunjuk" not in other


# --- Opening --------------------------------------------------------------------------------------


def test_open_a_matrix_without_javascript(plan: Plan) -> None:
    rhk = RhkFactory(skp=skp_of(plan.kabid))
    url = reverse("perencanaan:matriks_open", args=[rhk.pk])
    response = client_of(plan.kabid).post(url, {f"rhk{rhk.pk}-jumlah_kolom": "3"})
    matriks = MatriksPeranHasil.objects.get(rhk=rhk)
    assertRedirects(response, reverse("perencanaan:matriks_detail", args=[matriks.pk]))
    assert matriks.kolom.count() == 3


def test_open_with_htmx_redirects_the_browser_to_the_new_matrix(plan: Plan) -> None:
    rhk = RhkFactory(skp=skp_of(plan.kabid))
    url = reverse("perencanaan:matriks_open", args=[rhk.pk])
    response = client_of(plan.kabid).post(url, {f"rhk{rhk.pk}-jumlah_kolom": "4"}, headers=HTMX)
    matriks = MatriksPeranHasil.objects.get(rhk=rhk)
    assert response.headers["HX-Redirect"] == reverse("perencanaan:matriks_detail", args=[matriks.pk])
    assert matriks.kolom.count() == 4


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "Jumlah kolom harus berupa bilangan bulat."),
        ("0", "Jumlah kolom produk/layanan paling sedikit 1."),
        ("-2", "Jumlah kolom produk/layanan paling sedikit 1."),
        ("13", "Jumlah kolom produk/layanan paling banyak 12."),
        ("2.5", "Jumlah kolom harus berupa bilangan bulat."),
        ("", "Isi jumlah kolom produk/layanan."),
        ("9" * 40, "Jumlah kolom produk/layanan paling banyak 12."),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_bad_column_counts_get_an_indonesian_message(plan: Plan, value: str, message: str, htmx: bool) -> None:
    rhk = RhkFactory(skp=skp_of(plan.kabid))
    url = reverse("perencanaan:matriks_open", args=[rhk.pk])
    response = client_of(plan.kabid).post(url, {f"rhk{rhk.pk}-jumlah_kolom": value}, headers=HTMX if htmx else {})
    assert response.status_code == 200
    assertContains(response, message)
    assert ("<html" in html(response)) is not htmx
    assert not MatriksPeranHasil.objects.exists()


def test_open_an_rhk_that_already_has_a_matrix_goes_to_it(plan: Plan, m: M) -> None:
    url = reverse("perencanaan:matriks_open", args=[m.matriks.rhk_id])
    response = client_of(plan.kabid).post(url, {f"rhk{m.matriks.rhk_id}-jumlah_kolom": "5"})
    assertRedirects(response, m.url)
    assert m.matriks.kolom.count() == 2


@pytest.mark.parametrize("who", ["staf", "jpt", "operator", "stranger"])
def test_only_the_owner_of_the_rhk_opens_its_matrix(plan: Plan, who: str) -> None:
    rhk = RhkFactory(skp=skp_of(plan.kabid))
    url = reverse("perencanaan:matriks_open", args=[rhk.pk])
    client = client_of(getattr(plan, who))
    assert client.post(url, {f"rhk{rhk.pk}-jumlah_kolom": "2"}).status_code == 404
    assert client.get(url).status_code == 404
    assert not MatriksPeranHasil.objects.exists()


# --- The matrix page ------------------------------------------------------------------------------


def test_leader_sees_the_matrix_like_seed_004_with_controls(plan: Plan, m: M) -> None:
    response = client_of(plan.kabid).get(m.url)
    page = html(response)
    assert "Matriks Peran Hasil — Terlaksananya penerapan Tool Kinerja lingkup Pemerintah Provinsi" in page
    header = re.findall(r"<th(?:\s[^>]*)?>\s*([^<]+?)\s*<", page)
    assert header[:3] == ["Nama Pegawai", "Jabatan", "Produk dan Layanan Tim Kerja pada Unit Kerja"]
    assert page.index("Terlaksananya penilaian kompetensi") < page.index("Terlaksananya penilaian kinerja")
    # The leader first, then the rows in order, with their jabatan tim and jabatan.
    assert page.index('data-test="baris-pimpinan"') < page.index(plan.staf.nip) < page.index(plan.staf2.nip)
    assert str(plan.kabid.jabatan) in page and str(plan.staf.jabatan) in page
    assert ">Ketua Tim</span>" in page and ">Anggota Tim</span>" in page
    assert "<li>Terlaksananya pendampingan Tool Kinerja</li><li>Terselesaikannya perawatan sistem</li>" in page
    assert page.count('data-test="tidak-ada-peran"') == 3
    assert 'data-test="matriks-kontrol"' in page
    assert page.count('data-test="peran-ubah"') == 4
    assert "Menelaah bahan kebijakan teknis." in page  # uraian tugas of the rows, while assigning


@pytest.mark.parametrize("who", ["staf", "staf2", "jpt", "operator"])
def test_readers_see_the_matrix_without_controls(plan: Plan, m: M, who: str) -> None:
    response = client_of(getattr(plan, who)).get(m.url)
    assert response.status_code == 200
    page = html(response)
    assert "Terlaksananya pendampingan Tool Kinerja" in page
    for control in ("matriks-kontrol", "peran-ubah", "kolom-ubah", "kolom-hapus", "baris-hapus", "baris-ubah"):
        assert f'data-test="{control}"' not in page
    if who in ("staf", "staf2"):
        assert page.count('data-test="baris-anda"') == 1


@pytest.mark.parametrize("who", ["outsider", "stranger"])
def test_wrong_users_get_404(plan: Plan, m: M, who: str) -> None:
    client = client_of(getattr(plan, who))
    assert client.get(m.url).status_code == 404
    assert client.get(m.action("kolom_add")).status_code == 404


def test_a_row_pegawai_gets_404_on_every_write(plan: Plan, m: M) -> None:
    client = client_of(plan.staf)
    writes = [
        (m.action("kolom_add"), {"nama": "X"}),
        (m.action("kolom_rename", m.k1.pk), {"nama": "X"}),
        (m.action("kolom_delete", m.k2.pk), {"konfirmasi": "1"}),
        (m.action("baris_add"), {"pegawai": plan.outsider.pk, "jabatan_tim": ANGGOTA}),
        (m.action("baris_kandidat"), None),
        (m.action("baris_update", m.anggota.pk), {"jabatan_tim": KETUA}),
        (m.action("baris_delete", m.anggota.pk), {"konfirmasi": "1"}),
        (m.action("peran", m.anggota.pk, m.k1.pk), {"teks": "Saya ambil sendiri"}),
    ]
    for url, data in writes:
        assert client.get(url).status_code == 404, url
        if data is not None:
            assert client.post(url, data).status_code == 404, url
            assert client.post(url, data, headers=HTMX).status_code == 404, url
    assert m.matriks.kolom.count() == 2 and m.matriks.baris.count() == 2
    assert PeranHasil.objects.count() == 1


def test_ids_of_another_matrix_or_out_of_range_are_404(plan: Plan, m: M) -> None:
    other = matriks_open_for_rhk(rhk=RhkFactory(skp=m.matriks.rhk.skp), jumlah_kolom=1)
    client = client_of(plan.kabid)
    assert client.get(m.action("kolom_rename", other.kolom.get().pk)).status_code == 404
    assert client.get(m.action("peran", m.ketua.pk, other.kolom.get().pk)).status_code == 404
    huge = 10**30
    assert client.get(reverse("perencanaan:matriks_detail", args=[huge])).status_code == 404
    assert client.get(m.action("baris_update", huge)).status_code == 404


def test_anonymous_goes_to_login(db: None, m: M) -> None:
    response = Client().get(m.url)
    assert response.status_code == 302 and reverse("login") in response["Location"]


# --- Columns --------------------------------------------------------------------------------------


def test_add_a_column_with_htmx_swaps_the_panel(plan: Plan, m: M) -> None:
    client = client_of(plan.kabid)
    dialog = client.get(m.action("kolom_add"), headers=HTMX)
    assert dialog.status_code == 200 and "<html" not in html(dialog)
    assertContains(dialog, 'id="matriks-panel"')
    assertContains(dialog, 'data-test="kolom-form"')
    response = client.post(m.action("kolom_add"), {"nama": "Terlaksananya seleksi JPT"}, headers=HTMX)
    assertContains(response, "Kolom “Terlaksananya seleksi JPT” ditambahkan.")
    assertContains(response, 'id="matriks-panel"')
    assert m.matriks.kolom.count() == 3


def test_add_a_column_without_javascript(plan: Plan, m: M) -> None:
    client = client_of(plan.kabid)
    page = client.get(m.action("kolom_add"))
    assert "<html" in html(page) and 'data-test="kolom-form"' in html(page)
    assertRedirects(client.post(m.action("kolom_add"), {"nama": "Layanan konsultasi"}), m.url)
    empty = client.post(m.action("kolom_add"), {"nama": "   "})
    assert empty.status_code == 200
    assertContains(empty, "Isi nama produk/layanan.")
    assert m.matriks.kolom.count() == 3


def test_rename_a_column(plan: Plan, m: M) -> None:
    client = client_of(plan.kabid)
    versi = versi_in(client.get(m.action("kolom_rename", m.k2.pk)))
    assert versi == str(versi_of(m.k2))
    response = client.post(
        m.action("kolom_rename", m.k2.pk), {"nama": "Terlaksananya penilaian kinerja ASN", "versi": versi}
    )
    assertRedirects(response, m.url)
    m.k2.refresh_from_db()
    assert m.k2.nama == "Terlaksananya penilaian kinerja ASN"


def test_delete_a_column_asks_when_it_holds_peran(plan: Plan, m: M) -> None:
    client = client_of(plan.kabid)
    response = client.post(m.action("kolom_delete", m.k1.pk), headers=HTMX)
    assertContains(response, "berisi 1 peran hasil yang akan ikut terhapus")
    assertContains(response, 'name="konfirmasi" value="1"')
    assert KolomMatriks.objects.filter(pk=m.k1.pk).exists()
    response = client.post(m.action("kolom_delete", m.k1.pk), {"konfirmasi": "1"})
    assertRedirects(response, m.url)
    assert not KolomMatriks.objects.filter(pk=m.k1.pk).exists()
    assert not PeranHasil.objects.exists()


def test_delete_an_empty_column_at_once_but_never_the_last(plan: Plan, m: M) -> None:
    client = client_of(plan.kabid)
    response = client.post(m.action("kolom_delete", m.k2.pk), headers=HTMX)
    assertContains(response, "dihapus")
    assert list(m.matriks.kolom.all()) == [m.k1]
    response = client.post(m.action("kolom_delete", m.k1.pk), {"konfirmasi": "1"})
    assertRedirects(response, m.url, fetch_redirect_response=False)
    assertContains(client.get(m.url), "paling sedikit satu kolom")
    assert KolomMatriks.objects.filter(pk=m.k1.pk).exists()


def test_a_column_with_a_copied_peran_is_refused_with_the_reason(plan: Plan, m: M) -> None:
    copy_into_rhk(PeranHasil.objects.get(), plan.skp_staf)
    client = client_of(plan.kabid)
    assertContains(client.get(m.url), 'data-test="peran-disalin"')
    response = client.post(m.action("kolom_delete", m.k1.pk), {"konfirmasi": "1"}, headers=HTMX)
    assertContains(response, "tidak dapat dihapus")
    assertContains(response, plan.staf.nama_lengkap)
    response = client.post(m.action("baris_delete", m.ketua.pk), {"konfirmasi": "1"}, headers=HTMX)
    assertContains(response, "tidak dapat dihapus dari matriks")
    cell = PeranHasil.objects.get()
    response = client.post(
        m.action("peran", m.ketua.pk, m.k1.pk), {"teks": "", "versi": str(versi_of(cell))}, headers=HTMX
    )
    assertContains(response, "tidak dapat dikosongkan")
    assert KolomMatriks.objects.filter(pk=m.k1.pk).exists() and PeranHasil.objects.count() == 1


# --- Rows -----------------------------------------------------------------------------------------


def test_add_row_dialog_searches_eligible_subordinates_with_their_uraian_tugas(plan: Plan, m: M) -> None:
    client = client_of(plan.kabid)
    jabatan = plan.outsider.jabatan
    assert jabatan is not None
    jabatan.uraian_tugas = "Menyusun laporan kinerja bidang.\nMengelola arsip SKP."
    jabatan.save()
    page = html(client.get(m.action("baris_add")))
    # Only the kabid's bawahan not yet in the matrix: the outsider.
    assert page.count('data-test="kandidat-item"') == 1
    assert plan.outsider.nip in page and "Menyusun laporan kinerja bidang.<br>Mengelola arsip SKP." in page
    url = m.action("baris_kandidat")
    by_nip = html(client.get(url, {"cari": plan.outsider.nip[:8]}, headers=HTMX))
    assert plan.outsider.nip in by_nip and "<html" not in by_nip
    by_name = html(client.get(url, {"cari": plan.outsider.nama.split()[0].lower()}, headers=HTMX))
    assert plan.outsider.nip in by_name
    nobody = html(client.get(url, {"cari": plan.jpt.nip}, headers=HTMX))
    assert 'data-test="kandidat-kosong"' in nobody
    assertRedirects(
        client.get(url, {"cari": "abc"}), m.action("baris_add") + "?cari=abc", fetch_redirect_response=False
    )


def test_add_a_row_with_htmx_keeps_the_search_open(plan: Plan, m: M) -> None:
    client = client_of(plan.kabid)
    response = client.post(m.action("baris_add"), {"pegawai": plan.outsider.pk, "jabatan_tim": ANGGOTA}, headers=HTMX)
    assertContains(response, "ditambahkan sebagai Anggota Tim")
    assertContains(response, 'data-test="kandidat-kosong"')  # everyone is in now
    row = BarisMatriks.objects.get(matriks=m.matriks, pegawai=plan.outsider)
    assert (row.jabatan_tim, row.urutan) == (ANGGOTA, 3)


def test_add_a_row_without_javascript(plan: Plan, m: M) -> None:
    response = client_of(plan.kabid).post(m.action("baris_add"), {"pegawai": plan.outsider.pk, "jabatan_tim": KETUA})
    row = BarisMatriks.objects.get(matriks=m.matriks, pegawai=plan.outsider)
    assertRedirects(response, m.url + f"#baris-{row.pk}", fetch_redirect_response=False)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"pegawai": "jpt", "jabatan_tim": ANGGOTA}, "bukan bawahan Anda maupun anggota tim kerja"),
        ({"pegawai": "operator", "jabatan_tim": ANGGOTA}, "bukan bawahan Anda maupun anggota tim kerja"),
        ({"pegawai": "staf", "jabatan_tim": ANGGOTA}, "sudah ada pada matriks ini"),
        ({"pegawai": "stranger", "jabatan_tim": ANGGOTA}, "tidak ditemukan di instansi Anda"),
        ({"pegawai": "abc", "jabatan_tim": ANGGOTA}, "Pilih pegawai dari hasil pencarian."),
        ({"pegawai": "9" * 30, "jabatan_tim": ANGGOTA}, "Pilih pegawai dari hasil pencarian."),
        ({"pegawai": "", "jabatan_tim": ANGGOTA}, "Pilih pegawai dari hasil pencarian."),
        ({"pegawai": "outsider", "jabatan_tim": "kepala"}, "Pilih jabatan tim kerja: Ketua Tim atau Anggota Tim."),
        ({"pegawai": "outsider", "jabatan_tim": "jf_langsung"}, "hanya untuk pemangku jabatan fungsional"),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_bad_rows_get_an_indonesian_message(plan: Plan, m: M, data: dict[str, str], message: str, htmx: bool) -> None:
    who = data["pegawai"]
    if hasattr(plan, who):
        data = {**data, "pegawai": str(getattr(plan, who).pk)}
    response = client_of(plan.kabid).post(m.action("baris_add"), data, headers=HTMX if htmx else {})
    assert response.status_code == 200
    assertContains(response, message)
    assert m.matriks.baris.count() == 2


def test_change_jabatan_tim_and_remove_a_row(plan: Plan, m: M) -> None:
    client = client_of(plan.kabid)
    versi = versi_in(client.get(m.action("baris_update", m.anggota.pk), headers=HTMX))
    response = client.post(m.action("baris_update", m.anggota.pk), {"jabatan_tim": KETUA, "versi": versi}, headers=HTMX)
    assertContains(response, "Ketua Tim")
    m.anggota.refresh_from_db()
    assert m.anggota.jabatan_tim == KETUA
    bad = client.post(m.action("baris_update", m.anggota.pk), {"jabatan_tim": "??", "versi": str(versi_of(m.anggota))})
    assertContains(bad, "Pilih jabatan tim kerja: Ketua Tim atau Anggota Tim.")
    # A row without peran goes at once; one with peran asks first.
    response = client.post(m.action("baris_delete", m.anggota.pk))
    assertRedirects(response, m.url)
    asked = client.post(m.action("baris_delete", m.ketua.pk))
    assertContains(asked, "memiliki 1 peran hasil yang akan ikut terhapus")
    assert BarisMatriks.objects.filter(pk=m.ketua.pk).exists()
    client.post(m.action("baris_delete", m.ketua.pk), {"konfirmasi": "1"})
    assert not m.matriks.baris.exists()


# --- Cells ----------------------------------------------------------------------------------------


def test_inline_cell_editor_with_htmx(plan: Plan, m: M) -> None:
    client = client_of(plan.kabid)
    url = m.action("peran", m.anggota.pk, m.k2.pk)
    editor = client.get(url, headers=HTMX)
    assert "<html" not in html(editor) and 'data-test="peran-form"' in html(editor)
    assertContains(editor, 'hx-target="closest td"')
    assert versi_in(editor) == "0"  # an empty cell
    saved = client.post(
        url,
        {"teks": "- Terlaksananya rapat koordinasi\n- Terlaksananya backup sistem", "versi": "0"},
        headers=HTMX,
    )
    assert "<li>Terlaksananya rapat koordinasi</li><li>Terlaksananya backup sistem</li>" in html(saved)
    cell = PeranHasil.objects.get(baris=m.anggota, kolom=m.k2)
    assert cell.teks == "Terlaksananya rapat koordinasi\nTerlaksananya backup sistem"
    cancelled = client.get(url + "?batal=1", headers=HTMX)
    assertContains(cancelled, "Terlaksananya backup sistem")
    assertNotContains(cancelled, "<textarea")
    # The saved cell's "Ubah" opens the editor again on the version just written.
    assert f'hx-get="{url}"' in html(saved)
    reopened = client.get(url, headers=HTMX)
    assert versi_in(reopened) == str(versi_of(cell)) != "0"
    emptied = client.post(url, {"teks": "   ", "versi": versi_in(reopened)}, headers=HTMX)
    assertContains(emptied, 'data-test="tidak-ada-peran"')
    assert not PeranHasil.objects.filter(baris=m.anggota, kolom=m.k2).exists()
    too_long = client.post(url, {"teks": "x" * 4001, "versi": "0"}, headers=HTMX)
    assertContains(too_long, "Peran hasil paling banyak 4000 karakter.")


def test_cell_editor_without_javascript(plan: Plan, m: M) -> None:
    client = client_of(plan.kabid)
    url = m.action("peran", m.ketua.pk, m.k1.pk)
    page = client.get(url)
    assert "<html" in html(page) and 'data-test="peran-form"' in html(page)
    assertContains(page, "Terselesaikannya perawatan sistem</textarea>")
    response = client.post(url, {"teks": "Terlaksananya penilaian kompetensi manajerial JPT", "versi": versi_in(page)})
    assertRedirects(response, m.url + f"#sel-{m.ketua.pk}-{m.k1.pk}", fetch_redirect_response=False)
    assert PeranHasil.objects.get(baris=m.ketua, kolom=m.k1).teks == "Terlaksananya penilaian kompetensi manajerial JPT"
    client.post(url, {"teks": "", "versi": versi_in(client.get(url))})
    assert not PeranHasil.objects.exists()


# --- No silent overwrite: two tabs of the same leader ----------------------------------------------


def test_a_stale_cell_edit_is_refused_with_the_current_peran_and_the_input_kept(plan: Plan, m: M) -> None:
    url = m.action("peran", m.anggota.pk, m.k2.pk)
    tab_a, tab_b = client_of(plan.kabid), client_of(plan.kabid)
    assert versi_in(tab_a.get(url, headers=HTMX)) == "0"
    assert versi_in(tab_b.get(url)) == "0"
    tab_a.post(url, {"teks": "Terlaksananya rapat koordinasi", "versi": "0"}, headers=HTMX)
    cell = PeranHasil.objects.get(baris=m.anggota, kolom=m.k2)
    for extra in (HTMX, {}):
        stale = tab_b.post(url, {"teks": "Terlaksananya backup sistem", "versi": "0"}, headers=extra)
        assert stale.status_code == 200
        page = html(stale)
        assert ("<html" in page) is (not extra) and 'data-test="peran-form"' in page
        assert "sudah diubah oleh" in page and "setelah Anda membuka formulir" in page
        assert f"pada “{m.k2.nama}” kini “Terlaksananya rapat koordinasi”" in page
        assert "isian Anda: peran hasil “Terlaksananya backup sistem”" in page
        assert ">Terlaksananya backup sistem</textarea>" in page  # the typed text stays in the editor
    assert list(PeranHasil.objects.filter(baris=m.anggota, kolom=m.k2).values_list("teks", flat=True)) == [
        "Terlaksananya rapat koordinasi"
    ]
    assert versi_of(PeranHasil.objects.get(pk=cell.pk)) == versi_of(cell)
    # Reopened, the editor carries the cell's version and the save goes through.
    versi = versi_in(tab_b.get(url, headers=HTMX))
    assert versi == str(versi_of(cell))
    tab_b.post(url, {"teks": "Terlaksananya backup sistem", "versi": versi}, headers=HTMX)
    assert PeranHasil.objects.get(pk=cell.pk).teks == "Terlaksananya backup sistem"


def test_a_cell_cleared_in_another_tab_is_not_brought_back(plan: Plan, m: M) -> None:
    url = m.action("peran", m.ketua.pk, m.k1.pk)
    tab_a, tab_b = client_of(plan.kabid), client_of(plan.kabid)
    versi = versi_in(tab_a.get(url, headers=HTMX))
    assert versi_in(tab_b.get(url, headers=HTMX)) == versi != "0"
    tab_a.post(url, {"teks": "", "versi": versi}, headers=HTMX)
    stale = tab_b.post(url, {"teks": "Terlaksananya pendampingan Tool Kinerja", "versi": versi}, headers=HTMX)
    assertContains(stale, "kini tidak ada peran")
    assert not PeranHasil.objects.filter(baris=m.ketua, kolom=m.k1).exists()


def test_a_stale_jabatan_tim_change_is_refused_with_the_current_value_and_the_choice_kept(plan: Plan, m: M) -> None:
    url = m.action("baris_update", m.anggota.pk)
    tab_a, tab_b = client_of(plan.kabid), client_of(plan.kabid)
    versi = versi_in(tab_a.get(url, headers=HTMX))
    assert versi_in(tab_b.get(url)) == versi == str(versi_of(m.anggota))
    tab_a.post(url, {"jabatan_tim": KETUA, "versi": versi}, headers=HTMX)
    for extra in (HTMX, {}):
        stale = tab_b.post(url, {"jabatan_tim": ANGGOTA, "versi": versi}, headers=extra)
        assert stale.status_code == 200
        page = html(stale)
        assert ("<html" in page) is (not extra) and 'data-test="baris-form"' in page
        assert f"jabatan tim kerja {plan.staf2.nama_lengkap} kini Ketua Tim" in page
        assert "isian Anda: jabatan tim kerja Anggota Tim" in page
        assert f'<option value="{ANGGOTA}" selected>' in page  # the choice stays in the form
    m.anggota.refresh_from_db()
    assert m.anggota.jabatan_tim == KETUA


def test_a_stale_column_rename_is_refused_with_the_current_name_and_the_input_kept(plan: Plan, m: M) -> None:
    url = m.action("kolom_rename", m.k2.pk)
    tab_a, tab_b = client_of(plan.kabid), client_of(plan.kabid)
    versi = versi_in(tab_a.get(url, headers=HTMX))
    assert versi_in(tab_b.get(url)) == versi
    assertRedirects(tab_a.post(url, {"nama": "Terlaksananya penilaian kinerja ASN", "versi": versi}), m.url)
    for extra in (HTMX, {}):
        stale = tab_b.post(url, {"nama": "Terlaksananya evaluasi jabatan", "versi": versi}, headers=extra)
        assert stale.status_code == 200
        page = html(stale)
        assert ("<html" in page) is (not extra) and 'data-test="kolom-form"' in page
        assert "nama kolom kini “Terlaksananya penilaian kinerja ASN”" in page
        assert "isian Anda: nama kolom “Terlaksananya evaluasi jabatan”" in page
        assert ">\nTerlaksananya evaluasi jabatan</textarea>" in page
    m.k2.refresh_from_db()
    assert m.k2.nama == "Terlaksananya penilaian kinerja ASN"


@pytest.mark.parametrize("versi", [None, "", "x", "-2"])
def test_matrix_edits_without_a_valid_version_are_refused(plan: Plan, m: M, versi: str | None) -> None:
    client = client_of(plan.kabid)
    extra = {} if versi is None else {"versi": versi}
    writes = [
        (m.action("kolom_rename", m.k1.pk), {"nama": "Nama baru"}),
        (m.action("baris_update", m.anggota.pk), {"jabatan_tim": KETUA}),
        (m.action("peran", m.anggota.pk, m.k1.pk), {"teks": "Peran baru"}),
    ]
    for url, data in writes:
        for headers in (HTMX, {}):
            response = client.post(url, {**data, **extra}, headers=headers)
            assert response.status_code == 200, url
            assertContains(response, "penanda versi data yang sah")
    m.k1.refresh_from_db()
    m.anggota.refresh_from_db()
    assert m.k1.nama == "Terlaksananya penilaian kompetensi" and m.anggota.jabatan_tim == ANGGOTA
    assert PeranHasil.objects.count() == 1


# --- Second level: the ketua tim and their anggota -------------------------------------------------


def test_a_ketua_tim_builds_their_own_matrix_for_their_anggota(plan: Plan, m: M) -> None:
    tim = TimKerja.objects.create(
        instansi=plan.unit.instansi, unit_kerja=plan.bidang, nama="Tim Tool Kinerja", ketua=plan.staf
    )
    tim.anggota.add(plan.staf2)
    own = RhkFactory(skp=plan.skp_staf, teks="Terlaksananya pendampingan Tool Kinerja", intervensi=m.matriks.rhk)
    client = client_of(plan.staf)
    listing = html(client.get(LIST))
    assert 'data-test="ketua-tim-petunjuk"' in listing
    assert reverse("perencanaan:matriks_open", args=[own.pk]) in listing
    response = client.post(reverse("perencanaan:matriks_open", args=[own.pk]), {f"rhk{own.pk}-jumlah_kolom": "2"})
    second = MatriksPeranHasil.objects.get(rhk=own)
    assertRedirects(response, reverse("perencanaan:matriks_detail", args=[second.pk]))
    add = reverse("perencanaan:matriks_baris_add", args=[second.pk])
    candidates = html(client.get(add))
    assert plan.staf2.nip in candidates and "Tim Tool Kinerja" in candidates
    assert plan.outsider.nip not in candidates
    client.post(add, {"pegawai": plan.staf2.pk, "jabatan_tim": ANGGOTA})
    assert second.baris.get().pegawai == plan.staf2
    refused = client.post(add, {"pegawai": plan.outsider.pk, "jabatan_tim": ANGGOTA})
    assertContains(refused, "bukan bawahan Anda maupun anggota tim kerja")
    # The anggota reads the second-level matrix; the kabid (the ketua's atasan) does too.
    detail = reverse("perencanaan:matriks_detail", args=[second.pk])
    assert client_of(plan.staf2).get(detail).status_code == 200
    assert client_of(plan.kabid).get(detail).status_code == 200
    assert client_of(plan.outsider).get(detail).status_code == 404


def test_the_matrix_of_a_revised_skp_is_read_only_history(plan: Plan, m: M) -> None:
    Skp.objects.filter(pk=m.matriks.rhk.skp_id).update(status=StatusSkp.DIREVISI)
    client = client_of(plan.kabid)
    page = client.get(m.url)
    assertContains(page, 'data-test="matriks-terkunci"')
    assertNotContains(page, 'data-test="matriks-kontrol"')
    response = client.post(m.action("kolom_add"), {"nama": "Baru"})
    assertContains(response, "digantikan revisi")
    assert m.matriks.kolom.count() == 2
    assert 'data-test="terlibat-item"' not in html(client_of(plan.staf).get(LIST))


# --- Keselarasan ------------------------------------------------------------------------------------

ALIGN = reverse("perencanaan:alignment")


def alignment_world(plan: Plan, m: M) -> dict[str, Rhk]:
    sasaran = SasaranStrategisFactory(perjanjian__unit_kerja=plan.unit, perjanjian__tahun=2026, teks="Sasaran satu")
    SasaranStrategisFactory(perjanjian=sasaran.perjanjian, teks="Sasaran tanpa RHK")
    jpt_skp = skp_of(plan.jpt)
    jpt_rhk = RhkFactory(skp=jpt_skp, teks="RHK JPT dari PK", sasaran_pk=sasaran)
    jpt_lain = RhkFactory(skp=jpt_skp, teks="RHK JPT yang belum diintervensi")
    Rhk.objects.filter(pk=m.matriks.rhk_id).update(intervensi=jpt_rhk)
    staf_ok = RhkFactory(skp=plan.skp_staf, teks="RHK staf yang mengintervensi", intervensi=m.matriks.rhk)
    staf_gap = RhkFactory(skp=plan.skp_staf, teks="RHK staf tanpa intervensi")
    return {"jpt": jpt_rhk, "jpt_lain": jpt_lain, "staf_ok": staf_ok, "staf_gap": staf_gap}


def test_alignment_of_the_jpt_unit_with_gap_markers(plan: Plan, m: M) -> None:
    rhk = alignment_world(plan, m)
    response = client_of(plan.jpt).get(ALIGN, {"tahun": "2026"})
    assert response.status_code == 200
    page = html(response)
    assert "Badan Kepegawaian Daerah · tahun 2026" in page
    tree = page[page.index('data-test="keselarasan-pohon"') : page.index('data-test="keselarasan-lepas"')]
    order = ["Sasaran satu", "RHK JPT dari PK", m.matriks.rhk.teks, "RHK staf yang mengintervensi"]
    assert [tree.index(t) for t in order] == sorted(tree.index(t) for t in order)
    assert 'data-test="belum-disalin"' in tree  # the second sasaran
    node = re.search(rf'data-rhk="{rhk["jpt_lain"].pk}">(.*?)</li>', page, re.S)
    assert node is not None and 'data-test="belum-diintervensi"' in node.group(1)
    node = re.search(rf'data-rhk="{rhk["staf_gap"].pk}">(.*?)</li>', page, re.S)
    assert node is not None and 'data-test="tidak-mengintervensi"' in node.group(1)
    node = re.search(rf'data-rhk="{rhk["staf_ok"].pk}">(.*?)</li>', page, re.S)
    assert node is not None and "badge-warn" not in node.group(1)


def test_alignment_defaults_to_the_unit_the_user_heads_and_this_year(plan: Plan, m: M) -> None:
    this_year = timezone.localdate().year
    assertContains(client_of(plan.kabid).get(ALIGN), f"Bidang Pengembangan Pegawai · tahun {this_year}")


def test_alignment_for_an_operator_and_a_unit_choice(plan: Plan, m: M) -> None:
    client = client_of(plan.operator)
    assertContains(client.get(ALIGN), "Badan Kepegawaian Daerah · tahun")
    assertContains(
        client.get(ALIGN, {"unit": plan.bidang.pk, "tahun": 2026}), "Bidang Pengembangan Pegawai · tahun 2026"
    )


@pytest.mark.parametrize("who", ["staf", "outsider", "stranger"])
def test_alignment_is_404_for_whoever_neither_heads_nor_operates_the_unit(plan: Plan, who: str) -> None:
    client = client_of(getattr(plan, who))
    assert client.get(ALIGN).status_code == 404
    assert client.get(ALIGN, {"unit": plan.unit.pk}).status_code == 404


def test_alignment_of_a_unit_the_kabid_does_not_head_is_404(plan: Plan) -> None:
    assert client_of(plan.kabid).get(ALIGN, {"unit": plan.unit.pk}).status_code == 404


@pytest.mark.parametrize("unit", ["abc", "9" * 30, "-1", "0"])
def test_alignment_with_a_bad_unit_is_404(plan: Plan, unit: str) -> None:
    assert client_of(plan.jpt).get(ALIGN, {"unit": unit}).status_code == 404


@pytest.mark.parametrize(("tahun", "message"), [("abc", "Tahun harus berupa angka"), ("1900", "paling awal 2000")])
def test_alignment_with_a_bad_year_says_so_and_shows_this_year(plan: Plan, tahun: str, message: str) -> None:
    response = client_of(plan.jpt).get(ALIGN, {"tahun": tahun})
    assert response.status_code == 200
    assertContains(response, message)
    assertContains(response, 'data-test="keselarasan-galat"')


def test_list_links_to_alignment_only_for_heads_and_operators(plan: Plan) -> None:
    assertContains(client_of(plan.jpt).get(LIST), 'data-test="keselarasan-link"')
    assertContains(client_of(plan.operator).get(LIST), 'data-test="keselarasan-link"')
    assertNotContains(client_of(plan.staf).get(LIST), 'data-test="keselarasan-link"')


def test_inactive_pegawai_keep_history_but_are_not_candidates(plan: Plan, m: M) -> None:
    Pegawai.objects.filter(pk=plan.outsider.pk).update(aktif=False)
    page = html(client_of(plan.kabid).get(m.action("baris_add")))
    assert plan.outsider.nip not in page


def test_every_screen_renders_in_english_too(plan: Plan, m: M) -> None:
    alignment_world(plan, m)
    client = client_of(plan.kabid)
    client.post(reverse("set_language"), {"language": "en", "next": LIST})
    for url in (LIST, m.url, m.action("baris_add"), m.action("kolom_add"), m.action("peran", m.ketua.pk, m.k1.pk)):
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="en">' in html(response)
    jpt = client_of(plan.jpt)
    jpt.post(reverse("set_language"), {"language": "en", "next": ALIGN})
    response = jpt.get(ALIGN)
    assert response.status_code == 200 and '<html lang="en">' in html(response)
