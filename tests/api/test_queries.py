"""List endpoints keep a fixed query budget with 1,000 rows (bulk-created for speed)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from organisasi.models import Jabatan, UnitKerja
from pelaksanaan.models import Realisasi
from perencanaan.models import Iki, PerjanjianKinerja, Rhk, Satuan, Skp
from tests.api.conftest import personal, system
from tests.kinerja_world import Kinerja
from tests.penilaian.rekap_world import bulk_pegawai, bulk_rated, periodic

N = 1000


@pytest.fixture
def crowd(kinerja: Kinerja):  # type: ignore[no-untyped-def]
    """1,000 pegawai in the bidang, each with a set SKP and a given evaluation in Triwulan I."""
    plan = kinerja.plan
    instansi = plan.unit.instansi
    jabatan = Jabatan.objects.create(instansi=instansi, kode="MASSAL", nama="Pelaksana massal", jenis="pelaksana")
    people = bulk_pegawai(instansi=instansi, unit=plan.bidang, jabatan=jabatan, n=N, atasan=plan.kabid)
    tw1 = periodic(instansi, 1)
    bulk_rated(people, tw1)
    return kinerja, tw1


def _get(api, path: str, params: dict, budget: int, django_assert_max_num_queries, *, expect: int) -> None:  # type: ignore[no-untyped-def]
    api.get("/instansi")  # the first call of a token records last_used_at; measure a steady state
    with django_assert_max_num_queries(budget):
        response = api.get(path, {"limit": 500, **params})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] >= expect and len(body["items"]) == min(500, body["count"])


@pytest.mark.parametrize(
    ("path", "budget"),
    [("/pegawai", 8), ("/skp", 8), ("/evaluasi", 8)],
)
def test_lists_as_operator(crowd, django_assert_max_num_queries, path: str, budget: int) -> None:  # type: ignore[no-untyped-def]
    kinerja, _tw1 = crowd
    _get(personal(kinerja.plan.operator), path, {}, budget, django_assert_max_num_queries, expect=N)


@pytest.mark.parametrize(("path", "budget"), [("/rekap", 12), ("/tpp", 12), ("/angka-kredit", 12)])
def test_reports_as_system_token(crowd, django_assert_max_num_queries, path: str, budget: int) -> None:  # type: ignore[no-untyped-def]
    kinerja, tw1 = crowd
    api = system(kinerja.plan.unit.instansi, "evaluasi:read")
    expect = 0 if path == "/angka-kredit" else N
    _get(api, path, {"periode": tw1.pk}, budget, django_assert_max_num_queries, expect=expect)


def test_pegawai_list_as_system_token(crowd, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    kinerja, _tw1 = crowd
    api = system(kinerja.plan.unit.instansi, "organisasi:read")
    _get(api, "/pegawai", {"offset": 500}, 5, django_assert_max_num_queries, expect=N)


def test_structure_lists(kinerja: Kinerja, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    plan = kinerja.plan
    instansi = plan.unit.instansi
    units = UnitKerja.objects.bulk_create(
        UnitKerja(instansi=instansi, induk=plan.unit, kode=f"M{i:04d}", nama=f"Unit {i}") for i in range(N)
    )
    Jabatan.objects.bulk_create(
        Jabatan(instansi=instansi, kode=f"JM{i:04d}", nama=f"Jabatan {i}", jenis="pelaksana") for i in range(N)
    )
    PerjanjianKinerja.objects.bulk_create(PerjanjianKinerja(unit_kerja=u, tahun=2026) for u in units)
    api = personal(plan.staf)
    _get(api, "/unit-kerja", {}, 6, django_assert_max_num_queries, expect=N)
    _get(api, "/jabatan", {}, 6, django_assert_max_num_queries, expect=N)
    _get(api, "/pk", {}, 6, django_assert_max_num_queries, expect=N)


def test_realisasi_list(kinerja: Kinerja, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    skp: Skp = kinerja.skp
    rhk = Rhk.objects.create(skp=skp, jenis="tambahan", teks="Banyak indikator")
    satuan = Satuan.objects.get(nama="Dokumen")
    ikis = Iki.objects.bulk_create(
        Iki(rhk=rhk, teks=f"IKI {i}", aspek="kuantitas", target_min=1, satuan=satuan, urutan=i) for i in range(N)
    )
    tw1 = periodic(kinerja.plan.unit.instansi, 1)
    Realisasi.objects.bulk_create(
        Realisasi(skp=skp, periode=tw1, rhk=rhk, iki=iki, nilai=Decimal(1), dibuat_pada=dt.datetime.now(dt.UTC))
        for iki in ikis
    )
    _get(personal(kinerja.staf), f"/skp/{skp.pk}/realisasi", {}, 8, django_assert_max_num_queries, expect=N)
