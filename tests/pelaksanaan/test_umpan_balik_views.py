"""The Umpan balik page of one SKP: who reads it, who writes, htmx and plain posts, bad input,
history of replaced feedback, and the query count with a big SKP."""

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
from pelaksanaan.models import Pembinaan, Periode, Realisasi, UmpanBalik
from pelaksanaan.periode import periods_of_skp
from pelaksanaan.services.umpan_balik import (
    umpan_balik_hasil_add,
    umpan_balik_insidental_add,
    umpan_balik_perilaku_add,
    umpan_balik_update,
)
from perencanaan.models import Iki, Rhk, Skp
from tests.conftest import login
from tests.factories import PegawaiFactory
from tests.kinerja_world import Kinerja
from tests.perencanaan.conftest import client_of

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def triwulan(kinerja: Kinerja) -> Periode:
    return periods_of_skp(kinerja.skp)[0]


@pytest.fixture
def unrelated(kinerja: Kinerja) -> Pegawai:
    """A colleague in the same bidang with no role at all on the staf's SKP."""
    return PegawaiFactory(instansi=kinerja.staf.instansi, unit_kerja=kinerja.plan.bidang, atasan=kinerja.kabid)


def page_url(skp: Skp, periode: Periode | None = None) -> str:
    url = reverse("pelaksanaan:umpan_balik", args=[skp.pk])
    return f"{url}?periode={periode.pk}" if periode is not None else url


def hasil_url(skp: Skp) -> str:
    return reverse("pelaksanaan:umpan_balik_hasil", args=[skp.pk])


def insidental_url(skp: Skp) -> str:
    return reverse("pelaksanaan:umpan_balik_insidental", args=[skp.pk])


def pembinaan_url(skp: Skp) -> str:
    return reverse("pelaksanaan:pembinaan_tambah", args=[skp.pk])


def admin_client() -> Client:
    return login(Client(), User.objects.create_superuser("admin-ub", password="Rahasia-123"))


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def feedback(kinerja: Kinerja, periode: Periode, teks: str = "Pertahankan kualitas dokumen.") -> UmpanBalik:
    assert kinerja.kabid.user is not None
    return umpan_balik_hasil_add(
        skp=kinerja.skp, periode=periode, teks=teks, by=kinerja.kabid.user, iki=kinerja.iki_kuantitas
    )


# --- Access -----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["staf", "kabid", "jpt", "operator", "admin"])
def test_readers_get_the_page(kinerja: Kinerja, triwulan: Periode, who: str) -> None:
    feedback(kinerja, triwulan)
    client = admin_client() if who == "admin" else client_of(getattr(kinerja.plan, who))
    response = client.get(page_url(kinerja.skp, triwulan))
    assert response.status_code == 200
    assertContains(response, "Pertahankan kualitas dokumen.")
    assertContains(response, 'data-test="skp-tabs"')
    if who == "kabid":
        assertContains(response, 'data-test="umpan-balik-form"')
        assertContains(response, 'data-test="insidental-form"')
        assertContains(response, 'data-test="pembinaan-form"')
        assertContains(response, 'data-test="umpan-balik-ubah"')
    else:
        assertNotContains(response, 'data-test="umpan-balik-form"')
        assertNotContains(response, 'data-test="insidental-form"')
        assertNotContains(response, 'data-test="pembinaan-form"')
        assertNotContains(response, 'data-test="umpan-balik-ubah"')


def _post_routes(kinerja: Kinerja, triwulan: Periode, ub: UmpanBalik) -> list[tuple[str, dict[str, Any]]]:
    return [
        (hasil_url(kinerja.skp), {"periode": triwulan.pk, "iki": kinerja.iki_kuantitas.pk, "teks": "x"}),
        (
            insidental_url(kinerja.skp),
            {"periode": triwulan.pk, "kategori": "apresiasi", "tanggal": "2026-02-02", "teks": "x"},
        ),
        (pembinaan_url(kinerja.skp), {"jenis": "bimbingan", "tanggal": "2026-02-02", "catatan": "x"}),
        (reverse("pelaksanaan:umpan_balik_ubah", args=[ub.pk]), {"teks": "diubah"}),
        (reverse("pelaksanaan:umpan_balik_hapus", args=[ub.pk]), {}),
    ]


