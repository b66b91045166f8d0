"""Operator area, part 3: pegawai accounts (create, temporary password, on/off) and operator roles."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User

from ..access import get_pegawai_for_operator, pegawai_of, require_operator
from ..forms import AkunFilterForm, OperatorRoleForm
from ..models import OperatorRole, Pegawai
from ..rules import nip_normalize
from ..services import akun
from .operator import operator_context, paginate, query_string_without_page, redirect_next, render_list
from .operator_pegawai import SESSION_TEMP_PASSWORD_KEY


def _acting_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@login_required
def akun_list(request: HttpRequest) -> HttpResponse:
    scope = require_operator(request)
    form = AkunFilterForm(request.GET or None)
    form.make_live(url=reverse("organisasi:akun_list"), target="#akun-results")
    qs = scope.pegawai()
    if form.is_bound:
        form.is_valid()
        q = (form.cleaned_data.get("q") or "").strip()
        if q:
            normalized = nip_normalize(q)
            qs = qs.search(normalized if normalized.isdigit() else q)
        kondisi = form.cleaned_data.get("kondisi")
        if kondisi == AkunFilterForm.OPERATOR:
            qs = qs.filter(
                user__in=OperatorRole.objects.filter(instansi=scope.instansi).values("user_id"),
            )
        elif kondisi == AkunFilterForm.TANPA_AKUN:
            qs = qs.filter(user__isnull=True)
        elif kondisi == AkunFilterForm.WAJIB_GANTI:
            qs = qs.filter(user__must_change_password=True)
        elif kondisi == AkunFilterForm.NONAKTIF:
            qs = qs.filter(user__is_active=False)
    qs = (
        qs.select_related("user", "unit_kerja", "jabatan")
        .prefetch_related(
            Prefetch(
                "user__operator_roles",
                queryset=OperatorRole.objects.filter(instansi=scope.instansi)
                .select_related("unit_kerja")
                .order_by("unit_kerja__kode"),
                to_attr="peran_di_instansi",
            )
        )
        .order_by("nama", "pk")
    )
    context = operator_context(
        scope,
        form=form,
        page_obj=paginate(request, qs),
        query_string=query_string_without_page(request),
        own_user_id=request.user.pk,
    )
    return render_list(request, "organisasi/operator/akun_list.html", "organisasi/operator/_akun_rows.html", context)


def _detail_url(pegawai: Pegawai) -> str:
    return reverse("organisasi:pegawai_detail", args=[pegawai.pk]) + "#akun"


@login_required
@require_POST
def akun_create(request: HttpRequest, pk: int) -> HttpResponse:
    pegawai = get_pegawai_for_operator(request, pk)
    try:
        akun.akun_create_for_pegawai(pegawai=pegawai)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Akun %(nama)s dibuat dengan nama pengguna %(nip)s. Buat kata sandi sementara agar ia dapat masuk.")
            % {"nama": pegawai.nama_lengkap, "nip": pegawai.nip},
        )
    return redirect_next(request, _detail_url(pegawai))


@login_required
@require_POST
def akun_reset_password(request: HttpRequest, pk: int) -> HttpResponse:
    pegawai = get_pegawai_for_operator(request, pk)
    if pegawai.user is None:
        messages.error(request, _("%(nama)s belum memiliki akun.") % {"nama": pegawai.nama_lengkap})
        return redirect_next(request, _detail_url(pegawai))
    try:
        password = akun.akun_reset_password(user=pegawai.user, by=_acting_user(request))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect_next(request, _detail_url(pegawai))
    # Shown once, on the next page, then forgotten.
    request.session[SESSION_TEMP_PASSWORD_KEY] = {"pegawai": pegawai.pk, "password": password}
    return redirect(_detail_url(pegawai))


@login_required
@require_POST
def akun_toggle_active(request: HttpRequest, pk: int) -> HttpResponse:
    pegawai = get_pegawai_for_operator(request, pk)
    if pegawai.user is None:
        messages.error(request, _("%(nama)s belum memiliki akun.") % {"nama": pegawai.nama_lengkap})
        return redirect_next(request, _detail_url(pegawai))
    active = not pegawai.user.is_active
    try:
        akun.akun_set_active(user=pegawai.user, active=active, by=_acting_user(request))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        if active:
            messages.success(request, _("Akun %(nama)s diaktifkan kembali.") % {"nama": pegawai.nama_lengkap})
        else:
            messages.success(
                request,
                _("Akun %(nama)s dinonaktifkan; ia tidak dapat masuk sampai diaktifkan kembali.")
                % {"nama": pegawai.nama_lengkap},
            )
    return redirect_next(request, _detail_url(pegawai))


@login_required
@require_POST
def role_grant(request: HttpRequest, pk: int) -> HttpResponse:
    pegawai = get_pegawai_for_operator(request, pk)
    scope = require_operator(request)
    if not scope.whole_instansi:
        raise Http404
    if pegawai.user is None:
        messages.error(request, _("%(nama)s belum memiliki akun.") % {"nama": pegawai.nama_lengkap})
        return redirect(_detail_url(pegawai))
    form = OperatorRoleForm(request.POST, scope=scope)
    if form.is_valid():
        unit = form.cleaned_data["unit_kerja"]
        try:
            akun.operator_role_grant(
                user=pegawai.user, instansi=scope.instansi, unit_kerja=unit, by=_acting_user(request)
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            cakupan = unit.nama if unit is not None else _("seluruh instansi")
            messages.success(
                request,
                _("%(nama)s sekarang operator untuk %(cakupan)s.") % {"nama": pegawai.nama_lengkap, "cakupan": cakupan},
            )
    else:
        messages.error(request, _("Pilih cakupan peran dari daftar."))
    return redirect(_detail_url(pegawai))


@login_required
@require_POST
def role_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_operator(request)
    if not scope.whole_instansi:
        raise Http404
    role = get_object_or_404(
        OperatorRole.objects.select_related("instansi", "unit_kerja", "user"), pk=pk, instansi=scope.instansi
    )
    owner = pegawai_of(role.user)
    try:
        akun.operator_role_revoke(role=role, by=_acting_user(request))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        cakupan = role.unit_kerja.nama if role.unit_kerja is not None else _("seluruh instansi")
        messages.success(
            request,
            _("Peran operator %(nama)s untuk %(cakupan)s dicabut.")
            % {"nama": owner.nama_lengkap if owner else role.user.username, "cakupan": cakupan},
        )
    if role.user_id == request.user.pk:
        # One's own role is gone: the pages of that scope may no longer be theirs.
        return redirect("organisasi:operator_home")
    fallback = _detail_url(owner) if owner is not None and owner.instansi_id == scope.instansi.pk else ""
    return redirect_next(request, fallback or reverse("organisasi:akun_list"))


urlpatterns = [
    path("operator/akun/", akun_list, name="akun_list"),
    path("operator/pegawai/<int:pk>/akun/buat/", akun_create, name="akun_create"),
    path("operator/pegawai/<int:pk>/akun/kata-sandi/", akun_reset_password, name="akun_reset_password"),
    path("operator/pegawai/<int:pk>/akun/aktif/", akun_toggle_active, name="akun_toggle_active"),
    path("operator/pegawai/<int:pk>/peran/", role_grant, name="role_grant"),
    path("operator/peran/<int:pk>/cabut/", role_revoke, name="role_revoke"),
]
