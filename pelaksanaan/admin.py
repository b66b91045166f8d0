from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import BuktiDukung, Pembinaan, Periode, Realisasi, RiwayatPeriode, UmpanBalik


class RecordAdmin(admin.ModelAdmin):
    """Evidence, realisasi, feedback and records are never changed or deleted, not even by the
    admin (SPEC: nothing lost); the screens make new versions. The admin reads them here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RiwayatPeriodeInline(admin.TabularInline[RiwayatPeriode, Periode]):
    model = RiwayatPeriode
    extra = 0
    can_delete = False
    readonly_fields = ("aksi", "alasan", "oleh", "pada")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Periode)
class PeriodeAdmin(admin.ModelAdmin[Periode]):
    list_display = ("instansi", "tahun", "nama", "jenis", "mulai", "selesai", "terbuka")
    list_filter = ("tahun", "jenis", "terbuka", "instansi")
    search_fields = ("instansi__nama", "nama")
    list_select_related = ("instansi",)
    inlines = [RiwayatPeriodeInline]


@admin.register(Realisasi)
class RealisasiAdmin(RecordAdmin):
    list_display = ("skp", "periode", "rhk", "iki", "nilai", "dibuat_pada", "diganti_pada")
    list_filter = ("periode__tahun", "periode__jenis")
    search_fields = ("skp__pegawai__nip", "skp__pegawai__nama", "teks")
    list_select_related = ("skp__pegawai", "periode", "rhk", "iki")
    raw_id_fields = ("skp", "rhk", "iki", "pengganti")


@admin.register(BuktiDukung)
class BuktiDukungAdmin(RecordAdmin):
    list_display = ("nama", "skp", "periode", "jenis", "ukuran", "tipe", "diunggah_pada", "dihapus_pada")
    list_filter = ("jenis", "tipe")
    search_fields = ("nama", "sha256", "skp__pegawai__nip", "skp__pegawai__nama")
    list_select_related = ("skp__pegawai", "periode")
    raw_id_fields = ("skp", "rhk", "menggantikan")


@admin.register(UmpanBalik)
class UmpanBalikAdmin(RecordAdmin):
    list_display = ("skp", "periode", "jenis", "peran_penulis", "penulis", "tanggal", "diganti_pada")
    list_filter = ("jenis", "peran_penulis", "kategori")
    search_fields = ("teks", "skp__pegawai__nip", "skp__pegawai__nama", "penulis__nama")
    list_select_related = ("skp__pegawai", "periode", "penulis")
    raw_id_fields = ("skp", "rhk", "iki", "perilaku", "penulis", "pengganti")


@admin.register(Pembinaan)
class PembinaanAdmin(RecordAdmin):
    list_display = ("skp", "jenis", "tanggal", "dicatat_oleh", "dibuat_pada")
    list_filter = ("jenis",)
    search_fields = ("catatan", "skp__pegawai__nip", "skp__pegawai__nama")
    list_select_related = ("skp__pegawai", "dicatat_oleh")
    raw_id_fields = ("skp", "dicatat_oleh")


@admin.register(RiwayatPeriode)
class RiwayatPeriodeAdmin(RecordAdmin):
    list_display = ("periode", "aksi", "oleh", "pada")
    list_filter = ("aksi",)
    search_fields = ("periode__instansi__nama", "alasan")
    list_select_related = ("periode__instansi", "oleh")
