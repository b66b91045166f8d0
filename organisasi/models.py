from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .rules import nama_lengkap, nip_errors

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


def validate_nip(value: str) -> None:
    errors = nip_errors(value)
    if errors:
        raise ValidationError(errors)


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        abstract = True


# --- Reference data (rows loaded by migrations) -------------------------------------------


class Golongan(models.Model):
    """Pangkat/golongan ruang PNS (I/a … IV/e) and golongan PPPK (I … XVII)."""

    class Jenis(models.TextChoices):
        PNS = "PNS", _("PNS")
        PPPK = "PPPK", _("PPPK")

    kode = models.CharField(_("kode"), max_length=10)
    jenis = models.CharField(_("jenis"), max_length=4, choices=Jenis.choices)
    pangkat = models.CharField(_("pangkat"), max_length=60, blank=True)
    urutan = models.PositiveSmallIntegerField(_("urutan"))

    class Meta:
        verbose_name = _("golongan")
        verbose_name_plural = _("golongan")
        ordering = ["jenis", "urutan"]
        constraints = [models.UniqueConstraint(fields=["jenis", "kode"], name="golongan_unique_jenis_kode")]

    def __str__(self) -> str:
        return f"{self.pangkat}, {self.kode}" if self.pangkat else f"{_('Golongan')} {self.kode}"

    @property
    def label(self) -> str:
        """As printed in the "PANGKAT/GOL. RUANG" line of the forms."""
        return str(self)


class JenjangFungsional(models.Model):
    """Jenjang of a jabatan fungsional with its annual angka-kredit koefisien (PermenPANRB 1/2023)."""

    class Kategori(models.TextChoices):
        KEAHLIAN = "keahlian", _("Keahlian")
        KETERAMPILAN = "keterampilan", _("Keterampilan")

    kode = models.CharField(_("kode"), max_length=30, unique=True)
    nama = models.CharField(_("nama"), max_length=60)
    kategori = models.CharField(_("kategori"), max_length=12, choices=Kategori.choices)
    koefisien_tahunan = models.DecimalField(_("koefisien angka kredit per tahun"), max_digits=6, decimal_places=2)
    urutan = models.PositiveSmallIntegerField(_("urutan"))

    class Meta:
        verbose_name = _("jenjang jabatan fungsional")
        verbose_name_plural = _("jenjang jabatan fungsional")
        ordering = ["urutan"]

    def __str__(self) -> str:
        return self.nama


# --- Organisation --------------------------------------------------------------------------


class PeriodeEvaluasi(models.TextChoices):
    BULANAN = "bulanan", _("Bulanan")
    TRIWULANAN = "triwulanan", _("Triwulanan")
    SEMESTERAN = "semesteran", _("Semesteran")


class Instansi(TimeStamped):
    class Jenis(models.TextChoices):
        PUSAT = "pusat", _("Instansi pusat")
        DAERAH = "daerah", _("Instansi daerah")

    kode = models.CharField(_("kode"), max_length=20, unique=True)
    nama = models.CharField(_("nama"), max_length=200)
    jenis = models.CharField(_("jenis"), max_length=6, choices=Jenis.choices)
    periode_evaluasi = models.CharField(
        _("periode evaluasi"), max_length=10, choices=PeriodeEvaluasi.choices, default=PeriodeEvaluasi.TRIWULANAN
    )
    batas_keberatan_hari = models.PositiveSmallIntegerField(
        _("batas waktu keberatan (hari)"), default=14, help_text=_("Sejak hasil evaluasi diberikan kepada pegawai.")
    )
    tempat_tanda_tangan = models.CharField(
        _("tempat pada tanda tangan"), max_length=100, blank=True, help_text=_("Misalnya: Kupang.")
    )

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        ordering = ["nama"]

    def __str__(self) -> str:
        return self.nama


class UnitKerjaQuerySet(models.QuerySet["UnitKerja"]):
    def of_instansi(self, instansi: Instansi | int) -> UnitKerjaQuerySet:
        return self.filter(instansi=instansi)


