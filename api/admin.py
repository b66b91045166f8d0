from django.contrib import admin

from .models import PersonalToken, SystemToken


@admin.register(PersonalToken)
class PersonalTokenAdmin(admin.ModelAdmin[PersonalToken]):
    list_display = ("nama", "prefix", "user", "created_at", "expires_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("nama", "prefix", "user__username")
    readonly_fields = ("prefix", "secret_sha256", "created_at", "last_used_at")
    raw_id_fields = ("user",)


@admin.register(SystemToken)
class SystemTokenAdmin(admin.ModelAdmin[SystemToken]):
    list_display = (
        "nama",
        "prefix",
        "instansi",
        "created_by",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ("instansi", "revoked_at")
    search_fields = ("nama", "prefix")
    readonly_fields = ("prefix", "secret_sha256", "created_at", "last_used_at", "created_by")
