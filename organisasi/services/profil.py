"""Changes a pegawai makes to their own profile: the rekan kerja list (seed 003, "Ubah Profile").

Rekan kerja are the colleagues a pegawai may later set as penilai of a perilaku aspect, so they
must be active pegawai of the same instansi, never the pegawai themself, and listed only once.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Pegawai


def _lock(pegawai: Pegawai) -> Pegawai:
    """The owner's row, locked, so that two tabs adding at once cannot race each other."""
    return Pegawai.objects.select_for_update().only("pk", "instansi_id").get(pk=pegawai.pk)


@transaction.atomic
def rekan_kerja_add(*, pegawai: Pegawai, rekan: Pegawai) -> None:
    """Put `rekan` on `pegawai`'s rekan kerja list; a ValidationError (Indonesian) says why not."""
    owner = _lock(pegawai)
    if rekan.pk == owner.pk:
        raise ValidationError(_("Anda tidak dapat menjadikan diri sendiri sebagai rekan kerja."), code="diri_sendiri")
    if rekan.instansi_id != owner.instansi_id:
        raise ValidationError(
            _("Rekan kerja harus pegawai dari instansi yang sama."),
            code="beda_instansi",
        )
    if not rekan.aktif:
        raise ValidationError(
            _("%(nama)s tidak aktif sehingga tidak dapat dijadikan rekan kerja."),
            code="tidak_aktif",
            params={"nama": rekan.nama_lengkap},
        )
    if owner.rekan_kerja.filter(pk=rekan.pk).exists():
        raise ValidationError(
            _("%(nama)s sudah terdaftar sebagai rekan kerja."),
            code="sudah_terdaftar",
            params={"nama": rekan.nama_lengkap},
        )
    owner.rekan_kerja.add(rekan)


@transaction.atomic
def rekan_kerja_remove(*, pegawai: Pegawai, rekan: Pegawai) -> None:
    """Take `rekan` off `pegawai`'s rekan kerja list; a ValidationError when they are not on it."""
    owner = _lock(pegawai)
    if not owner.rekan_kerja.filter(pk=rekan.pk).exists():
        raise ValidationError(
            _("%(nama)s tidak terdaftar sebagai rekan kerja."),
            code="bukan_rekan",
            params={"nama": rekan.nama_lengkap},
        )
    owner.rekan_kerja.remove(rekan)
