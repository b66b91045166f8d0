"""Bulk print (issue 5): every SKP in force of a unit (with its sub-units) and year, or every
evaluation document of a unit and evaluation period, as one ZIP.

- `massal` (`cetak-massal/`): the request form — the unit select holds only the units the user may
  report on (operator scopes; the units a leader heads and below; all for the admin), and the year —
  and the user's recent jobs with status, progress and download link.
- `massal_status` (`cetak-massal/<pk>/`): one job; an htmx request gets the progress partial,
  which polls itself every 2 s while the job runs; a plain request gets the page (reloaded every
  few seconds without JavaScript).
- `massal_unduh` (`cetak-massal/<pk>/unduh/`): the ZIP as an attachment.

Someone who may report on no unit gets a 404 everywhere; a job is seen only by whoever asked for
it (and the admin), anyone else gets a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.models import User
from organisasi.models import UnitKerja
from organisasi.views.operator import wants_partial
from pelaksanaan.models import Periode
from penilaian.access import ReportScope, report_scope
from penilaian.forms_rekap import report_years
from penilaian.selectors_monitoring import unit_tree
from perencanaan.views.skp import check_pk

from ..forms import CetakMassalForm
from ..models import CetakMassal
from ..services import cetak_massal_create, zip_filename

RECENT_JOBS = 20
PAGE = "dokumen/massal/page.html"
DETAIL = "dokumen/massal/detail.html"
PARTIAL = "dokumen/massal/_job.html"
# Without JavaScript, a page with a running job reloads itself this often (seconds).
RELOAD_SECONDS = 5

Status = CetakMassal.Status


@dataclass(frozen=True)
class JobView:
    """A job as the page shows it: a job stuck for over an hour is shown as failed by time-out."""

    job: CetakMassal
    macet: bool

    @property
    def berjalan(self) -> bool:
        return self.job.is_aktif and not self.macet

    @property
    def gagal(self) -> bool:
        return self.job.status == Status.GAGAL or self.macet

    @property
    def badge(self) -> str:
        if self.gagal:
            return "badge-err"
        if self.job.status == Status.SELESAI:
            return "badge-warn" if self.job.gagal_count else "badge-ok"
        return ""

    @property
    def status_label(self) -> str:
        return _("Gagal (waktu habis)") if self.macet else str(self.job.get_status_display())


def _scope_or_404(request: HttpRequest) -> ReportScope:
    scope = report_scope(request)
    if scope is None:
        raise Http404
    return scope


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # login_required runs first
        raise Http404
    return user


def _get_job(request: HttpRequest, pk: int) -> CetakMassal:
    """A job of the user's own (any job for the admin), for someone who may still print in bulk."""
    _scope_or_404(request)
    user = _user(request)
    jobs = CetakMassal.objects.select_related("unit", "instansi", "dibuat_oleh", "periode").filter(pk=check_pk(pk))
    if not user.is_superuser:
        jobs = jobs.filter(dibuat_oleh=user)
    job = jobs.first()
    if job is None:
        raise Http404
    return job


def _view(job: CetakMassal, now: datetime) -> JobView:
    return JobView(job=job, macet=job.is_macet(now))


def _no_store(response: HttpResponse) -> HttpResponse:
    """Progress changes every second: never let a cache answer for it."""
    add_never_cache_headers(response)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def massal(request: HttpRequest) -> HttpResponse:
    scope = _scope_or_404(request)
    user = _user(request)
    today = timezone.localdate()
    tree = unit_tree(instansi_id=scope.instansi.pk, unit_ids=scope.unit_ids)
    units = [(node.pk, "\u2003" * node.depth + f"{node.kode} — {node.nama}") for node in tree.flat()]
    years = report_years(scope.instansi, today)
    periods = [
        (p.pk, f"{p.tahun} — {p.nama}")
        for p in Periode.objects.filter(instansi=scope.instansi, tahun__in=years).order_by("-tahun", "jenis", "nomor")
    ]
    initial = {"tahun": str(today.year), "jenis": CetakMassal.Jenis.SKP}
    if len(units) == 1:
        initial["unit"] = str(units[0][0])
    if request.method == "POST":
        form = CetakMassalForm(request.POST, units=units, years=years, periods=periods)
        if form.is_valid():
            unit = UnitKerja.objects.get(pk=form.cleaned_data["unit"])
            periode_pk = form.cleaned_data.get("periode")
            try:
                job = cetak_massal_create(
                    user=user,
                    unit=unit,
                    tahun=form.cleaned_data["tahun"],
                    jenis=form.cleaned_data["jenis"],
                    periode=Periode.objects.filter(pk=periode_pk).first() if periode_pk else None,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Cetak massal dimulai. Anda boleh menutup halaman ini; berkas ZIP tetap dibuat."),
                )
                return redirect("dokumen:massal_status", pk=job.pk)
    else:
        form = CetakMassalForm(initial=initial, units=units, years=years, periods=periods)
    now = timezone.now()
    jobs = [
        _view(job, now)
        for job in CetakMassal.objects.filter(dibuat_oleh=user)
        .select_related("unit", "instansi", "periode")
        .order_by("-dibuat_pada", "-pk")[:RECENT_JOBS]
    ]
    context: dict[str, Any] = {
        "active_menu": "rekap",
        "scope": scope,
        "form": form,
        "items": jobs,
        "ada_berjalan": any(item.berjalan for item in jobs),
        "reload_seconds": RELOAD_SECONDS,
    }
    return _no_store(render(request, PAGE, context))


@login_required
@require_safe
def massal_status(request: HttpRequest, pk: int) -> HttpResponse:
    job = _get_job(request, pk)
    item = _view(job, timezone.now())
    context: dict[str, Any] = {
        "active_menu": "rekap",
        "item": item,
        "ada_berjalan": item.berjalan,
        "reload_seconds": RELOAD_SECONDS,
    }
    return _no_store(render(request, PARTIAL if wants_partial(request) else DETAIL, context))


@login_required
@require_safe
def massal_unduh(request: HttpRequest, pk: int) -> HttpResponseBase:
    job = _get_job(request, pk)
    if job.status != Status.SELESAI or not job.berkas:
        raise Http404
    try:
        handle = job.berkas.open("rb")
    except (FileNotFoundError, OSError):
        messages.error(request, _("Berkas ZIP ini tidak ditemukan lagi di server. Buat ulang cetak massalnya."))
        return redirect("dokumen:massal")
    response = FileResponse(handle, as_attachment=True, filename=zip_filename(job), content_type="application/zip")
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns: list[URLPattern] = [
    path("cetak-massal/", massal, name="massal"),
    path("cetak-massal/<int:pk>/", massal_status, name="massal_status"),
    path("cetak-massal/<int:pk>/unduh/", massal_unduh, name="massal_unduh"),
]
