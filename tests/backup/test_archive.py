"""The archive and the database parts in-process: hostile names, archives that are not what their
manifest says, the reference-data list, the snapshot's isolation and the exit code of a backup
whose files are gone."""

from __future__ import annotations

import io
import json
import tarfile
import threading
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction

from backup import operations
from backup.archive import BackupError, FileEntry, build_manifest, safe_media_path, verify_archive
from backup.database import REFERENCE_MODELS, backed_up_models, consistent_snapshot, data_rows_present, row_counts
from backup.operations import create_backup
from pelaksanaan.models import BuktiDukung
from perencanaan.models import Satuan
from tests.backup.support import media_files, populate, source_rows
from tests.kinerja_world import Kinerja

FILE_FIELDS = {"pelaksanaan.buktidukung": ["berkas"]}
DIGESTS = {"pelaksanaan.buktidukung": ("berkas", "sha256")}


@pytest.mark.parametrize(
    "name", ["../etc/passwd", "/etc/passwd", "bukti/../../x", "a//b", "C:/x", "a\\..\\b", "", "./a", "a/\x00"]
)
def test_names_that_leave_media_root_are_refused(name: str) -> None:
    with pytest.raises(BackupError):
        safe_media_path(name)


def test_ordinary_names_pass() -> None:
    assert safe_media_path("bukti-dukung/2026/03/ab12.pdf") == "bukti-dukung/2026/03/ab12.pdf"


