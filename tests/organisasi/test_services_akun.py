"""Services for accounts and operator roles: nobody gains more power than they hold."""

from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import ValidationError

from accounts.models import User
from organisasi.models import OperatorRole, Pegawai
from organisasi.services import akun
from tests.conftest import World
from tests.factories import OperatorRoleFactory, PegawaiFactory, UnitKerjaFactory, UserFactory
from tests.organisasi.test_operator_access import build_unit_scoped, make_admin

pytestmark = pytest.mark.django_db


def user_of(pegawai: Pegawai) -> User:
    assert pegawai.user is not None
    return pegawai.user


# --- Accounts ---------------------------------------------------------------------------------


def test_create_account_for_a_pegawai_without_one(world: World) -> None:
    pegawai = PegawaiFactory(instansi=world.instansi, user=None)
    user = akun.akun_create_for_pegawai(pegawai=pegawai)
    pegawai.refresh_from_db()
    assert pegawai.user == user
    assert user.username == pegawai.nip
    assert not user.has_usable_password()
    with pytest.raises(ValidationError, match="sudah memiliki akun"):
        akun.akun_create_for_pegawai(pegawai=pegawai)


def test_create_account_refused_when_the_username_is_taken(world: World) -> None:
    pegawai = PegawaiFactory(instansi=world.instansi, user=None)
    UserFactory(username=pegawai.nip)
    with pytest.raises(ValidationError, match="akun lain"):
        akun.akun_create_for_pegawai(pegawai=pegawai)
    pegawai.refresh_from_db()
    assert pegawai.user_id is None


def test_temporary_password_is_random_readable_and_must_be_changed(world: World) -> None:
    target = user_of(world.pegawai)
    AccessAttempt.objects.create(username=target.username, ip_address="10.0.0.1", failures_since_start=5)
    first = akun.akun_reset_password(user=target, by=world.operator)
    second = akun.akun_reset_password(user=target, by=world.operator)
    assert re.fullmatch(r"[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}", first)
    assert first != second
    target.refresh_from_db()
    assert target.check_password(second)
    assert target.must_change_password
    assert not AccessAttempt.objects.filter(username=target.username).exists()


def test_generated_passwords_mix_cases_and_digits() -> None:
    for _i in range(50):
        password = akun.generate_temporary_password().replace("-", "")
        assert len(password) == 12
        assert any(c.isupper() for c in password)
        assert any(c.islower() for c in password)
        assert any(c.isdigit() for c in password)
        assert not set(password) & set("0O1lI")


def test_operator_cannot_reset_their_own_password_here(world: World) -> None:
    with pytest.raises(ValidationError, match="Ganti kata sandi"):
        akun.akun_reset_password(user=world.operator, by=world.operator)


def test_operator_cannot_take_over_an_admin_account(world: World) -> None:
    admin_pegawai = PegawaiFactory(instansi=world.instansi)
    admin = user_of(admin_pegawai)
    User.objects.filter(pk=admin.pk).update(is_superuser=True)
    admin.refresh_from_db()
    old_password = admin.password
    with pytest.raises(ValidationError, match="admin"):
        akun.akun_reset_password(user=admin, by=world.operator)
    with pytest.raises(ValidationError, match="admin"):
        akun.akun_set_active(user=admin, active=False, by=world.operator)
    admin.refresh_from_db()
    assert (admin.password, admin.is_active) == (old_password, True)
    # An admin may.
    akun.akun_reset_password(user=admin, by=make_admin())


def test_unit_operator_cannot_take_over_a_whole_instansi_operator(world: World) -> None:
    scoped = build_unit_scoped(world)
    with pytest.raises(ValidationError, match="operator seluruh instansi"):
        akun.akun_reset_password(user=world.operator, by=scoped.operator)
    # …but the whole-instansi operator can reset the unit operator, and the unit operator a plain pegawai.
    akun.akun_reset_password(user=scoped.operator, by=world.operator)
    akun.akun_reset_password(user=user_of(scoped.pegawai_a), by=scoped.operator)


def test_operator_cannot_take_over_an_operator_of_another_instansi(world: World) -> None:
    both = PegawaiFactory(instansi=world.instansi)
    OperatorRoleFactory(user=both.user, instansi=world.other_instansi)
    with pytest.raises(ValidationError):
        akun.akun_reset_password(user=user_of(both), by=world.operator)


