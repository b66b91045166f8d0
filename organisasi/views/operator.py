"""Operator area, part 1: home, choice of instansi, unit kerja tree and jabatan (SPEC §2–3).

Pegawai are in `operator_pegawai.py`, accounts and roles in `operator_akun.py`; the small helpers
they share (paging, htmx partials, the safe "next" redirect) live here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..access import (
    SESSION_INSTANSI_KEY,
    OperatorScope,
    get_jabatan_for_operator,
    get_unit_for_operator,
    operator_scopes,
    require_operator,
)
from ..forms import JabatanForm, JabatanSearchForm, PilihInstansiForm, UnitKerjaForm
from ..models import ImportJob, Pegawai, UnitKerja
from ..services import struktur

PAGE_SIZE = 25

# --- Helpers shared by the operator views -----------------------------------------------------


def wants_partial(request: HttpRequest) -> bool:
    """An htmx request that swaps part of the page (not a boosted link, not a history restore)."""
    htmx = getattr(request, "htmx", None)
    if htmx is None or not htmx:
        return False
    return not htmx.boosted and not htmx.history_restore_request


def render_list(request: HttpRequest, template: str, partial: str, context: dict[str, Any]) -> HttpResponse:
    """The whole page, or only its results for a live search; caches must keep the two apart."""
    response = render(request, partial if wants_partial(request) else template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def paginate(request: HttpRequest, queryset: QuerySet[Any], per_page: int = PAGE_SIZE) -> Page[Any]:
    """A page of the queryset; a page number out of range or not a number gives the nearest page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def query_string_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def redirect_next(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    """Back to the page the action was started from, when that is a page of this site."""
    target = request.POST.get("next") or ""
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=False
    ):
        target = fallback
    return HttpResponseRedirect(target or fallback)


def operator_context(scope: OperatorScope, **extra: Any) -> dict[str, Any]:
    return {"active_menu": "operator", "scope": scope, **extra}


# --- Home and choice of instansi --------------------------------------------------------------


@login_required
def operator_home(request: HttpRequest) -> HttpResponse:
    scopes = operator_scopes(request.user)
    if not scopes and request.user.is_superuser:
        # A fresh installation: the admin first creates the instansi in Django admin.
        return render(request, "organisasi/operator/tanpa_instansi.html", {"active_menu": "operator"})
    scope = require_operator(request)
    pegawai = scope.pegawai().aggregate(
        jumlah_total=Count("pk"),
        jumlah_aktif=Count("pk", filter=Q(aktif=True)),
        jumlah_tanpa_akun=Count("pk", filter=Q(aktif=True, user__isnull=True)),
        jumlah_wajib_ganti=Count("pk", filter=Q(user__must_change_password=True)),
        jumlah_tanpa_atasan=Count("pk", filter=Q(aktif=True, atasan__isnull=True)),
    )
    context = operator_context(
        scope,
        jumlah={key.removeprefix("jumlah_"): value for key, value in pegawai.items()},
        jumlah_unit=scope.units().count(),
        jumlah_jabatan=scope.jabatan().count(),
        impor_terakhir=ImportJob.objects.filter(instansi=scope.instansi).select_related("diunggah_oleh").first()
        if scope.whole_instansi
        else None,
        pilih_form=PilihInstansiForm(initial={"instansi": scope.instansi.pk}, scopes=scopes)
        if len(scopes) > 1
        else None,
    )
    return render(request, "organisasi/operator/home.html", context)


@login_required
@require_POST
def operator_pilih_instansi(request: HttpRequest) -> HttpResponse:
    require_operator(request)
    form = PilihInstansiForm(request.POST, scopes=operator_scopes(request.user))
    if form.is_valid():
        request.session[SESSION_INSTANSI_KEY] = form.cleaned_data["instansi"]
        scope = require_operator(request)
        messages.success(request, _("Sekarang Anda mengelola %(instansi)s.") % {"instansi": scope.instansi.nama})
    else:
        messages.error(request, _("Instansi itu tidak termasuk dalam kewenangan Anda."))
    return redirect("organisasi:operator_home")


# --- Unit kerja -------------------------------------------------------------------------------


@dataclass
class UnitNode:
    unit: UnitKerja
    children: list[UnitNode] = field(default_factory=list)
    jumlah_subtree: int = 0