@pytest.mark.parametrize("who", ["unrelated", "outsider", "staf2", "stranger"])
def test_strangers_get_404_everywhere(kinerja: Kinerja, triwulan: Periode, unrelated: Pegawai, who: str) -> None:
    """Not even the rekan rating one aspect (outsider, staf2) opens the SKP's feedback page."""
    ub = feedback(kinerja, triwulan)
    client = client_of(unrelated if who == "unrelated" else getattr(kinerja.plan, who))
    assert client.get(page_url(kinerja.skp, triwulan)).status_code == 404
    assert client.get(page_url(kinerja.skp), **HX).status_code == 404  # type: ignore[arg-type]
    for url, data in _post_routes(kinerja, triwulan, ub):
        assert client.post(url, data).status_code == 404, url
        assert client.post(url, data, **HX).status_code == 404, url  # type: ignore[arg-type]
    assert UmpanBalik.objects.count() == 1 and UmpanBalik.objects.current().count() == 1
    assert not Pembinaan.objects.exists()


@pytest.mark.parametrize("who", ["staf", "jpt", "operator", "admin"])
def test_readers_who_are_not_the_penilai_cannot_write(kinerja: Kinerja, triwulan: Periode, who: str) -> None:
    ub = feedback(kinerja, triwulan)
    client = admin_client() if who == "admin" else client_of(getattr(kinerja.plan, who))
    for url, data in _post_routes(kinerja, triwulan, ub):
        assert client.post(url, data).status_code == 404, url
    assert UmpanBalik.objects.count() == 1 and not Pembinaan.objects.exists()


def test_anonymous_goes_to_login(kinerja: Kinerja, triwulan: Periode, client: Client) -> None:
    ub = feedback(kinerja, triwulan)
    responses = [client.get(page_url(kinerja.skp))] + [
        client.post(u, d) for u, d in _post_routes(kinerja, triwulan, ub)
    ]
    for response in responses:
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert UmpanBalik.objects.count() == 1


@pytest.mark.parametrize(
    "url", ["/skp/0/umpan-balik/", "/skp/99999999999999999999/umpan-balik/", "/skp/424242/umpan-balik/"]
)
def test_garbage_ids_are_404(kinerja: Kinerja, url: str) -> None:
    client = client_of(kinerja.kabid)
    assert client.get(url).status_code == 404
    assert client.post(url + "hasil/", {"teks": "x"}).status_code == 404
    assert client.post("/umpan-balik/0/ubah/", {"teks": "x"}).status_code == 404
    assert client.post("/umpan-balik/424242/hapus/").status_code == 404


def test_writes_need_post(kinerja: Kinerja, triwulan: Periode) -> None:
    client = client_of(kinerja.kabid)
    ub = feedback(kinerja, triwulan)
    for url, _data in _post_routes(kinerja, triwulan, ub):
        assert client.get(url).status_code == 405


def test_perilaku_feedback_is_not_changed_from_this_page(kinerja: Kinerja, triwulan: Periode) -> None:
    assert kinerja.kabid.user is not None
    ub = umpan_balik_perilaku_add(perilaku=kinerja.perilaku_atasan, periode=triwulan, teks="a", by=kinerja.kabid.user)
    client = client_of(kinerja.kabid)
    assert client.post(reverse("pelaksanaan:umpan_balik_ubah", args=[ub.pk]), {"teks": "b"}).status_code == 404
    assert client.post(reverse("pelaksanaan:umpan_balik_hapus", args=[ub.pk])).status_code == 404
    assert UmpanBalik.objects.get().is_current


# --- Reading ----------------------------------------------------------------------------------


