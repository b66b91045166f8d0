"""Perjanjian Kinerja of a unit kerja (SPEC §4.1, seed 003): a year, its sasaran strategis, and
each sasaran's indikator with target and satuan.

Every service is keyword-only and atomic and raises a `ValidationError` in Indonesian, keyed by
field where there is one, with nothing saved. A sasaran or indikator that an SKP has copied
("Salin": `Rhk.sasaran_pk`, `Iki.indikator_pk`, both PROTECT) is never deleted: the refusal says
how many SKP use it. Editing its text is allowed — the SKP keeps its own copy.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Model, ProtectedError, QuerySet, RestrictedError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from organisasi.konflik import refuse_if_changed
from organisasi.models import UnitKerja

from ..models import Iki, IndikatorKinerja, PerjanjianKinerja, Rhk, SasaranStrategis, Satuan

_M = TypeVar("_M", bound=Model)

TAHUN_MIN = 2000
TAHUN_MAX = 2100
TEKS_MAX_LENGTH = 2000
TARGET_DECIMAL_PLACES = 4
TARGET_MAX_INTEGER_DIGITS = 14  # DecimalField(max_digits=18, decimal_places=4)


# --- Rules shared with the forms ------------------------------------------------------------


def tahun_errors(tahun: int | None) -> list[str]:
    """Why a year cannot be the year of a Perjanjian Kinerja (empty when it can)."""
    if tahun is None:
        return [_("Tahun wajib diisi.")]
    if not TAHUN_MIN <= tahun <= TAHUN_MAX:
        return [
            _("Tahun harus berupa tahun 4 angka antara %(min)d dan %(max)d, misalnya 2026.")
            % {"min": TAHUN_MIN, "max": TAHUN_MAX}
        ]
    return []


def target_errors(target: Decimal | None) -> list[str]:
    """Why a value cannot be the target of an indikator kinerja (empty when it can)."""
    if target is None:
        return [_("Target wajib diisi.")]
    if not isinstance(target, Decimal) or not target.is_finite():
        return [_("Target harus berupa angka, misalnya 86 atau 4,3.")]
    if target < 0:
        return [_("Target tidak boleh negatif.")]
    _sign, digits, exponent = target.normalize().as_tuple()
    assert isinstance(exponent, int)  # finite, checked above
    decimals = max(0, -exponent)
    integer_digits = max(0, len(digits) + exponent)
    if decimals > TARGET_DECIMAL_PLACES:
        return [
            _("Target paling banyak %(n)d angka di belakang koma.") % {"n": TARGET_DECIMAL_PLACES},
        ]
    if integer_digits > TARGET_MAX_INTEGER_DIGITS:
        return [_("Target terlalu besar: paling banyak %(n)d angka.") % {"n": TARGET_MAX_INTEGER_DIGITS}]
    return []


def parse_target(text: str) -> Decimal:
    """A target as typed by an Indonesian user: "86", "4,3" or "4.3" (no thousands separators)."""
    cleaned = text.strip().replace(" ", "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        value = Decimal(cleaned)
    except (InvalidOperation, ValueError):
        raise ValidationError(_("Target harus berupa angka, misalnya 86 atau 4,3."), code="invalid") from None
    errors = target_errors(value)
    if errors:
        raise ValidationError(errors, code="invalid")
    return value


def _clean_teks(teks: str, *, field: str, required_message: str) -> str:
    teks = (teks or "").strip()
    if not teks:
        raise ValidationError({field: required_message}, code="required")
    if len(teks) > TEKS_MAX_LENGTH:
        raise ValidationError(
            {field: _("Teks terlalu panjang: paling banyak %(n)d karakter.") % {"n": TEKS_MAX_LENGTH}},
            code="max_length",
        )
    return teks


# --- Who copied what ("Salin" into an SKP) ------------------------------------------------


def _skp_count(rhk: QuerySet[Rhk], iki: QuerySet[Iki]) -> int:
    """Distinct SKP holding any of the given RHK or IKI copies."""
    skp_ids = set(rhk.values_list("skp_id", flat=True)) | set(iki.values_list("rhk__skp_id", flat=True))
    return len(skp_ids)


def pk_skp_count(perjanjian: PerjanjianKinerja) -> int:
    """How many SKP copied a sasaran or an indikator of this Perjanjian Kinerja."""
    return _skp_count(
        Rhk.objects.filter(sasaran_pk__perjanjian=perjanjian),
        Iki.objects.filter(indikator_pk__sasaran__perjanjian=perjanjian),
    )


def sasaran_skp_count(sasaran: SasaranStrategis) -> int:
    """How many SKP copied this sasaran strategis or one of its indikator."""
    return _skp_count(
        Rhk.objects.filter(sasaran_pk=sasaran),
        Iki.objects.filter(indikator_pk__sasaran=sasaran),
    )


def indikator_skp_count(indikator: IndikatorKinerja) -> int:
    return _skp_count(Rhk.objects.none(), Iki.objects.filter(indikator_pk=indikator))


def _locked(queryset: QuerySet[_M], pk: int) -> _M:
    """The row, locked for the rest of the transaction; gone meanwhile (another tab) is an error."""
    obj = queryset.select_for_update().filter(pk=pk).first()
    if obj is None:
        raise ValidationError(_("Data ini sudah dihapus oleh pengguna lain. Muat ulang halaman."), code="hilang")
    return obj


def _collect(*checks: Callable[[], object]) -> None:
    """Run every check and raise all their field errors together (the form shows them all)."""
    errors: dict[str, list[str]] = {}
    for check in checks:
        try:
            check()
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


# --- Perjanjian Kinerja (a year of a unit) ------------------------------------------------


def _duplicate_error(unit_kerja: UnitKerja, tahun: int) -> ValidationError:
    return ValidationError(
        {
            "tahun": _("Perjanjian Kinerja tahun %(tahun)d untuk %(unit)s sudah ada.")
            % {"tahun": tahun, "unit": unit_kerja.nama}
        },
        code="duplikat",
    )


def _check_tahun(*, unit_kerja: UnitKerja, tahun: int | None, exclude_pk: int | None) -> int:
    errors = tahun_errors(tahun)
    if errors:
        raise ValidationError({"tahun": errors}, code="invalid")
    assert tahun is not None
    clash = PerjanjianKinerja.objects.filter(unit_kerja=unit_kerja, tahun=tahun).exclude(pk=exclude_pk or 0)
    if clash.exists():
        raise _duplicate_error(unit_kerja, tahun)
    return tahun


@transaction.atomic
def pk_create(*, unit_kerja: UnitKerja, tahun: int | None, by: User | None) -> PerjanjianKinerja:
    """A new, empty Perjanjian Kinerja of the unit for the year (one per unit per year)."""
    # Two heads/operators adding the same year at once: the second waits here, then sees the first.
    UnitKerja.objects.select_for_update().filter(pk=unit_kerja.pk).first()
    tahun = _check_tahun(unit_kerja=unit_kerja, tahun=tahun, exclude_pk=None)
    try:
        with transaction.atomic():
            return PerjanjianKinerja.objects.create(unit_kerja=unit_kerja, tahun=tahun, dibuat_oleh=by)
    except IntegrityError:
        raise _duplicate_error(unit_kerja, tahun) from None


@transaction.atomic
def pk_update(*, perjanjian: PerjanjianKinerja, tahun: int | None, versi: int | None = None) -> PerjanjianKinerja:
    """Correct the year; refused once an SKP (of that year) copied from it, and when the agreement
    is not the version (`versi_of`) the form was opened on (None: unchecked)."""
    perjanjian = _locked(PerjanjianKinerja.objects.select_related("unit_kerja"), perjanjian.pk)
    current_tahun = perjanjian.tahun
    refuse_if_changed(
        perjanjian,
        versi=versi,
        model=PerjanjianKinerja,
        pk=perjanjian.pk,
        changes=lambda: [_("Perjanjian Kinerja kini tahun %(tahun)d") % {"tahun": current_tahun}],
        isian=[_("tahun %(tahun)s") % {"tahun": tahun if tahun is not None else "—"}],
    )
    tahun = _check_tahun(unit_kerja=perjanjian.unit_kerja, tahun=tahun, exclude_pk=perjanjian.pk)
    if tahun == perjanjian.tahun:
        return perjanjian
    n = pk_skp_count(perjanjian)
    if n:
        raise ValidationError(
            {
                "tahun": ngettext(
                    "Tahun tidak dapat diubah karena isi Perjanjian Kinerja ini sudah disalin ke %(n)d SKP.",
                    "Tahun tidak dapat diubah karena isi Perjanjian Kinerja ini sudah disalin ke %(n)d SKP.",
                    n,
                )
                % {"n": n}
            },
            code="sudah_disalin",
        )
    perjanjian.tahun = tahun
    try:
        with transaction.atomic():
            perjanjian.save(update_fields=["tahun", "updated_at"])
    except IntegrityError:
        raise _duplicate_error(perjanjian.unit_kerja, tahun) from None
    return perjanjian


def pk_delete_problem(perjanjian: PerjanjianKinerja) -> str:
    """Why the year cannot be deleted ("" when it can): an SKP copied from it."""
    n = pk_skp_count(perjanjian)
    if not n:
        return ""
    return ngettext(
        "Perjanjian Kinerja ini tidak dapat dihapus karena sasaran strategis atau indikatornya sudah disalin ke %(n)d SKP.",
        "Perjanjian Kinerja ini tidak dapat dihapus karena sasaran strategis atau indikatornya sudah disalin ke %(n)d SKP.",
        n,
    ) % {"n": n}


@transaction.atomic
def pk_delete(*, perjanjian: PerjanjianKinerja) -> None:
    """Delete a year with its sasaran and indikator; refused once an SKP copied any of them."""
    perjanjian = _locked(PerjanjianKinerja.objects.all(), perjanjian.pk)
    problem = pk_delete_problem(perjanjian)
    if problem:
        raise ValidationError(problem, code="sudah_disalin")
    try:
        perjanjian.delete()
    except (ProtectedError, RestrictedError):  # copied meanwhile
        raise ValidationError(
            _("Perjanjian Kinerja ini tidak dapat dihapus karena isinya sudah disalin ke SKP."), code="sudah_disalin"
        ) from None


# --- Sasaran strategis ----------------------------------------------------------------------


@transaction.atomic
def sasaran_create(*, perjanjian: PerjanjianKinerja, teks: str) -> SasaranStrategis:
    """A sasaran strategis at the end of the agreement's list."""
    teks = _clean_teks(teks, field="teks", required_message=_("Sasaran strategis wajib diisi."))
    PerjanjianKinerja.objects.select_for_update().filter(pk=perjanjian.pk).first()
    last = SasaranStrategis.objects.filter(perjanjian=perjanjian).aggregate(m=Max("urutan"))["m"]
    return SasaranStrategis.objects.create(perjanjian=perjanjian, teks=teks, urutan=0 if last is None else last + 1)


