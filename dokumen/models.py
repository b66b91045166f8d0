"""Bulk printing (issue 5): one job builds a ZIP of official documents of a unit and its sub-units.

A job is created by `dokumen.services.cetak_massal_create` and run in the background by
`dokumen.tasks.cetak_massal_run`; its ZIP is kept in the default storage under `cetak-massal/` and
handed out only through the access-checked download view.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisasi.models import Instansi, UnitKerja
from pelaksanaan.models import Periode

# A job that has not moved for this long is shown as failed (the worker died or never ran).
BATAS_MACET = timedelta(hours=1)


class CetakMassal(models.Model):
    """One bulk print: every document of `jenis` of the pegawai in `unit` (with its sub-units) for
    `tahun` (SKP) or for `periode` (evaluation documents: Hasil Evaluasi and Dokumen Evaluasi)."""

    class Jenis(models.TextChoices):
        SKP = "skp", _("SKP")
        EVALUASI = "evaluasi", _("Dokumen evaluasi")

    class Status(models.TextChoices):
        ANTRI = "antri", _("Menunggu giliran")
        BERJALAN = "berjalan", _("Sedang dibuat")
        SELESAI = "selesai", _("Selesai")
        GAGAL = "gagal", _("Gagal")

    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )
    instansi = models.ForeignKey(
        Instansi, on_delete=models.CASCADE, related_name="cetak_massal", verbose_name=_("instansi")
    )
    unit = models.ForeignKey(UnitKerja, on_delete=models.CASCADE, related_name="+", verbose_name=_("unit kerja"))
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    periode = models.ForeignKey(
        Periode,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("periode evaluasi"),
    )
    jenis = models.CharField(_("jenis dokumen"), max_length=12, choices=Jenis.choices, default=Jenis.SKP)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ANTRI)
    jumlah = models.PositiveIntegerField(_("jumlah dokumen"), default=0)
    selesai_count = models.PositiveIntegerField(_("dokumen selesai"), default=0)
    gagal_count = models.PositiveIntegerField(_("dokumen gagal"), default=0)
    berkas = models.FileField(_("berkas ZIP"), upload_to="cetak-massal/%Y/%m/", blank=True, max_length=255)
    pesan = models.TextField(_("pesan"), blank=True)
    dibuat_pada = models.DateTimeField(_("dibuat pada"), default=timezone.now)
    mulai_pada = models.DateTimeField(_("mulai pada"), null=True, blank=True)
    selesai_pada = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    # Touched by every progress step: a job is stuck when this stops moving.
    diperbarui_pada = models.DateTimeField(_("diperbarui pada"), default=timezone.now)

    class Meta:
        verbose_name = _("cetak massal")
        verbose_name_plural = _("cetak massal")
        ordering = ["-dibuat_pada", "-pk"]
        indexes = [models.Index(fields=["dibuat_oleh", "-dibuat_pada"], name="cetakmassal_oleh_dibuat")]

    def __str__(self) -> str:
        when = f"{self.periode.nama} {self.tahun}" if self.periode is not None else str(self.tahun)
        return f"{self.get_jenis_display()} {when} — {self.unit_id}"

    @property
    def is_aktif(self) -> bool:
        """Still waiting or running (whether or not it looks stuck)."""
        return self.status in (self.Status.ANTRI, self.Status.BERJALAN)

    def is_macet(self, now: datetime | None = None) -> bool:
        """Waiting or running with no progress for more than `BATAS_MACET`: shown as failed."""
        return self.is_aktif and (now or timezone.now()) - self.diperbarui_pada > BATAS_MACET

    def is_berjalan(self, now: datetime | None = None) -> bool:
        """The page keeps polling this job."""
        return self.is_aktif and not self.is_macet(now)

    @property
    def diproses(self) -> int:
        return self.selesai_count + self.gagal_count

    @property
    def persen(self) -> int:
        if self.status == self.Status.SELESAI:
            return 100
        if not self.jumlah:
            return 0
        return min(100, round(100 * self.diproses / self.jumlah))
