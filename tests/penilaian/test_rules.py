from decimal import Decimal

import pytest

from penilaian.models import Predikat, Rating
from penilaian.rules import PREDIKAT_ORDER, angka_kredit, predikat_from_ratings

# SPEC §6.2, row = rating hasil kerja, columns = perilaku di bawah / sesuai / di atas.
SPEC_TABLE = {
    Rating.DI_ATAS: (Predikat.KURANG, Predikat.BAIK, Predikat.SANGAT_BAIK),
    Rating.SESUAI: (Predikat.KURANG, Predikat.BAIK, Predikat.BAIK),
    Rating.DI_BAWAH: (Predikat.SANGAT_KURANG, Predikat.BUTUH_PERBAIKAN, Predikat.BUTUH_PERBAIKAN),
}
PERILAKU_COLUMNS = (Rating.DI_BAWAH, Rating.SESUAI, Rating.DI_ATAS)


@pytest.mark.parametrize("hasil", list(SPEC_TABLE))
@pytest.mark.parametrize("column", range(3))
def test_predikat_matches_spec_table(hasil: Rating, column: int) -> None:
    perilaku = PERILAKU_COLUMNS[column]
    assert predikat_from_ratings(hasil_kerja=hasil, perilaku_kerja=perilaku) == SPEC_TABLE[hasil][column]


def test_unknown_rating_is_refused() -> None:
    with pytest.raises(ValueError):
        predikat_from_ratings(hasil_kerja="luar_biasa", perilaku_kerja=Rating.SESUAI)


def test_predikat_order_best_first() -> None:
    assert [p.label for p in PREDIKAT_ORDER] == [
        "Sangat Baik",
        "Baik",
        "Butuh Perbaikan",
        "Kurang/Misconduct",
        "Sangat Kurang",
    ]


@pytest.mark.parametrize(
    ("persen", "koefisien", "bulan", "expected"),
    [
        ("150", "25", 12, "37.500"),  # ahli muda, sangat baik, full year
        ("100", "12.5", 12, "12.500"),  # ahli pertama, baik
        ("75", "37.5", 6, "14.063"),  # ahli madya, butuh perbaikan, half year
        ("25", "3.75", 1, "0.078"),  # pemula, sangat kurang, one month
    ],
)
def test_angka_kredit(persen: str, koefisien: str, bulan: int, expected: str) -> None:
    result = angka_kredit(persen_predikat=Decimal(persen), koefisien_tahunan=Decimal(koefisien), bulan=bulan)
    assert result == Decimal(expected)


def test_angka_kredit_refuses_impossible_months() -> None:
    with pytest.raises(ValueError):
        angka_kredit(persen_predikat=Decimal(100), koefisien_tahunan=Decimal(25), bulan=13)
