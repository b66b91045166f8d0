from django.contrib import admin

from .models import AturanPolaDistribusi, FaktorTpp, PersentaseAngkaKredit


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
