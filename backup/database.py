"""The database side of backup and restore: which rows are backed up, a consistent read of them,
and an all-or-nothing load into an installation that holds no data of its own yet."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

from .archive import BackupError

# Rebuilt by `migrate` on every installation (content types, permissions) or state that means
# nothing on another machine (sessions, login throttling, the task queue). Sessions are also
# emptied on restore: a session of user id 5 must not log in whoever has id 5 afterwards.
EXCLUDED_APPS = frozenset({"contenttypes", "sessions", "axes", "django_tasks_db"})
EXCLUDED_MODELS = frozenset({"auth.permission"})

# Rows that `migrate` itself loads (reference data). A fresh installation has these and nothing
# else; any other row means the installation is in use. tests/backup checks this list against a
# freshly migrated database, so a migration that adds reference data must add its model here.
REFERENCE_MODELS = frozenset(
    {
        "organisasi.golongan",
        "organisasi.jenjangfungsional",
        "perencanaan.aspekperilaku",
        "perencanaan.panduanperilaku",
        "perencanaan.satuan",
        "penilaian.persentaseangkakredit",
        "penilaian.aturanpoladistribusi",
    }
)

# Models whose file is checked against the digest recorded at upload: (file field, digest field).
DIGEST_FIELDS: dict[str, tuple[str, str]] = {"pelaksanaan.buktidukung": ("berkas", "sha256")}


def label_of(model: type[models.Model]) -> str:
    return model._meta.label_lower


def backed_up_models() -> list[type[models.Model]]:
    """Every concrete model whose rows are data, in an order in which they can be loaded (a model
    after those it refers to by natural key)."""
    chosen: dict[Any, list[type[models.Model]]] = {}
    for config in apps.get_app_configs():
        if config.label in EXCLUDED_APPS:
            continue
        kept = [
            model
            for model in config.get_models()
            if model._meta.managed and not model._meta.proxy and label_of(model) not in EXCLUDED_MODELS
        ]
        if kept:
            chosen[config] = kept
    return serializers.sort_dependencies(chosen.items(), allow_cycles=True)


def file_fields_of(model_list: list[type[models.Model]]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for model in model_list:
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        if names:
            found[label_of(model)] = names
    return found


@contextmanager
def consistent_snapshot(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """One read-only transaction in which every table is read as of the same moment, without
    stopping the users who keep writing meanwhile."""
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupError(_("Pencadangan harus berjalan di luar transaksi basis data."))
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        # The project's SQLite mode takes the write lock when a transaction begins (IMMEDIATE);
        # a deferred read transaction in WAL mode sees one snapshot and blocks no writer.
        mode = connection.transaction_mode  # type: ignore[attr-defined]
        connection.transaction_mode = "DEFERRED"  # type: ignore[attr-defined]
        try:
            with transaction.atomic(using=using):
                yield
        finally:
            connection.transaction_mode = mode  # type: ignore[attr-defined]
        return
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Must be the transaction's first statement; READ COMMITTED would let each table
                # be read at a different moment.
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connections[using]).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def known_migrations(using: str = DEFAULT_DB_ALIAS) -> dict[str, set[str]]:
    loader = MigrationLoader(connections[using], ignore_no_migrations=True, load=True)
    known: dict[str, set[str]] = {}
    for app, name in loader.disk_migrations:
        known.setdefault(app, set()).add(name)
    return known


def row_counts(model_list: list[type[models.Model]]) -> dict[str, int]:
    return {label_of(model): model._base_manager.count() for model in model_list}


def dump_rows(model_list: list[type[models.Model]], stream: IO[str]) -> None:
    def rows() -> Iterator[models.Model]:
        for model in model_list:
            # The base manager: a default manager that hides rows (replaced versions) would lose them.
            yield from model._base_manager.order_by(model._meta.pk.name).iterator(chunk_size=2000)

    serializers.serialize("json", rows(), stream=stream, use_natural_foreign_keys=True)


def referenced_files(model_list: list[type[models.Model]]) -> dict[str, list[str]]:
    """File name → the label of each model whose rows name it."""
    found: dict[str, list[str]] = {}
    for label, names in file_fields_of(model_list).items():
        model = apps.get_model(label)
        for name in names:
            for value in model._base_manager.exclude(**{name: ""}).values_list(name, flat=True).iterator():
                if value:
                    found.setdefault(str(value), []).append(label)
    return found


def recorded_digests(model_list: list[type[models.Model]]) -> dict[str, str]:
    """File name → the SHA-256 its row recorded at upload."""
    digests: dict[str, str] = {}
    labels = {label_of(m) for m in model_list}
    for label, (file_field, digest_field) in DIGEST_FIELDS.items():
        if label not in labels:
            continue
        model = apps.get_model(label)
        for path, digest in model._base_manager.exclude(**{file_field: ""}).values_list(file_field, digest_field):
            if path and digest:
                digests[str(path)] = str(digest)
    return digests


def data_rows_present(model_list: list[type[models.Model]]) -> dict[str, int]:
    """Rows this installation holds beyond the reference data that `migrate` loads."""
    return {label: count for label, count in row_counts(model_list).items() if count and label not in REFERENCE_MODELS}


def schema_problems(manifest: dict[str, Any], model_list: list[type[models.Model]], using: str) -> list[str]:
    """Why the backed-up rows would not fit this database's schema; empty when they do. Rows load
    only into exactly the schema they were read from: a data migration in between would not run."""
    backup_state: dict[str, list[str]] = manifest["migrations"]
    here = applied_migrations(using)
    known = known_migrations(using)
    commit = manifest.get("git_commit") or manifest.get("app_version") or "?"
    problems: list[str] = []
    for app in sorted({m._meta.app_label for m in model_list} | set(backup_state)):
        if app in EXCLUDED_APPS:
            continue
        in_backup, applied = set(backup_state.get(app, [])), set(here.get(app, []))
        unknown = sorted(in_backup - known.get(app, set()))
        if unknown:
            problems.append(
                _(
                    "Cadangan berasal dari skema yang lebih baru (%(app)s: %(migrasi)s). Perbarui aplikasi ke "
                    "versi %(commit)s atau yang lebih baru, jalankan migrate, lalu pulihkan lagi."
                )
                % {"app": app, "migrasi": ", ".join(unknown), "commit": commit}
            )
        elif in_backup - applied:
            problems.append(
                _("Basis data ini belum dimigrasi (%(app)s: %(migrasi)s). Jalankan manage.py migrate dahulu.")
                % {"app": app, "migrasi": ", ".join(sorted(in_backup - applied))}
            )
        if applied - in_backup:
            problems.append(
                _(
                    "Cadangan berasal dari skema yang lebih lama (%(app)s belum memiliki %(migrasi)s). Pulihkan "
                    "dengan aplikasi versi %(commit)s, lalu perbarui aplikasi dan jalankan migrate."
                )
                % {"app": app, "migrasi": ", ".join(sorted(applied - in_backup)), "commit": commit}
            )
    return problems


def _tables_to_clear(model_list: list[type[models.Model]]) -> list[str]:
    tables: list[str] = []
    for model in model_list:
        tables.append(model._meta.db_table)
        for m2m in model._meta.local_many_to_many:
            through = m2m.remote_field.through
            if through is not None and through._meta.auto_created:
                tables.append(through._meta.db_table)
    tables.append(apps.get_model("sessions", "session")._meta.db_table)
    return tables


def lock_tables(model_list: list[type[models.Model]], using: str) -> None:
    """Keeps everyone else from writing the restored tables until the transaction ends (SQLite's
    IMMEDIATE transaction already holds the one write lock)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {', '.join(quote(t) for t in _tables_to_clear(model_list))} IN EXCLUSIVE MODE")


def load_rows(data_path: Path, model_list: list[type[models.Model]], using: str) -> None:
    """Inside the caller's transaction: empties the backed-up tables (the reference rows a fresh
    `migrate` loaded, or everything when replacing) and loads the backup's rows with their ids.
    Foreign keys are checked at the end of the load, so rows may refer forward."""
    connection = connections[using]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in _tables_to_clear(model_list):
            cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608 - table names come from the models
    call_command("loaddata", str(data_path), database=using, verbosity=0)
    # New rows must get ids after the restored ones (PostgreSQL sequences; a no-op on SQLite).
    statements = connection.ops.sequence_reset_sql(no_style(), model_list)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
