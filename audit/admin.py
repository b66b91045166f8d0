from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import CatatanAudit


@admin.register(CatatanAudit)
class CatatanAuditAdmin(admin.ModelAdmin[CatatanAudit]):
    """Read-only: the trail is append-only and hash-chained."""

    list_display = ["waktu", "aksi", "model", "label", "aktor_nama", "sumber", "ip"]
    list_filter = ["aksi", "sumber", "model"]
    search_fields = ["label", "aktor_nama", "objek_pk"]
    date_hierarchy = "waktu"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in CatatanAudit._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
