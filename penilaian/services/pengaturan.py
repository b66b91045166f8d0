"""The instansi's penilaian settings (SPEC §3, §6.3, §6.5, §7): keberatan deadline, the place name
on signatures, TPP factors per predikat, and the instansi's own pola distribusi guideline.

Writes are services; every change is written to Django's admin log (who, when, what), which the
settings page and the admin's "History" of the instansi show. The readers at the bottom give the
rules and factors in force for an instansi (its own, or the national defaults).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import User
from organisasi.models import Instansi
from organisasi.signals import bulk_saved

from ..models import AturanPolaDistribusi, CapaianOrganisasi, FaktorTpp, Predikat
from ..rules import PREDIKAT_ORDER, AturanDistribusi

BATAS_KEBERATAN_MIN = 1
BATAS_KEBERATAN_MAX = 90
TEMPAT_MAX_LENGTH = 100
PERSEN_MIN = Decimal(0)
PERSEN_MAX = Decimal(100)
ATURAN_MAX = 12
# Rules whose figure is a percentage; the others (terbanyak, ada) have none.
JENIS_BERPERSEN = frozenset({AturanPolaDistribusi.Jenis.MAKSIMAL, AturanPolaDistribusi.Jenis.MINIMAL})


# --- Change log ---------------------------------------------------------------------------------


def _log(instansi: Instansi, by: User | None, message: str) -> None:
    """Who changed which setting and when, in the admin log of the instansi (no log without a user)."""
    if by is None:
        return
    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=Instansi.objects.filter(pk=instansi.pk),
        action_flag=CHANGE,
        change_message=message,
        single_object=True,
    )


def _persen_text(value: Decimal | None) -> str:
    return "—" if value is None else f"{value.normalize():f}%"


# --- Keberatan deadline and signature place --------------------------------------------------


@transaction.atomic
def instansi_penilaian_update(
    *, instansi: Instansi, batas_keberatan_hari: int, tempat_tanda_tangan: str, by: User | None
) -> Instansi:
    """Set the keberatan deadline (days after an evaluation is given) and the place on signatures."""
    errors: dict[str, str] = {}
    if not isinstance(batas_keberatan_hari, int) or not (
        BATAS_KEBERATAN_MIN <= batas_keberatan_hari <= BATAS_KEBERATAN_MAX
    ):
        errors["batas_keberatan_hari"] = _("Batas waktu keberatan harus antara %(min)s dan %(max)s hari.") % {
            "min": BATAS_KEBERATAN_MIN,
            "max": BATAS_KEBERATAN_MAX,
        }
    tempat = " ".join((tempat_tanda_tangan or "").split())
    if len(tempat) > TEMPAT_MAX_LENGTH:
        errors["tempat_tanda_tangan"] = _("Nama tempat paling banyak %(max)s karakter.") % {"max": TEMPAT_MAX_LENGTH}
    if errors:
        raise ValidationError(errors)
    instansi = Instansi.objects.select_for_update().get(pk=instansi.pk)
    changes = []
    if instansi.batas_keberatan_hari != batas_keberatan_hari:
        changes.append(
            _("Batas waktu keberatan: %(lama)s → %(baru)s hari.")
            % {"lama": instansi.batas_keberatan_hari, "baru": batas_keberatan_hari}
        )
    if instansi.tempat_tanda_tangan != tempat:
        changes.append(
            _("Tempat pada tanda tangan: “%(lama)s” → “%(baru)s”.")
            % {"lama": instansi.tempat_tanda_tangan, "baru": tempat}
        )
    if changes:
        instansi.batas_keberatan_hari = batas_keberatan_hari
        instansi.tempat_tanda_tangan = tempat
        instansi.save(update_fields=["batas_keberatan_hari", "tempat_tanda_tangan", "updated_at"])
        _log(instansi, by, " ".join(changes))
    return instansi


# --- TPP factors -------------------------------------------------------------------------------


def _persen(value: object, field: str, label: str) -> Decimal:
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("%(label)s: isikan angka persen.") % {"label": label}}) from None
    if not number.is_finite() or not PERSEN_MIN <= number <= PERSEN_MAX:
        raise ValidationError({field: _("%(label)s: persen harus antara 0 dan 100.") % {"label": label}})
    if number != number.quantize(Decimal("0.01")):
        raise ValidationError({field: _("%(label)s: paling banyak dua angka di belakang koma.") % {"label": label}})
    return number


@transaction.atomic
def faktor_tpp_set(*, instansi: Instansi, values: Mapping[str, Decimal | None], by: User | None) -> dict[str, Decimal]:
    """Set the TPP percentage of each predikat given; None removes the instansi's factor for it.

    Predikat not in `values` keep their factor. Returns the factors in force afterwards.
    """
    cleaned: dict[str, Decimal | None] = {}
    for code, value in values.items():
        if code not in Predikat.values:
            raise ValidationError(_("Predikat “%(kode)s” tidak dikenal.") % {"kode": code})
        label = str(Predikat(code).label)
        cleaned[code] = None if value is None else _persen(value, code, label)
    Instansi.objects.select_for_update().filter(pk=instansi.pk).first()
    current = dict(FaktorTpp.objects.filter(instansi=instansi).values_list("predikat", "persen"))
    changes = []
    for code in PREDIKAT_ORDER:
        if code not in cleaned or current.get(code) == cleaned[code]:
            continue
        new = cleaned[code]
        if new is None:
            FaktorTpp.objects.filter(instansi=instansi, predikat=code).delete()
        else:
            FaktorTpp.objects.update_or_create(instansi=instansi, predikat=code, defaults={"persen": new})
        changes.append(f"{Predikat(code).label}: {_persen_text(current.get(code))} → {_persen_text(new)}")
    if changes:
        _log(instansi, by, _("Faktor TPP: %(perubahan)s.") % {"perubahan": "; ".join(changes)})
    return faktor_tpp_of(instansi)


# --- Pola distribusi ---------------------------------------------------------------------------


def _check_capaian(capaian: str) -> None:
    if capaian not in CapaianOrganisasi.values:
        raise ValidationError(_("Capaian kinerja organisasi “%(kode)s” tidak dikenal.") % {"kode": capaian})


def aturan_text(rule: AturanDistribusi) -> str:
    """One clause as a sentence, e.g. "Paling banyak 70% Sangat Baik"."""
    label = " + ".join(str(Predikat(c).label) for c in rule.predikat if c in Predikat.values)
    if rule.jenis == AturanPolaDistribusi.Jenis.TERBANYAK:
        return _("Predikat terbanyak: %(predikat)s") % {"predikat": label}
    if rule.jenis == AturanPolaDistribusi.Jenis.MAKSIMAL:
        return _("Paling banyak %(persen)s %(predikat)s") % {"persen": _persen_text(rule.persen), "predikat": label}
    if rule.jenis == AturanPolaDistribusi.Jenis.MINIMAL:
        return _("Paling sedikit %(persen)s %(predikat)s") % {"persen": _persen_text(rule.persen), "predikat": label}
    return _("Diharapkan ada %(predikat)s") % {"predikat": label}


def _clean_rules(rules: Sequence[AturanDistribusi]) -> list[AturanDistribusi]:
    if not rules:
        raise ValidationError(_("Isikan paling sedikit satu aturan, atau kembalikan ke pedoman nasional."))
    if len(rules) > ATURAN_MAX:
        raise ValidationError(_("Paling banyak %(max)s aturan per capaian.") % {"max": ATURAN_MAX})
    errors: list[str] = []
    cleaned: list[AturanDistribusi] = []
    for nomor, rule in enumerate(rules, start=1):
        prefix = _("Aturan %(nomor)s") % {"nomor": nomor}
        if rule.jenis not in AturanPolaDistribusi.Jenis.values:
            errors.append(_("%(aturan)s: jenis aturan tidak dikenal.") % {"aturan": prefix})
            continue
        codes = tuple(dict.fromkeys(rule.predikat))
        unknown = [c for c in codes if c not in Predikat.values]
        if not codes or unknown:
            errors.append(_("%(aturan)s: pilih paling sedikit satu predikat yang dikenal.") % {"aturan": prefix})
            continue
        if len(codes) == len(PREDIKAT_ORDER) and rule.jenis != AturanPolaDistribusi.Jenis.ADA:
            errors.append(_("%(aturan)s: aturan atas semua predikat sekaligus tidak bermakna.") % {"aturan": prefix})
            continue
        persen: Decimal | None = None
        if rule.jenis in JENIS_BERPERSEN:
            if rule.persen is None:
                errors.append(_("%(aturan)s: isikan persen (0–100).") % {"aturan": prefix})
                continue
            try:
                persen = _persen(rule.persen, "persen", prefix)
            except ValidationError as exc:
                errors.extend(exc.messages)
                continue
        # Codes in the order of the predikat scale, so that equal groups compare equal.
        ordered = tuple(c for c in PREDIKAT_ORDER if c in codes)
        cleaned.append(AturanDistribusi(jenis=rule.jenis, predikat=ordered, persen=persen))
    if errors:
        raise ValidationError(errors)
    seen: dict[AturanDistribusi, int] = {}
    for nomor, rule in enumerate(cleaned, start=1):
        if rule in seen:
            errors.append(_("Aturan %(nomor)s sama dengan aturan %(lain)s.") % {"nomor": nomor, "lain": seen[rule]})
        seen.setdefault(rule, nomor)
    by_group: dict[tuple[str, ...], dict[str, Decimal]] = {}
    for rule in cleaned:
        if rule.persen is not None:
            bounds = by_group.setdefault(rule.predikat, {})
            key = str(rule.jenis)
            # The tightest bound of each kind is the one that matters.
            if key == AturanPolaDistribusi.Jenis.MINIMAL:
                bounds[key] = max(bounds.get(key, rule.persen), rule.persen)
            else:
                bounds[key] = min(bounds.get(key, rule.persen), rule.persen)
    for group, bounds in by_group.items():
        low, high = bounds.get(AturanPolaDistribusi.Jenis.MINIMAL), bounds.get(AturanPolaDistribusi.Jenis.MAKSIMAL)
        if low is not None and high is not None and low > high:
            errors.append(
                _("Aturan bertentangan: %(predikat)s paling sedikit %(min)s tetapi paling banyak %(max)s.")
                % {
                    "predikat": " + ".join(str(Predikat(c).label) for c in group),
                    "min": _persen_text(low),
                    "max": _persen_text(high),
                }
            )
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def pola_distribusi_set(
    *, instansi: Instansi, capaian: str, rules: Sequence[AturanDistribusi], by: User | None
) -> list[AturanDistribusi]:
    """Replace the instansi's own guideline for one capaian organisasi (SPEC §6.3: the instansi may
    edit the defaults). From then on only these rules apply to that capaian in the instansi."""
    _check_capaian(capaian)
    cleaned = _clean_rules(rules)
    Instansi.objects.select_for_update().filter(pk=instansi.pk).first()
    before = pola_distribusi_rules(instansi=instansi, capaian=capaian)
    AturanPolaDistribusi.objects.filter(instansi=instansi, capaian=capaian).delete()
    created = AturanPolaDistribusi.objects.bulk_create(
        AturanPolaDistribusi(
            instansi=instansi,
            capaian=capaian,
            jenis=rule.jenis,
            predikat=list(rule.predikat),
            persen=rule.persen,
            urutan=urutan,
        )
        for urutan, rule in enumerate(cleaned, start=1)
    )
    bulk_saved.send(sender=AturanPolaDistribusi, objs=created, action="create", fields=None)
    _log(
        instansi,
        by,
        _("Pola distribusi capaian %(capaian)s diubah. Sebelumnya: %(lama)s. Sekarang: %(baru)s.")
        % {
            "capaian": CapaianOrganisasi(capaian).label,
            "lama": "; ".join(aturan_text(r) for r in before) or "—",
            "baru": "; ".join(aturan_text(r) for r in cleaned),
        },
    )
    return cleaned


@transaction.atomic
def pola_distribusi_reset(*, instansi: Instansi, capaian: str, by: User | None) -> list[AturanDistribusi]:
    """Drop the instansi's own guideline for one capaian: the national default applies again."""
    _check_capaian(capaian)
    Instansi.objects.select_for_update().filter(pk=instansi.pk).first()
    before = pola_distribusi_rules(instansi=instansi, capaian=capaian)
    deleted, _detail = AturanPolaDistribusi.objects.filter(instansi=instansi, capaian=capaian).delete()
    if not deleted:
        raise ValidationError(
            _("Capaian %(capaian)s sudah memakai pedoman nasional.") % {"capaian": CapaianOrganisasi(capaian).label}
        )
    _log(
        instansi,
        by,
        _("Pola distribusi capaian %(capaian)s dikembalikan ke pedoman nasional. Sebelumnya: %(lama)s.")
        % {"capaian": CapaianOrganisasi(capaian).label, "lama": "; ".join(aturan_text(r) for r in before)},
    )
    return pola_distribusi_rules(instansi=instansi, capaian=capaian)


