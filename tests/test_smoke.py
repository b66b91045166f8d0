import pytest
from django.test import Client


@pytest.mark.django_db
def test_healthz_answers_after_a_database_query(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_world_fixture_builds(world) -> None:
    assert world.pegawai.atasan == world.atasan
    assert world.pegawai.instansi != world.other_pegawai.instansi
