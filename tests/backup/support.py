"""Installations for the backup tests: the source is the test database (data committed, the
commands run in a subprocess against it); each target is a fresh database and VAR_DIR that a
subprocess migrates, as an operator on a new machine would."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from backup.database import backed_up_models, dump_rows
from pelaksanaan.models import BuktiDukung, Realisasi
from pelaksanaan.periode import periods_of_skp
from pelaksanaan.services.bukti import bukti_remove, bukti_replace, bukti_upload
from pelaksanaan.services.realisasi import realisasi_save
from penilaian.models import Evaluasi
from tests.kinerja_world import Kinerja
from tests.penilaian.keberatan_world import build_keberatan_world

BASE_DIR = Path(settings.BASE_DIR)


def _pg_server() -> str:
    """The suite's own server when it runs on PostgreSQL, else the local one (if there is one)."""
    db = connection.settings_dict
    if connection.vendor != "postgresql":
        return os.environ.get("KINERJA_BACKUP_PG", "postgres://postgres@127.0.0.1:5432")
    auth = quote(db["USER"], safe="") + (f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"


PG_SERVER = _pg_server()
PASSWORD = "Sandi-Pulih-2026!"

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00" + b"\x00" * 40


@dataclass
class Installation:
    database_url: str
    var_dir: Path

    @property
    def media(self) -> Path:
        return self.var_dir / "media"

    def manage(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": self.database_url,
            "VAR_DIR": str(self.var_dir),
            "TEST_VAR_DIR": str(self.var_dir),
        }
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def run_python(self, code: str) -> Any:
        """Runs `code` in this installation; its last line `print(json.dumps(...))` is returned."""
        result = self.manage("shell", "--no-imports", "-c", code)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout.strip().splitlines()[-1])

    def rows(self) -> list[dict[str, Any]]:
        return normalised(
            self.run_python(
                "import io, json\n"
                "from backup.database import backed_up_models, dump_rows\n"
                "s = io.StringIO(); dump_rows(backed_up_models(), s); print(json.dumps(json.loads(s.getvalue())))"
            )
        )

    def media_files(self) -> dict[str, bytes]:
        return media_files(self.media)


def media_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _normal(value: Any) -> Any:
    """SQLite and PostgreSQL write the same instant differently (`.000Z` or `Z`)."""
    if isinstance(value, str) and len(value) >= 20 and value[4] == "-" and "T" in value:
        with contextlib.suppress(ValueError):
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    return value


def normalised(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [_normal(row) for row in rows]


def source_rows() -> list[dict[str, Any]]:
    stream = io.StringIO()
    dump_rows(backed_up_models(), stream)
    return normalised(json.loads(stream.getvalue()))


def source_installation(var_dir: Path) -> Installation:
    """The test database itself, reached from a subprocess."""
    db = connection.settings_dict
    url = f"sqlite:///{db['NAME']}" if connection.vendor == "sqlite" else f"{PG_SERVER}/{db['NAME']}"
    return Installation(database_url=url, var_dir=var_dir)


def pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3):
            return True
    except Exception:
        return False


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(sql)  # type: ignore[arg-type]


@contextlib.contextmanager
def pg_database(template: str | None = None) -> Iterator[str]:
    name = f"kinerja_backup_{uuid.uuid4().hex[:10]}"
    _pg_admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    try:
        yield name
    finally:
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Targets:
    """Fresh, migrated installations; migrating once and copying keeps the tests fast."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._sqlite_template: Path | None = None
        self._pg_template: str | None = None
        self._cleanups: list[Callable[[], None]] = []

    def sqlite(self) -> Installation:
        if self._sqlite_template is None:
            template = Installation(f"sqlite:///{self.root / 'template.sqlite3'}", self.root / "template-var")
            result = template.manage("migrate", "--noinput", "-v0")
            assert result.returncode == 0, result.stderr
            self._sqlite_template = self.root / "template.sqlite3"
        var_dir = self.root / f"sqlite-{uuid.uuid4().hex[:8]}"
        var_dir.mkdir()
        shutil.copyfile(self._sqlite_template, var_dir / "db.sqlite3")
        return Installation(f"sqlite:///{var_dir / 'db.sqlite3'}", var_dir)

    def postgresql(self) -> Installation:
        if self._pg_template is None:
            stack = contextlib.ExitStack()
            name = stack.enter_context(pg_database())
            self._cleanups.append(stack.close)
            result = Installation(f"{PG_SERVER}/{name}", self.root / "pg-template-var").manage(
                "migrate", "--noinput", "-v0"
            )
            assert result.returncode == 0, result.stderr
            self._pg_template = name
        stack = contextlib.ExitStack()
        name = stack.enter_context(pg_database(template=self._pg_template))
        # Dropped before the template, which cannot go while a copy is being made from it.
        self._cleanups.insert(0, stack.close)
        var_dir = self.root / f"pg-{uuid.uuid4().hex[:8]}"
        var_dir.mkdir()
        return Installation(f"{PG_SERVER}/{name}", var_dir)

    def close(self) -> None:
        for cleanup in self._cleanups:
            cleanup()


@dataclass
class Populated:
    k: Kinerja
    login_nip: str
    evidence: dict[str, bytes]  # path under MEDIA_ROOT → bytes


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def populate(k: Kinerja) -> Populated:
    """Evidence files (one replaced, one removed), a realisasi whose value was changed, and an
    evaluation changed by a keberatan decision (version 2), all through the services."""
    triwulan = periods_of_skp(k.skp)[0]
    user = k.staf.user
    assert user is not None
    user.set_password(PASSWORD)
    user.save()
    first = bukti_upload(rhk=k.rhk_utama, periode=triwulan, berkas=upload("Laporan.pdf", PDF), by=user)
    bukti_replace(bukti=first, berkas=upload("Foto kegiatan.png", PNG), by=user)
    removed = bukti_upload(
        rhk=k.rhk_tambahan, periode=triwulan, berkas=upload("Salah unggah.pdf", PDF + b"%x\n"), by=user
    )
    bukti_remove(bukti=removed, by=user)
    realisasi_save(iki=k.iki_kuantitas, periode=triwulan, nilai=Decimal(5), by=user)
    realisasi_save(iki=k.iki_kuantitas, periode=triwulan, nilai=Decimal("7.5"), keterangan="Revisi", by=user)
    kw = build_keberatan_world(k)
    kw.putuskan_ubah()
    # The world has what the backup must carry: a replaced realisasi, a removed file, version 2.
    assert Realisasi.objects.filter(iki=k.iki_kuantitas, diganti_pada__isnull=False).exists()
    assert BuktiDukung.objects.filter(dihapus_pada__isnull=False, jenis="berkas").count() == 2
    assert Evaluasi.objects.filter(skp=k.skp, diganti_pada__isnull=False).exists()
    evidence = {b.berkas.name: b.berkas.open("rb").read() for b in BuktiDukung.objects.exclude(berkas="")}
    assert len(evidence) == 3
    return Populated(k=k, login_nip=user.username, evidence=evidence)


def rebuild_archive(source: Path, target: Path, change: Callable[[str, bytes], bytes | None]) -> None:
    """A copy of an archive with each member passed through `change` (None drops it)."""
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for member in old:
            stream = old.extractfile(member)
            assert stream is not None
            data = change(member.name, stream.read())
            if data is None:
                continue
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))


def edit_manifest(edit: Callable[[dict[str, Any]], None]) -> Callable[[str, bytes], bytes | None]:
    def change(name: str, data: bytes) -> bytes | None:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        edit(manifest)
        return json.dumps(manifest).encode()

    return change
