"""Realisasi of a set SKP per evaluation period (SPEC §5; seed 003 "REALISASI SKP").

- Kuantitatif: one current number per IKI per period plus a keterangan (`realisasi_save`).
- Kualitatif: one or more realisasi statements per RHK (`realisasi_teks_add`, `_update`, `_remove`).

Nothing is overwritten: a change makes a new row and marks the old one `diganti_pada/diganti_oleh`
with `pengganti` pointing at the new row; a removed statement is marked without a successor.
The same rules guard bukti dukung (`pelaksanaan.services.bukti`): the SKP must be set, the period
one of the SKP's and open.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from organisasi.konflik import StaleEditError, stale_error
from perencanaan.models import Iki, Rhk, Skp, StatusSkp
from perencanaan.services.rencana import format_number

from ..models import Periode, Realisasi

TEKS_MAX_LENGTH = 5000
KETERANGAN_MAX_LENGTH = 2000
# Realisasi.nilai is DecimalField(max_digits=18, decimal_places=4). One integer digit is kept in
# reserve: SQLite stores decimals as floating point, and a value just under 10^14 can come back
# rounded up to 19 digits, which the column cannot read.
NILAI_MAX_DIGITS = 18
NILAI_DECIMAL_PLACES = 4
NILAI_INTEGER_DIGITS = NILAI_MAX_DIGITS - NILAI_DECIMAL_PLACES - 1


def skp_writable_errors(skp: Skp, periode: Periode) -> list[str]:
    """Why realisasi and bukti dukung of this SKP cannot be changed in this period (empty: they can).

    Used by the services (as a ValidationError) and by the page (as the read-only notice)."""
    errors: list[str] = []
    if skp.status == StatusSkp.DIREVISI:
        errors.append(_("SKP versi ini telah digantikan oleh revisi; isi realisasi pada versi SKP yang berlaku."))
    elif skp.status != StatusSkp.DITETAPKAN:
        errors.append(
            _(
                "SKP belum ditetapkan (status: %(status)s). Realisasi dan bukti dukung diisi setelah "
                "pejabat penilai menetapkan SKP."
            )
            % {"status": StatusSkp(skp.status).label}
        )
    if periode.instansi_id != skp.pegawai.instansi_id or not periode.overlaps(skp.periode_mulai, skp.periode_selesai):
        errors.append(
            _("Periode %(periode)s bukan periode evaluasi SKP ini (%(mulai)s – %(selesai)s).")
            % {
                "periode": str(periode),
                "mulai": skp.periode_mulai.strftime("%d-%m-%Y"),
                "selesai": skp.periode_selesai.strftime("%d-%m-%Y"),
            }
        )
    elif not periode.terbuka:
        errors.append(
            _(
                "Periode %(periode)s sudah ditutup: realisasi dan bukti dukung tidak dapat diubah lagi. "
                "Operator pengelola kinerja dapat membuka kembali periode ini bila perlu."
            )
            % {"periode": str(periode)}
        )
    return errors


def require_writable(skp: Skp, periode: Periode) -> None:
    errors = skp_writable_errors(skp, periode)
    if errors:
        raise ValidationError(errors)


def fresh_state(skp_id: int, periode: Periode) -> tuple[Skp, Periode]:
    """The SKP and period as they are in the database now (status and `terbuka` may have changed
    since the caller loaded them), the SKP row locked until the write commits."""
    skp = Skp.objects.select_for_update(of=("self",)).select_related("pegawai").get(pk=skp_id)
    return skp, Periode.objects.get(pk=periode.pk)


def writable_skp_of(rhk: Rhk, periode: Periode, skp: Skp | None) -> tuple[Skp, Periode]:
    """The RHK's SKP and the period, checked: the RHK belongs to `skp` (when given), the SKP is
    set, the period is one of the SKP's and open."""
    if skp is not None and rhk.skp_id != skp.pk:
        raise ValidationError(_("Rencana hasil kerja ini bukan bagian dari SKP yang dipilih."))
    fresh_skp, fresh_periode = fresh_state(rhk.skp_id, periode)
    require_writable(fresh_skp, fresh_periode)
    return fresh_skp, fresh_periode


