from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisasi.models import Jabatan, Pegawai, TimeStamped, UnitKerja


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


# --- Perjanjian Kinerja (SPEC §4.1) --------------------------------------------------------


class PerjanjianKinerja(TimeStamped):
    """A unit's performance agreement for one year, signed by its head."""

    unit_kerja = models.ForeignKey(
        UnitKerja, on_delete=models.PROTECT, related_name="perjanjian_kinerja", verbose_name=_("unit kerja")
    )
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("perjanjian kinerja")
        verbose_name_plural = _("perjanjian kinerja")
        ordering = ["-tahun", "unit_kerja"]
        constraints = [models.UniqueConstraint(fields=["unit_kerja", "tahun"], name="pk_unique_unit_tahun")]

    def __str__(self) -> str:
        return f"{self.unit_kerja} {self.tahun}"


class SasaranStrategis(TimeStamped):
    perjanjian = models.ForeignKey(
        PerjanjianKinerja, on_delete=models.CASCADE, related_name="sasaran", verbose_name=_("perjanjian kinerja")
    )
    teks = models.TextField(_("sasaran strategis"))
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("sasaran strategis")
        verbose_name_plural = _("sasaran strategis")
        ordering = ["perjanjian", "urutan", "pk"]

    def __str__(self) -> str:
        return self.teks


class IndikatorKinerja(TimeStamped):
    """An indikator of a sasaran strategis with its target, as in the PK table of seed 003."""

    sasaran = models.ForeignKey(
        SasaranStrategis, on_delete=models.CASCADE, related_name="indikator", verbose_name=_("sasaran strategis")
    )
    teks = models.TextField(_("indikator"))
    target = models.DecimalField(_("target"), max_digits=18, decimal_places=4)
    satuan = models.ForeignKey(Satuan, on_delete=models.PROTECT, related_name="+", verbose_name=_("satuan"))
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("indikator kinerja")
        verbose_name_plural = _("indikator kinerja")
        ordering = ["sasaran", "urutan", "pk"]

    def __str__(self) -> str:
        return self.teks


# --- SKP (SPEC §4.2) -----------------------------------------------------------------------


class Pendekatan(models.TextChoices):
    KUANTITATIF = "kuantitatif", _("Kuantitatif")
    KUALITATIF = "kualitatif", _("Kualitatif")


class JenisFormSkp(models.TextChoices):
    JPT = "jpt", _("JPT")
    JAJF = "jajf", _("JA/JF")


class StatusSkp(models.TextChoices):
    DRAFT = "draft", _("Draf")
    DIAJUKAN = "diajukan", _("Diajukan")
    DIKEMBALIKAN = "dikembalikan", _("Dikembalikan")
    DITETAPKAN = "ditetapkan", _("Ditetapkan")
    DIREVISI = "direvisi", _("Digantikan revisi")


class SkpQuerySet(models.QuerySet["Skp"]):
    def current(self) -> SkpQuerySet:
        """Versions still in force: an SKP replaced by its revision is history."""
        return self.exclude(status=StatusSkp.DIREVISI)

    def of_year(self, tahun: int) -> SkpQuerySet:
        return self.filter(periode_mulai__year=tahun)