def test_htmx_gets_the_partial(kinerja: Kinerja, triwulan: Periode) -> None:
    client = client_of(kinerja.kabid)
    page = client.get(page_url(kinerja.skp, triwulan))
    part = client.get(page_url(kinerja.skp, triwulan), **HX)  # type: ignore[arg-type]
    assert b"<html" in page.content and b"<html" not in part.content
    assertContains(part, 'id="umpan-balik-isi"')
    assertNotContains(part, 'data-test="skp-tabs"')
    assert "HX-Request" in part["Vary"]


def test_the_pegawai_sees_all_feedback_on_their_skp(kinerja: Kinerja, triwulan: Periode) -> None:
    feedback(kinerja, triwulan, "Hasil sudah sesuai target.")
    assert kinerja.plan.staf2.user is not None and kinerja.kabid.user is not None
    umpan_balik_perilaku_add(
        perilaku=kinerja.perilaku_rekan, periode=triwulan, teks="Cepat beradaptasi.", by=kinerja.plan.staf2.user
    )
    umpan_balik_insidental_add(
        skp=kinerja.skp,
        periode=triwulan,
        kategori="tidak_selesai",
        rhk=kinerja.rhk_tambahan,
        tindak_lanjut="penyesuaian_sumber_daya",
        tanggal=dt.date(2026, 3, 2),
        teks="Anggaran sosialisasi dipotong.",
        by=kinerja.kabid.user,
    )
    Pembinaan.objects.create(
        skp=kinerja.skp,
        jenis="konseling",
        tanggal=dt.date(2026, 3, 3),
        catatan="Konseling beban kerja",
        dicatat_oleh=kinerja.kabid,
    )
    response = client_of(kinerja.staf).get(page_url(kinerja.skp, triwulan))
    html = response.content.decode()
    assert "Hasil sudah sesuai target." in html
    assert f"Rekan kerja ({kinerja.plan.staf2.nama_lengkap})" in html and "Cepat beradaptasi." in html
    assert "Anggaran sosialisasi dipotong." in html and "Penyesuaian sumber daya" in html
    assert "Konseling beban kerja" in html
    assert 'data-test="umpan-balik-hapus"' not in html


def test_feedback_of_another_period_is_not_shown(kinerja: Kinerja, triwulan: Periode) -> None:
    feedback(kinerja, triwulan, "Triwulan satu")
    other = periods_of_skp(kinerja.skp)[1]
    response = client_of(kinerja.staf).get(page_url(kinerja.skp, other))
    assertNotContains(response, "Triwulan satu")


def test_realisasi_is_shown_next_to_the_feedback(kinerja: Kinerja, triwulan: Periode) -> None:
    Realisasi.objects.create(
        skp=kinerja.skp, periode=triwulan, rhk=kinerja.rhk_utama, iki=kinerja.iki_kuantitas, nilai=Decimal(9)
    )
    response = client_of(kinerja.kabid).get(page_url(kinerja.skp, triwulan))
    assertContains(response, "75%")  # 9 of 12 Dokumen
    assertContains(response, 'data-test="umpan-balik-iki"', count=3)


def test_a_draft_skp_is_read_only_with_an_explanation(kinerja: Kinerja, triwulan: Periode) -> None:
    Skp.objects.filter(pk=kinerja.skp.pk).update(status="diajukan")
    response = client_of(kinerja.kabid).get(page_url(kinerja.skp, triwulan))
    assertContains(response, 'data-test="umpan-balik-terkunci"')
    assertNotContains(response, 'data-test="umpan-balik-form"')


def test_a_closed_period_is_read_only(kinerja: Kinerja, triwulan: Periode) -> None:
    feedback(kinerja, triwulan)
    Periode.objects.filter(pk=triwulan.pk).update(terbuka=False)
    response = client_of(kinerja.kabid).get(page_url(kinerja.skp, triwulan))
    assertContains(response, "sudah ditutup")
    assertNotContains(response, 'data-test="umpan-balik-form"')
    assertNotContains(response, 'data-test="umpan-balik-ubah"')


