"""Who is acting: the web request (user, IP) kept in a ContextVar for the duration of the request.

A ContextVar instead of a thread-local: it is right for threaded servers and does not leak
between requests served one after another by the same thread."""

from __future__ import annotations

import ipaddress
import sys
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .models import Sumber


@dataclass
class Konteks:
    request: HttpRequest
    ip: str | None
    sumber: str
    # Set by the API when a system token (which has no user) authenticates.
    label_pemanggil: str = field(default="")


_current: ContextVar[Konteks | None] = ContextVar("audit_konteks", default=None)


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or with AUDIT_TRUSTED_PROXY_COUNT = n proxies in front, the address the
    outermost trusted proxy saw: the n-th entry of X-Forwarded-For from the right. Entries
    further left are written by the client and cannot be trusted."""
    count = int(getattr(settings, "AUDIT_TRUSTED_PROXY_COUNT", 0))
    remote = _valid_ip(request.META.get("REMOTE_ADDR", ""))
    if count <= 0:
        return remote
    forwarded = [p for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
    if len(forwarded) < count:
        return remote
    return _valid_ip(forwarded[-count]) or remote


def current() -> Konteks | None:
    return _current.get()


def default_sumber() -> str:
    # No request: the django-tasks worker runs as the db_worker command; anything else is a command.
    return Sumber.TUGAS if any(arg.endswith("db_worker") for arg in sys.argv[1:2]) else Sumber.PERINTAH


def catat_pemanggil_api(request: HttpRequest, label: str) -> None:
    """Public hook for the API: name a caller that has no user (a system token) in the audit rows."""
    konteks = _current.get()
    if konteks is not None and konteks.request is request:
        konteks.label_pemanggil = label[:200]


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        sumber = Sumber.API if request.path.startswith("/api/") else Sumber.WEB
        token = _current.set(Konteks(request=request, ip=client_ip(request), sumber=sumber))
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
