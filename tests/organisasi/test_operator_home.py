"""The operator's home page and the choice of instansi."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from organisasi.access import SESSION_INSTANSI_KEY
from tests.conftest import World
from tests.factories import InstansiFactory, OperatorRoleFactory, PegawaiFactory, UnitKerjaFactory
from tests.organisasi.test_operator_access import build_unit_scoped, client_for, make_admin

pytestmark = pytest.mark.django_db


def test_home_shows_instansi_counts_and_every_section(as_operator: Client, world: World) -> None:
    PegawaiFactory(instansi=world.instansi, unit_kerja=world.unit, user=None, atasan=world.kepala)
    PegawaiFactory(instansi=world.instansi, unit_kerja=world.unit, aktif=False)
    html = as_operator.get(reverse("organisasi:operator_home")).content.decode()
    assert world.instansi.nama in html
    assert "cakupan: seluruh instansi" in html
    for name in ("unit_list", "jabatan_list", "pegawai_list", "pegawai_create", "akun_list"):
        assert f'href="{reverse(f"organisasi:{name}")}' in html, name
    # Seven pegawai, six of them active; one active without an account; the kepala has no atasan.
    assert '<span class="stat">6</span> / 7</p>' in html
    assert "1 pegawai aktif belum memiliki akun." in html
    assert "1 pegawai aktif belum memiliki atasan langsung" in html


def test_unit_scoped_home_counts_only_their_subtree(world: World) -> None:
    scoped = build_unit_scoped(world)
    html = client_for(scoped.operator).get(reverse("organisasi:operator_home")).content.decode()
    assert "cakupan: 2 unit kerja dalam kewenangan Anda" in html
    assert '<span class="stat">2</span> / 2</p>' in html  # the operator and pegawai_a
    assert 'Jumlah unit kerja</span><br><span class="stat">2</span>' in html


def test_operator_of_two_instansi_switches_between_them(as_operator: Client, world: World) -> None:
    OperatorRoleFactory(user=world.operator, instansi=world.other_instansi)
    url = reverse("organisasi:operator_pilih_instansi")
    response = as_operator.post(url, {"instansi": world.other_instansi.pk}, follow=True)
    assert f"Sekarang Anda mengelola {world.other_instansi.nama}" in response.content.decode()
    assert as_operator.session[SESSION_INSTANSI_KEY] == world.other_instansi.pk
    assert world.other_pegawai.nip in as_operator.get(reverse("organisasi:pegawai_list")).content.decode()
    as_operator.post(url, {"instansi": world.instansi.pk})
    assert world.pegawai.nip in as_operator.get(reverse("organisasi:pegawai_list")).content.decode()


@pytest.mark.parametrize("value", ["abc", "", "999999"])
def test_switching_to_an_instansi_outside_ones_scope_is_refused(as_operator: Client, world: World, value: str) -> None:
    OperatorRoleFactory(user=world.operator, instansi=world.other_instansi)
    third = InstansiFactory()
    for bad in (value, str(third.pk)):
        response = as_operator.post(reverse("organisasi:operator_pilih_instansi"), {"instansi": bad}, follow=True)
        assert response.status_code == 200
        assert "tidak termasuk dalam kewenangan Anda" in response.content.decode()
    assert SESSION_INSTANSI_KEY not in as_operator.session


def test_admin_without_pegawai_record_can_switch_to_any_instansi(world: World) -> None:
    admin = make_admin()
    third = InstansiFactory(nama="Pemerintah Kota Uji")
    UnitKerjaFactory(instansi=third, nama="Dinas Uji")
    client = client_for(admin)
    home = client.get(reverse("organisasi:operator_home")).content.decode()
    assert 'data-test="pilih-instansi"' in home
    assert third.nama in home
    client.post(reverse("organisasi:operator_pilih_instansi"), {"instansi": third.pk})
    assert "Dinas Uji" in client.get(reverse("organisasi:unit_list")).content.decode()


@pytest.mark.django_db
def test_admin_of_a_fresh_installation_is_sent_to_create_an_instansi(client: Client) -> None:
    admin = User.objects.create_superuser("admin-baru", password="Rahasia-123")
    client.force_login(admin)
    response = client.get(reverse("organisasi:operator_home"))
    assert response.status_code == 200
    assert 'data-test="tanpa-instansi"' in response.content.decode()
    assert reverse("admin:organisasi_instansi_add") in response.content.decode()


@pytest.mark.django_db
def test_plain_user_of_a_fresh_installation_gets_404(client: Client) -> None:
    user = User.objects.create_user("biasa", password="Rahasia-123")
    client.force_login(user)
    assert client.get(reverse("organisasi:operator_home")).status_code == 404
