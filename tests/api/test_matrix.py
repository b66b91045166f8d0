"""Every operation of the OpenAPI document: 401 without a token, 403 for a system token without
the scope, 422 with field errors for a bad page size on every list."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from api.api import api
from tests.api.conftest import Api, assert_error, field_locs, personal, system
from tests.conftest import World

OPERATIONS = [
    (method.upper(), path.removeprefix("/api/v1"), operation)
    for path, methods in api.get_openapi_schema(path_prefix="/api/v1")["paths"].items()
    for method, operation in methods.items()
]
# Reference data and the evaluation periods are not behind a scope; the sync is the token's scope.
OPEN_TO_ANY_SYSTEM_TOKEN = {("GET", "/satuan"), ("GET", "/periode"), ("POST", "/pegawai/sync")}


_SKP = {"periode_mulai": "2027-01-01", "periode_selesai": "2027-12-31", "pendekatan": "kualitatif"}
_RHK = {"jenis": "utama", "teks": "RHK"}
# A body of the right shape, so that the answer is about the caller and not the input.
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("POST", "/skp"): _SKP,
    ("PUT", "/skp/{pk}"): {**_SKP, "versi_data": 0},
    ("POST", "/skp/{pk}/rhk"): _RHK,
    ("PUT", "/rhk/{pk}"): {**_RHK, "versi": 0},
    ("POST", "/rhk/{pk}/iki"): {"teks": "IKI"},
    ("PUT", "/iki/{pk}"): {"teks": "IKI", "versi_rencana": 0},
    ("POST", "/skp/{pk}/realisasi/angka"): {"periode_id": 1, "iki_id": 1, "nilai": "1", "dari_id": 0},
    ("POST", "/skp/{pk}/realisasi/teks"): {"periode_id": 1, "rhk_id": 1, "teks": "Realisasi"},
    ("PUT", "/realisasi/{pk}"): {"teks": "Realisasi"},
}


def _url(path: str) -> str:
    return path.replace("{pk}", "1").replace("{nip}", "198611232010012005")


def _call(client: Api, method: str, path: str) -> Any:
    if method == "GET":
        return client.get(_url(path), {"periode": 1})
    if method == "DELETE":
        return client.client.delete("/api/v1" + _url(path), headers=client._headers())
    return getattr(client, method.lower())(_url(path), BODIES.get((method, path), {}))


def test_the_document_lists_every_operation() -> None:
    assert len(OPERATIONS) >= 30


@pytest.mark.parametrize(("method", "path"), [(m, p) for m, p, _ in OPERATIONS])
def test_without_a_token_every_operation_is_401(db: None, method: str, path: str) -> None:
    assert_error(_call(Api(), method, path), 401, "not_authenticated")


@pytest.mark.parametrize(
    ("method", "path"), [(m, p) for m, p, _ in OPERATIONS if (m, p) not in OPEN_TO_ANY_SYSTEM_TOKEN]
)
def test_a_system_token_without_the_scope_is_403(world: World, method: str, path: str) -> None:
    body = assert_error(_call(system(world.instansi, "organisasi:sync"), method, path), 403)
    assert body["code"] in {"scope_missing", "user_required"}


LISTS = [p for m, p, op in OPERATIONS if m == "GET" and "limit" in str(op.get("parameters", ""))]


def test_every_list_is_paginated() -> None:
    assert {"/instansi", "/unit-kerja", "/jabatan", "/pegawai", "/pk", "/skp", "/periode", "/evaluasi"} <= set(LISTS)
    assert {"/rekap", "/tpp", "/angka-kredit"} <= set(LISTS)


@pytest.mark.parametrize("path", LISTS)
def test_every_list_refuses_a_bad_page_size_with_field_errors(world: World, path: str) -> None:
    response = personal(world.operator).get(_url(path), {"limit": 0, "periode": 1})
    assert ["query", "limit"] in field_locs(response)


def test_reference_data_for_any_caller(world: World) -> None:
    satuan = personal(world.pegawai).get("/satuan").json()
    assert any(s["nama"] == "Dokumen" for s in satuan)
    assert system(world.instansi, "organisasi:sync").get("/satuan").status_code == 200


def test_docs_page_needs_no_token(db: None) -> None:
    assert Client().get("/api/v1/docs").status_code == 200
