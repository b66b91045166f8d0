"""A BKD operator's 5,000 pegawai: validated and applied with a bounded number of queries."""

from __future__ import annotations

import time

import pytest
from django.core.files.base import ContentFile

from accounts.models import User
from organisasi.models import ImportJob, Pegawai
from organisasi.services.impor import import_job_apply, import_job_create, import_job_validate
from tests.conftest import World

from .test_import_support import import_setup, nip, pegawai_csv, pegawai_row

pytestmark = pytest.mark.django_db

ROWS = 5000
# 60 for the import itself, + 60 for its audit rows: per written batch one query for the rows'
# pegawai/instansi, the chain-head lock, the bulk insert and the head update (still bounded).
MAX_QUERIES = 60 + 60
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
