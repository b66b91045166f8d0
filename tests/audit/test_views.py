"""Operator pages "Riwayat perubahan": what they show, who gets a 404, and their query counts."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import CatatanAudit
from organisasi.models import OperatorRole, UnitKerja
from organisasi.services.struktur import unit_kerja_create
from tests.conftest import World, login
from tests.factories import PegawaiFactory, UnitKerjaFactory, versi_now

pytestmark = pytest.mark.django_db


def edit_unit(client: Client, unit: UnitKerja, nama: str) -> None:
    response = client.post(
        reverse("organisasi:unit_edit", args=[unit.pk]),
        {"kode": unit.kode, "nama": nama, "induk": "", "kepala_nip": "", "versi": versi_now(unit)},
        REMOTE_ADDR="192.0.2.44",
    )
    assert response.status_code == 302


def test_instansi_list_shows_who_when_ip_and_old_to_new(client: Client, world: World) -> None:
    login(client, world.operator)
    edit_unit(client, world.unit, "Sekretariat Baru")
    page = client.get(reverse("audit:riwayat_instansi")).content.decode()
    assert "Sekretariat Baru" in page and "192.0.2.44" in page and world.operator.username in page
    assert "Diubah" in page and "<code>nama</code>" in page
    # Another instansi's rows are not listed.
    assert world.other_pegawai.nama not in page


def test_instansi_list_filters(client: Client, world: World) -> None:
    login(client, world.operator)
    edit_unit(client, world.unit, "Sekretariat Saring")
    url = reverse("audit:riwayat_instansi")
    assert "Sekretariat Saring" in client.get(url, {"aksi": "update", "model": "organisasi.unitkerja"}).content.decode()
    assert "Sekretariat Saring" not in client.get(url, {"aksi": "delete"}).content.decode()
    assert "Sekretariat Saring" not in client.get(url, {"model": "organisasi.pegawai"}).content.decode()
    assert "Sekretariat Saring" in client.get(url, {"aktor": world.operator.username}).content.decode()
    assert "Sekretariat Saring" not in client.get(url, {"aktor": "tidak-ada-orang-ini"}).content.decode()
    assert "Sekretariat Saring" not in client.get(url, {"sampai": "2000-01-01"}).content.decode()
    response = client.get(url, {"dari": "kemarin"})
    assert response.status_code == 200 and "TTTT-BB-HH" in response.content.decode()


def test_pegawai_history_lists_everything_about_them(client: Client, world: World) -> None:
    login(client, world.operator)
    user = world.pegawai.user
    assert user is not None
    user.is_active = False
    user.save()
    detail = client.get(reverse("organisasi:pegawai_detail", args=[world.pegawai.pk])).content.decode()
    url = reverse("audit:riwayat_pegawai", args=[world.pegawai.pk])
    assert url in detail
    page = client.get(url).content.decode()
    assert "is_active" in page and world.pegawai.nama in page
    assert world.rekan.nip not in page  # rows about somebody else are not part of it


def test_object_history(client: Client, world: World) -> None:
    login(client, world.operator)
    edit_unit(client, world.unit, "Sekretariat Objek")
    url = reverse("audit:riwayat_objek", args=["organisasi.unitkerja", world.unit.pk])
    assert "Sekretariat Objek" in client.get(url).content.decode()
    assert client.get(reverse("audit:riwayat_objek", args=["tidak.ada", 1])).status_code == 404
    assert client.get(reverse("audit:riwayat_objek", args=["organisasi.unitkerja", 999999])).status_code == 404


@pytest.mark.parametrize("who", ["other_pegawai", "other_operator", "pegawai"])
def test_unrelated_users_get_404(client: Client, world: World, who: str) -> None:
    user = getattr(world, who)
    login(client, user.user if who == "other_pegawai" or who == "pegawai" else user)
    urls = [
        reverse("audit:riwayat_pegawai", args=[world.pegawai.pk]),
        reverse("audit:riwayat_objek", args=["organisasi.unitkerja", world.unit.pk]),
    ]
    if who != "other_operator":  # the other operator has a list of their own instansi
        urls.append(reverse("audit:riwayat_instansi"))
    for url in urls:
        assert client.get(url).status_code == 404, url


def test_other_operator_sees_only_their_instansi(client: Client, world: World) -> None:
    login(client, world.other_operator)
    page = client.get(reverse("audit:riwayat_instansi")).content.decode()
    assert world.unit.nama not in page and world.pegawai.nama not in page


def test_unit_operator_sees_only_their_subtree(client: Client, world: World) -> None:
    cabang = UnitKerjaFactory(instansi=world.instansi)
    luar = PegawaiFactory(instansi=world.instansi, unit_kerja=world.unit)
    unit_op = PegawaiFactory(instansi=world.instansi, unit_kerja=cabang)
    OperatorRole.objects.create(user=unit_op.user, instansi=world.instansi, unit_kerja=cabang)
    login(client, unit_op.user)
    assert client.get(reverse("audit:riwayat_pegawai", args=[luar.pk])).status_code == 404
    assert client.get(reverse("audit:riwayat_pegawai", args=[unit_op.pk])).status_code == 200
    # Rows about the instansi's units are not about a pegawai of the subtree.
    assert client.get(reverse("audit:riwayat_objek", args=["organisasi.unitkerja", world.unit.pk])).status_code == 404
    page = client.get(reverse("audit:riwayat_instansi")).content.decode()
    assert luar.nama not in page and unit_op.nama in page


def test_admin_sees_every_instansi(client: Client, world: World, admin_user) -> None:  # type: ignore[no-untyped-def]
    login(client, admin_user)
    assert client.get(reverse("audit:riwayat_pegawai", args=[world.pegawai.pk])).status_code == 200


def test_query_counts_hold_with_many_rows(client: Client, world: World, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    for i in range(60):
        unit = unit_kerja_create(instansi=world.instansi, kode=f"Q.{i}", nama=f"Unit {i}")
        unit.nama = f"Unit {i} baru"
        unit.save()
    user = world.pegawai.user
    assert user is not None
    for i in range(60):
        user.first_name = f"Nama {i}"
        user.save()
    assert CatatanAudit.objects.filter(instansi=world.instansi).count() > 150
    login(client, world.operator)
    urls = [
        reverse("audit:riwayat_instansi"),
        reverse("audit:riwayat_instansi") + "?page=2&aksi=update",
        reverse("audit:riwayat_pegawai", args=[world.pegawai.pk]),
        reverse("audit:riwayat_objek", args=["accounts.user", user.pk]),
    ]
    for url in urls:
        with django_assert_max_num_queries(12):
            response = client.get(url)
        assert response.status_code == 200
        assert response.content.decode().count('data-test="riwayat-baris"') == 50
