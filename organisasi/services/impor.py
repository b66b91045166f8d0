"""Import jobs: upload → validate (dry run) → apply, an explicit state machine (SPEC §3, issue 6).

    menunggu_validasi → memvalidasi → tervalidasi | ditolak | gagal
    tervalidasi → menunggu_penerapan → menerapkan → diterapkan | gagal

Each transition is a conditional UPDATE on the current status, so two workers (or a double
click) cannot both move a job. Validation and apply never raise for bad data: the outcome is
the job's status, report (`laporan`) and message (`pesan_galat`). An illegal move raises
ImportJobError, whose message is for the user.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from ..importer import ImportFileError, Plan, Progress, make_importer, read_table, real_sqlite_parameter_limit
from ..importer.progress import MEMBACA, clear_progress
from ..importer.reading import check_size
from ..models import ImportJob, Instansi

logger = logging.getLogger(__name__)

Status = ImportJob.Status

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.MENUNGGU_VALIDASI: frozenset({Status.MEMVALIDASI}),
    Status.MEMVALIDASI: frozenset({Status.TERVALIDASI, Status.DITOLAK, Status.GAGAL}),
    Status.TERVALIDASI: frozenset({Status.MENUNGGU_PENERAPAN}),
    Status.MENUNGGU_PENERAPAN: frozenset({Status.MENERAPKAN}),
    Status.MENERAPKAN: frozenset({Status.DITERAPKAN, Status.GAGAL}),
}
RUNNING = frozenset({Status.MENUNGGU_VALIDASI, Status.MEMVALIDASI, Status.MENUNGGU_PENERAPAN, Status.MENERAPKAN})
FINISHED = frozenset({Status.TERVALIDASI, Status.DITOLAK, Status.DITERAPKAN, Status.GAGAL})


class ImportJobError(Exception):
    """An import step that is not allowed now; the message is for the user, in Indonesian."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _DataChangedError(Exception):
    """Raised inside the apply transaction when re-validation finds errors: roll back."""

    def __init__(self, plan: Plan) -> None:
        super().__init__("re-validation found errors")
        self.plan = plan


def _refusal(job: ImportJob, target: str) -> str:
    status = job.status
    if target in (Status.MENUNGGU_PENERAPAN, Status.MENERAPKAN):
        if status == Status.DITOLAK:
            return _(
                "Impor ini tidak dapat diterapkan karena masih ada baris yang salah. Perbaiki berkas lalu unggah ulang."
            )
        if status == Status.DITERAPKAN:
            return _("Impor ini sudah diterapkan.")
        if status in (Status.MENUNGGU_VALIDASI, Status.MEMVALIDASI):
            return _("Impor ini belum selesai divalidasi.")
        if status in (Status.MENUNGGU_PENERAPAN, Status.MENERAPKAN):
            return _("Impor ini sedang diterapkan.")
        if status == Status.GAGAL:
            return _("Impor ini gagal; unggah ulang berkasnya untuk mencoba lagi.")
    if target == Status.MEMVALIDASI:
        return _("Impor ini sudah divalidasi.")
    return _("Status impor tidak dapat diubah dari “%(from)s” menjadi “%(to)s”.") % {
        "from": job.get_status_display(),
        "to": Status(target).label,
    }


def _transition(job: ImportJob, target: str, **fields: Any) -> None:
    if target not in TRANSITIONS.get(job.status, frozenset()):
        raise ImportJobError(_refusal(job, target))
    now = timezone.now()
    moved = ImportJob.objects.filter(pk=job.pk, status=job.status).update(status=target, updated_at=now, **fields)
    if not moved:
        job.refresh_from_db(fields=["status"])
        raise ImportJobError(
            _("Status impor ini baru saja berubah menjadi “%(status)s”. Muat ulang halaman.")
            % {"status": job.get_status_display()}
        )
    job.status = target
    job.updated_at = now
    for name, value in fields.items():
        setattr(job, name, value)


def _job_content(job: ImportJob) -> bytes:
    try:
        with job.file.open("rb") as handle:
            data = handle.read()
    except (OSError, ValueError):
        raise ImportFileError(_("Berkas unggahan tidak ditemukan lagi di server; unggah ulang.")) from None
    return bytes(data)


def import_job_create(
    *, instansi: Instansi, jenis: str, file: File[Any], nama_berkas: str = "", diunggah_oleh: User | None
) -> ImportJob:
    """Store an uploaded file as a job waiting for validation, after a quick check of its shape.

    Raises ImportJobError for a file that cannot be imported at all (type, size, columns).
    """
    if jenis not in ImportJob.Jenis.values:
        raise ImportJobError(_("Jenis data tidak dikenal; pilih unit kerja, jabatan atau pegawai."))
    file.seek(0)
    data = bytes(file.read())
    nama = os.path.basename(nama_berkas or file.name or "impor")[:255]
    try:
        check_size(len(data))
        read_table(data, jenis, header_only=True)
    except ImportFileError as error:
        raise ImportJobError(error.message) from None
    job = ImportJob(instansi=instansi, jenis=jenis, nama_berkas=nama, diunggah_oleh=diunggah_oleh)
    with transaction.atomic():
        job.file.save(nama, ContentFile(data), save=False)
        job.save()
    return job


