"""Pegawai sync from another system (SIASN-style, through the integration API): rows that are
already parsed instead of a file, checked and applied by the very importer of the file import
(`organisasi.importer.PegawaiImporter`), all-or-nothing in one transaction.

A dry run validates and reports without writing. Syncs of one instansi run one at a time (the
instansi row is locked), and never while a file import of that instansi is being applied.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..importer import PEGAWAI, Plan, Progress, Table, make_importer, real_sqlite_parameter_limit
from ..importer.columns import COLUMNS
from ..importer.reading import CellValue, Row
from ..models import ImportJob, Instansi
from .impor import ImportJobError

PEGAWAI_FIELDS = frozenset(c.field for c in COLUMNS[PEGAWAI])
REQUIRED_FIELDS = frozenset(c.field for c in COLUMNS[PEGAWAI] if c.required)


@dataclass
class SyncOutcome:
    plan: Plan
    applied: bool
    hasil: dict[str, int] | None

    def report(self) -> dict[str, Any]:
        return self.plan.report()


def _table(rows: Sequence[Mapping[str, CellValue]], fields: frozenset[str]) -> Table:
    """Rows numbered from 1 in the order sent; `fields` are the columns the caller sent at all, so
    an optional field nobody sent keeps its stored value, as an absent column of a file does."""
    unknown = fields - PEGAWAI_FIELDS
    if unknown:
        raise ValueError(f"unknown pegawai fields: {sorted(unknown)}")
    present = fields | REQUIRED_FIELDS
    return Table(
        jenis=PEGAWAI,
        format="api",
        headers={f: f for f in present},
        rows=[Row(number=i, values={f: row.get(f) for f in present}) for i, row in enumerate(rows, start=1)],
    )


def pegawai_sync(
    *, instansi: Instansi, rows: Sequence[Mapping[str, CellValue]], fields: frozenset[str], dry_run: bool
) -> SyncOutcome:
    """Upsert the pegawai of the instansi by NIP. With any bad row nothing is written and the plan
    lists every error; otherwise (and unless dry_run) every row is applied in bulk."""
    table = _table(rows, fields)
    with real_sqlite_parameter_limit(), transaction.atomic():
        Instansi.objects.select_for_update().filter(pk=instansi.pk).first()
        busy = ImportJob.objects.filter(
            instansi=instansi, status__in=[ImportJob.Status.MENUNGGU_PENERAPAN, ImportJob.Status.MENERAPKAN]
        ).exists()
        if busy and not dry_run:
            raise ImportJobError(_("Impor lain untuk instansi ini sedang diterapkan; tunggu sampai selesai."))
        importer = make_importer(instansi=instansi, table=table, progress=Progress(None))
        plan = importer.validate()
        if plan.has_errors or dry_run:
            return SyncOutcome(plan=plan, applied=False, hasil=None)
        hasil = importer.apply(now=timezone.now())
    return SyncOutcome(plan=plan, applied=True, hasil=hasil)
