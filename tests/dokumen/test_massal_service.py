"""Bulk print services: `cetak_massal_create` (validation, scope) and the task building the ZIP."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone

from dokumen import services
from dokumen.models import CetakMassal
from dokumen.services import cetak_massal_build, cetak_massal_create
from dokumen.tasks import cetak_massal_run
from organisasi.models import Pegawai
from perencanaan.models import Skp, StatusSkp
from tests.dokumen.conftest import pdf_text
from tests.dokumen.test_massal_model import TINY_PDF, laporan_of, make_job, run_job, skp_name, zip_of
from tests.factories import PegawaiFactory, UserFactory
from tests.kinerja_world import Kinerja

pytestmark = pytest.mark.django_db


# --- Validation and scope ---------------------------------------------------------------------------


def test_operator_job_is_queued_and_enqueued_on_commit(
    kinerja: Kinerja, django_capture_on_commit_callbacks: Any
) -> None:
    plan = kinerja.plan
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = cetak_massal_create(user=plan.operator.user, unit=plan.unit, tahun=2026, jenis="skp")
    assert job.status == "antri"
    assert (job.instansi_id, job.unit_id, job.tahun, job.jenis) == (plan.unit.instansi_id, plan.unit.pk, 2026, "skp")
    assert job.dibuat_oleh == plan.operator.user
    assert len(callbacks) == 1  # the worker is told only once the job row is committed


@pytest.mark.parametrize(
    ("who", "unit", "allowed"),
    [
        ("operator", "unit", True),
        ("operator", "bidang", True),
        ("jpt", "unit", True),  # heads the BKD: the BKD and everything below
        ("jpt", "bidang", True),
        ("kabid", "bidang", True),
        ("kabid", "unit", False),  # the unit above the one they head
        ("staf", "bidang", False),  # leads nothing, no operator
        ("stranger", "bidang", False),  # another instansi
    ],
)
def test_unit_must_be_in_the_users_scope(kinerja: Kinerja, who: str, unit: str, allowed: bool) -> None:
    plan = kinerja.plan
    pegawai: Pegawai = getattr(plan, who)
    assert pegawai.user is not None
    if allowed:
        assert cetak_massal_create(user=pegawai.user, unit=getattr(plan, unit), tahun=2026, jenis="skp").pk
    else:
        with pytest.raises(ValidationError) as raised:
            cetak_massal_create(user=pegawai.user, unit=getattr(plan, unit), tahun=2026, jenis="skp")
        assert raised.value.message_dict == {"unit": ["Unit kerja ini di luar wewenang Anda."]}
        assert not CetakMassal.objects.exists()


def test_admin_may_print_any_unit(kinerja: Kinerja) -> None:
    admin = UserFactory(is_superuser=True, is_staff=True)
    job = cetak_massal_create(user=admin, unit=kinerja.plan.bidang, tahun=2026, jenis="skp")
    assert job.instansi_id == kinerja.plan.bidang.instansi_id


@pytest.mark.parametrize(
    ("tahun", "jenis", "fields"),
    [
        (1999, "skp", {"tahun"}),
        (timezone.localdate().year + 2, "skp", {"tahun"}),
        (2026, "evaluasi", {"periode"}),  # without its period
        (2026, "dokumen", {"jenis"}),
        (2026, "", {"jenis"}),
        (0, "xlsx", {"tahun", "jenis"}),
    ],
)
def test_bad_input_is_refused_with_a_message_per_field(
    kinerja: Kinerja, tahun: int, jenis: str, fields: set[str]
) -> None:
    plan = kinerja.plan
    with pytest.raises(ValidationError) as raised:
        cetak_massal_create(user=plan.operator.user, unit=plan.unit, tahun=tahun, jenis=jenis)
    assert set(raised.value.message_dict) == fields
    assert not CetakMassal.objects.exists()


def test_same_request_while_running_returns_the_running_job(kinerja: Kinerja) -> None:
    plan = kinerja.plan
    first = cetak_massal_create(user=plan.operator.user, unit=plan.unit, tahun=2026, jenis="skp")
    again = cetak_massal_create(user=plan.operator.user, unit=plan.unit, tahun=2026, jenis="skp")
    assert again.pk == first.pk
    other_unit = cetak_massal_create(user=plan.operator.user, unit=plan.bidang, tahun=2026, jenis="skp")
    assert other_unit.pk != first.pk
    # A job stuck for over an hour does not block a new one.
    CetakMassal.objects.filter(pk=first.pk).update(diperbarui_pada=timezone.now() - dt.timedelta(hours=2))
    fresh = cetak_massal_create(user=plan.operator.user, unit=plan.unit, tahun=2026, jenis="skp")
    assert fresh.pk not in (first.pk, other_unit.pk)


# --- The task: the ZIP -----------------------------------------------------------------------------


def test_zip_holds_every_skp_in_force_and_a_report_of_the_rest(
    kinerja: Kinerja, django_capture_on_commit_callbacks: Any
) -> None:
    plan = kinerja.plan
    job = run_job(django_capture_on_commit_callbacks, pegawai=plan.operator, unit=plan.unit)

    assert job.status == "selesai"
    assert (job.jumlah, job.selesai_count, job.gagal_count) == (6, 3, 3)
    assert job.mulai_pada is not None and job.selesai_pada is not None
    assert job.berkas.name.startswith("cetak-massal/")
    archive = zip_of(job)
    assert archive.testzip() is None
    assert sorted(archive.namelist()) == sorted(
        [skp_name(plan.kabid), skp_name(plan.staf), skp_name(plan.staf2), "LAPORAN.txt"]
    )
    staf_pdf = archive.read(skp_name(plan.staf))
    assert staf_pdf.startswith(b"%PDF")
    text = pdf_text(staf_pdf)
    assert "SASARAN KINERJA PEGAWAI" in text and plan.staf.nip in text

    laporan = laporan_of(job)
    assert laporan.startswith("LAPORAN CETAK MASSAL SKP\r\n")
    assert f"Unit kerja: {plan.unit.nama} beserta sub-unitnya" in laporan
    assert "Tahun: 2026" in laporan
    assert "Dokumen dibuat: 3" in laporan
    assert "Dokumen yang tidak dapat dibuat: 3" in laporan
    problems = [line for line in laporan.splitlines() if line[:1].isdigit()]
    assert len(problems) == 3  # one line per problem
    by_nip = {p.nip: p for p in (plan.jpt, plan.operator, plan.outsider)}
    for nip, pegawai in by_nip.items():
        [line] = [p for p in problems if nip in p]
        assert pegawai.nama_lengkap in line
    assert "SKP tahun 2026 belum ditetapkan (status: Draf)." in next(p for p in problems if plan.jpt.nip in p)
    assert "belum ada SKP tahun 2026." in next(p for p in problems if plan.outsider.nip in p)
    for printed in (plan.kabid, plan.staf, plan.staf2):
        assert printed.nip not in laporan


def test_a_leader_prints_only_their_unit_and_below(kinerja: Kinerja, django_capture_on_commit_callbacks: Any) -> None:
    plan = kinerja.plan
    job = run_job(django_capture_on_commit_callbacks, pegawai=plan.kabid, unit=plan.bidang)
    assert sorted(zip_of(job).namelist()) == sorted(
        [skp_name(plan.kabid), skp_name(plan.staf), skp_name(plan.staf2), "LAPORAN.txt"]
    )
    laporan = laporan_of(job)
    assert plan.outsider.nip in laporan
    assert plan.jpt.nip not in laporan and plan.operator.nip not in laporan  # in the BKD, above the bidang


def test_replaced_versions_and_other_years_are_not_printed(
    kinerja: Kinerja, django_capture_on_commit_callbacks: Any
) -> None:
    plan = kinerja.plan
    Skp.objects.filter(pk=kinerja.skp_kualitatif.pk).update(status=StatusSkp.DIREVISI)
    job = run_job(django_capture_on_commit_callbacks, pegawai=plan.operator, unit=plan.bidang)
    assert skp_name(plan.staf2) not in zip_of(job).namelist()
    assert plan.staf2.nip in laporan_of(job)  # only a replaced version: reported

    other_year = run_job(django_capture_on_commit_callbacks, pegawai=plan.operator, unit=plan.bidang, tahun=2025)
    assert zip_of(other_year).namelist() == ["LAPORAN.txt"]
    assert (other_year.jumlah, other_year.selesai_count, other_year.gagal_count) == (4, 0, 4)
    assert "belum ada SKP tahun 2025." in laporan_of(other_year)


def test_inactive_pegawai_without_skp_are_left_out(kinerja: Kinerja, django_capture_on_commit_callbacks: Any) -> None:
    plan = kinerja.plan
    pensiun = PegawaiFactory(instansi=plan.unit.instansi, unit_kerja=plan.bidang, aktif=False)
    Pegawai.objects.filter(pk=plan.staf.pk).update(aktif=False)  # retired after the SKP was set: printed
    job = run_job(django_capture_on_commit_callbacks, pegawai=plan.operator, unit=plan.bidang)
    assert skp_name(plan.staf) in zip_of(job).namelist()
    assert pensiun.nip not in laporan_of(job)


def test_a_render_error_is_reported_and_the_rest_is_built(
    kinerja: Kinerja, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = kinerja.plan
    real = services.skp_pdf

    def skp_pdf(skp: Skp) -> bytes:
        if skp.pegawai_id == plan.staf.pk:
            raise ValueError("tabel terlalu lebar")
        return real(skp)

    monkeypatch.setattr(services, "skp_pdf", skp_pdf)
    job = run_job(django_capture_on_commit_callbacks, pegawai=plan.operator, unit=plan.bidang)

    assert job.status == "selesai"
    assert (job.jumlah, job.selesai_count, job.gagal_count) == (4, 2, 2)
    assert sorted(zip_of(job).namelist()) == sorted([skp_name(plan.kabid), skp_name(plan.staf2), "LAPORAN.txt"])
    [line] = [line for line in laporan_of(job).splitlines() if plan.staf.nip in line]
    assert "SKP 01-01-2026 s.d. 31-12-2026 tidak dapat dibuat (ValueError: tabel terlalu lebar)." in line
    assert job.pesan == "2 dari 4 dokumen dibuat. 2 tidak dapat dibuat; rinciannya ada di LAPORAN.txt di dalam ZIP."


def test_progress_is_written_after_every_document(
    kinerja: Kinerja, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = kinerja.plan
    seen: list[tuple[str, int, int, int]] = []

    def skp_pdf(skp: Skp) -> bytes:
        # What another process (the page) reads from the database while this document is built.
        row = CetakMassal.objects.values_list("status", "jumlah", "selesai_count", "gagal_count").get()
        seen.append(row)
        return TINY_PDF

    monkeypatch.setattr(services, "skp_pdf", skp_pdf)
    job = run_job(django_capture_on_commit_callbacks, pegawai=plan.operator, unit=plan.unit)
    # Order: the BKD (jpt's draft, operator: both reported), then the bidang by name.
    assert [row[0] for row in seen] == ["berjalan"] * 3
    assert all(row[1] == 6 for row in seen)
    done = [row[2] + row[3] for row in seen]
    assert done == sorted(done) and len(set(done)) == 3  # moved between every two documents
    assert seen[0][3] >= 2  # the two pegawai of the BKD without an SKP in force came first
    assert (job.status, job.selesai_count, job.gagal_count) == ("selesai", 3, 3)


def test_a_fatal_error_fails_the_job_with_a_message_and_no_file(
    kinerja: Kinerja, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = kinerja.plan

    def broken_storage(*args: object, **kwargs: object) -> str:
        raise OSError("disk penuh")

    monkeypatch.setattr(default_storage, "save", broken_storage)
    job = run_job(django_capture_on_commit_callbacks, pegawai=plan.operator, unit=plan.unit)
    assert job.status == "gagal"
    assert not job.berkas
    assert job.selesai_pada is not None
    assert "Cetak massal gagal dan tidak menghasilkan berkas" in job.pesan
    assert "OSError: disk penuh" in job.pesan


def test_a_failure_while_listing_fails_the_job(
    kinerja: Kinerja, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(job: CetakMassal) -> list[services.Butir]:
        raise RuntimeError("basis data terputus")

    monkeypatch.setitem(services.PERENCANA, "skp", boom)
    job = run_job(django_capture_on_commit_callbacks, pegawai=kinerja.plan.operator, unit=kinerja.plan.unit)
    assert job.status == "gagal"
    assert "RuntimeError: basis data terputus" in job.pesan


def test_a_job_runs_once(kinerja: Kinerja, django_capture_on_commit_callbacks: Any) -> None:
    plan = kinerja.plan
    job = run_job(django_capture_on_commit_callbacks, pegawai=plan.operator, unit=plan.bidang)
    berkas, selesai_pada = job.berkas.name, job.selesai_pada
    again = cetak_massal_build(job_id=job.pk)  # a second worker, a retried task
    assert again is not None
    job.refresh_from_db()
    assert (job.status, job.berkas.name, job.selesai_pada) == ("selesai", berkas, selesai_pada)
    assert cetak_massal_build(job_id=10**9) is None
    assert cetak_massal_run.call(10**9) == "hilang"


def test_the_task_runs_a_queued_job(kinerja: Kinerja) -> None:
    job = make_job(kinerja, unit=kinerja.plan.bidang)
    assert cetak_massal_run.call(job.pk) == "selesai"
    job.refresh_from_db()
    assert job.selesai_count == 3
