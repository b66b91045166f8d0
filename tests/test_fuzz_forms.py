"""Random and hostile input to every form and API write endpoint (issue 8), as a user allowed to
write there: never a server error, and a refused request saves nothing.

The routes and their objects come from the access sweep (`tests/test_access_sweep.py`: every route
of the app filled with ids of the demo's NTT). For each route that takes a write, the user who may
write is found among the admin, NTT's operator and the people the object is about; hypothesis
then posts field sets built from the route's own form (the names its page shows) and from every
field name of the app, with values from plain text to oversized, malformed and hostile strings.
Each example runs inside a savepoint that is rolled back, so one example's success does not change
what the next one sees. "Refused" is a 4xx answer or a page showing form errors; then the row
count of every table must be unchanged.
"""

from __future__ import annotations

import json
import os
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from organisasi.access import SESSION_INSTANSI_KEY
from tests.sweep_world import NTT_OPERATOR, Route, Sweep, _filled, _people_of

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
# Routes that write nothing of the app's data or are covered elsewhere.
SKIP = {
    "logout",  # ends the session the fuzzing runs in
    "set_language",  # the caller's own cookie
    "organisasi:operator_pilih_instansi",  # the operator's own session choice
}
REFUSED_MARKERS = ('class="errorlist', 'class="error"', "alert-error", 'data-test="galat"', 'role="alert"')

HOSTILE = [
    "",
    " ",
    "0",
    "-1",
    "1e309",
    "NaN",
    "99999999999999999999999999",
    "12,5",
    "2026-02-30",
    "2026-13-01",
    "31-12-2026",
    "9999-12-31",
    "<script>alert(1)</script>",
    "' OR '1'='1",
    "\x00",
    "\u202e\u0645\u0631\u062d\u0628\u0627",
    "😀" * 10,
    "a" * 5000,
    "../../etc/passwd",
    '=HYPERLINK("http://x")',
    "true",
    "null",
    "[]",
    "{}",
    "199001012020011001",
]
values = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
    st.dates().map(lambda d: d.isoformat()),
)


def _row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for model in apps.get_models():
            if model._meta.app_label in {"sessions", "axes", "django_tasks_database", "contenttypes", "admin"}:
                continue
            table = model._meta.db_table
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 — table names from the models
            counts[table] = int(cursor.fetchone()[0])
    return counts


def _refused(status: int, body: str) -> bool:
    return 400 <= status < 500 or (status == 200 and any(marker in body for marker in REFUSED_MARKERS))


def _post(client: Client, route: Route, url: str, data: dict[str, str], method: str) -> tuple[int, str]:
    if route.is_api:
        payload = json.dumps(data)
        response = getattr(client, method)(url, data=payload, content_type="application/json")
    else:
        response = client.post(url, data, HTTP_HX_REQUEST="true" if len(data) % 2 else "")
    return response.status_code, response.content.decode("utf-8", "replace")


def _in_savepoint(client: Client, route: Route, url: str, data: dict[str, str], method: str) -> tuple[int, str, bool]:
    """Post inside a savepoint rolled back afterwards; (status, body, whether any table changed)."""
    with transaction.atomic():
        before = _row_counts()
        status, body = _post(client, route, url, data, method)
        changed = _row_counts() != before
        transaction.set_rollback(True)
    return status, body, changed


def _writer(sweep: Sweep, route: Route, url: str, obj: Any, method: str) -> Client | None:
    """Someone allowed to write here: the first candidate whose empty post is not a 404."""
    admin = Client(raise_request_exception=False)
    admin.force_login(sweep.admin)
    session = admin.session
    session[SESSION_INSTANSI_KEY] = sweep.ntt.pk
    session.save()
    candidates = [admin]
    for user in [*_people_of(obj), User.objects.get(username=NTT_OPERATOR)]:
        client = Client(raise_request_exception=False)
        client.force_login(user)
        candidates.insert(0, client)
    for client in candidates:
        status, _body, _changed = _in_savepoint(client, route, url, {}, method)
        if status not in (403, 404, 405):
            return client
    return None


class _Forms(HTMLParser):
    """The field names of each form of a page, by the path the form posts to."""

    def __init__(self, page_path: str) -> None:
        super().__init__()
        self.page_path = page_path
        self.by_action: dict[str, set[str]] = {}
        self.current: set[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            action = a.get("hx-post") or a.get("hx-put") or a.get("action") or self.page_path
            self.current = self.by_action.setdefault(urlsplit(action).path or self.page_path, set())
        elif tag in ("input", "select", "textarea", "button") and self.current is not None and a.get("name"):
            self.current.add(a["name"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None


def _field_pool(sweep: Sweep) -> tuple[dict[str, list[str]], list[str]]:
    """The field names of the forms that post to each path (from every page an allowed reader —
    the admin, NTT's operator, the people the page is about — sees), and all of them."""
    by_path: dict[str, set[str]] = {}
    admin = Client(raise_request_exception=False)
    admin.force_login(sweep.admin)
    session = admin.session
    session[SESSION_INSTANSI_KEY] = sweep.ntt.pk
    session.save()
    readers = [admin]
    for user in [User.objects.get(username=NTT_OPERATOR), *_people_of(None)]:
        client = Client(raise_request_exception=False)
        client.force_login(user)
        readers.append(client)
    for route, url, obj in _filled(sweep, with_objects=True):
        if route.is_api:
            continue
        clients = readers + [_logged_in(u) for u in _people_of(obj)]
        for client in clients:
            response = client.get(url)
            if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
                continue
            parser = _Forms(urlsplit(url).path)
            parser.feed(response.content.decode("utf-8", "replace"))
            for path, names in parser.by_action.items():
                by_path.setdefault(path, set()).update(names - {"csrfmiddlewaretoken"})
    everything = sorted({n for names in by_path.values() for n in names})
    return {path: sorted(names) for path, names in by_path.items()}, everything


def _logged_in(user: User) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_hostile_input_never_breaks_a_write(sweep: Sweep) -> None:
    per_route, pool = _field_pool(sweep)
    assert len(pool) > 40
    targets = []
    for route, url, obj in _filled(sweep, with_objects=True):
        if route.name in SKIP:
            continue
        methods = ("post", "put") if route.is_api else ("post",)
        for method in methods:
            writer = _writer(sweep, route, url, obj, method)
            if writer is not None:
                targets.append((route, url, method, writer))
    assert len(targets) > 80, len(targets)

    problems: list[str] = []
    for route, url, method, writer in targets:
        own = per_route.get(urlsplit(url).path, [])
        try:
            _fuzz(route, url, method, writer, own, pool)
        except AssertionError as error:
            problems.append(str(error)[:600])
    assert not problems, "\n".join(problems)


def _fuzz(route: Route, url: str, method: str, writer: Client, own: list[str], pool: list[str]) -> None:
    """EXAMPLES posts of hypothesis-drawn fields to one route: its own form's fields (some of them),
    plus up to three of any form's."""
    names = st.lists(st.sampled_from(own), unique=True, max_size=len(own)) if own else st.just([])
    extra = st.lists(st.sampled_from(pool), unique=True, max_size=3)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(fields=names, more=extra, data=st.data())
    def post_once(fields: list[str], more: list[str], data: st.DataObject) -> None:
        payload = {name: data.draw(values, label=name) for name in [*fields, *more]}
        status, body, changed = _in_savepoint(writer, route, url, payload, method)
        assert status < 500, f"{route.name} {method} {payload!r:.300} → {status}"
        if _refused(status, body):
            assert not changed, f"{route.name} {method} refused but saved something: {payload!r:.300}"

    post_once()
