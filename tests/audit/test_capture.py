"""What the audit trail records for writes through the web, the API, services and bulk paths."""

from __future__ import annotations

import json

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from accounts.models import User
from api.models import PersonalToken
from api.services import personal_token_create, personal_token_revoke
from audit.capture import SUBJECT_PATHS, is_audited
from audit.models import AppendOnlyError, CatatanAudit
from organisasi.models import UnitKerja
from organisasi.services.struktur import unit_kerja_create
from pelaksanaan.periode import periode_ensure
from tests.conftest import World, login
from tests.factories import versi_now
from tests.kinerja_world import Kinerja
from tests.organisasi.test_import_support import import_setup, nip, pegawai_csv, pegawai_row, validate_and_apply

pytestmark = pytest.mark.django_db


def rows_for(obj: object, **filters: object) -> list[CatatanAudit]:
    meta = obj._meta  # type: ignore[attr-defined]
    return list(CatatanAudit.objects.filter(model=meta.label_lower, objek_pk=str(obj.pk), **filters).order_by("pk"))  # type: ignore[attr-defined]


def test_web_create_update_delete_record_who_when_ip_and_the_diff(client: Client, world: World) -> None:
    login(client, world.operator)
    before = CatatanAudit.objects.count()
    response = client.post(
        reverse("organisasi:unit_create"),
        {"kode": "BKD.09", "nama": "Bidang Audit", "induk": world.unit.pk, "kepala_nip": ""},
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 302
    unit = UnitKerja.objects.get(kode="BKD.09")
    [created] = rows_for(unit, aksi="create")
    assert created.aktor_id == world.operator.pk and created.aktor_nama == world.operator.username
    assert created.aktor_pegawai_id == world.operator.pegawai.pk
    assert (created.ip, created.sumber, created.metode) == ("203.0.113.7", "web", "POST")
    assert created.path == reverse("organisasi:unit_create")
    assert created.instansi_id == world.instansi.pk and created.label == str(unit)
    assert created.changes["nama"] == [None, "Bidang Audit"] and created.changes["induk_id"] == [None, world.unit.pk]
    assert created.waktu is not None

    client.post(
        reverse("organisasi:unit_edit", args=[unit.pk]),
        {
            "kode": "BKD.09",
            "nama": "Bidang Pengawasan",
            "induk": world.unit.pk,
            "kepala_nip": "",
            "versi": versi_now(unit),
        },
        REMOTE_ADDR="203.0.113.8",
    )
    [updated] = rows_for(unit, aksi="update")
    # Only what changed (updated_at is bookkeeping).
    assert updated.changes == {"nama": ["Bidang Audit", "Bidang Pengawasan"]}
    assert updated.ip == "203.0.113.8"

    response = client.post(reverse("organisasi:unit_delete", args=[unit.pk]), REMOTE_ADDR="203.0.113.9")
    assert not UnitKerja.objects.filter(pk=unit.pk).exists()
    [deleted] = rows_for(unit, aksi="delete")
    assert deleted.changes["nama"] == ["Bidang Pengawasan", None]
    assert deleted.instansi_id == world.instansi.pk and deleted.aktor_id == world.operator.pk
    assert CatatanAudit.objects.count() == before + 3


def test_a_service_call_without_a_request_has_no_actor(world: World) -> None:
    unit = unit_kerja_create(instansi=world.instansi, kode="X.1", nama="Unit X", induk=None, kepala=None)
    [row] = rows_for(unit)
    assert (row.aktor_id, row.ip, row.sumber, row.path) == (None, None, "perintah", "")


def test_rows_about_a_pegawai_name_them(kinerja: Kinerja) -> None:
    staf = kinerja.skp.pegawai
    iki_row = rows_for(kinerja.iki_kuantitas)[0]
    assert (iki_row.pegawai_id, iki_row.instansi_id) == (staf.pk, staf.instansi_id)
    assert rows_for(kinerja.skp)[0].pegawai_id == staf.pk
    assert rows_for(staf)[0].pegawai_id == staf.pk


def test_secrets_never_reach_the_trail(world: World) -> None:
    user = world.pegawai.user
    assert user is not None
    user.set_password("Rahasia-Sekali-123")
    user.save()
    [changed] = rows_for(user, aksi="update")
    assert changed.changes == {"password": ["[disamarkan]", "[disamarkan]"]}
    record, secret = personal_token_create(user=user, nama="skrip", berlaku_hari=30)
    personal_token_revoke(token=record)
    dump = json.dumps(list(CatatanAudit.objects.values_list("changes", flat=True)))
    assert user.password not in dump and secret not in dump
    assert PersonalToken.objects.get(pk=record.pk).secret_sha256 not in dump
    [token_row] = rows_for(record, aksi="create")
    assert token_row.changes["secret_sha256"] == [None, "[disamarkan]"] and token_row.pegawai_id == world.pegawai.pk
    [revoked] = rows_for(record, aksi="update")
    assert list(revoked.changes) == ["revoked_at"] and revoked.changes["revoked_at"][1] is not None


def test_account_activation_is_recorded(world: World) -> None:
    user = world.pegawai.user
    assert user is not None
    User.objects.get(pk=user.pk).save()  # nothing changed: no row
    user.is_active = False
    user.save()
    assert [r.changes for r in rows_for(user, aksi="update")] == [{"is_active": [True, False]}]


def test_a_rolled_back_change_leaves_no_audit_row(world: World) -> None:
    before = CatatanAudit.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        unit_kerja_create(instansi=world.instansi, kode="X.2", nama="Sementara", induk=None, kepala=None)
        assert CatatanAudit.objects.count() == before + 1
        raise RuntimeError
    assert CatatanAudit.objects.count() == before


def test_import_apply_records_every_created_row(world: World) -> None:
    import_setup(world.instansi)
    rows = [pegawai_row(nip(1), NAMA="Ani"), pegawai_row(nip(2), NAMA="Budi", NIP_ATASAN=nip(1))]
    validate_and_apply(world.instansi, "pegawai", pegawai_csv(rows))
    created = CatatanAudit.objects.filter(model="organisasi.pegawai", aksi="create", instansi=world.instansi)
    names = {r.changes["nama"][1] for r in created if "nama" in r.changes}
    assert {"Ani", "Budi"} <= names
    assert all(r.pegawai_id is not None for r in created)
    # Budi's atasan is linked in a second, bulk_update pass: recorded with the new value.
    budi = world.instansi.pegawai.get(nip=nip(2))
    assert any(r.changes.get("atasan_id", [None, None])[1] is not None for r in rows_for(budi, aksi="update")) or (
        rows_for(budi, aksi="create")[0].changes.get("atasan_id", [None, None])[1] is not None
    )
    assert CatatanAudit.objects.filter(model="accounts.user", aksi="create", objek_pk=str(budi.user_id)).exists()


def test_bulk_created_periods_are_recorded(world: World) -> None:
    periods = periode_ensure(instansi=world.instansi, tahun=2026)
    rows = CatatanAudit.objects.filter(model="pelaksanaan.periode", aksi="create", instansi=world.instansi)
    assert sorted(int(r.objek_pk) for r in rows) == sorted(p.pk for p in periods)


def test_api_writes_carry_the_tokens_user(kinerja: Kinerja) -> None:
    from tests.api.conftest import personal
    from tests.api.test_pelaksanaan import tw

    periode = tw(kinerja)
    api = personal(kinerja.staf)
    body = {
        "periode_id": periode.pk,
        "iki_id": kinerja.iki_kuantitas.pk,
        "nilai": "3",
        "keterangan": "Triwulan I",
        "dari_id": 0,
    }
    assert api.post(f"/skp/{kinerja.skp.pk}/realisasi/angka", body).status_code == 201
    row = CatatanAudit.objects.filter(model="pelaksanaan.realisasi", aksi="create").latest("pk")
    assert row.aktor_id == kinerja.staf.user_id and row.sumber == "api" and row.ip == "127.0.0.1"
    assert row.pegawai_id == kinerja.skp.pegawai_id


def test_trusted_proxy_count_reads_the_forwarded_address(client: Client, world: World, settings) -> None:  # type: ignore[no-untyped-def]
    login(client, world.operator)
    headers = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 198.51.100.5"}
    data = {"kode": "P.1", "nama": "Proksi", "induk": "", "kepala_nip": ""}
    client.post(reverse("organisasi:unit_create"), data, **headers)
    assert rows_for(UnitKerja.objects.get(kode="P.1"))[0].ip == "10.0.0.1"  # default: no proxy trusted
    settings.AUDIT_TRUSTED_PROXY_COUNT = 1
    client.post(reverse("organisasi:unit_create"), {**data, "kode": "P.2"}, **headers)
    assert rows_for(UnitKerja.objects.get(kode="P.2"))[0].ip == "198.51.100.5"  # not the client-written 1.2.3.4


def test_audit_rows_cannot_be_changed_or_removed(world: World) -> None:
    row = CatatanAudit.objects.latest("pk")
    row.label = "palsu"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        CatatanAudit.objects.filter(pk=row.pk).update(label="palsu")
    with pytest.raises(AppendOnlyError):
        CatatanAudit.objects.all().delete()


def test_every_audited_model_has_valid_subject_paths() -> None:
    from django.apps import apps

    audited = {m._meta.label_lower for m in apps.get_models() if is_audited(m)}
    assert audited == set(SUBJECT_PATHS)
    for label, paths in SUBJECT_PATHS.items():
        wanted = [p for p in paths if p]
        if wanted:
            list(apps.get_model(label)._base_manager.values_list(*wanted)[:1])  # a wrong path raises FieldError
