"""Perjanjian Kinerja pages stay at a fixed number of queries however many rows there are."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from perencanaan.models import IndikatorKinerja, PerjanjianKinerja, SasaranStrategis
from tests.factories import UnitKerjaFactory

from .conftest import Plan, client_of
from .test_pk_world import HTMX, PkWorld, as_admin, build_pk_world, nilai

pytestmark = pytest.mark.django_db


@pytest.fixture
def pkw(plan: Plan) -> PkWorld:
    return build_pk_world(plan)


# Every page pays 4 queries before its own (session, user, the navigation's operator check and own
# pegawai), then the access checks (operator roles, units headed, the unit tree). The bounds are
# what each page needs today (list 11, detail 13 for a reader, editor 11) plus a margin of 2; they
# hold at the sizes below, so a query per row (N+1) would blow them.
LIST_QUERIES = 13
DETAIL_QUERIES = 15
EDITOR_QUERIES = 13


def add_years(w: PkWorld, n: int) -> None:
    """n agreements over ten units, each with two sasaran of three indikator."""
    units = [UnitKerjaFactory(instansi=w.plan.unit.instansi, induk=w.plan.unit) for _ in range(10)]
    perjanjian = PerjanjianKinerja.objects.bulk_create(
        PerjanjianKinerja(unit_kerja=units[i % 10], tahun=2000 + i // 10) for i in range(n)
    )
    sasaran = SasaranStrategis.objects.bulk_create(
        SasaranStrategis(perjanjian=p, teks=f"Sasaran {p.pk}-{k}", urutan=k) for p in perjanjian for k in range(2)
    )
    IndikatorKinerja.objects.bulk_create(
        IndikatorKinerja(sasaran=s, teks=f"Indikator {k}", target=Decimal("1.5"), satuan=nilai(), urutan=k)
        for s in sasaran
        for k in range(3)
    )


def fill(perjanjian: PerjanjianKinerja, n_sasaran: int, n_indikator: int) -> SasaranStrategis:
    sasaran = SasaranStrategis.objects.bulk_create(
        SasaranStrategis(perjanjian=perjanjian, teks=f"Sasaran {k}", urutan=k + 1) for k in range(n_sasaran)
    )
    IndikatorKinerja.objects.bulk_create(
        IndikatorKinerja(sasaran=s, teks=f"Indikator {k}", target=Decimal("4.25"), satuan=nilai(), urutan=k)
        for s in sasaran
        for k in range(n_indikator)
    )
    return sasaran[0]


def test_list_of_50_years_for_an_operator(pkw: PkWorld, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    add_years(pkw, 50)
    client = client_of(pkw.plan.operator)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(reverse("perencanaan:pk_list"))
    assert response.context["page_obj"].paginator.count == 53
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(
            reverse("perencanaan:pk_list"), {"q": "20", "page": "3"}, **HTMX, HTTP_HX_TARGET="pk-results"
        )
    assert len(response.context["page_obj"].object_list) == 10


def test_list_for_an_admin_and_a_reader(pkw: PkWorld, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    add_years(pkw, 50)
    for client in (as_admin(pkw), client_of(pkw.plan.staf), client_of(pkw.plan.jpt)):
        with django_assert_max_num_queries(LIST_QUERIES):
            assert client.get(reverse("perencanaan:pk_list")).status_code == 200


def test_detail_of_30_sasaran_with_4_indikator_each(pkw: PkWorld, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    fill(pkw.pk_bidang, 30, 4)
    url = reverse("perencanaan:pk_detail", args=[pkw.pk_bidang.pk])
    for client in (client_of(pkw.plan.kabid), client_of(pkw.plan.staf), client_of(pkw.plan.operator)):
        with django_assert_max_num_queries(DETAIL_QUERIES):
            response = client.get(url)
        assert len(response.context["page_obj"].object_list) == 10
        assert response.content.decode().count("4,25&nbsp;Nilai") == 36  # 9 of them, after the world's own sasaran
    client = client_of(pkw.plan.kabid)
    with django_assert_max_num_queries(DETAIL_QUERIES):
        client.get(url, {"q": "Indikator 3", "page": "2"}, **HTMX, HTTP_HX_TARGET="sasaran-results")


def test_sasaran_editor_and_its_writes(pkw: PkWorld, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    first = fill(pkw.pk_bidang, 30, 4)
    client = client_of(pkw.plan.kabid)
    with django_assert_max_num_queries(EDITOR_QUERIES):
        response = client.get(reverse("perencanaan:pk_sasaran_edit", args=[first.pk]))
    assert response.content.decode().count('data-test="indikator-row"') == 4
    data = {"teks": "Baru", "target": "2", "satuan": str(nilai().pk)}
    # + the write, its locks and the message; + 3 for its audit row (chain-head lock, insert, head update)
    with django_assert_max_num_queries(EDITOR_QUERIES + 9):
        client.post(
            reverse("perencanaan:pk_indikator_create", args=[first.pk]), data, **HTMX, HTTP_HX_TARGET="pk-detail"
        )
