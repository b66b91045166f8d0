"""Pelaksanaan (SPEC §5): evaluation periods, realisasi, bukti dukung, umpan balik, pembinaan.

Nothing here is overwritten in place: a changed realisasi or feedback is a new row and the old
one gets `diganti_pada`/`diganti_oleh`; removed evidence keeps its file and gets `dihapus_pada`.
The `current()` querysets hide the superseded rows.
"""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisasi.models import Instansi, Pegawai
from perencanaan.models import Iki, PerilakuSkp, Rhk, Skp


class JenisPeriode(models.TextChoices):
    PERIODIK = "periodik", _("Periodik")
    TAHUNAN = "tahunan", _("Tahunan")


class Periode(models.Model):
    """An evaluation period of an instansi: the periodic ones of its setting, and the annual one.

    Closed periods take no realisasi; reopening is recorded in RiwayatPeriode.
    """

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="periode", verbose_name=_("instansi"))
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    jenis = models.CharField(_("jenis"), max_length=8, choices=JenisPeriode.choices)
    # For periodik: the instansi's setting when the periods were made (bulanan/triwulanan/semesteran).
    skema = models.CharField(_("skema periode"), max_length=10, blank=True)
    nomor = models.PositiveSmallIntegerField(_("nomor"), help_text=_("Urutan dalam tahun; 0 untuk tahunan."))
    nama = models.CharField(_("nama"), max_length=60)
    mulai = models.DateField(_("mulai"))
    selesai = models.DateField(_("selesai"))
    terbuka = models.BooleanField(_("terbuka"), default=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("periode evaluasi")
        verbose_name_plural = _("periode evaluasi")
        ordering = ["instansi", "tahun", "jenis", "nomor"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "tahun", "jenis", "nomor"], name="periode_unique"),
            models.CheckConstraint(condition=Q(mulai__lte=models.F("selesai")), name="periode_urut"),
        ]
        indexes = [models.Index(fields=["instansi", "tahun"], name="periode_instansi_tahun")]

    def __str__(self) -> str:
        return f"{self.nama} {self.tahun}"

    @property
    def is_tahunan(self) -> bool:
        return self.jenis == JenisPeriode.TAHUNAN

    @property
    def bulan(self) -> int:
        """Whole months covered, for angka kredit pro rata."""
        return (self.selesai.year - self.mulai.year) * 12 + self.selesai.month - self.mulai.month + 1

    def overlaps(self, mulai: date, selesai: date) -> bool:
        return self.mulai <= selesai and mulai <= self.selesai


class RiwayatPeriode(models.Model):
    """Who opened, closed or reopened a period, and why."""

    class Aksi(models.TextChoices):
        DIBUAT = "dibuat", _("Dibuat")
        DITUTUP = "ditutup", _("Ditutup")
        DIBUKA_KEMBALI = "dibuka_kembali", _("Dibuka kembali")

    periode = models.ForeignKey(Periode, on_delete=models.CASCADE, related_name="riwayat", verbose_name=_("periode"))
    aksi = models.CharField(_("aksi"), max_length=16, choices=Aksi.choices)
    alasan = models.TextField(_("alasan"), blank=True)
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    pada = models.DateTimeField(_("pada"), default=timezone.now)

    class Meta:
        verbose_name = _("riwayat periode")
        verbose_name_plural = _("riwayat periode")
        ordering = ["periode", "pada"]

    def __str__(self) -> str:
        return f"{self.periode}: {self.get_aksi_display()}"


_V = TypeVar("_V", bound="Versioned")


class VersionedQuerySet(models.QuerySet[_V]):
    def current(self) -> VersionedQuerySet[_V]:
        return self.filter(diganti_pada__isnull=True)


class Versioned(models.Model):
    """A row that is never edited in place: its successor (or a removal) marks it replaced."""

    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("dibuat oleh")
    )
    dibuat_pada = models.DateTimeField(_("dibuat pada"), default=timezone.now)
    diganti_pada = models.DateTimeField(_("diganti/dihapus pada"), null=True, blank=True)
    diganti_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diganti/dihapus oleh"),
    )
    pengganti = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="sebelumnya", verbose_name=_("pengganti")
    )

    class Meta:
        abstract = True

    @property
    def is_current(self) -> bool:
        return self.diganti_pada is None


