"""Capaian kinerja organisasi suggestion and the keberatan deadline (SPEC §6.1, §6.5)."""

from datetime import date
from decimal import Decimal

import pytest

from penilaian.models import CapaianOrganisasi
from penilaian.rules import capaian_organisasi_suggestion, keberatan_deadline, tpp_faktor


def _d(*values: int | str) -> list[Decimal]:
    return [Decimal(str(v)) for v in values]


@pytest.mark.parametrize(
    ("capaian", "expected"),
    [
        ((), None),
        ((120, 110, 100), CapaianOrganisasi.ISTIMEWA),  # all met, most exceeded
        ((120, 100, 100), CapaianOrganisasi.BAIK),  # all met, only a third exceeded
        ((101, 101, 99), CapaianOrganisasi.BUTUH_PERBAIKAN),  # 2 of 3 met: under 80 %, at least half
        ((100, 100, 100, 100, 90), CapaianOrganisasi.BAIK),  # exactly 80 % met
        ((100, 100, 100, 90, 90), CapaianOrganisasi.BUTUH_PERBAIKAN),  # 60 % met
        ((100, 90), CapaianOrganisasi.BUTUH_PERBAIKAN),  # exactly half
        ((100, 90, 90, 90), CapaianOrganisasi.KURANG),  # a quarter
        ((100, 90, 90, 90, 90), CapaianOrganisasi.SANGAT_KURANG),  # a fifth
        ((0, 50), CapaianOrganisasi.SANGAT_KURANG),
        (("99.99",), CapaianOrganisasi.SANGAT_KURANG),
        (("100.01",), CapaianOrganisasi.ISTIMEWA),
    ],
)
def test_capaian_organisasi_suggestion(capaian: tuple[int | str, ...], expected: str | None) -> None:
    assert capaian_organisasi_suggestion(_d(*capaian)) == expected


@pytest.mark.parametrize(
    ("diberikan", "hari", "expected"),
    [
        (date(2026, 4, 10), 14, date(2026, 4, 24)),
        (date(2026, 12, 25), 14, date(2027, 1, 8)),
        (date(2028, 2, 20), 14, date(2028, 3, 5)),  # leap year
        (date(2026, 4, 10), 1, date(2026, 4, 11)),
    ],
)
def test_keberatan_deadline(diberikan: date, hari: int, expected: date) -> None:
    assert keberatan_deadline(diberikan=diberikan, batas_hari=hari) == expected


def test_tpp_faktor_is_the_instansi_setting_or_nothing() -> None:
    faktor = {"sangat_baik": Decimal(100), "baik": Decimal(100), "butuh_perbaikan": Decimal(80)}
    assert tpp_faktor(predikat="butuh_perbaikan", faktor=faktor) == Decimal(80)
    assert tpp_faktor(predikat="sangat_kurang", faktor=faktor) is None
