"""organisasi.bulk: insert_many and update_many behave as bulk_create and bulk_update (on PostgreSQL
they use COPY from COPY_MIN_ROWS rows on; these tests use more)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from audit.models import CatatanAudit
from audit.rantai import verify_chain
from bench.impor import Timer, run_import, synthetic_import_files
from organisasi.bulk import COPY_MIN_ROWS, insert_many, update_many
from organisasi.models import Pegawai
from tests.conftest import World

pytestmark = pytest.mark.django_db

N = COPY_MIN_ROWS + 100


def test_insert_many_numbers_rows_in_list_order_and_refuses_a_duplicate() -> None:
    users = [User(username=f"massal{i:04d}", first_name=f"Orang {i}", is_staff=i % 2 == 0) for i in range(N)]
    insert_many(users)
    pks = [u.pk for u in users]
    assert all(pk is not None for pk in pks) and pks == sorted(pks) and len(set(pks)) == len(pks)
    assert not any(u._state.adding for u in users)
    stored = {u.pk: u for u in User.objects.filter(pk__in=pks)}
    assert [(stored[u.pk].username, stored[u.pk].first_name, stored[u.pk].is_staff) for u in users] == [
        (u.username, u.first_name, u.is_staff) for u in users
    ]
    assert stored[pks[0]].date_joined == users[0].date_joined  # defaults applied as by bulk_create
    duplicate = [User(username=f"lain{i:04d}") for i in range(N - 1)] + [User(username="massal0007")]
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_many(duplicate)
    assert not User.objects.filter(username__startswith="lain").exists()


def test_update_many_writes_only_the_given_fields_of_the_given_rows() -> None:
    users = [User(username=f"ubah{i:04d}", first_name=f"Orang {i}", last_name="Lama") for i in range(N + 5)]
    insert_many(users)
    later = timezone.now()
    changed = []
    for user in users[:N]:
        # Only first_name and last_login are written; the other in-memory change must not reach the database.
        changed.append(User(pk=user.pk, first_name=f"BARU {user.pk}", last_login=later, last_name="Tidak ditulis"))
    update_many(changed, ["first_name", "last_login"])
    stored = {u.pk: u for u in User.objects.filter(username__startswith="ubah")}
    for user in users[:N]:
        assert (stored[user.pk].first_name, stored[user.pk].last_login, stored[user.pk].last_name) == (
            f"BARU {user.pk}",
            later,
            "Lama",
        )
    for user in users[N:]:
        assert (stored[user.pk].first_name, stored[user.pk].last_login) == (user.first_name, None)
    with pytest.raises(ValueError, match="concrete"):
        update_many(changed, ["groups"])  # a many-to-many field


def test_import_that_changes_many_rows_writes_and_records_exactly_those_changes(world: World) -> None:
    files = synthetic_import_files(N, seed=8)
    timer = Timer()
    for jenis, data in files.by_jenis():
        run_import(instansi=world.instansi, jenis=jenis, data=data, timer=timer, label=jenis)
    lines = files.pegawai.decode().splitlines()
    rows = [line.split(";") for line in lines[1:]]
    in_file = Pegawai.objects.filter(nip__in=[row[0] for row in rows]).select_related("user")
    before = {p.nip: p for p in in_file}
    last_audit = CatatanAudit.objects.order_by("-pk").values_list("pk", flat=True).first()
    for row in rows[::2]:  # every other name in capitals (NAMA is the second column)
        row[1] = row[1].upper()
    data = "\r\n".join([lines[0], *(";".join(row) for row in rows)]).encode()
    job = run_import(instansi=world.instansi, jenis="pegawai", data=data, timer=timer, label="changes")
    changed = {row[0] for row in rows[::2]}
    assert job.laporan["hasil"]["diubah"] == len(changed)
    after = {p.nip: p for p in in_file.all()}
    assert len(after) == N
    for nip, pegawai in after.items():
        old = before[nip]
        if nip in changed:
            assert pegawai.nama == old.nama.upper() == pegawai.user.first_name
            assert pegawai.updated_at > old.updated_at
        else:
            assert (pegawai.nama, pegawai.updated_at, pegawai.user.first_name) == (old.nama, old.updated_at, old.nama)
        assert (pegawai.atasan_id, pegawai.golongan_id, pegawai.unit_kerja_id) == (
            old.atasan_id,
            old.golongan_id,
            old.unit_kerja_id,
        )
    updates = CatatanAudit.objects.filter(pk__gt=last_audit, aksi="update", model="organisasi.pegawai")
    assert {(r.pegawai_id, r.instansi_id, r.changes["nama"][1]) for r in updates} == {
        (after[nip].pk, world.instansi.pk, after[nip].nama) for nip in changed
    }
    assert CatatanAudit.objects.filter(pk__gt=last_audit, aksi="update", model="accounts.user").count() == len(changed)
    assert verify_chain() == (CatatanAudit.objects.count(), None)
