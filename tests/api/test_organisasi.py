"""Instansi, unit kerja, jabatan and pegawai: who sees what, filters, bad input."""

from __future__ import annotations

import pytest

from organisasi.models import OperatorRole
from tests.api.conftest import Api, assert_error, field_locs, personal, system
from tests.conftest import World
from tests.factories import PegawaiFactory, UnitKerjaFactory


def nips(response) -> set[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content
    return {p["nip"] for p in response.json()["items"]}


def test_instansi_list_and_detail(world: World) -> None:
    api = personal(world.pegawai)
    body = api.get("/instansi").json()
    assert body["count"] == 1 and body["items"][0]["kode"] == world.instansi.kode
    assert api.get(f"/instansi/{world.instansi.pk}").json()["nama"] == world.instansi.nama
    assert_error(api.get(f"/instansi/{world.other_instansi.pk}"), 404, "not_found")


def test_pegawai_sees_active_colleagues_of_their_instansi_only(world: World) -> None:
    world.rekan.aktif = False
    world.rekan.save()
    seen = nips(personal(world.pegawai).get("/pegawai"))
    assert world.atasan.nip in seen and world.pegawai.nip in seen
    assert world.rekan.nip not in seen  # inactive: only operators see them
    assert world.other_pegawai.nip not in seen


def test_operator_sees_their_instansi_including_inactive(world: World) -> None:
    world.rekan.aktif = False
    world.rekan.save()
    seen = nips(personal(world.operator).get("/pegawai", {"limit": 500}))
    assert world.rekan.nip in seen and world.other_pegawai.nip not in seen


def test_unit_operator_sees_their_subtree_only(world: World) -> None:
    sub = UnitKerjaFactory(instansi=world.instansi, induk=world.unit)
    elsewhere = UnitKerjaFactory(instansi=world.instansi)
    inside = PegawaiFactory(instansi=world.instansi, unit_kerja=sub)
    outside = PegawaiFactory(instansi=world.instansi, unit_kerja=elsewhere)
    operator = PegawaiFactory(instansi=world.other_instansi)  # operates a unit of another instansi
    OperatorRole.objects.create(user=operator.user, instansi=world.instansi, unit_kerja=world.unit)
    seen = nips(personal(operator).get("/pegawai", {"instansi": world.instansi.pk, "limit": 500}))
    assert inside.nip in seen and world.pegawai.nip in seen and outside.nip not in seen


def test_pegawai_detail_and_by_nip(world: World) -> None:
    api = personal(world.pegawai)
    body = api.get(f"/pegawai/{world.atasan.pk}").json()
    assert body["nip"] == world.atasan.nip and body["golongan"] == "III/a"
    spaced = f"{world.atasan.nip[:8]} {world.atasan.nip[8:14]} {world.atasan.nip[14:]}"
    assert api.get(f"/pegawai/nip/{spaced}").json()["id"] == world.atasan.pk
    assert_error(api.get(f"/pegawai/{world.other_pegawai.pk}"), 404, "not_found")
    assert_error(api.get(f"/pegawai/nip/{world.other_pegawai.nip}"), 404, "not_found")
    assert_error(api.get("/pegawai/nip/123"), 404, "not_found")


def test_unrelated_pegawai_of_another_instansi_gets_404_on_everything(world: World) -> None:
    api = personal(world.other_pegawai)
    assert_error(api.get(f"/pegawai/{world.pegawai.pk}"), 404)
    assert_error(api.get(f"/unit-kerja/{world.unit.pk}"), 404)
    assert_error(api.get(f"/jabatan/{world.pegawai.jabatan_id}"), 404)
    assert_error(api.get(f"/instansi/{world.instansi.pk}"), 404)
    assert api.get("/unit-kerja", {"instansi": world.instansi.pk}).json()["count"] == 0


def test_filters(world: World) -> None:
    api = personal(world.operator)
    other_unit = UnitKerjaFactory(instansi=world.instansi)
    moved = PegawaiFactory(instansi=world.instansi, unit_kerja=other_unit, nama="Zulkarnaen Tanpa Tanding")
    assert nips(api.get("/pegawai", {"unit": other_unit.pk})) == {moved.nip}
    assert nips(api.get("/pegawai", {"q": "zulkarnaen"})) == {moved.nip}
    assert nips(api.get("/pegawai", {"q": moved.nip[:10]})) >= {moved.nip}
    units = api.get("/unit-kerja", {"induk": world.unit.pk}).json()
    assert units["count"] == 0
    assert api.get("/jabatan", {"jenis": "pelaksana"}).json()["count"] >= 1


def test_system_token_reads_its_instansi(world: World) -> None:
    api = system(world.instansi, "organisasi:read")
    seen = nips(api.get("/pegawai", {"limit": 500}))
    assert world.pegawai.nip in seen and world.other_pegawai.nip not in seen
    assert_error(api.get(f"/pegawai/{world.other_pegawai.pk}"), 404)
    assert api.get("/unit-kerja").json()["count"] >= 1


def test_system_token_without_read_scope_is_403(world: World) -> None:
    api = system(world.instansi, "organisasi:sync")
    for path in ("/instansi", "/unit-kerja", "/jabatan", "/pegawai", f"/pegawai/{world.pegawai.pk}"):
        assert_error(api.get(path), 403, "scope_missing")


def test_missing_token_is_401_on_every_organisasi_endpoint(world: World) -> None:
    for path in ("/instansi", "/unit-kerja", "/jabatan", "/pegawai", f"/pegawai/{world.pegawai.pk}"):
        assert_error(Api().get(path), 401)


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/pegawai", {"limit": 0}, "limit"),
        ("/pegawai", {"limit": 501}, "limit"),
        ("/pegawai", {"offset": -1}, "offset"),
        ("/pegawai", {"instansi": "abc"}, "instansi"),
        ("/pegawai", {"q": "x" * 101}, "q"),
        ("/pegawai", {"q": "a\x00b"}, "q"),
        ("/unit-kerja", {"instansi": 0}, "instansi"),
        ("/jabatan", {"instansi": 2**63}, "instansi"),
    ],
)
def test_bad_query_is_422_with_field_errors(world: World, path: str, params: dict, field: str) -> None:
    locs = field_locs(personal(world.operator).get(path, params))
    assert ["query", field] in locs


def test_bad_path_id_is_422_or_404_never_500(world: World) -> None:
    api = personal(world.operator)
    assert ["path", "pk"] in field_locs(api.get("/pegawai/0"))
    assert ["path", "pk"] in field_locs(api.get(f"/pegawai/{2**64}"))
    assert_error(api.get("/pegawai/abc"), 422)
    assert_error(api.get("/tidak-ada"), 404, "not_found")
    assert_error(api.put("/pegawai", {}), 405, "method_not_allowed")


def test_pagination(world: World) -> None:
    api = personal(world.operator)
    total = api.get("/pegawai").json()["count"]
    first = api.get("/pegawai", {"limit": 2}).json()
    second = api.get("/pegawai", {"limit": 2, "offset": 2}).json()
    assert first["count"] == total and len(first["items"]) == 2 and first["limit"] == 2
    assert not {p["id"] for p in first["items"]} & {p["id"] for p in second["items"]}
    assert api.get("/pegawai", {"offset": 10**6}).json()["items"] == []
