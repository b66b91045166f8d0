"""Pembinaan kinerja (SPEC §5; seed 001): bimbingan or konseling kinerja recorded by the pejabat
penilai, with date, notes and follow-up. Records are never edited; a correction is a new record."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from organisasi.access import pegawai_of
from perencanaan.models import Skp, StatusSkp

from ..models import Pembinaan

MAX_CATATAN = 4000
MAX_TINDAK_LANJUT = 2000


@transaction.atomic
def pembinaan_add(*, skp: Skp, jenis: str, tanggal: date, catatan: str, tindak_lanjut: str = "", by: User) -> Pembinaan:
    """Record a bimbingan or konseling kinerja held with the SKP's pegawai."""
    pegawai = pegawai_of(by)
    if pegawai is None or skp.pejabat_penilai_id is None or skp.pejabat_penilai_id != pegawai.pk:
        raise ValidationError(_("Hanya pejabat penilai kinerja SKP ini yang dapat mencatat pembinaan kinerja."))
    if skp.status != StatusSkp.DITETAPKAN:
        raise ValidationError(
            _("SKP berstatus %(status)s: pembinaan kinerja dicatat pada SKP yang sudah ditetapkan.")
            % {"status": StatusSkp(skp.status).label}
        )
    errors: dict[str, str] = {}
    if jenis not in Pembinaan.Jenis.values:
        errors["jenis"] = _("Pilih jenis pembinaan: bimbingan kinerja atau konseling kinerja.")
    if tanggal > timezone.localdate():
        errors["tanggal"] = _("Tanggal pembinaan tidak boleh di masa depan.")
    elif tanggal.year != skp.tahun:
        errors["tanggal"] = _("Tanggal pembinaan harus di tahun SKP (%(tahun)s).") % {"tahun": skp.tahun}
    catatan = (catatan or "").strip()
    tindak_lanjut = (tindak_lanjut or "").strip()
    if not catatan:
        errors["catatan"] = _("Catatan pembinaan wajib diisi.")
    elif len(catatan) > MAX_CATATAN:
        errors["catatan"] = _("Catatan paling banyak %(max)d karakter (sekarang %(n)d).") % {
            "max": MAX_CATATAN,
            "n": len(catatan),
        }
    if len(tindak_lanjut) > MAX_TINDAK_LANJUT:
        errors["tindak_lanjut"] = _("Tindak lanjut paling banyak %(max)d karakter (sekarang %(n)d).") % {
            "max": MAX_TINDAK_LANJUT,
            "n": len(tindak_lanjut),
        }
    if errors:
        raise ValidationError(errors)
    return Pembinaan.objects.create(
        skp=skp,
        jenis=jenis,
        tanggal=tanggal,
        catatan=catatan,
        tindak_lanjut=tindak_lanjut,
        dicatat_oleh=pegawai,
    )