@transaction.atomic
def sasaran_update(*, sasaran: SasaranStrategis, teks: str, versi: int | None = None) -> SasaranStrategis:
    """Change the text; refused when the sasaran is not the version (`versi_of`) the form was
    opened on (None: unchecked)."""
    locked = _locked(SasaranStrategis.objects.all(), sasaran.pk)
    refuse_if_changed(
        locked,
        versi=versi,
        model=SasaranStrategis,
        pk=locked.pk,
        changes=lambda: [_("sasaran strategis kini “%(teks)s”") % {"teks": locked.teks}],
        isian=[_("sasaran strategis “%(teks)s”") % {"teks": (teks or "").strip()}],
    )
    teks = _clean_teks(teks, field="teks", required_message=_("Sasaran strategis wajib diisi."))
    locked.teks = teks
    locked.save(update_fields=["teks", "updated_at"])
    # The caller keeps its loaded relations (the agreement) with the saved text and version.
    sasaran.teks, sasaran.updated_at = locked.teks, locked.updated_at
    return sasaran


def sasaran_delete_problem(sasaran: SasaranStrategis) -> str:
    """Why the sasaran cannot be deleted ("" when it can): an SKP copied it or one of its indikator."""
    n = sasaran_skp_count(sasaran)
    if not n:
        return ""
    return ngettext(
        "Sasaran strategis ini tidak dapat dihapus karena sasaran atau indikatornya sudah disalin ke %(n)d SKP.",
        "Sasaran strategis ini tidak dapat dihapus karena sasaran atau indikatornya sudah disalin ke %(n)d SKP.",
        n,
    ) % {"n": n}


