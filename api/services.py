"""Making and revoking API tokens. A token is `kin_pat_…` (personal) or `kin_sys_…` (system):
the prefix tells a reader which kind leaked, the rest is 256 random bits. Only its SHA-256 is
stored, so a database dump does not give access; the caller shows the token once."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from organisasi.models import Instansi
from organisasi.signals import bulk_saved

from .models import PersonalToken, Scope, SystemToken

PERSONAL_PREFIX = "kin_pat_"
SYSTEM_PREFIX = "kin_sys_"
SHOWN_PREFIX_LENGTH = 12
BERLAKU_HARI = (30, 90, 180, 365)
NAMA_MAX_LENGTH = 100
# Enough for every script and device a person uses; more usually means tokens are never revoked.
MAX_ACTIVE_PERSONAL = 20


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _new_secret(kind_prefix: str) -> tuple[str, str, str]:
    token = kind_prefix + secrets.token_urlsafe(32)
    return token, token[:SHOWN_PREFIX_LENGTH], token_digest(token)


def _clean_nama(nama: str) -> str:
    value = (nama or "").strip()
    if not value:
        raise ValidationError({"nama": _("Nama token wajib diisi, misalnya nama skrip atau sistem pemakainya.")})
    if len(value) > NAMA_MAX_LENGTH:
        raise ValidationError({"nama": _("Nama token paling banyak %(n)d karakter.") % {"n": NAMA_MAX_LENGTH}})
    return value


def _check_berlaku(berlaku_hari: int) -> timedelta:
    if berlaku_hari not in BERLAKU_HARI:
        raise ValidationError(
            {
                "berlaku_hari": _("Pilih masa berlaku: %(pilihan)s hari.")
                % {"pilihan": ", ".join(map(str, BERLAKU_HARI))}
            }
        )
    return timedelta(days=berlaku_hari)


@transaction.atomic
def personal_token_create(*, user: User, nama: str, berlaku_hari: int) -> tuple[PersonalToken, str]:
    """A new personal token and its secret (to show once)."""
    nama = _clean_nama(nama)
    durasi = _check_berlaku(berlaku_hari)
    User.objects.select_for_update().filter(pk=user.pk).first()
    now = timezone.now()
    aktif = PersonalToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now).count()
    if aktif >= MAX_ACTIVE_PERSONAL:
        raise ValidationError(
            _("Anda sudah memiliki %(n)d token aktif. Cabut token yang tidak dipakai lagi terlebih dahulu.")
            % {"n": aktif}
        )
    token, prefix, digest = _new_secret(PERSONAL_PREFIX)
    record = PersonalToken.objects.create(
        user=user, nama=nama, prefix=prefix, secret_sha256=digest, created_at=now, expires_at=now + durasi
    )
    return record, token


@transaction.atomic
def personal_token_revoke(*, token: PersonalToken) -> PersonalToken:
    revoked = PersonalToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db(fields=["revoked_at"])
    if revoked:  # the audit trail records the revocation (a conditional update sends no post_save)
        bulk_saved.send(sender=PersonalToken, objs=[token], action="update", fields=["revoked_at"])
    return token


@transaction.atomic
def system_token_create(
    *, instansi: Instansi, nama: str, scopes: list[str], berlaku_hari: int, by: User
) -> tuple[SystemToken, str]:
    """A new system token of the instansi with the chosen scopes, and its secret (to show once)."""
    errors: dict[str, str] = {}
    try:
        nama = _clean_nama(nama)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    try:
        durasi = _check_berlaku(berlaku_hari)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    chosen = sorted(set(scopes))
    if not chosen:
        errors["scopes"] = _("Pilih paling sedikit satu cakupan.")
    elif any(s not in Scope.values for s in chosen):
        errors["scopes"] = _("Cakupan tidak dikenal.")
    if errors:
        raise ValidationError(errors)
    token, prefix, digest = _new_secret(SYSTEM_PREFIX)
    now = timezone.now()
    record = SystemToken.objects.create(
        instansi=instansi,
        nama=nama,
        scopes=chosen,
        prefix=prefix,
        secret_sha256=digest,
        created_at=now,
        expires_at=now + durasi,
        created_by=by,
    )
    return record, token


@transaction.atomic
def system_token_revoke(*, token: SystemToken) -> SystemToken:
    revoked = SystemToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db(fields=["revoked_at"])
    if revoked:  # the audit trail records the revocation (a conditional update sends no post_save)
        bulk_saved.send(sender=SystemToken, objs=[token], action="update", fields=["revoked_at"])
    return token
