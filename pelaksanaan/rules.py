"""Regulation rules of pelaksanaan as pure functions (SPEC §5, §6.4)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

# Months per periodic evaluation period for each instansi setting (organisasi.PeriodeEvaluasi).
BULAN_PER_PERIODE = {"bulanan": 1, "triwulanan": 3, "semesteran": 6}
ROMAWI = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class RentangPeriode:
    nomor: int
    nama: str
    mulai: date
    selesai: date


def periode_ranges(*, tahun: int, skema: str) -> list[RentangPeriode]:
    """The periodic evaluation periods of a year for a setting (bulanan, triwulanan, semesteran)."""
    try:
        step = BULAN_PER_PERIODE[skema]
    except KeyError as exc:
        raise ValueError(f"unknown periode skema: {skema!r}") from exc
    ranges = []
    for nomor, first_month in enumerate(range(1, 13, step), start=1):
        last_month = first_month + step - 1
        mulai = date(tahun, first_month, 1)
        selesai = date(tahun, last_month, calendar.monthrange(tahun, last_month)[1])
        if skema == "bulanan":
            nama = _("Bulan %(nomor)s") % {"nomor": nomor}
        elif skema == "triwulanan":
            nama = _("Triwulan %(nomor)s") % {"nomor": ROMAWI[nomor - 1]}
        else:
            nama = _("Semester %(nomor)s") % {"nomor": ROMAWI[nomor - 1]}
        ranges.append(RentangPeriode(nomor, nama, mulai, selesai))
    return ranges


def capaian_iki(
    *,
    realisasi: Decimal,
    target_min: Decimal | None,
    target_max: Decimal | None = None,
    lower_is_better: bool = False,
) -> Decimal | None:
    """Capaian of a kuantitatif IKI in percent, or None when it cannot be computed (no target).

    - A single target T: realisasi / T × 100.
    - A range [min, max]: anything inside the range is 100 %; above or below is measured
      against the bound that was passed.
    - Lower is better (aspek Waktu and Biaya): (2·T − realisasi) / T × 100, floored at 0, so
      meeting the target is 100 %, half the time or cost 150 %, and twice of it 0 %. For a
      range the bound passed is T (the max when over it, the min when under it).
    """
    if target_min is None:
        return None
    low = target_min
    high = target_max if target_max is not None else target_min
    if low > high:
        low, high = high, low
    if low <= realisasi <= high and target_max is not None:
        value = Decimal(100)
    else:
        bound = high if realisasi > high else low
        if bound == 0:
            return None
        better = max(Decimal(0), (2 * bound - realisasi) / bound * 100) if lower_is_better else None
        value = better if better is not None else realisasi / bound * 100
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
