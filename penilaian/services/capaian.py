"""Capaian kinerja organisasi of a unit per period (SPEC §6.1), set by the leader above.

A change never overwrites: it adds a row and marks the previous one `diganti_pada`, so the
history of who set what, when and why stays readable.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from organisasi.access import pegawai_of
from organisasi.konflik import StaleEditError, stale_error
from organisasi.models import UnitKerja
from pelaksanaan.models import Periode

from ..access import capaian_unit_ids
from ..models import CapaianOrganisasi, CapaianUnit, Evaluasi, StatusEvaluasi
from ..selectors import capaian_suggestion, unit_skp_q

CATATAN_MAX_LENGTH = 2000


def _label(row: CapaianUnit | None) -> str:
    return row.get_capaian_display() if row is not None else _("belum ditetapkan")


def _stale_capaian(
    unit: UnitKerja, periode: Periode, *, dari: int, current: CapaianUnit | None, capaian: str, catatan: str
) -> StaleEditError:
    started = CapaianUnit.objects.filter(pk=dari, unit_kerja=unit, periode=periode).first() if dari else None
    change = _("capaian kinerja organisasi %(unit)s: %(lama)s → %(baru)s") % {
        "unit": unit.nama,
        "lama": _label(started),
        "baru": _label(current),
    }
    isian = _("capaian %(capaian)s") % {"capaian": CapaianOrganisasi(capaian).label}
    if catatan:
        isian += _(", catatan “%(catatan)s”") % {"catatan": catatan}
    return stale_error(
        by=current.dibuat_oleh if current is not None else None,
        when=current.dibuat_pada if current is not None else None,
        changes=[change],
        isian=[isian],
    )


@transaction.atomic
def capaian_unit_set(
    *,
    unit: UnitKerja,
    periode: Periode,
    capaian: str,
    catatan: str,
    by: User | None,
    dari: int | None = None,
) -> CapaianUnit:
    """Set (or change) the unit's capaian kinerja organisasi for the period.

    Only the leader above the unit (`capaian_unit_ids`); `by=None` is the system (demo data).
    The suggestion shown at that moment is kept with the row. Draft evaluations of the unit's
    pegawai in the period take the new capaian; given ones keep the capaian they were given with.

    `dari` is the id of the current row the form was opened on (0: none was set). When another
    row has become current since, the save is refused with `StaleEditError`. Only code that writes
    without a form in front of a person (demo and test data) leaves it None.
    """
    penetap = None
    if by is not None:
        penetap = pegawai_of(by)
        if penetap is None or unit.pk not in capaian_unit_ids(penetap):
            raise ValidationError(
                _("Capaian kinerja organisasi unit ini ditetapkan oleh pimpinan di atasnya."), code="bukan_pimpinan"
            )
    if periode.instansi_id != unit.instansi_id:
        raise ValidationError({"periode": _("Periode ini bukan periode instansi unit tersebut.")}, code="periode")
    if capaian not in CapaianOrganisasi.values:
        raise ValidationError({"capaian": _("Pilih salah satu capaian kinerja organisasi.")}, code="capaian")
    catatan = (catatan or "").strip()
    if len(catatan) > CATATAN_MAX_LENGTH:
        raise ValidationError(
            {"catatan": _("Catatan paling banyak %(max)d karakter.") % {"max": CATATAN_MAX_LENGTH}}, code="catatan"
        )
    current = (
        CapaianUnit.objects.select_for_update()
        .filter(unit_kerja=unit, periode=periode, diganti_pada__isnull=True)
        .first()
    )
    if current is not None and current.capaian == capaian and current.catatan == catatan:
        return current  # nothing changed: no new row
    # After the "nothing changed" return: choosing what someone else just set loses nothing.
    if dari is not None and dari != (current.pk if current is not None else 0):
        raise _stale_capaian(unit, periode, dari=dari, current=current, capaian=capaian, catatan=catatan)
    now = timezone.now()
    if current is not None:
        current.diganti_pada = now
        current.save(update_fields=["diganti_pada"])
    saran = capaian_suggestion(unit, periode).capaian
    try:
        with transaction.atomic():
            row = CapaianUnit.objects.create(
                unit_kerja=unit,
                periode=periode,
                capaian=capaian,
                saran=saran or "",
                catatan=catatan,
                ditetapkan_oleh=penetap,
                dibuat_oleh=by,
                dibuat_pada=now,
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("Capaian unit ini baru saja diubah oleh sesi lain. Muat ulang halaman lalu coba lagi."), code="bersamaan"
        ) from exc
    Evaluasi.objects.current().filter(unit_skp_q(unit), periode=periode, status=StatusEvaluasi.DRAFT).update(
        capaian_organisasi=capaian
    )
    return row
