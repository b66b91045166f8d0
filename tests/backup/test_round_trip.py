"""backup_kinerja and restore_kinerja end to end, each in its own process: a populated installation
is backed up and restored into a fresh one (SQLite → SQLite, PostgreSQL → PostgreSQL, SQLite →
PostgreSQL), and every row, every file and a login must come back; the refusals change nothing."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from backup.database import DIGEST_FIELDS
from tests.backup.support import (
    PASSWORD,
    Installation,
    Populated,
    Targets,
    edit_manifest,
    pg_available,
    populate,
    rebuild_archive,
    source_installation,
    source_rows,
)
from tests.kinerja_world import Kinerja

pytestmark = [
    # The commands run in other processes: the world must be committed. serialized_rollback puts
    # the reference data back for the tests that follow.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

needs_pg = pytest.mark.skipif(not pg_available(), reason="no PostgreSQL server at 127.0.0.1:5432")

LOGIN_AND_NEW_ROWS = """
import json
from django.test import Client
from accounts.models import User
from perencanaan.models import Satuan
client = Client()
response = client.post("/accounts/login/", {"username": %(nip)r, "password": %(password)r})
wrong = Client().post("/accounts/login/", {"username": %(nip)r, "password": "salah"})
top_user = User.objects.order_by("-pk").first().pk
top_satuan = Satuan.objects.order_by("-pk").first().pk
new_user = User.objects.create_user(username="pegawai-baru-setelah-pulih", password="x")
new_satuan = Satuan.objects.create(nama="Satuan baru setelah pulih")
print(json.dumps({
    "login": response.status_code, "session_user": client.session.get("_auth_user_id"),
    "wrong": wrong.status_code,
    "fresh_ids": new_user.pk > top_user and new_satuan.pk > top_satuan,
}))
"""


@pytest.fixture
def targets(tmp_path: Path) -> Iterator[Targets]:
    found = Targets(tmp_path / "targets")
    found.root.mkdir()
    yield found
    found.close()


@pytest.fixture
def source(settings: Any, tmp_path: Path, kinerja: Kinerja) -> tuple[Installation, Populated]:
    var_dir = tmp_path / "source"
    settings.MEDIA_ROOT = var_dir / "media"
    return source_installation(var_dir), populate(kinerja)


def backup_of(installation: Installation, path: Path) -> Path:
    result = installation.manage("backup_kinerja", "--output", str(path))
    assert result.returncode == 0, result.stderr
    assert "Cadangan ditulis" in result.stdout
    return path


def assert_restored(
    target: Installation, archive: Path, populated: Populated, rows: list[dict[str, Any]], *, then_write: bool = True
) -> None:
    """Restores and compares; with `then_write` also logs in and adds rows (which changes the copy)."""
    result = target.manage("restore_kinerja", str(archive))
    assert result.returncode == 0, result.stderr
    restored = target.rows()
    assert _counts(restored) == _counts(rows)
    assert restored == rows
    # Key values, spelled out: the replaced realisasi, the removed evidence, both evaluation versions.
    realisasi = [r["fields"] for r in restored if r["model"] == "pelaksanaan.realisasi"]
    assert {(f["nilai"], f["diganti_pada"] is None) for f in realisasi} >= {("5.0000", False), ("7.5000", True)}
    evidence = [r["fields"] for r in restored if r["model"] == "pelaksanaan.buktidukung"]
    assert sorted(f["dihapus_pada"] is None for f in evidence) == [False, False, True]
    for fields in evidence:
        data = target.media_files()[fields["berkas"]]
        assert data == populated.evidence[fields["berkas"]]
        assert hashlib.sha256(data).hexdigest() == fields[DIGEST_FIELDS["pelaksanaan.buktidukung"][1]]
    evaluasi = [r["fields"] for r in restored if r["model"] == "penilaian.evaluasi"]
    assert sorted(f["versi"] for f in evaluasi) == [1, 2]
    assert target.media_files() == populated.evidence
    if not then_write:
        return
    checks = target.run_python(LOGIN_AND_NEW_ROWS % {"nip": populated.login_nip, "password": PASSWORD})
    assert checks["login"] == 302 and checks["session_user"] is not None
    assert checks["wrong"] == 200
    assert checks["fresh_ids"] is True


def _counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["model"]] = counts.get(row["model"], 0) + 1
    return counts


def test_round_trip_into_a_fresh_installation_and_every_refusal(
    source: tuple[Installation, Populated], targets: Targets, tmp_path: Path
) -> None:
    installation, populated = source
    rows = source_rows()
    archive = backup_of(installation, tmp_path / "kinerja.tar.gz")
    manifest = json.loads(_member(archive, "manifest.json"))
    assert manifest["database_vendor"] == connection.vendor
    assert {f["path"] for f in manifest["files"]} == set(populated.evidence)
    assert manifest["row_counts"]["pelaksanaan.buktidukung"] == 3
    assert "pelaksanaan" in manifest["migrations"] and manifest["missing_files"] == []

    # An existing output is not overwritten without --force.
    before = archive.read_bytes()
    again = installation.manage("backup_kinerja", "--output", str(archive))
    assert again.returncode == 1 and "--force" in again.stderr
    assert archive.read_bytes() == before
    assert installation.manage("backup_kinerja", "--output", str(archive), "--force").returncode == 0

    verified = installation.manage("restore_kinerja", "--verify", str(archive))
    assert verified.returncode == 0 and "Arsip utuh" in verified.stdout, verified.stderr

    target = targets.sqlite() if connection.vendor == "sqlite" else targets.postgresql()
    assert_restored(target, archive, populated, rows)

    # The installation now holds data: a second restore is refused, --replace is explicit.
    refused = target.manage("restore_kinerja", str(archive))
    assert refused.returncode == 1 and "sudah berisi data" in refused.stderr
    replaced = target.manage("restore_kinerja", "--replace", str(archive))
    assert replaced.returncode == 0, replaced.stderr
    assert target.rows() == rows

    # A changed byte in one evidence file: refused by --verify and by restore, nothing written.
    path = next(iter(populated.evidence))
    tampered = tmp_path / "tampered.tar.gz"
    rebuild_archive(archive, tampered, lambda name, data: data[:-1] + b"X" if name == f"media/{path}" else data)
    result = installation.manage("restore_kinerja", "--verify", str(tampered))
    assert result.returncode == 1 and path in result.stderr
    _assert_refused_and_untouched(targets, tampered, "SHA-256")

    # The file and the manifest changed together: the digest recorded at upload still catches it.
    def forge(name: str, data: bytes) -> bytes:
        if name == f"media/{path}":
            return data + b"\n"
        if name == "manifest.json":
            manifest = json.loads(data)
            for entry in manifest["files"]:
                if entry["path"] == path:
                    entry["size"] += 1
                    entry["sha256"] = hashlib.sha256(populated.evidence[path] + b"\n").hexdigest()
            return json.dumps(manifest).encode()
        return data

    forged = tmp_path / "forged.tar.gz"
    rebuild_archive(archive, forged, forge)
    _assert_refused_and_untouched(targets, forged, "saat diunggah")

    # A backup from a newer schema than this code.
    newer = tmp_path / "newer.tar.gz"
    rebuild_archive(
        archive, newer, edit_manifest(lambda m: m["migrations"]["pelaksanaan"].append("9999_dari_masa_depan"))
    )
    _assert_refused_and_untouched(targets, newer, "lebih baru")

    # A file the rows name but the archive lacks.
    incomplete = tmp_path / "incomplete.tar.gz"
    rebuild_archive(archive, incomplete, lambda name, data: None if name == f"media/{path}" else data)
    _assert_refused_and_untouched(targets, incomplete, path)


def _assert_refused_and_untouched(targets: Targets, archive: Path, message: str) -> None:
    target = targets.sqlite()
    result = target.manage("restore_kinerja", str(archive))
    assert result.returncode == 1
    assert message in result.stderr
    assert (
        target.run_python(
            "import json\nfrom backup.database import backed_up_models, data_rows_present\n"
            "print(json.dumps(data_rows_present(backed_up_models())))"
        )
        == {}
    )
    assert target.media_files() == {}


@needs_pg
def test_sqlite_or_postgresql_backup_restores_into_the_other(
    source: tuple[Installation, Populated], targets: Targets, tmp_path: Path
) -> None:
    installation, populated = source
    rows = source_rows()
    archive = backup_of(installation, tmp_path / "kinerja.tar.gz")
    target = targets.postgresql() if connection.vendor == "sqlite" else targets.sqlite()
    assert_restored(target, archive, populated, rows, then_write=False)
    # And back again: the restored copy's own backup restores into a third, fresh installation.
    second = backup_of(target, tmp_path / "second.tar.gz")
    third = targets.sqlite() if connection.vendor == "sqlite" else targets.postgresql()
    assert_restored(third, second, populated, rows)


def _member(archive: Path, name: str) -> bytes:
    import tarfile

    with tarfile.open(archive, "r:gz") as tar:
        stream = tar.extractfile(name)
        assert stream is not None
        return stream.read()
