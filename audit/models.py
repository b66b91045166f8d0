"""The audit trail: one append-only row per create/update/delete of domain data, hash-chained."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from organisasi.models import Instansi, Pegawai


class Aksi(models.TextChoices):
    CREATE = "create", _("Dibuat")
    UPDATE = "update", _("Diubah")
    DELETE = "delete", _("Dihapus")


class Sumber(models.TextChoices):
    WEB = "web", _("Web")
    API = "api", _("API")
    PERINTAH = "perintah", _("Perintah")
    TUGAS = "tugas", _("Tugas latar")


class AppendOnlyError(RuntimeError):
    """An audit row was about to be changed or removed through the ORM."""


class CatatanAuditQuerySet(models.QuerySet["CatatanAudit"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("CatatanAudit is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("CatatanAudit is append-only")


class CatatanAudit(models.Model):
    """Who changed what, when and from where.

    The references (actor, pegawai, instansi) carry no database constraint and no cascade: the
    row outlives what it is about, and a cascade's SET NULL would change a hashed row."""

    waktu = models.DateTimeField(_("waktu"), db_index=True)
    aktor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        verbose_name=_("pelaku"),
    )
    aktor_nama = models.CharField(_("nama pelaku"), max_length=200, blank=True)
    aktor_pegawai = models.ForeignKey(
        Pegawai, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    sumber = models.CharField(_("sumber"), max_length=10, choices=Sumber.choices)
    ip = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    metode = models.CharField(_("metode"), max_length=10, blank=True)
    path = models.CharField(_("alamat"), max_length=500, blank=True)
    aksi = models.CharField(_("aksi"), max_length=6, choices=Aksi.choices)
    model = models.CharField(_("jenis data"), max_length=100)  # app_label.modelname
    objek_pk = models.CharField(_("id data"), max_length=64)
    label = models.CharField(_("data"), max_length=255)
    instansi = models.ForeignKey(
        Instansi, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    pegawai = models.ForeignKey(Pegawai, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+")
    changes = models.JSONField(_("perubahan"), default=dict)
    bukti_sha256 = models.CharField(_("SHA-256 bukti"), max_length=64, blank=True)
    rantai = models.CharField(_("rantai"), max_length=64)

    objects = CatatanAuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("catatan audit")
        verbose_name_plural = _("catatan audit")
        ordering = ["-waktu", "-pk"]
        indexes = [
            models.Index(fields=["instansi", "-waktu"], name="audit_instansi_waktu"),
            models.Index(fields=["pegawai", "-waktu"], name="audit_pegawai_waktu"),
            models.Index(fields=["model", "objek_pk"], name="audit_objek"),
        ]

    def __str__(self) -> str:
        return f"{self.waktu:%Y-%m-%d %H:%M} {self.aksi} {self.label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("CatatanAudit is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("CatatanAudit is append-only")

    def model_verbose(self) -> str:
        from django.apps import apps

        try:
            return str(apps.get_model(self.model)._meta.verbose_name)
        except LookupError:
            return self.model


class KepalaRantai(models.Model):
    """The newest link of the chain, a single row (pk 1). Writers lock it, so concurrent
    transactions on PostgreSQL append one after another instead of forking the chain."""

    rantai = models.CharField(max_length=64)
    catatan_id = models.BigIntegerField(null=True)

    class Meta:
        verbose_name = _("kepala rantai audit")
        verbose_name_plural = _("kepala rantai audit")

    def __str__(self) -> str:
        return self.rantai
