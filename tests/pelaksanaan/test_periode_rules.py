"""`periode_ranges`: the periodic evaluation periods of a year for each instansi setting (SPEC §6.4)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from pelaksanaan.rules import periode_ranges


@pytest.mark.parametrize(
    ("skema", "tahun", "jumlah", "pertama", "terakhir", "nama_pertama", "nama_terakhir"),
    [
        (
            "bulanan",
            2026,
            12,
            (dt.date(2026, 1, 1), dt.date(2026, 1, 31)),
            (dt.date(2026, 12, 1), dt.date(2026, 12, 31)),
            "Bulan 1",
            "Bulan 12",
        ),
        (
            "triwulanan",
            2026,
            4,
            (dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
            (dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
            "Triwulan I",
            "Triwulan IV",
        ),
        (
            "semesteran",
            2026,
            2,
            (dt.date(2026, 1, 1), dt.date(2026, 6, 30)),
            (dt.date(2026, 7, 1), dt.date(2026, 12, 31)),
            "Semester I",
            "Semester II",
        ),
        (
            "bulanan",
            2028,
            12,
            (dt.date(2028, 1, 1), dt.date(2028, 1, 31)),
            (dt.date(2028, 12, 1), dt.date(2028, 12, 31)),
            "Bulan 1",
            "Bulan 12",
        ),
    ],
)
def test_ranges_per_scheme(
    skema: str,
    tahun: int,
    jumlah: int,
    pertama: tuple[dt.date, dt.date],
    terakhir: tuple[dt.date, dt.date],
    nama_pertama: str,
    nama_terakhir: str,
) -> None:
    ranges = periode_ranges(tahun=tahun, skema=skema)
    assert len(ranges) == jumlah
    assert [r.nomor for r in ranges] == list(range(1, jumlah + 1))
    assert (ranges[0].mulai, ranges[0].selesai) == pertama
    assert (ranges[-1].mulai, ranges[-1].selesai) == terakhir
    assert (ranges[0].nama, ranges[-1].nama) == (nama_pertama, nama_terakhir)
    # The periods cover the whole year without gap or overlap.
    for before, after in itertools.pairwise(ranges):
        assert after.mulai == before.selesai + dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("tahun", "akhir_februari"),
    [(2024, 29), (2025, 28), (2026, 28), (2028, 29), (2100, 28), (2000, 29)],
)
def test_february_follows_leap_years(tahun: int, akhir_februari: int) -> None:
    februari = periode_ranges(tahun=tahun, skema="bulanan")[1]
    assert (februari.mulai, februari.selesai) == (dt.date(tahun, 2, 1), dt.date(tahun, 2, akhir_februari))


@pytest.mark.parametrize(("skema", "hari"), [("bulanan", 366), ("triwulanan", 366), ("semesteran", 366)])
def test_a_leap_year_is_covered_day_by_day(skema: str, hari: int) -> None:
    ranges = periode_ranges(tahun=2028, skema=skema)
    assert sum((r.selesai - r.mulai).days + 1 for r in ranges) == hari


def test_unknown_scheme_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown periode skema"):
        periode_ranges(tahun=2026, skema="mingguan")
