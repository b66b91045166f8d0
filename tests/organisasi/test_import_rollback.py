"""All-or-nothing at a size where the bulk paths are taken (COPY on PostgreSQL), committed for real
outside a test transaction: a database error part-way through the apply (after accounts, audit
rows and the first levels of pegawai went in), or one that only the commit finds, leaves nothing
behind."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from accounts.models import User
from audit.models import CatatanAudit
from audit.rantai import verify_chain
from bench.impor import Timer, run_import, synthetic_import_files
from organisasi.bulk import COPY_MIN_ROWS
from organisasi.importer import pegawai as pegawai_importer
from organisasi.models import ImportJob, Pegawai
from organisasi.services.impor import import_job_apply
from tests.conftest import World

from .test_import_support import validate

ROWS = 800  # the deepest level alone is above COPY_MIN_ROWS


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_database_error_mid_apply_leaves_nothing_and_a_retry_succeeds(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = synthetic_import_files(ROWS, seed=3)
    timer = Timer()
    for jenis, data in files.by_jenis()[:2]:  # unit kerja and jabatan, committed
        run_import(instansi=world.instansi, jenis=jenis, data=data, timer=timer, label=jenis)
    job = validate(world.instansi, "pegawai", files.pegawai)
    assert job.status == ImportJob.Status.TERVALIDASI
    counts = (Pegawai.objects.count(), User.objects.count(), CatatanAudit.objects.count())
    head_before = verify_chain()

    real = pegawai_importer.bulk_create_batched
    calls: list[str] = []

    def failing(model: type[Any], objs: Sequence[Any], *args: Any, **kwargs: Any) -> None:
        calls.append(f"{model.__name__}:{len(objs)}")
        if model is Pegawai and len(objs) >= COPY_MIN_ROWS:
            # A NIP that is already taken (another instansi's pegawai), last in the batch: the
            # database refuses the row in the middle of the insert.
            objs[-1].nip = world.other_pegawai.nip
        real(model, objs, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pegawai_importer, "bulk_create_batched", failing)
    job = import_job_apply(job=job)
    assert job.status == ImportJob.Status.GAGAL, calls
    assert "IntegrityError" in job.pesan_galat and "seluruh perubahan dibatalkan" in job.pesan_galat
    # Accounts and the upper levels of pegawai had been written (with their audit rows) before the failure.
    assert calls[0] == f"User:{ROWS}" and len(calls) >= 3, calls
    assert (Pegawai.objects.count(), User.objects.count(), CatatanAudit.objects.count()) == counts
    assert not User.objects.filter(username__in=_nips(files.pegawai)).exists()
    assert verify_chain() == head_before
    job.refresh_from_db()
    assert job.status == ImportJob.Status.GAGAL and job.diterapkan_pada is None

    monkeypatch.setattr(pegawai_importer, "bulk_create_batched", real)
    again = run_import(instansi=world.instansi, jenis="pegawai", data=files.pegawai, timer=timer, label="retry")
    assert again.laporan["hasil"]["dibuat"] == ROWS
    assert Pegawai.objects.count() == counts[0] + ROWS
    assert verify_chain() == (CatatanAudit.objects.count(), None)


def _nips(data: bytes) -> list[str]:
    return [line.split(";")[0] for line in data.decode().splitlines()[1:]]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_error_found_only_at_commit_leaves_nothing_changed(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    files = synthetic_import_files(400, seed=4)
    timer = Timer()
    for jenis, data in files.by_jenis():
        run_import(instansi=world.instansi, jenis=jenis, data=data, timer=timer, label=jenis)
    names = dict(Pegawai.objects.filter(instansi=world.instansi).values_list("nip", "nama"))
    audit_count = CatatanAudit.objects.exclude(model="organisasi.importjob").count()
    upper = files.pegawai.decode().splitlines()
    upper = [upper[0], *(";".join([f[0], f[1].upper(), *f[2:]]) for f in (line.split(";") for line in upper[1:]))]
    job = validate(world.instansi, "pegawai", "\r\n".join(upper).encode())
    assert job.laporan["jumlah"]["diubah"] == 400

    real = pegawai_importer.bulk_update_changed

    def dangling(model: type[Any], items: Sequence[tuple[Any, frozenset[str]]], *args: Any, **kwargs: Any) -> None:
        if model is Pegawai:
            # A golongan that does not exist: the foreign key is checked when the transaction commits.
            obj, fields = items[-1]
            obj.golongan_id = 987654
            items = [*items[:-1], (obj, fields | {"golongan"})]
        real(model, items, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pegawai_importer, "bulk_update_changed", dangling)
    job = import_job_apply(job=job)
    assert job.status == ImportJob.Status.GAGAL
    assert "IntegrityError" in job.pesan_galat
    assert dict(Pegawai.objects.filter(instansi=world.instansi).values_list("nip", "nama")) == names
    assert CatatanAudit.objects.exclude(model="organisasi.importjob").count() == audit_count
    assert verify_chain() == (CatatanAudit.objects.count(), None)
