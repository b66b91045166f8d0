"""Keberatan services (SPEC §6.5): every transition and every refusal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from penilaian.models import Evaluasi, Keberatan, StatusKeberatan
from penilaian.services.keberatan import (
    TEKS_MAX_LENGTH,
    TRANSITIONS,
    can_move,
    keberatan_ajukan,
    keberatan_jelaskan,
    keberatan_putuskan,
)

from .keberatan_world import KeberatanWorld, kw_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def messages_of(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(exc.value.messages)


# --- The transition table ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dari", "ke", "allowed"),
    [
        ("", "diajukan", True),
        ("diajukan", "dijelaskan", True),
        ("dijelaskan", "diputuskan", True),
        ("diajukan", "diputuskan", False),  # the atasan decides after the penilai's explanation
        ("diputuskan", "diajukan", False),
        ("diputuskan", "dijelaskan", False),
        ("diputuskan", "diputuskan", False),
        ("dijelaskan", "dijelaskan", False),
        ("dijelaskan", "diajukan", False),
    ],
)
def test_transition_table(dari: str, ke: str, allowed: bool) -> None:
    assert can_move(dari, ke) is allowed
    assert ((dari, ke) in TRANSITIONS) is allowed


# --- Ajukan -----------------------------------------------------------------------------------


def test_ajukan_records_author_time_and_text(kw: KeberatanWorld) -> None:
    keberatan = kw.ajukan("  Target dokumen sudah terlampaui.  ")
    keberatan.refresh_from_db()
    assert keberatan.status == StatusKeberatan.DIAJUKAN
    assert keberatan.alasan == "Target dokumen sudah terlampaui."
    assert keberatan.diajukan_oleh == kw.staf
    assert abs((timezone.now() - keberatan.diajukan_pada).total_seconds()) < 60
    assert keberatan.evaluasi == kw.evaluasi
    assert keberatan.penjelasan == "" and keberatan.keputusan == "" and keberatan.hasil is None


def _given_on(kw: KeberatanWorld, day: dt.date) -> Evaluasi:
    kw.evaluasi.diberikan_pada = timezone.make_aware(dt.datetime.combine(day, dt.time(23, 30)))
    kw.evaluasi.save()
    return kw.evaluasi


@pytest.mark.parametrize(
    ("today", "ok"),
    [
        (dt.date(2026, 4, 6), True),  # the day it was given
        (dt.date(2026, 4, 20), True),  # the last day: 14 days after
        (dt.date(2026, 4, 21), False),  # one day late
        (dt.date(2026, 6, 1), False),
    ],
)
def test_ajukan_deadline(kw: KeberatanWorld, today: dt.date, ok: bool) -> None:
    evaluasi = _given_on(kw, dt.date(2026, 4, 6))  # 23:30 local: the local date counts, not UTC
    if ok:
        keberatan = keberatan_ajukan(evaluasi=evaluasi, alasan="Alasan.", by=kw.user(kw.staf), today=today)
        assert keberatan.pk is not None
    else:
        with pytest.raises(ValidationError) as exc:
            keberatan_ajukan(evaluasi=evaluasi, alasan="Alasan.", by=kw.user(kw.staf), today=today)
        assert "Batas waktu pengajuan keberatan adalah 20 April 2026" in messages_of(exc)
        assert not Keberatan.objects.exists()


def test_ajukan_deadline_follows_the_instansi_setting(kw: KeberatanWorld) -> None:
    instansi = kw.staf.instansi
    instansi.batas_keberatan_hari = 3
    instansi.save()
    evaluasi = _given_on(kw, dt.date(2026, 4, 6))
    with pytest.raises(ValidationError) as exc:
        keberatan_ajukan(evaluasi=evaluasi, alasan="A", by=kw.user(kw.staf), today=dt.date(2026, 4, 10))
    assert "9 April 2026" in messages_of(exc)
    assert keberatan_ajukan(evaluasi=evaluasi, alasan="A", by=kw.user(kw.staf), today=dt.date(2026, 4, 9))


@pytest.mark.parametrize("who", ["kabid", "jpt", "staf2", "outsider", "operator", "stranger"])
def test_ajukan_only_by_the_evaluated_pegawai(kw: KeberatanWorld, who: str) -> None:
    pegawai = getattr(kw.k.plan, who)
    with pytest.raises(ValidationError) as exc:
        keberatan_ajukan(evaluasi=kw.evaluasi, alasan="Alasan.", by=kw.user(pegawai))
    assert "Hanya pegawai yang dinilai" in messages_of(exc)
    assert not Keberatan.objects.exists()


def test_ajukan_without_a_user_is_refused(kw: KeberatanWorld) -> None:
    with pytest.raises(ValidationError):
        keberatan_ajukan(evaluasi=kw.evaluasi, alasan="Alasan.", by=None)


def test_ajukan_twice_is_refused(kw: KeberatanWorld) -> None:
    kw.ajukan()
    with pytest.raises(ValidationError) as exc:
        kw.ajukan("Lagi.")
    assert "hanya dapat diajukan satu kali" in messages_of(exc)
    assert Keberatan.objects.count() == 1


def test_ajukan_on_a_draft_is_refused(kw: KeberatanWorld) -> None:
    Evaluasi.objects.filter(pk=kw.evaluasi.pk).update(status="draft", diberikan_pada=None)
    with pytest.raises(ValidationError) as exc:
        kw.ajukan()
    assert "belum diberikan" in messages_of(exc)


def test_ajukan_on_the_changed_version_is_refused(kw: KeberatanWorld) -> None:
    keberatan = kw.putuskan_ubah()
    assert keberatan.hasil is not None
    with pytest.raises(ValidationError) as exc:
        keberatan_ajukan(evaluasi=keberatan.hasil, alasan="Lagi.", by=kw.user(kw.staf))
    assert "bersifat final" in messages_of(exc)
    with pytest.raises(ValidationError):
        kw.ajukan("Pada versi semula lagi.")  # the original is replaced and already has one
    assert Keberatan.objects.count() == 1


@pytest.mark.parametrize(
    ("alasan", "message"),
    [("", "Tuliskan alasan keberatan"), ("   \n ", "Tuliskan alasan keberatan"), ("x" * 5001, "Paling banyak 5000")],
)
def test_ajukan_alasan_is_validated(kw: KeberatanWorld, alasan: str, message: str) -> None:
    with pytest.raises(ValidationError) as exc:
        kw.ajukan(alasan)
    assert "alasan" in exc.value.message_dict
    assert message in messages_of(exc)
    assert not Keberatan.objects.exists()


def test_ajukan_alasan_at_the_limit_is_accepted(kw: KeberatanWorld) -> None:
    assert len(kw.ajukan("x" * TEKS_MAX_LENGTH).alasan) == TEKS_MAX_LENGTH


def test_ajukan_refused_when_the_penilai_has_no_atasan(kw: KeberatanWorld) -> None:
    kw.kabid.atasan = None
    kw.kabid.save()
    with pytest.raises(ValidationError) as exc:
        kw.ajukan()
    assert "tidak memiliki atasan" in messages_of(exc)


# --- Jelaskan ---------------------------------------------------------------------------------


def test_jelaskan_by_the_penilai(kw: KeberatanWorld) -> None:
    keberatan = kw.jelaskan()
    keberatan.refresh_from_db()
    assert keberatan.status == StatusKeberatan.DIJELASKAN
    assert keberatan.penjelasan == "Dua dokumen terlambat dari jadwal."
    assert keberatan.penjelasan_oleh == kw.kabid
    assert keberatan.penjelasan_pada is not None
    assert keberatan.alasan  # the pegawai's text is kept


@pytest.mark.parametrize("who", ["staf", "jpt", "staf2", "outsider", "operator", "stranger"])
def test_jelaskan_only_by_the_penilai(kw: KeberatanWorld, who: str) -> None:
    keberatan = kw.ajukan()
    with pytest.raises(ValidationError) as exc:
        keberatan_jelaskan(keberatan=keberatan, penjelasan="Penjelasan.", by=kw.user(getattr(kw.k.plan, who)))
    assert "Hanya pejabat penilai" in messages_of(exc)
    keberatan.refresh_from_db()
    assert keberatan.status == StatusKeberatan.DIAJUKAN and keberatan.penjelasan == ""


def test_jelaskan_twice_is_refused_and_keeps_the_first_text(kw: KeberatanWorld) -> None:
    keberatan = kw.jelaskan()
    with pytest.raises(ValidationError):
        keberatan_jelaskan(keberatan=keberatan, penjelasan="Lain.", by=kw.user(kw.kabid))
    keberatan.refresh_from_db()
    assert keberatan.penjelasan == "Dua dokumen terlambat dari jadwal."


@pytest.mark.parametrize("penjelasan", ["", "  ", "y" * 5001])
def test_jelaskan_text_is_validated(kw: KeberatanWorld, penjelasan: str) -> None:
    keberatan = kw.ajukan()
    with pytest.raises(ValidationError) as exc:
        keberatan_jelaskan(keberatan=keberatan, penjelasan=penjelasan, by=kw.user(kw.kabid))
    assert "penjelasan" in exc.value.message_dict
    keberatan.refresh_from_db()
    assert keberatan.status == StatusKeberatan.DIAJUKAN


def test_jelaskan_after_decision_is_refused(kw: KeberatanWorld) -> None:
    keberatan = kw.putuskan_tetap()
    with pytest.raises(ValidationError) as exc:
        keberatan_jelaskan(keberatan=keberatan, penjelasan="Lagi.", by=kw.user(kw.kabid))
    assert "final" in messages_of(exc)


# --- Putuskan ---------------------------------------------------------------------------------


def test_putuskan_tetap_changes_no_evaluation(kw: KeberatanWorld) -> None:
    keberatan = kw.putuskan_tetap()
    keberatan.refresh_from_db()
    assert keberatan.status == StatusKeberatan.DIPUTUSKAN
    assert keberatan.keputusan == "tetap"
    assert keberatan.rekomendasi == "Penilaian pejabat penilai sudah sesuai bukti."
    assert keberatan.diputuskan_oleh == kw.jpt and keberatan.diputuskan_pada is not None
    assert keberatan.hasil is None
    assert Evaluasi.objects.count() == 1
    kw.evaluasi.refresh_from_db()
    assert kw.evaluasi.diganti_pada is None and kw.evaluasi.predikat == "baik"


def test_putuskan_tetap_ignores_ratings(kw: KeberatanWorld) -> None:
    keberatan = keberatan_putuskan(
        keberatan=kw.jelaskan(),
        keputusan="tetap",
        rekomendasi="Tetap.",
        rating_hasil="di_atas",
        rating_perilaku="di_atas",
        by=kw.user(kw.jpt),
    )
    assert keberatan.hasil is None and Evaluasi.objects.count() == 1


def test_putuskan_ubah_makes_version_2_and_keeps_the_original(kw: KeberatanWorld) -> None:
    original = kw.evaluasi
    keberatan = kw.putuskan_ubah()
    original.refresh_from_db()
    hasil = keberatan.hasil
    assert hasil is not None
    hasil.refresh_from_db()
    # The original is untouched except that it is marked replaced.
    assert original.versi == 1 and original.predikat == "baik"
    assert (original.rating_hasil, original.rating_perilaku) == ("sesuai", "sesuai")
    assert original.diganti_pada is not None and original.status == "diberikan"
    # The new version.
    assert hasil.versi == 2 and hasil.sebelumnya == original
    assert hasil.status == "diberikan" and hasil.diberikan_pada is not None
    assert (hasil.rating_hasil, hasil.rating_perilaku, hasil.predikat) == ("di_atas", "di_atas", "sangat_baik")
    assert (hasil.skp, hasil.periode, hasil.penilai) == (original.skp, original.periode, original.penilai)
    assert hasil.capaian_organisasi == original.capaian_organisasi and hasil.catatan == original.catatan
    assert hasil.identitas == original.identitas
    assert hasil.dibuat_oleh == kw.user(kw.jpt)
    assert hasil.diganti_pada is None
    # current() gives version 2; both remain.
    current = Evaluasi.objects.current().filter(skp=original.skp, periode=original.periode)
    assert list(current) == [hasil]
    assert Evaluasi.objects.filter(skp=original.skp, periode=original.periode).count() == 2
    assert hasil.hasil_keberatan == keberatan


@pytest.mark.parametrize(
    ("hasil", "perilaku", "predikat"),
    [
        ("di_atas", "sesuai", "baik"),  # a rating differs, the predikat happens to stay Baik
        ("di_bawah", "sesuai", "butuh_perbaikan"),
        ("sesuai", "di_bawah", "kurang"),
        ("di_bawah", "di_bawah", "sangat_kurang"),
    ],
)
def test_putuskan_ubah_recomputes_the_predikat(kw: KeberatanWorld, hasil: str, perilaku: str, predikat: str) -> None:
    keberatan = keberatan_putuskan(
        keberatan=kw.jelaskan(),
        keputusan="ubah",
        rekomendasi="Diubah.",
        rating_hasil=hasil,
        rating_perilaku=perilaku,
        by=kw.user(kw.jpt),
    )
    assert keberatan.hasil is not None and keberatan.hasil.predikat == predikat


def test_putuskan_ubah_with_the_same_ratings_is_refused(kw: KeberatanWorld) -> None:
    keberatan = kw.jelaskan()
    with pytest.raises(ValidationError) as exc:
        keberatan_putuskan(
            keberatan=keberatan,
            keputusan="ubah",
            rekomendasi="Diubah.",
            rating_hasil="sesuai",
            rating_perilaku="sesuai",
            by=kw.user(kw.jpt),
        )
    assert "sama dengan hasil evaluasi semula" in messages_of(exc)
    keberatan.refresh_from_db()
    assert keberatan.status == StatusKeberatan.DIJELASKAN and keberatan.rekomendasi == ""
    assert Evaluasi.objects.count() == 1
    kw.evaluasi.refresh_from_db()
    assert kw.evaluasi.diganti_pada is None


@pytest.mark.parametrize(
    ("hasil", "perilaku", "field"),
    [(None, "di_atas", "rating_hasil"), ("di_atas", None, "rating_perilaku"), ("luar_biasa", "sesuai", "rating_hasil")],
)
def test_putuskan_ubah_needs_two_valid_ratings(
    kw: KeberatanWorld, hasil: str | None, perilaku: str | None, field: str
) -> None:
    keberatan = kw.jelaskan()
    with pytest.raises(ValidationError) as exc:
        keberatan_putuskan(
            keberatan=keberatan,
            keputusan="ubah",
            rekomendasi="Diubah.",
            rating_hasil=hasil,
            rating_perilaku=perilaku,
            by=kw.user(kw.jpt),
        )
    assert field in exc.value.message_dict
    assert Evaluasi.objects.count() == 1


@pytest.mark.parametrize(
    ("keputusan", "rekomendasi", "field"),
    [
        ("", "R", "keputusan"),
        ("batal", "R", "keputusan"),
        ("tetap", " ", "rekomendasi"),
        ("tetap", "z" * 5001, "rekomendasi"),
    ],
)
def test_putuskan_input_is_validated(kw: KeberatanWorld, keputusan: str, rekomendasi: str, field: str) -> None:
    keberatan = kw.jelaskan()
    with pytest.raises(ValidationError) as exc:
        keberatan_putuskan(keberatan=keberatan, keputusan=keputusan, rekomendasi=rekomendasi, by=kw.user(kw.jpt))
    assert field in exc.value.message_dict
    keberatan.refresh_from_db()
    assert keberatan.status == StatusKeberatan.DIJELASKAN


def test_putuskan_before_the_explanation_is_refused(kw: KeberatanWorld) -> None:
    keberatan = kw.ajukan()
    with pytest.raises(ValidationError) as exc:
        keberatan_putuskan(keberatan=keberatan, keputusan="tetap", rekomendasi="Tetap.", by=kw.user(kw.jpt))
    assert "belum memberikan penjelasan" in messages_of(exc)
    keberatan.refresh_from_db()
    assert keberatan.status == StatusKeberatan.DIAJUKAN


@pytest.mark.parametrize("who", ["staf", "kabid", "staf2", "outsider", "operator", "stranger"])
def test_putuskan_only_by_the_atasan_penilai(kw: KeberatanWorld, who: str) -> None:
    keberatan = kw.jelaskan()
    with pytest.raises(ValidationError) as exc:
        keberatan_putuskan(
            keberatan=keberatan, keputusan="tetap", rekomendasi="Tetap.", by=kw.user(getattr(kw.k.plan, who))
        )
    assert "Hanya atasan pejabat penilai" in messages_of(exc)
    keberatan.refresh_from_db()
    assert keberatan.status == StatusKeberatan.DIJELASKAN


def test_putuskan_is_final(kw: KeberatanWorld) -> None:
    keberatan = kw.putuskan_ubah()
    for keputusan in ("tetap", "ubah"):
        with pytest.raises(ValidationError) as exc:
            keberatan_putuskan(
                keberatan=keberatan,
                keputusan=keputusan,
                rekomendasi="Lagi.",
                rating_hasil="di_bawah",
                rating_perilaku="di_bawah",
                by=kw.user(kw.jpt),
            )
        assert "sudah diputuskan" in messages_of(exc)
    assert Evaluasi.objects.count() == 2
    keberatan.refresh_from_db()
    assert keberatan.keputusan == "ubah"


def test_the_decider_is_the_atasan_of_the_penilai_who_gave_it(kw: KeberatanWorld) -> None:
    """A later change of the SKP's penilai does not move the decision away from the giver's atasan."""
    keberatan = kw.jelaskan()
    kw.k.skp.pejabat_penilai = kw.jpt
    kw.k.skp.save()
    decided = keberatan_putuskan(keberatan=keberatan, keputusan="tetap", rekomendasi="Tetap.", by=kw.user(kw.jpt))
    assert decided.diputuskan_oleh == kw.jpt
