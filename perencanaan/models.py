from django.db import models
from django.utils.translation import gettext_lazy as _


class Perspektif(models.TextChoices):
    """Perspektif of a JPT kuantitatif IKI (SPEC §4.2)."""

    PENERIMA_LAYANAN = "penerima_layanan", _("Penerima Layanan")
    PROSES_BISNIS = "proses_bisnis", _("Proses Bisnis")
    PENGUATAN_INTERNAL = "penguatan_internal", _("Penguatan Internal")
    ANGGARAN = "anggaran", _("Anggaran")


class AspekHasilKerja(models.TextChoices):
    """Aspek of a JA/JF kuantitatif IKI. For Waktu and Biaya a lower realisasi is better."""

    KUANTITAS = "kuantitas", _("Kuantitas")
    KUALITAS = "kualitas", _("Kualitas")
    WAKTU = "waktu", _("Waktu")
    BIAYA = "biaya", _("Biaya")


LOWER_IS_BETTER = frozenset({AspekHasilKerja.WAKTU, AspekHasilKerja.BIAYA})


class AspekPerilaku(models.Model):
    """One of the seven BerAKHLAK core values (seed 000 §8)."""

    kode = models.CharField(_("kode"), max_length=30, unique=True)
    nama = models.CharField(_("nama"), max_length=60)
    urutan = models.PositiveSmallIntegerField(_("urutan"), unique=True)

    class Meta:
        verbose_name = _("aspek perilaku kerja")
        verbose_name_plural = _("aspek perilaku kerja (BerAKHLAK)")
        ordering = ["urutan"]

    def __str__(self) -> str:
        return self.nama


class PanduanPerilaku(models.Model):
    """A behaviour guide of a BerAKHLAK aspect, printed under it on every SKP."""

    aspek = models.ForeignKey(AspekPerilaku, on_delete=models.CASCADE, related_name="panduan", verbose_name=_("aspek"))
    teks = models.TextField(_("panduan perilaku"))
    urutan = models.PositiveSmallIntegerField(_("urutan"))

    class Meta:
        verbose_name = _("panduan perilaku")
        verbose_name_plural = _("panduan perilaku")
        ordering = ["aspek", "urutan"]
        constraints = [models.UniqueConstraint(fields=["aspek", "urutan"], name="panduan_unique_urutan")]

    def __str__(self) -> str:
        return self.teks


class Satuan(models.Model):
    """Unit of a target (Nilai, Persen (%), Dokumen, Laporan …)."""

    nama = models.CharField(_("nama"), max_length=60, unique=True)
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=100)
    aktif = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("satuan")
        verbose_name_plural = _("satuan")
        ordering = ["urutan", "nama"]

    def __str__(self) -> str:
        return self.nama
