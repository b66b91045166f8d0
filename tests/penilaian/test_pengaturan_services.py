"""Services of the instansi's penilaian settings: every refusal, what is stored, what is logged."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError

from penilaian.models import AturanPolaDistribusi, FaktorTpp
from penilaian.rules import AturanDistribusi, distribution_guideline_check
from penilaian.services.pengaturan import (
    aturan_text,
    faktor_tpp_of,
    faktor_tpp_set,
    instansi_penilaian_update,
    pola_distribusi_all,
    pola_distribusi_reset,
    pola_distribusi_rules,
    pola_distribusi_set,
    riwayat_pengaturan,
)
from tests.factories import InstansiFactory, UserFactory

pytestmark = pytest.mark.django_db

D = Decimal


def aturan(jenis: str, *predikat: str, persen: str | None = None) -> AturanDistribusi:
    return AturanDistribusi(jenis=jenis, predikat=tuple(predikat), persen=D(persen) if persen is not None else None)


# --- Keberatan deadline and signature place --------------------------------------------------------


def test_update_stores_and_logs() -> None:
    instansi = InstansiFactory(tempat_tanda_tangan="Kupang")
    user = UserFactory()
    result = instansi_penilaian_update(
        instansi=instansi, batas_keberatan_hari=21, tempat_tanda_tangan="  Soe   Kota ", by=user
    )
    instansi.refresh_from_db()
    assert (result.batas_keberatan_hari, instansi.batas_keberatan_hari, instansi.tempat_tanda_tangan) == (
        21,
        21,
        "Soe Kota",
    )
    [entry] = riwayat_pengaturan(instansi)
    assert entry.user_id == user.pk
    assert "14 → 21" in entry.get_change_message() and "Soe Kota" in entry.get_change_message()


def test_update_without_change_logs_nothing() -> None:
    instansi = InstansiFactory(tempat_tanda_tangan="Kupang")
    instansi_penilaian_update(
        instansi=instansi, batas_keberatan_hari=14, tempat_tanda_tangan="Kupang", by=UserFactory()
    )
    assert not LogEntry.objects.exists()


@pytest.mark.parametrize(
    ("hari", "tempat", "field"),
    [
        (0, "Kupang", "batas_keberatan_hari"),
        (91, "Kupang", "batas_keberatan_hari"),
        (-3, "Kupang", "batas_keberatan_hari"),
        (14, "x" * 101, "tempat_tanda_tangan"),
    ],
)
def test_update_refuses_bad_input(hari: int, tempat: str, field: str) -> None:
    instansi = InstansiFactory(tempat_tanda_tangan="Kupang")
    with pytest.raises(ValidationError) as excinfo:
        instansi_penilaian_update(instansi=instansi, batas_keberatan_hari=hari, tempat_tanda_tangan=tempat, by=None)
    assert field in excinfo.value.message_dict
    instansi.refresh_from_db()
    assert (instansi.batas_keberatan_hari, instansi.tempat_tanda_tangan) == (14, "Kupang")


@pytest.mark.parametrize("hari", [1, 90])
def test_update_accepts_the_bounds(hari: int) -> None:
    instansi = InstansiFactory()
    instansi_penilaian_update(instansi=instansi, batas_keberatan_hari=hari, tempat_tanda_tangan="", by=None)
    instansi.refresh_from_db()
    assert instansi.batas_keberatan_hari == hari and instansi.tempat_tanda_tangan == ""


# --- TPP factors ----------------------------------------------------------------------------------


def test_tpp_set_update_and_remove() -> None:
    instansi = InstansiFactory()
    user = UserFactory()
    result = faktor_tpp_set(
        instansi=instansi, values={"sangat_baik": D("100"), "baik": D("90.5"), "kurang": None}, by=user
    )
    assert result == {"sangat_baik": D("100"), "baik": D("90.5")}
    result = faktor_tpp_set(instansi=instansi, values={"baik": D("80"), "sangat_baik": None}, by=user)
    assert result == {"baik": D("80")} == faktor_tpp_of(instansi)
    assert FaktorTpp.objects.filter(instansi=instansi).count() == 1
    messages = [e.get_change_message() for e in riwayat_pengaturan(instansi)]
    assert len(messages) == 2 and "Baik: 90.5% → 80%" in messages[0] and "Sangat Baik: 100% → —" in messages[0]


def test_tpp_untouched_predikat_keep_their_factor_and_other_instansi_is_apart() -> None:
    instansi, other = InstansiFactory(), InstansiFactory()
    faktor_tpp_set(instansi=instansi, values={"baik": D("80")}, by=None)
    faktor_tpp_set(instansi=other, values={"baik": D("70")}, by=None)
    faktor_tpp_set(instansi=instansi, values={"sangat_kurang": D("0")}, by=None)
    assert faktor_tpp_of(instansi) == {"baik": D("80"), "sangat_kurang": D("0")}
    assert faktor_tpp_of(other) == {"baik": D("70")}


@pytest.mark.parametrize(
    "values",
    [
        {"baik": D("100.01")},
        {"baik": D("-1")},
        {"baik": D("50.123")},
        {"baik": D("NaN")},
        {"baik": "abc"},
        {"istimewa": D("50")},
        {"sangat_baik": D("90"), "baik": D("101")},
    ],
)
def test_tpp_refuses_bad_values_and_saves_nothing(values: dict[str, object]) -> None:
    instansi = InstansiFactory()
    with pytest.raises(ValidationError):
        faktor_tpp_set(instansi=instansi, values=values, by=None)  # type: ignore[arg-type]
    assert not FaktorTpp.objects.exists()


# --- Pola distribusi --------------------------------------------------------------------------------


def test_national_default_applies_until_the_instansi_sets_its_own() -> None:
    instansi = InstansiFactory()
    rules = pola_distribusi_rules(instansi=instansi, capaian="istimewa")
    assert rules == [aturan("terbanyak", "sangat_baik"), aturan("maksimal", "sangat_baik", persen="70")]
    pola = pola_distribusi_all(instansi)
    assert list(pola) == ["istimewa", "baik", "butuh_perbaikan", "kurang", "sangat_kurang"]
    assert not any(p.milik_instansi for p in pola.values())
    assert pola["baik"].teks == [
        "Predikat terbanyak: Baik",
        "Paling banyak 70% Baik",
        "Diharapkan ada Butuh Perbaikan + Kurang/Misconduct",
    ]


def test_set_replaces_only_that_capaian_of_that_instansi() -> None:
    instansi, other = InstansiFactory(), InstansiFactory()
    user = UserFactory()
    saved = pola_distribusi_set(
        instansi=instansi,
        capaian="istimewa",
        rules=[aturan("maksimal", "sangat_baik", persen="60"), aturan("minimal", "baik", "sangat_baik", persen="80")],
        by=user,
    )
    # Predikat codes are kept in the order of the scale.
    assert saved[1].predikat == ("sangat_baik", "baik")
    assert pola_distribusi_rules(instansi=instansi, capaian="istimewa") == saved
    assert pola_distribusi_all(instansi)["istimewa"].milik_instansi
    assert not pola_distribusi_all(instansi)["baik"].milik_instansi
    assert pola_distribusi_rules(instansi=other, capaian="istimewa")[1].persen == 70
    # Saving again replaces the instansi's rows, never the national ones.
    pola_distribusi_set(instansi=instansi, capaian="istimewa", rules=[aturan("terbanyak", "sangat_baik")], by=user)
    assert AturanPolaDistribusi.objects.filter(instansi=instansi).count() == 1
    assert AturanPolaDistribusi.objects.filter(instansi__isnull=True).count() == 13
    log = riwayat_pengaturan(instansi)[0].get_change_message()
    assert "Sebelumnya: Paling banyak 60% Sangat Baik" in log and "Sekarang: Predikat terbanyak: Sangat Baik" in log


def test_the_instansi_rules_drive_the_guideline_check() -> None:
    instansi = InstansiFactory()
    counts = {"sangat_baik": 8, "baik": 2}
    national = distribution_guideline_check(
        counts=counts, rules=pola_distribusi_rules(instansi=instansi, capaian="istimewa")
    )
    assert len(national) == 1 and "paling banyak 70%;" in national[0].pesan  # not "7E+1"
    pola_distribusi_set(
        instansi=instansi, capaian="istimewa", rules=[aturan("maksimal", "sangat_baik", persen="85")], by=None
    )
    own = distribution_guideline_check(
        counts=counts, rules=pola_distribusi_rules(instansi=instansi, capaian="istimewa")
    )
    assert own == []


def test_persen_is_dropped_for_rules_without_one() -> None:
    instansi = InstansiFactory()
    saved = pola_distribusi_set(
        instansi=instansi,
        capaian="baik",
        rules=[aturan("terbanyak", "baik", persen="50"), aturan("ada", "kurang", persen="5")],
        by=None,
    )
    assert [r.persen for r in saved] == [None, None]


@pytest.mark.parametrize(
    ("rules", "pesan"),
    [
        ([], "paling sedikit satu aturan"),
        ([aturan("rata_rata", "baik")], "jenis aturan tidak dikenal"),
        ([aturan("maksimal", persen="10")], "pilih paling sedikit satu predikat"),
        ([aturan("maksimal", "istimewa", persen="10")], "pilih paling sedikit satu predikat"),
        ([aturan("maksimal", "baik")], "isikan persen"),
        ([aturan("minimal", "baik", persen="100.5")], "antara 0 dan 100"),
        ([aturan("minimal", "baik", persen="-5")], "antara 0 dan 100"),
        ([aturan("minimal", "baik", persen="10.555")], "dua angka di belakang koma"),
        ([aturan("terbanyak", "sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang")], "tidak bermakna"),
        ([aturan("maksimal", "baik", persen="10"), aturan("maksimal", "baik", persen="10")], "sama dengan aturan 1"),
        ([aturan("minimal", "baik", persen="60"), aturan("maksimal", "baik", persen="50")], "bertentangan"),
        ([aturan("maksimal", "baik", persen="1")] * 13, "Paling banyak 12 aturan"),
    ],
)
def test_set_refuses_bad_rules_and_saves_nothing(rules: list[AturanDistribusi], pesan: str) -> None:
    instansi = InstansiFactory()
    with pytest.raises(ValidationError) as excinfo:
        pola_distribusi_set(instansi=instansi, capaian="baik", rules=rules, by=UserFactory())
    assert any(pesan in m for m in excinfo.value.messages), excinfo.value.messages
    assert not AturanPolaDistribusi.objects.filter(instansi=instansi).exists()
    assert not LogEntry.objects.exists()


def test_every_bad_rule_is_reported_with_its_number() -> None:
    with pytest.raises(ValidationError) as excinfo:
        pola_distribusi_set(
            instansi=InstansiFactory(),
            capaian="baik",
            rules=[aturan("maksimal", "baik"), aturan("terbanyak", "baik"), aturan("x", "baik")],
            by=None,
        )
    assert [m.split(":")[0] for m in excinfo.value.messages] == ["Aturan 1", "Aturan 3"]


def test_unknown_capaian_is_refused() -> None:
    instansi = InstansiFactory()
    with pytest.raises(ValidationError, match="tidak dikenal"):
        pola_distribusi_set(instansi=instansi, capaian="luar_biasa", rules=[aturan("terbanyak", "baik")], by=None)
    with pytest.raises(ValidationError, match="tidak dikenal"):
        pola_distribusi_reset(instansi=instansi, capaian="luar_biasa", by=None)


def test_reset_goes_back_to_the_national_default_and_twice_is_refused() -> None:
    instansi = InstansiFactory()
    user = UserFactory()
    pola_distribusi_set(instansi=instansi, capaian="kurang", rules=[aturan("minimal", "kurang", persen="50")], by=user)
    rules = pola_distribusi_reset(instansi=instansi, capaian="kurang", by=user)
    assert rules == pola_distribusi_rules(instansi=InstansiFactory(), capaian="kurang")
    assert not AturanPolaDistribusi.objects.filter(instansi=instansi).exists()
    assert "pedoman nasional" in riwayat_pengaturan(instansi)[0].get_change_message()
    with pytest.raises(ValidationError, match="sudah memakai pedoman nasional"):
        pola_distribusi_reset(instansi=instansi, capaian="kurang", by=user)


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        (aturan("terbanyak", "sangat_baik"), "Predikat terbanyak: Sangat Baik"),
        (aturan("maksimal", "sangat_baik", persen="70.00"), "Paling banyak 70% Sangat Baik"),
        (
            aturan("minimal", "kurang", "butuh_perbaikan", persen="12.5"),
            "Paling sedikit 12.5% Kurang/Misconduct + Butuh Perbaikan",
        ),
        (aturan("ada", "butuh_perbaikan"), "Diharapkan ada Butuh Perbaikan"),
        (aturan("maksimal", "sangat_baik", persen="0"), "Paling banyak 0% Sangat Baik"),
    ],
)
def test_rule_text(rule: AturanDistribusi, text: str) -> None:
    assert aturan_text(rule) == text