def nilai_errors(nilai: object) -> list[str]:
    """A realisasi number: a finite, non-negative Decimal that fits the column (18 digits, 4 decimals)."""
    if isinstance(nilai, bool) or not isinstance(nilai, Decimal | int):
        return [_("Realisasi harus berupa angka.")]
    value = Decimal(nilai)
    if not value.is_finite():
        return [_("Realisasi harus berupa angka.")]
    if value < 0:
        return [_("Realisasi tidak boleh negatif.")]
    exponent = value.normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    if -exponent > NILAI_DECIMAL_PLACES:
        return [_("Realisasi paling banyak %(n)d angka di belakang koma.") % {"n": NILAI_DECIMAL_PLACES}]
    integer_digits = len(str(int(value))) if value >= 1 else 0
    if integer_digits > NILAI_INTEGER_DIGITS:
        return [_("Realisasi terlalu besar: paling banyak %(n)d angka sebelum koma.") % {"n": NILAI_INTEGER_DIGITS}]
    return []


def _teks_clean(teks: str) -> str:
    value = (teks or "").strip()
    if not value:
        raise ValidationError({"teks": _("Tuliskan realisasi hasil kerja.")})
    if len(value) > TEKS_MAX_LENGTH:
        raise ValidationError(
            {
                "teks": _("Realisasi paling banyak %(limit)d karakter (sekarang %(n)d).")
                % {"limit": TEKS_MAX_LENGTH, "n": len(value)}
            }
        )
    return value


def _keterangan_clean(keterangan: str) -> str:
    value = (keterangan or "").strip()
    if len(value) > KETERANGAN_MAX_LENGTH:
        raise ValidationError(
            {
                "keterangan": _("Keterangan paling banyak %(limit)d karakter (sekarang %(n)d).")
                % {"limit": KETERANGAN_MAX_LENGTH, "n": len(value)}
            }
        )
    return value


def _changed_meanwhile() -> ValidationError:
    return ValidationError(
        _("Realisasi ini baru saja diubah atau dihapus di tempat lain. Muat ulang halaman lalu coba lagi.")
    )


def _replace(old: Realisasi, new: Realisasi | None, *, by: User | None) -> None:
    """Mark `old` replaced (by `new`, or removed when None); `old` must still be current."""
    updated = Realisasi.objects.filter(pk=old.pk, diganti_pada__isnull=True).update(
        diganti_pada=timezone.now(), diganti_oleh=by, pengganti=new
    )
    if updated != 1:
        raise _changed_meanwhile()
    old.refresh_from_db(fields=["diganti_pada", "diganti_oleh", "pengganti"])


def _angka(realisasi: Realisasi | None) -> str:
    if realisasi is None or realisasi.nilai is None:
        return _("(belum diisi)")
    label = format_number(Decimal(realisasi.nilai))
    return f"{label} ({realisasi.keterangan})" if realisasi.keterangan else label


def _stale_angka(iki: Iki, *, dari: int, current: Realisasi | None, nilai: Decimal, keterangan: str) -> StaleEditError:
    started = Realisasi.objects.filter(pk=dari, iki=iki).first() if dari else None
    change = _("realisasi IKI “%(iki)s” %(lama)s → %(baru)s") % {
        "iki": iki.teks,
        "lama": _angka(started),
        "baru": _angka(current),
    }
    isian = _("realisasi %(nilai)s") % {"nilai": format_number(nilai)}
    if keterangan:
        isian += _(", keterangan “%(keterangan)s”") % {"keterangan": keterangan}
    return stale_error(
        by=current.dibuat_oleh if current else None,
        when=current.dibuat_pada if current else None,
        changes=[change],
        isian=[isian],
    )