class Skp(TimeStamped):
    """One SKP of a pegawai for a period inside one year; revisions are new rows (versi + 1)."""

    EDITABLE_STATUSES = frozenset({StatusSkp.DRAFT, StatusSkp.DIKEMBALIKAN})

    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="skp", verbose_name=_("pegawai"))
    jabatan = models.ForeignKey(Jabatan, on_delete=models.PROTECT, related_name="+", verbose_name=_("jabatan"))
    unit_kerja = models.ForeignKey(
        UnitKerja, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit kerja")
    )
    pejabat_penilai = models.ForeignKey(
        Pegawai,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="skp_dinilai",
        verbose_name=_("pejabat penilai kinerja"),
    )
    periode_mulai = models.DateField(_("dari tanggal"))
    periode_selesai = models.DateField(_("sampai tanggal"))
    pendekatan = models.CharField(_("pendekatan"), max_length=12, choices=Pendekatan.choices)
    jenis_form = models.CharField(_("jenis SKP"), max_length=4, choices=JenisFormSkp.choices)
    status = models.CharField(_("status"), max_length=12, choices=StatusSkp.choices, default=StatusSkp.DRAFT)
    versi = models.PositiveSmallIntegerField(_("versi"), default=1)
    # Counts every change of the plan (RHK, IKI, perilaku, lampiran, rencana aksi …), so an edit
    # form opened before someone else's change can be recognised and refused (no silent overwrite).
    versi_rencana = models.PositiveIntegerField(_("versi rencana"), default=0, editable=False)
    revisi_dari = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="revisi", verbose_name=_("revisi dari")
    )
    alasan_revisi = models.TextField(_("alasan revisi"), blank=True)
    catatan_pengembalian = models.TextField(_("catatan pengembalian"), blank=True)
    diajukan_pada = models.DateTimeField(_("diajukan pada"), null=True, blank=True)
    ditetapkan_pada = models.DateTimeField(_("ditetapkan pada"), null=True, blank=True)
    ditetapkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ditetapkan oleh"),
    )
    identitas = models.JSONField(
        _("identitas saat ditetapkan"),
        default=dict,
        blank=True,
        help_text=_("Identitas pegawai, pejabat penilai dan atasannya pada saat SKP ditetapkan."),
    )

    objects = SkpQuerySet.as_manager()

    class Meta:
        verbose_name = _("SKP")
        verbose_name_plural = _("SKP")
        ordering = ["-periode_mulai", "pegawai"]
        indexes = [
            models.Index(fields=["pegawai", "periode_mulai"], name="skp_pegawai_periode"),
            models.Index(fields=["pejabat_penilai", "status"], name="skp_penilai_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(periode_mulai__lte=models.F("periode_selesai")), name="skp_periode_urut"
            ),
        ]

    def __str__(self) -> str:
        return f"SKP {self.pegawai} {self.periode_mulai:%d-%m-%Y}–{self.periode_selesai:%d-%m-%Y}"

    @property
    def tahun(self) -> int:
        return self.periode_mulai.year

    @property
    def is_editable(self) -> bool:
        """Its plan may be changed by the pegawai (draft, or returned to them)."""
        return self.status in self.EDITABLE_STATUSES

    @property
    def is_jpt(self) -> bool:
        return self.jenis_form == JenisFormSkp.JPT

    @property
    def is_kuantitatif(self) -> bool:
        return self.pendekatan == Pendekatan.KUANTITATIF

    @property
    def terlambat_ditetapkan(self) -> bool:
        """Not set by 31 January of its year (SPEC §4.2): flagged on the monitoring dashboard."""
        if self.status == StatusSkp.DIREVISI:
            return False
        batas = date(self.tahun, 1, 31)
        if self.ditetapkan_pada is not None:
            return self.versi == 1 and timezone.localdate(self.ditetapkan_pada) > batas
        return timezone.localdate() > batas


class RiwayatSkp(models.Model):
    """Every status change of an SKP: who, when, from what to what, and the note given."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="riwayat", verbose_name=_("SKP"))
    dari_status = models.CharField(_("dari status"), max_length=12, choices=StatusSkp.choices, blank=True)
    ke_status = models.CharField(_("ke status"), max_length=12, choices=StatusSkp.choices)
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    pada = models.DateTimeField(_("pada"), default=timezone.now)
    catatan = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("riwayat SKP")
        verbose_name_plural = _("riwayat SKP")
        ordering = ["skp", "pada", "pk"]

    def __str__(self) -> str:
        return f"{self.skp_id}: {self.dari_status} → {self.ke_status}"


class JenisRhk(models.TextChoices):
    UTAMA = "utama", _("Utama")
    TAMBAHAN = "tambahan", _("Tambahan")


class Rhk(TimeStamped):
    """Rencana Hasil Kerja (for JPT: rencana kinerja) of an SKP."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="rhk", verbose_name=_("SKP"))
    jenis = models.CharField(_("jenis"), max_length=8, choices=JenisRhk.choices)
    teks = models.TextField(_("rencana hasil kerja"))
    penugasan_dari = models.CharField(_("penugasan dari"), max_length=255, blank=True)
    intervensi = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="diintervensi_oleh",
        verbose_name=_("RHK pimpinan yang diintervensi"),
    )
    sasaran_pk = models.ForeignKey(
        SasaranStrategis,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rhk_salinan",
        verbose_name=_("disalin dari sasaran strategis"),
    )
    peran_asal = models.ForeignKey(
        "PeranHasil",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rhk_salinan",
        verbose_name=_("disalin dari peran hasil"),
    )
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("rencana hasil kerja")
        verbose_name_plural = _("rencana hasil kerja")
        ordering = ["skp", "jenis", "urutan", "pk"]

    def __str__(self) -> str:
        return self.teks