def _archive(path: Path, members: list[tuple[str, bytes]]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def _manifest(files: list[FileEntry], rows: bytes, **extra: Any) -> bytes:
    import hashlib

    manifest = build_manifest(
        created_at="2026-12-04T00:00:00+00:00",
        app_version="0.1.0",
        git_commit="",
        database_vendor="sqlite",
        migrations={},
        row_counts=extra.pop("row_counts", {}),
        data_sha256=hashlib.sha256(rows).hexdigest(),
        data_size=len(rows),
        files=files,
        missing_files=[],
        damaged_files=[],
    )
    manifest.update(extra)
    return json.dumps(manifest).encode()


def _verify(path: Path) -> None:
    verify_archive(path, file_fields=FILE_FIELDS, digest_fields=DIGESTS)


def test_a_sound_archive_verifies(tmp_path: Path) -> None:
    import hashlib

    data = b"%PDF-1.4 bukti"
    digest = hashlib.sha256(data).hexdigest()
    rows = json.dumps(
        [{"model": "pelaksanaan.buktidukung", "pk": 1, "fields": {"berkas": "bukti-dukung/a.pdf", "sha256": digest}}]
    ).encode()
    entry = FileEntry("bukti-dukung/a.pdf", len(data), digest)
    manifest = _manifest([entry], rows, row_counts={"pelaksanaan.buktidukung": 1})
    path = _archive(
        tmp_path / "ok.tar.gz", [("manifest.json", manifest), ("data.json", rows), ("media/bukti-dukung/a.pdf", data)]
    )
    _verify(path)
    # The same archive with an extra file, a file a row names but the manifest lacks, or counts off.
    extra = [("manifest.json", manifest), ("data.json", rows), ("media/bukti-dukung/a.pdf", data), ("media/x", b"")]
    with pytest.raises(BackupError, match="tidak ada di manifest"):
        _verify(_archive(tmp_path / "extra.tar.gz", extra))
    unlisted = _manifest([], rows, row_counts={"pelaksanaan.buktidukung": 1})
    with pytest.raises(BackupError, match="dirujuk data cadangan"):
        _verify(_archive(tmp_path / "unlisted.tar.gz", [("manifest.json", unlisted), ("data.json", rows)]))
    miscounted = _manifest([entry], rows, row_counts={"pelaksanaan.buktidukung": 2})
    members = [("manifest.json", miscounted), ("data.json", rows), ("media/bukti-dukung/a.pdf", data)]
    with pytest.raises(BackupError, match="Jumlah baris"):
        _verify(_archive(tmp_path / "count.tar.gz", members))


def test_archives_that_are_not_backups_are_refused(tmp_path: Path) -> None:
    rows = b"[]"
    not_tar = tmp_path / "x.tar.gz"
    not_tar.write_bytes(b"bukan arsip")
    with pytest.raises(BackupError, match="bukan arsip cadangan"):
        _verify(not_tar)
    with pytest.raises(BackupError, match="bukan cadangan Kinerja"):
        _verify(_archive(tmp_path / "other.tar.gz", [("data.json", rows), ("manifest.json", _manifest([], rows))]))
    traversal = _manifest([FileEntry("../../etc/cron.d/x", 1, "0" * 64)], rows)
    with pytest.raises(BackupError, match="tidak sah"):
        _verify(_archive(tmp_path / "evil.tar.gz", [("manifest.json", traversal), ("data.json", rows)]))
    with pytest.raises(BackupError, match="versi"):
        _verify(_archive(tmp_path / "v2.tar.gz", [("manifest.json", _manifest([], rows, format_version=2))]))


def test_a_fresh_installation_holds_exactly_the_reference_data(db: None) -> None:
    """If this fails, a migration now loads rows into another model: add it to REFERENCE_MODELS."""
    non_empty = {label for label, count in row_counts(backed_up_models()).items() if count}
    assert non_empty == REFERENCE_MODELS
    assert data_rows_present(backed_up_models()) == {}


def test_what_is_backed_up() -> None:
    labels = {model._meta.label_lower for model in backed_up_models()}
    assert {"accounts.user", "auth.group", "admin.logentry", "pelaksanaan.buktidukung", "dokumen.cetakmassal"} <= labels
    assert not labels & {"auth.permission", "contenttypes.contenttype", "sessions.session", "axes.accessattempt"}
    # Users before the rows that name them by natural key.
    order = [model._meta.label_lower for model in backed_up_models()]
    assert order.index("accounts.user") < order.index("organisasi.pegawai")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_snapshot_does_not_see_writes_made_while_it_reads() -> None:
    def write() -> None:
        Satuan.objects.create(nama="Ditulis selama pencadangan")
        connections.close_all()

    with consistent_snapshot():
        before = Satuan.objects.count()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SHOW transaction_isolation")
                assert cursor.fetchone() == ("repeatable read",)
        writer = threading.Thread(target=write)
        writer.start()
        writer.join(timeout=30)
        assert not writer.is_alive()
        assert Satuan.objects.count() == before
    assert Satuan.objects.count() == before + 1


@pytest.mark.django_db
def test_backup_refuses_to_run_inside_a_transaction(tmp_path: Path) -> None:
    with transaction.atomic(), pytest.raises(BackupError, match="di luar transaksi"):
        create_backup(output=tmp_path / "x.tar.gz")
    assert not (tmp_path / "x.tar.gz").exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_missing_evidence_file_is_reported_with_exit_code_2(settings: Any, tmp_path: Path, kinerja: Kinerja) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    populate(kinerja)
    lost = BuktiDukung.objects.exclude(berkas="").first()
    assert lost is not None
    (tmp_path / "media" / lost.berkas.name).unlink()
    output = tmp_path / "b.tar.gz"
    with pytest.raises(CommandError) as error:
        call_command("backup_kinerja", "--output", str(output), stdout=io.StringIO(), stderr=io.StringIO())
    assert error.value.returncode == 2
    with tarfile.open(output, "r:gz") as tar:
        stream = tar.extractfile("manifest.json")
        assert stream is not None
        manifest = json.loads(stream.read())
    assert manifest["missing_files"] == [lost.berkas.name]
    assert len(manifest["files"]) == 2
    # The archive says so, and still verifies: what was lost before the backup is only a warning.
    out, err = io.StringIO(), io.StringIO()
    call_command("restore_kinerja", "--verify", str(output), stdout=out, stderr=err)
    assert "Arsip utuh" in out.getvalue() and lost.berkas.name in err.getvalue()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failure_after_files_are_in_place_rolls_back_and_removes_them(
    settings: Any, tmp_path: Path, kinerja: Kinerja, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    populate(kinerja)
    archive = create_backup(output=tmp_path / "b.tar.gz").output
    before = source_rows()
    BuktiDukung.objects.filter(dihapus_pada__isnull=True).update(keterangan="diubah sesudah pencadangan")
    changed = source_rows()
    settings.MEDIA_ROOT = tmp_path / "media-baru"
    # The check of a file just put in place fails: the first file is already in MEDIA_ROOT then.
    monkeypatch.setattr(operations, "sha256_of_path", lambda path: ("0" * 64, 0))
    with pytest.raises(BackupError, match="tidak dapat ditulis"):
        operations.restore_backup(archive=archive, replace=True)
    assert source_rows() == changed
    assert media_files(tmp_path / "media-baru") == {}
    monkeypatch.undo()
    settings.MEDIA_ROOT = tmp_path / "media-baru"
    result = operations.restore_backup(archive=archive, replace=True)
    assert result.files_written == 3
    assert source_rows() == before