def build_unit_tree(units: Sequence[UnitKerja]) -> list[UnitNode]:
    """Nest units (already loaded, in display order) under their parents, without any query.

    Units whose parent is not in the list (outside a unit-scoped operator's subtree) are roots.
    Each unit appears once even if the stored tree were to loop.
    """
    by_pk = {u.pk: u for u in units}
    children_of: dict[int | None, list[UnitKerja]] = {}
    for u in units:
        parent = u.induk_id if u.induk_id in by_pk else None
        children_of.setdefault(parent, []).append(u)
    placed: set[int] = set()

    def grow(unit: UnitKerja) -> UnitNode:
        placed.add(unit.pk)
        node = UnitNode(unit=unit)
        stack = [node]
        # Depth-first without recursion: deep trees must not hit Python's recursion limit.
        order: list[UnitNode] = []
        while stack:
            current = stack.pop()
            order.append(current)
            for child in children_of.get(current.unit.pk, []):
                if child.pk not in placed:
                    placed.add(child.pk)
                    child_node = UnitNode(unit=child)
                    current.children.append(child_node)
                    stack.append(child_node)
        for n in reversed(order):
            n.jumlah_subtree = getattr(n.unit, "jumlah_pegawai", 0) + sum(c.jumlah_subtree for c in n.children)
        return node

    roots = [grow(u) for u in children_of.get(None, [])]
    roots.extend(grow(u) for u in units if u.pk not in placed)
    return roots


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    scope = require_operator(request)
    units = list(
        scope.units()
        .select_related("kepala")
        .annotate(jumlah_pegawai=Count("pegawai", filter=Q(pegawai__aktif=True)))
        .order_by("kode", "pk")
    )
    for unit in units:
        if unit.kepala is not None:
            unit.kepala.dapat_dibuka = scope.covers_unit(unit.kepala.unit_kerja_id)  # type: ignore[attr-defined]
    context = operator_context(scope, tree=build_unit_tree(units), jumlah_unit=len(units))
    return render(request, "organisasi/operator/unit_list.html", context)