class Iki(TimeStamped):
    """Indikator Kinerja Individu of an RHK; target a value, a range (min–max) or a description."""

    rhk = models.ForeignKey(Rhk, on_delete=models.CASCADE, related_name="iki", verbose_name=_("RHK"))
    teks = models.TextField(_("indikator kinerja individu"))
    aspek = models.CharField(_("aspek"), max_length=10, choices=AspekHasilKerja.choices, blank=True)
    perspektif = models.CharField(_("perspektif"), max_length=20, choices=Perspektif.choices, blank=True)
    target_min = models.DecimalField(_("target"), max_digits=18, decimal_places=4, null=True, blank=True)
    target_max = models.DecimalField(
        _("target maksimum"),
        max_digits=18,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Isi untuk target rentang."),
    )
    target_teks = models.TextField(_("target (deskriptif)"), blank=True)
    satuan = models.ForeignKey(
        Satuan, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("satuan")
    )
    indikator_pk = models.ForeignKey(
        IndikatorKinerja,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="iki_salinan",
        verbose_name=_("disalin dari indikator PK"),
    )
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("indikator kinerja individu")
        verbose_name_plural = _("indikator kinerja individu")
        ordering = ["rhk", "urutan", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_max__isnull=True) | Q(target_min__lte=models.F("target_max")),
                name="iki_target_min_le_max",
            ),
        ]

    def __str__(self) -> str:
        return self.teks

    @property
    def is_range(self) -> bool:
        return self.target_max is not None and self.target_max != self.target_min


class ManualIndikator(TimeStamped):
    """Manual Indikator Kinerja of a JPT IKI (SPEC §4.2, seed 000 lampiran 5)."""

    class JenisKendali(models.TextChoices):
        OUTCOME = "outcome", _("Outcome")
        OUTCOME_ANTARA = "outcome_antara", _("Outcome antara")
        OUTPUT_SEDANG = "output_kendali_sedang", _("Output kendali sedang")
        OUTPUT_RENDAH = "output_kendali_rendah", _("Output kendali rendah")

    class PeriodePelaporan(models.TextChoices):
        BULANAN = "bulanan", _("Bulanan")
        TRIWULANAN = "triwulanan", _("Triwulanan")
        SEMESTERAN = "semesteran", _("Semesteran")
        TAHUNAN = "tahunan", _("Tahunan")

    iki = models.OneToOneField(Iki, on_delete=models.CASCADE, related_name="manual", verbose_name=_("IKI"))
    deskripsi_rencana_kerja = models.TextField(_("deskripsi rencana kerja"), blank=True)
    definisi = models.TextField(_("definisi"))
    formula = models.TextField(_("formula"), blank=True)
    tujuan = models.TextField(_("tujuan"))
    satuan_pengukuran = models.CharField(_("satuan pengukuran"), max_length=100)
    jenis_kendali = models.CharField(_("jenis/kualitas tingkat kendali"), max_length=24, choices=JenisKendali.choices)
    penanggung_jawab = models.CharField(_("penanggung jawab"), max_length=200)
    penyedia_data = models.CharField(_("pihak penyedia data"), max_length=200)
    sumber_data = models.CharField(_("sumber data"), max_length=255)
    periode_pelaporan = models.CharField(_("periode pelaporan"), max_length=12, choices=PeriodePelaporan.choices)

    class Meta:
        verbose_name = _("manual indikator")
        verbose_name_plural = _("manual indikator")

    def __str__(self) -> str:
        return str(self.iki)


