"""Operator area, part 2: pegawai list (live search), detail, add and change (SPEC §3)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..access import IDENTITY_RELATIONS, get_pegawai_for_operator, require_operator, unit_subtree_ids
from ..forms import OperatorRoleForm, PegawaiFilterForm, PegawaiForm
from ..models import OperatorRole, Pegawai, UnitKerja
from ..rules import nip_normalize
from ..services import struktur
from .operator import operator_context, paginate, query_string_without_page, render_list

# Set by `akun_reset_password`, read (and forgotten) by the next pegawai_detail page.
SESSION_TEMP_PASSWORD_KEY = "operator_kata_sandi_sementara"  # noqa: S105 - a session key


@login_required
def pegawai_list(request: HttpRequest) -> HttpResponse:
    scope = require_operator(request)
    form = PegawaiFilterForm(request.GET or None, scope=scope)
    form.make_live(url=reverse("organisasi:pegawai_list"), target="#pegawai-results")
    qs = scope.pegawai()
    if form.is_bound:
        form.is_valid()  # a bad filter value is dropped; the others still apply
        q = (form.cleaned_data.get("q") or "").strip()
        if q:
            normalized = nip_normalize(q)
            qs = qs.search(normalized if normalized.isdigit() else q)
        unit: UnitKerja | None = form.cleaned_data.get("unit")
        if unit is not None:
            qs = qs.filter(unit_kerja_id__in=unit_subtree_ids(scope.instansi.pk, {unit.pk}))
        aktif = form.cleaned_data.get("aktif")
        if aktif in {"0", "1"}:
            qs = qs.filter(aktif=aktif == "1")
    qs = qs.with_identity().select_related("atasan").order_by("nama", "pk")
    context = operator_context(
        scope,
        form=form,
        page_obj=paginate(request, qs),
        query_string=query_string_without_page(request),
    )
    return render_list(
        request, "organisasi/operator/pegawai_list.html", "organisasi/operator/_pegawai_rows.html", context
    )


def _pegawai_service_kwargs(form: PegawaiForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "nip": data["nip"],
        "nama": data["nama"],
        "gelar_depan": data["gelar_depan"],
        "gelar_belakang": data["gelar_belakang"],
        "status": data["status"],
        "golongan": data["golongan"],
        "jabatan": data["jabatan"],
        "unit_kerja": data["unit_kerja"],
        "atasan": data["atasan_nip"],
        "tugas_belajar": data["tugas_belajar"],
        "aktif": data["aktif"],
    }


@login_required
@require_http_methods(["GET", "POST"])
def pegawai_create(request: HttpRequest) -> HttpResponse:
    scope = require_operator(request)
    form = PegawaiForm(request.POST or None, scope=scope, initial={"aktif": True})
    if request.method == "POST" and form.is_valid():
        try:
            pegawai = struktur.pegawai_create(instansi=scope.instansi, **_pegawai_service_kwargs(form))
        except ValidationError as exc:
            form.apply_service_error(exc)
        else:
            messages.success(
                request,
                _(
                    "Pegawai %(nama)s ditambahkan beserta akunnya (nama pengguna: NIP). "
                    "Buat kata sandi sementara bila pegawai akan segera masuk."
                )
                % {"nama": pegawai.nama_lengkap},
            )
            return redirect("organisasi:pegawai_detail", pk=pegawai.pk)
    return render(request, "organisasi/operator/pegawai_form.html", operator_context(scope, form=form, pegawai=None))


@login_required
@require_http_methods(["GET", "POST"])
def pegawai_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pegawai = get_pegawai_for_operator(request, pk)
    scope = require_operator(request)
    form = PegawaiForm(request.POST or None, instance=pegawai, scope=scope)
    if request.method == "POST" and form.is_valid():
        try:
            pegawai = struktur.pegawai_update(
                pegawai=pegawai, versi=form.cleaned_data["versi"], **_pegawai_service_kwargs(form)
            )
        except ValidationError as exc:
            form.apply_service_error(exc)
        else:
            messages.success(request, _("Data %(nama)s disimpan.") % {"nama": pegawai.nama_lengkap})
            return redirect("organisasi:pegawai_detail", pk=pegawai.pk)
    return render(request, "organisasi/operator/pegawai_form.html", operator_context(scope, form=form, pegawai=pegawai))


@login_required
def pegawai_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pegawai = get_pegawai_for_operator(request, pk)
    scope = require_operator(request)
    atasan = None
    if pegawai.atasan_id is not None:
        relations = [*IDENTITY_RELATIONS, "atasan", *(f"atasan__{r}" for r in IDENTITY_RELATIONS)]
        atasan = Pegawai.objects.select_related(*relations).filter(pk=pegawai.atasan_id).first()
    bawahan = list(pegawai.bawahan.select_related(*IDENTITY_RELATIONS).order_by("-aktif", "nama", "pk"))
    rekan = list(pegawai.rekan_kerja.select_related(*IDENTITY_RELATIONS).order_by("nama", "pk"))
    unit_dipimpin = list(UnitKerja.objects.filter(kepala=pegawai).order_by("kode"))
    roles: list[OperatorRole] = []
    if pegawai.user_id is not None:
        roles = list(
            OperatorRole.objects.filter(user_id=pegawai.user_id, instansi=scope.instansi)
            .select_related("unit_kerja", "granted_by")
            .order_by("unit_kerja__kode")
        )
    # Only people inside the operator's scope get a link (the others would be a 404).
    for orang in [atasan, atasan.atasan if atasan else None, *bawahan, *rekan]:
        if orang is not None:
            orang.dapat_dibuka = scope.covers_unit(orang.unit_kerja_id)  # type: ignore[attr-defined]
    temp_password = None
    shown = request.session.get(SESSION_TEMP_PASSWORD_KEY)
    if isinstance(shown, dict) and shown.get("pegawai") == pegawai.pk:
        temp_password = shown.get("password")
        del request.session[SESSION_TEMP_PASSWORD_KEY]
    context = operator_context(
        scope,
        pegawai=pegawai,
        atasan=atasan,
        atasan_atasan=atasan.atasan if atasan is not None else None,
        bawahan=bawahan,
        jumlah_bawahan_aktif=sum(1 for b in bawahan if b.aktif),
        rekan=rekan,
        unit_dipimpin=unit_dipimpin,
        roles=roles,
        role_form=OperatorRoleForm(scope=scope) if scope.whole_instansi and pegawai.user_id else None,
        temp_password=temp_password,
    )
    response = render(request, "organisasi/operator/pegawai_detail.html", context)
    if temp_password:
        add_never_cache_headers(response)
    return response


urlpatterns = [
    path("operator/pegawai/", pegawai_list, name="pegawai_list"),
    path("operator/pegawai/tambah/", pegawai_create, name="pegawai_create"),
    path("operator/pegawai/<int:pk>/", pegawai_detail, name="pegawai_detail"),
    path("operator/pegawai/<int:pk>/ubah/", pegawai_edit, name="pegawai_edit"),
]
