"""What every importer shares: the plan of a dry run, its report, row checks, bulk writes."""

from __future__ import annotations

import sqlite3
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from django.db import connection, models
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from ..bulk import insert_many, update_many
from ..models import Instansi
from ..rules import nip_normalize
from ..signals import bulk_saved
from .columns import COLUMNS, Column
from .progress import MEMERIKSA, MENYIMPAN, Progress
from .reading import Row, Table, cell_text

T = TypeVar("T")
M = TypeVar("M", bound=models.Model)

DIBUAT = "dibuat"
DIUBAH = "diubah"
TETAP = "tetap"

# The report keeps every error, but only this many detailed changes (the counts stay exact).
MAX_CHANGES_IN_REPORT = 500
WRITE_BATCH = 1000  # rows per INSERT or UPDATE statement (bulk_create/bulk_update, SQLite)
# Rows per batch of writes and of their audit rows (one chain-head lock and, on PostgreSQL, one COPY each).
BATCH = 5000
# Above this many distinct sets of changed fields, update the union of them (same values).
MAX_UPDATE_GROUPS = 12
MAX_CHAIN_SHOWN = 12


@dataclass(frozen=True)
class FieldChange:
    column: str  # the header the user knows (e.g. GOL_RUANG)
    old: str
    new: str


@dataclass
class RowOutcome:
    number: int
    key: str  # kode or NIP
    label: str  # nama
    action: str  # DIBUAT / DIUBAH / TETAP
    changes: list[FieldChange] = field(default_factory=list)


@dataclass
class Plan:
    """The outcome of a dry run: errors per row, and what applying would do to each good row."""

    jenis: str
    total_rows: int
    ignored_headers: list[str]
    errors: dict[int, list[str]] = field(default_factory=dict)  # row number → reasons
    error_keys: dict[int, str] = field(default_factory=dict)  # row number → NIP/kode as written
    outcomes: list[RowOutcome] = field(default_factory=list)
    payload: Any = None  # importer-specific data for the apply step

    def add_error(self, row: int, message: str, *, key: str = "") -> None:
        self.errors.setdefault(row, []).append(message)
        if key and row not in self.error_keys:
            self.error_keys[row] = key

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    def count(self, action: str) -> int:
        return sum(1 for o in self.outcomes if o.action == action)

    def report(self) -> dict[str, Any]:
        """JSON stored in ImportJob.laporan."""
        changed = [o for o in self.outcomes if o.action != TETAP]
        return {
            "jenis": self.jenis,
            "total_baris": self.total_rows,
            "jumlah": {
                DIBUAT: self.count(DIBUAT),
                DIUBAH: self.count(DIUBAH),
                TETAP: self.count(TETAP),
                "baris_salah": len(self.errors),
            },
            "perubahan": [
                {
                    "baris": o.number,
                    "kunci": o.key,
                    "nama": o.label,
                    "aksi": o.action,
                    "kolom": [{"kolom": c.column, "lama": c.old, "baru": c.new} for c in o.changes],
                }
                for o in changed[:MAX_CHANGES_IN_REPORT]
            ],
            "perubahan_terpotong": max(0, len(changed) - MAX_CHANGES_IN_REPORT),
            "galat": [
                {"baris": number, "kunci": self.error_keys.get(number, ""), "pesan": messages}
                for number, messages in sorted(self.errors.items())
            ],
            "kolom_diabaikan": self.ignored_headers,
        }


COLUMNS_BY_FIELD: dict[str, dict[str, Column]] = {
    jenis: {c.field: c for c in columns} for jenis, columns in COLUMNS.items()
}


