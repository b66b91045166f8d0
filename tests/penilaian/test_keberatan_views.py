"""Keberatan screens: file, explain, decide; who may see and do what; htmx and no-JS paths."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from organisasi.models import Pegawai
from penilaian.models import Evaluasi, Keberatan, StatusKeberatan
from tests.perencanaan.conftest import client_of

from .keberatan_world import KeberatanWorld, kw_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def ajukan_url(evaluasi: Evaluasi | int) -> str:
    return reverse("penilaian:keberatan_ajukan", args=[evaluasi if isinstance(evaluasi, int) else evaluasi.pk])


def detail_url(keberatan: Keberatan | int) -> str:
    return reverse("penilaian:keberatan_detail", args=[keberatan if isinstance(keberatan, int) else keberatan.pk])


def jelaskan_url(keberatan: Keberatan) -> str:
    return reverse("penilaian:keberatan_jelaskan", args=[keberatan.pk])


def putuskan_url(keberatan: Keberatan) -> str:
    return reverse("penilaian:keberatan_putuskan", args=[keberatan.pk])


def pratinjau_url(keberatan: Keberatan) -> str:
    return reverse("penilaian:keberatan_pratinjau", args=[keberatan.pk])


def person(kw: KeberatanWorld, who: str) -> Pegawai:
    pegawai: Pegawai = getattr(kw.k.plan, who)
    return pegawai


HTMX = {"HTTP_HX_REQUEST": "true"}
UBAH = {"keputusan": "ubah", "rating_hasil": "di_atas", "rating_perilaku": "di_atas", "rekomendasi": "Diubah."}


# --- Filing -----------------------------------------------------------------------------------


def test_ajukan_page_shows_the_evaluation_and_the_deadline(kw: KeberatanWorld) -> None:
    response = client_of(kw.staf).get(ajukan_url(kw.evaluasi))
    assert response.status_code == 200
    assertContains(response, 'data-test="form-ajukan"')
    assertContains(response, 'data-predikat="baik"')
    batas = timezone.localdate() + dt.timedelta(days=14)
    assertContains(response, f"{batas.day} ")
    assertContains(response, 'data-test="batas-keberatan"')


@pytest.mark.parametrize("who", ["kabid", "jpt", "operator", "staf2", "outsider", "stranger"])
def test_ajukan_page_is_only_for_the_evaluated_pegawai(kw: KeberatanWorld, who: str) -> None:
    client = client_of(person(kw, who))
    assert client.get(ajukan_url(kw.evaluasi)).status_code == 404
    assert client.post(ajukan_url(kw.evaluasi), {"alasan": "Alasan."}).status_code == 404
    assert not Keberatan.objects.exists()


def test_ajukan_anonymous_goes_to_login(kw: KeberatanWorld, client: Client) -> None:
    response = client.get(ajukan_url(kw.evaluasi))
    assert response.status_code == 302 and "login" in response["Location"]
    assert client.post(ajukan_url(kw.evaluasi), {"alasan": "x"}).status_code == 302
    assert not Keberatan.objects.exists()


def test_ajukan_unknown_or_huge_pk_is_404(kw: KeberatanWorld) -> None:
    client = client_of(kw.staf)
    assert client.get(ajukan_url(999999)).status_code == 404
    assert client.get(ajukan_url(2**63)).status_code == 404


def test_ajukan_draft_evaluation_is_404_for_the_pegawai(kw: KeberatanWorld) -> None:
    Evaluasi.objects.filter(pk=kw.evaluasi.pk).update(status="draft", diberikan_pada=None)
    assert client_of(kw.staf).get(ajukan_url(kw.evaluasi)).status_code == 404


def test_ajukan_post_files_and_redirects_to_the_detail(kw: KeberatanWorld) -> None:
    client = client_of(kw.staf)
    response = client.post(ajukan_url(kw.evaluasi), {"alasan": "Target terlampaui."})
    keberatan = Keberatan.objects.get()
    assertRedirects(response, detail_url(keberatan))
    assert keberatan.alasan == "Target terlampaui." and keberatan.diajukan_oleh == kw.staf
    assert "Keberatan diajukan" in " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_ajukan_post_with_htmx_redirects_the_client(kw: KeberatanWorld) -> None:
    response = client_of(kw.staf).post(ajukan_url(kw.evaluasi), {"alasan": "Target terlampaui."}, **HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"] == detail_url(Keberatan.objects.get())


@pytest.mark.parametrize(("alasan", "message"), [("", "Tuliskan alasan keberatan"), ("a" * 5001, "Paling banyak")])
def test_ajukan_post_bad_input_shows_the_error_and_saves_nothing(kw: KeberatanWorld, alasan: str, message: str) -> None:
    for extra in ({}, HTMX):
        response = client_of(kw.staf).post(ajukan_url(kw.evaluasi), {"alasan": alasan}, **extra)
        assert response.status_code == 200
        assertContains(response, message)
    assert not Keberatan.objects.exists()


def _late(kw: KeberatanWorld) -> None:
    Evaluasi.objects.filter(pk=kw.evaluasi.pk).update(diberikan_pada=timezone.now() - dt.timedelta(days=15))


def test_ajukan_late_shows_the_deadline_and_no_form(kw: KeberatanWorld) -> None:
    _late(kw)
    response = client_of(kw.staf).get(ajukan_url(kw.evaluasi))
    assertContains(response, 'data-test="keberatan-ditolak"')
    assertContains(response, "Batas waktu pengajuan keberatan adalah")
    assertNotContains(response, 'data-test="form-ajukan"')


def test_ajukan_late_post_is_refused_with_the_deadline(kw: KeberatanWorld) -> None:
    _late(kw)
    response = client_of(kw.staf).post(ajukan_url(kw.evaluasi), {"alasan": "Terlambat."})
    assert response.status_code == 200
    assertContains(response, "Batas waktu pengajuan keberatan adalah")
    assert not Keberatan.objects.exists()


def test_ajukan_again_goes_to_the_existing_keberatan(kw: KeberatanWorld) -> None:
    keberatan = kw.ajukan()
    client = client_of(kw.staf)
    assertRedirects(client.get(ajukan_url(kw.evaluasi)), detail_url(keberatan))
    assertRedirects(client.post(ajukan_url(kw.evaluasi), {"alasan": "Lagi."}), detail_url(keberatan))
    assert Keberatan.objects.count() == 1


# --- Detail: who sees it ----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["staf", "kabid", "jpt", "operator"])
def test_detail_for_the_people_involved(kw: KeberatanWorld, who: str) -> None:
    keberatan = kw.ajukan("Alasan yang jelas.")
    response = client_of(person(kw, who)).get(detail_url(keberatan))
    assert response.status_code == 200
    assertContains(response, "Alasan yang jelas.")
    assertContains(response, 'data-test="bagian-penjelasan"')


@pytest.mark.parametrize("who", ["staf2", "outsider", "stranger"])  # staf2 and outsider rate the staf's perilaku
def test_detail_and_actions_404_for_anyone_else(kw: KeberatanWorld, who: str) -> None:
    keberatan = kw.ajukan()
    client = client_of(person(kw, who))
    assert client.get(detail_url(keberatan)).status_code == 404
    assert client.get(detail_url(keberatan), **HTMX).status_code == 404
    assert client.get(pratinjau_url(keberatan), {"rating_hasil": "di_atas"}).status_code == 404
    assert client.post(jelaskan_url(keberatan), {"penjelasan": "x"}).status_code == 404
    assert client.post(putuskan_url(keberatan), UBAH).status_code == 404
    assert client.get(reverse("penilaian:dokumen_evaluasi", args=[kw.evaluasi.pk])).status_code == 404
    keberatan.refresh_from_db()
    assert keberatan.status == StatusKeberatan.DIAJUKAN


def test_detail_anonymous_goes_to_login(kw: KeberatanWorld, client: Client) -> None:
    keberatan = kw.ajukan()
    for response in (
        client.get(detail_url(keberatan)),
        client.post(jelaskan_url(keberatan), {"penjelasan": "x"}),
        client.post(putuskan_url(keberatan), UBAH),
        client.get(pratinjau_url(keberatan)),
    ):
        assert response.status_code == 302 and "login" in response["Location"]


def test_detail_unknown_pk_is_404(kw: KeberatanWorld) -> None:
    assert client_of(kw.staf).get(detail_url(424242)).status_code == 404


def test_only_the_current_actor_gets_a_form(kw: KeberatanWorld) -> None:
    keberatan = kw.ajukan()
    assertContains(client_of(kw.kabid).get(detail_url(keberatan)), 'data-test="form-jelaskan"')
    for who in ("staf", "jpt", "operator"):
        response = client_of(person(kw, who)).get(detail_url(keberatan))
        assertNotContains(response, 'data-test="form-jelaskan"')
        assertNotContains(response, 'data-test="form-putuskan"')
        assertContains(response, 'data-test="menunggu-penjelasan"')
    kw.jelaskan(keberatan)
    assertContains(client_of(kw.jpt).get(detail_url(keberatan)), 'data-test="form-putuskan"')
    for who in ("staf", "kabid", "operator"):
        response = client_of(person(kw, who)).get(detail_url(keberatan))
        assertNotContains(response, 'data-test="form-putuskan"')
        assertContains(response, 'data-test="menunggu-keputusan"')


# --- Jelaskan ---------------------------------------------------------------------------------


def test_jelaskan_post_redirect_get(kw: KeberatanWorld) -> None:
    keberatan = kw.ajukan()
    response = client_of(kw.kabid).post(jelaskan_url(keberatan), {"penjelasan": "Dua dokumen terlambat."})
    assertRedirects(response, detail_url(keberatan))
    keberatan.refresh_from_db()
    assert keberatan.status == StatusKeberatan.DIJELASKAN and keberatan.penjelasan_oleh == kw.kabid


def test_jelaskan_with_htmx_swaps_the_detail(kw: KeberatanWorld) -> None:
    keberatan = kw.ajukan()
    response = client_of(kw.kabid).post(jelaskan_url(keberatan), {"penjelasan": "Dua dokumen terlambat."}, **HTMX)
    assert response.status_code == 200
    assertContains(response, 'id="keberatan-detail"')
    assertContains(response, 'data-test="keberatan-pesan"')
    assertContains(response, "Dua dokumen terlambat.")
    assertNotContains(response, "<html")


def test_jelaskan_empty_shows_the_error(kw: KeberatanWorld) -> None:
    keberatan = kw.ajukan()
    response = client_of(kw.kabid).post(jelaskan_url(keberatan), {"penjelasan": "  "})
    assert response.status_code == 200
    assertContains(response, "Tuliskan penjelasan Anda")
    keberatan.refresh_from_db()
    assert keberatan.status == StatusKeberatan.DIAJUKAN


@pytest.mark.parametrize("who", ["staf", "jpt", "operator"])
def test_jelaskan_by_a_reader_who_is_not_the_penilai_is_404(kw: KeberatanWorld, who: str) -> None:
    keberatan = kw.ajukan()
    assert client_of(person(kw, who)).post(jelaskan_url(keberatan), {"penjelasan": "x"}).status_code == 404


def test_jelaskan_twice_says_why(kw: KeberatanWorld) -> None:
    keberatan = kw.jelaskan()
    response = client_of(kw.kabid).post(jelaskan_url(keberatan), {"penjelasan": "Lagi."}, follow=True)
    assertContains(response, "Penjelasan atas keberatan ini sudah diberikan.")
    keberatan.refresh_from_db()
    assert keberatan.penjelasan == "Dua dokumen terlambat dari jadwal."


def test_jelaskan_get_is_not_allowed(kw: KeberatanWorld) -> None:
    keberatan = kw.ajukan()
    assert client_of(kw.kabid).get(jelaskan_url(keberatan)).status_code == 405


# --- Putuskan ---------------------------------------------------------------------------------


def test_putuskan_ubah_shows_both_versions(kw: KeberatanWorld) -> None:
    keberatan = kw.jelaskan()
    response = client_of(kw.jpt).post(putuskan_url(keberatan), UBAH)
    assertRedirects(response, detail_url(keberatan))
    keberatan.refresh_from_db()
    assert keberatan.hasil is not None and keberatan.hasil.predikat == "sangat_baik"
    for who in ("staf", "kabid", "jpt", "operator"):
        page = client_of(person(kw, who)).get(detail_url(keberatan))
        assertContains(page, "Hasil awal (versi 1)")
        assertContains(page, "Hasil setelah keberatan (versi 2)")
        assertContains(page, 'data-test="hasil-awal" data-versi="1" data-predikat="baik"')
        assertContains(page, 'data-test="hasil-baru" data-versi="2" data-predikat="sangat_baik"')
        assertNotContains(page, 'data-test="form-putuskan"')


def test_putuskan_tetap_with_htmx(kw: KeberatanWorld) -> None:
    keberatan = kw.jelaskan()
    data = {"keputusan": "tetap", "rekomendasi": "Sudah sesuai."}
    response = client_of(kw.jpt).post(putuskan_url(keberatan), data, **HTMX)
    assert response.status_code == 200
    assertContains(response, "hasil evaluasi tetap")
    assertNotContains(response, "Hasil setelah keberatan (versi 2)")
    keberatan.refresh_from_db()
    assert keberatan.keputusan == "tetap" and keberatan.hasil is None


def test_putuskan_same_ratings_shows_the_error(kw: KeberatanWorld) -> None:
    keberatan = kw.jelaskan()
    data = {**UBAH, "rating_hasil": "sesuai", "rating_perilaku": "sesuai"}
    response = client_of(kw.jpt).post(putuskan_url(keberatan), data)
    assert response.status_code == 200
    assertContains(response, "sama dengan hasil evaluasi semula")
    assertContains(response, 'data-test="form-putuskan"')
    keberatan.refresh_from_db()
    assert keberatan.status == StatusKeberatan.DIJELASKAN and Evaluasi.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"keputusan": "ubah", "rekomendasi": "R"}, "Pilih rating hasil kerja yang baru"),
        ({"keputusan": "ubah", "rating_hasil": "di_atas", "rekomendasi": "R"}, "Pilih rating perilaku kerja yang baru"),
        ({"rekomendasi": "R"}, "Pilih keputusan"),
        ({"keputusan": "batal", "rekomendasi": "R"}, "Pilih keputusan"),
        ({"keputusan": "tetap", "rekomendasi": ""}, "Tuliskan rekomendasi"),
        ({**UBAH, "rating_hasil": "luar_biasa"}, "Pilih rating hasil kerja yang baru"),
    ],
)
def test_putuskan_bad_input(kw: KeberatanWorld, data: dict[str, str], message: str) -> None:
    keberatan = kw.jelaskan()
    response = client_of(kw.jpt).post(putuskan_url(keberatan), data)
    assert response.status_code == 200
    assertContains(response, message)
    keberatan.refresh_from_db()
    assert keberatan.status == StatusKeberatan.DIJELASKAN and Evaluasi.objects.count() == 1


@pytest.mark.parametrize("who", ["staf", "kabid", "operator"])
def test_putuskan_by_a_reader_who_is_not_the_atasan_is_404(kw: KeberatanWorld, who: str) -> None:
    keberatan = kw.jelaskan()
    assert client_of(person(kw, who)).post(putuskan_url(keberatan), UBAH).status_code == 404
    assert client_of(person(kw, who)).get(pratinjau_url(keberatan)).status_code == 404


def test_putuskan_before_explanation_is_refused(kw: KeberatanWorld) -> None:
    keberatan = kw.ajukan()
    response = client_of(kw.jpt).post(putuskan_url(keberatan), UBAH, follow=True)
    assertContains(response, "pejabat penilai kinerja belum memberikan penjelasan")
    keberatan.refresh_from_db()
    assert keberatan.status == StatusKeberatan.DIAJUKAN and Evaluasi.objects.count() == 1


def test_putuskan_twice_is_refused(kw: KeberatanWorld) -> None:
    keberatan = kw.putuskan_tetap()
    response = client_of(kw.jpt).post(putuskan_url(keberatan), UBAH, follow=True)
    assertContains(response, "sudah diputuskan; keputusan atasan pejabat penilai bersifat final")
    assert Evaluasi.objects.count() == 1
    response = client_of(kw.jpt).post(putuskan_url(keberatan), {"rekomendasi": ""}, **HTMX)
    assertContains(response, "tidak sedang menunggu keputusan")


def test_pratinjau_computes_the_predikat(kw: KeberatanWorld) -> None:
    keberatan = kw.jelaskan()
    client = client_of(kw.jpt)
    response = client.get(pratinjau_url(keberatan), {"rating_hasil": "di_bawah", "rating_perilaku": "sesuai"}, **HTMX)
    assertContains(response, 'data-predikat="Butuh Perbaikan"')
    response = client.get(pratinjau_url(keberatan), {"rating_hasil": "di_bawah"}, **HTMX)
    assertContains(response, 'data-predikat=""')
    assertContains(response, "Pilih kedua rating")


def test_preview_without_javascript_comes_back_to_the_detail(kw: KeberatanWorld) -> None:
    keberatan = kw.jelaskan()
    response = client_of(kw.jpt).get(
        detail_url(keberatan),
        {"keputusan": "ubah", "rating_hasil": "di_atas", "rating_perilaku": "di_bawah", "rekomendasi": "Catatan"},
    )
    assertContains(response, 'data-predikat="Kurang/Misconduct"')
    html = response.content.decode()
    assert re.search(r'name="rating_hasil" value="di_atas"[^>]*checked', html)
    assert re.search(r'name="rating_perilaku" value="di_bawah"[^>]*checked', html)
    assertContains(response, "Catatan</textarea>")


# --- List -------------------------------------------------------------------------------------

LIST = reverse("penilaian:keberatan_list")


def rows(response: Any) -> list[str]:
    return re.findall(r'data-test="keberatan-row" data-pk="(\d+)"', response.content.decode())


@pytest.mark.parametrize("who", ["staf", "kabid", "jpt", "operator"])
def test_list_shows_it_to_the_people_involved(kw: KeberatanWorld, who: str) -> None:
    keberatan = kw.ajukan()
    response = client_of(person(kw, who)).get(LIST)
    assert rows(response) == [str(keberatan.pk)]


@pytest.mark.parametrize("who", ["staf2", "outsider", "stranger"])
def test_list_hides_it_from_anyone_else(kw: KeberatanWorld, who: str) -> None:
    kw.ajukan()
    response = client_of(person(kw, who)).get(LIST)
    assert response.status_code == 200
    assert rows(response) == []
    assertContains(response, 'data-test="keberatan-kosong"')


def test_list_anonymous_goes_to_login(client: Client, db: None) -> None:
    response = client.get(LIST)
    assert response.status_code == 302 and "login" in response["Location"]


def test_list_marks_what_waits_for_me_and_filters(kw: KeberatanWorld) -> None:
    keberatan = kw.ajukan()
    response = client_of(kw.kabid).get(LIST)
    assertContains(response, 'data-menunggu="1"')
    assertContains(response, "Beri penjelasan")
    assertNotContains(client_of(kw.jpt).get(LIST), 'data-menunggu="1"')
    kw.jelaskan(keberatan)
    assertContains(client_of(kw.jpt).get(LIST), 'data-menunggu="1"')
    client = client_of(kw.kabid)
    assert rows(client.get(LIST, {"peran": "penilai"})) == [str(keberatan.pk)]
    assert rows(client.get(LIST, {"peran": "atasan"})) == []
    assert rows(client.get(LIST, {"peran": "operator"})) == []
    assert rows(client.get(LIST, {"status": "diputuskan"})) == []
    assert rows(client.get(LIST, {"status": "terbuka"})) == [str(keberatan.pk)]
    assert rows(client.get(LIST, {"q": kw.staf.nip[:8]})) == [str(keberatan.pk)]
    assert rows(client.get(LIST, {"q": "tidak ada nama seperti ini"})) == []
    assert rows(client.get(LIST, {"status": "bukan-status", "peran": "x"})) == [str(keberatan.pk)]
    partial = client.get(LIST, {"peran": "penilai"}, **HTMX)
    assertNotContains(partial, "<html")
    assert rows(partial) == [str(keberatan.pk)]


def _many_keberatan(kw: KeberatanWorld, count: int) -> None:
    from tests.factories import PegawaiFactory, SkpFactory

    from .keberatan_world import given_evaluasi

    plan = kw.k.plan
    for n in range(count):
        pegawai = PegawaiFactory(instansi=plan.staf.instansi, unit_kerja=plan.bidang, atasan=plan.kabid)
        evaluasi = given_evaluasi(SkpFactory(pegawai=pegawai), kw.triwulan1, identitas={})
        Keberatan.objects.create(
            evaluasi=evaluasi,
            alasan=f"Alasan {n}",
            diajukan_oleh=pegawai,
            status=StatusKeberatan.DIJELASKAN if n % 2 else StatusKeberatan.DIAJUKAN,
        )


@pytest.mark.parametrize("who", ["kabid", "jpt", "operator"])
def test_list_query_count_does_not_grow_with_the_rows(
    kw: KeberatanWorld, who: str, django_assert_max_num_queries: Any
) -> None:
    client = client_of(person(kw, who))
    client.get(LIST)  # warm the session
    with django_assert_max_num_queries(12):
        small = client.get(LIST)
    _many_keberatan(kw, 50)
    with django_assert_max_num_queries(12):
        big = client.get(LIST)
    with django_assert_max_num_queries(12):
        client.get(LIST, {"page": 2, "status": "terbuka", "q": "a"}, **HTMX)
    assert len(rows(small)) == 0 and len(rows(big)) == 25


def test_detail_query_count(kw: KeberatanWorld, django_assert_max_num_queries: Any) -> None:
    keberatan = kw.putuskan_ubah()
    for who in ("staf", "kabid", "jpt", "operator"):
        client = client_of(person(kw, who))
        client.get(detail_url(keberatan))
        with django_assert_max_num_queries(15):
            assert client.get(detail_url(keberatan)).status_code == 200
