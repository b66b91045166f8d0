"""A BKD operator's 5,000 pegawai: validated and applied with a bounded number of queries; and the
generated instansi that `manage.py bench_import` measures at 100,000 (docs/performance.md)."""

from __future__ import annotations

import csv
import io
import time

import pytest
from django.core.files.base import ContentFile

from accounts.models import User
from audit.models import CatatanAudit
from audit.rantai import verify_chain
from bench.impor import Timer, run_import, synthetic_import_files
from organisasi.models import ImportJob, Pegawai
from organisasi.services.impor import import_job_apply, import_job_create, import_job_validate
from tests.conftest import World

from .test_import_support import import_setup, nip, pegawai_csv, pegawai_row

pytestmark = pytest.mark.django_db

ROWS = 5000
# 45 for the import itself, + 45 for its audit rows: per batch of up to 5,000 new rows (accounts,
# then each level of the atasan tree) the chain-head lock, the insert and the head update, and for
# accounts one query for their pegawai/instansi (measured: 77 on SQLite, 53 on PostgreSQL, whose
# COPY is not counted; 113 before the COPY and batching changes).
MAX_QUERIES = 45 + 45
MAX_SECONDS = 20  # typically 2–4 s; generous for slow CI machines


def big_file() -> bytes:
    rows = []
    for i in range(ROWS):
        atasan = nip(i // 10) if i else ""  # a tree ten wide, deepest about four levels
        golongan = ("III/a", "III/b", "III/c", "IV/a")[i % 4]
        unit = "U-1" if i % 2 else "U-2"
        rows.append(
            pegawai_row(nip(i), NAMA=f"Pegawai Nomor {i}", GOL_RUANG=golongan, KODE_UNOR=unit, NIP_ATASAN=atasan)
        )
    return pegawai_csv(rows)


def test_5000_pegawai_validate_and_apply_in_bounded_queries(world: World, django_assert_max_num_queries) -> None:
    import_setup(world.instansi)
    data = big_file()
    started = time.monotonic()
    with django_assert_max_num_queries(MAX_QUERIES):
        job = import_job_create(
            instansi=world.instansi, jenis="pegawai", file=ContentFile(data, name="5000.csv"), diunggah_oleh=None
        )
        import_job_validate(job=job)
        assert job.status == ImportJob.Status.TERVALIDASI, job.laporan["galat"][:3]
        import_job_apply(job=job)
    elapsed = time.monotonic() - started
    assert job.status == ImportJob.Status.DITERAPKAN, job.pesan_galat
    assert job.laporan["hasil"]["dibuat"] == ROWS
    assert elapsed < MAX_SECONDS, f"{elapsed:.1f} s"
    assert Pegawai.objects.filter(instansi=world.instansi, nip__in=[nip(i) for i in range(ROWS)]).count() == ROWS
    assert Pegawai.objects.get(nip=nip(4321)).atasan.nip == nip(432)
    assert User.objects.filter(username=nip(4999), pegawai__nip=nip(4999)).exists()

    # The same file again: still bounded, and nothing changes.
    with django_assert_max_num_queries(MAX_QUERIES):
        again = import_job_create(
            instansi=world.instansi, jenis="pegawai", file=ContentFile(data, name="5000.csv"), diunggah_oleh=None
        )
        import_job_validate(job=again)
        import_job_apply(job=again)
    assert again.laporan["hasil"]["dibuat"] == again.laporan["hasil"]["diubah"] == 0


SYNTHETIC_ROWS = 5000


def test_synthetic_instansi_imported_in_the_real_order(world: World) -> None:
    """The measured import (`manage.py bench_import`, docs/performance.md) at test size: unit kerja,
    then jabatan, then pegawai from one generated SIASN-like instansi (atasan tree spans 5–15,
    atasan often later in the file), every account and every audit row, the chain intact; the same
    pegawai file again changes nothing."""
    files = synthetic_import_files(SYNTHETIC_ROWS, seed=7)
    last_audit_pk = CatatanAudit.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    users_before = User.objects.count()
    timer = Timer()
    started = time.monotonic()
    for jenis, data in files.by_jenis():
        job = run_import(instansi=world.instansi, jenis=jenis, data=data, timer=timer, label=jenis)
        assert job.status == ImportJob.Status.DITERAPKAN, job.pesan_galat
    elapsed = time.monotonic() - started
    assert job.laporan["hasil"]["dibuat"] == job.laporan["hasil"]["akun_dibuat"] == SYNTHETIC_ROWS
    assert elapsed < MAX_SECONDS, f"{elapsed:.1f} s"
    # Every pegawai of the file with the atasan, unit, jabatan and golongan the file gives.
    rows = list(csv.DictReader(io.StringIO(files.pegawai.decode()), delimiter=";"))
    imported = {
        p.nip: p
        for p in Pegawai.objects.filter(instansi=world.instansi, nip__in=[r["NIP_BARU"] for r in rows]).select_related(
            "atasan", "unit_kerja", "jabatan", "golongan", "user"
        )
    }
    assert len(imported) == SYNTHETIC_ROWS
    for row in rows:
        pegawai = imported[row["NIP_BARU"]]
        assert (pegawai.atasan.nip if pegawai.atasan else "") == row["NIP_ATASAN"]
        assert (pegawai.unit_kerja.kode, pegawai.jabatan.kode, pegawai.golongan.kode, pegawai.status) == (
            row["KODE_UNOR"],
            row["KODE_JABATAN"],
            row["GOL_RUANG"],
            row["STATUS_PEGAWAI"],
        )
        assert pegawai.user.username == pegawai.nip and not pegawai.user.has_usable_password()
    assert User.objects.count() == users_before + SYNTHETIC_ROWS
    # One audit row for every pegawai and every account created, about that pegawai; the chain intact.
    created = CatatanAudit.objects.filter(pk__gt=last_audit_pk, aksi="create")
    assert created.filter(model="organisasi.pegawai", instansi=world.instansi).count() == SYNTHETIC_ROWS
    assert set(created.filter(model="organisasi.pegawai").values_list("pegawai_id", flat=True)) == {
        p.pk for p in imported.values()
    }
    assert set(created.filter(model="accounts.user").values_list("objek_pk", flat=True)) == {
        str(p.user_id) for p in imported.values()
    }
    assert verify_chain() == (CatatanAudit.objects.count(), None)

    data_rows = CatatanAudit.objects.exclude(model="organisasi.importjob")
    before = data_rows.count()
    again = run_import(instansi=world.instansi, jenis="pegawai", data=files.pegawai, timer=timer, label="again")
    assert again.laporan["hasil"]["dibuat"] == again.laporan["hasil"]["diubah"] == 0
    assert data_rows.count() == before  # only the job itself was recorded