def _unit_service_kwargs(form: UnitKerjaForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {"kode": data["kode"], "nama": data["nama"], "induk": data["induk"], "kepala": data["kepala_nip"]}


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest) -> HttpResponse:
    scope = require_operator(request)
    initial: dict[str, Any] = {}
    induk_id = request.GET.get("induk", "")
    if induk_id.isdigit() and scope.units().filter(pk=int(induk_id)).exists():
        initial["induk"] = int(induk_id)
    form = UnitKerjaForm(request.POST or None, scope=scope, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            unit = struktur.unit_kerja_create(instansi=scope.instansi, **_unit_service_kwargs(form))
        except ValidationError as exc:
            form.apply_service_error(exc)
        else:
            messages.success(request, _("Unit kerja “%(nama)s” ditambahkan.") % {"nama": unit.nama})
            return redirect("organisasi:unit_list")
    return render(request, "organisasi/operator/unit_form.html", operator_context(scope, form=form, unit=None))


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_operator(request, pk)
    scope = require_operator(request)
    form = UnitKerjaForm(request.POST or None, instance=unit, scope=scope)
    if request.method == "POST" and form.is_valid():
        try:
            unit = struktur.unit_kerja_update(unit=unit, versi=form.cleaned_data["versi"], **_unit_service_kwargs(form))
        except ValidationError as exc:
            form.apply_service_error(exc)
        else:
            messages.success(request, _("Unit kerja “%(nama)s” disimpan.") % {"nama": unit.nama})
            return redirect("organisasi:unit_list")
    return render(request, "organisasi/operator/unit_form.html", operator_context(scope, form=form, unit=unit))


@login_required
@require_http_methods(["GET", "POST"])
def unit_delete(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_operator(request, pk)
    scope = require_operator(request)
    if request.method == "POST":
        nama = unit.nama
        try:
            struktur.unit_kerja_delete(unit=unit)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("organisasi:unit_list")
        messages.success(request, _("Unit kerja “%(nama)s” dihapus.") % {"nama": nama})
        return redirect("organisasi:unit_list")
    context = operator_context(
        scope,
        unit=unit,
        jumlah_sub=UnitKerja.objects.filter(induk=unit).count(),
        jumlah_pegawai=Pegawai.objects.filter(unit_kerja=unit).count(),
    )
    return render(request, "organisasi/operator/unit_delete.html", context)


# --- Jabatan ----------------------------------------------------------------------------------


@login_required
def jabatan_list(request: HttpRequest) -> HttpResponse:
    scope = require_operator(request)
    form = JabatanSearchForm(request.GET or None)
    form.make_live(url=reverse("organisasi:jabatan_list"), target="#jabatan-results")
    qs = scope.jabatan()
    if form.is_bound:
        form.is_valid()
        q = (form.cleaned_data.get("q") or "").strip()
        if q:
            qs = qs.filter(Q(nama__icontains=q) | Q(kode__icontains=q))
        jenis = form.cleaned_data.get("jenis")
        if jenis:
            qs = qs.filter(jenis=jenis)
    qs = qs.select_related("jenjang").annotate(jumlah_pemangku=Count("pemangku")).order_by("nama", "pk")
    context = operator_context(
        scope,
        form=form,
        page_obj=paginate(request, qs),
        query_string=query_string_without_page(request),
    )
    return render_list(
        request, "organisasi/operator/jabatan_list.html", "organisasi/operator/_jabatan_rows.html", context
    )


def _jabatan_service_kwargs(form: JabatanForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "kode": data["kode"],
        "nama": data["nama"],
        "jenis": data["jenis"],
        "jenjang": data["jenjang"],
        "uraian_tugas": data["uraian_tugas"],
    }


@login_required
@require_http_methods(["GET", "POST"])
def jabatan_create(request: HttpRequest) -> HttpResponse:
    scope = require_operator(request)
    form = JabatanForm(request.POST or None, scope=scope)
    if request.method == "POST" and form.is_valid():
        try:
            jabatan = struktur.jabatan_create(instansi=scope.instansi, **_jabatan_service_kwargs(form))
        except ValidationError as exc:
            form.apply_service_error(exc)
        else:
            messages.success(
                request,
                _("Jabatan “%(nama)s” ditambahkan dengan kode %(kode)s.")
                % {"nama": jabatan.nama, "kode": jabatan.kode},
            )
            return redirect("organisasi:jabatan_list")
    return render(request, "organisasi/operator/jabatan_form.html", operator_context(scope, form=form, jabatan=None))


@login_required
@require_http_methods(["GET", "POST"])
def jabatan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    jabatan = get_jabatan_for_operator(request, pk)
    scope = require_operator(request)
    form = JabatanForm(request.POST or None, instance=jabatan, scope=scope)
    if request.method == "POST" and form.is_valid():
        try:
            jabatan = struktur.jabatan_update(
                jabatan=jabatan, versi=form.cleaned_data["versi"], **_jabatan_service_kwargs(form)
            )
        except ValidationError as exc:
            form.apply_service_error(exc)
        else:
            messages.success(request, _("Jabatan “%(nama)s” disimpan.") % {"nama": jabatan.nama})
            return redirect("organisasi:jabatan_list")
    context = operator_context(scope, form=form, jabatan=jabatan, jumlah_pemangku=jabatan.pemangku.count())
    return render(request, "organisasi/operator/jabatan_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def jabatan_delete(request: HttpRequest, pk: int) -> HttpResponse:
    jabatan = get_jabatan_for_operator(request, pk)
    scope = require_operator(request)
    if request.method == "POST":
        nama = jabatan.nama
        try:
            struktur.jabatan_delete(jabatan=jabatan)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("organisasi:jabatan_list")
        messages.success(request, _("Jabatan “%(nama)s” dihapus.") % {"nama": nama})
        return redirect("organisasi:jabatan_list")
    context = operator_context(scope, jabatan=jabatan, jumlah_pemangku=jabatan.pemangku.count())
    return render(request, "organisasi/operator/jabatan_delete.html", context)


urlpatterns = [
    path("operator/", operator_home, name="operator_home"),
    path("operator/instansi/", operator_pilih_instansi, name="operator_pilih_instansi"),
    path("operator/unit/", unit_list, name="unit_list"),
    path("operator/unit/tambah/", unit_create, name="unit_create"),
    path("operator/unit/<int:pk>/ubah/", unit_edit, name="unit_edit"),
    path("operator/unit/<int:pk>/hapus/", unit_delete, name="unit_delete"),
    path("operator/jabatan/", jabatan_list, name="jabatan_list"),
    path("operator/jabatan/tambah/", jabatan_create, name="jabatan_create"),
    path("operator/jabatan/<int:pk>/ubah/", jabatan_edit, name="jabatan_edit"),
    path("operator/jabatan/<int:pk>/hapus/", jabatan_delete, name="jabatan_delete"),
]