class UnitKerja(TimeStamped):
    """A node of an instansi's organisation tree (Sekretariat, Bidang, Sub-bagian, UPT …)."""

    instansi = models.ForeignKey(
        Instansi, on_delete=models.PROTECT, related_name="unit_kerja", verbose_name=_("instansi")
    )
    induk = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="sub_unit", verbose_name=_("unit induk")
    )
    kode = models.CharField(_("kode"), max_length=40)
    nama = models.CharField(_("nama"), max_length=200)
    kepala = models.ForeignKey(
        "Pegawai",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="unit_dipimpin",
        verbose_name=_("kepala unit"),
    )

    objects = UnitKerjaQuerySet.as_manager()

    if TYPE_CHECKING:
        sub_unit: RelatedManager[UnitKerja]

    class Meta:
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        ordering = ["instansi", "kode"]
        constraints = [models.UniqueConstraint(fields=["instansi", "kode"], name="unitkerja_unique_instansi_kode")]

    def __str__(self) -> str:
        return self.nama

    def clean(self) -> None:
        if self.induk_id is not None:
            if self.induk is not None and self.induk.instansi_id != self.instansi_id:
                raise ValidationError({"induk": _("Unit induk harus berada di instansi yang sama.")})
            # Walk up from the chosen parent: meeting ourselves means the tree would loop.
            node: UnitKerja | None = self.induk
            while node is not None:
                if self.pk is not None and node.pk == self.pk:
                    raise ValidationError({"induk": _("Unit induk tidak boleh unit ini sendiri atau sub-unitnya.")})
                node = node.induk


class Jabatan(TimeStamped):
    class Jenis(models.TextChoices):
        JPT_UTAMA = "jpt_utama", _("JPT Utama")
        JPT_MADYA = "jpt_madya", _("JPT Madya")
        JPT_PRATAMA = "jpt_pratama", _("JPT Pratama")
        PIMPINAN_MANDIRI = "pimpinan_mandiri", _("Pimpinan unit kerja mandiri")
        ADMINISTRATOR = "administrator", _("JA Administrator")
        PENGAWAS = "pengawas", _("JA Pengawas")
        PELAKSANA = "pelaksana", _("JA Pelaksana")
        FUNGSIONAL = "fungsional", _("Jabatan fungsional")

    JPT_FORM_KINDS = frozenset({Jenis.JPT_UTAMA, Jenis.JPT_MADYA, Jenis.JPT_PRATAMA, Jenis.PIMPINAN_MANDIRI})

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="jabatan", verbose_name=_("instansi"))
    kode = models.CharField(_("kode"), max_length=40)
    nama = models.CharField(_("nama jabatan"), max_length=200)
    jenis = models.CharField(_("jenis jabatan"), max_length=20, choices=Jenis.choices)
    jenjang = models.ForeignKey(
        JenjangFungsional,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("jenjang (JF)"),
    )
    uraian_tugas = models.TextField(_("uraian tugas"), blank=True)

    class Meta:
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")
        ordering = ["instansi", "nama"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "kode"], name="jabatan_unique_instansi_kode"),
            models.CheckConstraint(
                condition=Q(jenis="fungsional", jenjang__isnull=False)
                | (~Q(jenis="fungsional") & Q(jenjang__isnull=True)),
                name="jabatan_jenjang_only_for_jf",
            ),
        ]

    def __str__(self) -> str:
        return self.nama

    def clean(self) -> None:
        if self.jenis == self.Jenis.FUNGSIONAL and self.jenjang_id is None:
            raise ValidationError({"jenjang": _("Jabatan fungsional wajib memiliki jenjang.")})
        if self.jenis != self.Jenis.FUNGSIONAL and self.jenjang_id is not None:
            raise ValidationError({"jenjang": _("Jenjang hanya untuk jabatan fungsional.")})

    @property
    def is_jpt_form(self) -> bool:
        """SKP form type: JPT forms for JPT and pimpinan unit kerja mandiri, JA/JF for the rest."""
        return self.jenis in self.JPT_FORM_KINDS

    @property
    def skp_form_label(self) -> str:
        return "JPT" if self.is_jpt_form else "JA/JF"


