"""Realisasi services: one current value per IKI per period, statements per RHK, nothing lost,
and every refusal (SKP not set, period closed or foreign, wrong SKP, bad numbers and texts)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from organisasi.konflik import StaleEditError
from pelaksanaan.models import Periode, Realisasi
from pelaksanaan.periode import periode_ensure, periods_of_skp
from pelaksanaan.services.realisasi import (
    realisasi_save,
    realisasi_teks_add,
    realisasi_teks_remove,
    realisasi_teks_update,
)
from perencanaan.models import Iki, Rhk
from perencanaan.services.skp import skp_create
from tests.kinerja_world import Kinerja


@pytest.fixture
def triwulan(kinerja: Kinerja) -> Periode:
    return periods_of_skp(kinerja.skp)[0]


def _messages(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(exc.value.messages)


# --- Kuantitatif ------------------------------------------------------------------------------


def test_save_creates_then_replaces_and_keeps_the_old_value(kinerja: Kinerja, triwulan: Periode) -> None:
    user = kinerja.staf.user
    first = realisasi_save(iki=kinerja.iki_kuantitas, periode=triwulan, nilai=Decimal(10), keterangan="", by=user)
    assert first.skp == kinerja.skp and first.rhk == kinerja.rhk_utama and first.dibuat_oleh == user
    second = realisasi_save(
        iki=kinerja.iki_kuantitas, periode=triwulan, nilai=Decimal("12.5"), keterangan=" Dari SIMPEG ", by=user
    )
    first.refresh_from_db()
    assert first.diganti_pada is not None and first.diganti_oleh == user and first.pengganti == second
    assert second.is_current and second.nilai == Decimal("12.5") and second.keterangan == "Dari SIMPEG"
    assert list(Realisasi.objects.current().filter(iki=kinerja.iki_kuantitas)) == [second]
    assert Realisasi.objects.filter(iki=kinerja.iki_kuantitas).count() == 2


def test_saving_the_same_values_changes_nothing(kinerja: Kinerja, triwulan: Periode) -> None:
    user = kinerja.staf.user
    first = realisasi_save(iki=kinerja.iki_waktu, periode=triwulan, nilai=Decimal("2.5"), keterangan="x", by=user)
    again = realisasi_save(iki=kinerja.iki_waktu, periode=triwulan, nilai=Decimal("2.50"), keterangan="x", by=user)
    assert again.pk == first.pk and Realisasi.objects.filter(iki=kinerja.iki_waktu).count() == 1
    changed = realisasi_save(iki=kinerja.iki_waktu, periode=triwulan, nilai=Decimal("2.5"), keterangan="y", by=user)
    assert changed.pk != first.pk


def test_each_period_has_its_own_value(kinerja: Kinerja) -> None:
    tw1, tw2 = periods_of_skp(kinerja.skp)[:2]
    a = realisasi_save(iki=kinerja.iki_kuantitas, periode=tw1, nilai=Decimal(3), keterangan="", by=None)
    b = realisasi_save(iki=kinerja.iki_kuantitas, periode=tw2, nilai=Decimal(6), keterangan="", by=None)
    assert a.is_current and b.is_current


def test_refused_when_the_skp_is_not_set(kinerja: Kinerja) -> None:
    plan = kinerja.plan
    draft = skp_create(
        pegawai=plan.outsider,
        periode_mulai=dt.date(2026, 1, 1),
        periode_selesai=dt.date(2026, 12, 31),
        pendekatan="kuantitatif",
        by=plan.outsider.user,
    )
    rhk = Rhk.objects.create(skp=draft, jenis="utama", teks="R")
    iki = Iki.objects.create(rhk=rhk, teks="I", aspek="kuantitas", target_min=1)
    with pytest.raises(ValidationError) as exc:
        realisasi_save(iki=iki, periode=periods_of_skp(draft)[0], nilai=Decimal(1), keterangan="", by=None)
    assert "belum ditetapkan" in _messages(exc)
    assert not Realisasi.objects.filter(skp=draft).exists()


def test_refused_in_a_closed_period_naming_it_and_the_operator(kinerja: Kinerja, triwulan: Periode) -> None:
    Periode.objects.filter(pk=triwulan.pk).update(terbuka=False)
    triwulan.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        realisasi_save(iki=kinerja.iki_kuantitas, periode=triwulan, nilai=Decimal(1), keterangan="", by=None)
    text = _messages(exc)
    assert "Triwulan I 2026" in text and "ditutup" in text and "operator" in text.lower()
    with pytest.raises(ValidationError):
        realisasi_teks_add(rhk=kinerja.rhk_kualitatif, periode=triwulan, teks="x", by=None)
    assert not Realisasi.objects.exists()


def test_refused_for_a_period_of_another_instansi_or_year(kinerja: Kinerja) -> None:
    foreign = periode_ensure(instansi=kinerja.plan.stranger.instansi, tahun=2026)[0]
    last_year = periode_ensure(instansi=kinerja.staf.instansi, tahun=2025)[0]
    for periode in (foreign, last_year):
        with pytest.raises(ValidationError) as exc:
            realisasi_save(iki=kinerja.iki_kuantitas, periode=periode, nilai=Decimal(1), keterangan="", by=None)
        assert "bukan periode evaluasi SKP ini" in _messages(exc)
    assert not Realisasi.objects.exists()


def test_refused_when_the_iki_or_rhk_is_not_of_the_skp(kinerja: Kinerja, triwulan: Periode) -> None:
    with pytest.raises(ValidationError) as exc:
        realisasi_save(
            iki=kinerja.iki_kuantitas, periode=triwulan, nilai=Decimal(1), keterangan="", by=None, skp=kinerja.skp_kabid
        )
    assert "bukan bagian dari SKP" in _messages(exc)
    with pytest.raises(ValidationError):
        realisasi_teks_add(rhk=kinerja.rhk_kualitatif, periode=triwulan, teks="x", by=None, skp=kinerja.skp)
    assert not Realisasi.objects.exists()


@pytest.mark.parametrize(
    ("nilai", "message"),
    [
        (Decimal(-1), "tidak boleh negatif"),
        (Decimal("-0.0001"), "tidak boleh negatif"),
        (Decimal("NaN"), "harus berupa angka"),
        (Decimal("Infinity"), "harus berupa angka"),
        ("12", "harus berupa angka"),
        (1.5, "harus berupa angka"),
        (True, "harus berupa angka"),
        (Decimal("1" * 19), "terlalu besar"),
        (Decimal("1" * 14), "terlalu besar"),
        (Decimal("1.23456"), "di belakang koma"),
    ],
)
def test_bad_numbers_are_refused(kinerja: Kinerja, triwulan: Periode, nilai: object, message: str) -> None:
    with pytest.raises(ValidationError) as exc:
        realisasi_save(iki=kinerja.iki_kuantitas, periode=triwulan, nilai=nilai, keterangan="", by=None)  # type: ignore[arg-type]
    assert message in _messages(exc)
    assert not Realisasi.objects.exists()


@pytest.mark.parametrize(
    "nilai", [Decimal(0), Decimal("9999999999999.9999"), Decimal("1500000000000"), Decimal("1.5000"), 7]
)
def test_edge_numbers_are_accepted(kinerja: Kinerja, triwulan: Periode, nilai: Decimal) -> None:
    saved = realisasi_save(iki=kinerja.iki_kuantitas, periode=triwulan, nilai=nilai, keterangan="", by=None)
    assert saved.nilai == Decimal(nilai)
    saved.refresh_from_db()  # reads back (SQLite keeps decimals as floating point: close, never an error)
    assert saved.nilai is not None and abs(saved.nilai - Decimal(nilai)) <= Decimal("0.001")


def test_keterangan_too_long_is_refused(kinerja: Kinerja, triwulan: Periode) -> None:
    with pytest.raises(ValidationError) as exc:
        realisasi_save(iki=kinerja.iki_kuantitas, periode=triwulan, nilai=Decimal(1), keterangan="k" * 2001, by=None)
    assert "keterangan" in exc.value.error_dict


def test_kinds_do_not_mix(kinerja: Kinerja, triwulan: Periode) -> None:
    iki_kualitatif = kinerja.rhk_kualitatif.iki.get()
    with pytest.raises(ValidationError) as exc:
        realisasi_save(iki=iki_kualitatif, periode=triwulan, nilai=Decimal(1), keterangan="", by=None)
    assert "kualitatif" in _messages(exc)
    with pytest.raises(ValidationError) as exc:
        realisasi_teks_add(rhk=kinerja.rhk_utama, periode=triwulan, teks="Selesai", by=None)
    assert "kuantitatif" in _messages(exc)
    assert not Realisasi.objects.exists()


# --- Kualitatif -------------------------------------------------------------------------------


def test_statements_add_update_remove_keep_history(kinerja: Kinerja) -> None:
    periode = periods_of_skp(kinerja.skp_kualitatif)[0]
    user = kinerja.plan.staf2.user
    a = realisasi_teks_add(rhk=kinerja.rhk_kualitatif, periode=periode, teks="  Arsip 2025 tertata ", by=user)
    b = realisasi_teks_add(rhk=kinerja.rhk_kualitatif, periode=periode, teks="Daftar arsip digital", by=user)
    assert a.teks == "Arsip 2025 tertata" and a.iki is None and a.skp == kinerja.skp_kualitatif
    same = realisasi_teks_update(realisasi=a, teks="Arsip 2025 tertata", by=user)
    assert same.pk == a.pk
    a2 = realisasi_teks_update(realisasi=a, teks="Arsip 2024–2025 tertata", by=user)
    a.refresh_from_db()
    assert a.pengganti == a2 and a.diganti_oleh == user and a2.is_current
    removed = realisasi_teks_remove(realisasi=b, by=user)
    assert removed.diganti_pada is not None and removed.pengganti is None
    current = list(Realisasi.objects.current().filter(rhk=kinerja.rhk_kualitatif).values_list("teks", flat=True))
    assert current == ["Arsip 2024–2025 tertata"]
    assert Realisasi.objects.filter(rhk=kinerja.rhk_kualitatif).count() == 3
    # A tab still showing the old statement: refused as stale, saying what it became and keeping the text.
    with pytest.raises(StaleEditError) as exc:
        realisasi_teks_update(realisasi=a, teks="lagi", by=user)
    message = _messages(exc)
    assert "Muat ulang" in message and kinerja.plan.staf2.nama_lengkap in message
    assert "“Arsip 2025 tertata” kini “Arsip 2024–2025 tertata”" in message and "lagi" in message
    with pytest.raises(StaleEditError) as exc:
        realisasi_teks_remove(realisasi=b, by=user)
    assert "“Daftar arsip digital” dihapus" in _messages(exc)
    assert Realisasi.objects.filter(rhk=kinerja.rhk_kualitatif).count() == 3


@pytest.mark.parametrize(("teks", "message"), [("", "Tuliskan"), ("   \n ", "Tuliskan"), ("x" * 5001, "5000")])
def test_bad_statements_are_refused(kinerja: Kinerja, teks: str, message: str) -> None:
    periode = periods_of_skp(kinerja.skp_kualitatif)[0]
    with pytest.raises(ValidationError) as exc:
        realisasi_teks_add(rhk=kinerja.rhk_kualitatif, periode=periode, teks=teks, by=None)
    assert message in _messages(exc)
    ok = realisasi_teks_add(rhk=kinerja.rhk_kualitatif, periode=periode, teks="x" * 5000, by=None)
    with pytest.raises(ValidationError):
        realisasi_teks_update(realisasi=ok, teks="", by=None)
    assert Realisasi.objects.count() == 1


def test_statement_services_refuse_a_kuantitatif_row(kinerja: Kinerja, triwulan: Periode) -> None:
    number = realisasi_save(iki=kinerja.iki_kuantitas, periode=triwulan, nilai=Decimal(1), keterangan="", by=None)
    with pytest.raises(ValidationError):
        realisasi_teks_update(realisasi=number, teks="x", by=None)
    with pytest.raises(ValidationError):
        realisasi_teks_remove(realisasi=number, by=None)
    number.refresh_from_db()
    assert number.is_current


# --- Numbers as typed -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("12", Decimal(12)),
        ("12,5", Decimal("12.5")),
        ("12.5", Decimal("12.5")),
        (" 1 250,75 ", Decimal("1250.75")),
        ("1.250,75", Decimal("1250.75")),
        ("1,250.75", Decimal("1250.75")),
        ("1.000.000", Decimal(1000000)),
        ("12.500", Decimal(12500)),  # Indonesian thousands
        ("1,250", Decimal("1.25")),  # Indonesian decimal comma
        ("0,0001", Decimal("0.0001")),
        ("-3", Decimal(-3)),  # parsed, then refused as negative by the service rule
        ("abc", None),
        ("", None),
        ("1e5", None),
        (",5", None),
        ("1,,2", None),
        ("1.2.3,4", None),
        ("1.25,3.4", None),
        ("1.00.000", None),
        ("NaN", None),
    ],
)
def test_parse_angka(typed: str, value: Decimal | None) -> None:
    from pelaksanaan.forms_realisasi import parse_angka

    assert parse_angka(typed) == value


def test_a_save_from_a_replaced_row_is_refused_and_writes_nothing(kinerja: Kinerja, triwulan: Periode) -> None:
    user = kinerja.staf.user
    first = realisasi_save(iki=kinerja.iki_kuantitas, periode=triwulan, nilai=Decimal(10), by=user, dari=0)
    second = realisasi_save(iki=kinerja.iki_kuantitas, periode=triwulan, nilai=Decimal(12), by=user, dari=first.pk)
    with pytest.raises(StaleEditError) as refused:
        realisasi_save(iki=kinerja.iki_kuantitas, periode=triwulan, nilai=Decimal(20), by=user, dari=first.pk)
    assert "10 → 12" in refused.value.messages[0] and "realisasi 20" in refused.value.messages[0]
    with pytest.raises(StaleEditError):
        realisasi_save(iki=kinerja.iki_kuantitas, periode=triwulan, nilai=Decimal(20), by=user, dari=0)
    assert list(Realisasi.objects.current().values_list("pk", flat=True)) == [second.pk]
    assert Realisasi.objects.count() == 2
    # Saving what is already current from an old form loses nothing and is accepted.
    same = realisasi_save(iki=kinerja.iki_kuantitas, periode=triwulan, nilai=Decimal(12), by=user, dari=first.pk)
    assert same.pk == second.pk
