"""While the database cannot be reached every page answers a friendly 503 (with Retry-After, the
request rolled back) and /healthz says so; any other error is the plain 500 page. The end-to-end
proof with a real PostgreSQL restart is tests/reliability/test_postgres_restart.py."""

from __future__ import annotations

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError
from django.test import Client

from tests.conftest import login
from tests.factories import PegawaiFactory

pytestmark = pytest.mark.django_db


def _unreachable(*args: object, **kwargs: object) -> None:
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_page_answers_503_when_the_database_is_unreachable(monkeypatch: pytest.MonkeyPatch, error: type) -> None:
    client = login(Client(raise_request_exception=False), PegawaiFactory().user)

    def broken(*args: object, **kwargs: object) -> None:
        raise error("connection already closed")

    # The session is read from the database before any view runs.
    monkeypatch.setattr(SessionStore, "load", broken)
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    body = response.content.decode()
    assert "Layanan sementara tidak tersedia" in body
    assert "tidak ada data yang tersimpan sebagian" in body
    assert "connection" not in body  # no technical detail for the user


def test_view_error_from_the_database_is_503(monkeypatch: pytest.MonkeyPatch) -> None:
    client = login(Client(raise_request_exception=False), PegawaiFactory().user)
    monkeypatch.setattr("beranda.views.current_skp", _unreachable)
    assert client.get("/").status_code == 503


def test_any_other_error_is_the_500_page(monkeypatch: pytest.MonkeyPatch) -> None:
    client = login(Client(raise_request_exception=False), PegawaiFactory().user)

    def bug(*args: object, **kwargs: object) -> None:
        raise ValueError("a bug")

    monkeypatch.setattr("beranda.views.current_skp", bug)
    response = client.get("/")
    assert response.status_code == 500
    assert "Terjadi kesalahan pada server" in response.content.decode()


def test_healthz_reports_the_database(monkeypatch: pytest.MonkeyPatch) -> None:
    client = Client()
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}

    from django.db.backends.base.base import BaseDatabaseWrapper

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", _unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "OperationalError"}
    assert response["Retry-After"] == "30"
    # Recovery once the database is back is proven against a real restart (tests/reliability): here
    # the closed connection would end the test's own transaction.
