"""Bulk print at size: 200 SKP complete with progress reported; ~20 real SKP PDFs, timed."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from dokumen import services
from dokumen.models import CetakMassal
from organisasi.models import Golongan, Pegawai, UnitKerja
from perencanaan.models import AspekPerilaku, Iki, JenisFormSkp, PerilakuSkp, Rhk, Satuan, Skp, StatusSkp
from tests.dokumen.test_massal_model import TINY_PDF, laporan_of, run_job, zip_of
from tests.factories import JabatanFactory, OperatorRoleFactory, PegawaiFactory, UnitKerjaFactory, make_nip

pytestmark = pytest.mark.django_db


def build_unit(n: int, *, seed: int) -> tuple[UnitKerja, Pegawai, list[Skp]]:
    """A unit with a kepala and `n` pegawai under them, each with a set SKP for 2026 (bulk inserts)."""
    unit = UnitKerjaFactory(nama="Dinas Pendidikan")
    instansi = unit.instansi
    kepala = PegawaiFactory(instansi=instansi, unit_kerja=unit, jabatan=JabatanFactory(instansi=instansi, jpt=True))
    unit.kepala = kepala
    unit.save()
    jabatan = JabatanFactory(instansi=instansi, fungsional=True)
    golongan = Golongan.objects.get(jenis="PNS", kode="III/a")
    pegawai = Pegawai.objects.bulk_create(
        Pegawai(
            instansi=instansi,
            nip=make_nip(seed + i),
            nama=f"Guru {i:03d}",
            status=Pegawai.Status.PNS,
            golongan=golongan,
            jabatan=jabatan,
            unit_kerja=unit,
            atasan=kepala,
        )
        for i in range(n)
    )
    now = timezone.now()
    skps = Skp.objects.bulk_create(
        Skp(
            pegawai=p,
            jabatan=jabatan,
            unit_kerja=unit,
            pejabat_penilai=kepala,
            periode_mulai=dt.date(2026, 1, 1),
            periode_selesai=dt.date(2026, 12, 31),
            pendekatan="kuantitatif",
            jenis_form=JenisFormSkp.JAJF,
            status=StatusSkp.DITETAPKAN,
            ditetapkan_pada=now,
        )
        for p in pegawai
    )
    return unit, kepala, skps


def test_200_skp_complete_with_progress_reported(
    db: None, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    unit, kepala, _skps = build_unit(200, seed=700_000)
    operator = PegawaiFactory(instansi=unit.instansi, unit_kerja=None)
    OperatorRoleFactory(user=operator.user, instansi=unit.instansi)
    progress: list[int] = []

    def tiny_pdf(skp: Skp) -> bytes:  # the real renderer is timed below and in test_skp_pdf
        progress.append(CetakMassal.objects.values_list("selesai_count", flat=True).get())
        return TINY_PDF

    monkeypatch.setattr(services, "skp_pdf", tiny_pdf)
    started = time.perf_counter()
    job = run_job(django_capture_on_commit_callbacks, pegawai=operator, unit=unit)
    elapsed = time.perf_counter() - started

    assert (job.status, job.jumlah, job.selesai_count, job.gagal_count) == ("selesai", 201, 200, 1)
    assert progress == list(range(200))  # every document saw the one before it counted
    names = zip_of(job).namelist()
    assert len(names) == 201 and len(set(names)) == 201
    assert all(name.startswith("SKP_") and name.endswith("_01-01-2026_31-12-2026.pdf") for name in names[:-1])
    assert kepala.nip in laporan_of(job)  # the kepala's own SKP was never made
    assert elapsed < 60, elapsed


def _real_skp(skp: Skp, satuan: Satuan, aspek: list[AspekPerilaku]) -> None:
    for r in range(3):
        rhk = Rhk.objects.create(skp=skp, jenis="utama", teks=f"Terlaksananya pembelajaran kelas {r + 1} yang bermutu")
        for i in range(2):
            Iki.objects.create(
                rhk=rhk,
                teks=f"Persentase peserta didik yang tuntas {i + 1}",
                aspek="kuantitas",
                target_min=Decimal(85),
                satuan=satuan,
                urutan=i,
            )
    PerilakuSkp.objects.bulk_create(PerilakuSkp(skp=skp, aspek=a) for a in aspek)


def test_20_real_skp_pdfs_timed(db: None, django_capture_on_commit_callbacks: Any) -> None:
    unit, kepala, skps = build_unit(20, seed=800_000)
    satuan = Satuan.objects.get(nama="Persen (%)")
    aspek = list(AspekPerilaku.objects.order_by("urutan"))
    for skp in skps:
        _real_skp(skp, satuan, aspek)
    started = time.perf_counter()
    job = run_job(django_capture_on_commit_callbacks, pegawai=kepala, unit=unit)
    elapsed = time.perf_counter() - started

    assert (job.status, job.selesai_count, job.gagal_count) == ("selesai", 20, 1)
    archive = zip_of(job)
    assert all(archive.read(name).startswith(b"%PDF") for name in archive.namelist() if name.endswith(".pdf"))
    print(f"\nBulk print of 20 real SKP PDFs: {elapsed:.2f} s ({elapsed / 20:.2f} s per SKP)")
    assert elapsed < 60, elapsed  # generous; the figure is reported in the README
