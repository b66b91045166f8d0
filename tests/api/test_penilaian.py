"""Evaluations, rekap, angka kredit and the payroll export (TPP factor per pegawai and period)."""

from __future__ import annotations

from decimal import Decimal

from django.http import Http404

from organisasi.models import OperatorRole
from penilaian.access import get_evaluasi_for_user
from penilaian.models import Evaluasi, FaktorTpp, StatusEvaluasi
from tests.api.conftest import Api, assert_error, field_locs, personal, system
from tests.factories import PegawaiFactory
from tests.kinerja_world import Kinerja
from tests.penilaian.rekap_world import annual, give, periodic


def ids(response) -> set[int]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def rated(kinerja: Kinerja):  # type: ignore[no-untyped-def]
    tw1 = periodic(kinerja.plan.unit.instansi, 1)
    given = give(kinerja.skp, tw1, "sangat_baik")
    draft = give(kinerja.skp_kualitatif, tw1, "baik", status=StatusEvaluasi.DRAFT)
    return tw1, given, draft


def test_who_reads_which_evaluation(kinerja: Kinerja) -> None:
    _tw1, given, draft = rated(kinerja)
    plan = kinerja.plan
    assert ids(personal(plan.staf).get("/evaluasi")) == {given.pk}
    assert ids(personal(plan.staf2).get("/evaluasi")) == set()  # a draft is not the pegawai's yet
    assert ids(personal(plan.kabid).get("/evaluasi")) == {given.pk, draft.pk}
    assert ids(personal(plan.jpt).get("/evaluasi")) == {given.pk}
    assert ids(personal(plan.operator).get("/evaluasi")) == {given.pk, draft.pk}
    assert ids(personal(plan.outsider).get("/evaluasi")) == set()
    assert ids(system(plan.unit.instansi, "evaluasi:read").get("/evaluasi")) == {given.pk}
    assert ids(system(plan.stranger.instansi, "evaluasi:read").get("/evaluasi")) == set()


def test_evaluation_detail_and_404(kinerja: Kinerja) -> None:
    _tw1, given, draft = rated(kinerja)
    body = personal(kinerja.staf).get(f"/evaluasi/{given.pk}").json()
    assert body["predikat"] == "sangat_baik" and body["predikat_label"] == "Sangat Baik"
    assert_error(personal(kinerja.plan.staf2).get(f"/evaluasi/{draft.pk}"), 404)
    assert_error(personal(kinerja.plan.outsider).get(f"/evaluasi/{given.pk}"), 404)
    assert_error(system(kinerja.plan.unit.instansi, "evaluasi:read").get(f"/evaluasi/{draft.pk}"), 404)
    assert system(kinerja.plan.unit.instansi, "evaluasi:read").get(f"/evaluasi/{given.pk}").status_code == 200
    assert_error(
        system(kinerja.plan.unit.instansi, "organisasi:read").get(f"/evaluasi/{given.pk}"), 403, "scope_missing"
    )
    assert_error(Api().get(f"/evaluasi/{given.pk}"), 401)


def test_evaluation_filters(kinerja: Kinerja) -> None:
    tw1, given, _draft = rated(kinerja)
    api = personal(kinerja.plan.operator)
    assert ids(api.get("/evaluasi", {"periode": tw1.pk, "predikat": "sangat_baik"})) == {given.pk}
    assert ids(api.get("/evaluasi", {"pegawai": kinerja.plan.staf2.pk, "tahun": 2026})) == {_draft.pk}
    assert ids(api.get("/evaluasi", {"tahun": 2025})) == set()
    assert ["query", "periode"] in field_locs(api.get("/evaluasi", {"periode": "x"}))


def test_payroll_export_gives_the_tpp_factor_per_pegawai(kinerja: Kinerja) -> None:
    tw1, _given, _draft = rated(kinerja)
    instansi = kinerja.plan.unit.instansi
    FaktorTpp.objects.create(instansi=instansi, predikat="sangat_baik", persen=Decimal("112.50"))
    body = system(instansi, "evaluasi:read").get("/tpp", {"periode": tw1.pk, "limit": 500}).json()
    by_nip = {r["nip"]: r for r in body["items"]}
    assert Decimal(by_nip[kinerja.staf.nip]["faktor_tpp"]) == Decimal("112.50")
    assert by_nip[kinerja.staf.nip]["predikat"] == "sangat_baik"
    assert by_nip[kinerja.plan.staf2.nip]["faktor_tpp"] is None  # draft: not rated yet
    assert body["periode_id"] == tw1.pk and body["count"] == len(body["items"])


