from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from organisasi.access import operator_scopes, pegawai_of
from organisasi.models import Pegawai
from perencanaan.models import Skp


def current_skp(pegawai: Pegawai) -> Skp | None:
    """The pegawai's SKP in force covering today, else their latest one (one query)."""
    today = timezone.localdate()
    covers_today = Case(
        When(periode_mulai__lte=today, periode_selesai__gte=today, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        Skp.objects.current()
        .filter(pegawai=pegawai)
        .annotate(urutan_hari_ini=covers_today)
        .order_by("urutan_hari_ini", "-periode_mulai", "-versi")
        .first()
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    pegawai = pegawai_of(request.user)
    context: dict[str, object] = {"active_menu": "dashboard", "pegawai": None}
    if pegawai is not None:
        pegawai = Pegawai.objects.with_identity().select_related("atasan").get(pk=pegawai.pk)
        context.update(
            pegawai=pegawai,
            jumlah_bawahan=pegawai.bawahan.filter(aktif=True).count(),
            jumlah_rekan=pegawai.rekan_kerja.count(),
            skp_terkini=current_skp(pegawai),
        )
    scopes = operator_scopes(request.user)
    if scopes:
        scope = scopes[0]
        context.update(
            operator_scope=scope,
            operator_jumlah_pegawai=scope.pegawai().filter(aktif=True).count(),
            operator_jumlah_unit=scope.units().count(),
            operator_tanpa_akun=scope.pegawai().filter(aktif=True, user__isnull=True).count(),
        )
    return render(request, "beranda/dashboard.html", context)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means "not ready"
        return JsonResponse({"status": "error", "database": str(exc.__class__.__name__)}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
