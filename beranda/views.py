import contextlib
import logging
import sys

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from organisasi.access import operator_scopes, pegawai_of
from organisasi.models import Pegawai
from perencanaan.models import Skp

logger = logging.getLogger(__name__)

# Seconds a browser or a load balancer should wait before trying again while the database is down.
RETRY_AFTER = 30


def database_unreachable(exc: BaseException | None) -> bool:
    """The error means the database cannot be reached (stopped, restarting, network, a connection cut
    by a restart), as opposed to a bug: the answer is then 503, and the request may be sent again."""
    return isinstance(exc, (OperationalError, InterfaceError))


def _close_broken_connection() -> None:
    with contextlib.suppress(DatabaseError):
        connection.close()


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
        _close_broken_connection()
        response = JsonResponse({"status": "error", "database": str(exc.__class__.__name__)}, status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    return JsonResponse({"status": "ok", "database": "ok"})


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a friendly 503 with Retry-After while the database is unreachable (the request was
    rolled back), the plain 500 page otherwise. Renders no context: nothing here touches the database.

    The broken connection is closed so that the next request opens a fresh one: the app recovers by
    itself when the database is back, without a restart."""
    exc = sys.exc_info()[1]
    if database_unreachable(exc):
        logger.warning("Database unreachable: %s: %s", type(exc).__name__, exc)
        _close_broken_connection()
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