# --- Writing: hasil -----------------------------------------------------------------------------


def test_penilai_posts_feedback_without_javascript(kinerja: Kinerja, triwulan: Periode) -> None:
    client = client_of(kinerja.kabid)
    data = {"periode": triwulan.pk, "iki": kinerja.iki_waktu.pk, "teks": "Percepat penyusunan."}
    response = client.post(hasil_url(kinerja.skp), data)
    assert response.status_code == 302
    assert response["Location"] == f"{page_url(kinerja.skp, triwulan)}#ub-iki-{kinerja.iki_waktu.pk}"
    ub = UmpanBalik.objects.get()
    assert (ub.iki, ub.rhk, ub.periode, ub.penulis) == (kinerja.iki_waktu, kinerja.rhk_utama, triwulan, kinerja.kabid)
    assert messages_of(response) == ["Umpan balik disimpan."]
    assertContains(client.get(response["Location"]), "Percepat penyusunan.")


def test_penilai_posts_feedback_with_htmx(kinerja: Kinerja, triwulan: Periode) -> None:
    client = client_of(kinerja.kabid)
    data = {"periode": triwulan.pk, "iki": kinerja.iki_tambahan.pk, "teks": "Laporan ditunggu."}
    response = client.post(hasil_url(kinerja.skp), data, **HX)  # type: ignore[arg-type]
    assert response.status_code == 200 and b"<html" not in response.content
    assertContains(response, 'id="umpan-balik-isi"')
    assertContains(response, "Laporan ditunggu.")
    assertContains(response, 'data-test="pesan"')
    assert UmpanBalik.objects.get().iki == kinerja.iki_tambahan


def test_kualitatif_feedback_is_per_rhk(kinerja: Kinerja) -> None:
    skp = kinerja.skp_kualitatif
    periode = periods_of_skp(skp)[0]
    client = client_of(kinerja.kabid)
    page = client.get(page_url(skp, periode))
    assertContains(page, f'name="rhk" value="{kinerja.rhk_kualitatif.pk}"')
    response = client.post(hasil_url(skp), {"periode": periode.pk, "rhk": kinerja.rhk_kualitatif.pk, "teks": "Rapi."})
    assert response.status_code == 302
    ub = UmpanBalik.objects.get()
    assert ub.rhk == kinerja.rhk_kualitatif and ub.iki is None


@pytest.mark.parametrize("htmx", [False, True])
def test_empty_or_too_long_feedback_is_shown_with_its_error(kinerja: Kinerja, triwulan: Periode, htmx: bool) -> None:
    client = client_of(kinerja.kabid)
    extra = HX if htmx else {}
    for teks, message in (("   ", "wajib diisi"), ("x" * 2001, "Paling banyak 2000")):
        data = {"periode": triwulan.pk, "iki": kinerja.iki_kuantitas.pk, "teks": teks}
        response = client.post(hasil_url(kinerja.skp), data, **extra)  # type: ignore[arg-type]
        assert response.status_code == 200
        assertContains(response, 'data-test="umpan-balik-galat"')
        assertContains(response, message)
        assert (b"<html" in response.content) is not htmx
    assert not UmpanBalik.objects.exists()


