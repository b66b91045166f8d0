"""Monitoring pages: top level, drill-down, pegawai list, access, filters, htmx, speed."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains

from organisasi.models import OperatorRole, UnitKerja
from tests.conftest import login
from tests.factories import OperatorRoleFactory, PegawaiFactory, UnitKerjaFactory, UserFactory
from tests.perencanaan.conftest import client_of

from .rekap_world import Org, build_org, bulk_pegawai, bulk_rated, periodic

MONITORING = reverse("penilaian:monitoring")


@pytest.fixture
def org(db: None) -> Org:
    return build_org()


def unit_url(unit: UnitKerja) -> str:
    return reverse("penilaian:monitoring_unit", args=[unit.pk])


def unit_rows(html: str) -> dict[str, dict[str, str]]:
    """data-* of every unit row, by unit id."""
    found = {}
    for attrs in re.findall(r'<tr data-test="monitoring-row" ([^>]*)>', html):
        data = dict(re.findall(r'data-([a-z]+)="([^"]*)"', attrs))
        found[data["unit"]] = data
    return found


def pegawai_rows(html: str) -> list[str]:
    return re.findall(r'data-test="monitoring-pegawai-row" data-nip="(\d+)"', html)


def operator_client(org: Org, unit: UnitKerja | None = None) -> Client:
    """An operator account of the BKD (no pegawai of these units)."""
    user = UserFactory()
    OperatorRole.objects.create(user=user, instansi=org.root.instansi, unit_kerja=unit)
    return login(Client(), user)


def test_operator_sees_the_top_units_with_their_whole_subtree(org: Org) -> None:
    tw1 = periodic(org.root.instansi, 1)
    response = operator_client(org).get(MONITORING, {"tahun": 2026, "periode": tw1.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Monitoring</h1>" in html
    rows = unit_rows(html)
    assert list(rows) == [str(org.root.pk)]
    root = rows[str(org.root.pk)]
    assert (root["pegawai"], root["belum"], root["draf"], root["diajukan"], root["ditetapkan"]) == (
        "8",
        "1",
        "3",
        "1",
        "3",
    )
    assert (root["terlambat"], root["realisasi"], root["evaluasi"], root["keberatan"]) == ("5", "1/4", "2/4", "1")
    assert f"{unit_url(org.root)}?tahun=2026&amp;periode={tw1.pk}" in html
    assertContains(response, "Terlambat: SKP belum ditetapkan sampai 31 Januari 2026")


def test_drill_down_to_child_units_and_the_pegawai_of_a_unit(org: Org) -> None:
    tw1 = periodic(org.root.instansi, 1)
    client = operator_client(org)
    html = client.get(unit_url(org.root), {"tahun": 2026, "periode": tw1.pk}).content.decode()
    rows = unit_rows(html)
    assert list(rows) == [str(org.a.pk), str(org.b.pk)]
    assert rows[str(org.a.pk)]["pegawai"] == "6" and rows[str(org.b.pk)]["pegawai"] == "1"
    assert pegawai_rows(html) == [org.kepala.nip]  # only the root's own pegawai
    assert 'data-test="monitoring-jalur"' in html
    html = client.get(unit_url(org.a1), {"tahun": 2026, "periode": tw1.pk}).content.decode()
    assert unit_rows(html) == {}
    assert len(pegawai_rows(html)) == 3
    assert f"/rekap/?tahun=2026&amp;periode={tw1.pk}&amp;unit={org.a1.pk}" in html
    row = re.search(rf'data-nip="{org.people["tanpa_skp"].nip}" data-status="" data-terlambat="1"', html)
    assert row is not None
    jalur = html.split('data-test="monitoring-jalur"')[1].split("</nav>")[0]
    assert "Dinas" in jalur and "Bidang A" in jalur and 'aria-current="page">Seksi A1' in jalur


def test_leader_sees_their_unit_and_below_only(org: Org) -> None:
    client = client_of(org.kepala_a)
    html = client.get(MONITORING, {"tahun": 2026}).content.decode()
    assert list(unit_rows(html)) == [str(org.a.pk)]
    assert client.get(unit_url(org.a1)).status_code == 200
    assert client.get(unit_url(org.root)).status_code == 404
    assert client.get(unit_url(org.b)).status_code == 404


def test_unit_operator_sees_their_subtree_only(org: Org) -> None:
    client = operator_client(org, unit=org.a)
    assert list(unit_rows(client.get(MONITORING).content.decode())) == [str(org.a.pk)]
    assert client.get(unit_url(org.a1)).status_code == 200
    assert client.get(unit_url(org.b)).status_code == 404


def test_plain_pegawai_gets_a_friendly_page_and_404_on_units(org: Org) -> None:
    client = client_of(org.people["draf"])
    response = client.get(MONITORING)
    assert response.status_code == 200
    assertContains(response, 'data-test="monitoring-tanpa-akses"')
    assertContains(response, "tersedia bagi pimpinan unit kerja")
    assert client.get(unit_url(org.a1)).status_code == 404


def test_operator_of_an_instansi_without_units_is_told_so(db: None) -> None:
    user = UserFactory()
    OperatorRoleFactory(user=user)
    response = login(Client(), user).get(MONITORING)
    assert response.status_code == 200
    assertContains(response, 'data-test="monitoring-tanpa-unit"')


def test_other_instansi_and_anonymous(org: Org) -> None:
    stranger = PegawaiFactory()
    assert client_of(stranger).get(unit_url(org.a)).status_code == 404
    user = UserFactory()
    OperatorRoleFactory(user=user, instansi=stranger.instansi)
    client = login(Client(), user)
    assert client.get(unit_url(org.a)).status_code == 404
    assert str(org.a.pk) not in unit_rows(client.get(MONITORING).content.decode())
    for url in (MONITORING, unit_url(org.a)):
        response = Client().get(url)
        assert response.status_code == 302 and "/login" in response["Location"]
    assert operator_client(org).get("/monitoring/unit/99999999999999999999/").status_code == 404


def test_filters_htmx_and_bad_values(org: Org) -> None:
    client = operator_client(org)
    page = client.get(MONITORING).content.decode()
    assert 'hx-get="/monitoring/"' in page and 'hx-target="#monitoring-results"' in page
    partial = client.get(MONITORING, {"tahun": 2026}, headers={"HX-Request": "true"})
    html = partial.content.decode()
    assert "<html" not in html and 'id="monitoring-periode-field" hx-swap-oob="true"' in html
    assert "HX-Request" in partial["Vary"]
    tw3 = periodic(org.root.instansi, 3)
    html = client.get(MONITORING, {"tahun": 2026, "periode": tw3.pk}).content.decode()
    assert unit_rows(html)[str(org.root.pk)]["realisasi"] == "0/3"
    for params in ({"tahun": "x"}, {"tahun": 1800}, {"periode": "abc"}, {"periode": 10**30}, {"page": "-1"}):
        assert client.get(MONITORING, params).status_code == 200, params
        assert client.get(unit_url(org.a1), params).status_code == 200, params


def test_paging_of_the_pegawai_list(org: Org) -> None:
    jabatan = org.kepala.jabatan
    assert jabatan is not None
    bulk_pegawai(instansi=org.root.instansi, unit=org.b, jabatan=jabatan, n=60)
    client = operator_client(org)
    first = client.get(unit_url(org.b), {"tahun": 2026}).content.decode()
    second = client.get(unit_url(org.b), {"tahun": 2026, "page": 2}).content.decode()
    assert len(pegawai_rows(first)) == 50 and len(pegawai_rows(second)) == 11


@pytest.mark.django_db
def test_monitoring_of_200_units_keeps_a_fixed_query_budget(django_assert_max_num_queries: Any) -> None:
    root = UnitKerjaFactory(kode="0")
    instansi = root.instansi
    tw1 = periodic(instansi, 1)
    kepala = PegawaiFactory(instansi=instansi, unit_kerja=root)
    root.kepala = kepala
    root.save()
    operator = PegawaiFactory(instansi=instansi, unit_kerja=root)
    OperatorRoleFactory(user=operator.user, instansi=instansi)
    client = client_of(operator)
    client.get(MONITORING)  # warm the session
    with django_assert_max_num_queries(20):
        small = client.get(MONITORING, {"tahun": 2026, "periode": tw1.pk})
    assert small.status_code == 200
    jabatan = kepala.jabatan
    assert jabatan is not None
    bidang = [UnitKerjaFactory(instansi=instansi, induk=root, kode=f"B{i:02d}") for i in range(20)]
    seksi = [UnitKerjaFactory(instansi=instansi, induk=bidang[i % 20], kode=f"S{i:03d}") for i in range(179)]
    for i, unit in enumerate([*bidang, *seksi]):
        people = bulk_pegawai(instansi=instansi, unit=unit, jabatan=jabatan, n=5, prefix=f"P{i:03d}")
        bulk_rated(people, tw1, every=2)
    with django_assert_max_num_queries(20):
        top = client.get(MONITORING, {"tahun": 2026, "periode": tw1.pk})
    rows = unit_rows(top.content.decode())
    assert rows[str(root.pk)]["pegawai"] == str(2 + 199 * 5)
    assert rows[str(root.pk)]["evaluasi"] == f"{199 * 3}/{199 * 5}"
    with django_assert_max_num_queries(20):
        one = client.get(unit_url(bidang[0]), {"tahun": 2026, "periode": tw1.pk})
    html = one.content.decode()
    assert len(unit_rows(html)) == 9  # seksi 0, 20, 40 … 160
    assert len(pegawai_rows(html)) == 5
    with django_assert_max_num_queries(20):
        client.get(unit_url(root), {"tahun": 2026, "periode": tw1.pk})
