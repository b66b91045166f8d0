"""Property-based run of every operation of the OpenAPI document against the app (schemathesis,
in process through WSGI): bounded examples, as an operator's and as a system token; no server error and no
response that the document does not describe."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from tests.api.conftest import personal, system
from tests.kinerja_world import Kinerja
from tests.penilaian.rekap_world import give, periodic

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def _keep_the_test_connection() -> Iterator[None]:
    """Plain WSGI calls close the database connection after each request, as in production; the
    test's transaction lives on it (django.test.Client disconnects the same signal)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=["operator", "system"])
def caller_token(request: pytest.FixtureRequest, kinerja: Kinerja, _keep_the_test_connection: None) -> str:
    """An operator's personal token (every read, writes refused), and a system token with every
    scope (the instansi-wide reads and the sync)."""
    instansi = kinerja.plan.unit.instansi
    give(kinerja.skp, periodic(instansi, 1), "baik")
    api = (
        personal(kinerja.plan.operator)
        if request.param == "operator"
        else system(instansi, "organisasi:read", "organisasi:sync", "evaluasi:read")
    )
    assert api.token is not None
    return api.token


# Loaded when the module is collected: the document needs no database. (The lazy
# `schemathesis.pytest.from_fixture` loader does not work with pytest 9 yet.)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_operation_conforms(case: Any, caller_token: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {caller_token}"}, checks=CHECKS)