@transaction.atomic
def realisasi_save(
    *,
    iki: Iki,
    periode: Periode,
    nilai: Decimal,
    keterangan: str = "",
    by: User | None,
    skp: Skp | None = None,
    dari: int | None = None,
) -> Realisasi:
    """The realisasi of a kuantitatif IKI in a period. A changed value or keterangan is a new row
    (the old one is marked replaced); the same values again change nothing.

    `dari` is the id of the current row the form was opened on (0: there was none). When another
    row has become current since, the save is refused with `StaleEditError`. Only code that writes
    without a form in front of a person (demo and test data) leaves it None."""
    rhk = iki.rhk
    skp, periode = writable_skp_of(rhk, periode, skp)
    if not skp.is_kuantitatif:
        raise ValidationError(
            _("SKP ini berpendekatan kualitatif: realisasi diisi sebagai pernyataan per rencana hasil kerja.")
        )
    errors = nilai_errors(nilai)
    if errors:
        raise ValidationError({"nilai": errors})
    keterangan = _keterangan_clean(keterangan)
    value = Decimal(nilai).quantize(Decimal(1).scaleb(-NILAI_DECIMAL_PLACES))

    current = Realisasi.objects.select_for_update().filter(iki=iki, periode=periode, diganti_pada__isnull=True).first()
    if current is not None and current.nilai == value and current.keterangan == keterangan:
        return current
    if dari is not None and dari != (current.pk if current is not None else 0):
        raise _stale_angka(iki, dari=dari, current=current, nilai=value, keterangan=keterangan)
    if current is not None:
        # Free the "one current value per IKI" slot first, then link the successor.
        _replace(current, None, by=by)
    try:
        with transaction.atomic():
            new = Realisasi.objects.create(
                skp=skp, periode=periode, rhk=rhk, iki=iki, nilai=value, keterangan=keterangan, dibuat_oleh=by
            )
    except IntegrityError:
        raise _changed_meanwhile() from None
    if current is not None:
        Realisasi.objects.filter(pk=current.pk).update(pengganti=new)
    return new


@transaction.atomic
def realisasi_teks_add(*, rhk: Rhk, periode: Periode, teks: str, by: User | None, skp: Skp | None = None) -> Realisasi:
    """A realisasi statement of a kualitatif RHK in a period (an RHK may have several)."""
    skp, periode = writable_skp_of(rhk, periode, skp)
    if skp.is_kuantitatif:
        raise ValidationError(
            _("SKP ini berpendekatan kuantitatif: realisasi diisi sebagai angka per indikator kinerja individu.")
        )
    value = _teks_clean(teks)
    return Realisasi.objects.create(skp=skp, periode=periode, rhk=rhk, iki=None, teks=value, dibuat_oleh=by)


def _locked_statement(realisasi: Realisasi, *, isian: str | None = None) -> Realisasi:
    """The statement locked, still current. Edits target one row: when someone replaced or
    withdrew it since the page was opened, the save is refused as stale, with who, when, what the
    statement became and the user's text (`isian`; None when withdrawing)."""
    locked = Realisasi.objects.select_for_update().select_related("rhk").get(pk=realisasi.pk)
    if locked.iki_id is not None:
        raise ValidationError(_("Realisasi ini berupa angka per indikator; ubah melalui Input Realisasi."))
    if locked.diganti_pada is not None:
        pengganti = Realisasi.objects.filter(pk=locked.pengganti_id).first() if locked.pengganti_id else None
        became = (
            _("pernyataan realisasi “%(lama)s” kini “%(baru)s”") % {"lama": locked.teks, "baru": pengganti.teks}
            if pengganti is not None
            else _("pernyataan realisasi “%(lama)s” dihapus") % {"lama": locked.teks}
        )
        raise stale_error(
            by=locked.diganti_oleh,
            when=locked.diganti_pada,
            changes=[became],
            isian=[isian] if isian else [_("hapus pernyataan")],
        )
    locked.skp, locked.periode = writable_skp_of(locked.rhk, locked.periode, None)
    return locked


@transaction.atomic
def realisasi_teks_update(*, realisasi: Realisasi, teks: str, by: User | None) -> Realisasi:
    """Change a statement: a new row replaces it; the same text again changes nothing."""
    old = _locked_statement(realisasi, isian=teks)
    value = _teks_clean(teks)
    if value == old.teks:
        return old
    new = Realisasi.objects.create(skp=old.skp, periode=old.periode, rhk=old.rhk, iki=None, teks=value, dibuat_oleh=by)
    _replace(old, new, by=by)
    return new


@transaction.atomic
def realisasi_teks_remove(*, realisasi: Realisasi, by: User | None) -> Realisasi:
    """Withdraw a statement: marked replaced without a successor; it stays in the history."""
    old = _locked_statement(realisasi)
    _replace(old, None, by=by)
    return old
