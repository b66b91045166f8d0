"""Calling the API as a token holder, and the worlds the API tests share."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from accounts.models import User
from api.services import personal_token_create, system_token_create
from organisasi.models import Instansi, Pegawai
from tests.kinerja_world import kinerja  # noqa: F401
from tests.perencanaan.conftest import plan  # noqa: F401

BASE = "/api/v1"
_system_owner = itertools.count(1)


@pytest.fixture(autouse=True)
def _fresh_rate_windows() -> Iterator[None]:
    """Token ids repeat between tests (rolled back), and so would their rate-limit counters."""
    cache.clear()
    yield


class Api:
    """A client that sends `Authorization: Bearer <token>` (or nothing) and decodes JSON."""

    def __init__(self, token: str | None = None, client: Client | None = None) -> None:
        self.token = token
        self.client = client or Client()

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.client.get(BASE + path, params or {}, headers=self._headers())

    def post(self, path: str, body: Any) -> Any:
        return self.client.post(BASE + path, json.dumps(body), content_type="application/json", headers=self._headers())

    def put(self, path: str, body: Any) -> Any:
        return self.client.put(BASE + path, json.dumps(body), content_type="application/json", headers=self._headers())


def personal(user: User | Pegawai | None) -> Api:
    if isinstance(user, Pegawai):
        user = user.user
    assert user is not None
    _record, token = personal_token_create(user=user, nama="tes", berlaku_hari=30)
    return Api(token)


def system(instansi: Instansi, *scopes: str, by: User | None = None) -> Api:
    if by is None:
        by = User.objects.create_user(username=f"sistem-{next(_system_owner)}")
    _record, token = system_token_create(instansi=instansi, nama="sistem", scopes=list(scopes), berlaku_hari=30, by=by)
    return Api(token)


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"detail", "code"}, body
    if code is not None:
        assert body["code"] == code, body
    return body


def field_locs(response: Any) -> list[list[Any]]:
    body = assert_error(response, 422, "validation_error")
    assert isinstance(body["detail"], list) and body["detail"], body
    return [item["loc"] for item in body["detail"]]
