from django.contrib import admin

from .models import (
    AspekPerilaku,
    BarisMatriks,
    Iki,
    IndikatorKinerja,
    KolomMatriks,
    LampiranSkp,
    ManualIndikator,
    MatriksPeranHasil,
    PanduanPerilaku,
    PeranHasil,
    PerilakuSkp,
    PerjanjianKinerja,
    RencanaAksi,
    Rhk,
    RiwayatSkp,
    SasaranStrategis,
    Satuan,
    Skp,
    Workblock,
    WorkblockItem,
)


class PanduanPerilakuInline(admin.TabularInline[PanduanPerilaku, AspekPerilaku]):
    model = PanduanPerilaku
    extra = 0


@admin.register(AspekPerilaku)
class AspekPerilakuAdmin(admin.ModelAdmin[AspekPerilaku]):
    list_display = ("urutan", "nama", "kode")
    search_fields = ("nama", "kode")
    inlines = [PanduanPerilakuInline]


@admin.register(PanduanPerilaku)
class PanduanPerilakuAdmin(admin.ModelAdmin[PanduanPerilaku]):
    list_display = ("aspek", "urutan", "teks")
    list_filter = ("aspek",)
    search_fields = ("teks",)


@admin.register(Satuan)
class SatuanAdmin(admin.ModelAdmin[Satuan]):
    list_display = ("nama", "urutan", "aktif")
    list_filter = ("aktif",)
    search_fields = ("nama",)


class SasaranInline(admin.StackedInline[SasaranStrategis, PerjanjianKinerja]):
    model = SasaranStrategis
    extra = 0


@admin.register(PerjanjianKinerja)
class PerjanjianKinerjaAdmin(admin.ModelAdmin[PerjanjianKinerja]):
    list_display = ("unit_kerja", "tahun")
    list_filter = ("tahun", "unit_kerja__instansi")
    search_fields = ("unit_kerja__nama",)
    list_select_related = ("unit_kerja",)
    inlines = [SasaranInline]


@admin.register(SasaranStrategis)
class SasaranStrategisAdmin(admin.ModelAdmin[SasaranStrategis]):
    list_display = ("teks", "perjanjian")
    search_fields = ("teks",)
    list_select_related = ("perjanjian__unit_kerja",)


@admin.register(IndikatorKinerja)
class IndikatorKinerjaAdmin(admin.ModelAdmin[IndikatorKinerja]):
    list_display = ("teks", "target", "satuan", "sasaran")
    search_fields = ("teks",)
    list_select_related = ("satuan", "sasaran")


class RiwayatInline(admin.TabularInline[RiwayatSkp, Skp]):
    model = RiwayatSkp
    extra = 0
    readonly_fields = ("dari_status", "ke_status", "oleh", "pada", "catatan")
    can_delete = False


@admin.register(Skp)
class SkpAdmin(admin.ModelAdmin[Skp]):
    list_display = ("pegawai", "periode_mulai", "periode_selesai", "pendekatan", "jenis_form", "status", "versi")
    list_filter = ("status", "pendekatan", "jenis_form", "pegawai__instansi")
    search_fields = ("pegawai__nip", "pegawai__nama")
    list_select_related = ("pegawai",)
    raw_id_fields = ("pegawai", "pejabat_penilai", "jabatan", "unit_kerja", "revisi_dari", "ditetapkan_oleh")
    readonly_fields = ("identitas",)
    inlines = [RiwayatInline]


@admin.register(RiwayatSkp)
class RiwayatSkpAdmin(admin.ModelAdmin[RiwayatSkp]):
    list_display = ("skp", "dari_status", "ke_status", "oleh", "pada")
    list_filter = ("ke_status",)
    search_fields = ("skp__pegawai__nip", "skp__pegawai__nama")
    list_select_related = ("skp__pegawai", "oleh")


@admin.register(Rhk)
class RhkAdmin(admin.ModelAdmin[Rhk]):
    list_display = ("teks", "jenis", "skp")
    list_filter = ("jenis",)
    search_fields = ("teks", "skp__pegawai__nip")
    list_select_related = ("skp__pegawai",)
    raw_id_fields = ("skp", "intervensi", "sasaran_pk", "peran_asal")


