"""`next` after a section action is followed only when it is a path of this site: "0" or "skp"
would be read as a URL name by `redirect` (a 500 the fuzz test found), a full URL elsewhere is an
open redirect."""

from __future__ import annotations

import pytest
from django.test import Client

from perencanaan.models import Workblock
from tests.sweep_world import Sweep

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("next_url", ["0", "skp", "https://example.com/", "//example.com/x", "javascript:alert(1)"])
def test_a_next_that_is_no_path_of_this_site_falls_back_to_the_skp(sweep: Sweep, next_url: str) -> None:
    workblock = Workblock.objects.filter(skp__pegawai__instansi=sweep.ntt).select_related("skp__pegawai").first()
    assert workblock is not None and workblock.skp.pegawai.user is not None
    client = Client()
    client.force_login(workblock.skp.pegawai.user)
    response = client.post(f"/skp/workblock/{workblock.pk}/hapus/", {"next": next_url})
    assert response.status_code == 302
    assert response["Location"].startswith(f"/skp/{workblock.skp_id}/")


def test_a_path_of_this_site_is_followed(sweep: Sweep) -> None:
    workblock = Workblock.objects.filter(skp__pegawai__instansi=sweep.ntt).select_related("skp__pegawai").first()
    assert workblock is not None and workblock.skp.pegawai.user is not None
    client = Client()
    client.force_login(workblock.skp.pegawai.user)
    response = client.post(f"/skp/workblock/{workblock.pk}/hapus/", {"next": "/skp/"})
    assert response.status_code == 302
    assert response["Location"].startswith("/skp/#")
