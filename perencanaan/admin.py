from django.contrib import admin

from .models import AspekPerilaku, PanduanPerilaku, Satuan


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
