"""The Perjanjian Kinerja test world, and who sees which unit's agreements (`pk_audience`).

Units of the `plan` world: Badan (head: jpt) → Bidang Pengembangan Pegawai (head: kabid; staf,
staf2 and outsider work there) and a sibling "Bidang Lain" (no head). Each unit has a 2026
agreement. Other PK test modules build it with `build_pk_world` and use the helpers from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client, RequestFactory

from accounts.models import User
from organisasi.access import SESSION_INSTANSI_KEY
from organisasi.models import OperatorRole, UnitKerja
from perencanaan.models import IndikatorKinerja, PerjanjianKinerja, SasaranStrategis, Satuan
from perencanaan.views.pk import pk_audience
from tests.conftest import login
from tests.factories import (
    IndikatorKinerjaFactory,
    PegawaiFactory,
    PerjanjianKinerjaFactory,
    SasaranStrategisFactory,
    UnitKerjaFactory,
    UserFactory,
)

from .conftest import Plan, client_of

HTMX = {"HTTP_HX_REQUEST": "true"}


@dataclass
class PkWorld:
    plan: Plan
    lain: UnitKerja  # sibling of the bidang under the Badan, no head
    pk_badan: PerjanjianKinerja
    pk_bidang: PerjanjianKinerja
    pk_lain: PerjanjianKinerja
    sasaran: SasaranStrategis  # of pk_bidang
    indikator: IndikatorKinerja  # of `sasaran`
    admin: User


def nilai() -> Satuan:
    return Satuan.objects.get(nama="Nilai")


def build_pk_world(plan: Plan) -> PkWorld:
    instansi = plan.unit.instansi
    lain = UnitKerjaFactory(instansi=instansi, induk=plan.unit, nama="Bidang Lain")
    pk_badan = PerjanjianKinerjaFactory(unit_kerja=plan.unit, tahun=2026)
    pk_bidang = PerjanjianKinerjaFactory(unit_kerja=plan.bidang, tahun=2026)
    pk_lain = PerjanjianKinerjaFactory(unit_kerja=lain, tahun=2026)
    sasaran = SasaranStrategisFactory(
        perjanjian=pk_bidang, teks="Meningkatnya pelaksanaan area perubahan manajemen perubahan"
    )
    indikator = IndikatorKinerjaFactory(
        sasaran=sasaran, teks="Nilai manajemen perubahan", target=Decimal("4.3"), satuan=nilai()
    )
    admin = UserFactory(username="admin-pk", is_superuser=True, is_staff=True)
    return PkWorld(plan, lain, pk_badan, pk_bidang, pk_lain, sasaran, indikator, admin)


@pytest.fixture
def pkw(plan: Plan) -> PkWorld:
    return build_pk_world(plan)


def as_admin(w: PkWorld) -> Client:
    """The admin, working in the plan's instansi (the operator area's chosen instansi)."""
    client = login(Client(), w.admin)
    session = client.session
    session[SESSION_INSTANSI_KEY] = w.plan.unit.instansi_id
    session.save()
    return client


def unit_operator(w: PkWorld) -> Client:
    """An operator whose role covers only the bidang's subtree."""
    pegawai = PegawaiFactory(instansi=w.plan.unit.instansi, unit_kerja=w.plan.unit)
    OperatorRole.objects.create(user=pegawai.user, instansi=w.plan.unit.instansi, unit_kerja=w.plan.bidang)
    return client_of(pegawai)


def audience_of(user: User, *, instansi_id: int | None = None):  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/")
    request.user = user
    request.session = SessionStore()
    if instansi_id is not None:
        request.session[SESSION_INSTANSI_KEY] = instansi_id
    return pk_audience(request)


# --- pk_audience ------------------------------------------------------------------------------


def test_a_pegawai_reads_their_unit_and_the_units_above_and_manages_nothing(pkw: PkWorld) -> None:
    audience = audience_of(pkw.plan.staf.user)
    assert audience.managed == frozenset()
    assert audience.readable == {pkw.plan.bidang.pk, pkw.plan.unit.pk}


def test_a_unit_head_manages_their_unit_and_reads_the_units_below(pkw: PkWorld) -> None:
    audience = audience_of(pkw.plan.jpt.user)
    assert audience.managed == {pkw.plan.unit.pk}
    assert audience.readable == {pkw.plan.unit.pk, pkw.plan.bidang.pk, pkw.lain.pk}


def test_a_kabid_manages_the_bidang_and_reads_up_to_the_badan_but_not_the_sibling(pkw: PkWorld) -> None:
    audience = audience_of(pkw.plan.kabid.user)
    assert audience.managed == {pkw.plan.bidang.pk}
    assert audience.readable == {pkw.plan.bidang.pk, pkw.plan.unit.pk}


def test_an_instansi_operator_manages_every_unit_of_the_instansi_only(pkw: PkWorld) -> None:
    audience = audience_of(pkw.plan.operator.user)
    units = set(UnitKerja.objects.filter(instansi=pkw.plan.unit.instansi).values_list("pk", flat=True))
    assert audience.managed == units
    assert pkw.plan.stranger.unit_kerja_id not in audience.readable


def test_an_admin_manages_the_chosen_instansi(pkw: PkWorld) -> None:
    audience = audience_of(pkw.admin, instansi_id=pkw.plan.stranger.instansi_id)
    assert audience.managed == {pkw.plan.stranger.unit_kerja_id}
    audience = audience_of(pkw.admin, instansi_id=pkw.plan.unit.instansi_id)
    assert pkw.lain.pk in audience.managed


def test_a_pegawai_of_another_instansi_reads_only_their_own_chain(pkw: PkWorld) -> None:
    audience = audience_of(pkw.plan.stranger.user)
    assert audience.readable == {pkw.plan.stranger.unit_kerja_id}


def test_a_looping_unit_tree_does_not_hang(pkw: PkWorld) -> None:
    # A broken tree (the badan under its own bidang) must not loop for ever.
    UnitKerja.objects.filter(pk=pkw.plan.unit.pk).update(induk=pkw.plan.bidang)
    audience = audience_of(pkw.plan.staf.user)
    assert audience.readable == {pkw.plan.bidang.pk, pkw.plan.unit.pk}
    audience = audience_of(pkw.plan.jpt.user)
    assert {pkw.plan.unit.pk, pkw.plan.bidang.pk, pkw.lain.pk} <= audience.readable
