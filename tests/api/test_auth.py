"""Tokens: stored hashed, shown once, expiry, revocation, last use, scopes, session, rate limit."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from api.models import PersonalToken, SystemToken
from api.services import personal_token_create, personal_token_revoke, system_token_revoke
from tests.api.conftest import Api, assert_error, personal, system
from tests.conftest import World, login


def test_missing_token_is_401_with_the_error_body(world: World) -> None:
    response = Api().get("/pegawai")
    body = assert_error(response, 401, "not_authenticated")
    assert "Bearer" in body["detail"]
    assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(
    "token", ["nonsense", "kin_pat_unknown", "kin_sys_unknown", "kin_pat_" + "x" * 500, "kin_pat_é"]
)
def test_unknown_token_is_401(world: World, token: str) -> None:
    assert_error(Api(token).get("/pegawai"), 401, "token_invalid")


def test_only_a_sha256_of_the_token_is_stored(world: World) -> None:
    record, token = personal_token_create(user=world.pegawai.user, nama="Skrip", berlaku_hari=30)
    stored = PersonalToken.objects.get(pk=record.pk)
    assert stored.secret_sha256 == hashlib.sha256(token.encode()).hexdigest()
    assert token.startswith(stored.prefix) and len(stored.prefix) < len(token) // 3
    assert all(token not in str(value) for value in PersonalToken.objects.values_list().get(pk=record.pk))


def test_expired_token_is_401(world: World) -> None:
    api = personal(world.pegawai)
    PersonalToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert_error(api.get("/pegawai"), 401, "token_expired")


def test_revoked_token_is_401(world: World) -> None:
    api = personal(world.pegawai)
    assert api.get("/pegawai").status_code == 200
    personal_token_revoke(token=PersonalToken.objects.get())
    assert_error(api.get("/pegawai"), 401, "token_revoked")


def test_revoked_system_token_is_401(world: World) -> None:
    api = system(world.instansi, "organisasi:read")
    system_token_revoke(token=SystemToken.objects.get())
    assert_error(api.get("/pegawai"), 401, "token_revoked")


def test_token_of_a_deactivated_account_is_401(world: World) -> None:
    api = personal(world.pegawai)
    user = world.pegawai.user
    assert user is not None
    user.is_active = False
    user.save()
    assert_error(api.get("/pegawai"), 401, "token_invalid")


def test_last_used_is_recorded(world: World) -> None:
    api = personal(world.pegawai)
    assert PersonalToken.objects.get().last_used_at is None
    api.get("/instansi")
    used = PersonalToken.objects.get().last_used_at
    assert used is not None and timezone.now() - used < dt.timedelta(minutes=1)


def test_system_token_without_the_scope_is_403(world: World) -> None:
    api = system(world.instansi, "evaluasi:read")
    assert_error(api.get("/pegawai"), 403, "scope_missing")
    assert_error(api.post("/pegawai/sync", {"pegawai": [{}]}), 422)  # the body is checked before the scope
    assert_error(api.get("/skp"), 403, "user_required")


def test_session_of_the_app_works_for_reads_and_checks_csrf_on_writes(world: World) -> None:
    client = login(Client(enforce_csrf_checks=True), world.operator)
    api = Api(client=client)
    assert api.get("/instansi").json()["count"] == 1
    response = api.post("/skp", {"periode_mulai": "2026-01-01", "periode_selesai": "2026-12-31", "pendekatan": "x"})
    assert_error(response, 403, "permission_denied")


@override_settings(API_RATE_LIMIT=3, API_RATE_LIMIT_WINDOW=60)
def test_rate_limit_per_token_answers_429(world: World) -> None:
    api = personal(world.pegawai)
    other = personal(world.rekan)
    for _ in range(3):
        assert api.get("/instansi").status_code == 200
    response = api.get("/instansi")
    assert_error(response, 429, "rate_limited")
    assert 1 <= int(response["Retry-After"]) <= 60
    assert other.get("/instansi").status_code == 200  # another token has its own window


def test_openapi_and_docs_are_served(db: None) -> None:
    client = Client()
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Kinerja ASN API"
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            assert " / " in operation["summary"], path  # Indonesian / English
            assert operation.get("description"), path
    assert client.get("/api/v1/docs").status_code == 200
