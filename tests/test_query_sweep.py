"""Query budget sweep (issue "Performance at scale"): every page runs at most 20 SQL queries.

Every GET route of the app, filled with objects of the demo's NTT as in the access sweep, is
requested by someone allowed to see it (the admin working on NTT, NTT's operator, the pegawai the
object is about, their atasan and the atasan's atasan); the second request of the first one who gets
a 200 is counted. That a page holds the budget whatever the data size is what the per-page
query-count tests with many rows check (django_assert_max_num_queries in each app's tests); this
sweep makes sure no page is left out of the budget at all.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from organisasi.access import SESSION_INSTANSI_KEY
from tests.sweep_world import NTT_OPERATOR, Sweep, _client, _filled, _people_of

pytestmark = pytest.mark.django_db

MAX_QUERIES = 20


def _counted(client: Client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url).status_code
    return status, len(queries)


def test_every_page_runs_at_most_20_queries(sweep: Sweep) -> None:
    admin = _client(sweep.admin)
    session = admin.session
    session[SESSION_INSTANSI_KEY] = sweep.ntt.pk
    session.save()
    insiders = [_client(User.objects.get(username=NTT_OPERATOR)), admin]
    measured: dict[str, int] = {}
    for route, url, obj in _filled(sweep, with_objects=True):
        for client in [*(_client(u) for u in _people_of(obj)), *insiders]:
            # The first request may set things up once (a year's periods); the second is the page.
            if client.get(url).status_code != 200:
                continue
            status, count = _counted(client, url)
            assert status == 200, (route.name, url, status)
            measured[route.name] = count
            break
    over = {name: count for name, count in measured.items() if count > MAX_QUERIES}
    assert not over, f"pages over {MAX_QUERIES} queries: {over}"
    # A sweep that measured little would prove nothing: most GET pages answer someone with 200.
    assert len(measured) > 100, sorted(measured)
