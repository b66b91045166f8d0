"""The backup archive itself, without the database: its manifest, how it is written and how it is
checked. A `.tar.gz` holding, in this order:

- `manifest.json`: format, app version and commit, creation time, the migration state per app, row
  counts per model, the SHA-256 of `data.json` and path, size and SHA-256 of every file;
- `data.json`: every row, as Django's JSON serializer writes it (portable between SQLite and
  PostgreSQL; foreign keys to users, content types and permissions by natural key);
- `media/<path>`: every file the rows reference, at its path under MEDIA_ROOT.

The manifest comes first so a restore can refuse an incompatible archive before reading the rest.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

FORMAT = "kinerja-asn-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
DATA_NAME = "data.json"
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A refusal or failure the operator must read; nothing was changed when it is raised."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class FileEntry:
    path: str  # relative to MEDIA_ROOT, POSIX separators
    size: int
    sha256: str


@dataclass
class VerifiedArchive:
    manifest: dict[str, Any]
    files: list[FileEntry]
    # Warnings that do not make the archive unusable (damage that predates the backup).
    warnings: list[str] = field(default_factory=list)


def sha256_of(stream: IO[bytes]) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def sha256_of_path(path: Path) -> tuple[str, int]:
    with path.open("rb") as stream:
        return sha256_of(stream)


def safe_media_path(name: str) -> str:
    """A stored file name as a path that stays inside MEDIA_ROOT; anything else is refused, because
    a crafted archive must not write outside it (`../`, absolute paths, drive letters)."""
    if not name or "\\" in name or "\x00" in name:
        raise BackupError(_("Nama berkas tidak sah dalam cadangan: %(nama)s") % {"nama": name})
    parts = name.split("/")
    if any(part in {"", ".", ".."} for part in parts) or ":" in parts[0]:
        raise BackupError(_("Nama berkas tidak sah dalam cadangan: %(nama)s") % {"nama": name})
    return name


def build_manifest(
    *,
    created_at: str,
    app_version: str,
    git_commit: str,
    database_vendor: str,
    migrations: dict[str, list[str]],
    row_counts: dict[str, int],
    data_sha256: str,
    data_size: int,
    files: list[FileEntry],
    missing_files: list[str],
    damaged_files: list[str],
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": created_at,
        "app_version": app_version,
        "git_commit": git_commit,
        "database_vendor": database_vendor,
        "migrations": {app: sorted(names) for app, names in sorted(migrations.items())},
        "row_counts": dict(sorted(row_counts.items())),
        "data": {"path": DATA_NAME, "size": data_size, "sha256": data_sha256},
        "files": [{"path": f.path, "size": f.size, "sha256": f.sha256} for f in sorted(files, key=lambda f: f.path)],
        # Referenced by a row but absent from MEDIA_ROOT when the backup was made.
        "missing_files": sorted(missing_files),
        # Present, but not the bytes whose digest the row recorded at upload.
        "damaged_files": sorted(damaged_files),
    }


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes, mtime: float) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(mtime)
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


class _HashingReader(io.RawIOBase):
    """Hashes what tarfile reads, so the bytes in the archive are checked against the manifest
    without reading each file a third time."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(size)
        self.digest.update(chunk)
        return chunk


