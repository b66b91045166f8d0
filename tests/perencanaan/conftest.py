"""A planning world: a JPT heading a unit, a kabid under them, two staff under the kabid."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.test import Client

from organisasi.models import Pegawai, UnitKerja
from perencanaan.models import Skp
from perencanaan.services.skp import skp_create
from tests.conftest import login
from tests.factories import JabatanFactory, OperatorRoleFactory, PegawaiFactory, UnitKerjaFactory


@dataclass
class Plan:
    unit: UnitKerja
    bidang: UnitKerja
    jpt: Pegawai
    kabid: Pegawai
    staf: Pegawai
    staf2: Pegawai
    operator: Pegawai
    outsider: Pegawai  # same instansi, unrelated to the SKP of `staf`
    stranger: Pegawai  # another instansi
    skp_staf: Skp


@pytest.fixture
def plan(db: None) -> Plan:
    unit = UnitKerjaFactory(nama="Badan Kepegawaian Daerah")
    instansi = unit.instansi
    bidang = UnitKerjaFactory(instansi=instansi, induk=unit, nama="Bidang Pengembangan Pegawai")
    jpt = PegawaiFactory(instansi=instansi, unit_kerja=unit, jabatan=JabatanFactory(instansi=instansi, jpt=True))
    unit.kepala = jpt
    unit.save()
    kabid = PegawaiFactory(
        instansi=instansi,
        unit_kerja=bidang,
        atasan=jpt,
        jabatan=JabatanFactory(instansi=instansi, jenis="administrator"),
    )
    bidang.kepala = kabid
    bidang.save()
    staf = PegawaiFactory(
        instansi=instansi, unit_kerja=bidang, atasan=kabid, jabatan=JabatanFactory(instansi=instansi, fungsional=True)
    )
    staf2 = PegawaiFactory(instansi=instansi, unit_kerja=bidang, atasan=kabid)
    operator = PegawaiFactory(instansi=instansi, unit_kerja=unit, atasan=jpt)
    OperatorRoleFactory(user=operator.user, instansi=instansi)
    outsider = PegawaiFactory(instansi=instansi, unit_kerja=bidang, atasan=kabid)
    stranger = PegawaiFactory()
    skp_staf = skp_create(
        pegawai=staf,
        periode_mulai=dt.date(2026, 1, 1),
        periode_selesai=dt.date(2026, 12, 31),
        pendekatan="kuantitatif",
        by=staf.user,
    )
    return Plan(unit, bidang, jpt, kabid, staf, staf2, operator, outsider, stranger, skp_staf)


def client_of(pegawai: Pegawai) -> Client:
    return login(Client(), pegawai.user)
