"""PK and SKP reads as SPEC §2 allows, and the owner's draft SKP through the services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.http import Http404

from perencanaan.access import get_skp_for_user
from perencanaan.models import Iki, Rhk, Satuan, Skp, StatusSkp
from perencanaan.services.rencana import iki_create, rhk_create
from perencanaan.services.skp import skp_create
from tests.api.conftest import Api, assert_error, field_locs, personal, system
from tests.factories import IndikatorKinerjaFactory, PerjanjianKinerjaFactory, SasaranStrategisFactory
from tests.kinerja_world import Kinerja
from tests.perencanaan.conftest import Plan


def ids(response) -> set[int]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def test_skp_list_matches_who_may_read_each_skp(kinerja: Kinerja) -> None:
    plan = kinerja.plan
    every = list(Skp.objects.all())
    for pegawai in (plan.staf, plan.kabid, plan.jpt, plan.operator, plan.outsider, plan.stranger, plan.staf2):
        assert pegawai.user is not None
        readable = set()
        for skp in every:
            try:
                get_skp_for_user(pegawai.user, skp.pk)
            except Http404:
                continue
            readable.add(skp.pk)
        assert ids(personal(pegawai).get("/skp", {"limit": 500})) == readable, pegawai


def test_skp_detail_with_rhk_iki_and_perilaku(kinerja: Kinerja) -> None:
    body = personal(kinerja.kabid).get(f"/skp/{kinerja.skp.pk}").json()
    assert body["status"] == "ditetapkan" and body["nip"] == kinerja.staf.nip
    texts = {r["teks"]: r for r in body["rhk"]}
    utama = texts["Tersusunnya rencana pengembangan kompetensi"]
    assert utama["intervensi_id"] is not None
    assert {i["satuan"] for i in utama["iki"]} == {"Dokumen", "Hari"}
    assert len(body["perilaku"]) == 7 and {p["aspek"] for p in body["perilaku"]} >= {"adaptif", "kolaboratif"}


@pytest.mark.parametrize("who", ["outsider", "stranger"])
def test_unrelated_pegawai_gets_404(kinerja: Kinerja, who: str) -> None:
    api = personal(getattr(kinerja.plan, who))
    assert_error(api.get(f"/skp/{kinerja.skp.pk}"), 404, "not_found")
    assert_error(api.put(f"/skp/{kinerja.skp.pk}", {**_periode(), "versi_data": 0}), 404)
    assert_error(api.post(f"/skp/{kinerja.skp.pk}/rhk", {"jenis": "utama", "teks": "x"}), 404)
    assert_error(api.put(f"/rhk/{kinerja.rhk_utama.pk}", {"jenis": "utama", "teks": "x", "versi": 0}), 404)
    assert_error(api.put(f"/iki/{kinerja.iki_kuantitas.pk}", {"teks": "x", "versi_rencana": 0}), 404)


def test_penilai_may_read_but_not_write(kinerja: Kinerja) -> None:
    api = personal(kinerja.kabid)
    assert api.get(f"/skp/{kinerja.skp.pk}").status_code == 200
    assert_error(api.put(f"/skp/{kinerja.skp.pk}", {**_periode(), "versi_data": 0}), 404)


def test_system_token_cannot_use_skp_endpoints(kinerja: Kinerja) -> None:
    api = system(kinerja.plan.unit.instansi, "organisasi:read", "organisasi:sync", "evaluasi:read")
    assert_error(api.get("/skp"), 403, "user_required")
    assert_error(api.get(f"/skp/{kinerja.skp.pk}"), 403, "user_required")
    assert_error(api.post("/skp", _periode()), 403, "user_required")


def test_no_token_is_401(kinerja: Kinerja) -> None:
    assert_error(Api().get(f"/skp/{kinerja.skp.pk}"), 401)
    assert_error(Api().post("/skp", _periode()), 401)


def _periode(**extra: str) -> dict[str, str]:
    return {"periode_mulai": "2027-01-01", "periode_selesai": "2027-12-31", "pendekatan": "kuantitatif", **extra}


def test_owner_creates_and_edits_a_draft(plan: Plan) -> None:
    api = personal(plan.staf2)
    response = api.post("/skp", _periode())
    assert response.status_code == 201, response.content
    skp = response.json()
    assert skp["status"] == "draft" and len(skp["perilaku"]) == 7
    changed = api.put(f"/skp/{skp['id']}", {**_periode(periode_selesai="2027-06-30"), "versi_data": skp["versi_data"]})
    assert changed.json()["periode_selesai"] == "2027-06-30", changed.content

    rhk = api.post(f"/skp/{skp['id']}/rhk", {"jenis": "tambahan", "teks": "Menyusun laporan"})
    assert rhk.status_code == 201, rhk.content
    rhk_id = rhk.json()["id"]
    dokumen = Satuan.objects.get(nama="Dokumen")
    iki = api.post(
        f"/rhk/{rhk_id}/iki",
        {"teks": "Jumlah laporan", "aspek": "kuantitas", "target_min": "4", "satuan_id": dokumen.pk},
    )
    assert iki.status_code == 201, iki.content
    assert Iki.objects.get(pk=iki.json()["id"]).target_min == 4
    versi = api.get(f"/skp/{skp['id']}").json()["versi_rencana"]
    updated = api.put(
        f"/iki/{iki.json()['id']}",
        {
            "teks": "Jumlah laporan",
            "aspek": "kuantitas",
            "target_min": "4",
            "target_max": "6",
            "satuan_id": dokumen.pk,
            "versi_rencana": versi,
        },
    )
    assert updated.json()["target_max"] == "6.0000" or float(updated.json()["target_max"]) == 6
    body = {"jenis": "tambahan", "teks": "Menyusun laporan bulanan", "versi": rhk.json()["versi"]}
    assert api.put(f"/rhk/{rhk_id}", body).status_code == 200
    assert Rhk.objects.get(pk=rhk_id).teks == "Menyusun laporan bulanan"


def test_editing_a_set_skp_is_409(kinerja: Kinerja) -> None:
    api = personal(kinerja.staf)
    assert_error(
        api.put(
            f"/skp/{kinerja.skp.pk}",
            {**_periode(periode_mulai="2026-01-01", periode_selesai="2026-12-31"), "versi_data": 0},
        ),
        409,
        "conflict",
    )
    assert_error(api.post(f"/skp/{kinerja.skp.pk}/rhk", {"jenis": "utama", "teks": "Baru"}), 409, "conflict")
    assert_error(
        api.put(f"/rhk/{kinerja.rhk_utama.pk}", {"jenis": "utama", "teks": "Baru", "versi": 0}), 409, "conflict"
    )
    kinerja.skp.refresh_from_db()
    assert kinerja.skp.status == StatusSkp.DITETAPKAN


def test_bad_input_is_422_with_field_errors(plan: Plan) -> None:
    api = personal(plan.staf)
    skp = plan.skp_staf
    assert ["body", "pendekatan"] in field_locs(api.post("/skp", _periode(pendekatan="campuran")))
    assert ["body", "periode_mulai"] in field_locs(api.post("/skp", _periode(periode_mulai="bukan-tanggal")))
    assert ["body", "periode_mulai"] in field_locs(
        api.put(f"/skp/{skp.pk}", {**_periode(periode_mulai="2027-13-01"), "versi_data": 0})
    )
    locs = field_locs(api.post(f"/skp/{skp.pk}/rhk", {"jenis": "lain", "teks": "  "}))
    assert ["body", "jenis"] in locs and ["body", "teks"] in locs
    assert ["body", "intervensi_id"] in field_locs(
        api.post(f"/skp/{skp.pk}/rhk", {"jenis": "utama", "teks": "x", "intervensi_id": 99999999})
    )
    rhk = Rhk.objects.create(skp=skp, jenis="utama", teks="RHK")
    locs = field_locs(api.post(f"/rhk/{rhk.pk}/iki", {"teks": "IKI"}))
    assert ["body", "aspek"] in locs and ["body", "target_min"] in locs and ["body", "satuan"] in locs
    assert ["body", "teks"] in field_locs(api.post(f"/rhk/{rhk.pk}/iki", {"teks": "a\x00b"}))


def test_pk_list_and_detail(plan: Plan) -> None:
    perjanjian = PerjanjianKinerjaFactory(unit_kerja=plan.bidang, tahun=2026)
    sasaran = SasaranStrategisFactory(perjanjian=perjanjian)
    IndikatorKinerjaFactory(sasaran=sasaran)
    assert ids(personal(plan.staf).get("/pk", {"tahun": 2026})) == {perjanjian.pk}
    detail = personal(plan.staf).get(f"/pk/{perjanjian.pk}").json()
    assert detail["sasaran"][0]["indikator"][0]["satuan"]
    assert ids(system(plan.unit.instansi, "organisasi:read").get("/pk")) == {perjanjian.pk}
    assert_error(personal(plan.stranger).get(f"/pk/{perjanjian.pk}"), 404)
    assert_error(system(plan.stranger.instansi, "organisasi:read").get(f"/pk/{perjanjian.pk}"), 404)
    assert_error(system(plan.unit.instansi, "evaluasi:read").get("/pk"), 403, "scope_missing")
    assert ["query", "tahun"] in field_locs(personal(plan.staf).get("/pk", {"tahun": 1800}))


def test_owner_submits_and_incomplete_or_locked_is_409(kinerja: Kinerja) -> None:
    plan = kinerja.plan
    draft = Skp.objects.create(
        pegawai=plan.outsider,
        jabatan=plan.outsider.jabatan,
        unit_kerja=plan.outsider.unit_kerja,
        periode_mulai="2027-01-01",
        periode_selesai="2027-12-31",
        pendekatan="kuantitatif",
        jenis_form="JAJF",
    )
    body = assert_error(personal(plan.outsider).post(f"/skp/{draft.pk}/ajukan", {}), 409, "conflict")
    assert "belum dapat diajukan" in body["detail"]
    assert_error(personal(kinerja.staf).post(f"/skp/{kinerja.skp.pk}/ajukan", {}), 409, "conflict")
    assert_error(personal(kinerja.kabid).post(f"/skp/{kinerja.skp.pk}/ajukan", {}), 404)


def test_owner_builds_and_submits_a_kualitatif_skp(plan: Plan) -> None:
    api = personal(plan.staf2)
    skp = api.post("/skp", _periode(pendekatan="kualitatif")).json()
    rhk = api.post(f"/skp/{skp['id']}/rhk", {"jenis": "utama", "teks": "Terkelolanya arsip"}).json()
    iki = api.post(f"/rhk/{rhk['id']}/iki", {"teks": "Arsip tertata", "target_teks": "Seluruh arsip 2027"})
    assert iki.status_code == 201, iki.content
    submitted = api.post(f"/skp/{skp['id']}/ajukan", {})
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "diajukan" and submitted.json()["pejabat_penilai_id"] == plan.kabid.pk
    assert_error(
        api.put(f"/rhk/{rhk['id']}", {"jenis": "utama", "teks": "Diubah", "versi": rhk["versi"]}), 409, "conflict"
    )


def test_a_stale_iki_update_is_409_and_keeps_the_first_save(kinerja: Kinerja) -> None:
    skp = skp_create(
        pegawai=kinerja.staf,
        periode_mulai=date(2027, 1, 1),
        periode_selesai=date(2027, 12, 31),
        pendekatan="kuantitatif",
        by=None,
    )
    rhk = rhk_create(skp=skp, jenis="utama", teks="Pendampingan")
    dokumen = Satuan.objects.get(nama="Dokumen")
    iki = iki_create(rhk=rhk, teks="Jumlah laporan", aspek="kuantitas", target_min=Decimal(4), satuan=dokumen)
    api = personal(kinerja.staf)
    versi = api.get(f"/skp/{skp.pk}").json()["versi_rencana"]
    body = {"teks": "Jumlah laporan", "aspek": "kuantitas", "satuan_id": dokumen.pk, "versi_rencana": versi}
    assert api.put(f"/iki/{iki.pk}", {**body, "target_min": "6"}).status_code == 200
    stale = assert_error(api.put(f"/iki/{iki.pk}", {**body, "target_min": "9"}), 409, "conflict_stale")
    assert "target 6 Dokumen" in stale["detail"] and "target 9" in stale["detail"]
    assert Iki.objects.get(pk=iki.pk).target_min == 6
    assert ["body", "versi_rencana"] in field_locs(
        api.put(f"/iki/{iki.pk}", {k: v for k, v in body.items() if k != "versi_rencana"} | {"target_min": "9"})
    )
    fresh = api.get(f"/skp/{skp.pk}").json()["versi_rencana"]
    assert api.put(f"/iki/{iki.pk}", {**body, "target_min": "9", "versi_rencana": fresh}).status_code == 200


def test_a_stale_rhk_update_is_409_and_keeps_the_first_save(plan: Plan) -> None:
    api = personal(plan.staf)
    rhk = rhk_create(skp=plan.skp_staf, jenis="tambahan", teks="Menyusun laporan")
    versi = next(r["versi"] for r in api.get(f"/skp/{plan.skp_staf.pk}").json()["rhk"] if r["id"] == rhk.pk)
    first = api.put(f"/rhk/{rhk.pk}", {"jenis": "tambahan", "teks": "Menyusun laporan bulanan", "versi": versi})
    assert first.status_code == 200, first.content
    assert first.json()["versi"] != versi
    body = {"jenis": "tambahan", "teks": "Menyusun laporan mingguan", "versi": versi}
    stale = assert_error(api.put(f"/rhk/{rhk.pk}", body), 409, "conflict_stale")
    assert "Menyusun laporan bulanan" in stale["detail"] and "Menyusun laporan mingguan" in stale["detail"]
    assert Rhk.objects.get(pk=rhk.pk).teks == "Menyusun laporan bulanan"
    assert ["body", "versi"] in field_locs(api.put(f"/rhk/{rhk.pk}", {"jenis": "tambahan", "teks": "Tanpa versi"}))
    assert Rhk.objects.get(pk=rhk.pk).teks == "Menyusun laporan bulanan"
    fresh = api.put(f"/rhk/{rhk.pk}", {**body, "versi": first.json()["versi"]})
    assert fresh.status_code == 200 and Rhk.objects.get(pk=rhk.pk).teks == "Menyusun laporan mingguan"


def test_a_stale_skp_update_is_409_and_keeps_the_first_save(plan: Plan) -> None:
    api = personal(plan.staf2)
    skp = api.post("/skp", _periode()).json()
    versi = api.get(f"/skp/{skp['id']}").json()["versi_data"]
    assert versi == skp["versi_data"]
    first = api.put(f"/skp/{skp['id']}", {**_periode(periode_selesai="2027-06-30"), "versi_data": versi})
    assert first.status_code == 200, first.content
    stale_body = {**_periode(periode_selesai="2027-09-30"), "versi_data": versi}
    stale = assert_error(api.put(f"/skp/{skp['id']}", stale_body), 409, "conflict_stale")
    assert "30-06-2027" in stale["detail"] and "30-09-2027" in stale["detail"]
    assert Skp.objects.get(pk=skp["id"]).periode_selesai == date(2027, 6, 30)
    assert ["body", "versi_data"] in field_locs(api.put(f"/skp/{skp['id']}", _periode(periode_selesai="2027-09-30")))
    assert Skp.objects.get(pk=skp["id"]).periode_selesai == date(2027, 6, 30)
    again = api.put(f"/skp/{skp['id']}", {**stale_body, "versi_data": first.json()["versi_data"]})
    assert again.status_code == 200 and Skp.objects.get(pk=skp["id"]).periode_selesai == date(2027, 9, 30)