def write_archive(
    output: Path, *, manifest: dict[str, Any], data_path: Path, media_root: Path, mtime: float, force: bool
) -> None:
    """Writes next to `output` and renames at the end: a crash leaves no half archive under the
    name a cron job or an operator would trust."""
    if output.exists() and not force:
        raise BackupError(_("Berkas %(path)s sudah ada; gunakan --force untuk menimpanya.") % {"path": output})
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            _add_bytes(archive, MANIFEST_NAME, json.dumps(manifest, indent=2, ensure_ascii=False).encode(), mtime)
            with data_path.open("rb") as data:
                info = archive.gettarinfo(fileobj=data, arcname=DATA_NAME)
                info.mode = 0o600
                archive.addfile(info, data)
            for entry in manifest["files"]:
                source = media_root / entry["path"]
                with source.open("rb") as stream:
                    info = archive.gettarinfo(fileobj=stream, arcname=MEDIA_PREFIX + entry["path"])
                    if info.size != entry["size"]:
                        raise BackupError(_("Berkas %(path)s berubah selama pencadangan.") % {"path": entry["path"]})
                    info.mode = 0o600
                    reader = _HashingReader(stream)
                    archive.addfile(info, reader)
                    if reader.digest.hexdigest() != entry["sha256"]:
                        raise BackupError(_("Berkas %(path)s berubah selama pencadangan.") % {"path": entry["path"]})
            raw.flush()
            os.fsync(raw.fileno())
        if output.exists() and not force:
            raise BackupError(_("Berkas %(path)s sudah ada; gunakan --force untuk menimpanya.") % {"path": output})
        os.replace(tmp, output)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _open(archive: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(archive, mode="r:gz")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(
            _("Berkas %(path)s bukan arsip cadangan yang dapat dibaca: %(error)s") % {"path": archive, "error": error}
        ) from None


def _check_manifest(manifest: object) -> dict[str, Any]:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_("Arsip ini bukan cadangan Kinerja ASN."))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            _("Format cadangan versi %(versi)s tidak dikenal oleh aplikasi ini.")
            % {"versi": manifest.get("format_version")}
        )
    for key in ("migrations", "row_counts", "data", "files", "missing_files", "damaged_files"):
        if key not in manifest:
            raise BackupError(_("Manifest cadangan tidak lengkap: %(kunci)s tidak ada.") % {"kunci": key})
    return manifest


def read_manifest(archive: Path) -> dict[str, Any]:
    with _open(archive) as tar:
        try:
            first = tar.next()
            stream = tar.extractfile(first) if first is not None and first.name == MANIFEST_NAME else None
            if stream is None:
                raise BackupError(_("Arsip ini bukan cadangan Kinerja ASN."))
            return _check_manifest(json.loads(stream.read()))
        except (OSError, tarfile.TarError, EOFError, ValueError) as error:
            raise BackupError(_("Arsip cadangan rusak: %(error)s") % {"error": error}) from None


def _members(tar: tarfile.TarFile) -> Iterator[tuple[tarfile.TarInfo, IO[bytes]]]:
    for member in tar:
        stream = tar.extractfile(member) if member.isreg() else None
        if stream is None:
            raise BackupError(_("Arsip cadangan memuat entri yang bukan berkas: %(nama)s") % {"nama": member.name})
        yield member, stream


def _copy_hashing(stream: IO[bytes], target: IO[bytes] | None) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if target is not None:
            target.write(chunk)
    return digest.hexdigest(), size


