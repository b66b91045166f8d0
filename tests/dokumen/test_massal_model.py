"""Bulk print: the job's progress and time-out rules, and the helpers the other bulk-print tests share.

The `kinerja` world: unit BKD (headed by the JPT) with bidang (headed by the kabid) below it. In
2026 the kabid, the staf and staf2 have an SKP in force; the JPT's SKP is a draft; the operator
and the outsider have none.
"""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dokumen.models import BATAS_MACET, CetakMassal
from dokumen.services import cetak_massal_create
from organisasi.models import Pegawai, UnitKerja
from tests.conftest import login
from tests.factories import UserFactory
from tests.kinerja_world import Kinerja

pytestmark = pytest.mark.django_db

TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def skp_name(pegawai: Pegawai) -> str:
    return f"SKP_{pegawai.nip}_01-01-2026_31-12-2026.pdf"


def zip_of(job: CetakMassal) -> zipfile.ZipFile:
    job.refresh_from_db()
    with job.berkas.open("rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read()))


def laporan_of(job: CetakMassal) -> str:
    return zip_of(job).read("LAPORAN.txt").decode("utf-8")


def run_job(
    captured: object, *, pegawai: Pegawai, unit: UnitKerja, tahun: int = 2026, jenis: str = "skp"
) -> CetakMassal:
    """Create a job and run it inline (ImmediateBackend) once the transaction commits."""
    assert pegawai.user is not None
    with captured(execute=True):  # type: ignore[operator]
        job = cetak_massal_create(user=pegawai.user, unit=unit, tahun=tahun, jenis=jenis)
    job.refresh_from_db()
    return job


def make_job(kinerja: Kinerja, **fields: object) -> CetakMassal:
    plan = kinerja.plan
    defaults: dict[str, object] = {
        "dibuat_oleh": plan.operator.user,
        "instansi": plan.unit.instansi,
        "unit": plan.unit,
        "tahun": 2026,
    }
    defaults.update(fields)
    return CetakMassal.objects.create(**defaults)


# --- The model's rules ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "jumlah", "selesai", "gagal", "persen"),
    [
        ("antri", 0, 0, 0, 0),
        ("berjalan", 0, 0, 0, 0),
        ("berjalan", 200, 0, 0, 0),
        ("berjalan", 200, 50, 0, 25),
        ("berjalan", 200, 99, 1, 50),
        ("berjalan", 3, 1, 0, 33),
        ("berjalan", 3, 3, 1, 100),  # never above 100
        ("selesai", 6, 3, 3, 100),
        ("selesai", 0, 0, 0, 100),  # a unit without pegawai: done
        ("gagal", 10, 4, 0, 40),
    ],
)
def test_persen(status: str, jumlah: int, selesai: int, gagal: int, persen: int) -> None:
    job = CetakMassal(status=status, jumlah=jumlah, selesai_count=selesai, gagal_count=gagal)
    assert job.persen == persen
    assert job.diproses == selesai + gagal


@pytest.mark.parametrize(
    ("status", "diam", "macet"),
    [
        ("antri", timedelta(minutes=5), False),
        ("antri", BATAS_MACET + timedelta(seconds=1), True),
        ("berjalan", timedelta(minutes=59), False),
        ("berjalan", BATAS_MACET + timedelta(minutes=1), True),
        ("selesai", timedelta(days=3), False),
        ("gagal", timedelta(days=3), False),
    ],
)
def test_macet_after_an_hour_without_progress(status: str, diam: timedelta, macet: bool) -> None:
    now = timezone.now()
    job = CetakMassal(status=status, diperbarui_pada=now - diam)
    assert job.is_macet(now) is macet
    assert job.is_berjalan(now) is (status in ("antri", "berjalan") and not macet)


def test_admin_reads_jobs_read_only(kinerja: Kinerja) -> None:
    job = make_job(kinerja, status="selesai", jumlah=6, selesai_count=3, gagal_count=3)
    client = login(Client(), UserFactory(is_superuser=True, is_staff=True))
    assert client.get(reverse("admin:dokumen_cetakmassal_changelist"), {"q": "a"}).status_code == 200
    change = client.get(reverse("admin:dokumen_cetakmassal_change", args=[job.pk]))
    assert change.status_code == 200
    assert b'name="status"' not in change.content  # nothing editable
    assert client.get(reverse("admin:dokumen_cetakmassal_add")).status_code == 403
