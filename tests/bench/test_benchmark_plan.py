"""The benchmark's plan: which generated users request which page. Every request must be one its
user is allowed to make (200), or the benchmark would measure a fast 404 or a login redirect."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from bench import benchmark
from tests.bench.test_generate_load_data import generate

pytestmark = pytest.mark.django_db


def test_every_planned_request_answers_200_for_its_user() -> None:
    generate(seed=11, n=120)
    plan = benchmark.build_plan(users=4, seed=3)
    assert [p.name for p in plan.pages] == benchmark.PAGE_NAMES  # every core page has requests
    clients: dict[str, Client] = {}
    for page in plan.pages:
        assert page.requests, page.name
        for path, username in page.requests:
            client = clients.get(username)
            if client is None:
                client = clients[username] = Client()
                if username:
                    client.force_login(User.objects.get(username=username))
            assert client.get(path).status_code == 200, (page.name, path, username)
    for single in plan.singles:
        client = Client()
        client.force_login(User.objects.get(username=single.username))
        response = client.get(single.path)
        assert response.status_code == 200, (single.name, single.path)
    # The same seed picks the same users.
    again = benchmark.build_plan(users=4, seed=3)
    assert [p.requests for p in again.pages] == [p.requests for p in plan.pages]


def _subtree_size(unit_id: int) -> int:
    """Pegawai of the unit and every unit below it, level by level (not the benchmark's walk)."""
    from organisasi.models import Pegawai, UnitKerja

    ids, level = {unit_id}, {unit_id}
    while level:
        level = set(UnitKerja.objects.filter(induk__in=level).values_list("pk", flat=True)) - ids
        ids |= level
    return Pegawai.objects.filter(unit_kerja__in=ids).count()


def test_the_unit_nearest_the_budget_size_is_picked() -> None:
    from organisasi.models import Instansi, UnitKerja

    generate(seed=12, n=120)
    instansi = Instansi.objects.get(kode__startswith="BENCH-12")
    sizes = {u: _subtree_size(u) for u in UnitKerja.objects.filter(instansi=instansi).values_list("pk", flat=True)}
    for wanted in (1000, 30, 10, 1):
        unit, size = benchmark._unit_near(instansi.pk, wanted)
        assert size == sizes[unit]
        assert abs(size - wanted) == min(abs(n - wanted) for n in sizes.values())
