from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import translation

from accounts.models import User
from organisasi.models import Instansi, OperatorRole, Pegawai, UnitKerja

from .factories import InstansiFactory, OperatorRoleFactory, PegawaiFactory, UnitKerjaFactory
from .sweep_world import sweep  # noqa: F401  (the access sweep's and the fuzz test's world)


@pytest.fixture(autouse=True)
def _indonesian_outside_requests() -> Iterator[None]:
    """A request in English (LocaleMiddleware) leaves its language active in the thread; services
    called afterwards by the next test would answer in English. Every test starts in Indonesian."""
    with translation.override("id"):
        yield


@dataclass
class World:
    """Two unrelated instansi with a small hierarchy each: the shape most access tests need."""

    instansi: Instansi
    unit: UnitKerja
    kepala: Pegawai
    atasan: Pegawai
    pegawai: Pegawai
    rekan: Pegawai
    operator: User
    other_instansi: Instansi
    other_pegawai: Pegawai
    other_operator: User


@pytest.fixture
def world(db: None) -> World:
    instansi = InstansiFactory()
    unit = UnitKerjaFactory(instansi=instansi)
    kepala = PegawaiFactory(instansi=instansi, unit_kerja=unit)
    atasan = PegawaiFactory(instansi=instansi, unit_kerja=unit, atasan=kepala)
    pegawai = PegawaiFactory(instansi=instansi, unit_kerja=unit, atasan=atasan)
    rekan = PegawaiFactory(instansi=instansi, unit_kerja=unit, atasan=atasan)
    operator_pegawai = PegawaiFactory(instansi=instansi, unit_kerja=unit, atasan=kepala)
    OperatorRoleFactory(user=operator_pegawai.user, instansi=instansi)
    other_instansi = InstansiFactory()
    other_pegawai = PegawaiFactory(instansi=other_instansi)
    other_operator_pegawai = PegawaiFactory(instansi=other_instansi)
    OperatorRole.objects.create(user=other_operator_pegawai.user, instansi=other_instansi)
    return World(
        instansi=instansi,
        unit=unit,
        kepala=kepala,
        atasan=atasan,
        pegawai=pegawai,
        rekan=rekan,
        operator=operator_pegawai.user,
        other_instansi=other_instansi,
        other_pegawai=other_pegawai,
        other_operator=other_operator_pegawai.user,
    )


def login(client: Client, user: User | None) -> Client:
    assert user is not None
    client.force_login(user)
    return client


@pytest.fixture
def as_pegawai(client: Client, world: World) -> Client:
    return login(client, world.pegawai.user)


@pytest.fixture
def as_operator(client: Client, world: World) -> Client:
    return login(client, world.operator)


@pytest.fixture
def as_other_pegawai(client: Client, world: World) -> Client:
    """An unrelated pegawai of another instansi: must get 404 on everything of `world.pegawai`."""
    return login(client, world.other_pegawai.user)
