"""Pola distribusi (SPEC §6.3): each capaian's guideline on and off its bounds, with the rules
loaded from the database defaults; the guideline curves; an instansi's own rules; the counts of a unit."""

from __future__ import annotations

import pytest

from penilaian.models import AturanPolaDistribusi
from penilaian.rules import KURVA_PEDOMAN, distribution_guideline_check
from penilaian.selectors import aturan_for, distribusi_unit
from tests.factories import InstansiFactory, PegawaiFactory
from tests.kinerja_world import Kinerja

from .evaluasi_support import give, periode, save, set_skp

SB, B, BP, K, SK = "sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang"


def counts(sb: int = 0, b: int = 0, bp: int = 0, k: int = 0, sk: int = 0) -> dict[str, int]:
    return {SB: sb, B: b, BP: bp, K: k, SK: sk}


# (capaian, counts, the clauses that must warn as (jenis, predikat...)).
CASES = [
    # Istimewa: most Sangat Baik, at most 70 % Sangat Baik.
    ("istimewa", counts(sb=70, b=30), set()),
    ("istimewa", counts(sb=71, b=29), {("maksimal", (SB,))}),
    ("istimewa", counts(sb=3, b=5, bp=2), {("terbanyak", (SB,))}),
    # Baik: most Baik, at most 70 % Baik, some Butuh Perbaikan and/or Kurang.
    ("baik", counts(sb=20, b=70, bp=5, k=5), set()),
    ("baik", counts(sb=19, b=71, bp=10), {("maksimal", (B,))}),
    ("baik", counts(sb=2, b=6, k=1, sk=1), set()),
    ("baik", counts(sb=4, b=6), {("ada", (BP, K))}),
    ("baik", counts(sb=6, b=4, bp=1), {("terbanyak", (B,))}),
    # Butuh Perbaikan: at least 60 % Butuh Perbaikan, at most 10 % Sangat Baik.
    ("butuh_perbaikan", counts(sb=10, b=30, bp=60), set()),
    ("butuh_perbaikan", counts(sb=10, b=31, bp=59), {("minimal", (BP,))}),
    ("butuh_perbaikan", counts(sb=11, b=29, bp=60), {("maksimal", (SB,))}),
    # Kurang: at least 60 % Kurang, at least 10 % Butuh Perbaikan, at most 10 % Sangat Baik.
    ("kurang", counts(sb=10, b=20, bp=10, k=60), set()),
    ("kurang", counts(sb=10, b=21, bp=10, k=59), {("minimal", (K,))}),
    ("kurang", counts(sb=10, b=21, bp=9, k=60), {("minimal", (BP,))}),
    ("kurang", counts(sb=11, b=19, bp=10, k=60), {("maksimal", (SB,))}),
    # Sangat Kurang: at least 60 % Sangat Kurang, at least 10 % Kurang and/or Butuh Perbaikan, no Sangat Baik.
    ("sangat_kurang", counts(b=30, k=5, bp=5, sk=60), set()),
    ("sangat_kurang", counts(b=31, k=10, sk=59), {("minimal", (SK,))}),
    ("sangat_kurang", counts(b=31, k=9, sk=60), {("minimal", (K, BP))}),
    ("sangat_kurang", counts(sb=1, b=29, k=10, sk=60), {("maksimal", (SB,))}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("capaian", "jumlah", "expected"), CASES)
def test_guideline_on_and_off_its_bounds(
    capaian: str, jumlah: dict[str, int], expected: set[tuple[str, tuple[str, ...]]]
) -> None:
    instansi = InstansiFactory()
    found = distribution_guideline_check(counts=jumlah, rules=aturan_for(instansi, capaian))
    assert {(p.aturan.jenis, p.aturan.predikat) for p in found} == expected
    for p in found:
        assert "Pedoman" in p.pesan
        assert p.aturan.jenis == "ada" or f"dari {p.total} pegawai" in p.pesan


@pytest.mark.django_db
def test_a_warning_carries_the_figures() -> None:
    instansi = InstansiFactory()
    [warning] = distribution_guideline_check(counts=counts(sb=71, b=29), rules=aturan_for(instansi, "istimewa"))
    assert warning.jumlah == 71 and warning.total == 100 and str(warning.persen) == "71.0"
    assert "70%" in warning.pesan and "71 dari 100" in warning.pesan


@pytest.mark.django_db
def test_nobody_rated_yet_means_no_warning() -> None:
    assert distribution_guideline_check(counts=counts(), rules=aturan_for(InstansiFactory(), "baik")) == []


@pytest.mark.django_db
@pytest.mark.parametrize("capaian", list(KURVA_PEDOMAN))
def test_each_guideline_curve_satisfies_the_default_rules(capaian: str) -> None:
    rules = aturan_for(InstansiFactory(), capaian)
    assert rules, "the migration loads the national defaults"
    assert sum(KURVA_PEDOMAN[capaian].values()) == 100
    assert distribution_guideline_check(counts=KURVA_PEDOMAN[capaian], rules=rules) == []


@pytest.mark.django_db
def test_an_instansi_with_its_own_rules_uses_them_only_for_that_capaian() -> None:
    instansi = InstansiFactory()
    AturanPolaDistribusi.objects.create(
        instansi=instansi, capaian="istimewa", jenis="maksimal", predikat=[SB], persen=50
    )
    own = aturan_for(instansi, "istimewa")
    assert [(r.jenis, r.predikat, int(r.persen or 0)) for r in own] == [("maksimal", (SB,), 50)]
    assert len(aturan_for(instansi, "baik")) == 3  # national defaults
    assert len(aturan_for(InstansiFactory(), "istimewa")) == 2  # another instansi: the defaults


def test_distribusi_unit_counts_current_given_evaluations_of_the_unit(
    kinerja: Kinerja, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    p = periode(kinerja)
    bidang = kinerja.plan.bidang
    give(kinerja.skp, p, "di_atas", "di_atas")  # sangat baik
    save(kinerja.skp_kualitatif, p, "sesuai", "sesuai")  # a draft
    give(kinerja.skp_kabid, p, "sesuai", "sesuai")  # the unit head: left out
    other = PegawaiFactory(instansi=kinerja.staf.instansi, unit_kerja=kinerja.plan.unit, atasan=kinerja.jpt)
    give(set_skp(other, penilai=kinerja.jpt), p, "di_bawah", "di_bawah")  # another unit
    give(kinerja.skp, periode(kinerja, 2), "sesuai", "sesuai")  # another period
    with django_assert_num_queries(1):
        given = distribusi_unit(bidang, p)
    assert given == counts(sb=1)
    assert distribusi_unit(bidang, p, status="draft") == counts(b=1)
    assert distribusi_unit(kinerja.plan.unit, p) == counts(sk=1)
