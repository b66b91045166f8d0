"""Operator pages "Riwayat perubahan": per object, per pegawai, and the instansi's filterable list.

Only operators whose scope covers the pegawai/instansi (and the admin) see them; everyone else
gets a 404 like every other page of the operator area."""

from __future__ import annotations

import datetime
from typing import Any

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from organisasi.access import OperatorScope, get_pegawai_for_operator, require_operator

from .capture import REDACTED
from .models import Aksi, CatatanAudit

PAGE_SIZE = 50


def scoped(scope: OperatorScope) -> QuerySet[CatatanAudit]:
    """Rows about the operator's instansi; a unit operator only those about pegawai in their units."""
    qs = CatatanAudit.objects.filter(instansi_id=scope.instansi.pk)
    if not scope.whole_instansi:
        qs = qs.filter(pegawai_id__in=scope.pegawai().values("pk"))
    return qs.select_related("aktor", "pegawai")


def _page(request: HttpRequest, qs: QuerySet[CatatanAudit]) -> Page[Any]:
    page = Paginator(qs.order_by("-waktu", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page.object_list:
        row.daftar_perubahan = [
            {"field": name, "lama": _value(values, 0), "baru": _value(values, 1)}
            for name, values in sorted((row.changes or {}).items())
        ]
    return page


def _value(values: Any, index: int) -> str:
    try:
        value = values[index]
    except (IndexError, TypeError, KeyError):
        return ""
    if value is None or value == "":
        return "—"
    if value == REDACTED:
        return _("(disamarkan)")
    return str(value)


def _query_string(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value or "")
    except ValueError:
        return None


def _model_choices() -> list[tuple[str, str]]:
    from .capture import SUBJECT_PATHS

    choices = []
    for label in SUBJECT_PATHS:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        choices.append((label, str(model._meta.verbose_name)))
    return sorted(choices, key=lambda c: c[1].lower())


def _context(scope: OperatorScope, **extra: Any) -> dict[str, Any]:
    return {"active_menu": "operator", "scope": scope, **extra}


@login_required
def riwayat_instansi(request: HttpRequest) -> HttpResponse:
    scope = require_operator(request)
    qs = scoped(scope)
    errors: list[str] = []
    dari, sampai = _date(request.GET.get("dari")), _date(request.GET.get("sampai"))
    if (request.GET.get("dari") and dari is None) or (request.GET.get("sampai") and sampai is None):
        errors.append(_("Tanggal harus berformat TTTT-BB-HH."))
    if dari:
        qs = qs.filter(waktu__date__gte=dari)
    if sampai:
        qs = qs.filter(waktu__date__lte=sampai)
    aksi = request.GET.get("aksi", "")
    if aksi in Aksi.values:
        qs = qs.filter(aksi=aksi)
    models = _model_choices()
    model = request.GET.get("model", "")
    if model in dict(models):
        qs = qs.filter(model=model)
    aktor = request.GET.get("aktor", "").strip()[:100]
    if aktor:
        qs = qs.filter(Q(aktor_nama__icontains=aktor) | Q(aktor__first_name__icontains=aktor))
    return render(
        request,
        "audit/riwayat_list.html",
        _context(
            scope,
            judul=_("Riwayat perubahan"),
            page_obj=_page(request, qs),
            query_string=_query_string(request),
            filter_form=True,
            errors=errors,
            aksi_choices=Aksi.choices,
            model_choices=models,
            current={
                "dari": request.GET.get("dari", ""),
                "sampai": request.GET.get("sampai", ""),
                "aksi": aksi,
                "model": model,
                "aktor": aktor,
            },
        ),
    )


@login_required
def riwayat_pegawai(request: HttpRequest, pk: int) -> HttpResponse:
    pegawai = get_pegawai_for_operator(request, pk)
    scope = require_operator(request)
    qs = CatatanAudit.objects.filter(pegawai_id=pegawai.pk).select_related("aktor", "pegawai")
    return render(
        request,
        "audit/riwayat_list.html",
        _context(
            scope,
            judul=_("Riwayat perubahan: %(nama)s") % {"nama": pegawai.nama_lengkap},
            pegawai=pegawai,
            page_obj=_page(request, qs),
            query_string=_query_string(request),
        ),
    )


@login_required
def riwayat_objek(request: HttpRequest, model: str, pk: str) -> HttpResponse:
    scope = require_operator(request)
    try:
        model_class = apps.get_model(model)
    except (LookupError, ValueError):
        raise Http404 from None
    label = model_class._meta.label_lower
    qs = scoped(scope).filter(model=label, objek_pk=pk)
    if not qs.exists():
        # Nothing the operator may see about this object: as if it did not exist.
        raise Http404
    return render(
        request,
        "audit/riwayat_list.html",
        _context(
            scope,
            judul=_("Riwayat perubahan: %(jenis)s #%(pk)s") % {"jenis": model_class._meta.verbose_name, "pk": pk},
            page_obj=_page(request, qs),
            query_string=_query_string(request),
        ),
    )
