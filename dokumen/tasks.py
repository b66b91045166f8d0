"""Background work of the dokumen app, run by `manage.py db_worker` (django-tasks).

Tasks take ids, never objects: arguments are stored as JSON until a worker picks them up.
`enqueue_cetak_massal` waits for the surrounding transaction to commit so that the worker finds
the job row.
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django_tasks import task

from .services import cetak_massal_build


@task()
def cetak_massal_run(job_id: int) -> str:
    """Build the ZIP of a bulk print; the outcome is on the job (status, counts, message, file)."""
    job = cetak_massal_build(job_id=job_id)
    return job.status if job is not None else "hilang"


def enqueue_cetak_massal(job_id: int) -> None:
    transaction.on_commit(partial(cetak_massal_run.enqueue, job_id))
