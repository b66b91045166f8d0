"""Periods and realisasi: read by whoever reads the SKP, written by its owner via the services."""

from __future__ import annotations

from decimal import Decimal

from pelaksanaan.models import Periode, Realisasi
from pelaksanaan.periode import periode_ensure
from tests.api.conftest import Api, assert_error, field_locs, personal, system
from tests.kinerja_world import Kinerja


def tw(kinerja: Kinerja, nomor: int = 1) -> Periode:
    return next(
        p
        for p in periode_ensure(instansi=kinerja.plan.unit.instansi, tahun=2026)
        if not p.is_tahunan and p.nomor == nomor
    )


def test_periode_list_of_the_callers_instansi(kinerja: Kinerja) -> None:
    tw(kinerja)
    body = personal(kinerja.staf).get("/periode", {"tahun": 2026}).json()
    assert [p["nama"] for p in body["items"]][:1] == ["Triwulan I"] and body["count"] == 5
    assert personal(kinerja.plan.stranger).get("/periode").json()["count"] == 0
    assert system(kinerja.plan.unit.instansi, "evaluasi:read").get("/periode").json()["count"] == 5


def test_owner_records_a_numeric_realisasi_and_a_change_keeps_history(kinerja: Kinerja) -> None:
    api = personal(kinerja.staf)
    periode = tw(kinerja)
    body = {
        "periode_id": periode.pk,
        "iki_id": kinerja.iki_kuantitas.pk,
        "nilai": "3",
        "keterangan": "Triwulan I",
        "dari_id": 0,
    }
    first = api.post(f"/skp/{kinerja.skp.pk}/realisasi/angka", body)
    assert first.status_code == 201, first.content
    second = api.post(f"/skp/{kinerja.skp.pk}/realisasi/angka", {**body, "nilai": "4.5", "dari_id": first.json()["id"]})
    assert second.status_code == 201
    assert Realisasi.objects.filter(iki=kinerja.iki_kuantitas).count() == 2
    listed = api.get(f"/skp/{kinerja.skp.pk}/realisasi", {"periode": periode.pk}).json()
    assert [Decimal(r["nilai"]) for r in listed["items"]] == [Decimal("4.5")]
    # The penilai reads it too.
    assert personal(kinerja.kabid).get(f"/skp/{kinerja.skp.pk}/realisasi").json()["count"] == 1


