"""Access sweep (issue 8): every URL pattern of the app, filled with ids of objects of one instansi
(the demo's NTT, see tests/sweep_world.py), requested by people SPEC §2 gives nothing of them —
the four Karimun demo users and a pegawai of NTT related to nobody — must answer 404 (or exactly
what an id that exists nowhere gets); anonymous callers are sent to the login page (the API: 401).
Pages without ids must not show a Karimun user any NIP of NTT. A route that cannot be filled fails
`test_every_route_is_swept` until it is mapped in tests/sweep_world.py or listed in `NOT_SWEPT`.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from organisasi.access import SESSION_INSTANSI_KEY
from tests.sweep_world import (
    API_PUBLIC,
    NTT_OPERATOR,
    SAME_INSTANSI_MAY_READ,
    Route,
    Sweep,
    _client,
    _filled,
    _people_of,
)

pytestmark = pytest.mark.django_db

# --- Tests -------------------------------------------------------------------------------------

MISSING_ID = "999999999"


def _methods(route: Route) -> tuple[str, ...]:
    return ("get", "post", "put", "delete") if route.is_api else ("get", "post")


def _call(client: Client, method: str, url: str) -> int:
    if method in ("put", "delete"):
        return int(getattr(client, method)(url, data="{}", content_type="application/json").status_code)
    return int(getattr(client, method)(url).status_code)


def _missing(url: str) -> str:
    """The same URL with its first id replaced by one that exists nowhere."""
    return re.sub(r"/(\d+|\d{18})(?=/|\?|$)", "/" + MISSING_ID, url, count=1)


def _refused_as_if_missing(client: Client, method: str, route: Route, url: str, who: str) -> None:
    """404; or the answer the route gives for an id that exists nowhere — a method it does not take
    (405), a CSRF or body check that runs before any lookup — so that it tells nothing of the object."""
    status = _call(client, method, url)
    if status == 404:
        return
    assert status >= 400, (who, method, route.name, url, status)
    assert _call(client, method, _missing(url)) == status, (who, method, route.name, url, status)


def test_every_route_is_swept(sweep: Sweep) -> None:
    filled = _filled(sweep)
    with_ids = [r for r, _url in filled if r.has_ids]
    assert len(with_ids) > 120  # the app has many; a broken walk would find few
    assert any(r.is_api for r in with_ids)


def test_filled_routes_reach_real_objects(sweep: Sweep) -> None:
    """Someone allowed — the admin working on NTT, or NTT's operator, or the pegawai the object is
    about and their atasan — gets past the access check of every route filled this way: the sweep
    requests live objects, not ids that 404 for anyone. (GET only: a POST would change the data.)"""
    admin = _client(sweep.admin)
    session = admin.session
    session[SESSION_INSTANSI_KEY] = sweep.ntt.pk
    session.save()
    insiders = [admin, _client(User.objects.get(username=NTT_OPERATOR))]
    for route, url, obj in _filled(sweep, with_objects=True):
        if not route.has_ids:
            continue
        clients = [*insiders, *(_client(u) for u in _people_of(obj))]
        statuses = [client.get(url).status_code for client in clients]
        assert any(s != 404 for s in statuses) and all(s < 500 for s in statuses), (route.name, url, statuses)


def test_other_instansi_gets_404_everywhere(sweep: Sweep) -> None:
    filled = [(r, u) for r, u in _filled(sweep) if r.has_ids]
    for who, user in sweep.outsiders.items():
        client = _client(user)
        for route, url in filled:
            for method in _methods(route):
                _refused_as_if_missing(client, method, route, url, who)


def test_unrelated_pegawai_of_the_same_instansi_gets_404(sweep: Sweep) -> None:
    client = _client(sweep.same_instansi)
    for route, url in _filled(sweep):
        if not route.has_ids:
            continue
        for method in _methods(route):
            if method == "get" and route.name in SAME_INSTANSI_MAY_READ:
                assert client.get(url).status_code == 200, route.name
            else:
                _refused_as_if_missing(client, method, route, url, "same_instansi")


def test_pages_without_ids_show_no_ntt_data_to_karimun(sweep: Sweep) -> None:
    nip = re.compile(r"\b\d{18}\b")
    for who, user in sweep.outsiders.items():
        client = _client(user)
        for route, url in _filled(sweep):
            if route.has_ids:
                continue
            response = client.get(url)
            assert response.status_code < 500, (who, route.name, response.status_code)
            if response.status_code != 200:
                continue
            leaked = set(nip.findall(response.content.decode("utf-8", "replace"))) & sweep.ntt_nips
            assert not leaked, (who, route.name, leaked)


def test_anonymous_is_sent_to_login(sweep: Sweep) -> None:
    client = Client()
    login = reverse("login")
    for route, url in _filled(sweep):
        if route.is_api:
            # The API answers 401 with its error body instead of a login page.
            if route.name in API_PUBLIC:
                continue
            for method in _methods(route):
                status = _call(client, method, url)
                assert status in (401, 405), (method, route.name, url, status)
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if response.status_code == 405:
                continue
            assert response.status_code == 302, (method, route.name, url, response.status_code)
            assert response["Location"].startswith(login), (method, route.name, response["Location"])
