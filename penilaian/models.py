from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisasi.models import Instansi, Pegawai, UnitKerja
from pelaksanaan.models import Periode
from perencanaan.models import Skp


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


class CapaianUnit(models.Model):
    """Capaian kinerja organisasi of a unit kerja in a period, set by the leader above (SPEC §6.1).

    A change is a new row; the old one keeps `diganti_pada`, so the history stays readable.
    """

    unit_kerja = models.ForeignKey(
        UnitKerja, on_delete=models.PROTECT, related_name="capaian", verbose_name=_("unit kerja")
    )
    periode = models.ForeignKey(Periode, on_delete=models.PROTECT, related_name="+", verbose_name=_("periode"))
    capaian = models.CharField(_("capaian kinerja organisasi"), max_length=20, choices=CapaianOrganisasi.choices)
    # The suggestion shown when it was set (SPEC §6.1: shown, never forced), kept for the record.
    saran = models.CharField(_("saran sistem"), max_length=20, choices=CapaianOrganisasi.choices, blank=True)
    catatan = models.TextField(_("catatan"), blank=True)
    ditetapkan_oleh = models.ForeignKey(
        Pegawai, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("ditetapkan oleh")
    )
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    dibuat_pada = models.DateTimeField(_("ditetapkan pada"), default=timezone.now)
    diganti_pada = models.DateTimeField(_("diganti pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("capaian kinerja organisasi")
        verbose_name_plural = _("capaian kinerja organisasi")
        ordering = ["unit_kerja", "periode", "dibuat_pada"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit_kerja", "periode"], condition=Q(diganti_pada__isnull=True), name="capaianunit_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_kerja} {self.periode}: {self.get_capaian_display()}"


class StatusEvaluasi(models.TextChoices):
    DRAFT = "draft", _("Draf")
    DIBERIKAN = "diberikan", _("Diberikan")


class EvaluasiQuerySet(models.QuerySet["Evaluasi"]):
    def current(self) -> EvaluasiQuerySet:
        """The version in force of each (SKP, periode): the original, or the keberatan decision."""
        return self.filter(diganti_pada__isnull=True)

    def diberikan(self) -> EvaluasiQuerySet:
        return self.filter(status=StatusEvaluasi.DIBERIKAN)


class Evaluasi(models.Model):
    """The evaluation of one SKP in one period (periodic or annual, SPEC §6.4).

    Drafted by the pejabat penilai, then given (diberikan) — from then on it is never edited: a
    keberatan that changes the result makes version 2 (`versi`, `sebelumnya`) and marks this one
    `diganti_pada`. The predikat is always computed from the two ratings.
    """

    skp = models.ForeignKey(Skp, on_delete=models.PROTECT, related_name="evaluasi", verbose_name=_("SKP"))
    periode = models.ForeignKey(Periode, on_delete=models.PROTECT, related_name="evaluasi", verbose_name=_("periode"))
    versi = models.PositiveSmallIntegerField(_("versi"), default=1)
    sebelumnya = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pengganti",
        verbose_name=_("versi sebelumnya"),
    )
    status = models.CharField(_("status"), max_length=10, choices=StatusEvaluasi.choices, default=StatusEvaluasi.DRAFT)
    capaian_organisasi = models.CharField(
        _("capaian kinerja organisasi"), max_length=20, choices=CapaianOrganisasi.choices, blank=True
    )
    rating_hasil = models.CharField(_("rating hasil kerja"), max_length=10, choices=Rating.choices, blank=True)
    rating_perilaku = models.CharField(_("rating perilaku kerja"), max_length=10, choices=Rating.choices, blank=True)
    predikat = models.CharField(_("predikat kinerja"), max_length=20, choices=Predikat.choices, blank=True)
    catatan = models.TextField(_("catatan/rekomendasi"), blank=True)
    penilai = models.ForeignKey(
        Pegawai, on_delete=models.PROTECT, related_name="evaluasi_diberikan", verbose_name=_("pejabat penilai")
    )
    # Identities of pegawai, penilai and atasan penilai when given: the documents print these.
    identitas = models.JSONField(_("identitas saat diberikan"), default=dict, blank=True)
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    dibuat_pada = models.DateTimeField(_("dibuat pada"), default=timezone.now)
    diubah_pada = models.DateTimeField(_("diubah pada"), default=timezone.now)
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Counts the saves of a draft, so that a form opened before someone else's save is refused.
    versi_draf = models.PositiveIntegerField(_("versi draf"), default=1, editable=False)
    diberikan_pada = models.DateTimeField(_("diberikan pada"), null=True, blank=True)
    diterima_pada = models.DateTimeField(_("diterima pegawai pada"), null=True, blank=True)
    diganti_pada = models.DateTimeField(_("diganti pada"), null=True, blank=True)

    objects = EvaluasiQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluasi kinerja")
        verbose_name_plural = _("evaluasi kinerja")
        ordering = ["skp", "periode", "versi"]
        indexes = [
            models.Index(fields=["periode", "status"], name="evaluasi_periode_status"),
            models.Index(fields=["penilai", "periode"], name="evaluasi_penilai_periode"),
            # The rekap's distribution counts the given results of a period per unit: with the
            # predikat in the index the database reads no evaluation row (penilaian.selectors_rekap).
            models.Index(
                fields=["periode", "skp", "predikat"],
                condition=Q(diganti_pada__isnull=True, status="diberikan"),
                name="evaluasi_diberikan_periode",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["skp", "periode", "versi"], name="evaluasi_versi_unique"),
            models.UniqueConstraint(
                fields=["skp", "periode"], condition=Q(diganti_pada__isnull=True), name="evaluasi_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skp} {self.periode} v{self.versi}"

    @property
    def is_diberikan(self) -> bool:
        return self.status == StatusEvaluasi.DIBERIKAN

    @property
    def is_editable(self) -> bool:
        return self.status == StatusEvaluasi.DRAFT and self.diganti_pada is None


class StatusKeberatan(models.TextChoices):
    DIAJUKAN = "diajukan", _("Diajukan")
    DIJELASKAN = "dijelaskan", _("Penjelasan pejabat penilai diberikan")
    DIPUTUSKAN = "diputuskan", _("Diputuskan")


class Keberatan(models.Model):
    """An objection to a given evaluation (SPEC §6.5). Every text keeps its author and time."""

    class Keputusan(models.TextChoices):
        TETAP = "tetap", _("Hasil evaluasi tetap")
        UBAH = "ubah", _("Hasil evaluasi diubah")

    evaluasi = models.OneToOneField(
        Evaluasi, on_delete=models.PROTECT, related_name="keberatan", verbose_name=_("evaluasi yang diajukan keberatan")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=StatusKeberatan.choices, default=StatusKeberatan.DIAJUKAN
    )
    alasan = models.TextField(_("alasan keberatan"))
    diajukan_oleh = models.ForeignKey(
        Pegawai, on_delete=models.PROTECT, related_name="+", verbose_name=_("diajukan oleh")
    )
    diajukan_pada = models.DateTimeField(_("diajukan pada"), default=timezone.now)
    penjelasan = models.TextField(_("penjelasan pejabat penilai"), blank=True)
    penjelasan_oleh = models.ForeignKey(
        Pegawai, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("penjelasan oleh")
    )
    penjelasan_pada = models.DateTimeField(_("penjelasan pada"), null=True, blank=True)
    keputusan = models.CharField(_("keputusan"), max_length=5, choices=Keputusan.choices, blank=True)
    rekomendasi = models.TextField(_("rekomendasi atasan pejabat penilai"), blank=True)
    diputuskan_oleh = models.ForeignKey(
        Pegawai, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("diputuskan oleh")
    )
    diputuskan_pada = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    hasil = models.OneToOneField(
        Evaluasi,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hasil_keberatan",
        verbose_name=_("hasil evaluasi setelah keberatan"),
    )

    class Meta:
        verbose_name = _("keberatan")
        verbose_name_plural = _("keberatan")
        ordering = ["-diajukan_pada"]
        indexes = [models.Index(fields=["status"], name="keberatan_status")]

    def __str__(self) -> str:
        return f"{_('Keberatan')} {self.evaluasi}"

    @property
    def is_open(self) -> bool:
        return self.status != StatusKeberatan.DIPUTUSKAN
