"""Who is calling: a personal token (acts as its user), a system token (acts within its instansi,
limited to its scopes) or the app's own session (the logged-in user, CSRF checked).

A token that is sent but unknown, expired or revoked is a 401 at once; no other method is tried,
so a script with a stale token learns why instead of getting the anonymous answer.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, SessionAuth

from accounts.models import User
from audit.context import catat_pemanggil_api
from organisasi.models import Instansi

from .errors import NotAuthenticatedError, RateLimitedError, ScopeDeniedError
from .models import PersonalToken, Scope, SystemToken
from .services import PERSONAL_PREFIX, SYSTEM_PREFIX, token_digest

# last_used_at is for people ("is this token still in use?"): minute precision spares a write per call.
LAST_USED_PRECISION = timedelta(minutes=1)
MAX_TOKEN_LENGTH = 200


@dataclass(frozen=True)
class Caller:
    """The authenticated side of a request. `user` is None for a system token."""

    kind: str  # "personal", "system" or "session"
    user: User | None = None
    instansi: Instansi | None = None
    scopes: frozenset[str] = field(default_factory=frozenset)
    token_id: int | None = None

    @property
    def is_system(self) -> bool:
        return self.kind == "system"

    def require_scope(self, scope: Scope) -> None:
        """A system token needs the scope; a user (token or session) is judged by SPEC §2 instead."""
        if self.is_system and scope.value not in self.scopes:
            raise ScopeDeniedError(
                _("Token sistem ini tidak memiliki cakupan %(scope)s.") % {"scope": scope.value}, code="scope_missing"
            )

    def require_user(self) -> User:
        """Endpoints that act as a person (SKP, realisasi) are not for system tokens."""
        if self.user is None:
            raise ScopeDeniedError(
                _("Titik akhir ini hanya untuk token pribadi atau sesi pengguna, bukan token sistem."),
                code="user_required",
            )
        return self.user


def caller_of(request: HttpRequest) -> Caller:
    auth = getattr(request, "auth", None)
    if not isinstance(auth, Caller):  # every route is authenticated; this is a wiring error
        raise NotAuthenticatedError(_("Autentikasi diperlukan."))
    return auth


def _touch(model: type[PersonalToken] | type[SystemToken], token: PersonalToken | SystemToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        model.objects.filter(pk=token.pk).update(last_used_at=now)


def _refuse(token: PersonalToken | SystemToken) -> None:
    if token.revoked_at is not None:
        raise NotAuthenticatedError(_("Token ini sudah dicabut."), code="token_revoked")
    if token.expires_at <= timezone.now():
        raise NotAuthenticatedError(_("Token ini sudah kedaluwarsa; buat token baru."), code="token_expired")


def check_rate(key: str) -> None:
    """Fixed window per token: at most API_RATE_LIMIT requests per API_RATE_LIMIT_WINDOW seconds."""
    limit = int(settings.API_RATE_LIMIT)
    window = int(settings.API_RATE_LIMIT_WINDOW)
    if limit <= 0:
        return
    now = int(time.time())
    bucket = now // window
    cache_key = f"api-rate:{key}:{bucket}"
    # add() is a no-op when the window's counter exists; incr() is then atomic on Redis/memcached.
    cache.add(cache_key, 0, timeout=window + 5)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window + 5)
        count = 1
    if count > limit:
        retry = (bucket + 1) * window - now
        raise RateLimitedError(
            _(
                "Batas %(limit)d permintaan per %(window)d detik untuk token ini terlampaui; coba lagi dalam %(retry)d detik."
            )
            % {"limit": limit, "window": window, "retry": retry},
            retry_after=max(1, retry),
        )


class TokenAuth(HttpBearer):
    """`Authorization: Bearer kin_pat_…` or `kin_sys_…`."""

    def authenticate(self, request: HttpRequest, token: str) -> Caller:
        token = token.strip()
        if len(token) > MAX_TOKEN_LENGTH or not token.isascii():
            raise NotAuthenticatedError(_("Token tidak dikenal."), code="token_invalid")
        digest = token_digest(token)
        if token.startswith(PERSONAL_PREFIX):
            personal = PersonalToken.objects.select_related("user").filter(secret_sha256=digest).first()
            if personal is None or not personal.user.is_active:
                raise NotAuthenticatedError(_("Token tidak dikenal."), code="token_invalid")
            _refuse(personal)
            check_rate(f"p{personal.pk}")
            _touch(PersonalToken, personal)
            request.user = personal.user
            return Caller(kind="personal", user=personal.user, token_id=personal.pk)
        if token.startswith(SYSTEM_PREFIX):
            system = SystemToken.objects.select_related("instansi").filter(secret_sha256=digest).first()
            if system is None:
                raise NotAuthenticatedError(_("Token tidak dikenal."), code="token_invalid")
            _refuse(system)
            check_rate(f"s{system.pk}")
            _touch(SystemToken, system)
            # A system token has no user: name it in the audit rows of the writes it makes.
            catat_pemanggil_api(request, f"token sistem {system.nama} ({system.prefix}…)")
            return Caller(kind="system", instansi=system.instansi, scopes=frozenset(system.scopes), token_id=system.pk)
        raise NotAuthenticatedError(_("Token tidak dikenal."), code="token_invalid")


class UserSessionAuth(SessionAuth):
    """The logged-in user of the app's own pages (CSRF checked on writes by ninja)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Caller | None:
        user = request.user
        if isinstance(user, User) and user.is_authenticated and user.is_active:
            return Caller(kind="session", user=user)
        return None
