from django.contrib import admin

from pelaksanaan.admin import RecordAdmin

from .models import AturanPolaDistribusi, CapaianUnit, Evaluasi, FaktorTpp, Keberatan, PersentaseAngkaKredit


@admin.register(PersentaseAngkaKredit)
class PersentaseAngkaKreditAdmin(admin.ModelAdmin[PersentaseAngkaKredit]):
    list_display = ("predikat", "persen")
    list_filter = ("predikat",)
    search_fields = ("predikat",)


@admin.register(AturanPolaDistribusi)
class AturanPolaDistribusiAdmin(admin.ModelAdmin[AturanPolaDistribusi]):
    list_display = ("capaian", "jenis", "predikat", "persen", "instansi", "urutan")
    list_filter = ("capaian", "jenis", "instansi")
    search_fields = ("instansi__nama",)
    list_select_related = ("instansi",)


@admin.register(FaktorTpp)
class FaktorTppAdmin(admin.ModelAdmin[FaktorTpp]):
    list_display = ("instansi", "predikat", "persen")
    list_filter = ("predikat", "instansi")
    search_fields = ("instansi__nama",)
    list_select_related = ("instansi",)


@admin.register(CapaianUnit)
class CapaianUnitAdmin(RecordAdmin):
    list_display = ("unit_kerja", "periode", "capaian", "saran", "ditetapkan_oleh", "dibuat_pada", "diganti_pada")
    list_filter = ("capaian", "periode__tahun")
    search_fields = ("unit_kerja__nama",)
    list_select_related = ("unit_kerja", "periode", "ditetapkan_oleh")


@admin.register(Evaluasi)
class EvaluasiAdmin(RecordAdmin):
    list_display = (
        "skp",
        "periode",
        "versi",
        "status",
        "rating_hasil",
        "rating_perilaku",
        "predikat",
        "diberikan_pada",
    )
    list_filter = ("status", "predikat", "periode__tahun", "periode__jenis")
    search_fields = ("skp__pegawai__nip", "skp__pegawai__nama")
    list_select_related = ("skp__pegawai", "periode")
    raw_id_fields = ("skp", "sebelumnya", "penilai")


@admin.register(Keberatan)
class KeberatanAdmin(RecordAdmin):
    list_display = ("evaluasi", "status", "keputusan", "diajukan_pada", "diputuskan_pada")
    list_filter = ("status", "keputusan")
    search_fields = ("alasan", "diajukan_oleh__nip", "diajukan_oleh__nama")
    list_select_related = ("evaluasi__skp__pegawai", "evaluasi__periode", "diajukan_oleh")
    raw_id_fields = ("evaluasi", "hasil", "diajukan_oleh", "penjelasan_oleh", "diputuskan_oleh")