# --- Readers: what is in force for an instansi --------------------------------------------------


@dataclass(frozen=True)
class PolaCapaian:
    """The guideline in force for one capaian organisasi, and whether it is the instansi's own."""

    capaian: CapaianOrganisasi
    rules: list[AturanDistribusi]
    milik_instansi: bool

    @property
    def teks(self) -> list[str]:
        return [aturan_text(r) for r in self.rules]


def _as_rule(row: AturanPolaDistribusi) -> AturanDistribusi:
    return AturanDistribusi(jenis=row.jenis, predikat=tuple(row.predikat or ()), persen=row.persen)


def _pola_from_rows(rows: Iterable[AturanPolaDistribusi], instansi_id: int) -> dict[str, PolaCapaian]:
    own: dict[str, list[AturanDistribusi]] = {}
    national: dict[str, list[AturanDistribusi]] = {}
    for row in rows:
        (own if row.instansi_id == instansi_id else national).setdefault(row.capaian, []).append(_as_rule(row))
    return {
        code: PolaCapaian(
            capaian=CapaianOrganisasi(code),
            rules=own.get(code) or national.get(code, []),
            milik_instansi=code in own,
        )
        for code in CapaianOrganisasi.values
    }


def _pola_rows(instansi: Instansi, capaian: str | None = None) -> list[AturanPolaDistribusi]:
    qs = AturanPolaDistribusi.objects.filter(Q(instansi__isnull=True) | Q(instansi=instansi))
    if capaian is not None:
        qs = qs.filter(capaian=capaian)
    return list(qs.order_by("capaian", "urutan", "pk"))


def pola_distribusi_all(instansi: Instansi) -> dict[str, PolaCapaian]:
    """The guideline in force for every capaian organisasi of the instansi, from one query."""
    return _pola_from_rows(_pola_rows(instansi), instansi.pk)


def pola_distribusi_rules(*, instansi: Instansi, capaian: str) -> list[AturanDistribusi]:
    """The rules in force for one capaian: the instansi's own, or else the national default."""
    return _pola_from_rows(_pola_rows(instansi, capaian), instansi.pk)[capaian].rules


def faktor_tpp_of(instansi: Instansi) -> dict[str, Decimal]:
    """The instansi's TPP percentage per predikat code (predikat without a factor are absent)."""
    return dict(FaktorTpp.objects.filter(instansi=instansi).values_list("predikat", "persen"))


def riwayat_pengaturan(instansi: Instansi, limit: int = 20) -> list[LogEntry]:
    """The latest recorded changes of the instansi's settings, newest first."""
    return list(
        LogEntry.objects.filter(content_type__app_label="organisasi", content_type__model="instansi")
        .filter(object_id=str(instansi.pk))
        .select_related("user__pegawai")
        .order_by("-action_time", "-pk")[:limit]
    )
