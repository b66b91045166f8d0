"""Backup, verify and restore as the management commands run them."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import database
from .archive import (
    DATA_NAME,
    BackupError,
    FileEntry,
    VerifiedArchive,
    build_manifest,
    read_manifest,
    safe_media_path,
    sha256_of_path,
    verify_archive,
    write_archive,
)


@dataclass
class BackupResult:
    output: Path
    manifest: dict[str, Any]
    missing_files: list[str]
    damaged_files: list[str]


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    rows: int
    files_written: int
    files_already_present: int
    warnings: list[str] = field(default_factory=list)


def app_version() -> str:
    try:
        with (Path(settings.BASE_DIR) / "pyproject.toml").open("rb") as stream:
            return str(tomllib.load(stream)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return ""


def git_commit() -> str:
    """The code's commit, so a restore can name the version to check out; empty outside a clone."""
    try:
        completed = subprocess.run(  # noqa: S603 - fixed arguments
            ["git", "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"],  # noqa: S607
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return completed.stdout.strip() if completed.returncode == 0 else ""


def default_output() -> Path:
    return Path(settings.VAR_DIR) / "backups" / f"kinerja-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"


def create_backup(*, output: Path, force: bool = False, using: str = DEFAULT_DB_ALIAS) -> BackupResult:
    if output.exists() and not force:
        raise BackupError(_("Berkas %(path)s sudah ada; gunakan --force untuk menimpanya.") % {"path": output})
    media_root = Path(settings.MEDIA_ROOT)
    model_list = database.backed_up_models()
    with tempfile.TemporaryDirectory(prefix="kinerja-backup-") as work:
        data_path = Path(work) / DATA_NAME
        with database.consistent_snapshot(using):
            migrations = database.applied_migrations(using)
            counts = database.row_counts(model_list)
            with data_path.open("w", encoding="utf-8") as stream:
                database.dump_rows(model_list, stream)
            referenced = database.referenced_files(model_list)
            digests = database.recorded_digests(model_list)
        # Files are read after the snapshot: stored files are never rewritten in place (new
        # uploads get new names), so the ones the snapshot names are the ones it meant.
        files: list[FileEntry] = []
        missing: list[str] = []
        damaged: list[str] = []
        for name in sorted(referenced):
            path = safe_media_path(name)
            source = media_root / path
            if not source.is_file():
                missing.append(path)
                continue
            digest, size = sha256_of_path(source)
            files.append(FileEntry(path=path, size=size, sha256=digest))
            if path in digests and digests[path] != digest:
                damaged.append(path)
        data_digest, data_size = sha256_of_path(data_path)
        now = timezone.now()
        manifest = build_manifest(
            created_at=now.isoformat(),
            app_version=app_version(),
            git_commit=git_commit(),
            database_vendor=connections[using].vendor,
            migrations=migrations,
            row_counts=counts,
            data_sha256=data_digest,
            data_size=data_size,
            files=files,
            missing_files=missing,
            damaged_files=damaged,
        )
        write_archive(
            output, manifest=manifest, data_path=data_path, media_root=media_root, mtime=now.timestamp(), force=force
        )
    return BackupResult(output=output, manifest=manifest, missing_files=missing, damaged_files=damaged)


def verify(archive: Path, *, staging: Path | None = None) -> VerifiedArchive:
    if not archive.is_file():
        raise BackupError(_("Berkas %(path)s tidak ditemukan.") % {"path": archive})
    model_list = database.backed_up_models()
    return verify_archive(
        archive, file_fields=database.file_fields_of(model_list), digest_fields=database.DIGEST_FIELDS, staging=staging
    )


def _files_to_write(files: list[FileEntry], media_root: Path) -> tuple[list[FileEntry], int]:
    """The files not yet in MEDIA_ROOT; one already there with other bytes is refused, because
    overwriting it could destroy evidence this installation still needs."""
    to_write: list[FileEntry] = []
    present = 0
    for entry in files:
        target = media_root / entry.path
        if target.is_symlink() or target.exists():
            if not target.is_file() or sha256_of_path(target) != (entry.sha256, entry.size):
                raise BackupError(
                    _("Berkas %(path)s sudah ada di MEDIA_ROOT dengan isi lain; pemulihan dibatalkan.")
                    % {"path": entry.path}
                )
            present += 1
        else:
            to_write.append(entry)
    return to_write, present


def restore_backup(*, archive: Path, replace: bool = False, using: str = DEFAULT_DB_ALIAS) -> RestoreResult:
    """Checks the whole archive first, loads the rows in one transaction, and puts the files in
    place before that transaction commits: a failure anywhere leaves the database as it was and
    removes the files this run wrote."""
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupError(_("Pemulihan harus berjalan di luar transaksi basis data."))
    media_root = Path(settings.MEDIA_ROOT)
    model_list = database.backed_up_models()
    media_root.mkdir(parents=True, exist_ok=True)
    # Staged inside MEDIA_ROOT so that putting a file in place is a rename on the same disk.
    staging = Path(tempfile.mkdtemp(prefix=".kinerja-restore-", dir=media_root))
    written: list[Path] = []
    try:
        if not archive.is_file():
            raise BackupError(_("Berkas %(path)s tidak ditemukan.") % {"path": archive})
        # The refusals that need only the manifest come before reading the whole archive.
        _check_target(read_manifest(archive), model_list, replace=replace, using=using)
        verified = verify(archive, staging=staging)
        manifest = verified.manifest
        _check_target(manifest, model_list, replace=replace, using=using)
        to_write, already = _files_to_write(verified.files, media_root)
        with transaction.atomic(using=using):
            # Again under lock: a row written since the first check would otherwise be deleted.
            database.lock_tables(model_list, using)
            _check_target(manifest, model_list, replace=replace, using=using)
            database.load_rows(staging / DATA_NAME, model_list, using)
            counts = database.row_counts(model_list)
            expected = {label: int(n) for label, n in manifest["row_counts"].items()}
            if any(counts.get(label, 0) != n for label, n in expected.items()):
                raise BackupError(_("Jumlah baris setelah pemulihan tidak cocok dengan manifest; dibatalkan."))
            _check_loaded_digests(verified, model_list)
            for entry in to_write:
                target = media_root / entry.path
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / "media" / entry.path, target)
                written.append(target)
                if sha256_of_path(target) != (entry.sha256, entry.size):
                    raise BackupError(
                        _("Berkas %(path)s tidak dapat ditulis dengan utuh; dibatalkan.") % {"path": entry.path}
                    )
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return RestoreResult(
        manifest=manifest,
        rows=sum(int(n) for n in manifest["row_counts"].values()),
        files_written=len(to_write),
        files_already_present=already,
        warnings=verified.warnings,
    )