@admin.register(Iki)
class IkiAdmin(admin.ModelAdmin[Iki]):
    list_display = ("teks", "aspek", "perspektif", "target_min", "target_max", "satuan")
    list_filter = ("aspek", "perspektif")
    search_fields = ("teks",)
    list_select_related = ("satuan",)
    raw_id_fields = ("rhk", "indikator_pk")


@admin.register(ManualIndikator)
class ManualIndikatorAdmin(admin.ModelAdmin[ManualIndikator]):
    list_display = ("iki", "jenis_kendali", "periode_pelaporan")
    list_filter = ("jenis_kendali", "periode_pelaporan")
    search_fields = ("iki__teks", "definisi")
    raw_id_fields = ("iki",)


@admin.register(PerilakuSkp)
class PerilakuSkpAdmin(admin.ModelAdmin[PerilakuSkp]):
    list_display = ("skp", "aspek", "jenis_penilai", "penilai")
    list_filter = ("aspek", "jenis_penilai")
    search_fields = ("skp__pegawai__nip", "skp__pegawai__nama")
    list_select_related = ("skp__pegawai", "aspek", "penilai")
    raw_id_fields = ("skp", "penilai")


@admin.register(LampiranSkp)
class LampiranSkpAdmin(admin.ModelAdmin[LampiranSkp]):
    list_display = ("skp", "jenis", "teks")
    list_filter = ("jenis",)
    search_fields = ("teks",)
    raw_id_fields = ("skp",)


@admin.register(RencanaAksi)
class RencanaAksiAdmin(admin.ModelAdmin[RencanaAksi]):
    list_display = ("teks", "target_periode", "rhk")
    search_fields = ("teks",)
    raw_id_fields = ("rhk",)


class WorkblockItemInline(admin.TabularInline[WorkblockItem, Workblock]):
    model = WorkblockItem
    extra = 0


@admin.register(Workblock)
class WorkblockAdmin(admin.ModelAdmin[Workblock]):
    list_display = ("judul", "pemilik_strategi", "skp")
    search_fields = ("judul",)
    raw_id_fields = ("skp",)
    inlines = [WorkblockItemInline]


@admin.register(WorkblockItem)
class WorkblockItemAdmin(admin.ModelAdmin[WorkblockItem]):
    list_display = ("teks", "jenis", "sifat", "workblock")
    list_filter = ("jenis", "sifat")
    search_fields = ("teks",)
    raw_id_fields = ("workblock",)


class KolomInline(admin.TabularInline[KolomMatriks, MatriksPeranHasil]):
    model = KolomMatriks
    extra = 0


class BarisInline(admin.TabularInline[BarisMatriks, MatriksPeranHasil]):
    model = BarisMatriks
    extra = 0
    raw_id_fields = ("pegawai",)


@admin.register(MatriksPeranHasil)
class MatriksPeranHasilAdmin(admin.ModelAdmin[MatriksPeranHasil]):
    list_display = ("rhk",)
    search_fields = ("rhk__teks", "rhk__skp__pegawai__nama")
    raw_id_fields = ("rhk",)
    inlines = [KolomInline, BarisInline]


@admin.register(KolomMatriks)
class KolomMatriksAdmin(admin.ModelAdmin[KolomMatriks]):
    list_display = ("nama", "matriks", "urutan")
    search_fields = ("nama",)
    raw_id_fields = ("matriks",)


@admin.register(BarisMatriks)
class BarisMatriksAdmin(admin.ModelAdmin[BarisMatriks]):
    list_display = ("pegawai", "jabatan_tim", "matriks")
    list_filter = ("jabatan_tim",)
    search_fields = ("pegawai__nama", "pegawai__nip")
    raw_id_fields = ("matriks", "pegawai")


@admin.register(PeranHasil)
class PeranHasilAdmin(admin.ModelAdmin[PeranHasil]):
    list_display = ("teks", "baris", "kolom")
    search_fields = ("teks",)
    raw_id_fields = ("baris", "kolom")
