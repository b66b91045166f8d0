"""Regulation rules of penilaian as pure functions (SPEC §6–7)."""

from decimal import ROUND_HALF_UP, Decimal

from .models import Predikat, Rating

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
