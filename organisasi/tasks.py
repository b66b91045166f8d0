"""Background work of the organisasi app, run by `manage.py db_worker` (django-tasks).

Tasks take ids, never objects: arguments are stored as JSON until a worker picks them up.
Enqueue through `enqueue_*`, which waits for the surrounding transaction to commit so that the
worker finds the job row.
"""

from __future__ import annotations

import logging
from functools import partial

from django.db import transaction
from django_tasks import task

from accounts.models import User

from .models import ImportJob
from .services.impor import ImportJobError, import_job_apply, import_job_validate

logger = logging.getLogger(__name__)


@task()
def validate_import_job(job_id: int) -> str:
    job = ImportJob.objects.select_related("instansi").filter(pk=job_id).first()
    if job is None:
        return "hilang"
    try:
        import_job_validate(job=job)
    except ImportJobError as error:
        logger.warning("Import job %s not validated: %s", job_id, error.message)
    return job.status


@task()
def apply_import_job(job_id: int, user_id: int | None = None) -> str:
    job = ImportJob.objects.select_related("instansi").filter(pk=job_id).first()
    if job is None:
        return "hilang"
    user = User.objects.filter(pk=user_id).first() if user_id is not None else None
    try:
        import_job_apply(job=job, user=user)
    except ImportJobError as error:
        logger.warning("Import job %s not applied: %s", job_id, error.message)
    return job.status


def enqueue_import_validation(job_id: int) -> None:
    transaction.on_commit(partial(validate_import_job.enqueue, job_id))


def enqueue_import_apply(job_id: int, user_id: int | None) -> None:
    transaction.on_commit(partial(apply_import_job.enqueue, job_id, user_id))