@transaction.atomic
def sasaran_delete(*, sasaran: SasaranStrategis) -> None:
    """Delete a sasaran with its indikator; refused once an SKP copied it or one of its indikator."""
    sasaran = _locked(SasaranStrategis.objects.all(), sasaran.pk)
    problem = sasaran_delete_problem(sasaran)
    if problem:
        raise ValidationError(problem, code="sudah_disalin")
    try:
        sasaran.delete()
    except (ProtectedError, RestrictedError):
        raise ValidationError(
            _("Sasaran strategis ini tidak dapat dihapus karena sudah disalin ke SKP."), code="sudah_disalin"
        ) from None


# --- Indikator kinerja ----------------------------------------------------------------------


def _check_satuan(satuan: Satuan | None, *, current_id: int | None = None) -> Satuan:
    if satuan is None:
        raise ValidationError({"satuan": _("Pilih satuan target.")}, code="required")
    if not satuan.aktif and satuan.pk != current_id:
        raise ValidationError(
            {"satuan": _("Satuan “%(nama)s” tidak lagi dipakai; pilih satuan lain.") % {"nama": satuan.nama}},
            code="invalid",
        )
    return satuan


def _check_target(target: Decimal | None) -> Decimal:
    errors = target_errors(target)
    if errors:
        raise ValidationError({"target": errors}, code="invalid")
    assert target is not None
    return target


