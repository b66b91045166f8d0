"""Regulation rules of perencanaan as pure functions (SPEC §4)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

SKP_DEADLINE_MONTH_DAY = (1, 31)  # an SKP is set by the end of January (SPEC §1, §4.2)


def periode_errors(mulai: date | None, selesai: date | None) -> dict[str, str]:
    """Why an SKP period is not acceptable: from ≤ to, both inside one calendar year."""
    errors: dict[str, str] = {}
    if mulai is None or selesai is None:
        return errors
    if mulai > selesai:
        errors["periode_selesai"] = _("Tanggal akhir periode tidak boleh sebelum tanggal awal.")
    elif mulai.year != selesai.year:
        errors["periode_selesai"] = _("Periode SKP harus berada dalam satu tahun kalender (%(tahun)s).") % {
            "tahun": mulai.year
        }
    return errors


def periods_overlap(a: tuple[date, date], b: tuple[date, date]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def target_errors(*, target_min: Decimal | None, target_max: Decimal | None) -> dict[str, str]:
    if target_min is not None and target_max is not None and target_min > target_max:
        return {"target_max": _("Target maksimum tidak boleh lebih kecil dari target minimum.")}
    return {}


@dataclass(frozen=True)
class IkiFacts:
    teks: str
    perspektif: str = ""
    aspek: str = ""
    has_target: bool = True


@dataclass(frozen=True)
class RhkFacts:
    teks: str
    utama: bool
    has_intervensi: bool
    iki: list[IkiFacts] = field(default_factory=list)


def skp_submission_problems(*, jpt: bool, kuantitatif: bool, rhk: list[RhkFacts]) -> list[str]:
    """Everything that keeps an SKP from being submitted (diajukan), in Indonesian; empty when ready.

    No utama RHK; an RHK without IKI; a JA/JF kuantitatif utama RHK without the leader's RHK it
    intervenes; a JPT IKI without perspektif; a JA/JF kuantitatif IKI without aspek or target.
    """
    problems: list[str] = []
    if not any(r.utama for r in rhk):
        problems.append(_("Belum ada rencana hasil kerja utama."))
    for r in rhk:
        label = r.teks if len(r.teks) <= 80 else r.teks[:77] + "…"
        if not r.iki:
            problems.append(_("RHK “%(rhk)s” belum memiliki indikator kinerja individu.") % {"rhk": label})
        if not jpt and kuantitatif and r.utama and not r.has_intervensi:
            problems.append(_("RHK utama “%(rhk)s” belum memilih RHK pimpinan yang diintervensi.") % {"rhk": label})
        for iki in r.iki:
            iki_label = iki.teks if len(iki.teks) <= 60 else iki.teks[:57] + "…"
            if jpt and not iki.perspektif:
                problems.append(_("IKI “%(iki)s” belum memiliki perspektif.") % {"iki": iki_label})
            if not jpt and kuantitatif and not iki.aspek:
                problems.append(_("IKI “%(iki)s” belum memiliki aspek.") % {"iki": iki_label})
            if kuantitatif and not iki.has_target:
                problems.append(_("IKI “%(iki)s” belum memiliki target dan satuan.") % {"iki": iki_label})
    return problems


def skp_deadline(tahun: int) -> date:
    return date(tahun, *SKP_DEADLINE_MONTH_DAY)
