"""Menu Perilaku SKP: the list of SKP in which the user rates aspects, the rating page with ONLY the
assigned aspects, and the feedback writes. A rekan sees nothing else of the SKP."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import User
from organisasi.models import Pegawai
from pelaksanaan.models import Periode, Realisasi, UmpanBalik
from pelaksanaan.periode import periods_of_skp
from pelaksanaan.services.umpan_balik import (
    umpan_balik_hasil_add,
    umpan_balik_insidental_add,
    umpan_balik_perilaku_add,
    umpan_balik_update,
)
from perencanaan.models import PerilakuSkp, Skp, StatusSkp
from perencanaan.services.skp import skp_create
from tests.conftest import login
from tests.factories import PegawaiFactory
from tests.kinerja_world import Kinerja
from tests.perencanaan.conftest import client_of

HX = {"HTTP_HX_REQUEST": "true"}
LIST_URL = "/perilaku-skp/"


@pytest.fixture
def triwulan(kinerja: Kinerja) -> Periode:
    return periods_of_skp(kinerja.skp)[0]


@pytest.fixture
def unrelated(kinerja: Kinerja) -> Pegawai:
    return PegawaiFactory(instansi=kinerja.staf.instansi, unit_kerja=kinerja.plan.bidang, atasan=kinerja.kabid)


def nilai_url(skp: Skp, periode: Periode | None = None) -> str:
    url = reverse("pelaksanaan:perilaku_nilai", args=[skp.pk])
    return f"{url}?periode={periode.pk}" if periode is not None else url


def add_url(perilaku: PerilakuSkp) -> str:
    return reverse("pelaksanaan:perilaku_umpan_balik", args=[perilaku.pk])


def ubah_url(ub: UmpanBalik) -> str:
    return reverse("pelaksanaan:perilaku_umpan_balik_ubah", args=[ub.pk])


def hapus_url(ub: UmpanBalik) -> str:
    return reverse("pelaksanaan:perilaku_umpan_balik_hapus", args=[ub.pk])


def user_of(pegawai: Pegawai) -> User:
    assert pegawai.user is not None
    return pegawai.user


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def rekan_feedback(kinerja: Kinerja, periode: Periode, teks: str = "Cepat menyesuaikan diri.") -> UmpanBalik:
    return umpan_balik_perilaku_add(
        perilaku=kinerja.perilaku_rekan, periode=periode, teks=teks, by=user_of(kinerja.plan.staf2)
    )


# --- The list ---------------------------------------------------------------------------------


def test_the_menu_shadows_the_old_placeholder() -> None:
    assert reverse("pelaksanaan:perilaku_list") == LIST_URL


def test_a_rekan_sees_the_skp_they_rate(kinerja: Kinerja) -> None:
    response = client_of(kinerja.plan.staf2).get(LIST_URL)
    assert response.status_code == 200
    assertContains(response, 'data-test="perilaku-row"', count=1)
    assertContains(response, kinerja.staf.nama_lengkap)
    html = response.content.decode()
    assert '<td data-test="perilaku-sebagai">Rekan kerja</td>' in html
    assert "Adaptif" in html and "Kolaboratif" not in html
    assert nilai_url(kinerja.skp) in html


def test_the_pejabat_penilai_rates_the_atasan_aspects_of_each_bawahan(kinerja: Kinerja) -> None:
    response = client_of(kinerja.kabid).get(LIST_URL)
    assertContains(response, 'data-test="perilaku-row"', count=2)  # staf and staf2
    assertContains(response, '<td data-test="perilaku-sebagai">Atasan</td>', count=2, html=False)
    assertContains(response, f'data-skp="{kinerja.skp.pk}"')
    assertContains(response, f'data-skp="{kinerja.skp_kualitatif.pk}"')
    # The jpt rates the kabid's atasan aspects.
    response = client_of(kinerja.jpt).get(LIST_URL)
    assertContains(response, f'data-skp="{kinerja.skp_kabid.pk}"')
    assertContains(response, 'data-test="perilaku-row"', count=1)


def test_a_named_bawahan_rater_is_listed_as_bawahan(kinerja: Kinerja) -> None:
    bawahan = PegawaiFactory(instansi=kinerja.staf.instansi, unit_kerja=kinerja.plan.bidang, atasan=kinerja.staf)
    PerilakuSkp.objects.filter(skp=kinerja.skp, aspek__kode="harmonis").update(jenis_penilai="bawahan", penilai=bawahan)
    response = client_of(bawahan).get(LIST_URL)
    assertContains(response, '<td data-test="perilaku-sebagai">Bawahan</td>', html=False)


@pytest.mark.parametrize("who", ["unrelated", "stranger", "operator"])
def test_someone_without_an_assignment_gets_an_explanation(kinerja: Kinerja, unrelated: Pegawai, who: str) -> None:
    pegawai = unrelated if who == "unrelated" else getattr(kinerja.plan, who)
    response = client_of(pegawai).get(LIST_URL)
    assert response.status_code == 200
    assertContains(response, 'data-test="perilaku-kosong"')
    assertNotContains(response, 'data-test="perilaku-row"')


def test_an_skp_not_in_force_is_not_listed(kinerja: Kinerja) -> None:
    Skp.objects.filter(pk=kinerja.skp.pk).update(status=StatusSkp.DIREVISI)
    response = client_of(kinerja.plan.staf2).get(LIST_URL)
    assertNotContains(response, 'data-test="perilaku-row"')
    assert client_of(kinerja.plan.staf2).get(nilai_url(kinerja.skp)).status_code == 404


def test_the_year_filter(kinerja: Kinerja) -> None:
    old = skp_create(
        pegawai=kinerja.staf,
        periode_mulai=dt.date(2025, 1, 1),
        periode_selesai=dt.date(2025, 12, 31),
        pendekatan="kuantitatif",
        by=user_of(kinerja.staf),
    )
    Skp.objects.filter(pk=old.pk).update(status=StatusSkp.DITETAPKAN)
    PerilakuSkp.objects.filter(skp=old, aspek__kode="loyal").update(jenis_penilai="rekan", penilai=kinerja.plan.staf2)
    client = client_of(kinerja.plan.staf2)
    default = client.get(LIST_URL)
    assertContains(default, '<option value="2025">', html=False)
    assertNotContains(default, f'data-skp="{old.pk}"')
    response = client.get(LIST_URL + "?tahun=2025")
    assertContains(response, f'data-skp="{old.pk}"')
    assertNotContains(response, f'data-skp="{kinerja.skp.pk}"')
    for bad in ("1999", "abc", ""):
        assert client.get(LIST_URL, {"tahun": bad}).status_code == 200


def test_a_year_without_assignments_says_so(kinerja: Kinerja) -> None:
    Skp.objects.filter(pk=kinerja.skp.pk).update(
        periode_mulai=dt.date(2025, 1, 1), periode_selesai=dt.date(2025, 12, 31)
    )
    response = client_of(kinerja.plan.staf2).get(LIST_URL + f"?tahun={dt.date.today().year}")
    if dt.date.today().year == 2025:
        pytest.skip("the moved SKP is in the current year")
    assertContains(response, 'data-test="perilaku-kosong-tahun"')


def test_htmx_gets_the_results_only(kinerja: Kinerja) -> None:
    response = client_of(kinerja.plan.staf2).get(LIST_URL, **HX)  # type: ignore[arg-type]
    assert b"<html" not in response.content
    assertContains(response, 'data-test="perilaku-row"')
    assert "HX-Request" in response["Vary"]


def test_an_account_without_pegawai(kinerja: Kinerja) -> None:
    admin = login(Client(), User.objects.create_superuser("admin-pr", password="Rahasia-123"))
    response = admin.get(LIST_URL)
    assertContains(response, 'data-test="perilaku-tanpa-pegawai"')
    assert admin.get(nilai_url(kinerja.skp)).status_code == 404
    assert admin.post(add_url(kinerja.perilaku_rekan), {"teks": "x"}).status_code == 404


def test_anonymous_goes_to_login(kinerja: Kinerja, triwulan: Periode, client: Client) -> None:
    ub = rekan_feedback(kinerja, triwulan)
    for response in (
        client.get(LIST_URL),
        client.get(nilai_url(kinerja.skp)),
        client.post(add_url(kinerja.perilaku_rekan), {"periode": triwulan.pk, "teks": "x"}),
        client.post(ubah_url(ub), {"teks": "x"}),
        client.post(hapus_url(ub)),
    ):
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert UmpanBalik.objects.count() == 1


# --- The rating page: only the assigned aspects -------------------------------------------------


def test_a_rekan_sees_only_their_aspect_and_nothing_else(kinerja: Kinerja, triwulan: Periode) -> None:
    PerilakuSkp.objects.filter(pk=kinerja.perilaku_rekan.pk).update(ekspektasi_khusus="Kuasai aplikasi baru")
    PerilakuSkp.objects.filter(pk=kinerja.perilaku_outsider.pk).update(ekspektasi_khusus="Rahasia kolaborasi")
    Realisasi.objects.create(
        skp=kinerja.skp,
        periode=triwulan,
        rhk=kinerja.rhk_utama,
        iki=kinerja.iki_kuantitas,
        nilai=Decimal(7),
        keterangan="Keterangan realisasi pribadi",
    )
    kabid = user_of(kinerja.kabid)
    umpan_balik_hasil_add(
        skp=kinerja.skp, periode=triwulan, teks="Umpan pimpinan rahasia", by=kabid, iki=kinerja.iki_kuantitas
    )
    umpan_balik_perilaku_add(perilaku=kinerja.perilaku_atasan, periode=triwulan, teks="Umpan atasan rahasia", by=kabid)
    umpan_balik_perilaku_add(
        perilaku=kinerja.perilaku_outsider,
        periode=triwulan,
        teks="Umpan rekan lain rahasia",
        by=user_of(kinerja.plan.outsider),
    )
    umpan_balik_insidental_add(
        skp=kinerja.skp,
        periode=triwulan,
        kategori="apresiasi",
        teks="Apresiasi rahasia",
        tanggal=dt.date(2026, 2, 2),
        by=kabid,
    )
    rekan_feedback(kinerja, triwulan, "Umpan saya sendiri")

    response = client_of(kinerja.plan.staf2).get(nilai_url(kinerja.skp, triwulan))
    assert response.status_code == 200
    html = response.content.decode()
    assertContains(response, 'data-test="perilaku-aspek-row"', count=1)
    assert 'data-aspek="adaptif"' in html and "ADAPTIF" in html
    assert "Cepat menyesuaikan diri menghadapi perubahan" in html  # panduan
    assert "Kuasai aplikasi baru" in html  # ekspektasi khusus pimpinan of this aspect
    assert "Umpan saya sendiri" in html
    assert kinerja.staf.nama_lengkap in html
    for hidden in (
        kinerja.rhk_utama.teks,
        kinerja.rhk_tambahan.teks,
        kinerja.iki_kuantitas.teks,
        "Keterangan realisasi pribadi",
        "Umpan pimpinan rahasia",
        "Umpan atasan rahasia",
        "Umpan rekan lain rahasia",
        "Apresiasi rahasia",
        "Rahasia kolaborasi",
        "KOLABORATIF",
        "BERORIENTASI PELAYANAN",
        "AKUNTABEL",
        kinerja.plan.outsider.nama_lengkap,
        'data-test="skp-tabs"',
        f"/skp/{kinerja.skp.pk}/",
    ):
        assert hidden not in html, hidden
    # ... and the SKP's own pages stay closed to the rekan.
    client = client_of(kinerja.plan.staf2)
    assert client.get(reverse("pelaksanaan:umpan_balik", args=[kinerja.skp.pk])).status_code == 404
    assert client.get(reverse("perencanaan:skp_detail", args=[kinerja.skp.pk])).status_code == 404


def test_the_pejabat_penilai_sees_the_five_atasan_aspects(kinerja: Kinerja, triwulan: Periode) -> None:
    response = client_of(kinerja.kabid).get(nilai_url(kinerja.skp, triwulan))
    assertContains(response, 'data-test="perilaku-aspek-row"', count=5)
    assertNotContains(response, 'data-aspek="adaptif"')
    assertNotContains(response, 'data-aspek="kolaboratif"')


@pytest.mark.parametrize("who", ["staf", "jpt", "operator", "unrelated", "stranger"])
def test_not_assigned_is_404(kinerja: Kinerja, triwulan: Periode, unrelated: Pegawai, who: str) -> None:
    """The pegawai themself, the atasan pejabat penilai, the operator, a colleague, another instansi."""
    ub = rekan_feedback(kinerja, triwulan)
    client = client_of(unrelated if who == "unrelated" else getattr(kinerja.plan, who))
    assert client.get(nilai_url(kinerja.skp, triwulan)).status_code == 404
    assert client.get(nilai_url(kinerja.skp), **HX).status_code == 404  # type: ignore[arg-type]
    for perilaku in (kinerja.perilaku_rekan, kinerja.perilaku_atasan, kinerja.perilaku_outsider):
        assert client.post(add_url(perilaku), {"periode": triwulan.pk, "teks": "x"}).status_code == 404
    assert client.post(ubah_url(ub), {"teks": "x"}).status_code == 404
    assert client.post(hapus_url(ub)).status_code == 404
    assert UmpanBalik.objects.count() == 1 and UmpanBalik.objects.get().is_current


def test_a_rater_cannot_write_on_another_aspect_of_the_same_skp(kinerja: Kinerja, triwulan: Periode) -> None:
    client = client_of(kinerja.plan.staf2)
    for perilaku in (kinerja.perilaku_outsider, kinerja.perilaku_atasan):
        assert client.post(add_url(perilaku), {"periode": triwulan.pk, "teks": "x"}).status_code == 404
    outsider_ub = umpan_balik_perilaku_add(
        perilaku=kinerja.perilaku_outsider, periode=triwulan, teks="milik outsider", by=user_of(kinerja.plan.outsider)
    )
    assert client.post(ubah_url(outsider_ub), {"teks": "x"}).status_code == 404
    assert client.post(hapus_url(outsider_ub)).status_code == 404
    # The kabid rates other aspects of the SKP, but not this one.
    assert client_of(kinerja.kabid).post(hapus_url(outsider_ub)).status_code == 404
    assert UmpanBalik.objects.get().is_current


@pytest.mark.parametrize(
    "url", ["/perilaku-skp/0/", "/perilaku-skp/99999999999999999999/", "/perilaku-skp/424242/", "/perilaku-skp/abc/"]
)
def test_garbage_ids(kinerja: Kinerja, url: str) -> None:
    client = client_of(kinerja.plan.staf2)
    assert client.get(url).status_code == 404
    assert client.post("/perilaku-skp/aspek/0/", {"teks": "x"}).status_code == 404
    assert client.post("/perilaku-skp/umpan-balik/424242/ubah/", {"teks": "x"}).status_code == 404


def test_writes_need_post(kinerja: Kinerja, triwulan: Periode) -> None:
    ub = rekan_feedback(kinerja, triwulan)
    client = client_of(kinerja.plan.staf2)
    for url in (add_url(kinerja.perilaku_rekan), ubah_url(ub), hapus_url(ub)):
        assert client.get(url).status_code == 405


# --- Writing ----------------------------------------------------------------------------------


def test_the_rekan_writes_without_javascript(kinerja: Kinerja, triwulan: Periode) -> None:
    client = client_of(kinerja.plan.staf2)
    response = client.post(
        add_url(kinerja.perilaku_rekan), {"periode": triwulan.pk, "teks": "Sangat cepat menyesuaikan diri"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{nilai_url(kinerja.skp, triwulan)}#ub-perilaku-{kinerja.perilaku_rekan.pk}"
    assert messages_of(response) == ["Umpan balik aspek Adaptif disimpan."]
    ub = UmpanBalik.objects.get()
    assert (ub.perilaku, ub.peran_penulis, ub.penulis, ub.periode) == (
        kinerja.perilaku_rekan,
        "rekan",
        kinerja.plan.staf2,
        triwulan,
    )
    assertContains(client.get(response["Location"]), "Sangat cepat menyesuaikan diri")
    # The pegawai sees it on their Umpan balik page with the rater's name.
    page = client_of(kinerja.staf).get(
        reverse("pelaksanaan:umpan_balik", args=[kinerja.skp.pk]) + f"?periode={triwulan.pk}"
    )
    assertContains(page, f"Rekan kerja ({kinerja.plan.staf2.nama_lengkap})")
    assertContains(page, "Sangat cepat menyesuaikan diri")


def test_the_pejabat_penilai_writes_an_atasan_aspect_with_htmx(kinerja: Kinerja, triwulan: Periode) -> None:
    client = client_of(kinerja.kabid)
    response = client.post(add_url(kinerja.perilaku_atasan), {"periode": triwulan.pk, "teks": "Ramah melayani."}, **HX)  # type: ignore[arg-type]
    assert response.status_code == 200 and b"<html" not in response.content
    assertContains(response, 'id="perilaku-nilai-isi"')
    assertContains(response, "Ramah melayani.")
    assert UmpanBalik.objects.get().peran_penulis == "atasan"


@pytest.mark.parametrize("htmx", [False, True])
def test_bad_input_is_explained_and_nothing_saved(kinerja: Kinerja, triwulan: Periode, htmx: bool) -> None:
    client = client_of(kinerja.plan.staf2)
    extra = HX if htmx else {}
    for teks, message in (("  ", "wajib diisi"), ("q" * 2001, "Paling banyak 2000")):
        response = client.post(add_url(kinerja.perilaku_rekan), {"periode": triwulan.pk, "teks": teks}, **extra)  # type: ignore[arg-type]
        assert response.status_code == 200
        assertContains(response, message)
        assert (b"<html" in response.content) is not htmx
    for periode in ("", "abc", "99999999"):
        response = client.post(add_url(kinerja.perilaku_rekan), {"periode": periode, "teks": "x"}, **extra)  # type: ignore[arg-type]
        assert response.status_code == (200 if htmx else 302)
    assert not UmpanBalik.objects.exists()


def test_a_period_of_another_instansi_is_refused(kinerja: Kinerja) -> None:
    from pelaksanaan.periode import periode_ensure

    foreign = periode_ensure(instansi=kinerja.plan.stranger.instansi, tahun=2026)[0]
    response = client_of(kinerja.plan.staf2).post(
        add_url(kinerja.perilaku_rekan), {"periode": foreign.pk, "teks": "x"}, **HX
    )  # type: ignore[arg-type]
    assertContains(response, "bukan periode SKP")
    assert not UmpanBalik.objects.exists()


def test_a_closed_period_is_read_only(kinerja: Kinerja, triwulan: Periode) -> None:
    rekan_feedback(kinerja, triwulan)
    Periode.objects.filter(pk=triwulan.pk).update(terbuka=False)
    client = client_of(kinerja.plan.staf2)
    page = client.get(nilai_url(kinerja.skp, triwulan))
    assertContains(page, 'data-test="perilaku-terkunci"')
    assertNotContains(page, 'data-test="umpan-balik-form"')
    response = client.post(add_url(kinerja.perilaku_rekan), {"periode": triwulan.pk, "teks": "Terlambat"}, **HX)  # type: ignore[arg-type]
    assertContains(response, "sudah ditutup")
    assert UmpanBalik.objects.count() == 1


def test_change_and_withdraw_keep_the_history(kinerja: Kinerja, triwulan: Periode) -> None:
    ub = rekan_feedback(kinerja, triwulan, "Pertama")
    client = client_of(kinerja.plan.staf2)
    bad = client.post(ubah_url(ub), {"teks": ""}, **HX)  # type: ignore[arg-type]
    assertContains(bad, "wajib diisi")
    response = client.post(ubah_url(ub), {"teks": "Kedua"})
    assert response.status_code == 302 and response["Location"] == nilai_url(kinerja.skp, triwulan)
    new = UmpanBalik.objects.current().get()
    assert new.teks == "Kedua" and new.peran_penulis == "rekan"
    page = client.get(nilai_url(kinerja.skp, triwulan))
    assertContains(page, 'data-test="umpan-balik-riwayat"')
    assertContains(page, "Pertama")
    gone = client.post(hapus_url(new), **HX)  # type: ignore[arg-type]
    assertContains(gone, "ditarik")
    assert not UmpanBalik.objects.current().exists() and UmpanBalik.objects.count() == 2
    again = client.post(hapus_url(new))
    assert again.status_code == 302 and any("setelah Anda membuka formulir" in m for m in messages_of(again))


def test_the_rater_sees_only_their_own_feedback_on_the_aspect(kinerja: Kinerja, triwulan: Periode) -> None:
    """After the SKP's pejabat penilai changed, the old penilai's feedback is not the new one's."""
    kabid = user_of(kinerja.kabid)
    umpan_balik_perilaku_add(perilaku=kinerja.perilaku_atasan, periode=triwulan, teks="Dari kabid", by=kabid)
    Skp.objects.filter(pk=kinerja.skp.pk).update(pejabat_penilai=kinerja.jpt)
    response = client_of(kinerja.jpt).get(nilai_url(kinerja.skp, triwulan))
    assertContains(response, 'data-aspek="berorientasi_pelayanan"')
    assertNotContains(response, "Dari kabid")