def test_bad_targets_and_periods_are_explained(kinerja: Kinerja, triwulan: Periode) -> None:
    client = client_of(kinerja.kabid)
    other_iki = Iki.objects.get(rhk__skp=kinerja.skp_kualitatif)
    cases = [
        ({"periode": triwulan.pk, "iki": other_iki.pk, "teks": "x"}, "bukan bagian dari SKP"),
        ({"periode": triwulan.pk, "iki": 987654, "teks": "x"}, "tidak ditemukan"),
        ({"periode": triwulan.pk, "iki": "abc", "teks": "x"}, "tidak ditemukan"),
        ({"periode": triwulan.pk, "teks": "x"}, "tidak ditemukan"),
        ({"periode": "999999", "iki": kinerja.iki_kuantitas.pk, "teks": "x"}, "Periode evaluasi tidak ditemukan"),
        ({"iki": kinerja.iki_kuantitas.pk, "teks": "x"}, "Periode evaluasi tidak ditemukan"),
    ]
    for data, message in cases:
        response = client.post(hasil_url(kinerja.skp), data, **HX)  # type: ignore[arg-type]
        assert response.status_code == 200
        assertContains(response, message)
        plain = client.post(hasil_url(kinerja.skp), data)
        assert plain.status_code == 302 and any(message in m for m in messages_of(plain))
    assert not UmpanBalik.objects.exists()


def test_a_closed_period_refuses_new_feedback(kinerja: Kinerja, triwulan: Periode) -> None:
    Periode.objects.filter(pk=triwulan.pk).update(terbuka=False)
    client = client_of(kinerja.kabid)
    data = {"periode": triwulan.pk, "iki": kinerja.iki_kuantitas.pk, "teks": "Terlambat"}
    response = client.post(hasil_url(kinerja.skp), data, **HX)  # type: ignore[arg-type]
    assertContains(response, "sudah ditutup")
    assert not UmpanBalik.objects.exists()


# --- Writing: change and withdraw --------------------------------------------------------------


def test_change_keeps_the_old_text_in_the_history(kinerja: Kinerja, triwulan: Periode) -> None:
    ub = feedback(kinerja, triwulan, "Versi awal")
    client = client_of(kinerja.kabid)
    response = client.post(reverse("pelaksanaan:umpan_balik_ubah", args=[ub.pk]), {"teks": "Versi baru"})
    assert response.status_code == 302 and response["Location"] == page_url(kinerja.skp, triwulan)
    page = client_of(kinerja.staf).get(page_url(kinerja.skp, triwulan))
    assertContains(page, 'data-test="umpan-balik-riwayat"')
    assertContains(page, "<del>Pimpinan: Versi awal</del>", html=False)
    assertContains(page, "Versi baru")


def test_change_with_htmx_and_bad_input(kinerja: Kinerja, triwulan: Periode) -> None:
    ub = feedback(kinerja, triwulan, "Versi awal")
    client = client_of(kinerja.kabid)
    url = reverse("pelaksanaan:umpan_balik_ubah", args=[ub.pk])
    bad = client.post(url, {"teks": ""}, **HX)  # type: ignore[arg-type]
    assertContains(bad, "wajib diisi")
    assertContains(bad, "open")
    assert UmpanBalik.objects.count() == 1
    good = client.post(url, {"teks": "Diperbaiki"}, **HX)  # type: ignore[arg-type]
    assertContains(good, "Diperbaiki")
    assert UmpanBalik.objects.current().get().teks == "Diperbaiki"
    again = client.post(url, {"teks": "Lagi"}, **HX)  # type: ignore[arg-type]
    assertContains(again, "setelah Anda membuka formulir")
    assert UmpanBalik.objects.count() == 2


def test_withdraw_keeps_the_text_in_the_history(kinerja: Kinerja, triwulan: Periode) -> None:
    ub = feedback(kinerja, triwulan, "Salah tulis")
    client = client_of(kinerja.kabid)
    response = client.post(reverse("pelaksanaan:umpan_balik_hapus", args=[ub.pk]), **HX)  # type: ignore[arg-type]
    assertContains(response, "ditarik")
    assert not UmpanBalik.objects.current().exists() and UmpanBalik.objects.get().teks == "Salah tulis"
    assertContains(client_of(kinerja.staf).get(page_url(kinerja.skp, triwulan)), "Salah tulis")