class RowReader:
    """Text values of one row, checking presence, length and NIP storage as it reads."""

    def __init__(self, row: Row, table: Table, jenis: str, plan: Plan) -> None:
        self.row = row
        self.table = table
        self.plan = plan
        self.columns = COLUMNS_BY_FIELD[jenis]
        self.key = ""

    def present(self, name: str) -> bool:
        return name in self.table.headers

    def header(self, name: str) -> str:
        return self.table.header(self.columns[name])

    def error(self, message: str) -> None:
        self.plan.add_error(self.row.number, message, key=self.key)

    def text(self, name: str, *, required: bool | None = None) -> str:
        column = self.columns[name]
        value = cell_text(self.row.values.get(name))
        must = column.required if required is None else required
        if must and not value:
            self.error(_("%(column)s wajib diisi.") % {"column": self.header(name)})
            return ""
        if column.max_length is not None and len(value) > column.max_length:
            self.error(
                _("%(column)s terlalu panjang: %(length)d karakter, paling banyak %(max)d.")
                % {"column": self.header(name), "length": len(value), "max": column.max_length}
            )
        return value

    def nip(self, name: str) -> str | None:
        """The normalised NIP ("" when empty), or None when the cell cannot hold a NIP."""
        column: Column = self.columns[name]
        raw = self.row.values.get(name)
        if isinstance(raw, float) and not isinstance(raw, bool):
            self.error(
                _(
                    "%(column)s tersimpan sebagai angka (%(value)s) sehingga digit setelah digit ke-15 hilang. "
                    "Format kolom %(column)s sebagai Teks di Excel, isi ulang NIP-nya, lalu unggah lagi."
                )
                % {"column": self.header(name), "value": f"{raw:.14E}"}
            )
            return None
        value = nip_normalize(cell_text(raw).lstrip("'"))
        if column.required and not value:
            self.error(_("%(column)s wajib diisi.") % {"column": self.header(name)})
            return None
        return value


def yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("Ya") if value else _("Tidak")