@transaction.atomic
def indikator_create(
    *, sasaran: SasaranStrategis, teks: str, target: Decimal | None, satuan: Satuan | None
) -> IndikatorKinerja:
    """An indikator at the end of the sasaran's list."""
    _collect(
        lambda: _clean_teks(teks, field="teks", required_message=_("Indikator wajib diisi.")),
        lambda: _check_target(target),
        lambda: _check_satuan(satuan),
    )
    assert target is not None and satuan is not None
    SasaranStrategis.objects.select_for_update().filter(pk=sasaran.pk).first()
    last = IndikatorKinerja.objects.filter(sasaran=sasaran).aggregate(m=Max("urutan"))["m"]
    return IndikatorKinerja.objects.create(
        sasaran=sasaran,
        teks=teks.strip(),
        target=target,
        satuan=satuan,
        urutan=0 if last is None else last + 1,
    )


@transaction.atomic
def indikator_update(
    *,
    indikator: IndikatorKinerja,
    teks: str,
    target: Decimal | None,
    satuan: Satuan | None,
    versi: int | None = None,
) -> IndikatorKinerja:
    """Change an indikator; refused when it is not the version (`versi_of`) the form was opened on
    (None: unchecked)."""
    locked = _locked(IndikatorKinerja.objects.all(), indikator.pk)
    refuse_if_changed(
        locked,
        versi=versi,
        model=IndikatorKinerja,
        pk=locked.pk,
        changes=lambda: [
            _("indikator kini “%(teks)s” dengan target %(target)s %(satuan)s")
            % {"teks": locked.teks, "target": _target_label(locked.target), "satuan": locked.satuan.nama}
        ],
        isian=[
            _("indikator “%(teks)s”") % {"teks": (teks or "").strip()},
            _("target %(target)s %(satuan)s")
            % {"target": _target_label(target), "satuan": satuan.nama if satuan is not None else ""},
        ],
    )
    _collect(
        lambda: _clean_teks(teks, field="teks", required_message=_("Indikator wajib diisi.")),
        lambda: _check_target(target),
        lambda: _check_satuan(satuan, current_id=locked.satuan_id),
    )
    assert target is not None and satuan is not None
    locked.teks = teks.strip()
    locked.target = target
    locked.satuan = satuan
    locked.save(update_fields=["teks", "target", "satuan", "updated_at"])
    # The caller keeps its loaded relations (the sasaran and its agreement) with the saved values.
    indikator.teks, indikator.target, indikator.satuan = locked.teks, locked.target, locked.satuan
    indikator.updated_at = locked.updated_at
    return indikator


def _target_label(target: Decimal | None) -> str:
    return number_format(target.normalize()) if target is not None else "—"


def indikator_delete_problem(indikator: IndikatorKinerja) -> str:
    """Why the indikator cannot be deleted ("" when it can): an SKP copied it as an IKI."""
    n = indikator_skp_count(indikator)
    if not n:
        return ""
    return ngettext(
        "Indikator ini tidak dapat dihapus karena sudah disalin ke %(n)d SKP.",
        "Indikator ini tidak dapat dihapus karena sudah disalin ke %(n)d SKP.",
        n,
    ) % {"n": n}


@transaction.atomic
def indikator_delete(*, indikator: IndikatorKinerja) -> None:
    """Delete an indikator; refused once an SKP copied it as an IKI."""
    indikator = _locked(IndikatorKinerja.objects.all(), indikator.pk)
    problem = indikator_delete_problem(indikator)
    if problem:
        raise ValidationError(problem, code="sudah_disalin")
    try:
        indikator.delete()
    except (ProtectedError, RestrictedError):
        raise ValidationError(
            _("Indikator ini tidak dapat dihapus karena sudah disalin ke SKP."), code="sudah_disalin"
        ) from None
