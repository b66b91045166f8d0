from typing import Any

from django.http import HttpRequest

from organisasi.access import is_operator, pegawai_of
from organisasi.models import UnitKerja

from .navigation import MAIN_MENU


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Memoised on the request: templates may ask for the menu more than once.
    cached = getattr(request, "_navigation_cache", None)
    if cached is None:
        operator = is_operator(user)
        pegawai = pegawai_of(user)
        reports = (
            operator or user.is_superuser or (pegawai is not None and UnitKerja.objects.filter(kepala=pegawai).exists())
        )
        cached = {
            "main_menu": [
                item
                for item in MAIN_MENU
                if (operator or not item.operator_only)
                and (pegawai is not None or not item.needs_pegawai)
                and (reports or not item.reports)
            ],
            "current_pegawai": pegawai,
            "user_is_operator": operator,
        }
        request._navigation_cache = cached  # type: ignore[attr-defined]
    return cached
