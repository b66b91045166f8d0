"""capaian_iki (SPEC §5, issue 4 "Rules and tests"): every case of a single target, a range,
lower-is-better (aspek Waktu and Biaya), zero target, zero realisasi and a reversed range."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pelaksanaan.rules import capaian_iki

D = Decimal

# (case, realisasi, target_min, target_max, lower_is_better, expected capaian in % or None)
CASES = [
    # Single target: realisasi / target × 100.
    ("single over", D(15), D(12), None, False, D("125.00")),
    ("single at", D(12), D(12), None, False, D("100.00")),
    ("single under", D(6), D(12), None, False, D("50.00")),
    ("single rounding", D(1), D(3), None, False, D("33.33")),
    ("single zero realisasi", D(0), D(12), None, False, D("0.00")),
    # Range [min, max]: inside (bounds included) 100 %, outside measured against the nearer bound.
    ("range inside", D("92.5"), D(90), D(95), False, D("100.00")),
    ("range on lower bound", D(90), D(90), D(95), False, D("100.00")),
    ("range on upper bound", D(95), D(90), D(95), False, D("100.00")),
    ("range above", D(114), D(90), D(95), False, D("120.00")),
    ("range below", D(45), D(90), D(95), False, D("50.00")),
    ("range zero realisasi", D(0), D(90), D(95), False, D("0.00")),
    # A range given the wrong way round is read as [min, max].
    ("reversed range inside", D(92), D(95), D(90), False, D("100.00")),
    ("reversed range above", D(114), D(95), D(90), False, D("120.00")),
    ("reversed range below", D(45), D(95), D(90), False, D("50.00")),
    # A "range" with equal bounds is a single target, but on the target it is 100 %.
    ("degenerate range at", D(12), D(12), D(12), False, D("100.00")),
    ("degenerate range over", D(18), D(12), D(12), False, D("150.00")),
    # Lower is better, single target: (2T − r) / T × 100, floored at 0.
    ("lower single at", D(10), D(10), None, True, D("100.00")),
    ("lower single faster", D(5), D(10), None, True, D("150.00")),
    ("lower single slower", D(15), D(10), None, True, D("50.00")),
    ("lower single twice", D(20), D(10), None, True, D("0.00")),
    ("lower single floored", D(35), D(10), None, True, D("0.00")),
    ("lower single zero realisasi", D(0), D(10), None, True, D("200.00")),
    # Lower is better, range 2–3 Hari: inside 100 %, over the max measured on the max, under the min on the min.
    ("lower range inside", D("2.5"), D(2), D(3), True, D("100.00")),
    ("lower range on min", D(2), D(2), D(3), True, D("100.00")),
    ("lower range on max", D(3), D(2), D(3), True, D("100.00")),
    ("lower range above", D("4.5"), D(2), D(3), True, D("50.00")),
    ("lower range below", D(1), D(2), D(3), True, D("150.00")),
    ("lower range far above", D(9), D(2), D(3), True, D("0.00")),
    ("lower reversed range above", D("4.5"), D(3), D(2), True, D("50.00")),
    # No target, or a zero target that cannot be divided by: no capaian.
    ("no target", D(5), None, None, False, None),
    ("zero target", D(5), D(0), None, False, None),
    ("zero target zero realisasi", D(0), D(0), None, False, None),
    ("zero target lower is better", D(3), D(0), None, True, None),
    ("range from zero below max is inside", D(0), D(0), D(5), False, D("100.00")),
    ("range from zero above", D(10), D(0), D(5), False, D("200.00")),
]


@pytest.mark.parametrize(
    ("realisasi", "target_min", "target_max", "lower_is_better", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_capaian_iki(
    realisasi: Decimal,
    target_min: Decimal | None,
    target_max: Decimal | None,
    lower_is_better: bool,
    expected: Decimal | None,
) -> None:
    assert (
        capaian_iki(realisasi=realisasi, target_min=target_min, target_max=target_max, lower_is_better=lower_is_better)
        == expected
    )


def test_capaian_is_rounded_to_two_places() -> None:
    value = capaian_iki(realisasi=D(2), target_min=D(3))
    assert value is not None and value.as_tuple().exponent == -2