def test_angka_kredit_for_jf_only(kinerja: Kinerja) -> None:
    tw1, _given, _draft = rated(kinerja)
    body = personal(kinerja.plan.operator).get("/angka-kredit", {"periode": tw1.pk}).json()
    assert [r["nip"] for r in body["items"]] == [kinerja.staf.nip]  # the staf is a JF ahli muda
    row = body["items"][0]
    # 150 % × 25 × 3/12 (a quarter).
    assert row["bulan"] == 3 and Decimal(row["angka_kredit"]) == Decimal("9.375")


def test_rekap_per_unit_and_period(kinerja: Kinerja) -> None:
    tw1, _given, _draft = rated(kinerja)
    plan = kinerja.plan
    api = personal(plan.operator)
    body = api.get("/rekap", {"periode": tw1.pk, "unit": plan.bidang.pk, "limit": 500}).json()
    nips = {r["nip"] for r in body["items"]}
    assert kinerja.staf.nip in nips and plan.jpt.nip not in nips  # the JPT is in the unit above
    assert body["distribusi"][0]["jumlah"]["sangat_baik"] == 1
    leader = personal(plan.kabid).get("/rekap", {"periode": tw1.pk}).json()
    assert {r["unit_kerja_id"] for r in leader["items"]} == {plan.bidang.pk}
    assert_error(personal(plan.kabid).get("/rekap", {"periode": tw1.pk, "unit": plan.unit.pk}), 404)


def test_reports_are_404_outside_and_422_without_period(kinerja: Kinerja) -> None:
    tw1, _given, _draft = rated(kinerja)
    plan = kinerja.plan
    for path in ("/rekap", "/angka-kredit", "/tpp"):
        assert_error(personal(plan.staf).get(path, {"periode": tw1.pk}), 404)  # leads no unit
        assert_error(personal(plan.stranger).get(path, {"periode": tw1.pk}), 404)
        assert_error(system(plan.stranger.instansi, "evaluasi:read").get(path, {"periode": tw1.pk}), 404)
        assert_error(system(plan.unit.instansi, "organisasi:read").get(path, {"periode": tw1.pk}), 403)
        assert_error(Api().get(path, {"periode": tw1.pk}), 401)
        assert ["query", "periode"] in field_locs(personal(plan.operator).get(path))


def test_unit_operator_reports_on_their_subtree(kinerja: Kinerja) -> None:
    plan = kinerja.plan
    year = annual(plan.unit.instansi)
    operator = PegawaiFactory(instansi=plan.unit.instansi, unit_kerja=plan.bidang)
    OperatorRole.objects.create(user=operator.user, instansi=plan.unit.instansi, unit_kerja=plan.bidang)
    body = personal(operator).get("/tpp", {"periode": year.pk, "limit": 500}).json()
    assert kinerja.staf.nip in {r["nip"] for r in body["items"]}
    assert plan.jpt.nip not in {r["nip"] for r in body["items"]}


def test_evaluation_list_matches_who_may_read_each_evaluation(kinerja: Kinerja) -> None:
    tw1, _given, _draft = rated(kinerja)
    give(kinerja.skp_kabid, tw1, "butuh_perbaikan")
    plan = kinerja.plan
    for pegawai in (plan.staf, plan.staf2, plan.kabid, plan.jpt, plan.operator, plan.outsider, plan.stranger):
        assert pegawai.user is not None
        readable = set()
        for evaluasi in Evaluasi.objects.all():
            try:
                get_evaluasi_for_user(pegawai.user, evaluasi.pk)
            except Http404:
                continue
            readable.add(evaluasi.pk)
        assert ids(personal(pegawai).get("/evaluasi", {"limit": 500})) == readable, pegawai
