from django.contrib import admin

from .models import (
    Golongan,
    ImportJob,
    Instansi,
    Jabatan,
    JenjangFungsional,
    OperatorRole,
    Pegawai,
    TimKerja,
    UnitKerja,
)


@admin.register(Golongan)
class GolonganAdmin(admin.ModelAdmin[Golongan]):
    list_display = ("kode", "pangkat", "jenis", "urutan")
    list_filter = ("jenis",)
    search_fields = ("kode", "pangkat")


@admin.register(JenjangFungsional)
class JenjangFungsionalAdmin(admin.ModelAdmin[JenjangFungsional]):
    list_display = ("nama", "kode", "kategori", "koefisien_tahunan", "urutan")
    list_filter = ("kategori",)
    search_fields = ("nama", "kode")


@admin.register(Instansi)
class InstansiAdmin(admin.ModelAdmin[Instansi]):
    list_display = ("nama", "kode", "jenis", "periode_evaluasi", "batas_keberatan_hari")
    list_filter = ("jenis", "periode_evaluasi")
    search_fields = ("nama", "kode")


@admin.register(UnitKerja)
class UnitKerjaAdmin(admin.ModelAdmin[UnitKerja]):
    list_display = ("nama", "kode", "instansi", "induk", "kepala")
    list_filter = ("instansi",)
    search_fields = ("nama", "kode")
    list_select_related = ("instansi", "induk", "kepala")
    raw_id_fields = ("induk", "kepala")


@admin.register(Jabatan)
class JabatanAdmin(admin.ModelAdmin[Jabatan]):
    list_display = ("nama", "kode", "jenis", "jenjang", "instansi")
    list_filter = ("jenis", "jenjang", "instansi")
    search_fields = ("nama", "kode")
    list_select_related = ("instansi", "jenjang")


@admin.register(Pegawai)
class PegawaiAdmin(admin.ModelAdmin[Pegawai]):
    list_display = ("nip", "nama_lengkap", "status", "golongan", "jabatan", "unit_kerja", "atasan", "aktif")
    list_filter = ("status", "aktif", "tugas_belajar", "instansi", "golongan")
    search_fields = ("nip", "nama")
    list_select_related = ("golongan", "jabatan", "unit_kerja", "atasan")
    raw_id_fields = ("atasan", "user", "jabatan", "unit_kerja")
    filter_horizontal = ("rekan_kerja",)


@admin.register(TimKerja)
class TimKerjaAdmin(admin.ModelAdmin[TimKerja]):
    list_display = ("nama", "unit_kerja", "ketua", "instansi")
    list_filter = ("instansi",)
    search_fields = ("nama", "ketua__nama", "ketua__nip")
    list_select_related = ("unit_kerja", "ketua", "instansi")
    raw_id_fields = ("ketua", "unit_kerja")
    filter_horizontal = ("anggota",)


@admin.register(OperatorRole)
class OperatorRoleAdmin(admin.ModelAdmin[OperatorRole]):
    list_display = ("user", "instansi", "unit_kerja", "granted_by", "created_at")
    list_filter = ("instansi",)
    search_fields = ("user__username", "user__first_name")
    list_select_related = ("user", "instansi", "unit_kerja", "granted_by")
    raw_id_fields = ("user", "unit_kerja", "granted_by")


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin[ImportJob]):
    list_display = ("nama_berkas", "jenis", "instansi", "status", "total_baris", "diunggah_oleh", "created_at")
    list_filter = ("jenis", "status", "instansi")
    search_fields = ("nama_berkas",)
    list_select_related = ("instansi", "diunggah_oleh")
    readonly_fields = ("laporan", "diterapkan_pada", "diterapkan_oleh", "diunggah_oleh")
