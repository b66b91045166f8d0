"""System tokens of an instansi, made and revoked by an operator of the whole instansi (as for the
file import: a sync writes every pegawai of the instansi). Anyone else gets 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from accounts.models import User
from organisasi.access import OperatorScope, require_operator

from ..forms import SystemTokenForm
from ..models import SystemToken
from ..services import system_token_create, system_token_revoke

PAGE = "api/token_sistem.html"
PARTIAL = "api/_token_sistem.html"


def _whole_instansi_operator(request: HttpRequest) -> OperatorScope:
    scope = require_operator(request)
    if not scope.whole_instansi:
        raise Http404
    return scope


def _render(
    request: HttpRequest, scope: OperatorScope, *, form: SystemTokenForm | None = None, **extra: Any
) -> HttpResponse:
    context = {
        "active_menu": "operator",
        "scope": scope,
        "form": form or SystemTokenForm(),
        "tokens": list(
            SystemToken.objects.filter(instansi=scope.instansi)
            .select_related("created_by")
            .order_by("-created_at", "-pk")
        ),
        **extra,
    }
    template = PARTIAL if getattr(request, "htmx", False) else PAGE
    response = render(request, template, context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_safe
@never_cache
def token_sistem(request: HttpRequest) -> HttpResponse:
    return _render(request, _whole_instansi_operator(request))


@login_required
@require_POST
def token_sistem_buat(request: HttpRequest) -> HttpResponse:
    scope = _whole_instansi_operator(request)
    form = SystemTokenForm(request.POST)
    if form.is_valid():
        assert isinstance(request.user, User)
        try:
            record, secret = system_token_create(
                instansi=scope.instansi,
                nama=form.cleaned_data["nama"],
                scopes=form.cleaned_data["scopes"],
                berlaku_hari=form.cleaned_data["berlaku_hari"],
                by=request.user,
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return _render(request, scope, token_baru=secret, token_baru_record=record)
    return _render(request, scope, form=form)


@login_required
@require_POST
def token_sistem_cabut(request: HttpRequest, pk: int) -> HttpResponse:
    scope = _whole_instansi_operator(request)
    token = SystemToken.objects.filter(pk=pk, instansi=scope.instansi).first()
    if token is None:
        raise Http404
    token = system_token_revoke(token=token)
    notice = _("Token sistem “%(nama)s” dicabut.") % {"nama": token.nama}
    if getattr(request, "htmx", False):
        return _render(request, scope, notice=notice)
    messages.success(request, notice)
    return redirect("api:token_sistem")


urlpatterns = [
    path("operator/token-sistem/", token_sistem, name="token_sistem"),
    path("operator/token-sistem/buat/", token_sistem_buat, name="token_sistem_buat"),
    path("operator/token-sistem/<int:pk>/cabut/", token_sistem_cabut, name="token_sistem_cabut"),
]