def normalized_choice(text: str) -> str:
    """`JA Pelaksana`, `ja_pelaksana`, `JA-PELAKSANA` → `japelaksana`."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def find_cycles(parent_of: Mapping[str, str | None]) -> dict[str, list[str]]:
    """For every node on a cycle, the chain from it back to itself (`[a, b, c, a]`). O(n)."""
    state: dict[str, int] = {}  # 1: on the path being walked, 2: finished
    chains: dict[str, list[str]] = {}
    for start in parent_of:
        if start in state:
            continue
        path: list[str] = []
        position: dict[str, int] = {}
        node: str | None = start
        while node is not None and node not in state:
            state[node] = 1
            position[node] = len(path)
            path.append(node)
            node = parent_of.get(node)
        if node is not None and state.get(node) == 1:
            cycle = path[position[node] :]
            for i, member in enumerate(cycle):
                chains[member] = [*cycle[i:], *cycle[:i], member]
        for visited in path:
            state[visited] = 2
    return chains


def format_chain(chain: Sequence[str]) -> str:
    if len(chain) > MAX_CHAIN_SHOWN:
        chain = [*chain[: MAX_CHAIN_SHOWN - 2], "…", chain[-1]]
    return " → ".join(chain)


def duplicates(keys: Iterable[tuple[str, int]]) -> dict[str, list[int]]:
    """Key → every row number it appears on, for keys on more than one row."""
    rows: dict[str, list[int]] = defaultdict(list)
    for key, number in keys:
        rows[key].append(number)
    return {key: numbers for key, numbers in rows.items() if len(numbers) > 1}


def chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def in_lookup_size() -> int:
    limit = connection.features.max_query_params
    return max(100, min(limit - 10, 20000)) if limit else 20000


def filter_in(queryset: models.QuerySet[M], field: str, values: Sequence[str]) -> Iterator[models.QuerySet[M]]:
    """Querysets that together are `queryset.filter(<field>__in=values)`, for many values.

    PostgreSQL: one query with the values as one text parameter (a list of 100,000 parameters
    costs seconds to build and to quote). Elsewhere: IN lists of in_lookup_size(). The values
    (NIPs, kode) must not contain a comma.
    """
    if not values:
        return
    if connection.vendor == "postgresql":
        if any("," in value for value in values):
            raise ValueError("filter_in: a value contains a comma")
        text = RawSQL("SELECT unnest(string_to_array(%s, ','))", [",".join(values)])
        yield queryset.filter(**{f"{field}__in": text})
        return
    for batch in chunks(values, in_lookup_size()):
        yield queryset.filter(**{f"{field}__in": batch})


@contextmanager
def real_sqlite_parameter_limit() -> Iterator[None]:
    """Let bulk queries use SQLite's real parameter limit instead of Django 5.2's fixed 999.

    Django 5.2 assumes the pre-3.32 default of 999 variables per statement and so splits a
    5,000-row bulk_create into ~70 statements. SQLite ≥ 3.32 allows 32,766 (Debian builds
    250,000); Django 6.0 reads the real limit (ticket #36143). We do the same for the duration
    of an import, on this thread's connection only.
    """
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    try:
        real = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    except (AttributeError, sqlite3.Error):
        real = 999
    features = connection.features
    shadowed = "max_query_params" in vars(features)
    previous = features.max_query_params
    features.max_query_params = max(999, min(real, 32766))
    try:
        yield
    finally:
        if shadowed:
            features.max_query_params = previous
        else:
            del features.max_query_params


def bulk_create_batched(
    model: type[M], objs: list[M], progress: Progress, *, phase: str = MENYIMPAN, start: bool = True
) -> None:
    """Insert new rows (COPY on PostgreSQL, see organisasi.bulk) with their audit rows, in batches.

    With start=False the progress phase is the caller's and goes on counting from where it is."""
    if start:
        progress.start(phase, len(objs))
    done = progress.done
    for batch in chunks(objs, BATCH):
        insert_many(batch, batch_size=WRITE_BATCH)
        bulk_saved.send(sender=model, objs=batch, action="create", fields=None)
        done += len(batch)
        progress.advance(done)


def bulk_update_changed(
    model: type[M],
    items: list[tuple[M, frozenset[str]]],
    progress: Progress,
    *,
    now: datetime | None,
    phase: str = MENYIMPAN,
) -> None:
    """Update only the given rows, grouped by the set of fields that changed on them.

    With `now`, `updated_at` is set too (bulk_update does not run auto_now).
    """
    groups: dict[frozenset[str], list[M]] = defaultdict(list)
    for obj, fields in items:
        if fields:
            groups[fields].append(obj)
    if len(groups) > MAX_UPDATE_GROUPS:
        union = frozenset().union(*groups)
        groups = {union: [obj for objs in groups.values() for obj in objs]}
    total = sum(len(objs) for objs in groups.values())
    progress.start(phase, total)
    done = 0
    for fields, objs in groups.items():
        names = sorted(fields)
        if now is not None:
            names.append("updated_at")
            for obj in objs:
                obj.updated_at = now  # type: ignore[attr-defined]
        for batch in chunks(objs, BATCH):
            update_many(batch, names, batch_size=WRITE_BATCH)
            bulk_saved.send(sender=model, objs=batch, action="update", fields=names)
            done += len(batch)
            progress.advance(done)


class Importer(ABC):
    """Validates one table against an instansi's data (`validate`), then writes it (`apply`).

    `apply` uses what `validate` loaded, so both must run on the same instance inside the same
    transaction; the service layer takes care of that.
    """

    jenis: str = ""

    def __init__(self, *, instansi: Instansi, table: Table, progress: Progress) -> None:
        self.instansi = instansi
        self.table = table
        self.progress = progress
        self.plan = Plan(jenis=self.jenis, total_rows=len(table.rows), ignored_headers=list(table.ignored_headers))

    @abstractmethod
    def validate(self) -> Plan: ...

    @abstractmethod
    def apply(self, *, now: datetime) -> dict[str, int]: ...

    def rows(self) -> Iterator[RowReader]:
        """Each row with a reader, reporting progress as it goes."""
        self.progress.start(MEMERIKSA, len(self.table.rows))
        for done, row in enumerate(self.table.rows, start=1):
            yield RowReader(row, self.table, self.jenis, self.plan)
            self.progress.advance(done)
