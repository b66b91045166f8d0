"""Inserting many new rows at once: `insert_many`, a bulk_create that uses COPY on PostgreSQL.

Django 5.2's bulk_create on PostgreSQL sends each column as one array (`INSERT … SELECT * FROM
UNNEST(%s::varchar[], …)`), and with client-side binding psycopg quotes every element of those
arrays in Python: 100,000 audit rows took about 30 s that way, most of an import of 100,000
pegawai. COPY formats the rows in psycopg's C code instead. The primary keys are first reserved
from the table's sequence, in ascending order, so each object gets its pk as with bulk_create
and the rows are numbered in list order (the audit chain relies on that).

Like bulk_create it sends no model signals; unlike it, the rows must be new (no pk set).
`update_many` is the same for bulk_update (COPY into a temporary table, one UPDATE … FROM).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, TypeVar

from django.conf import settings
from django.db import connections, models, transaction
from django.db.models.fields import NOT_PROVIDED

M = TypeVar("M", bound=models.Model)

# Below this many rows a plain INSERT costs less than reserving ids plus a COPY.
COPY_MIN_ROWS = 200
# Value types that get_db_prep_save returns unchanged, for fields of exactly these classes (a
# subclass may convert): that call is skipped for them, a third of the time of a COPY.
_TEXT: frozenset[type] = frozenset({str, type(None)})
_INT: frozenset[type] = frozenset({int, type(None)})
PLAIN_VALUES: dict[type[models.Field[Any, Any]], frozenset[type]] = {
    models.CharField: _TEXT,
    models.TextField: _TEXT,
    models.EmailField: _TEXT,
    models.SlugField: _TEXT,
    models.AutoField: _INT,
    models.BigAutoField: _INT,
    models.SmallAutoField: _INT,
    models.IntegerField: _INT,
    models.BigIntegerField: _INT,
    models.SmallIntegerField: _INT,
    models.PositiveIntegerField: _INT,
    models.PositiveBigIntegerField: _INT,
    models.PositiveSmallIntegerField: _INT,
    models.BooleanField: frozenset({bool, type(None)}),
    models.GenericIPAddressField: frozenset({type(None)}),  # an address is normalised
    models.DateTimeField: frozenset({type(None)}),  # and an aware datetime, see _aware_datetime
}
NO_PLAIN_VALUES: frozenset[type] = frozenset()


def _plain_values(field: models.Field[Any, Any]) -> frozenset[type]:
    if type(field) in (models.ForeignKey, models.OneToOneField) and isinstance(field, models.ForeignKey):
        return _plain_values(field.target_field)
    return PLAIN_VALUES.get(type(field), NO_PLAIN_VALUES)


def _aware_datetime(field: models.Field[Any, Any]) -> bool:
    """Whether an aware datetime goes to this field unchanged (a naive one is made aware)."""
    return type(field) is models.DateTimeField and settings.USE_TZ


def _copyable(model: type[models.Model], objs: Sequence[models.Model]) -> bool:
    meta = model._meta
    pk = meta.pk
    return (
        pk is not None
        and isinstance(pk, models.AutoField | models.BigAutoField | models.SmallAutoField)
        and not meta.parents
        and all(f.db_default is NOT_PROVIDED and not f.generated for f in meta.concrete_fields)
        and all(o.pk is None for o in objs)
    )


class _Rows:
    """Column values of objects as COPY takes them: get_db_prep_save, skipped where it changes nothing."""

    def __init__(self, fields: Sequence[models.Field[Any, Any]], connection: Any, *, adding: bool) -> None:
        self.connection = connection
        self.columns = [(f, _plain_values(f), _aware_datetime(f), adding and _own_pre_save(f)) for f in fields]

    def values(self, obj: models.Model) -> list[Any]:
        row = []
        for field, types, datetime_ok, pre_save in self.columns:
            value = field.pre_save(obj, True) if pre_save else getattr(obj, field.attname)
            plain = type(value) in types or (datetime_ok and type(value) is datetime and value.utcoffset() is not None)
            row.append(value if plain else field.get_db_prep_save(value, self.connection))
        return row


def _own_pre_save(field: models.Field[Any, Any]) -> bool:
    return type(field).pre_save is not models.Field.pre_save


def insert_many(objs: Sequence[M], *, using: str = "default", batch_size: int | None = None) -> None:
    """Insert new objects and set their pk, like `bulk_create(objs, batch_size)`."""
    if not objs:
        return
    model = type(objs[0])
    connection = connections[using]
    if connection.vendor != "postgresql" or len(objs) < COPY_MIN_ROWS or not _copyable(model, objs):
        model._base_manager.using(using).bulk_create(list(objs), batch_size=batch_size)
        return
    meta = model._meta
    assert meta.pk is not None
    for obj in objs:
        obj._prepare_related_fields_for_save(operation_name="bulk_create")  # type: ignore[attr-defined]
    fields: list[models.Field[Any, Any]] = list(meta.concrete_fields)
    rows = _Rows(fields, connection, adding=True)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objs)],
        )
        ids = sorted(row[0] for row in cursor.fetchall())
        for obj, pk in zip(objs, ids, strict=True):
            obj.pk = pk
        sql = f"COPY {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) FROM STDIN"
        # wrap_database_errors: a violated constraint raises django.db.IntegrityError, as bulk_create does.
        with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
            for obj in objs:
                copy.write_row(rows.values(obj))
    for obj in objs:
        obj._state.adding = False
        obj._state.db = using


def update_many(
    objs: Sequence[models.Model], fields: Sequence[str], *, using: str = "default", batch_size: int | None = None
) -> None:
    """Write `fields` of existing rows from the objects, like `bulk_update(objs, fields, batch_size)`.

    On PostgreSQL the new values go into a temporary table with COPY and one UPDATE … FROM joins
    them by pk: bulk_update's CASE WHEN per row and field costs about a millisecond of Python per
    row (a file that changes every name of 100,000 pegawai). The objects' pks must be distinct.
    """
    if not objs:
        return
    model = type(objs[0])
    connection = connections[using]
    if connection.vendor != "postgresql" or len(objs) < COPY_MIN_ROWS:
        model._base_manager.using(using).bulk_update(objs, fields, batch_size=batch_size)
        return
    meta = model._meta
    assert meta.pk is not None
    targets: list[models.Field[Any, Any]] = []
    for name in fields:
        field = meta.get_field(name)
        if not isinstance(field, models.Field) or not field.concrete or field.many_to_many or field.primary_key:
            raise ValueError(f"update_many: {name} is not a concrete, non-key field")
        targets.append(field)
    rows = _Rows([meta.pk, *targets], connection, adding=False)
    quote = connection.ops.quote_name
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    temporary = quote(f"update_many_{meta.db_table}"[:63])
    columns = [quote(f.column) for f in targets]
    with transaction.atomic(using=using, savepoint=False), connection.cursor() as cursor:
        # Identifiers only, quoted, from the model's meta: no value is ever formatted into SQL here.
        cursor.execute(
            f"CREATE TEMPORARY TABLE {temporary} ON COMMIT DROP AS "  # noqa: S608 - see above
            f"SELECT {pk}, {', '.join(columns)} FROM {table} WITH NO DATA"
        )
        with (
            connection.wrap_database_errors,
            cursor.cursor.copy(f"COPY {temporary} ({pk}, {', '.join(columns)}) FROM STDIN") as copy,
        ):
            for obj in objs:
                copy.write_row(rows.values(obj))
        assignments = ", ".join(f"{column} = u.{column}" for column in columns)
        cursor.execute(f"UPDATE {table} AS t SET {assignments} FROM {temporary} AS u WHERE t.{pk} = u.{pk}")  # noqa: S608
        cursor.execute(f"DROP TABLE {temporary}")
