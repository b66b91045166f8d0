"""The evaluation page of one SKP and period: penilai form, pegawai view, read-only roles, access."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import User
from pelaksanaan.models import Realisasi
from penilaian.models import Evaluasi, Predikat, StatusEvaluasi
from penilaian.services.capaian import capaian_unit_set
from perencanaan.models import Iki, Rhk
from tests.conftest import login
from tests.kinerja_world import Kinerja
from tests.perencanaan.conftest import client_of

from .evaluasi_support import give, many_bawahan, periode, save

HX = {"HTTP_HX_REQUEST": "true"}


def page_url(k: Kinerja, nomor: int = 1, skp: object = None) -> str:
    target = skp or k.skp
    return f"{reverse('penilaian:evaluasi', args=[target.pk])}?periode={periode(k, nomor).pk}"  # type: ignore[attr-defined]


def simpan_url(k: Kinerja) -> str:
    return reverse("penilaian:evaluasi_simpan", args=[k.skp.pk])


def post_data(k: Kinerja, hasil: str = "sesuai", perilaku: str = "di_atas", **extra: str) -> dict[str, str]:
    return {
        "periode": str(periode(k).pk),
        "rating_hasil": hasil,
        "rating_perilaku": perilaku,
        "catatan": "",
        "versi": "0",
        **extra,
    }


def admin_client() -> Client:
    return login(Client(), User.objects.create_superuser("admin-evaluasi", password="Rahasia-123"))


# --- Access ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["kabid", "staf", "jpt", "operator"])
def test_allowed_people_read_the_page(kinerja: Kinerja, who: str) -> None:
    response = client_of(getattr(kinerja.plan, who)).get(page_url(kinerja))
    assert response.status_code == 200
    assertContains(response, 'data-test="skp-tabs"')
    assertContains(response, 'data-test="tab-evaluasi"')
    assertContains(response, 'data-test="periode-pilih"')


def test_admin_reads_the_page(kinerja: Kinerja) -> None:
    assert admin_client().get(page_url(kinerja)).status_code == 200


@pytest.mark.parametrize("who", ["outsider", "staf2", "stranger"])
def test_unrelated_people_get_404_everywhere(kinerja: Kinerja, who: str) -> None:
    given = give(kinerja.skp, periode(kinerja, 2))
    draft = save(kinerja.skp, periode(kinerja), "sesuai", "sesuai")
    client = client_of(getattr(kinerja.plan, who))
    assert client.get(page_url(kinerja)).status_code == 404
    assert client.post(simpan_url(kinerja), post_data(kinerja)).status_code == 404
    assert (
        client.post(reverse("penilaian:evaluasi_pratinjau", args=[kinerja.skp.pk]), post_data(kinerja)).status_code
        == 404
    )
    assert client.post(reverse("penilaian:evaluasi_berikan", args=[draft.pk])).status_code == 404
    assert client.post(reverse("penilaian:evaluasi_terima", args=[given.pk])).status_code == 404
    draft.refresh_from_db()
    assert draft.status == StatusEvaluasi.DRAFT


@pytest.mark.parametrize("who", ["staf", "jpt", "operator"])
def test_only_the_penilai_writes(kinerja: Kinerja, who: str) -> None:
    draft = save(kinerja.skp, periode(kinerja), "sesuai", "sesuai")
    client = client_of(getattr(kinerja.plan, who))
    assert client.post(simpan_url(kinerja), post_data(kinerja, "di_bawah")).status_code == 404
    assert (
        client.post(reverse("penilaian:evaluasi_pratinjau", args=[kinerja.skp.pk]), post_data(kinerja)).status_code
        == 404
    )
    assert client.post(reverse("penilaian:evaluasi_berikan", args=[draft.pk])).status_code == 404
    draft.refresh_from_db()
    assert draft.rating_hasil == "sesuai" and draft.status == StatusEvaluasi.DRAFT


def test_only_the_pegawai_acknowledges(kinerja: Kinerja) -> None:
    given = give(kinerja.skp, periode(kinerja))
    for who in ("kabid", "jpt", "operator"):
        assert (
            client_of(getattr(kinerja.plan, who))
            .post(reverse("penilaian:evaluasi_terima", args=[given.pk]))
            .status_code
            == 404
        )
    given.refresh_from_db()
    assert given.diterima_pada is None


def test_anonymous_goes_to_login(kinerja: Kinerja, client: Client) -> None:
    for url in (page_url(kinerja), reverse("penilaian:evaluasi_bawahan")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    response = client.post(simpan_url(kinerja), post_data(kinerja))
    assert response.status_code == 302 and not Evaluasi.objects.exists()


def test_a_huge_pk_is_404(kinerja: Kinerja) -> None:
    assert client_of(kinerja.kabid).get(f"/skp/{2**64}/evaluasi/").status_code == 404


# --- The penilai ------------------------------------------------------------------------------------


def test_penilai_sees_capaian_chart_sheet_and_the_form_with_guidance(kinerja: Kinerja) -> None:
    Realisasi.objects.create(
        skp=kinerja.skp, periode=periode(kinerja), rhk=kinerja.rhk_utama, iki=kinerja.iki_kuantitas, nilai=Decimal(15)
    )
    response = client_of(kinerja.kabid).get(page_url(kinerja))
    html = response.content.decode()
    assert 'data-test="evaluasi-form"' in html
    assert "<svg" in html and 'data-test="pola-distribusi"' in html
    assert 'data-test="lembar-hasil-kerja"' in html and "125%" in html
    assert "Belum ditetapkan" in html  # capaian of the bidang not set
    assert 'data-test="capaian-atur"' not in html  # the kabid does not set their own unit's capaian
    for text in (
        "tidak ada hasil kerja utama yang di bawah ekspektasi",
        "hanya sebagian kecil hasil kerja utama",
        "core values ASN untuk diri sendiri dan orang lain",
        "Simpan draf",
        "Berikan kepada pegawai",
    ):
        assert text in html, text
    assert len(re.findall(r'type="radio" name="rating_hasil"', html)) == 3
    assert len(re.findall(r'type="radio" name="rating_perilaku"', html)) == 3
    assert 'name="predikat"' not in html  # never typed


def test_htmx_gets_the_body_partial_and_a_browser_the_page(kinerja: Kinerja) -> None:
    client = client_of(kinerja.kabid)
    partial = client.get(page_url(kinerja), **HX).content.decode()
    assert partial.lstrip().startswith('<div id="evaluasi-body"') and "<html" not in partial
    page = client.get(page_url(kinerja)).content.decode()
    assert "<html" in page and 'id="evaluasi-body"' in page


def test_saving_a_draft_without_javascript(kinerja: Kinerja) -> None:
    client = client_of(kinerja.kabid)
    response = client.post(
        simpan_url(kinerja), post_data(kinerja, catatan="Tingkatkan kualitas laporan", aksi="simpan")
    )
    assert response.status_code == 302 and response["Location"] == page_url(kinerja)
    evaluasi = Evaluasi.objects.get()
    assert evaluasi.status == StatusEvaluasi.DRAFT and evaluasi.predikat == Predikat.BAIK
    html = client.get(response["Location"]).content.decode()
    assert "Draf evaluasi" in html and 'value="di_atas" checked' in html
    assert 'data-predikat="baik"' in html


def test_saving_with_htmx_returns_the_body_with_the_notice(kinerja: Kinerja) -> None:
    response = client_of(kinerja.kabid).post(simpan_url(kinerja), post_data(kinerja, "di_atas", "di_atas"), **HX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'data-test="evaluasi-pesan"' in html and 'data-status="draft"' in html
    assert Evaluasi.objects.get().predikat == Predikat.SANGAT_BAIK


def test_giving_with_htmx_after_the_confirm_dialog(kinerja: Kinerja) -> None:
    response = client_of(kinerja.kabid).post(
        simpan_url(kinerja), post_data(kinerja, "di_bawah", "sesuai", aksi="berikan", konfirmasi="1"), **HX
    )
    html = response.content.decode()
    evaluasi = Evaluasi.objects.get()
    assert evaluasi.status == StatusEvaluasi.DIBERIKAN and evaluasi.predikat == Predikat.BUTUH_PERBAIKAN
    assert "diberikan kepada pegawai" in html and 'data-test="evaluasi-form"' not in html
    assert 'data-test="evaluasi-hasil"' in html


def test_giving_without_javascript_asks_for_confirmation(kinerja: Kinerja) -> None:
    client = client_of(kinerja.kabid)
    response = client.post(simpan_url(kinerja), post_data(kinerja, aksi="berikan"))
    assert response.status_code == 302 and "konfirmasi=berikan" in response["Location"]
    evaluasi = Evaluasi.objects.get()
    assert evaluasi.status == StatusEvaluasi.DRAFT
    html = client.get(response["Location"]).content.decode()
    assert 'data-test="evaluasi-konfirmasi"' in html
    response = client.post(reverse("penilaian:evaluasi_berikan", args=[evaluasi.pk]))
    assert response.status_code == 302
    evaluasi.refresh_from_db()
    assert evaluasi.status == StatusEvaluasi.DIBERIKAN
    # Giving twice is refused with a message, not a 500.
    response = client.post(reverse("penilaian:evaluasi_berikan", args=[evaluasi.pk]), follow=True)
    assertContains(response, "sudah diberikan")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"rating_hasil": "", "aksi": "berikan", "konfirmasi": "1"}, "Pilih rating hasil kerja sebelum memberikan"),
        ({"rating_perilaku": "", "aksi": "berikan"}, "Pilih rating perilaku kerja sebelum memberikan"),
        ({"rating_hasil": "luar_biasa"}, "Pilih salah satu rating hasil kerja"),
        ({"catatan": "x" * 4001}, "paling banyak 4000 karakter"),
        ({"periode": "99999999"}, "Periode ini bukan periode"),
    ],
)
def test_bad_input_shows_a_message_and_saves_nothing(kinerja: Kinerja, data: dict[str, str], message: str) -> None:
    client = client_of(kinerja.kabid)
    for extra in ({}, HX):
        response = client.post(simpan_url(kinerja), {**post_data(kinerja), **data}, **extra)
        assert response.status_code == 200
        assertContains(response, message)
    assert not Evaluasi.objects.exists()


def test_a_given_evaluation_is_read_only_for_the_penilai(kinerja: Kinerja) -> None:
    give(kinerja.skp, periode(kinerja), "sesuai", "sesuai")
    client = client_of(kinerja.kabid)
    html = client.get(page_url(kinerja)).content.decode()
    assert 'data-test="evaluasi-form"' not in html and 'data-predikat="baik"' in html
    response = client.post(simpan_url(kinerja), post_data(kinerja, "di_atas", "di_atas"))
    assert response.status_code == 200
    assertContains(response, "sudah diberikan")
    assert Evaluasi.objects.get().predikat == Predikat.BAIK


def test_predikat_preview_partial(kinerja: Kinerja) -> None:
    url = reverse("penilaian:evaluasi_pratinjau", args=[kinerja.skp.pk])
    client = client_of(kinerja.kabid)
    html = client.post(url, {"rating_hasil": "di_atas", "rating_perilaku": "di_bawah"}, **HX).content.decode()
    assert 'data-predikat="kurang"' in html and "Kurang/Misconduct" in html and "<html" not in html
    html = client.post(url, {"rating_hasil": "di_atas"}, **HX).content.decode()
    assert 'data-predikat=""' in html and "Pilih kedua rating" in html
    assert client.get(url).status_code == 405


def test_the_unit_head_rating_hasil_defaults_to_the_unit_capaian(kinerja: Kinerja) -> None:
    p = periode(kinerja)
    capaian_unit_set(unit=kinerja.plan.bidang, periode=p, capaian="istimewa", catatan="", by=kinerja.jpt.user)
    html = client_of(kinerja.jpt).get(page_url(kinerja, skp=kinerja.skp_kabid)).content.decode()
    assert 'data-test="usulan-rating-hasil"' in html
    assert 'name="rating_hasil" id="rating_hasil-di_atas" value="di_atas" checked' in html
    # The JPT sets the bidang's capaian: the page links there.
    assert 'data-test="capaian-atur"' in html
    # Never forced: the penilai saves another rating.
    save(kinerja.skp_kabid, p, "sesuai", "sesuai")
    assert Evaluasi.objects.get().rating_hasil == "sesuai"
    # Not for a staff member of the unit.
    assert 'data-test="usulan-rating-hasil"' not in client_of(kinerja.kabid).get(page_url(kinerja)).content.decode()


def test_deviations_from_the_guideline_are_warnings_with_figures(kinerja: Kinerja) -> None:
    p = periode(kinerja)
    capaian_unit_set(unit=kinerja.plan.bidang, periode=p, capaian="istimewa", catatan="", by=kinerja.jpt.user)
    give(kinerja.skp_kualitatif, p, "sesuai", "sesuai")
    html = client_of(kinerja.kabid).get(page_url(kinerja)).content.decode()
    assert 'data-test="penyimpangan"' in html
    assert "Pedoman: predikat Sangat Baik paling banyak" in html and "0 dari 1 pegawai" in html
    assert 'data-test="evaluasi-form"' in html  # never blocking


def test_an_skp_not_set_cannot_be_evaluated_but_the_page_explains(kinerja: Kinerja) -> None:
    kinerja.skp.status = "draft"
    kinerja.skp.save()
    html = client_of(kinerja.kabid).get(page_url(kinerja)).content.decode()
    assert 'data-test="evaluasi-terkunci"' in html and 'data-test="evaluasi-form"' not in html


# --- The pegawai and read-only roles ------------------------------------------------------------------


@pytest.mark.parametrize("who", ["staf", "jpt"])
def test_a_draft_is_invisible_to_the_pegawai_and_the_atasan_penilai(kinerja: Kinerja, who: str) -> None:
    save(kinerja.skp, periode(kinerja), "di_bawah", "di_bawah", "CATATAN-DRAF-RAHASIA")
    response = client_of(getattr(kinerja.plan, who)).get(page_url(kinerja))
    assertNotContains(response, "CATATAN-DRAF-RAHASIA")
    assertNotContains(response, 'data-test="evaluasi-hasil"')
    assertNotContains(response, 'data-test="evaluasi-form"')
    assertNotContains(response, 'class="bar-draf"')


def test_operator_reads_a_draft_without_a_form(kinerja: Kinerja) -> None:
    save(kinerja.skp, periode(kinerja), "di_bawah", "di_bawah", "CATATAN-DRAF")
    response = client_of(kinerja.plan.operator).get(page_url(kinerja))
    assertContains(response, "CATATAN-DRAF")
    assertNotContains(response, 'data-test="evaluasi-form"')


def test_the_pegawai_sees_the_given_result_acknowledges_and_may_object(kinerja: Kinerja) -> None:
    given = give(kinerja.skp, periode(kinerja), "sesuai", "di_atas")
    client = client_of(kinerja.staf)
    html = client.get(page_url(kinerja)).content.decode()
    assert 'data-predikat="baik"' in html and 'data-test="evaluasi-terima"' in html
    batas = (timezone.localdate(given.diberikan_pada) + dt.timedelta(days=14)).strftime("%-d")
    assert 'data-test="keberatan-batas"' in html and batas in html
    assert reverse("penilaian:keberatan_ajukan", args=[given.pk]) in html
    response = client.post(reverse("penilaian:evaluasi_terima", args=[given.pk]), **HX)
    assert response.status_code == 200 and 'data-test="evaluasi-diterima"' in response.content.decode()
    given.refresh_from_db()
    assert given.diterima_pada is not None
    # Twice: a message, not a 500.
    response = client.post(reverse("penilaian:evaluasi_terima", args=[given.pk]), follow=True)
    assertContains(response, "sudah ditandai diterima")


def test_after_the_deadline_no_keberatan_link(kinerja: Kinerja) -> None:
    given = give(kinerja.skp, periode(kinerja))
    Evaluasi.objects.filter(pk=given.pk).update(diberikan_pada=timezone.now() - dt.timedelta(days=15))
    html = client_of(kinerja.staf).get(page_url(kinerja)).content.decode()
    assert reverse("penilaian:keberatan_ajukan", args=[given.pk]) not in html
    assert "sudah lewat" in html


def test_after_a_keberatan_both_versions_are_shown(kinerja: Kinerja) -> None:
    p = periode(kinerja)
    original = give(kinerja.skp, p, "sesuai", "sesuai")
    now = timezone.now()
    Evaluasi.objects.filter(pk=original.pk).update(diganti_pada=now)
    Evaluasi.objects.create(
        skp=kinerja.skp,
        periode=p,
        versi=2,
        sebelumnya=original,
        status=StatusEvaluasi.DIBERIKAN,
        rating_hasil="di_atas",
        rating_perilaku="di_atas",
        predikat=Predikat.SANGAT_BAIK,
        penilai=kinerja.kabid,
        diberikan_pada=now,
    )
    html = client_of(kinerja.staf).get(page_url(kinerja)).content.decode()
    assert "Hasil evaluasi awal" in html and "Hasil evaluasi setelah keberatan (versi 2)" in html
    assert re.findall(r'data-test="evaluasi-hasil" data-versi="(\d)"', html) == ["1", "2"]
    assert 'data-test="keberatan-ajukan"' not in html


def test_the_annual_evaluation_has_its_own_page(kinerja: Kinerja) -> None:
    give(kinerja.skp, periode(kinerja, 1), "sesuai", "sesuai")
    html = client_of(kinerja.kabid).get(page_url(kinerja, 0)).content.decode()
    assert 'data-test="evaluasi-tahunan"' in html and 'data-test="evaluasi-form"' in html


# --- Speed ------------------------------------------------------------------------------------------------


def test_page_query_count_is_fixed(kinerja: Kinerja, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    p = periode(kinerja)
    for i in range(15):
        rhk = Rhk.objects.create(skp=kinerja.skp, jenis="utama", teks=f"RHK {i}")
        for j in range(3):
            iki = Iki.objects.create(rhk=rhk, teks=f"IKI {i}.{j}", aspek="kuantitas", target_min=5)
            Realisasi.objects.create(skp=kinerja.skp, periode=p, rhk=rhk, iki=iki, nilai=Decimal(5))
    many_bawahan(kinerja, 30, p)
    capaian_unit_set(unit=kinerja.plan.bidang, periode=p, capaian="baik", catatan="", by=kinerja.jpt.user)
    save(kinerja.skp, p, "sesuai", "sesuai")
    client = client_of(kinerja.kabid)
    url = page_url(kinerja)
    client.get(url)
    with django_assert_max_num_queries(32):
        response = client.get(url)
    assert response.status_code == 200
    staf = client_of(kinerja.staf)
    with django_assert_max_num_queries(32):
        assert staf.get(url).status_code == 200


def test_the_pegawai_sees_the_guideline_curve_but_not_colleagues_predikat(kinerja: Kinerja) -> None:
    p = periode(kinerja)
    capaian_unit_set(unit=kinerja.plan.bidang, periode=p, capaian="baik", catatan="", by=None)
    give(kinerja.skp, p, "di_bawah", "di_bawah")
    give(kinerja.skp_kualitatif, p, "di_atas", "di_atas")
    own = client_of(kinerja.staf).get(page_url(kinerja)).content.decode()
    assert 'data-test="pola-distribusi"' in own and "Kurva pedoman" in own
    assert 'data-test="penyimpangan"' not in own and "pegawai (" not in own and 'class="bar"' not in own
    assert "evaluasi sudah diberikan" not in own
    penilai = client_of(kinerja.kabid).get(page_url(kinerja)).content.decode()
    assert "2 evaluasi sudah diberikan" in penilai and 'data-test="penyimpangan"' in penilai
    assert "Sangat Kurang: 1 pegawai" in penilai


# --- No silent overwrite ----------------------------------------------------------------------------


def test_a_stale_draft_save_is_refused_naming_who_changed_what(kinerja: Kinerja) -> None:
    tab_a, tab_b = client_of(kinerja.kabid), client_of(kinerja.kabid)
    assert 'name="versi" value="0"' in tab_a.get(page_url(kinerja)).content.decode()
    tab_b.get(page_url(kinerja), **HX)
    tab_a.post(simpan_url(kinerja), post_data(kinerja, "di_atas", "sesuai", catatan="Pertahankan"), **HX)
    for extra in (HX, {}):
        stale = tab_b.post(
            simpan_url(kinerja), post_data(kinerja, "di_bawah", "di_bawah", catatan="Perlu bimbingan"), **extra
        )
        assert stale.status_code == 200
        html = stale.content.decode()
        assert f"sudah diubah oleh {kinerja.kabid.nama_lengkap}" in html
        assert "rating hasil kerja kini Di atas ekspektasi" in html and "catatan kini “Pertahankan”" in html
        assert "isian Anda" in html and "Perlu bimbingan" in html
        assert 'value="di_bawah" checked' in html  # the typed choice stays selected
    evaluasi = Evaluasi.objects.get()
    assert (evaluasi.rating_hasil, evaluasi.catatan, evaluasi.versi_draf) == ("di_atas", "Pertahankan", 1)
    # Reloaded, the form carries the draft's version and saving works.
    assert 'name="versi" value="1"' in tab_b.get(page_url(kinerja)).content.decode()
    tab_b.post(simpan_url(kinerja), post_data(kinerja, "di_bawah", "di_bawah", versi="1"), **HX)
    evaluasi.refresh_from_db()
    assert (evaluasi.rating_hasil, evaluasi.versi_draf) == ("di_bawah", 2)


@pytest.mark.parametrize("versi", [None, "", "satu", "-1"])
def test_a_draft_save_without_a_valid_version_is_refused(kinerja: Kinerja, versi: str | None) -> None:
    data = post_data(kinerja)
    if versi is None:
        del data["versi"]
    else:
        data["versi"] = versi
    for extra in ({}, HX):
        response = client_of(kinerja.kabid).post(simpan_url(kinerja), data, **extra)
        assert response.status_code == 200
        assertContains(response, "penanda versi data yang sah")
    assert not Evaluasi.objects.exists()