def test_another_penilais_old_feedback_cannot_be_changed_by_the_new_one(kinerja: Kinerja, triwulan: Periode) -> None:
    ub = feedback(kinerja, triwulan)
    Skp.objects.filter(pk=kinerja.skp.pk).update(pejabat_penilai=kinerja.jpt)
    client = client_of(kinerja.jpt)
    response = client.post(reverse("pelaksanaan:umpan_balik_ubah", args=[ub.pk]), {"teks": "ganti"})
    assert response.status_code == 302 and any("Hanya penulis" in m for m in messages_of(response))
    assert (
        client_of(kinerja.kabid).post(reverse("pelaksanaan:umpan_balik_ubah", args=[ub.pk]), {"teks": "x"}).status_code
        == 404
    )
    assert UmpanBalik.objects.get().is_current


# --- Writing: insidental and pembinaan ---------------------------------------------------------


def test_insidental_feedback(kinerja: Kinerja, triwulan: Periode) -> None:
    client = client_of(kinerja.kabid)
    data = {
        "periode": triwulan.pk,
        "kategori": "tidak_selesai",
        "tanggal": "2026-03-10",
        "rhk": kinerja.rhk_utama.pk,
        "tindak_lanjut": "diambil_alih",
        "teks": "Dokumen diambil alih pimpinan.",
    }
    response = client.post(insidental_url(kinerja.skp), data)
    assert response.status_code == 302 and response["Location"].endswith("#insidental")
    ub = UmpanBalik.objects.get()
    assert (ub.kategori, ub.tindak_lanjut, ub.rhk, ub.tanggal) == (
        "tidak_selesai",
        "diambil_alih",
        kinerja.rhk_utama,
        dt.date(2026, 3, 10),
    )
    page = client.get(page_url(kinerja.skp, triwulan))
    assertContains(page, 'data-test="insidental-row"')
    assertContains(page, "Hasil kerja diambil alih pimpinan")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kategori": "tidak_selesai", "tindak_lanjut": "pembinaan"}, "Pilih RHK yang tidak dapat diselesaikan"),
        ({"kategori": "tidak_selesai", "rhk": "utama"}, "Pilih tindak lanjut"),
        ({"kategori": "apresiasi", "tindak_lanjut": "pembinaan"}, "Tindak lanjut hanya diisi"),
        ({"kategori": "x"}, "Pilih kategori"),
        ({"kategori": "apresiasi", "tanggal": "2026-05-01"}, "Tanggal harus di dalam periode"),
        ({"kategori": "apresiasi", "tanggal": "31-31-2026"}, "Tanggal tidak valid"),
        ({"kategori": "apresiasi", "rhk": "999999"}, "Pilih RHK dari daftar"),
        ({"kategori": "apresiasi", "teks": ""}, "wajib diisi"),
    ],
)
def test_insidental_bad_input(kinerja: Kinerja, triwulan: Periode, data: dict[str, str], message: str) -> None:
    posted = {"periode": str(triwulan.pk), "tanggal": "2026-02-01", "teks": "Uraian", **data}
    if posted.get("rhk") == "utama":
        posted["rhk"] = str(kinerja.rhk_utama.pk)
    client = client_of(kinerja.kabid)
    for extra in ({}, HX):
        response = client.post(insidental_url(kinerja.skp), posted, **extra)  # type: ignore[arg-type]
        assert response.status_code == 200
        assertContains(response, message)
        assertContains(response, '<details open data-test="insidental-tambah">')
    assert not UmpanBalik.objects.exists()


