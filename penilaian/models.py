from django.db import models
from django.utils.translation import gettext_lazy as _

from organisasi.models import Instansi


class Rating(models.TextChoices):
    """Rating hasil kerja and rating perilaku kerja (SPEC §6.2)."""

    DI_ATAS = "di_atas", _("Di atas ekspektasi")
    SESUAI = "sesuai", _("Sesuai ekspektasi")
    DI_BAWAH = "di_bawah", _("Di bawah ekspektasi")


class Predikat(models.TextChoices):
    """Predikat kinerja pegawai, best first (SPEC §6.2)."""

    SANGAT_BAIK = "sangat_baik", _("Sangat Baik")
    BAIK = "baik", _("Baik")
    BUTUH_PERBAIKAN = "butuh_perbaikan", _("Butuh Perbaikan")
    KURANG = "kurang", _("Kurang/Misconduct")
    SANGAT_KURANG = "sangat_kurang", _("Sangat Kurang")


class CapaianOrganisasi(models.TextChoices):
    """Capaian kinerja organisasi of a unit (SPEC §6.1), best first."""

    ISTIMEWA = "istimewa", _("Istimewa")
    BAIK = "baik", _("Baik")
    BUTUH_PERBAIKAN = "butuh_perbaikan", _("Butuh Perbaikan")
    KURANG = "kurang", _("Kurang")
    SANGAT_KURANG = "sangat_kurang", _("Sangat Kurang")


class PersentaseAngkaKredit(models.Model):
    """Share of the annual koefisien a predikat earns (PermenPANRB 1/2023). Regulation, kept as data."""

    predikat = models.CharField(_("predikat"), max_length=20, choices=Predikat.choices, unique=True)
    persen = models.DecimalField(_("persentase"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("persentase angka kredit")
        verbose_name_plural = _("persentase angka kredit")
        ordering = ["-persen"]

    def __str__(self) -> str:
        return f"{self.get_predikat_display()}: {self.persen} %"


class AturanPolaDistribusi(models.Model):
    """One clause of the pola distribusi guideline for a capaian organisasi (SE MenPANRB 3/2023).

    Rows without an instansi are the national defaults; an instansi that has rows for a
    capaian uses its own instead of the defaults for that capaian.
    """

    class Jenis(models.TextChoices):
        TERBANYAK = "terbanyak", _("Terbanyak")
        MAKSIMAL = "maksimal", _("Paling banyak (%)")
        MINIMAL = "minimal", _("Paling sedikit (%)")
        ADA = "ada", _("Diharapkan ada")

    instansi = models.ForeignKey(
        Instansi,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="aturan_pola_distribusi",
        verbose_name=_("instansi"),
        help_text=_("Kosong untuk pedoman nasional."),
    )
    capaian = models.CharField(_("capaian kinerja organisasi"), max_length=20, choices=CapaianOrganisasi.choices)
    jenis = models.CharField(_("jenis aturan"), max_length=10, choices=Jenis.choices)
    predikat = models.JSONField(_("predikat"), help_text=_("Daftar kode predikat yang dijumlahkan."))
    persen = models.DecimalField(_("persen"), max_digits=5, decimal_places=2, null=True, blank=True)
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("aturan pola distribusi")
        verbose_name_plural = _("aturan pola distribusi")
        ordering = ["instansi", "capaian", "urutan"]
        indexes = [models.Index(fields=["instansi", "capaian"], name="aturanpola_instansi_capaian")]

    def __str__(self) -> str:
        return f"{self.get_capaian_display()}: {self.get_jenis_display()} {self.predikat} {self.persen or ''}"


class FaktorTpp(models.Model):
    """Share of the TPP/tunjangan kinerja paid for a predikat, set by the instansi (optional)."""

    instansi = models.ForeignKey(
        Instansi, on_delete=models.CASCADE, related_name="faktor_tpp", verbose_name=_("instansi")
    )
    predikat = models.CharField(_("predikat"), max_length=20, choices=Predikat.choices)
    persen = models.DecimalField(_("persentase TPP"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("faktor TPP")
        verbose_name_plural = _("faktor TPP")
        constraints = [models.UniqueConstraint(fields=["instansi", "predikat"], name="faktortpp_unique")]

    def __str__(self) -> str:
        return f"{self.instansi}: {self.get_predikat_display()} {self.persen} %"
