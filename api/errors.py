"""One error body for every answer that is not a success: `{"detail": …, "code": …}`.

Every exception path of the API ends in one of these handlers, so a client never sees an HTML
error page or a body of another shape; validation errors carry the field errors in `detail`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from organisasi.konflik import STALE_CODE, StaleEditError
from perencanaan.services.skp import SkpTransitionError

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger(__name__)


class ApiError(Exception):
    """An answer other than success, with the status, a stable code and a message for people."""

    status = 400
    code = "bad_request"

    def __init__(self, detail: Any = "", *, code: str = "", status: int | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        if code:
            self.code = code
        if status is not None:
            self.status = status


class NotAuthenticatedError(ApiError):
    status = 401
    code = "not_authenticated"


class ScopeDeniedError(ApiError):
    status = 403
    code = "permission_denied"


class ConflictError(ApiError):
    status = 409
    code = "conflict"


class RateLimitedError(ApiError):
    status = 429
    code = "rate_limited"

    def __init__(self, detail: str, *, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


def field_error(loc: list[str | int], msg: str, type_: str = "value_error") -> dict[str, Any]:
    return {"loc": loc, "msg": msg, "type": type_}


def django_errors(error: DjangoValidationError, *, prefix: tuple[str | int, ...] = ("body",)) -> list[dict[str, Any]]:
    """A Django ValidationError of a service as field errors (`__all__` or none: the body)."""
    items: list[dict[str, Any]] = []
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            loc = [*prefix] if name == "__all__" else [*prefix, name]
            items.extend(field_error(loc, str(m)) for m in messages)
    else:
        items.extend(field_error([*prefix], str(m)) for m in error.messages)
    return items


def _ninja_errors(exc: NinjaValidationError) -> list[dict[str, Any]]:
    """pydantic's errors in a JSON-safe form (its `ctx` may hold exception objects). A body
    parameter named `body` appears once in `loc`, so that ["body", "pegawai", 0, "nama"] reads as
    the row errors of a sync do."""
    items = []
    for error in exc.errors:
        loc: list[str | int] = [p if isinstance(p, int) else str(p) for p in error.get("loc", ())]
        if loc[:2] == ["body", "body"]:
            del loc[1]
        items.append(field_error(loc, str(error.get("msg", "")), str(error.get("type", "value_error"))))
    return items


def install_error_handlers(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, detail: Any, code: str) -> HttpResponse:
        return api.create_response(request, {"detail": detail, "code": code}, status=status)

    def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        response = respond(request, exc.status, exc.detail, exc.code)
        if isinstance(exc, NotAuthenticatedError):
            response["WWW-Authenticate"] = "Bearer"
        if isinstance(exc, RateLimitedError):
            response["Retry-After"] = str(exc.retry_after)
        return response

    def on_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return respond(request, 422, _ninja_errors(exc), "validation_error")

    def on_django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        if isinstance(exc, StaleEditError):
            # Someone saved since the client read the record: re-read, not re-validate.
            return respond(request, 409, " ".join(exc.messages), STALE_CODE)
        return respond(request, 422, django_errors(exc), "validation_error")

    def on_authentication(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = respond(
            request, 401, _("Autentikasi diperlukan: kirim header Authorization: Bearer <token>."), "not_authenticated"
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc, Throttled):
            return respond(request, 429, _("Terlalu banyak permintaan."), "rate_limited")
        codes = {400: "bad_request", 401: "not_authenticated", 403: "permission_denied", 404: "not_found"}
        if exc.status_code == 400:
            detail = _("Isi permintaan tidak dapat dibaca; kirim JSON yang sah.")
        elif exc.status_code == 403:
            detail = _("Pemeriksaan CSRF gagal.")
        else:
            detail = str(exc.message)
        return respond(request, exc.status_code, detail, codes.get(exc.status_code, "error"))

    def on_404(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, _("Tidak ditemukan."), "not_found")

    def on_permission(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return respond(request, 403, _("Tidak diizinkan."), "permission_denied")

    def on_transition(request: HttpRequest, exc: SkpTransitionError) -> HttpResponse:
        detail = " ".join([exc.message, *exc.problems]).strip()
        return respond(request, 409, detail, "conflict")

    def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return respond(request, 413, _("Isi permintaan terlalu besar."), "too_large")

    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API request %s %s failed", request.method, request.path)
        return respond(request, 500, _("Terjadi kesalahan tak terduga di server."), "server_error")

    handlers: list[tuple[type[Exception], Callable[[HttpRequest, Any], HttpResponse]]] = [
        (ApiError, on_api_error),
        (NinjaValidationError, on_validation),
        (DjangoValidationError, on_django_validation),
        (AuthenticationError, on_authentication),
        (HttpError, on_http_error),
        (Http404, on_404),
        (PermissionDenied, on_permission),
        (SkpTransitionError, on_transition),
        (RequestDataTooBig, on_too_big),
        (Exception, on_unexpected),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, handler)
