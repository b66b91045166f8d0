"""Operator pages stay at a fixed number of queries however many rows the instansi has (no N+1)."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.urls import reverse

from accounts.models import User
from organisasi.models import Golongan, Jabatan, OperatorRole, Pegawai, UnitKerja
from tests.conftest import World
from tests.factories import JabatanFactory, make_nip

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
# Every page pays ~5 queries before its own: session, user, operator roles, and the navigation's
# is_operator and own pegawai. The bounds below are what each page needs today plus a margin of 2;
# they hold at 500 rows, so a query per row (N+1) would blow them.
LIST_QUERIES = 11  # 9: + the page's rows, the count, the unit filter's choices
DETAIL_QUERIES = 15  # 13: + atasan chain, bawahan, rekan, units led, roles, role form's units
TREE_QUERIES = 8  # 6: + the whole tree in one query


def add_pegawai(world: World, n: int, *, atasan: Pegawai | None = None, start: int = 4_000_000) -> list[Pegawai]:
    """n pegawai with accounts, spread over a few units and jabatan, in a handful of queries. Their
    NIPs start far above the factories' sequence, which a long test run carries into the thousands."""
    units = [UnitKerja.objects.create(instansi=world.instansi, kode=f"Q{i}", nama=f"Bidang {i}") for i in range(4)]
    jabatan = [JabatanFactory(instansi=world.instansi) for _ in range(4)]
    golongan = Golongan.objects.get(jenis="PNS", kode="III/b")
    password = make_password(None)
    users = User.objects.bulk_create(User(username=make_nip(start + i), password=password) for i in range(n))
    pegawai = Pegawai.objects.bulk_create(
        Pegawai(
            instansi=world.instansi,
            nip=make_nip(start + i),
            nama=f"Pegawai Uji {i:04d}",
            status="PNS",
            golongan=golongan,
            jabatan=jabatan[i % 4],
            unit_kerja=units[i % 4],
            atasan=atasan or world.kepala,
            user=users[i],
        )
        for i in range(n)
    )
    for i, user in enumerate(users[:20]):
        OperatorRole.objects.create(user=user, instansi=world.instansi, unit_kerja=units[i % 4])
    return pegawai


def test_pegawai_list_with_500_pegawai(as_operator: Client, world: World, django_assert_max_num_queries) -> None:
    add_pegawai(world, 500)
    url = reverse("organisasi:pegawai_list")
    with django_assert_max_num_queries(LIST_QUERIES):
        response = as_operator.get(url)
    assert response.content.decode().count('data-test="pegawai-row"') == 25
    with django_assert_max_num_queries(LIST_QUERIES):
        response = as_operator.get(url, {"q": "pegawai uji 01", "page": 2}, headers=HTMX)
    assert response.content.decode().count('data-test="pegawai-row"') == 25
    unit = UnitKerja.objects.get(kode="Q1")
    with django_assert_max_num_queries(LIST_QUERIES):
        response = as_operator.get(url, {"unit": unit.pk, "aktif": "1", "page": 3})
    assert response.content.decode().count('data-test="pegawai-row"') == 25


def test_akun_list_with_500_pegawai(as_operator: Client, world: World, django_assert_max_num_queries) -> None:
    add_pegawai(world, 500)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = as_operator.get(reverse("organisasi:akun_list"), {"q": "pegawai uji"})
    html = response.content.decode()
    assert html.count('data-test="akun-row"') == 25
    assert 'data-test="peran"' in html


def test_pegawai_detail_with_500_bawahan(as_operator: Client, world: World, django_assert_max_num_queries) -> None:
    add_pegawai(world, 500, atasan=world.atasan)
    for rekan in Pegawai.objects.filter(atasan=world.atasan)[:30]:
        world.atasan.rekan_kerja.add(rekan)
    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = as_operator.get(reverse("organisasi:pegawai_detail", args=[world.atasan.pk]))
    html = response.content.decode()
    assert html.count('data-test="bawahan-list-item"') == 502  # 500 + world.pegawai + world.rekan
    assert html.count('data-test="rekan-list-item"') == 30


def test_unit_tree_with_200_units(as_operator: Client, world: World, django_assert_max_num_queries) -> None:
    # 200 units, four levels deep, each with a head.
    parents = [world.unit]
    units: list[UnitKerja] = []
    while len(units) < 200:
        level: list[UnitKerja] = []
        for parent in parents:
            for _ in range(4):
                if len(units) >= 200:
                    break
                unit = UnitKerja(
                    instansi=world.instansi, induk=parent, kode=f"T{len(units):03d}", nama=f"Unit {len(units)}"
                )
                units.append(unit)
                level.append(unit)
        UnitKerja.objects.bulk_create(level)
        parents = level
    UnitKerja.objects.filter(pk__in=[u.pk for u in units]).update(kepala=world.kepala)
    with django_assert_max_num_queries(TREE_QUERIES):
        response = as_operator.get(reverse("organisasi:unit_list"))
    html = response.content.decode()
    assert html.count('data-test="unit-node"') == 201
    assert html.count('data-test="unit-kepala"') == 200


def test_jabatan_list_with_300_jabatan(as_operator: Client, world: World, django_assert_max_num_queries) -> None:
    Jabatan.objects.bulk_create(
        Jabatan(instansi=world.instansi, kode=f"B-{i:04d}", nama=f"Jabatan {i:04d}", jenis="pelaksana")
        for i in range(300)
    )
    with django_assert_max_num_queries(LIST_QUERIES):
        response = as_operator.get(reverse("organisasi:jabatan_list"), {"page": 4})
    assert response.content.decode().count('data-test="jabatan-row"') == 25


def test_home_with_500_pegawai(as_operator: Client, world: World, django_assert_max_num_queries) -> None:
    add_pegawai(world, 500)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = as_operator.get(reverse("organisasi:operator_home"))
    assert '<span class="stat">505</span> / 505</p>' in response.content.decode()
