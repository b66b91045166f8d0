"""The operator's import pages: upload, dry-run report with live progress, apply, samples."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User

from ..access import OperatorScope, require_operator
from ..importer import COLUMNS, JENIS_ALL
from ..importer.forms import ImportUploadForm
from ..importer.progress import phase_label, read_progress
from ..importer.samples import sample_csv
from ..models import ImportJob
from ..services.impor import RUNNING, ImportJobError, import_job_create, import_job_schedule_apply
from ..tasks import enqueue_import_apply, enqueue_import_validation

RECENT_JOBS = 20
ERRORS_PER_PAGE = 100
STATUS_BADGE: dict[str, str] = {
    ImportJob.Status.TERVALIDASI: "badge-ok",
    ImportJob.Status.DITERAPKAN: "badge-ok",
    ImportJob.Status.DITOLAK: "badge-err",
    ImportJob.Status.GAGAL: "badge-err",
}


def _import_scope(request: HttpRequest) -> OperatorScope:
    """Imports change the whole instansi: only its whole-instansi operators and admins."""
    scope = require_operator(request)
    if not scope.whole_instansi:
        raise Http404
    return scope


def _get_job(request: HttpRequest, pk: int) -> ImportJob:
    scope = _import_scope(request)
    job = (
        ImportJob.objects.filter(instansi=scope.instansi, pk=pk)
        .select_related("instansi", "diunggah_oleh", "diterapkan_oleh")
        .first()
    )
    if job is None:
        raise Http404
    return job


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _user(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


@login_required
@require_http_methods(["GET", "POST"])
def impor_list(request: HttpRequest) -> HttpResponse:
    scope = _import_scope(request)
    form = ImportUploadForm(request.POST, request.FILES) if request.method == "POST" else ImportUploadForm()
    if request.method == "POST" and form.is_valid():
        berkas = form.cleaned_data["berkas"]
        try:
            job = import_job_create(
                instansi=scope.instansi,
                jenis=form.cleaned_data["jenis"],
                file=ContentFile(form.content, name=berkas.name),
                nama_berkas=berkas.name,
                diunggah_oleh=_user(request),
            )
        except ImportJobError as error:
            form.add_error("berkas", error.message)
        else:
            enqueue_import_validation(job.pk)
            messages.success(request, _("Berkas diterima dan sedang diperiksa. Belum ada data yang diubah."))
            return redirect("organisasi:impor_detail", pk=job.pk)
    jobs = (
        ImportJob.objects.filter(instansi=scope.instansi)
        .defer("laporan")
        .select_related("diunggah_oleh")
        .order_by("-created_at")[:RECENT_JOBS]
    )
    context = {
        "active_menu": "operator",
        "scope": scope,
        "form": form,
        "jobs": [(job, STATUS_BADGE.get(job.status, "")) for job in jobs],
        "columns": [(jenis, ImportJob.Jenis(jenis).label, COLUMNS[jenis]) for jenis in JENIS_ALL],
    }
    return render(request, "organisasi/impor/list.html", context)


def _job_context(request: HttpRequest, job: ImportJob) -> dict[str, Any]:
    laporan: dict[str, Any] = job.laporan or {}
    running = job.status in RUNNING
    progress: dict[str, Any] | None = None
    if job.status in (ImportJob.Status.MEMVALIDASI, ImportJob.Status.MENERAPKAN):
        state = read_progress(job.pk)
        if state is not None:
            total = state["total"]
            progress = {
                "label": phase_label(state["tahap"]),
                "selesai": state["selesai"],
                "total": total,
                "persen": round(100 * state["selesai"] / total) if total else 0,
            }
    galat = laporan.get("galat", [])
    page = Paginator(galat, ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    return {
        "active_menu": "operator",
        # Only whole-instansi operators reach a job (see _import_scope).
        "scope": OperatorScope(instansi=job.instansi, unit_ids=None),
        "job": job,
        "badge": STATUS_BADGE.get(job.status, ""),
        "running": running,
        "progress": progress,
        "laporan": laporan,
        "jumlah": laporan.get("jumlah", {}),
        "hasil": laporan.get("hasil"),
        "perubahan": laporan.get("perubahan", []),
        "perubahan_terpotong": laporan.get("perubahan_terpotong", 0),
        "galat_page": page,
        "page_obj": page,
        "can_apply": job.status == ImportJob.Status.TERVALIDASI,
        "key_label": _("NIP") if job.jenis == ImportJob.Jenis.PEGAWAI else _("Kode"),
    }


def _render_job(request: HttpRequest, job: ImportJob) -> HttpResponse:
    context = _job_context(request, job)
    if _is_htmx(request):
        return render(request, "organisasi/impor/_status.html", context)
    return render(request, "organisasi/impor/detail.html", context)


@login_required
def impor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_job(request, _get_job(request, pk))


@login_required
def impor_status(request: HttpRequest, pk: int) -> HttpResponse:
    """What the detail page polls every second while the job runs."""
    return _render_job(request, _get_job(request, pk))


@login_required
@require_POST
def impor_apply(request: HttpRequest, pk: int) -> HttpResponse:
    job = _get_job(request, pk)
    user = _user(request)
    try:
        import_job_schedule_apply(job=job, user=user)
    except ImportJobError as error:
        messages.error(request, error.message)
    else:
        enqueue_import_apply(job.pk, user.pk if user is not None else None)
        messages.success(request, _("Penerapan dimulai. Semua baris diterapkan sekaligus, atau tidak sama sekali."))
    return redirect("organisasi:impor_detail", pk=job.pk)


@login_required
def impor_galat(request: HttpRequest, pk: int) -> HttpResponse:
    """Every bad row as CSV, to fix the file in Excel."""
    job = _get_job(request, pk)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Baris"), _("NIP/Kode"), _("Alasan")])
    for galat in (job.laporan or {}).get("galat", []):
        writer.writerow([galat["baris"], galat["kunci"], " | ".join(galat["pesan"])])
    response = HttpResponse(("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="galat-impor-{job.pk}.csv"'
    return response


@login_required
def impor_contoh(request: HttpRequest, jenis: str) -> HttpResponse:
    _import_scope(request)
    if jenis not in JENIS_ALL:
        raise Http404
    response = HttpResponse(sample_csv(jenis), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{jenis}.csv"'
    return response


urlpatterns = [
    path("operator/impor/", impor_list, name="impor_list"),
    path("operator/impor/contoh/<str:jenis>/", impor_contoh, name="impor_contoh"),
    path("operator/impor/<int:pk>/", impor_detail, name="impor_detail"),
    path("operator/impor/<int:pk>/status/", impor_status, name="impor_status"),
    path("operator/impor/<int:pk>/terapkan/", impor_apply, name="impor_apply"),
    path("operator/impor/<int:pk>/galat.csv", impor_galat, name="impor_galat"),
]
