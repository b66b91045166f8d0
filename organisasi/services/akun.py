"""Accounts of pegawai and operator roles, as managed by an instansi's operator (SPEC §2).

The username of a pegawai's account is their NIP. An operator never learns a password: a reset
produces a temporary one, shown once, that the pegawai must replace at their next login. No
operator can use these services to take over an account with more power than their own.
"""

from __future__ import annotations

import secrets

from axes.utils import reset as axes_reset
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User

from ..access import forget_operator_scopes
from ..models import Instansi, OperatorRole, Pegawai, UnitKerja

# No look-alike characters (0/O, 1/l/I): the password is read out or copied by hand.
TEMP_PASSWORD_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789"  # noqa: S105 - an alphabet
TEMP_PASSWORD_GROUPS = 3
TEMP_PASSWORD_GROUP_LENGTH = 4


def generate_temporary_password() -> str:
    """Like `Kx7m-Pq4r-Zt9w`: 12 random characters with upper case, lower case and a digit."""
    while True:
        chars = [
            secrets.choice(TEMP_PASSWORD_ALPHABET) for _i in range(TEMP_PASSWORD_GROUPS * TEMP_PASSWORD_GROUP_LENGTH)
        ]
        if any(c.isupper() for c in chars) and any(c.islower() for c in chars) and any(c.isdigit() for c in chars):
            size = TEMP_PASSWORD_GROUP_LENGTH
            return "-".join("".join(chars[i : i + size]) for i in range(0, len(chars), size))


def manages_whole_instansi(user: User, instansi_id: int) -> bool:
    """An admin, or an operator whose role covers the whole instansi."""
    if user.is_superuser:
        return True
    return OperatorRole.objects.filter(user=user, instansi_id=instansi_id, unit_kerja__isnull=True).exists()


def _check_may_manage_account(*, actor: User, target: User) -> None:
    """Resetting or disabling an account must not hand the actor more power than they have."""
    if actor.is_superuser or actor.pk == target.pk:
        return
    if target.is_superuser or target.is_staff:
        raise ValidationError(_("Akun admin hanya dapat dikelola oleh admin."), code="akun_admin")
    for instansi_id in set(target.operator_roles.values_list("instansi_id", flat=True)):
        if not manages_whole_instansi(actor, instansi_id):
            raise ValidationError(
                _(
                    "Akun ini memegang peran operator yang tidak seluruhnya berada dalam kewenangan Anda; "
                    "hanya operator seluruh instansi atau admin yang dapat mengelolanya."
                ),
                code="akun_operator",
            )


@transaction.atomic
def akun_create_for_pegawai(*, pegawai: Pegawai) -> User:
    """The pegawai's account: username = NIP, no usable password until an operator resets it."""
    pegawai = Pegawai.objects.select_for_update().get(pk=pegawai.pk)
    if pegawai.user_id is not None:
        raise ValidationError(_("%(nama)s sudah memiliki akun.") % {"nama": pegawai.nama_lengkap}, code="sudah_ada")
    if User.objects.filter(username=pegawai.nip).exists():
        raise ValidationError(
            _("Sudah ada akun lain dengan nama pengguna %(nip)s. Hubungi admin.") % {"nip": pegawai.nip},
            code="akun_terpakai",
        )
    user = User(username=pegawai.nip, first_name=pegawai.nama[:150])
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    pegawai.user = user
    pegawai.save(update_fields=["user", "updated_at"])
    return user


@transaction.atomic
def akun_reset_password(*, user: User, by: User) -> str:
    """Give the account a temporary password and return it (to be shown once).

    The owner must choose a new password at their next login; failed-login lockouts are lifted.
    """
    if user.pk == by.pk:
        raise ValidationError(_("Untuk akun Anda sendiri, gunakan menu Ganti kata sandi."), code="diri_sendiri")
    _check_may_manage_account(actor=by, target=user)
    password = generate_temporary_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    axes_reset(username=user.username)
    return password


@transaction.atomic
def akun_set_active(*, user: User, active: bool, by: User) -> User:
    """Enable or disable logging in; nobody can disable their own account."""
    if not active and user.pk == by.pk:
        raise ValidationError(_("Anda tidak dapat menonaktifkan akun Anda sendiri."), code="diri_sendiri")
    _check_may_manage_account(actor=by, target=user)
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
    return user


def _check_may_manage_roles(*, by: User, instansi: Instansi) -> None:
    if not manages_whole_instansi(by, instansi.pk):
        raise ValidationError(
            _("Hanya operator seluruh instansi atau admin yang dapat memberikan atau mencabut peran operator."),
            code="tidak_berwenang",
        )


@transaction.atomic
def operator_role_grant(
    *,
    user: User,
    instansi: Instansi,
    unit_kerja: UnitKerja | None = None,
    by: User,
) -> OperatorRole:
    """Make the account an operator of the whole instansi (unit_kerja None) or of one unit's subtree."""
    _check_may_manage_roles(by=by, instansi=instansi)
    if not Pegawai.objects.filter(user=user, instansi=instansi).exists():
        raise ValidationError(
            _("Peran operator hanya dapat diberikan kepada akun pegawai instansi ini."), code="beda_instansi"
        )
    if unit_kerja is not None and unit_kerja.instansi_id != instansi.pk:
        raise ValidationError({"unit_kerja": _("Unit kerja harus berada di instansi yang sama.")}, code="beda_instansi")
    existing = list(OperatorRole.objects.filter(user=user, instansi=instansi).select_related("unit_kerja"))
    if any(r.unit_kerja_id is None for r in existing):
        raise ValidationError(
            _("Akun ini sudah menjadi operator seluruh instansi."),
            code="sudah_ada",
        )
    if unit_kerja is not None:
        parent_of = dict(UnitKerja.objects.filter(instansi=instansi).values_list("pk", "induk_id"))
        chain: list[int] = []
        node: int | None = unit_kerja.pk
        while node is not None and node not in chain:
            chain.append(node)
            node = parent_of.get(node)
        for role in existing:
            if role.unit_kerja_id in chain:
                raise ValidationError(
                    _("Akun ini sudah menjadi operator unit %(unit)s, yang mencakup unit ini.")
                    % {"unit": role.unit_kerja},
                    code="sudah_ada",
                )
    role = OperatorRole(user=user, instansi=instansi, unit_kerja=unit_kerja, granted_by=by)
    role.full_clean()
    role.save()
    forget_operator_scopes(user)
    forget_operator_scopes(by)
    return role


@transaction.atomic
def operator_role_revoke(*, role: OperatorRole, by: User) -> None:
    """Take a role away; an operator cannot revoke their own last whole-instansi role."""
    _check_may_manage_roles(by=by, instansi=role.instansi)
    if (
        role.user_id == by.pk
        and role.unit_kerja_id is None
        and not by.is_superuser
        and not OperatorRole.objects.filter(user=by, unit_kerja__isnull=True).exclude(pk=role.pk).exists()
    ):
        raise ValidationError(
            _(
                "Anda tidak dapat mencabut peran operator seluruh instansi Anda sendiri yang terakhir. "
                "Minta operator lain atau admin untuk melakukannya."
            ),
            code="peran_terakhir",
        )
    role.delete()
    forget_operator_scopes(role.user)
    forget_operator_scopes(by)