def test_pembinaan_is_recorded_and_bad_input_explained(kinerja: Kinerja, triwulan: Periode) -> None:
    client = client_of(kinerja.kabid)
    data = {
        "periode": triwulan.pk,
        "jenis": "konseling",
        "tanggal": "2026-02-20",
        "catatan": "Motivasi menurun.",
        "tindak_lanjut": "",
    }
    response = client.post(pembinaan_url(kinerja.skp), data)
    assert response.status_code == 302 and response["Location"].endswith("#pembinaan")
    p = Pembinaan.objects.get()
    assert (p.jenis, p.tanggal, p.dicatat_oleh) == ("konseling", dt.date(2026, 2, 20), kinerja.kabid)
    for bad, message in (
        ({"jenis": "lain"}, "Pilih jenis pembinaan"),
        ({"catatan": ""}, "Catatan pembinaan wajib diisi"),
        ({"tanggal": "2025-06-01"}, "harus di tahun SKP"),
        ({"tanggal": ""}, "Tanggal wajib diisi"),
    ):
        response = client.post(pembinaan_url(kinerja.skp), {**data, **bad}, **HX)  # type: ignore[arg-type]
        assert response.status_code == 200
        assertContains(response, message)
    assert Pembinaan.objects.count() == 1
    assertContains(client_of(kinerja.staf).get(page_url(kinerja.skp, triwulan)), "Motivasi menurun.")


# --- Speed ------------------------------------------------------------------------------------


def test_query_count_with_a_big_skp(kinerja: Kinerja, triwulan: Periode, django_assert_max_num_queries: Any) -> None:
    assert kinerja.kabid.user is not None and kinerja.plan.staf2.user is not None
    skp = kinerja.skp
    for i in range(40):
        rhk = Rhk.objects.create(skp=skp, jenis="utama" if i % 4 else "tambahan", teks=f"RHK {i}", urutan=i + 1)
        for j in range(3):
            iki = Iki.objects.create(rhk=rhk, teks=f"IKI {i}.{j}", aspek="kuantitas", target_min=10)
            Realisasi.objects.create(skp=skp, periode=triwulan, rhk=rhk, iki=iki, nilai=Decimal(j + 5))
            ub = umpan_balik_hasil_add(skp=skp, periode=triwulan, teks=f"Umpan {i}.{j}", by=kinerja.kabid.user, iki=iki)
            if j == 0:
                umpan_balik_update(umpan_balik=ub, teks=f"Umpan {i}.{j} (ubah)", by=kinerja.kabid.user)
        umpan_balik_insidental_add(
            skp=skp,
            periode=triwulan,
            kategori="penugasan_baru",
            rhk=rhk,
            teks=f"Tugas {i}",
            tanggal=dt.date(2026, 2, 1),
            by=kinerja.kabid.user,
        )
    umpan_balik_perilaku_add(
        perilaku=kinerja.perilaku_rekan, periode=triwulan, teks="Adaptif", by=kinerja.plan.staf2.user
    )
    for i in range(10):
        Pembinaan.objects.create(
            skp=skp, jenis="bimbingan", tanggal=dt.date(2026, 2, 1), catatan=f"P{i}", dicatat_oleh=kinerja.kabid
        )
    for who in (kinerja.kabid, kinerja.staf):
        client = client_of(who)
        with django_assert_max_num_queries(22):
            response = client.get(page_url(skp, triwulan))
        assert response.status_code == 200
        assertContains(response, 'data-test="umpan-balik-iki"', count=123)
        assertContains(response, "Umpan 39.2")
        assertContains(response, "Tugas 39")


def test_the_link_to_perilaku_skp_shows_only_when_the_penilai_rates_an_aspect(
    kinerja: Kinerja, triwulan: Periode
) -> None:
    client = client_of(kinerja.kabid)
    page = client.get(page_url(kinerja.skp, triwulan))
    assertContains(page, 'data-test="ke-perilaku-skp"')
    assert client.get(reverse("pelaksanaan:perilaku_nilai", args=[kinerja.skp.pk])).status_code == 200
    from perencanaan.models import PerilakuSkp

    PerilakuSkp.objects.filter(skp=kinerja.skp, jenis_penilai="atasan").update(
        jenis_penilai="rekan", penilai=kinerja.plan.staf2
    )
    assertNotContains(client.get(page_url(kinerja.skp, triwulan)), 'data-test="ke-perilaku-skp"')
    assert client.get(reverse("pelaksanaan:perilaku_nilai", args=[kinerja.skp.pk])).status_code == 404
