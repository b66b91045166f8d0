"""Dokumen Evaluasi Kinerja Pegawai (SPEC §6.4): the data of the three variants, and the page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from organisasi.models import Pegawai
from penilaian.dokumen import dokumen_evaluasi_data
from penilaian.models import Evaluasi
from tests.perencanaan.conftest import client_of

from .keberatan_world import KeberatanWorld, given_evaluasi, kw_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def url(evaluasi: Evaluasi | int) -> str:
    return reverse("penilaian:dokumen_evaluasi", args=[evaluasi if isinstance(evaluasi, int) else evaluasi.pk])


def fresh(evaluasi: Evaluasi) -> Evaluasi:
    return Evaluasi.objects.select_related("skp__pegawai__instansi", "periode", "penilai").get(pk=evaluasi.pk)


def _instansi_tempat(kw: KeberatanWorld, tempat: str = "Kupang") -> None:
    instansi = kw.staf.instansi
    instansi.tempat_tanda_tangan = tempat
    instansi.save()


# --- Data: variant "penilai" ------------------------------------------------------------------


def test_penilai_variant(kw: KeberatanWorld) -> None:
    _instansi_tempat(kw)
    Evaluasi.objects.filter(pk=kw.evaluasi.pk).update(
        diberikan_pada=timezone.make_aware(dt.datetime(2026, 4, 6, 9)),
        diterima_pada=timezone.make_aware(dt.datetime(2026, 4, 7, 9)),
    )
    dokumen = dokumen_evaluasi_data(fresh(kw.evaluasi))
    assert dokumen.varian == "penilai" and dokumen.varian_tersedia == ("penilai",)
    assert dokumen.instansi == kw.staf.instansi.nama
    assert dokumen.periode_label == "TRIWULAN I" and not dokumen.periode_tahunan
    assert (dokumen.periode_mulai, dokumen.periode_selesai) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert dokumen.pegawai["nip"] == kw.staf.nip
    assert dokumen.pejabat_penilai["nip"] == kw.kabid.nip
    assert dokumen.atasan_pejabat_penilai is not None and dokumen.atasan_pejabat_penilai["nip"] == kw.jpt.nip
    assert dokumen.capaian_organisasi == "Baik"
    assert (dokumen.rating_hasil, dokumen.rating_perilaku) == ("Sesuai ekspektasi", "Sesuai ekspektasi")
    assert (dokumen.predikat_kode, dokumen.predikat) == ("baik", "Baik")
    assert dokumen.catatan.startswith("Pertahankan kinerja")
    assert dokumen.keberatan is None and not dokumen.diubah and not dokumen.is_draf
    assert dokumen.predikat_awal == dokumen.predikat_akhir == "Baik"
    signatures = [(t.nomor, t.peran, t.tempat, t.tanggal, t.nip) for t in dokumen.tanda_tangan]
    assert signatures == [
        (7, "Pegawai yang Dinilai", "Kupang", dt.date(2026, 4, 7), kw.staf.nip),
        (6, "Pejabat Penilai Kinerja", "Kupang", dt.date(2026, 4, 6), kw.kabid.nip),
    ]


def test_identities_are_those_frozen_when_given(kw: KeberatanWorld) -> None:
    frozen_name = kw.staf.nama_lengkap
    Pegawai.objects.filter(pk=kw.staf.pk).update(nama="Nama Baru Setelah Mutasi")
    dokumen = dokumen_evaluasi_data(fresh(kw.evaluasi))
    assert dokumen.pegawai["nama"] == frozen_name
    assert dokumen.tanda_tangan[0].nama == frozen_name


def test_identities_fall_back_to_the_skp_snapshot(kw: KeberatanWorld) -> None:
    Evaluasi.objects.filter(pk=kw.evaluasi.pk).update(identitas={})
    skp = kw.k.skp
    skp.refresh_from_db()
    assert skp.identitas  # set when the SKP was set
    dokumen = dokumen_evaluasi_data(fresh(kw.evaluasi))
    assert dokumen.pegawai == skp.identitas["pegawai"]
    assert dokumen.pejabat_penilai["nip"] == kw.kabid.nip


def test_identities_fall_back_to_the_people_now(kw: KeberatanWorld) -> None:
    Evaluasi.objects.filter(pk=kw.evaluasi.pk).update(identitas={})
    type(kw.k.skp).objects.filter(pk=kw.k.skp.pk).update(identitas={})
    dokumen = dokumen_evaluasi_data(fresh(kw.evaluasi))
    assert dokumen.pegawai["nama"] == kw.staf.nama_lengkap
    assert dokumen.atasan_pejabat_penilai is not None and dokumen.atasan_pejabat_penilai["nip"] == kw.jpt.nip


def test_annual_evaluation_prints_tahunan(kw: KeberatanWorld) -> None:
    evaluasi = given_evaluasi(kw.k.skp, kw.tahunan, rating_hasil="di_atas", rating_perilaku="di_atas")
    dokumen = dokumen_evaluasi_data(fresh(evaluasi))
    assert dokumen.periode_label == "TAHUNAN" and dokumen.periode_tahunan
    assert (dokumen.periode_mulai, dokumen.periode_selesai) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert dokumen.predikat == "Sangat Baik"


# --- Data: with a keberatan -------------------------------------------------------------------


def test_keberatan_variant_while_open(kw: KeberatanWorld) -> None:
    kw.ajukan("Alasan saya.")
    dokumen = dokumen_evaluasi_data(fresh(kw.evaluasi))
    assert dokumen.varian == "keberatan" and dokumen.varian_tersedia == ("penilai", "keberatan")
    assert dokumen.keberatan is not None
    assert dokumen.keberatan.keberatan.teks == "Alasan saya."
    assert dokumen.keberatan.keberatan.oleh == kw.staf.nama_lengkap
    assert dokumen.keberatan.keberatan.pada == timezone.localdate()
    assert dokumen.keberatan.penjelasan is None and dokumen.keberatan.rekomendasi is None
    assert dokumen.keberatan.predikat_akhir == ""
    assert [t.nomor for t in dokumen.tanda_tangan] == [10, 9, 11]
    assert dokumen.tanda_tangan[2].tanggal is None  # not decided yet


def test_keberatan_variant_kept(kw: KeberatanWorld) -> None:
    kw.putuskan_tetap()
    dokumen = dokumen_evaluasi_data(fresh(kw.evaluasi))
    assert dokumen.varian == "keberatan" and not dokumen.diubah
    bagian = dokumen.keberatan
    assert bagian is not None and bagian.penjelasan is not None and bagian.rekomendasi is not None
    assert bagian.penjelasan.oleh == kw.kabid.nama_lengkap and bagian.penjelasan.nip == kw.kabid.nip
    assert bagian.rekomendasi.oleh == kw.jpt.nama_lengkap
    assert bagian.keputusan == "tetap" and bagian.keputusan_label == "Hasil evaluasi tetap"
    assert bagian.predikat_awal == bagian.predikat_akhir == "Baik"
    peran = {t.nomor: (t.nip, t.tanggal) for t in dokumen.tanda_tangan}
    assert peran[9] == (kw.kabid.nip, timezone.localdate())
    assert peran[10] == (kw.staf.nip, timezone.localdate())
    assert peran[11] == (kw.jpt.nip, timezone.localdate())


def test_changed_result_variants(kw: KeberatanWorld) -> None:
    keberatan = kw.putuskan_ubah()
    assert keberatan.hasil is not None
    # The original prints with its keberatan sections by default, both predikat shown.
    original = dokumen_evaluasi_data(fresh(kw.evaluasi))
    assert original.varian == "keberatan" and original.diubah
    assert original.varian_tersedia == ("penilai", "atasan_penilai", "keberatan")
    assert original.predikat == "Baik"
    assert (original.predikat_awal, original.predikat_akhir) == ("Baik", "Sangat Baik")
    assert original.keberatan is not None and original.keberatan.predikat_akhir == "Sangat Baik"
    # The new version prints as the atasan's document.
    baru = dokumen_evaluasi_data(fresh(keberatan.hasil))
    assert baru.varian == "atasan_penilai" and baru.versi == 2
    assert (baru.predikat_kode, baru.predikat) == ("sangat_baik", "Sangat Baik")
    assert baru.rating_hasil == "Di atas ekspektasi"
    assert baru.predikat_awal == "Baik"
    assert [(t.nomor, t.peran, t.nip) for t in baru.tanda_tangan] == [
        (7, "Pegawai yang Dinilai", kw.staf.nip),
        (6, "Atasan Pejabat Penilai Kinerja", kw.jpt.nip),
    ]
    # Any variant can be asked for by name; an unknown one gives the default.
    assert dokumen_evaluasi_data(fresh(keberatan.hasil), "penilai").predikat == "Baik"
    assert dokumen_evaluasi_data(fresh(kw.evaluasi), "atasan_penilai").predikat == "Sangat Baik"
    assert dokumen_evaluasi_data(fresh(kw.evaluasi), "bogus").varian == "keberatan"


def test_unavailable_variant_falls_back(kw: KeberatanWorld) -> None:
    assert dokumen_evaluasi_data(fresh(kw.evaluasi), "keberatan").varian == "penilai"
    assert dokumen_evaluasi_data(fresh(kw.evaluasi), "atasan_penilai").varian == "penilai"


def test_decider_other_than_the_frozen_atasan_is_printed(kw: KeberatanWorld) -> None:
    snapshot = dict(kw.evaluasi.identitas)
    snapshot["atasan_pejabat_penilai"] = {**snapshot["atasan_pejabat_penilai"], "nip": "199001012015011001"}
    Evaluasi.objects.filter(pk=kw.evaluasi.pk).update(identitas=snapshot)
    kw.evaluasi.refresh_from_db()
    kw.putuskan_tetap()
    dokumen = dokumen_evaluasi_data(fresh(kw.evaluasi))
    assert dokumen.atasan_pejabat_penilai is not None and dokumen.atasan_pejabat_penilai["nip"] == kw.jpt.nip


# --- The page ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["staf", "kabid", "jpt", "operator"])
def test_page_for_the_people_involved(kw: KeberatanWorld, who: str) -> None:
    response = client_of(getattr(kw.k.plan, who)).get(url(kw.evaluasi))
    assert response.status_code == 200
    assertContains(response, "DOKUMEN EVALUASI KINERJA PEGAWAI")
    assertContains(response, 'data-varian="penilai"')
    assertContains(response, "TRIWULAN I")
    assertContains(response, "@media print")
    assertContains(response, kw.staf.nip)


@pytest.mark.parametrize("who", ["staf2", "outsider", "stranger"])
def test_page_404_for_anyone_else(kw: KeberatanWorld, who: str) -> None:
    assert client_of(getattr(kw.k.plan, who)).get(url(kw.evaluasi)).status_code == 404


def test_page_anonymous_goes_to_login(kw: KeberatanWorld, client: Client) -> None:
    response = client.get(url(kw.evaluasi))
    assert response.status_code == 302 and "login" in response["Location"]


def test_page_unknown_pk_is_404(kw: KeberatanWorld) -> None:
    assert client_of(kw.staf).get(url(987654)).status_code == 404


def test_draft_is_for_the_penilai_only_and_marked(kw: KeberatanWorld) -> None:
    Evaluasi.objects.filter(pk=kw.evaluasi.pk).update(status="draft", diberikan_pada=None)
    assert client_of(kw.staf).get(url(kw.evaluasi)).status_code == 404
    response = client_of(kw.kabid).get(url(kw.evaluasi))
    assertContains(response, 'data-test="dokumen-draf"')


def test_page_with_keberatan_and_change(kw: KeberatanWorld) -> None:
    _instansi_tempat(kw, "Tanjung Balai Karimun")
    keberatan = kw.putuskan_ubah()
    assert keberatan.hasil is not None
    client = client_of(kw.staf)
    response = client.get(url(kw.evaluasi))
    assertContains(response, 'data-varian="keberatan"')
    assertContains(response, "PENJELASAN PEJABAT PENILAI KINERJA ATAS KEBERATAN")
    assertContains(response, "Dua dokumen terlambat dari jadwal.")
    assertContains(response, "predikat Baik menjadi Sangat Baik")
    assertContains(response, 'data-test="ttd-11"')
    assertContains(response, "Tanjung Balai Karimun")
    response = client.get(url(keberatan.hasil))
    assertContains(response, 'data-varian="atasan_penilai"')
    assertContains(response, 'data-predikat="sangat_baik"')
    assertContains(response, "predikat semula: Baik")
    assertNotContains(response, 'data-test="ttd-11"')
    assertContains(client.get(url(keberatan.hasil), {"varian": "penilai"}), 'data-varian="penilai"')


def test_page_query_count(kw: KeberatanWorld, django_assert_max_num_queries: Any) -> None:
    keberatan = kw.putuskan_ubah()
    assert keberatan.hasil is not None
    for who in ("staf", "jpt"):
        client = client_of(getattr(kw.k.plan, who))
        client.get(url(kw.evaluasi))
        for target in (kw.evaluasi, keberatan.hasil):
            with django_assert_max_num_queries(15):
                assert client.get(url(target)).status_code == 200
