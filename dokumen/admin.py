from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import CetakMassal


@admin.register(CetakMassal)
class CetakMassalAdmin(admin.ModelAdmin[CetakMassal]):
    """Bulk prints are made by the screens and the worker; the admin only reads them."""

    list_display = (
        "dibuat_pada",
        "jenis",
        "tahun",
        "unit",
        "instansi",
        "dibuat_oleh",
        "status",
        "jumlah",
        "selesai_count",
        "gagal_count",
    )
    list_filter = ("status", "jenis", "tahun", "instansi")
    search_fields = ("unit__nama", "unit__kode", "dibuat_oleh__username", "pesan")
    list_select_related = ("unit", "instansi", "dibuat_oleh")
    readonly_fields = [f.name for f in CetakMassal._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