def test_set_active_and_never_on_oneself(world: World) -> None:
    target = user_of(world.pegawai)
    akun.akun_set_active(user=target, active=False, by=world.operator)
    target.refresh_from_db()
    assert not target.is_active
    akun.akun_set_active(user=target, active=True, by=world.operator)
    target.refresh_from_db()
    assert target.is_active
    with pytest.raises(ValidationError, match="akun Anda sendiri"):
        akun.akun_set_active(user=world.operator, active=False, by=world.operator)
    world.operator.refresh_from_db()
    assert world.operator.is_active


# --- Roles ------------------------------------------------------------------------------------


def test_whole_instansi_operator_grants_roles(world: World) -> None:
    role = akun.operator_role_grant(user=user_of(world.pegawai), instansi=world.instansi, by=world.operator)
    assert (role.unit_kerja, role.granted_by) == (None, world.operator)
    with pytest.raises(ValidationError, match="sudah menjadi operator seluruh instansi"):
        akun.operator_role_grant(user=user_of(world.pegawai), instansi=world.instansi, by=world.operator)
    with pytest.raises(ValidationError, match="sudah menjadi operator seluruh instansi"):
        akun.operator_role_grant(
            user=user_of(world.pegawai), instansi=world.instansi, unit_kerja=world.unit, by=world.operator
        )


def test_unit_role_already_covered_by_a_parent_unit_role_is_refused(world: World) -> None:
    child = UnitKerjaFactory(instansi=world.instansi, induk=world.unit)
    target = user_of(world.rekan)
    akun.operator_role_grant(user=target, instansi=world.instansi, unit_kerja=world.unit, by=world.operator)
    for unit in (world.unit, child):
        with pytest.raises(ValidationError, match="mencakup unit ini"):
            akun.operator_role_grant(user=target, instansi=world.instansi, unit_kerja=unit, by=world.operator)
    assert OperatorRole.objects.filter(user=target).count() == 1


def test_roles_only_for_pegawai_and_units_of_the_instansi(world: World) -> None:
    with pytest.raises(ValidationError, match="pegawai instansi ini"):
        akun.operator_role_grant(user=user_of(world.other_pegawai), instansi=world.instansi, by=world.operator)
    other_unit = UnitKerjaFactory(instansi=world.other_instansi)
    with pytest.raises(ValidationError):
        akun.operator_role_grant(
            user=user_of(world.pegawai), instansi=world.instansi, unit_kerja=other_unit, by=world.operator
        )
    assert not OperatorRole.objects.filter(user=world.pegawai.user).exists()


def test_unit_operator_and_other_instansi_operator_cannot_grant_or_revoke(world: World) -> None:
    scoped = build_unit_scoped(world)
    for by in (scoped.operator, world.other_operator):
        with pytest.raises(ValidationError, match="Hanya operator seluruh instansi"):
            akun.operator_role_grant(
                user=user_of(scoped.pegawai_a), instansi=world.instansi, unit_kerja=scoped.sub_a, by=by
            )
        with pytest.raises(ValidationError, match="Hanya operator seluruh instansi"):
            akun.operator_role_revoke(role=OperatorRole.objects.get(user=scoped.operator), by=by)
    assert OperatorRole.objects.filter(user=scoped.operator).exists()


def test_operator_cannot_revoke_their_own_last_whole_instansi_role(world: World) -> None:
    own = OperatorRole.objects.get(user=world.operator, instansi=world.instansi)
    with pytest.raises(ValidationError, match="yang terakhir"):
        akun.operator_role_revoke(role=own, by=world.operator)
    assert OperatorRole.objects.filter(pk=own.pk).exists()
    # With a whole-instansi role elsewhere, this one is not the last.
    OperatorRoleFactory(user=world.operator, instansi=world.other_instansi)
    akun.operator_role_revoke(role=own, by=world.operator)
    assert not OperatorRole.objects.filter(pk=own.pk).exists()


def test_revoke_someone_elses_role_and_admin_may_do_anything(world: World) -> None:
    role = akun.operator_role_grant(user=user_of(world.pegawai), instansi=world.instansi, by=world.operator)
    akun.operator_role_revoke(role=role, by=world.operator)
    assert not OperatorRole.objects.filter(pk=role.pk).exists()
    admin = make_admin()
    own = OperatorRole.objects.get(user=world.operator, instansi=world.instansi)
    akun.operator_role_revoke(role=own, by=admin)
    assert not akun.manages_whole_instansi(world.operator, world.instansi.pk)
    regranted = akun.operator_role_grant(user=world.operator, instansi=world.instansi, by=admin)
    assert regranted.granted_by == admin
    assert akun.manages_whole_instansi(world.operator, world.instansi.pk)
    assert akun.manages_whole_instansi(admin, world.other_instansi.pk)