def test_owner_adds_a_statement_to_a_kualitatif_skp(kinerja: Kinerja) -> None:
    api = personal(kinerja.plan.staf2)
    periode = tw(kinerja)
    response = api.post(
        f"/skp/{kinerja.skp_kualitatif.pk}/realisasi/teks",
        {"periode_id": periode.pk, "rhk_id": kinerja.rhk_kualitatif.pk, "teks": "Arsip 2025 tertata"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["teks"] == "Arsip 2025 tertata"


def test_only_the_owner_writes(kinerja: Kinerja) -> None:
    periode = tw(kinerja)
    body = {"periode_id": periode.pk, "iki_id": kinerja.iki_kuantitas.pk, "nilai": "3", "dari_id": 0}
    for who in (kinerja.kabid, kinerja.jpt, kinerja.plan.operator, kinerja.plan.outsider, kinerja.plan.stranger):
        assert_error(personal(who).post(f"/skp/{kinerja.skp.pk}/realisasi/angka", body), 404)
    assert_error(personal(kinerja.plan.outsider).get(f"/skp/{kinerja.skp.pk}/realisasi"), 404)
    assert_error(system(kinerja.plan.unit.instansi, "evaluasi:read").get(f"/skp/{kinerja.skp.pk}/realisasi"), 403)
    assert_error(Api().post(f"/skp/{kinerja.skp.pk}/realisasi/angka", body), 401)
    assert not Realisasi.objects.exists()


def test_bad_input_and_closed_period_are_422(kinerja: Kinerja) -> None:
    api = personal(kinerja.staf)
    periode = tw(kinerja)
    url = f"/skp/{kinerja.skp.pk}/realisasi/angka"
    assert ["body", "nilai"] in field_locs(
        api.post(url, {"periode_id": periode.pk, "iki_id": kinerja.iki_kuantitas.pk, "nilai": "-1", "dari_id": 0})
    )
    assert ["body", "nilai"] in field_locs(
        api.post(url, {"periode_id": periode.pk, "iki_id": kinerja.iki_kuantitas.pk, "nilai": "abc", "dari_id": 0})
    )
    assert ["body", "iki_id"] in field_locs(
        api.post(url, {"periode_id": periode.pk, "iki_id": kinerja.rhk_kualitatif.pk, "nilai": "1", "dari_id": 0})
    )
    other_periode = Periode.objects.create(
        instansi=kinerja.plan.stranger.instansi,
        tahun=2026,
        jenis="tahunan",
        nomor=0,
        nama="Tahunan",
        mulai=periode.mulai,
        selesai=periode.selesai,
    )
    assert ["body", "periode_id"] in field_locs(
        api.post(url, {"periode_id": other_periode.pk, "iki_id": kinerja.iki_kuantitas.pk, "nilai": "1", "dari_id": 0})
    )
    Periode.objects.filter(pk=periode.pk).update(terbuka=False)
    assert_error(
        api.post(url, {"periode_id": periode.pk, "iki_id": kinerja.iki_kuantitas.pk, "nilai": "1", "dari_id": 0}),
        422,
        "validation_error",
    )
    assert not Realisasi.objects.exists()


def test_owner_changes_and_withdraws_a_statement(kinerja: Kinerja) -> None:
    api = personal(kinerja.plan.staf2)
    periode = tw(kinerja)
    made = api.post(
        f"/skp/{kinerja.skp_kualitatif.pk}/realisasi/teks",
        {"periode_id": periode.pk, "rhk_id": kinerja.rhk_kualitatif.pk, "teks": "Versi pertama"},
    ).json()
    assert_error(personal(kinerja.kabid).put(f"/realisasi/{made['id']}", {"teks": "Bukan miliknya"}), 404)
    changed = api.put(f"/realisasi/{made['id']}", {"teks": "Versi kedua"})
    assert changed.status_code == 200 and changed.json()["teks"] == "Versi kedua"
    assert ["body", "teks"] in field_locs(api.put(f"/realisasi/{changed.json()['id']}", {"teks": "  "}))
    assert_error(api.put(f"/realisasi/{made['id']}", {"teks": "lama"}), 404)  # replaced: no longer current
    assert personal(kinerja.kabid).client.delete(f"/api/v1/realisasi/{changed.json()['id']}").status_code == 401
    response = api.client.delete(f"/api/v1/realisasi/{changed.json()['id']}", headers=api._headers())
    assert response.status_code == 204
    assert api.get(f"/skp/{kinerja.skp_kualitatif.pk}/realisasi").json()["count"] == 0
    assert Realisasi.objects.filter(rhk=kinerja.rhk_kualitatif).count() == 2  # history kept


def test_a_stale_numeric_realisasi_is_409_and_keeps_the_first_save(kinerja: Kinerja) -> None:
    api = personal(kinerja.staf)
    url = f"/skp/{kinerja.skp.pk}/realisasi/angka"
    body = {"periode_id": tw(kinerja).pk, "iki_id": kinerja.iki_kuantitas.pk, "nilai": "3", "dari_id": 0}
    first = api.post(url, body)
    assert first.status_code == 201, first.content
    # A second client read the empty state too and saves afterwards.
    stale = assert_error(api.post(url, {**body, "nilai": "7"}), 409, "conflict_stale")
    assert "(belum diisi) → 3" in stale["detail"] and "realisasi 7" in stale["detail"]
    assert [r.nilai for r in Realisasi.objects.current()] == [Decimal("3")]
    # Sending the id it read now succeeds; a missing or negative one is a field error.
    assert api.post(url, {**body, "nilai": "7", "dari_id": first.json()["id"]}).status_code == 201
    assert ["body", "dari_id"] in field_locs(api.post(url, {k: v for k, v in body.items() if k != "dari_id"}))
    assert ["body", "dari_id"] in field_locs(api.post(url, {**body, "dari_id": -1}))
