from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = (
        "username",
        "first_name",
        "last_name",
        "is_active",
        "is_staff",
        "must_change_password",
        "last_login",
    )
    list_filter = ("is_active", "is_staff", "is_superuser", "must_change_password")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Kata sandi sementara"), {"fields": ("must_change_password",)}),
    )
