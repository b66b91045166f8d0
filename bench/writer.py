"""Fast row writing for the load-data generator: ids reserved up front, rows as tuples.

On PostgreSQL rows go in with COPY (psycopg 3); elsewhere (SQLite) with bulk_create in batches.
Neither sends model signals, so the audit trail records nothing for synthetic data.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, models

BATCH_SIZE = 5000


@dataclass(frozen=True)
class JsonValue:
    """A JSON column value with its text serialised once (COPY) and the object (bulk_create)."""

    obj: Any
    text: str

    @classmethod
    def of(cls, obj: Any) -> JsonValue:
        return cls(obj, json.dumps(obj, ensure_ascii=False))


EMPTY_JSON = JsonValue({}, "{}")


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


class IdAllocator:
    """Primary keys handed out before the rows exist, so children can point at parents.

    PostgreSQL: blocks are reserved from the table's sequence (nextval + setval), so the
    application's own inserts later never collide. SQLite: counting on from MAX(id).
    """

    def __init__(self, model: type[models.Model], block: int = 50_000) -> None:
        self.model = model
        self.block = block
        self._next = 0
        self._end = 0  # exclusive
        table = model._meta.db_table
        pk = model._meta.pk
        assert pk is not None
        self._column = pk.column
        self._sequence: str | None = None
        with connection.cursor() as cur:
            if is_postgres():
                cur.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, self._column])
                self._sequence = cur.fetchone()[0]
            else:
                cur.execute(f'SELECT MAX("{self._column}") FROM "{table}"')  # noqa: S608 - table name from the model
                self._next = self._end = (cur.fetchone()[0] or 0) + 1

    def _reserve(self, n: int) -> None:
        size = max(n, self.block)
        if self._sequence is None:
            self._end = self._next + size
            return
        with connection.cursor() as cur:
            cur.execute("SELECT setval(%s, nextval(%s) + %s - 1)", [self._sequence, self._sequence, size])
            last = cur.fetchone()[0]
        self._next, self._end = last - size + 1, last + 1

    def take(self, n: int = 1) -> int:
        """The first of n consecutive new ids."""
        if self._next + n > self._end:
            self._reserve(n)
        first = self._next
        self._next += n
        return first

    def one(self) -> int:
        return self.take(1)


class Table:
    """One model's columns: the generator supplies `columns`; the rest get a constant value."""

    def __init__(self, model: type[models.Model], columns: Sequence[str], *, stamp: datetime) -> None:
        self.model = model
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = [c for c in columns if c not in fields]
        if unknown:
            raise ValueError(f"{model.__name__} has no columns {unknown}")
        self.columns = list(columns)
        tail_names: list[str] = []
        tail_values: list[Any] = []
        for name, field in fields.items():
            if name in columns:
                continue
            if field.primary_key:
                continue  # the database numbers rows nobody points at
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value: Any = stamp
            elif isinstance(field, models.JSONField):
                value = JsonValue.of(field.get_default())
            elif field.has_default():
                value = field.get_default()
                if callable(field.default):
                    raise ValueError(f"{model.__name__}.{name}: give an explicit value, not the callable default")
            elif field.null:
                value = None
            elif field.empty_strings_allowed:
                value = ""
            else:
                raise ValueError(f"{model.__name__}.{name} is required")
            tail_names.append(name)
            tail_values.append(value)
        self.all_columns = self.columns + tail_names
        self.tail = tuple(tail_values)
        self.db_columns = [fields[c].column for c in self.all_columns]
        self.json_at = [i for i, c in enumerate(self.columns) if isinstance(fields[c], models.JSONField)]
        self.count = 0


class Writer:
    """Writes rows of a Table (COPY on PostgreSQL, bulk_create in batches elsewhere) and counts them."""

    def __init__(self) -> None:
        self.postgres = is_postgres()
        self.counts: dict[str, int] = {}

    def write(self, table: Table, rows: Iterable[tuple[Any, ...]]) -> int:
        n = self._copy(table, rows) if self.postgres else self._bulk(table, rows)
        table.count += n
        name = table.model._meta.label
        self.counts[name] = self.counts.get(name, 0) + n
        return n

    def _copy(self, table: Table, rows: Iterable[tuple[Any, ...]]) -> int:
        cols = ", ".join(f'"{c}"' for c in table.db_columns)
        sql = f'COPY "{table.model._meta.db_table}" ({cols}) FROM STDIN'
        tail = tuple(v.text if isinstance(v, JsonValue) else v for v in table.tail)
        json_at = table.json_at
        n = 0
        with connection.cursor() as cur, cur.cursor.copy(sql) as copy:
            write = copy.write_row
            for row in rows:
                if json_at:
                    values = list(row)
                    for i in json_at:
                        v = values[i]
                        values[i] = v.text if isinstance(v, JsonValue) else (None if v is None else json.dumps(v))
                    row = tuple(values)
                write(row + tail)
                n += 1
        return n

    def _bulk(self, table: Table, rows: Iterable[tuple[Any, ...]]) -> int:
        model = table.model
        names = table.all_columns
        tail = tuple(v.obj if isinstance(v, JsonValue) else v for v in table.tail)
        batch: list[models.Model] = []
        n = 0
        for row in rows:
            values = tuple(v.obj if isinstance(v, JsonValue) else v for v in row) + tail
            batch.append(model(**dict(zip(names, values, strict=True))))
            if len(batch) >= BATCH_SIZE:
                model._default_manager.bulk_create(batch, batch_size=BATCH_SIZE)
                n += len(batch)
                batch = []
        if batch:
            model._default_manager.bulk_create(batch, batch_size=BATCH_SIZE)
            n += len(batch)
        return n


def superuser() -> bool:
    with connection.cursor() as cur:
        cur.execute("SELECT current_setting('is_superuser') = 'on'")
        return bool(cur.fetchone()[0])


def skip_fk_triggers() -> None:
    """PostgreSQL, this transaction only: no per-row foreign-key triggers (SET LOCAL
    session_replication_role = replica). `verify_foreign_keys` then checks the same references
    set-wise before commit. Nothing changes for other sessions or after the transaction."""
    with connection.cursor() as cur:
        cur.execute("SET LOCAL session_replication_role = replica")


def restore_fk_triggers() -> None:
    with connection.cursor() as cur:
        cur.execute("SET LOCAL session_replication_role = origin")


def verify_foreign_keys(model_list: Iterable[type[models.Model]]) -> list[str]:
    """Every foreign key of these tables that points at no row, as "table.column" (empty: all fine)."""
    broken: list[str] = []
    with connection.cursor() as cur:
        for model in model_list:
            table = model._meta.db_table
            for f in model._meta.concrete_fields:
                if not f.is_relation or f.remote_field is None:
                    continue
                target = f.remote_field.model._meta
                target_field = target.get_field(str(f.remote_field.field_name))
                target_col = getattr(target_field, "column", "id")
                sql = (
                    f'SELECT 1 FROM "{table}" c WHERE c."{f.column}" IS NOT NULL AND NOT EXISTS '  # noqa: S608 - names from models
                    f'(SELECT 1 FROM "{target.db_table}" p WHERE p."{target_col}" = c."{f.column}") LIMIT 1'
                )
                cur.execute(sql)
                if cur.fetchone() is not None:
                    broken.append(f"{table}.{f.column}")
    return broken