def import_job_validate(*, job: ImportJob) -> ImportJob:
    """The dry run: every bad row and every change, in `job.laporan`; status tervalidasi or ditolak."""
    _transition(job, Status.MEMVALIDASI)
    try:
        _validate(job)
    finally:
        clear_progress(job.pk)
    return job


def _validate(job: ImportJob) -> None:
    progress = Progress(job.pk)
    try:
        progress.start(MEMBACA, 0)
        table = read_table(_job_content(job), job.jenis)
        with real_sqlite_parameter_limit():
            plan = make_importer(instansi=job.instansi, table=table, progress=progress).validate()
    except ImportFileError as error:
        laporan = {"jenis": job.jenis, "galat_berkas": error.message}
        _transition(job, Status.DITOLAK, pesan_galat=error.message, laporan=laporan)
        return
    except Exception as error:
        logger.exception("Validation of import job %s failed", job.pk)
        _transition(job, Status.GAGAL, pesan_galat=_unexpected(error))
        return
    if plan.has_errors:
        message = _("%(count)d baris salah. Perbaiki berkas sesuai daftar di bawah, lalu unggah ulang.") % {
            "count": len(plan.errors)
        }
        _transition(job, Status.DITOLAK, laporan=plan.report(), total_baris=plan.total_rows, pesan_galat=message)
    else:
        _transition(job, Status.TERVALIDASI, laporan=plan.report(), total_baris=plan.total_rows, pesan_galat="")


@transaction.atomic
def import_job_schedule_apply(*, job: ImportJob, user: User | None) -> ImportJob:
    """Accept a validated job for applying (the worker then runs `import_job_apply`)."""
    if job.status == Status.TERVALIDASI:
        busy = (
            ImportJob.objects.filter(
                instansi_id=job.instansi_id, status__in=[Status.MENUNGGU_PENERAPAN, Status.MENERAPKAN]
            )
            .exclude(pk=job.pk)
            .exists()
        )
        if busy:
            raise ImportJobError(_("Impor lain untuk instansi ini sedang diterapkan; tunggu sampai selesai."))
    _transition(job, Status.MENUNGGU_PENERAPAN, diterapkan_oleh=user)
    return job


def import_job_apply(*, job: ImportJob, user: User | None = None) -> ImportJob:
    """Apply a validated job all-or-nothing: re-validate against today's data, then write in bulk.

    A job still `tervalidasi` (the management command) is scheduled first. Any failure rolls
    everything back and leaves the job `gagal` with a message.
    """
    if job.status == Status.TERVALIDASI:
        import_job_schedule_apply(job=job, user=user)
    _transition(job, Status.MENERAPKAN)
    try:
        _apply(job)
    finally:
        clear_progress(job.pk)
    return job


def _apply(job: ImportJob) -> None:
    progress = Progress(job.pk)
    try:
        progress.start(MEMBACA, 0)
        table = read_table(_job_content(job), job.jenis)
        with real_sqlite_parameter_limit(), transaction.atomic():
            importer = make_importer(instansi=job.instansi, table=table, progress=progress)
            plan = importer.validate()
            if plan.has_errors:
                raise _DataChangedError(plan)
            now = timezone.now()
            hasil = importer.apply(now=now)
            laporan = {**plan.report(), "hasil": hasil}
            # In the same transaction: the data and "diterapkan" become visible together.
            _transition(job, Status.DITERAPKAN, laporan=laporan, total_baris=plan.total_rows, diterapkan_pada=now)
    except _DataChangedError as changed:
        message = _(
            "Data instansi berubah sejak validasi sehingga %(count)d baris kini salah. "
            "Tidak ada data yang diubah; perbaiki berkas lalu unggah ulang."
        ) % {"count": len(changed.plan.errors)}
        _transition(job, Status.GAGAL, laporan=changed.plan.report(), pesan_galat=message)
    except ImportFileError as error:
        _transition(job, Status.GAGAL, pesan_galat=error.message)
    except Exception as error:
        logger.exception("Applying import job %s failed", job.pk)
        # The transaction is rolled back, including the job's own move to "diterapkan" (a failed
        # commit comes after it), so forget what that move set in memory.
        job.refresh_from_db()
        _transition(job, Status.GAGAL, pesan_galat=_unexpected(error))


def _unexpected(error: Exception) -> str:
    detail = f"{type(error).__name__}: {error}"[:300]
    return _(
        "Terjadi kesalahan tak terduga; seluruh perubahan dibatalkan dan tidak ada data yang berubah. "
        "Rincian teknis untuk admin: %(detail)s"
    ) % {"detail": detail}