def _check_target(manifest: dict[str, Any], model_list: list[Any], *, replace: bool, using: str) -> None:
    problems = database.schema_problems(manifest, model_list, using)
    if problems:
        raise BackupError("\n".join(problems))
    present = database.data_rows_present(model_list)
    if present and not replace:
        raise BackupError(
            _(
                "Instalasi ini sudah berisi data (%(tabel)s). Pulihkan ke instalasi kosong, atau gunakan "
                "--replace untuk menghapus semua datanya dan menggantinya dengan isi cadangan."
            )
            % {"tabel": _summary(present)}
        )


def _summary(present: dict[str, int], shown: int = 5) -> str:
    items = [f"{label}: {count}" for label, count in sorted(present.items(), key=lambda item: (-item[1], item[0]))]
    if len(items) > shown:
        items = [*items[:shown], _("dan %(jumlah)d tabel lain") % {"jumlah": len(items) - shown}]
    return ", ".join(items)


def _check_loaded_digests(verified: VerifiedArchive, model_list: list[Any]) -> None:
    """The loaded rows, not only the archive's data file, must agree with the files: this is the
    digest a later download will be checked against."""
    by_path = {entry.path: entry for entry in verified.files}
    damaged = set(verified.manifest["damaged_files"])
    for path, recorded in database.recorded_digests(model_list).items():
        entry = by_path.get(path)
        if entry is not None and entry.sha256 != recorded and path not in damaged:
            raise BackupError(
                _("Berkas %(path)s tidak cocok dengan SHA-256 yang tercatat saat diunggah.") % {"path": path}
            )