class Realisasi(Versioned):
    """Realisasi of one period: kuantitatif per IKI (a number + keterangan), kualitatif per RHK
    (one or more statements, `iki` empty)."""

    skp = models.ForeignKey(Skp, on_delete=models.PROTECT, related_name="realisasi", verbose_name=_("SKP"))
    periode = models.ForeignKey(Periode, on_delete=models.PROTECT, related_name="realisasi", verbose_name=_("periode"))
    rhk = models.ForeignKey(Rhk, on_delete=models.PROTECT, related_name="realisasi", verbose_name=_("RHK"))
    iki = models.ForeignKey(
        Iki, on_delete=models.PROTECT, null=True, blank=True, related_name="realisasi", verbose_name=_("IKI")
    )
    nilai = models.DecimalField(_("realisasi"), max_digits=18, decimal_places=4, null=True, blank=True)
    teks = models.TextField(_("realisasi"), blank=True)
    keterangan = models.TextField(_("keterangan tambahan"), blank=True)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        verbose_name = _("realisasi")
        verbose_name_plural = _("realisasi")
        ordering = ["skp", "periode", "rhk", "iki", "dibuat_pada"]
        indexes = [models.Index(fields=["skp", "periode"], name="realisasi_skp_periode")]
        constraints = [
            # One current number per IKI per period; kualitatif statements may be many.
            models.UniqueConstraint(
                fields=["iki", "periode"],
                condition=Q(diganti_pada__isnull=True, iki__isnull=False),
                name="realisasi_iki_periode_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rhk}: {self.nilai if self.nilai is not None else self.teks[:40]}"


class BuktiDukung(models.Model):
    """Evidence of the results of an RHK in a period: an uploaded file or a link."""

    class Jenis(models.TextChoices):
        BERKAS = "berkas", _("Berkas")
        TAUTAN = "tautan", _("Tautan")

    skp = models.ForeignKey(Skp, on_delete=models.PROTECT, related_name="bukti_dukung", verbose_name=_("SKP"))
    periode = models.ForeignKey(Periode, on_delete=models.PROTECT, related_name="+", verbose_name=_("periode"))
    rhk = models.ForeignKey(Rhk, on_delete=models.PROTECT, related_name="bukti_dukung", verbose_name=_("RHK"))
    jenis = models.CharField(_("jenis"), max_length=6, choices=Jenis.choices)
    berkas = models.FileField(_("berkas"), upload_to="bukti-dukung/%Y/%m/", blank=True)
    tautan = models.URLField(_("tautan"), max_length=1000, blank=True)
    nama = models.CharField(_("nama berkas/tautan"), max_length=255)
    keterangan = models.CharField(_("keterangan"), max_length=500, blank=True)
    ukuran = models.PositiveBigIntegerField(_("ukuran (bita)"), null=True, blank=True)
    tipe = models.CharField(_("tipe isi"), max_length=100, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("diunggah oleh"),
    )
    diunggah_pada = models.DateTimeField(_("diunggah pada"), default=timezone.now)
    dihapus_pada = models.DateTimeField(_("dihapus pada"), null=True, blank=True)
    dihapus_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dihapus oleh"),
    )
    menggantikan = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="digantikan_oleh",
        verbose_name=_("menggantikan"),
    )

    class Meta:
        verbose_name = _("bukti dukung")
        verbose_name_plural = _("bukti dukung")
        ordering = ["skp", "periode", "rhk", "diunggah_pada"]
        indexes = [models.Index(fields=["skp", "periode"], name="bukti_skp_periode")]

    def __str__(self) -> str:
        return self.nama

    @property
    def is_current(self) -> bool:
        return self.dihapus_pada is None