class PegawaiQuerySet(models.QuerySet["Pegawai"]):
    def with_identity(self) -> PegawaiQuerySet:
        """Everything an identity block shows, in one query."""
        return self.select_related("golongan", "jabatan", "jabatan__jenjang", "unit_kerja", "instansi")

    def search(self, q: str) -> PegawaiQuerySet:
        q = q.strip()
        if not q:
            return self
        digits = q.replace(" ", "")
        if digits.isdigit():
            return self.filter(nip__startswith=digits)
        return self.filter(nama__icontains=q)

    def active(self) -> PegawaiQuerySet:
        return self.filter(aktif=True)


class Pegawai(TimeStamped):
    class Status(models.TextChoices):
        PNS = "PNS", _("PNS")
        CPNS = "CPNS", _("CPNS")
        PPPK = "PPPK", _("PPPK")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="pegawai", verbose_name=_("instansi"))
    nip = models.CharField(_("NIP"), max_length=18, unique=True, validators=[validate_nip])
    nama = models.CharField(_("nama"), max_length=150)
    gelar_depan = models.CharField(_("gelar depan"), max_length=40, blank=True)
    gelar_belakang = models.CharField(_("gelar belakang"), max_length=80, blank=True)
    status = models.CharField(_("status kepegawaian"), max_length=4, choices=Status.choices)
    golongan = models.ForeignKey(
        Golongan, on_delete=models.PROTECT, related_name="+", verbose_name=_("pangkat/golongan")
    )
    jabatan = models.ForeignKey(
        Jabatan, on_delete=models.PROTECT, null=True, blank=True, related_name="pemangku", verbose_name=_("jabatan")
    )
    unit_kerja = models.ForeignKey(
        UnitKerja, on_delete=models.PROTECT, null=True, blank=True, related_name="pegawai", verbose_name=_("unit kerja")
    )
    atasan = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bawahan",
        verbose_name=_("atasan langsung"),
    )
    rekan_kerja = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="direkan_oleh", verbose_name=_("rekan kerja")
    )
    tugas_belajar = models.BooleanField(_("tugas belajar"), default=False)
    aktif = models.BooleanField(_("aktif"), default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pegawai",
        verbose_name=_("akun"),
    )

    objects = PegawaiQuerySet.as_manager()

    if TYPE_CHECKING:
        bawahan: RelatedManager[Pegawai]

    class Meta:
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        ordering = ["nama"]
        indexes = [
            models.Index(fields=["instansi", "nama"], name="pegawai_instansi_nama"),
            models.Index(fields=["instansi", "unit_kerja"], name="pegawai_instansi_unit"),
        ]

    def __str__(self) -> str:
        return self.nama_lengkap

    @property
    def nama_lengkap(self) -> str:
        return nama_lengkap(self.nama, self.gelar_depan, self.gelar_belakang)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        expected_jenis = Golongan.Jenis.PPPK if self.status == self.Status.PPPK else Golongan.Jenis.PNS
        if self.golongan_id is not None and self.golongan.jenis != expected_jenis:
            errors["golongan"] = str(_("Golongan tidak sesuai dengan status kepegawaian."))
        if (
            self.unit_kerja_id is not None
            and self.unit_kerja is not None
            and self.unit_kerja.instansi_id != self.instansi_id
        ):
            errors["unit_kerja"] = str(_("Unit kerja harus berada di instansi pegawai."))
        if self.jabatan_id is not None and self.jabatan is not None and self.jabatan.instansi_id != self.instansi_id:
            errors["jabatan"] = str(_("Jabatan harus berada di instansi pegawai."))
        if self.atasan_id is not None:
            node: Pegawai | None = self.atasan
            while node is not None:
                if self.pk is not None and node.pk == self.pk:
                    errors["atasan"] = str(_("Atasan tidak boleh pegawai ini sendiri atau bawahannya."))
                    break
                node = node.atasan
        if errors:
            raise ValidationError(errors)