def verify_archive(
    archive: Path,
    *,
    file_fields: dict[str, list[str]],
    digest_fields: dict[str, tuple[str, str]],
    staging: Path | None = None,
) -> VerifiedArchive:
    """Every entry against the manifest (nothing extra, nothing missing, each size and SHA-256),
    the row counts against `data.json`, every file a row names against the file list, and each
    evidence file against the digest its row recorded at upload. With `staging`, `data.json` and
    the files are extracted there as they are checked.

    `file_fields` names the file fields per model label; `digest_fields` the (file field, digest
    field) pair of models that record a digest."""
    manifest: dict[str, Any] | None = None
    expected: dict[str, FileEntry] = {}
    seen: set[str] = set()
    data_seen = False
    rows: list[dict[str, Any]] = []
    try:
        with _open(archive) as tar:
            for member, stream in _members(tar):
                if manifest is None:
                    if member.name != MANIFEST_NAME:
                        raise BackupError(_("Arsip ini bukan cadangan Kinerja ASN."))
                    manifest = _check_manifest(json.loads(stream.read()))
                    for item in manifest["files"]:
                        entry = FileEntry(safe_media_path(item["path"]), int(item["size"]), str(item["sha256"]))
                        expected[entry.path] = entry
                    continue
                if member.name in seen or member.name == MANIFEST_NAME:
                    raise BackupError(_("Entri ganda dalam arsip cadangan: %(nama)s") % {"nama": member.name})
                seen.add(member.name)
                if member.name == DATA_NAME:
                    data_seen = True
                    buffer = io.BytesIO()
                    digest, size = _copy_hashing(stream, buffer)
                    if digest != manifest["data"]["sha256"] or size != manifest["data"]["size"]:
                        raise BackupError(_("Data basis data dalam cadangan tidak cocok dengan manifest."))
                    if staging is not None:
                        (staging / DATA_NAME).write_bytes(buffer.getvalue())
                    rows = json.loads(buffer.getvalue())
                    continue
                path = member.name.removeprefix(MEDIA_PREFIX)
                entry_or_none = expected.get(path) if member.name.startswith(MEDIA_PREFIX) else None
                if entry_or_none is None:
                    raise BackupError(
                        _("Arsip cadangan memuat berkas yang tidak ada di manifest: %(nama)s") % {"nama": member.name}
                    )
                target_path = staging / "media" / path if staging is not None else None
                if target_path is None:
                    digest, size = _copy_hashing(stream, None)
                else:
                    target_path.parent.mkdir(parents=True, exist_ok=True)
                    with target_path.open("wb") as target:
                        digest, size = _copy_hashing(stream, target)
                if digest != entry_or_none.sha256 or size != entry_or_none.size:
                    raise BackupError(
                        _("Berkas %(path)s dalam cadangan rusak atau diubah (SHA-256 tidak cocok).") % {"path": path}
                    )
    except (OSError, tarfile.TarError, EOFError, ValueError, KeyError, TypeError) as error:
        raise BackupError(_("Arsip cadangan rusak: %(error)s") % {"error": error}) from None
    if manifest is None or not data_seen:
        raise BackupError(_("Arsip cadangan tidak lengkap."))
    absent = sorted(set(expected) - {name.removeprefix(MEDIA_PREFIX) for name in seen})
    if absent:
        raise BackupError(_("Berkas tidak ada dalam arsip cadangan: %(daftar)s") % {"daftar": ", ".join(absent)})
    warnings = _check_rows(manifest, rows, expected, file_fields, digest_fields)
    return VerifiedArchive(manifest=manifest, files=sorted(expected.values(), key=lambda f: f.path), warnings=warnings)


def _check_rows(
    manifest: dict[str, Any],
    rows: list[dict[str, Any]],
    files: dict[str, FileEntry],
    file_fields: dict[str, list[str]],
    digest_fields: dict[str, tuple[str, str]],
) -> list[str]:
    counts = Counter(str(row["model"]) for row in rows)
    declared = {label: int(n) for label, n in manifest["row_counts"].items() if int(n)}
    if dict(counts) != declared:
        raise BackupError(_("Jumlah baris dalam data cadangan tidak cocok dengan manifest."))
    missing = set(manifest["missing_files"])
    damaged = set(manifest["damaged_files"])
    warnings = [_("Berkas sudah tidak ada saat pencadangan: %(path)s") % {"path": p} for p in sorted(missing)]
    for row in rows:
        label = str(row["model"])
        for name in file_fields.get(label, []):
            value = row["fields"].get(name) or ""
            if value and value not in files and value not in missing:
                raise BackupError(
                    _("Berkas %(path)s dirujuk data cadangan tetapi tidak ada di manifest.") % {"path": value}
                )
        if label in digest_fields:
            file_field, digest_field = digest_fields[label]
            path, recorded = row["fields"].get(file_field) or "", row["fields"].get(digest_field) or ""
            if not path or not recorded or path not in files:
                continue
            if files[path].sha256 != recorded:
                if path not in damaged:
                    raise BackupError(
                        _("Berkas %(path)s tidak cocok dengan SHA-256 yang tercatat saat diunggah.") % {"path": path}
                    )
                warnings.append(
                    _("Berkas %(path)s sudah tidak cocok dengan SHA-256 saat diunggah ketika dicadangkan.")
                    % {"path": path}
                )
    return warnings
