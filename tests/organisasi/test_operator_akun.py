"""Operator screens for accounts and operator roles."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from organisasi.models import OperatorRole, Pegawai
from tests.conftest import World
from tests.factories import OperatorRoleFactory, PegawaiFactory, UnitKerjaFactory
from tests.organisasi.test_operator_access import build_unit_scoped, client_for, make_admin

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def user_of(pegawai: Pegawai) -> User:
    assert pegawai.user_id is not None
    return User.objects.get(pk=pegawai.user_id)


def test_list_shows_account_state_and_roles(as_operator: Client, world: World) -> None:
    tanpa = PegawaiFactory(instansi=world.instansi, unit_kerja=world.unit, user=None)
    User.objects.filter(pk=world.rekan.user_id).update(is_active=False, must_change_password=True)
    OperatorRoleFactory(user=world.atasan.user, instansi=world.instansi, unit_kerja=world.unit)
    OperatorRoleFactory(user=world.atasan.user, instansi=world.other_instansi)  # not shown here
    url = reverse("organisasi:akun_list")
    html = as_operator.get(url).content.decode()
    row = re.search(rf'data-nip="{world.rekan.nip}".*?</tr>', html, re.S)
    assert row is not None
    assert "nonaktif" in row.group(0)
    assert "wajib ganti kata sandi" in row.group(0)
    atasan_row = re.search(rf'data-nip="{world.atasan.nip}".*?</tr>', html, re.S)
    assert atasan_row is not None
    assert world.unit.nama in atasan_row.group(0)
    assert "seluruh instansi" not in atasan_row.group(0)
    tanpa_row = re.search(rf'data-nip="{tanpa.nip}".*?</tr>', html, re.S)
    assert tanpa_row is not None
    assert 'data-test="akun-buat"' in tanpa_row.group(0)

    only_without = as_operator.get(url, {"kondisi": "tanpa_akun"}).content.decode()
    assert only_without.count('data-test="akun-row"') == 1
    operators = as_operator.get(url, {"kondisi": "operator"}).content.decode()
    assert operators.count('data-test="akun-row"') == 2  # world.operator and world.atasan
    inactive = as_operator.get(url, {"kondisi": "nonaktif"}, headers=HTMX).content.decode()
    assert "<html" not in inactive
    assert inactive.count('data-test="akun-row"') == 1
    by_nip = as_operator.get(url, {"q": world.rekan.nip[:18]}).content.decode()
    assert by_nip.count('data-test="akun-row"') == 1


def test_reset_password_shows_the_temporary_password_once(as_operator: Client, world: World) -> None:
    response = as_operator.post(reverse("organisasi:akun_reset_password", args=[world.pegawai.pk]))
    assert response.status_code == 302
    page = as_operator.get(response["Location"])
    html = page.content.decode()
    match = re.search(r'data-test="kata-sandi">([^<]+)<', html)
    assert match is not None
    password = match.group(1)
    assert "hanya ditampilkan sekali" in html
    assert "no-store" in page["Cache-Control"]
    user = user_of(world.pegawai)
    assert user.check_password(password)
    assert user.must_change_password
    again = as_operator.get(response["Location"]).content.decode()
    assert password not in again
    assert 'data-test="kata-sandi-sementara"' not in again
    # The pegawai can log in with it and is sent to change it.
    pegawai_client = Client()
    login = pegawai_client.post(reverse("login"), {"username": world.pegawai.nip, "password": password})
    assert login.status_code == 302
    assert pegawai_client.get(reverse("beranda:dashboard"))["Location"] == reverse("password_change")


def test_temporary_password_is_not_shown_on_another_pegawai_page(as_operator: Client, world: World) -> None:
    as_operator.post(reverse("organisasi:akun_reset_password", args=[world.pegawai.pk]))
    other = as_operator.get(reverse("organisasi:pegawai_detail", args=[world.rekan.pk])).content.decode()
    assert 'data-test="kata-sandi-sementara"' not in other


def test_reset_without_account_or_for_oneself_is_refused_with_a_message(as_operator: Client, world: World) -> None:
    tanpa = PegawaiFactory(instansi=world.instansi, unit_kerja=world.unit, user=None)
    response = as_operator.post(reverse("organisasi:akun_reset_password", args=[tanpa.pk]), follow=True)
    assert "belum memiliki akun" in response.content.decode()
    own = Pegawai.objects.get(user=world.operator)
    before = world.operator.password
    response = as_operator.post(reverse("organisasi:akun_reset_password", args=[own.pk]), follow=True)
    assert "Ganti kata sandi" in response.content.decode()
    world.operator.refresh_from_db()
    assert world.operator.password == before


def test_toggle_active_and_never_oneself(as_operator: Client, world: World) -> None:
    url = reverse("organisasi:akun_toggle_active", args=[world.pegawai.pk])
    next_url = reverse("organisasi:akun_list") + "?q=abc"
    response = as_operator.post(url, {"next": next_url})
    assert response["Location"] == next_url
    assert not user_of(world.pegawai).is_active
    as_operator.post(url)
    assert user_of(world.pegawai).is_active
    # An outside "next" is ignored.
    response = as_operator.post(url, {"next": "https://example.com/"})
    assert response["Location"].startswith(reverse("organisasi:pegawai_detail", args=[world.pegawai.pk]))
    own = Pegawai.objects.get(user=world.operator)
    response = as_operator.post(reverse("organisasi:akun_toggle_active", args=[own.pk]), follow=True)
    assert "tidak dapat menonaktifkan akun Anda sendiri" in response.content.decode()
    world.operator.refresh_from_db()
    assert world.operator.is_active


def test_create_account_for_pegawai_without_one(as_operator: Client, world: World) -> None:
    tanpa = PegawaiFactory(instansi=world.instansi, unit_kerja=world.unit, user=None)
    url = reverse("organisasi:akun_create", args=[tanpa.pk])
    response = as_operator.post(url, follow=True)
    assert "dibuat dengan nama pengguna" in response.content.decode()
    tanpa.refresh_from_db()
    assert tanpa.user is not None
    assert tanpa.user.username == tanpa.nip
    again = as_operator.post(url, follow=True)
    assert "sudah memiliki akun" in again.content.decode()


def test_grant_and_revoke_roles(as_operator: Client, world: World) -> None:
    grant = reverse("organisasi:role_grant", args=[world.pegawai.pk])
    response = as_operator.post(grant, {"unit_kerja": world.unit.pk}, follow=True)
    assert "sekarang operator untuk" in response.content.decode()
    role = OperatorRole.objects.get(user=world.pegawai.user)
    assert (role.unit_kerja, role.granted_by) == (world.unit, world.operator)
    detail = as_operator.get(reverse("organisasi:pegawai_detail", args=[world.pegawai.pk])).content.decode()
    assert "Operator unit" in detail
    duplicate = as_operator.post(grant, {"unit_kerja": world.unit.pk}, follow=True)
    assert "mencakup unit ini" in duplicate.content.decode()
    other_unit = UnitKerjaFactory(instansi=world.other_instansi)
    bad = as_operator.post(grant, {"unit_kerja": other_unit.pk}, follow=True)
    assert "Pilih cakupan peran dari daftar." in bad.content.decode()
    assert OperatorRole.objects.filter(user=world.pegawai.user).count() == 1
    revoke = as_operator.post(reverse("organisasi:role_revoke", args=[role.pk]), follow=True)
    assert "dicabut" in revoke.content.decode()
    assert not OperatorRole.objects.filter(pk=role.pk).exists()
    whole = as_operator.post(grant, {"unit_kerja": ""})
    assert whole.status_code == 302
    assert OperatorRole.objects.get(user=world.pegawai.user).unit_kerja is None


def test_operator_cannot_revoke_their_own_last_whole_instansi_role(as_operator: Client, world: World) -> None:
    own = OperatorRole.objects.get(user=world.operator)
    response = as_operator.post(reverse("organisasi:role_revoke", args=[own.pk]), follow=True)
    assert "yang terakhir" in response.content.decode()
    assert OperatorRole.objects.filter(pk=own.pk).exists()


def test_revoking_a_role_of_another_instansi_is_404(as_operator: Client, world: World) -> None:
    other_role = OperatorRole.objects.get(user=world.other_operator)
    assert as_operator.post(reverse("organisasi:role_revoke", args=[other_role.pk])).status_code == 404
    assert OperatorRole.objects.filter(pk=other_role.pk).exists()


def test_admin_grants_roles_in_the_chosen_instansi(world: World) -> None:
    client = client_for(make_admin(), instansi_id=world.other_instansi.pk)
    response = client.post(reverse("organisasi:role_grant", args=[world.other_pegawai.pk]), {"unit_kerja": ""})
    assert response.status_code == 302
    role = OperatorRole.objects.get(user=world.other_pegawai.user)
    assert role.instansi == world.other_instansi


def test_unit_scoped_operator_manages_accounts_inside_their_subtree(world: World) -> None:
    scoped = build_unit_scoped(world)
    client = client_for(scoped.operator)
    response = client.post(reverse("organisasi:akun_reset_password", args=[scoped.pegawai_a.pk]))
    assert response.status_code == 302
    assert user_of(scoped.pegawai_a).must_change_password
    listing = client.get(reverse("organisasi:akun_list")).content.decode()
    assert scoped.pegawai_a.nip in listing
    assert scoped.pegawai_b.nip not in listing
    assert "Kelola peran" not in listing