class TimKerja(TimeStamped):
    """Agile team (Ketua Tim + Anggota Tim), used by the Matriks Peran Hasil."""

    instansi = models.ForeignKey(
        Instansi, on_delete=models.PROTECT, related_name="tim_kerja", verbose_name=_("instansi")
    )
    unit_kerja = models.ForeignKey(
        UnitKerja, on_delete=models.PROTECT, related_name="tim_kerja", verbose_name=_("unit kerja")
    )
    nama = models.CharField(_("nama tim"), max_length=200)
    ketua = models.ForeignKey(
        Pegawai, on_delete=models.PROTECT, related_name="tim_dipimpin", verbose_name=_("ketua tim")
    )
    anggota = models.ManyToManyField(Pegawai, blank=True, related_name="tim_kerja", verbose_name=_("anggota tim"))

    class Meta:
        verbose_name = _("tim kerja")
        verbose_name_plural = _("tim kerja")
        ordering = ["unit_kerja", "nama"]

    def __str__(self) -> str:
        return self.nama


class OperatorRole(TimeStamped):
    """Grants a user the operator / pengelola kinerja role over an instansi, or one unit's subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="operator_roles", verbose_name=_("akun")
    )
    instansi = models.ForeignKey(
        Instansi, on_delete=models.CASCADE, related_name="operator_roles", verbose_name=_("instansi")
    )
    unit_kerja = models.ForeignKey(
        UnitKerja,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="operator_roles",
        verbose_name=_("unit kerja"),
        help_text=_("Kosongkan untuk seluruh instansi."),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diberikan oleh"),
    )

    class Meta:
        verbose_name = _("peran operator")
        verbose_name_plural = _("peran operator")
        constraints = [
            models.UniqueConstraint(fields=["user", "instansi", "unit_kerja"], name="operatorrole_unique"),
            models.UniqueConstraint(
                fields=["user", "instansi"], condition=Q(unit_kerja__isnull=True), name="operatorrole_unique_instansi"
            ),
        ]

    def __str__(self) -> str:
        scope = self.unit_kerja or self.instansi
        return f"{self.user} — {scope}"


class ImportJob(TimeStamped):
    """One uploaded CSV/XLSX file: validated first (dry run), then applied all-or-nothing."""

    class Jenis(models.TextChoices):
        UNIT_KERJA = "unit_kerja", _("Unit kerja")
        JABATAN = "jabatan", _("Jabatan")
        PEGAWAI = "pegawai", _("Pegawai")

    class Status(models.TextChoices):
        MENUNGGU_VALIDASI = "menunggu_validasi", _("Menunggu validasi")
        MEMVALIDASI = "memvalidasi", _("Sedang divalidasi")
        TERVALIDASI = "tervalidasi", _("Siap diterapkan")
        DITOLAK = "ditolak", _("Ada baris yang salah")
        MENUNGGU_PENERAPAN = "menunggu_penerapan", _("Menunggu penerapan")
        MENERAPKAN = "menerapkan", _("Sedang diterapkan")
        DITERAPKAN = "diterapkan", _("Selesai diterapkan")
        GAGAL = "gagal", _("Gagal")

    instansi = models.ForeignKey(
        Instansi, on_delete=models.CASCADE, related_name="import_jobs", verbose_name=_("instansi")
    )
    jenis = models.CharField(_("jenis data"), max_length=12, choices=Jenis.choices)
    file = models.FileField(_("berkas"), upload_to="imports/%Y/%m/")
    nama_berkas = models.CharField(_("nama berkas"), max_length=255)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.MENUNGGU_VALIDASI)
    total_baris = models.PositiveIntegerField(_("jumlah baris"), default=0)
    laporan = models.JSONField(_("laporan"), default=dict, blank=True)
    pesan_galat = models.TextField(_("pesan galat"), blank=True)
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("diunggah oleh"),
    )
    diterapkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diterapkan oleh"),
    )
    diterapkan_pada = models.DateTimeField(_("diterapkan pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("impor data")
        verbose_name_plural = _("impor data")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["instansi", "-created_at"], name="importjob_instansi_created")]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} — {self.nama_berkas}"