# --- Speed ------------------------------------------------------------------------------------


def test_list_query_count_with_fifty_skp(kinerja: Kinerja, django_assert_max_num_queries: Any) -> None:
    rater = kinerja.plan.staf2
    instansi = kinerja.staf.instansi
    for i in range(50):
        pegawai = PegawaiFactory(instansi=instansi, unit_kerja=kinerja.plan.bidang, atasan=kinerja.kabid)
        skp = skp_create(
            pegawai=pegawai,
            periode_mulai=dt.date(2026, 1, 1),
            periode_selesai=dt.date(2026, 12, 31),
            pendekatan="kualitatif" if i % 2 else "kuantitatif",
            by=user_of(pegawai),
        )
        Skp.objects.filter(pk=skp.pk).update(status=StatusSkp.DITETAPKAN)
        PerilakuSkp.objects.filter(skp=skp, aspek__kode__in=["adaptif", "loyal"]).update(
            jenis_penilai="rekan", penilai=rater
        )
    client = client_of(rater)
    with django_assert_max_num_queries(12):
        response = client.get(LIST_URL)
    assertContains(response, 'data-test="perilaku-row"', count=50)
    # The kabid rates the atasan aspects of all 52 bawahan SKP (two pages).
    client = client_of(kinerja.kabid)
    with django_assert_max_num_queries(12):
        response = client.get(LIST_URL)
    assertContains(response, 'data-test="perilaku-row"', count=50)


def test_rating_page_query_count(kinerja: Kinerja, triwulan: Periode, django_assert_max_num_queries: Any) -> None:
    kabid = user_of(kinerja.kabid)
    for p in PerilakuSkp.objects.filter(skp=kinerja.skp, jenis_penilai="atasan"):
        for i in range(5):
            ub = umpan_balik_perilaku_add(perilaku=p, periode=triwulan, teks=f"Umpan {p.pk}.{i}", by=kabid)
            if i == 0:
                umpan_balik_update(umpan_balik=ub, teks=f"Umpan {p.pk}.{i} ubah", by=kabid)
    client = client_of(kinerja.kabid)
    with django_assert_max_num_queries(14):
        response = client.get(nilai_url(kinerja.skp, triwulan))
    assertContains(response, 'data-test="umpan-balik-item"', count=25)
    assertContains(response, 'data-test="umpan-balik-riwayat-item"', count=5)
