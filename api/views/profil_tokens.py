"""Personal access tokens on the Profil page: made (the token shown exactly once), listed by name
and prefix with expiry and last use, and revoked. An htmx request gets the section alone."""

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

from ..forms import TokenForm
from ..models import PersonalToken
from ..services import personal_token_create, personal_token_revoke

PAGE = "api/token_pribadi.html"
PARTIAL = "api/_token_pribadi.html"


def _own_user(request: HttpRequest) -> User:
    if not isinstance(request.user, User) or not request.user.is_authenticated:
        raise Http404
    return request.user


def _own_token(request: HttpRequest, pk: int) -> PersonalToken:
    """One of the user's own tokens; anyone else's does not exist here."""
    token = PersonalToken.objects.filter(pk=pk, user=_own_user(request)).first()
    if token is None:
        raise Http404
    return token


def _render(request: HttpRequest, user: User, *, form: TokenForm | None = None, **extra: Any) -> HttpResponse:
    context = {
        "active_menu": "profil",
        "form": form or TokenForm(),
        "tokens": list(PersonalToken.objects.filter(user=user).order_by("-created_at", "-pk")),
        **extra,
    }
    template = PARTIAL if getattr(request, "htmx", False) else PAGE
    response = render(request, template, context)
    # The page may hold a token shown once: never keep it in a cache or the browser history.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_safe
@never_cache
def token_pribadi(request: HttpRequest) -> HttpResponse:
    return _render(request, _own_user(request))


@login_required
@require_POST
def token_pribadi_buat(request: HttpRequest) -> HttpResponse:
    user = _own_user(request)
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            record, secret = personal_token_create(
                user=user, nama=form.cleaned_data["nama"], berlaku_hari=form.cleaned_data["berlaku_hari"]
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
        else:
            return _render(request, user, token_baru=secret, token_baru_record=record)
    return _render(request, user, form=form)


@login_required
@require_POST
def token_pribadi_cabut(request: HttpRequest, pk: int) -> HttpResponse:
    user = _own_user(request)
    token = personal_token_revoke(token=_own_token(request, pk))
    notice = _("Token “%(nama)s” dicabut; aplikasi yang memakainya tidak dapat masuk lagi.") % {"nama": token.nama}
    if getattr(request, "htmx", False):
        return _render(request, user, notice=notice)
    messages.success(request, notice)
    return redirect("api:token_pribadi")


urlpatterns = [
    path("profil/token-api/", token_pribadi, name="token_pribadi"),
    path("profil/token-api/buat/", token_pribadi_buat, name="token_pribadi_buat"),
    path("profil/token-api/<int:pk>/cabut/", token_pribadi_cabut, name="token_pribadi_cabut"),
]
