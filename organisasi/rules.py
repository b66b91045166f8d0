"""Regulation rules about people, as pure functions (SPEC §3)."""

import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

NIP_PATTERN = re.compile(r"^\d{18}$")
MIN_AGE_AT_TMT = 18


@dataclass(frozen=True)
class NipParts:
    birth_date: date
    tmt_year: int
    tmt_month: int
    sex: int  # 1 = laki-laki, 2 = perempuan
    sequence: str


def nip_normalize(raw: str) -> str:
    """NIPs are often typed or exported with spaces ("19850312 201001 2 003") or as numbers."""
    return re.sub(r"[\s.\-]", "", str(raw or "")).strip()


def nip_errors(nip: str, *, today: date | None = None) -> list[str]:
    """Every reason the NIP's structure is wrong, in Indonesian; empty when it is valid.

    Structure: birth date YYYYMMDD, TMT CPNS/PPPK YYYYMM, sex digit 1/2, sequence of 3 digits.
    """
    today = today or date.today()
    if not NIP_PATTERN.match(nip):
        return [_("NIP harus terdiri atas 18 angka (tertulis %(length)d karakter).") % {"length": len(nip)}]
    errors: list[str] = []
    birth: date | None
    try:
        birth = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        birth = None
        errors.append(_("Tanggal lahir pada NIP (digit 1–8: %(value)s) bukan tanggal yang ada.") % {"value": nip[0:8]})
    if birth is not None and birth > today:
        errors.append(_("Tanggal lahir pada NIP (%(value)s) ada di masa depan.") % {"value": nip[0:8]})
    tmt_year, tmt_month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= tmt_month <= 12 or tmt_year < 1900:
        errors.append(_("TMT pada NIP (digit 9–14: %(value)s) bukan tahun-bulan yang ada.") % {"value": nip[8:14]})
    else:
        if (tmt_year, tmt_month) > (today.year, today.month):
            errors.append(_("TMT pada NIP (%(value)s) ada di masa depan.") % {"value": nip[8:14]})
        if birth is not None and (tmt_year, tmt_month) < (birth.year + MIN_AGE_AT_TMT, birth.month):
            errors.append(
                _("TMT pada NIP (%(tmt)s) lebih awal dari usia 18 tahun sejak tanggal lahir (%(birth)s).")
                % {"tmt": nip[8:14], "birth": nip[0:8]}
            )
    if nip[14] not in "12":
        errors.append(_("Digit jenis kelamin pada NIP (digit 15: %(value)s) harus 1 atau 2.") % {"value": nip[14]})
    return errors


def nip_parts(nip: str) -> NipParts:
    """Split a NIP already known to be valid."""
    return NipParts(
        birth_date=date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8])),
        tmt_year=int(nip[8:12]),
        tmt_month=int(nip[12:14]),
        sex=int(nip[14]),
        sequence=nip[15:18],
    )


def nama_lengkap(nama: str, gelar_depan: str = "", gelar_belakang: str = "") -> str:
    """Name as printed on forms: "Dr. Nama, S.Kom., M.T." """
    full = " ".join(part for part in (gelar_depan.strip(), nama.strip()) if part)
    if gelar_belakang.strip():
        full = f"{full}, {gelar_belakang.strip()}"
    return full


def atasan_cycle(start_nip: str, atasan_of: dict[str, str | None]) -> list[str] | None:
    """The chain of NIPs that leads from start_nip back to itself, or None when there is no cycle.

    `atasan_of` maps a NIP to its atasan's NIP (None for the top).
    """
    seen: list[str] = [start_nip]
    current = atasan_of.get(start_nip)
    while current is not None:
        if current == start_nip:
            return [*seen, current]
        if current in seen:
            # A cycle further up that does not include start_nip: reported for its own members.
            return None
        seen.append(current)
        current = atasan_of.get(current)
    return None