class UmpanBalik(Versioned):
    """Umpan balik berkelanjutan (SPEC §5): on a result (RHK/IKI) from the pimpinan, on a perilaku
    aspect from that aspect's penilai, or incidental with its kategori and tindak lanjut."""

    class Jenis(models.TextChoices):
        HASIL = "hasil", _("Hasil kerja")
        PERILAKU = "perilaku", _("Perilaku kerja")
        INSIDENTAL = "insidental", _("Insidental")

    class Kategori(models.TextChoices):
        APRESIASI = "apresiasi", _("Apresiasi")
        PENUGASAN_BARU = "penugasan_baru", _("Penugasan baru")
        TIDAK_DAPAT_DISELESAIKAN = "tidak_selesai", _("RHK tidak dapat diselesaikan")

    class TindakLanjut(models.TextChoices):
        PENYESUAIAN_EKSPEKTASI = "penyesuaian_ekspektasi", _("Penyesuaian ekspektasi")
        PENYESUAIAN_SUMBER_DAYA = "penyesuaian_sumber_daya", _("Penyesuaian sumber daya")
        PEMBINAAN = "pembinaan", _("Pembinaan kinerja")
        DIAMBIL_ALIH = "diambil_alih", _("Hasil kerja diambil alih pimpinan")

    class Peran(models.TextChoices):
        PIMPINAN = "pimpinan", _("Pimpinan")
        ATASAN = "atasan", _("Atasan")
        REKAN = "rekan", _("Rekan kerja")
        BAWAHAN = "bawahan", _("Bawahan")

    skp = models.ForeignKey(Skp, on_delete=models.PROTECT, related_name="umpan_balik", verbose_name=_("SKP"))
    periode = models.ForeignKey(Periode, on_delete=models.PROTECT, related_name="+", verbose_name=_("periode"))
    jenis = models.CharField(_("jenis"), max_length=10, choices=Jenis.choices)
    rhk = models.ForeignKey(
        Rhk, on_delete=models.PROTECT, null=True, blank=True, related_name="umpan_balik", verbose_name=_("RHK")
    )
    iki = models.ForeignKey(
        Iki, on_delete=models.PROTECT, null=True, blank=True, related_name="umpan_balik", verbose_name=_("IKI")
    )
    perilaku = models.ForeignKey(
        PerilakuSkp,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="umpan_balik",
        verbose_name=_("aspek perilaku"),
    )
    kategori = models.CharField(_("kategori"), max_length=16, choices=Kategori.choices, blank=True)
    tindak_lanjut = models.CharField(_("tindak lanjut"), max_length=24, choices=TindakLanjut.choices, blank=True)
    tanggal = models.DateField(_("tanggal"), default=timezone.localdate)
    teks = models.TextField(_("umpan balik"))
    penulis = models.ForeignKey(
        Pegawai, on_delete=models.PROTECT, related_name="umpan_balik_ditulis", verbose_name=_("penulis")
    )
    peran_penulis = models.CharField(_("sebagai"), max_length=8, choices=Peran.choices)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        verbose_name = _("umpan balik")
        verbose_name_plural = _("umpan balik")
        ordering = ["skp", "periode", "tanggal", "dibuat_pada"]
        indexes = [
            models.Index(fields=["skp", "periode"], name="umpanbalik_skp_periode"),
            models.Index(fields=["penulis", "periode"], name="umpanbalik_penulis_periode"),
        ]

    def __str__(self) -> str:
        return f"{self.get_peran_penulis_display()} ({self.penulis}): {self.teks[:40]}"


class Pembinaan(models.Model):
    """Bimbingan or konseling kinerja recorded by the pejabat penilai (SPEC §5)."""

    class Jenis(models.TextChoices):
        BIMBINGAN = "bimbingan", _("Bimbingan kinerja")
        KONSELING = "konseling", _("Konseling kinerja")

    skp = models.ForeignKey(Skp, on_delete=models.PROTECT, related_name="pembinaan", verbose_name=_("SKP"))
    jenis = models.CharField(_("jenis"), max_length=10, choices=Jenis.choices)
    tanggal = models.DateField(_("tanggal"))
    catatan = models.TextField(_("catatan"))
    tindak_lanjut = models.TextField(_("tindak lanjut"), blank=True)
    dicatat_oleh = models.ForeignKey(
        Pegawai, on_delete=models.PROTECT, related_name="+", verbose_name=_("dicatat oleh")
    )
    dibuat_pada = models.DateTimeField(_("dibuat pada"), default=timezone.now)

    class Meta:
        verbose_name = _("pembinaan kinerja")
        verbose_name_plural = _("pembinaan kinerja")
        ordering = ["skp", "tanggal", "dibuat_pada"]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.tanggal:%d-%m-%Y}"