class PenilaiPerilaku(models.TextChoices):
    ATASAN = "atasan", _("Atasan")
    REKAN = "rekan", _("Rekan kerja")
    BAWAHAN = "bawahan", _("Bawahan")


class PerilakuSkp(TimeStamped):
    """One BerAKHLAK aspect on one SKP: the pimpinan's special expectation and who rates it."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="perilaku", verbose_name=_("SKP"))
    aspek = models.ForeignKey(AspekPerilaku, on_delete=models.PROTECT, related_name="+", verbose_name=_("aspek"))
    ekspektasi_khusus = models.TextField(_("ekspektasi khusus pimpinan"), blank=True)
    jenis_penilai = models.CharField(
        _("penilai"), max_length=8, choices=PenilaiPerilaku.choices, default=PenilaiPerilaku.ATASAN
    )
    penilai = models.ForeignKey(
        Pegawai,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="perilaku_dinilai",
        verbose_name=_("pegawai penilai"),
        help_text=_("Kosong untuk atasan: pejabat penilai SKP."),
    )

    class Meta:
        verbose_name = _("perilaku kerja SKP")
        verbose_name_plural = _("perilaku kerja SKP")
        ordering = ["skp", "aspek__urutan"]
        constraints = [models.UniqueConstraint(fields=["skp", "aspek"], name="perilakuskp_unique_aspek")]
        indexes = [models.Index(fields=["penilai"], name="perilakuskp_penilai")]

    def __str__(self) -> str:
        return f"{self.skp_id} {self.aspek}"


class LampiranSkp(TimeStamped):
    """A line of the Lampiran SKP (seed 000 lampiran 3)."""

    class Jenis(models.TextChoices):
        DUKUNGAN_SUMBER_DAYA = "dukungan_sumber_daya", _("Dukungan sumber daya")
        SKEMA_PERTANGGUNGJAWABAN = "skema_pertanggungjawaban", _("Skema pertanggungjawaban")
        KONSEKUENSI = "konsekuensi", _("Konsekuensi")

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="lampiran", verbose_name=_("SKP"))
    jenis = models.CharField(_("jenis"), max_length=26, choices=Jenis.choices)
    teks = models.TextField(_("isi"))
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("lampiran SKP")
        verbose_name_plural = _("lampiran SKP")
        ordering = ["skp", "jenis", "urutan", "pk"]

    def __str__(self) -> str:
        return self.teks


class RencanaAksi(TimeStamped):
    rhk = models.ForeignKey(Rhk, on_delete=models.CASCADE, related_name="rencana_aksi", verbose_name=_("RHK"))
    teks = models.TextField(_("rencana aksi"))
    target_periode = models.CharField(
        _("target periode"), max_length=60, blank=True, help_text=_("Misalnya: Triwulan I, Maret.")
    )
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("rencana aksi")
        verbose_name_plural = _("rencana aksi")
        ordering = ["rhk", "urutan", "pk"]

    def __str__(self) -> str:
        return self.teks


class Workblock(TimeStamped):
    """Workblock of a leader's SKP (non-direct cascading, seed 000 lampiran 2)."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="workblock", verbose_name=_("SKP"))
    judul = models.TextField(_("judul inisiatif strategi pencapaian IKU"))
    pemilik_strategi = models.CharField(_("pemilik strategi"), max_length=200)
    waktu_penyelesaian = models.CharField(_("waktu penyelesaian"), max_length=100)
    tujuan = models.TextField(_("tujuan"))
    indikator_target = models.TextField(_("indikator dan target yang diintervensi"))
    pihak_terlibat = models.TextField(_("pihak yang terlibat"), blank=True)
    penerima_manfaat = models.TextField(_("penerima manfaat"), blank=True)
    anggaran = models.CharField(_("anggaran"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("workblock")
        verbose_name_plural = _("workblock")
        ordering = ["skp", "pk"]

    def __str__(self) -> str:
        return self.judul


class WorkblockItem(TimeStamped):
    class Jenis(models.TextChoices):
        STRATEGI = "strategi", _("Strategi (kegiatan kunci)")
        KELUARAN = "keluaran", _("Keluaran kunci (milestone)")

    class Sifat(models.TextChoices):
        RUTIN = "rutin", _("Rutin")
        TRANSFORMATIF = "transformatif", _("Transformatif")

    workblock = models.ForeignKey(
        Workblock, on_delete=models.CASCADE, related_name="items", verbose_name=_("workblock")
    )
    jenis = models.CharField(_("jenis"), max_length=10, choices=Jenis.choices)
    sifat = models.CharField(_("sifat"), max_length=14, choices=Sifat.choices)
    teks = models.TextField(_("isi"))
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("butir workblock")
        verbose_name_plural = _("butir workblock")
        ordering = ["workblock", "jenis", "sifat", "urutan", "pk"]

    def __str__(self) -> str:
        return self.teks


# --- Matriks Peran Hasil (SPEC §4.3) -------------------------------------------------------


class MatriksPeranHasil(TimeStamped):
    """A leader divides one of their RHK among subordinates (seed 000 lampiran 1, seed 004)."""

    rhk = models.OneToOneField(Rhk, on_delete=models.CASCADE, related_name="matriks", verbose_name=_("RHK pimpinan"))

    class Meta:
        verbose_name = _("matriks peran hasil")
        verbose_name_plural = _("matriks peran hasil")

    def __str__(self) -> str:
        return str(self.rhk)


class KolomMatriks(TimeStamped):
    """A product/layanan column: intermediate outcome, output or layanan of the team."""

    matriks = models.ForeignKey(MatriksPeranHasil, on_delete=models.CASCADE, related_name="kolom")
    nama = models.TextField(_("produk/layanan"))
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("kolom matriks")
        verbose_name_plural = _("kolom matriks")
        ordering = ["matriks", "urutan", "pk"]

    def __str__(self) -> str:
        return self.nama


class BarisMatriks(TimeStamped):
    class JabatanTim(models.TextChoices):
        KETUA_TIM = "ketua_tim", _("Ketua Tim")
        ANGGOTA_TIM = "anggota_tim", _("Anggota Tim")
        JF_LANGSUNG = "jf_langsung", _("JF di bawah JPT")

    matriks = models.ForeignKey(MatriksPeranHasil, on_delete=models.CASCADE, related_name="baris")
    pegawai = models.ForeignKey(
        Pegawai, on_delete=models.PROTECT, related_name="baris_matriks", verbose_name=_("pegawai")
    )
    jabatan_tim = models.CharField(_("jabatan tim kerja"), max_length=12, choices=JabatanTim.choices)
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("baris matriks")
        verbose_name_plural = _("baris matriks")
        ordering = ["matriks", "urutan", "pk"]
        constraints = [models.UniqueConstraint(fields=["matriks", "pegawai"], name="barismatriks_unique_pegawai")]

    def __str__(self) -> str:
        return str(self.pegawai)


class PeranHasil(TimeStamped):
    """The peran of one subordinate for one column; no row means "tidak ada peran"."""

    baris = models.ForeignKey(BarisMatriks, on_delete=models.CASCADE, related_name="peran")
    kolom = models.ForeignKey(KolomMatriks, on_delete=models.CASCADE, related_name="peran")
    teks = models.TextField(_("peran hasil"))

    class Meta:
        verbose_name = _("peran hasil")
        verbose_name_plural = _("peran hasil")
        ordering = ["baris", "kolom__urutan", "pk"]
        constraints = [models.UniqueConstraint(fields=["baris", "kolom"], name="peranhasil_unique_sel")]

    def __str__(self) -> str:
        return self.teks
