"""The evaluation state machine (draft → diberikan → diterima) and its rules (SPEC §6.2, §6.4)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from organisasi.konflik import StaleEditError
from penilaian.models import CapaianUnit, Evaluasi, Predikat, Rating, StatusEvaluasi
from penilaian.rules import rating_hasil_from_capaian
from penilaian.services.capaian import capaian_unit_set
from penilaian.services.evaluasi import (
    TRANSITIONS,
    AksiEvaluasi,
    evaluasi_acknowledge,
    evaluasi_give,
    evaluasi_save,
    transition_target,
)
from perencanaan.models import StatusSkp
from perencanaan.services.skp import skp_revise
from tests.kinerja_world import Kinerja

from .evaluasi_support import give, periode, save

# SPEC §6.2, every pair of (rating hasil kerja, rating perilaku kerja).
PAIRS = [
    ("di_atas", "di_bawah", Predikat.KURANG),
    ("di_atas", "sesuai", Predikat.BAIK),
    ("di_atas", "di_atas", Predikat.SANGAT_BAIK),
    ("sesuai", "di_bawah", Predikat.KURANG),
    ("sesuai", "sesuai", Predikat.BAIK),
    ("sesuai", "di_atas", Predikat.BAIK),
    ("di_bawah", "di_bawah", Predikat.SANGAT_KURANG),
    ("di_bawah", "sesuai", Predikat.BUTUH_PERBAIKAN),
    ("di_bawah", "di_atas", Predikat.BUTUH_PERBAIKAN),
]


@pytest.mark.parametrize(("hasil", "perilaku", "predikat"), PAIRS)
def test_every_rating_pair_gives_the_spec_predikat_through_the_service(
    kinerja: Kinerja, hasil: str, perilaku: str, predikat: Predikat
) -> None:
    evaluasi = give(kinerja.skp, periode(kinerja), hasil, perilaku)
    evaluasi.refresh_from_db()
    assert evaluasi.predikat == predikat
    assert evaluasi.status == StatusEvaluasi.DIBERIKAN


@pytest.mark.parametrize(
    ("capaian", "rating"),
    [
        ("istimewa", Rating.DI_ATAS),
        ("baik", Rating.SESUAI),
        ("butuh_perbaikan", Rating.DI_BAWAH),
        ("kurang", Rating.DI_BAWAH),
        ("sangat_kurang", Rating.DI_BAWAH),
    ],
)
def test_rating_hasil_of_a_unit_head_defaults_to_the_unit_capaian(capaian: str, rating: Rating) -> None:
    assert rating_hasil_from_capaian(capaian) == rating


def test_rating_hasil_from_an_unknown_capaian_is_refused() -> None:
    with pytest.raises(ValueError):
        rating_hasil_from_capaian("luar_biasa")


def test_the_transition_table() -> None:
    assert transition_target(AksiEvaluasi.SIMPAN, None) == StatusEvaluasi.DRAFT
    assert transition_target(AksiEvaluasi.SIMPAN, StatusEvaluasi.DRAFT) == StatusEvaluasi.DRAFT
    assert transition_target(AksiEvaluasi.BERIKAN, StatusEvaluasi.DRAFT) == StatusEvaluasi.DIBERIKAN
    assert transition_target(AksiEvaluasi.TERIMA, StatusEvaluasi.DIBERIKAN) == StatusEvaluasi.DIBERIKAN
    refused = [
        (AksiEvaluasi.SIMPAN, StatusEvaluasi.DIBERIKAN),
        (AksiEvaluasi.BERIKAN, None),
        (AksiEvaluasi.BERIKAN, StatusEvaluasi.DIBERIKAN),
        (AksiEvaluasi.TERIMA, None),
        (AksiEvaluasi.TERIMA, StatusEvaluasi.DRAFT),
    ]
    for aksi, status in refused:
        with pytest.raises(ValidationError):
            transition_target(aksi, status)
    assert set(TRANSITIONS) == set(AksiEvaluasi)


def test_a_draft_is_updated_in_place_and_its_predikat_stays_empty_while_a_rating_is_missing(kinerja: Kinerja) -> None:
    p = periode(kinerja)
    draft = save(kinerja.skp, p, "sesuai", "", "Catatan awal")
    assert draft.status == StatusEvaluasi.DRAFT and draft.predikat == "" and draft.versi == 1
    again = save(kinerja.skp, p, "sesuai", "di_atas", "  Catatan kedua  ")
    assert again.pk == draft.pk
    again.refresh_from_db()
    assert again.predikat == Predikat.BAIK and again.catatan == "Catatan kedua"
    assert again.penilai == kinerja.kabid and again.dibuat_oleh == kinerja.kabid.user
    assert Evaluasi.objects.count() == 1


def test_capaian_organisasi_is_copied_from_the_unit(kinerja: Kinerja) -> None:
    p = periode(kinerja)
    assert save(kinerja.skp, p, "sesuai").capaian_organisasi == ""
    capaian_unit_set(unit=kinerja.plan.bidang, periode=p, capaian="istimewa", catatan="", by=kinerja.jpt.user)
    draft = Evaluasi.objects.get()
    assert draft.capaian_organisasi == "istimewa"  # drafts follow the unit's capaian
    capaian_unit_set(unit=kinerja.plan.bidang, periode=p, capaian="baik", catatan="Revisi", by=kinerja.jpt.user)
    given = give(kinerja.skp, p)
    assert given.capaian_organisasi == "baik"
    # A given evaluation keeps the capaian it was given with.
    capaian_unit_set(unit=kinerja.plan.bidang, periode=p, capaian="kurang", catatan="", by=kinerja.jpt.user)
    given.refresh_from_db()
    assert given.capaian_organisasi == "baik"
    assert CapaianUnit.objects.filter(unit_kerja=kinerja.plan.bidang, periode=p).count() == 3


def test_giving_freezes_the_identities_and_time(kinerja: Kinerja) -> None:
    evaluasi = give(kinerja.skp, periode(kinerja), "di_atas", "di_atas")
    assert evaluasi.diberikan_pada is not None
    assert evaluasi.identitas["pegawai"]["nip"] == kinerja.staf.nip
    assert evaluasi.identitas["pejabat_penilai"]["nama"] == kinerja.kabid.nama_lengkap
    assert evaluasi.identitas["atasan_pejabat_penilai"]["nama"] == kinerja.jpt.nama_lengkap
    # People change later; the snapshot does not.
    kinerja.kabid.nama = "Nama Baru"
    kinerja.kabid.save()
    evaluasi.refresh_from_db()
    assert evaluasi.identitas["pejabat_penilai"]["nama"] != "Nama Baru"


def test_once_given_it_is_never_edited(kinerja: Kinerja) -> None:
    p = periode(kinerja)
    evaluasi = give(kinerja.skp, p, "sesuai", "sesuai")
    with pytest.raises(ValidationError, match="sudah diberikan"):
        save(kinerja.skp, p, "di_atas", "di_atas")
    with pytest.raises(ValidationError, match="sudah diberikan"):
        evaluasi_give(evaluasi=evaluasi, by=kinerja.kabid.user)
    evaluasi.refresh_from_db()
    assert evaluasi.predikat == Predikat.BAIK and evaluasi.rating_hasil == "sesuai"


@pytest.mark.parametrize(
    ("hasil", "perilaku", "field"), [("", "sesuai", "rating_hasil"), ("sesuai", "", "rating_perilaku")]
)
def test_giving_needs_both_ratings(kinerja: Kinerja, hasil: str, perilaku: str, field: str) -> None:
    draft = save(kinerja.skp, periode(kinerja), hasil, perilaku)
    with pytest.raises(ValidationError) as err:
        evaluasi_give(evaluasi=draft, by=kinerja.kabid.user)
    assert field in err.value.error_dict
    draft.refresh_from_db()
    assert draft.status == StatusEvaluasi.DRAFT and draft.identitas == {}


def test_bad_rating_and_long_catatan_are_refused_and_nothing_saved(kinerja: Kinerja) -> None:
    p = periode(kinerja)
    with pytest.raises(ValidationError) as err:
        save(kinerja.skp, p, "luar_biasa", "sesuai")
    assert "rating_hasil" in err.value.error_dict
    with pytest.raises(ValidationError) as err:
        save(kinerja.skp, p, "sesuai", "sesuai", "x" * 4001)
    assert "catatan" in err.value.error_dict
    assert not Evaluasi.objects.exists()


@pytest.mark.parametrize("who", ["staf", "staf2", "jpt", "outsider", "operator", "stranger"])
def test_only_the_pejabat_penilai_evaluates(kinerja: Kinerja, who: str) -> None:
    pegawai = getattr(kinerja.plan, who)
    with pytest.raises(ValidationError, match="pejabat penilai"):
        save(kinerja.skp, periode(kinerja), "sesuai", "sesuai", by=pegawai)
    assert not Evaluasi.objects.exists()


def test_only_the_penilai_gives(kinerja: Kinerja) -> None:
    draft = save(kinerja.skp, periode(kinerja), "sesuai", "sesuai")
    with pytest.raises(ValidationError):
        evaluasi_give(evaluasi=draft, by=kinerja.jpt.user)
    draft.refresh_from_db()
    assert draft.status == StatusEvaluasi.DRAFT


def test_an_skp_not_set_is_not_evaluated(kinerja: Kinerja) -> None:
    kinerja.skp.status = StatusSkp.DRAFT
    kinerja.skp.save()
    with pytest.raises(ValidationError, match="belum ditetapkan"):
        save(kinerja.skp, periode(kinerja), "sesuai", "sesuai")


def test_a_period_of_another_instansi_or_year_is_refused(kinerja: Kinerja) -> None:
    from pelaksanaan.periode import periode_ensure

    other_year = periode_ensure(instansi=kinerja.staf.instansi, tahun=2025)[0]
    with pytest.raises(ValidationError) as err:
        save(kinerja.skp, other_year, "sesuai", "sesuai")
    assert "periode" in err.value.error_dict
    foreign = periode_ensure(instansi=kinerja.plan.stranger.instansi, tahun=2026)[0]
    with pytest.raises(ValidationError):
        save(kinerja.skp, foreign, "sesuai", "sesuai")


def test_a_revised_skp_is_evaluated_for_the_periods_it_was_in_force(kinerja: Kinerja) -> None:
    old = kinerja.skp
    skp_revise(skp=old, by=kinerja.staf.user, alasan="Penugasan baru")
    old.refresh_from_db()
    assert old.status == StatusSkp.DIREVISI
    # Revised today (November 2026): it was in force in Triwulan I–IV.
    give(old, periode(kinerja, 1))
    # Had it been revised in February, Triwulan II would belong to the revision only.
    revisi = old.revisi
    revisi.created_at = timezone.make_aware(dt.datetime(2026, 2, 10))
    type(revisi).objects.filter(pk=revisi.pk).update(created_at=revisi.created_at)
    with pytest.raises(ValidationError, match="digantikan revisi"):
        save(old, periode(kinerja, 2), "sesuai", "sesuai")


def test_annual_evaluation_is_the_same_flow_on_the_annual_period(kinerja: Kinerja) -> None:
    triwulan = give(kinerja.skp, periode(kinerja, 1), "sesuai", "sesuai")
    tahunan = give(kinerja.skp, periode(kinerja, 0), "di_atas", "di_atas")
    assert tahunan.periode.jenis == "tahunan" and tahunan.pk != triwulan.pk
    assert tahunan.predikat == Predikat.SANGAT_BAIK and triwulan.predikat == Predikat.BAIK


def test_the_pegawai_acknowledges_once(kinerja: Kinerja) -> None:
    p = periode(kinerja)
    draft = save(kinerja.skp, p, "sesuai", "sesuai")
    with pytest.raises(ValidationError, match="belum diberikan"):
        evaluasi_acknowledge(evaluasi=draft, by=kinerja.staf.user)
    given = evaluasi_give(evaluasi=draft, by=kinerja.kabid.user)
    with pytest.raises(ValidationError, match="pegawai yang dinilai"):
        evaluasi_acknowledge(evaluasi=given, by=kinerja.kabid.user)
    done = evaluasi_acknowledge(evaluasi=given, by=kinerja.staf.user)
    assert done.diterima_pada is not None
    with pytest.raises(ValidationError, match="sudah ditandai"):
        evaluasi_acknowledge(evaluasi=given, by=kinerja.staf.user)


def test_a_replaced_version_is_neither_given_nor_acknowledged(kinerja: Kinerja) -> None:
    given = give(kinerja.skp, periode(kinerja))
    Evaluasi.objects.filter(pk=given.pk).update(diganti_pada=timezone.now())
    with pytest.raises(ValidationError, match="diganti"):
        evaluasi_acknowledge(evaluasi=given, by=kinerja.staf.user)


def test_the_system_may_evaluate_for_demo_data(kinerja: Kinerja) -> None:
    p = periode(kinerja)
    draft = evaluasi_save(
        skp=kinerja.skp, periode=p, rating_hasil="sesuai", rating_perilaku="di_atas", catatan="", by=None
    )
    given = evaluasi_give(evaluasi=draft, by=None)
    assert given.penilai == kinerja.kabid and given.predikat == Predikat.BAIK


def test_a_draft_save_from_an_older_version_is_refused_and_changes_nothing(kinerja: Kinerja) -> None:
    p = periode(kinerja)
    by = kinerja.kabid.user
    common = {"skp": kinerja.skp, "periode": p, "by": by}
    first = evaluasi_save(**common, rating_hasil="sesuai", rating_perilaku="", catatan="A", versi=0)
    assert first.versi_draf == 1 and first.diubah_oleh == by
    with pytest.raises(StaleEditError) as refused:
        evaluasi_save(**common, rating_hasil="di_bawah", rating_perilaku="di_bawah", catatan="B", versi=0)
    assert "rating hasil kerja kini Sesuai ekspektasi" in refused.value.messages[0]
    second = evaluasi_save(**common, rating_hasil="di_atas", rating_perilaku="", catatan="C", versi=1)
    assert second.versi_draf == 2
    with pytest.raises(StaleEditError):
        evaluasi_save(**common, rating_hasil="di_bawah", rating_perilaku="", catatan="D", versi=1)
    fresh = Evaluasi.objects.get()
    assert (fresh.rating_hasil, fresh.catatan, fresh.versi_draf) == ("di_atas", "C", 2)
