"""SKP Saya screens: the list of periods (Tambah, Ubah periode, Hapus), the SKP page, Ajukan, Revisi."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from organisasi.konflik import versi_of
from perencanaan.models import Iki, Rhk, RiwayatSkp, Skp, StatusSkp
from perencanaan.services.skp import skp_approve, skp_return, skp_submit
from tests.conftest import login
from tests.factories import IkiFactory, PegawaiFactory, RhkFactory

from .conftest import Plan, client_of
from .test_rencana_services import give_jpt_an_atasan, kabid_rhk, new_skp, satuan

HX = {"HTTP_HX_REQUEST": "true"}
LIST_URL = reverse("perencanaan:skp_list")
CREATE_URL = reverse("perencanaan:skp_create")


def detail(skp: Skp) -> str:
    return reverse("perencanaan:skp_detail", args=[skp.pk])


def text(response: object) -> str:
    return re.sub(r"\s+", " ", response.content.decode())  # type: ignore[attr-defined]


def complete(skp: Skp, plan: Plan) -> Rhk:
    rhk = RhkFactory(skp=skp, intervensi=kabid_rhk(plan), teks="Pendampingan aplikasi kinerja")
    IkiFactory(rhk=rhk, teks="Jumlah perangkat daerah yang didampingi")
    return rhk


def approved(plan: Plan) -> Skp:
    complete(plan.skp_staf, plan)
    skp = skp_submit(skp=plan.skp_staf, by=plan.staf.user)
    return skp_approve(skp=skp, by=plan.kabid.user)


# --- List -----------------------------------------------------------------------------------------


def test_list_shows_the_periods_like_the_toolkit(plan: Plan) -> None:
    page = text(client_of(plan.staf).get(LIST_URL))
    assert "<h1>SKP Saya</h1>" in page
    row = re.search(rf'<tr data-test="skp-row" data-skp="{plan.skp_staf.pk}".*?</tr>', page)
    assert row is not None
    assert "01 Jan 2026 - 31 Des 2026" in row.group(0)
    assert "Kuantitatif" in row.group(0) and "JA/JF" in row.group(0) and "Draf" in row.group(0)
    assert "belum ditetapkan per 31 Januari" in row.group(0)  # today is after 31 January 2026
    for button in ("Target SKP", "Ubah periode", "Hapus"):
        assert button in row.group(0)


def test_list_marks_versions_and_hides_buttons_that_do_not_apply(plan: Plan) -> None:
    from perencanaan.services.skp import skp_revise

    old = approved(plan)
    new = skp_revise(skp=old, by=plan.staf.user, alasan="Penugasan baru")
    page = text(client_of(plan.staf).get(LIST_URL))
    old_row = re.search(rf'<tr data-test="skp-row" data-skp="{old.pk}".*?</tr>', page)
    new_row = re.search(rf'<tr data-test="skp-row" data-skp="{new.pk}".*?</tr>', page)
    assert old_row and new_row
    assert 'class="muted"' in old_row.group(0) and "Lihat versi 1" in old_row.group(0)
    assert "Ubah periode" not in old_row.group(0) and "Hapus" not in old_row.group(0)
    assert "versi 2" in new_row.group(0) and "Ubah periode" in new_row.group(0)
    assert "Hapus" not in new_row.group(0)  # a revision is never deleted


def test_list_of_someone_without_skp_or_without_pegawai(plan: Plan, admin_user: object) -> None:
    assertContains(client_of(plan.staf2).get(LIST_URL), 'data-test="skp-kosong"')
    client = Client()
    client.force_login(admin_user)  # type: ignore[arg-type]
    assertContains(client.get(LIST_URL), 'data-test="skp-tanpa-pegawai"')
    assert client.get(CREATE_URL).status_code == 404


def test_list_queries_do_not_grow_with_rows(plan: Plan, django_assert_max_num_queries: object) -> None:
    for tahun in range(2010, 2026):
        new_skp(plan.staf, tahun=tahun)
    client = client_of(plan.staf)
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        response = client.get(LIST_URL)
    assert text(response).count('data-test="skp-row"') == 17


# --- Tambah / Ubah periode / Hapus ----------------------------------------------------------------


def test_tambah_form_without_js_and_with_htmx(plan: Plan) -> None:
    client = client_of(plan.staf2)
    page = client.get(CREATE_URL)
    assertContains(page, "<h1>Tambah periode SKP</h1>", html=False)
    assertContains(page, 'name="periode_mulai"')
    partial = client.get(CREATE_URL, **HX)
    assert partial["HX-Retarget"] == "#skp-panel"
    assertNotContains(partial, "<html")


def test_tambah_creates_the_skp(plan: Plan) -> None:
    client = client_of(plan.staf2)
    data = {"periode_mulai": "2026-01-01", "periode_selesai": "2026-12-31", "pendekatan": "kualitatif"}
    assertRedirects(client.post(CREATE_URL, data), LIST_URL, fetch_redirect_response=False)
    skp = Skp.objects.get(pegawai=plan.staf2)
    assert (skp.pendekatan, skp.status, skp.jenis_form) == ("kualitatif", "draft", "jajf")
    page = text(client.get(LIST_URL))
    assert "SKP periode 01-01-2026 – 31-12-2026 dibuat." in page


def test_tambah_with_htmx_swaps_the_list(plan: Plan) -> None:
    client = client_of(plan.staf2)
    data = {"periode_mulai": "01-07-2026", "periode_selesai": "31-12-2026", "pendekatan": "kuantitatif"}
    response = client.post(CREATE_URL, data, **HX)
    assert response["HX-Retarget"] == "#skp-daftar" and response["HX-Reswap"] == "outerHTML"
    page = text(response)
    assert 'data-test="skp-pesan"' in page and "01 Jul 2026 - 31 Des 2026" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"periode_mulai": "2026-05-01", "periode_selesai": "2026-04-01"},
            "Tanggal akhir periode tidak boleh sebelum tanggal awal.",
        ),
        (
            {"periode_mulai": "2026-12-01", "periode_selesai": "2027-01-31"},
            "Periode SKP harus berada dalam satu tahun kalender (2026).",
        ),
        ({"periode_mulai": "2026-03-01", "periode_selesai": "2026-03-31"}, "bertumpang tindih dengan SKP lain"),
        ({"periode_mulai": "kemarin", "periode_selesai": "2026-03-31"}, "Tanggal tidak valid"),
        ({"periode_mulai": "", "periode_selesai": "2026-03-31"}, "Tanggal wajib diisi."),
    ],
)
def test_tambah_refuses_bad_periods_in_indonesian(plan: Plan, data: dict[str, str], message: str) -> None:
    client = client_of(plan.staf)
    for extra in ({}, HX):
        response = client.post(CREATE_URL, {**data, "pendekatan": "kuantitatif"}, **extra)
        assert response.status_code == 200
        assertContains(response, message)
    assert Skp.objects.filter(pegawai=plan.staf).count() == 1


def test_tambah_refuses_a_missing_pendekatan(plan: Plan) -> None:
    response = client_of(plan.staf2).post(CREATE_URL, {"periode_mulai": "2026-01-01", "periode_selesai": "2026-12-31"})
    assertContains(response, "Pilih pendekatan kuantitatif atau kualitatif.")
    assert not Skp.objects.filter(pegawai=plan.staf2).exists()


def test_ubah_periode(plan: Plan) -> None:
    url = reverse("perencanaan:skp_periode", args=[plan.skp_staf.pk])
    client = client_of(plan.staf)
    assertContains(client.get(url), 'value="2026-01-01"')
    assertContains(client.get(url), f'name="versi" value="{versi_of(plan.skp_staf)}"')
    data = {
        "periode_mulai": "2026-02-01",
        "periode_selesai": "2026-11-30",
        "pendekatan": "kualitatif",
        "versi": versi_of(plan.skp_staf),
    }
    assertRedirects(client.post(url, data), LIST_URL)
    plan.skp_staf.refresh_from_db()
    assert (plan.skp_staf.periode_mulai, plan.skp_staf.pendekatan) == (dt.date(2026, 2, 1), "kualitatif")


def test_ubah_periode_cannot_change_pendekatan_once_there_is_a_plan(plan: Plan) -> None:
    RhkFactory(skp=plan.skp_staf)
    url = reverse("perencanaan:skp_periode", args=[plan.skp_staf.pk])
    data = {
        "periode_mulai": "2026-01-01",
        "periode_selesai": "2026-12-31",
        "pendekatan": "kualitatif",
        "versi": versi_of(plan.skp_staf),
    }
    assertContains(client_of(plan.staf).post(url, data), "Pendekatan tidak dapat diubah")
    plan.skp_staf.refresh_from_db()
    assert plan.skp_staf.pendekatan == "kuantitatif"


def test_ubah_periode_of_a_locked_skp_says_why(plan: Plan) -> None:
    complete(plan.skp_staf, plan)
    skp_submit(skp=plan.skp_staf, by=None)
    url = reverse("perencanaan:skp_periode", args=[plan.skp_staf.pk])
    client = client_of(plan.staf)
    data = {
        "periode_mulai": "2026-02-01",
        "periode_selesai": "2026-11-30",
        "pendekatan": "kuantitatif",
        "versi": versi_of(Skp.objects.get(pk=plan.skp_staf.pk)),
    }
    response = client.post(url, data, follow=True)
    assertContains(response, "SKP berstatus Diajukan tidak dapat diubah.")
    response = client.post(url, data, **HX)
    assertContains(response, "SKP berstatus Diajukan tidak dapat diubah.")
    plan.skp_staf.refresh_from_db()
    assert plan.skp_staf.periode_mulai == dt.date(2026, 1, 1)


def test_a_stale_ubah_periode_is_refused_with_the_current_period_and_the_input_kept(plan: Plan) -> None:
    url = reverse("perencanaan:skp_periode", args=[plan.skp_staf.pk])
    versi = str(versi_of(plan.skp_staf))
    tab_a, tab_b = client_of(plan.staf), client_of(plan.staf)
    assertContains(tab_a.get(url, **HX), f'name="versi" value="{versi}"')
    assertContains(tab_b.get(url), f'name="versi" value="{versi}"')
    first = {"periode_mulai": "2026-02-01", "periode_selesai": "2026-11-30", "pendekatan": "kuantitatif"}
    tab_a.post(url, {**first, "versi": versi}, **HX)
    second = {"periode_mulai": "2026-03-01", "periode_selesai": "2026-10-31", "pendekatan": "kuantitatif"}
    for extra in (HX, {}):
        stale = tab_b.post(url, {**second, "versi": versi}, **extra)
        assert stale.status_code == 200
        html = text(stale)
        assert "setelah Anda membuka formulir" in html and "isian Anda" in html
        assert "periode SKP kini 01-02-2026 – 30-11-2026" in html and "periode 01-03-2026 – 31-10-2026" in html
        assert 'value="2026-03-01"' in html  # the typed dates stay in the form
    skp = Skp.objects.get(pk=plan.skp_staf.pk)
    assert (skp.periode_mulai, skp.periode_selesai) == (dt.date(2026, 2, 1), dt.date(2026, 11, 30))
    fresh = str(versi_of(skp))
    assert fresh != versi
    assertContains(tab_b.get(url, **HX), f'name="versi" value="{fresh}"')
    tab_b.post(url, {**second, "versi": fresh}, **HX)
    assert Skp.objects.get(pk=plan.skp_staf.pk).periode_mulai == dt.date(2026, 3, 1)


def test_an_ubah_periode_without_a_version_is_refused(plan: Plan) -> None:
    url = reverse("perencanaan:skp_periode", args=[plan.skp_staf.pk])
    data = {"periode_mulai": "2026-02-01", "periode_selesai": "2026-11-30", "pendekatan": "kuantitatif"}
    for extra in (HX, {}):
        assertContains(client_of(plan.staf).post(url, data, **extra), "penanda versi data yang sah")
    assert Skp.objects.get(pk=plan.skp_staf.pk).periode_mulai == dt.date(2026, 1, 1)


def test_hapus_a_draft_and_refuse_a_submitted_one(plan: Plan) -> None:
    client = client_of(plan.staf)
    url = reverse("perencanaan:skp_delete", args=[plan.skp_staf.pk])
    assertContains(client.get(url), 'data-test="hapus-konfirmasi"')
    response = client.post(url, **HX)
    assertContains(response, "dihapus")
    assert not Skp.objects.filter(pk=plan.skp_staf.pk).exists()

    skp = new_skp(plan.staf)
    complete(skp, plan)
    skp_submit(skp=skp, by=None)
    skp_return(skp=Skp.objects.get(pk=skp.pk), by=None, catatan="Perbaiki target")
    Skp.objects.filter(pk=skp.pk).update(status=StatusSkp.DRAFT)
    response = client.post(reverse("perencanaan:skp_delete", args=[skp.pk]), follow=True)
    assertContains(response, "Hanya draf SKP yang belum pernah diajukan yang dapat dihapus.")
    assert Skp.objects.filter(pk=skp.pk).exists()


# --- Access -----------------------------------------------------------------------------------------


def test_the_skp_page_for_everyone_who_may_read_it(plan: Plan) -> None:
    url = detail(plan.skp_staf)
    owner = text(client_of(plan.staf).get(url))
    assert 'data-test="input-kinerja-utama"' in owner and 'data-test="skp-ajukan"' in owner
    for reader in (plan.kabid, plan.jpt, plan.operator):
        response = client_of(reader).get(url)
        assert response.status_code == 200, reader
        page = text(response)
        assert 'data-test="input-kinerja-utama"' not in page and 'data-test="skp-ajukan"' not in page


@pytest.mark.parametrize("who", ["outsider", "stranger", "staf2", "other_operator"])
def test_unrelated_users_get_404_everywhere(plan: Plan, who: str) -> None:
    if who == "other_operator":
        from tests.factories import OperatorRoleFactory

        other = PegawaiFactory()
        OperatorRoleFactory(user=other.user, instansi=other.instansi)
        client = client_of(other)
    else:
        client = client_of(getattr(plan, who))
    skp = plan.skp_staf
    for url in ("skp_detail", "skp_rencana", "skp_periode", "skp_delete"):
        assert client.get(reverse(f"perencanaan:{url}", args=[skp.pk])).status_code == 404, url
    for url in ("skp_ajukan", "skp_revisi", "skp_periode", "skp_delete"):
        assert client.post(reverse(f"perencanaan:{url}", args=[skp.pk]), {"alasan": "x"}).status_code == 404, url
    skp.refresh_from_db()
    assert skp.status == StatusSkp.DRAFT


def test_readers_cannot_write(plan: Plan) -> None:
    skp = plan.skp_staf
    complete(skp, plan)
    for reader in (plan.kabid, plan.operator):
        client = client_of(reader)
        assert client.post(reverse("perencanaan:skp_ajukan", args=[skp.pk])).status_code == 404
        assert client.get(reverse("perencanaan:skp_periode", args=[skp.pk])).status_code == 404
    skp.refresh_from_db()
    assert skp.status == StatusSkp.DRAFT


def test_an_id_too_large_for_the_database_is_a_404(plan: Plan) -> None:
    assert client_of(plan.staf).get(f"/skp/{2**64}/").status_code == 404


# --- The SKP page -----------------------------------------------------------------------------------


def test_identity_block_is_live_before_penetapan_and_frozen_after(plan: Plan) -> None:
    client = client_of(plan.staf)
    page = text(client.get(detail(plan.skp_staf)))
    assert "PEGAWAI YANG DINILAI" in page and "PEJABAT PENILAI KINERJA" in page
    assert plan.staf.nip in page and plan.kabid.nip in page and plan.kabid.nama_lengkap in page
    skp = approved(plan)
    old_name = plan.staf.nama_lengkap
    plan.staf.nama = "Nama Sesudah Mutasi"
    plan.staf.save()
    page = text(client.get(detail(skp)))
    assert old_name in page and "(saat SKP ditetapkan)" in page
    assert 'data-test="pegawai-nama">Nama Sesudah Mutasi' not in page


def test_title_and_table_follow_the_variant(plan: Plan) -> None:
    page = text(client_of(plan.staf).get(detail(plan.skp_staf)))
    assert "Rencana SKP JA/JF" in page
    assert "RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI" in page and "ASPEK" in page
    jpt = new_skp(plan.jpt)
    page = text(client_of(plan.jpt).get(detail(jpt)))
    assert "Rencana SKP JPT" in page and "A. KINERJA UTAMA" in page and "PERSPEKTIF" in page
    assert "Manual Indikator" in page
    kual = new_skp(plan.staf2, "kualitatif")
    page = text(client_of(plan.staf2).get(detail(kual)))
    assert "HASIL KERJA" in page and "ASPEK" not in page


def test_ajukan_lists_every_problem(plan: Plan) -> None:
    client = client_of(plan.staf)
    url = reverse("perencanaan:skp_ajukan", args=[plan.skp_staf.pk])
    RhkFactory(skp=plan.skp_staf, teks="Pelayanan konsultasi")
    response = client.post(url)
    assert response.status_code == 200
    page = text(response)
    assert "SKP belum dapat diajukan:" in page
    problems = re.search(r'<ul data-test="ajukan-masalah">(.*?)</ul>', page)
    assert problems is not None
    assert "<li>RHK “Pelayanan konsultasi” belum memiliki indikator kinerja individu.</li>" in problems.group(1)
    assert "belum memilih RHK pimpinan yang diintervensi" in problems.group(1)
    partial = client.post(url, **HX)
    assert partial["HX-Retarget"] == "#skp-status"
    assert 'data-test="ajukan-masalah"' in text(partial)
    plan.skp_staf.refresh_from_db()
    assert plan.skp_staf.status == StatusSkp.DRAFT


def test_ajukan_submits_and_locks_the_plan(plan: Plan) -> None:
    complete(plan.skp_staf, plan)
    client = client_of(plan.staf)
    url = reverse("perencanaan:skp_ajukan", args=[plan.skp_staf.pk])
    response = client.post(url, **HX)
    assert response["HX-Redirect"] == detail(plan.skp_staf)
    plan.skp_staf.refresh_from_db()
    assert plan.skp_staf.status == StatusSkp.DIAJUKAN
    page = text(client.get(detail(plan.skp_staf)))
    assert f"SKP diajukan kepada pejabat penilai: {plan.kabid.nama_lengkap}<" in page
    assert 'data-test="input-kinerja-utama"' not in page and 'data-test="skp-ajukan"' not in page
    assert "menunggu penetapan" in page


def test_returned_skp_shows_the_note_and_can_be_submitted_again(plan: Plan) -> None:
    complete(plan.skp_staf, plan)
    skp = skp_submit(skp=plan.skp_staf, by=None)
    skp_return(skp=skp, by=plan.kabid.user, catatan="Target kuantitas terlalu rendah.")
    client = client_of(plan.staf)
    page = text(client.get(detail(skp)))
    assert 'data-test="catatan-pengembalian"' in page and "Target kuantitas terlalu rendah." in page
    assert 'data-test="input-kinerja-utama"' in page and 'data-test="skp-ajukan"' in page
    assertRedirects(client.post(reverse("perencanaan:skp_ajukan", args=[skp.pk])), detail(skp))


def test_revisi_makes_version_two_and_keeps_version_one_readable(plan: Plan) -> None:
    skp = approved(plan)
    client = client_of(plan.staf)
    page = text(client.get(detail(skp)))
    assert 'data-test="revisi"' in page and 'data-test="input-kinerja-utama"' not in page
    url = reverse("perencanaan:skp_revisi", args=[skp.pk])
    refused = client.post(url, {"alasan": "  "}, **HX)
    assert refused["HX-Retarget"] == "#skp-status"
    assertContains(refused, "Tuliskan alasan revisi")
    assert Skp.objects.filter(pegawai=plan.staf).count() == 1
    response = client.post(url, {"alasan": "Penugasan baru sebagai ketua tim."})
    new = Skp.objects.get(revisi_dari=skp)
    assertRedirects(response, detail(new))
    assert (new.versi, new.status) == (2, StatusSkp.DRAFT)
    assert Rhk.objects.filter(skp=new).count() == 1 and Iki.objects.filter(rhk__skp=new).count() == 1
    new_page = text(client.get(detail(new)))
    assert "Revisi dari versi 1" in new_page and "Penugasan baru sebagai ketua tim." in new_page
    assert 'data-test="input-kinerja-utama"' in new_page
    old_page = client.get(detail(skp))
    assert old_page.status_code == 200
    assert 'data-test="versi-baru"' in text(old_page) and "Buka versi 2" in text(old_page)
    assert "Pendampingan aplikasi kinerja" in text(old_page)
    assert client_of(plan.kabid).get(detail(skp)).status_code == 200  # the penilai reads both versions too


def test_revisi_of_an_skp_that_is_not_set_is_refused(plan: Plan) -> None:
    response = client_of(plan.staf).post(
        reverse("perencanaan:skp_revisi", args=[plan.skp_staf.pk]), {"alasan": "Penugasan baru"}
    )
    assertContains(response, "SKP berstatus Draf tidak dapat diubah menjadi Digantikan revisi.")
    assert Skp.objects.filter(pegawai=plan.staf).count() == 1


def test_riwayat_is_shown(plan: Plan) -> None:
    complete(plan.skp_staf, plan)
    skp = skp_submit(skp=plan.skp_staf, by=plan.staf.user)
    skp_return(skp=skp, by=plan.kabid.user, catatan="Lengkapi target waktu.")
    page = text(client_of(plan.staf).get(detail(skp)))
    assert page.count('data-test="riwayat-row"') == RiwayatSkp.objects.filter(skp=skp).count() == 3
    assert "Diajukan → Dikembalikan" in page and plan.kabid.nama_lengkap in page


# --- Speed ------------------------------------------------------------------------------------------


def big_plan(skp: Skp, *, n_rhk: int, n_iki: int, leader: Rhk | None = None) -> None:
    persen = satuan("Persen (%)")
    for r in range(n_rhk):
        rhk = RhkFactory(skp=skp, intervensi=leader, jenis="utama" if r % 3 else "tambahan")
        for i in range(n_iki):
            IkiFactory(rhk=rhk, target_min=Decimal(90), target_max=Decimal(95) if i % 2 else None, satuan=persen)


def count_queries(client: Client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_skp_page_queries_do_not_grow_with_rows(plan: Plan, django_assert_max_num_queries: object) -> None:
    leader = kabid_rhk(plan)
    client = client_of(plan.staf)
    big_plan(plan.skp_staf, n_rhk=1, n_iki=3, leader=leader)
    small = count_queries(client, detail(plan.skp_staf))
    big_plan(plan.skp_staf, n_rhk=29, n_iki=3, leader=leader)  # 30 RHK × 3 IKI
    with django_assert_max_num_queries(20):  # type: ignore[operator]
        response = client.get(detail(plan.skp_staf))
    assert text(response).count('data-test="iki"') == 30 * 3
    assert count_queries(client, detail(plan.skp_staf)) == small


def test_jpt_skp_page_queries_do_not_grow_with_rows(plan: Plan, django_assert_max_num_queries: object) -> None:
    give_jpt_an_atasan(plan)
    skp = new_skp(plan.jpt)
    client = client_of(plan.jpt)
    big_plan(skp, n_rhk=1, n_iki=3)
    Iki.objects.filter(rhk__skp=skp).update(aspek="", perspektif="anggaran")
    small = count_queries(client, detail(skp))
    big_plan(skp, n_rhk=29, n_iki=3)  # 30 RHK × 3 IKI
    with django_assert_max_num_queries(20):  # type: ignore[operator]
        client.get(detail(skp))
    assert count_queries(client, detail(skp)) == small


# --- Menu and dashboard -----------------------------------------------------------------------------


def test_menu_leads_to_skp_saya(plan: Plan) -> None:
    page = text(client_of(plan.staf).get(reverse("beranda:dashboard")))
    assert f'<a href="{LIST_URL}" class="" data-menu="skp_saya">SKP Saya</a>' in page


def test_dashboard_shows_the_current_skp_or_offers_to_make_one(plan: Plan) -> None:
    page = text(client_of(plan.staf).get(reverse("beranda:dashboard")))
    assert 'data-test="dashboard-skp"' in page and "01 Jan 2026 - 31 Des 2026" in page
    assert f'href="{detail(plan.skp_staf)}"' in page and "Draf" in page
    page = text(client_of(plan.staf2).get(reverse("beranda:dashboard")))
    assert "Anda belum memiliki SKP." in page and f'href="{CREATE_URL}"' in page


def test_dashboard_prefers_the_skp_covering_today(plan: Plan) -> None:
    from django.utils import timezone

    today = timezone.localdate()
    Skp.objects.filter(pk=plan.skp_staf.pk).update(
        periode_mulai=dt.date(today.year + 1, 1, 1), periode_selesai=dt.date(today.year + 1, 12, 31)
    )
    current = new_skp(plan.staf, tahun=today.year)
    page = text(client_of(plan.staf).get(reverse("beranda:dashboard")))
    assert f'href="{detail(current)}"' in page


def test_admin_without_pegawai_can_open_the_list(admin_client: Client, db: None) -> None:
    assertContains(admin_client.get(LIST_URL), 'data-test="skp-tanpa-pegawai"')


def test_login_is_required(client: Client, db: None) -> None:
    assertRedirects(client.get(LIST_URL), f"{reverse('login')}?next={LIST_URL}")


def test_operator_reads_but_the_menu_is_operator(plan: Plan) -> None:
    client = login(Client(), plan.operator.user)
    page = text(client.get(detail(plan.skp_staf)))
    assert 'class="active" aria-current="page" data-menu="operator"' in page
