"""Pegawai sync by NIP: the file import's validation and apply, all-or-nothing, dry run."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from organisasi.models import ImportJob, OperatorRole, Pegawai
from organisasi.rules import nip_errors
from tests.api.conftest import Api, assert_error, field_locs, personal, system
from tests.conftest import World
from tests.factories import PegawaiFactory, UnitKerjaFactory, make_nip


def row(world: World, nip: str, **extra: Any) -> dict[str, Any]:
    assert world.pegawai.jabatan is not None
    return {
        "nip": nip,
        "nama": f"Pegawai {nip[-4:]}",
        "status": "PNS",
        "golongan": "III/b",
        "kode_jabatan": world.pegawai.jabatan.kode,
        "kode_unor": world.unit.kode,
        **extra,
    }


def test_sync_creates_and_updates_by_nip(world: World) -> None:
    api = system(world.instansi, "organisasi:sync")
    new_nip = make_nip(700_001)
    body = {
        "pegawai": [
            row(world, new_nip, nip_atasan=world.atasan.nip, gelar_belakang="S.Kom."),
            row(world, world.pegawai.nip, nama="Nama Baru", nip_atasan=world.atasan.nip),
        ]
    }
    response = api.post("/pegawai/sync", body)
    assert response.status_code == 200, response.content
    result = response.json()
    assert result["diterapkan"] is True and result["jumlah"] == {"dibuat": 1, "diubah": 1, "tetap": 0}
    created = Pegawai.objects.get(nip=new_nip)
    assert created.atasan == world.atasan and created.gelar_belakang == "S.Kom." and created.golongan.kode == "III/b"
    assert User.objects.filter(username=new_nip).exists()  # an account, as the file import makes
    world.pegawai.refresh_from_db()
    assert world.pegawai.nama == "Nama Baru"
    again = api.post("/pegawai/sync", body).json()
    assert again["jumlah"] == {"dibuat": 0, "diubah": 0, "tetap": 2}


def test_dry_run_writes_nothing(world: World) -> None:
    api = system(world.instansi, "organisasi:sync")
    new_nip = make_nip(700_002)
    result = api.post("/pegawai/sync", {"dry_run": True, "pegawai": [row(world, new_nip)]}).json()
    assert result["dry_run"] is True and result["diterapkan"] is False and result["jumlah"]["dibuat"] == 1
    assert result["perubahan"][0]["nip"] == new_nip
    assert not Pegawai.objects.filter(nip=new_nip).exists()


def test_one_bad_row_and_nothing_is_written(world: World) -> None:
    api = system(world.instansi, "organisasi:sync")
    good = make_nip(700_003)
    bad_nip = "19701301" + good[8:]  # month 13
    response = api.post(
        "/pegawai/sync",
        {"pegawai": [row(world, good), row(world, bad_nip), row(world, make_nip(700_004), kode_unor="TIDAK-ADA")]},
    )
    body = assert_error(response, 422, "validation_error")
    assert ["body", "pegawai", 1] in [e["loc"] for e in body["detail"]]
    assert ["body", "pegawai", 2] in [e["loc"] for e in body["detail"]]
    messages = [e["msg"] for e in body["detail"] if e["loc"] == ["body", "pegawai", 1]]
    assert nip_errors(bad_nip)[0] in messages  # the same rule and words as the file import
    assert not Pegawai.objects.filter(nip=good).exists()


def test_omitted_optional_field_keeps_the_stored_value(world: World) -> None:
    world.pegawai.gelar_depan = "Dr."
    world.pegawai.save()
    api = system(world.instansi, "organisasi:sync")
    api.post("/pegawai/sync", {"pegawai": [row(world, world.pegawai.nip, nip_atasan=world.atasan.nip)]})
    world.pegawai.refresh_from_db()
    assert world.pegawai.gelar_depan == "Dr."


def test_pegawai_of_another_instansi_cannot_be_taken_over(world: World) -> None:
    api = system(world.instansi, "organisasi:sync")
    response = api.post("/pegawai/sync", {"pegawai": [row(world, world.other_pegawai.nip)]})
    assert ["body", "pegawai", 0] in field_locs(response)
    world.other_pegawai.refresh_from_db()
    assert world.other_pegawai.instansi == world.other_instansi


def test_whole_instansi_operator_may_sync_and_unit_operator_may_not(world: World) -> None:
    assert (
        personal(world.operator).post("/pegawai/sync", {"pegawai": [row(world, make_nip(700_005))]}).status_code == 200
    )
    unit_operator = PegawaiFactory(instansi=world.instansi, unit_kerja=world.unit)
    OperatorRole.objects.create(user=unit_operator.user, instansi=world.instansi, unit_kerja=world.unit)
    response = personal(unit_operator).post("/pegawai/sync", {"pegawai": [row(world, make_nip(700_006))]})
    assert_error(response, 403, "operator_required")
    assert_error(personal(world.pegawai).post("/pegawai/sync", {"pegawai": [row(world, make_nip(700_007))]}), 403)


def test_sync_into_an_instansi_outside_is_404(world: World) -> None:
    body = {"instansi_id": world.other_instansi.pk, "pegawai": [row(world, make_nip(700_008))]}
    assert_error(personal(world.operator).post("/pegawai/sync", body), 404)
    assert_error(system(world.instansi, "organisasi:sync").post("/pegawai/sync", body), 404)


def test_read_scope_cannot_sync_and_sync_needs_a_token(world: World) -> None:
    body = {"pegawai": [row(world, make_nip(700_009))]}
    assert_error(system(world.instansi, "organisasi:read").post("/pegawai/sync", body), 403, "scope_missing")
    assert_error(Api().post("/pegawai/sync", body), 401)


def test_malformed_body_is_422_with_field_errors(world: World) -> None:
    api = system(world.instansi, "organisasi:sync")
    assert ["body", "pegawai"] in field_locs(api.post("/pegawai/sync", {}))
    assert ["body", "pegawai"] in field_locs(api.post("/pegawai/sync", {"pegawai": []}))
    locs = field_locs(api.post("/pegawai/sync", {"pegawai": [{"nip": 1}]}))
    assert ["body", "pegawai", 0, "nama"] in locs
    response = api.client.post(
        "/api/v1/pegawai/sync", "{not json", content_type="application/json", headers=api._headers()
    )
    assert_error(response, 400, "bad_request")


def test_sync_waits_for_a_file_import_being_applied(world: World) -> None:
    ImportJob.objects.create(
        instansi=world.instansi, jenis="pegawai", nama_berkas="x.csv", status=ImportJob.Status.MENERAPKAN
    )
    response = system(world.instansi, "organisasi:sync").post(
        "/pegawai/sync", {"pegawai": [row(world, make_nip(700_010))]}
    )
    assert_error(response, 409, "conflict")


def test_unit_of_another_instansi_is_unknown(world: World) -> None:
    foreign = UnitKerjaFactory(instansi=world.other_instansi)
    response = system(world.instansi, "organisasi:sync").post(
        "/pegawai/sync", {"pegawai": [row(world, make_nip(700_011), kode_unor=foreign.kode)]}
    )
    assert ["body", "pegawai", 0] in field_locs(response)


def test_a_thousand_new_pegawai_in_one_request_with_a_fixed_query_budget(
    world: World, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    api = system(world.instansi, "organisasi:sync")
    api.get("/pegawai/nip/x")  # the token's first use writes last_used_at
    rows = [row(world, make_nip(710_000 + i), nip_atasan=world.atasan.nip) for i in range(1000)]
    with django_assert_max_num_queries(60):
        response = api.post("/pegawai/sync", {"pegawai": rows})
    assert response.status_code == 200, response.content[:500]
    assert response.json()["jumlah"]["dibuat"] == 1000
    assert Pegawai.objects.filter(instansi=world.instansi, atasan=world.atasan).count() >= 1000


def test_a_body_over_the_upload_limit_is_413_with_the_error_body(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    rows = [row(world, make_nip(720_000 + i)) for i in range(200)]
    assert_error(system(world.instansi, "organisasi:sync").post("/pegawai/sync", {"pegawai": rows}), 413, "too_large")
