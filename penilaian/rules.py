"""Regulation rules of penilaian as pure functions (SPEC §6–7)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .models import CapaianOrganisasi, Predikat, Rating

# SPEC §6.2: rows are rating hasil kerja, columns rating perilaku kerja.
PREDIKAT_MATRIX: dict[tuple[str, str], str] = {
    (Rating.DI_ATAS, Rating.DI_BAWAH): Predikat.KURANG,
    (Rating.DI_ATAS, Rating.SESUAI): Predikat.BAIK,
    (Rating.DI_ATAS, Rating.DI_ATAS): Predikat.SANGAT_BAIK,
    (Rating.SESUAI, Rating.DI_BAWAH): Predikat.KURANG,
    (Rating.SESUAI, Rating.SESUAI): Predikat.BAIK,
    (Rating.SESUAI, Rating.DI_ATAS): Predikat.BAIK,
    (Rating.DI_BAWAH, Rating.DI_BAWAH): Predikat.SANGAT_KURANG,
    (Rating.DI_BAWAH, Rating.SESUAI): Predikat.BUTUH_PERBAIKAN,
    (Rating.DI_BAWAH, Rating.DI_ATAS): Predikat.BUTUH_PERBAIKAN,
}

PREDIKAT_ORDER = [
    Predikat.SANGAT_BAIK,
    Predikat.BAIK,
    Predikat.BUTUH_PERBAIKAN,
    Predikat.KURANG,
    Predikat.SANGAT_KURANG,
]


def predikat_from_ratings(*, hasil_kerja: str, perilaku_kerja: str) -> Predikat:
    """Predikat kinerja pegawai from the two ratings; never typed by anyone."""
    try:
        return Predikat(PREDIKAT_MATRIX[(Rating(hasil_kerja), Rating(perilaku_kerja))])
    except (KeyError, ValueError) as exc:
        raise ValueError(f"unknown rating pair: {hasil_kerja!r}, {perilaku_kerja!r}") from exc


def angka_kredit(*, persen_predikat: Decimal, koefisien_tahunan: Decimal, bulan: int) -> Decimal:
    """AK = percentage for the predikat × annual koefisien, pro rata for months/12 (SPEC §7)."""
    if not 1 <= bulan <= 12:
        raise ValueError("bulan must be between 1 and 12")
    value = persen_predikat / Decimal(100) * koefisien_tahunan * Decimal(bulan) / Decimal(12)
    return value.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


# --- Pola distribusi (SPEC §6.3) -----------------------------------------------------------


@dataclass(frozen=True)
class AturanDistribusi:
    """One clause of the guideline: `jenis` is terbanyak/maksimal/minimal/ada over a group of predikat."""

    jenis: str
    predikat: tuple[str, ...]
    persen: Decimal | None = None


@dataclass(frozen=True)
class Penyimpangan:
    """A deviation from the guideline, with the figures; a warning, never a refusal."""

    aturan: AturanDistribusi
    jumlah: int
    total: int
    persen: Decimal
    pesan: str


def _labels(codes: Sequence[str]) -> str:
    return " + ".join(str(Predikat(c).label) for c in codes)


def persen_dari(part: int, total: int) -> Decimal:
    """Share of a distribution in percent, one decimal (0 when nobody is counted): the same figure
    on the chart, in the guideline warnings and in the rekap."""
    if total <= 0:
        return Decimal(0)
    return (Decimal(part) * 100 / Decimal(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def distribution_guideline_check(*, counts: Mapping[str, int], rules: Sequence[AturanDistribusi]) -> list[Penyimpangan]:
    """Where the unit's predikat counts deviate from the guideline of its capaian organisasi.

    `counts` maps predikat codes to how many pegawai have it. No one rated yet → nothing to say.
    """
    total = sum(counts.get(p, 0) for p in PREDIKAT_ORDER)
    if total == 0:
        return []
    found: list[Penyimpangan] = []
    for rule in rules:
        jumlah = sum(counts.get(p, 0) for p in rule.predikat)
        persen = persen_dari(jumlah, total)
        figures = {
            "label": _labels(rule.predikat),
            "jumlah": jumlah,
            "total": total,
            "persen": number_format(persen, decimal_pos=1),
        }
        pesan = ""
        if rule.jenis == "terbanyak":
            others = [counts.get(p, 0) for p in PREDIKAT_ORDER if p not in rule.predikat]
            if others and jumlah < max(others):
                pesan = (
                    _(
                        "Pedoman: predikat %(label)s paling banyak; di unit ini %(jumlah)s dari %(total)s pegawai "
                        "(%(persen)s%%), ada predikat lain yang lebih banyak."
                    )
                    % figures
                )
        elif rule.jenis == "maksimal" and rule.persen is not None and persen > rule.persen:
            pesan = _(
                "Pedoman: %(label)s paling banyak %(batas)s%%; di unit ini %(jumlah)s dari %(total)s pegawai "
                "(%(persen)s%%)."
            ) % {**figures, "batas": number_format(rule.persen.normalize())}
        elif rule.jenis == "minimal" and rule.persen is not None and persen < rule.persen:
            pesan = _(
                "Pedoman: %(label)s paling sedikit %(batas)s%%; di unit ini %(jumlah)s dari %(total)s pegawai "
                "(%(persen)s%%)."
            ) % {**figures, "batas": number_format(rule.persen.normalize())}
        elif rule.jenis == "ada" and jumlah == 0:
            pesan = _("Pedoman: diharapkan ada pegawai dengan predikat %(label)s; di unit ini belum ada.") % figures
        if pesan:
            found.append(Penyimpangan(rule, jumlah, total, persen, pesan))
    return found


# An illustrative curve for each capaian, drawn behind the unit's actual distribution. Each one
# satisfies the national guideline of its capaian (a test checks this).
KURVA_PEDOMAN: dict[str, dict[str, int]] = {
    CapaianOrganisasi.ISTIMEWA: {"sangat_baik": 60, "baik": 25, "butuh_perbaikan": 10, "kurang": 3, "sangat_kurang": 2},
    CapaianOrganisasi.BAIK: {"sangat_baik": 15, "baik": 60, "butuh_perbaikan": 15, "kurang": 7, "sangat_kurang": 3},
    CapaianOrganisasi.BUTUH_PERBAIKAN: {
        "sangat_baik": 5,
        "baik": 15,
        "butuh_perbaikan": 60,
        "kurang": 12,
        "sangat_kurang": 8,
    },
    CapaianOrganisasi.KURANG: {"sangat_baik": 5, "baik": 10, "butuh_perbaikan": 15, "kurang": 60, "sangat_kurang": 10},
    CapaianOrganisasi.SANGAT_KURANG: {
        "sangat_baik": 0,
        "baik": 5,
        "butuh_perbaikan": 15,
        "kurang": 20,
        "sangat_kurang": 60,
    },
}


# --- Capaian kinerja organisasi (SPEC §6.1) --------------------------------------------------


def capaian_organisasi_suggestion(capaian_iki: Sequence[Decimal]) -> CapaianOrganisasi | None:
    """A suggestion from the capaian (percent) of the unit head's IKI in the period.

    All targets met and most exceeded → Istimewa; at least 80 % of targets met → Baik; at least
    half → Butuh Perbaikan; at least a quarter → Kurang; fewer → Sangat Kurang. No realisasi
    yet → no suggestion. The leader decides; this is only shown.
    """
    if not capaian_iki:
        return None
    total = len(capaian_iki)
    met = sum(1 for c in capaian_iki if c >= 100)
    exceeded = sum(1 for c in capaian_iki if c > 100)
    if met == total and exceeded * 2 > total:
        return CapaianOrganisasi.ISTIMEWA
    if met * 5 >= total * 4:
        return CapaianOrganisasi.BAIK
    if met * 2 >= total:
        return CapaianOrganisasi.BUTUH_PERBAIKAN
    if met * 4 >= total:
        return CapaianOrganisasi.KURANG
    return CapaianOrganisasi.SANGAT_KURANG


# --- Keberatan (SPEC §6.5) -------------------------------------------------------------------


def keberatan_deadline(*, diberikan: date, batas_hari: int) -> date:
    """The last day a keberatan may be filed: `batas_hari` days after the evaluation was given."""
    return diberikan + timedelta(days=batas_hari)


def tpp_faktor(*, predikat: str, faktor: Mapping[str, Decimal]) -> Decimal | None:
    """The instansi's TPP percentage for a predikat, or None when the instansi set none."""
    return faktor.get(predikat)


# --- Rating hasil kerja of a unit head (SPEC §6.1) -------------------------------------------

RATING_HASIL_FROM_CAPAIAN: dict[str, str] = {
    CapaianOrganisasi.ISTIMEWA: Rating.DI_ATAS,
    CapaianOrganisasi.BAIK: Rating.SESUAI,
    CapaianOrganisasi.BUTUH_PERBAIKAN: Rating.DI_BAWAH,
    CapaianOrganisasi.KURANG: Rating.DI_BAWAH,
    CapaianOrganisasi.SANGAT_KURANG: Rating.DI_BAWAH,
}


def rating_hasil_from_capaian(capaian: str) -> Rating:
    """The rating hasil kerja proposed for the head of a unit from the unit's capaian kinerja
    organisasi (the unit's capaian is its head's hasil kerja). A default shown in the form, never
    forced: the pejabat penilai may choose otherwise."""
    try:
        return Rating(RATING_HASIL_FROM_CAPAIAN[CapaianOrganisasi(capaian)])
    except (KeyError, ValueError) as exc:
        raise ValueError(f"unknown capaian organisasi: {capaian!r}") from exc
