"""No lost writes across a PostgreSQL crash (issue 8).

A throwaway PostgreSQL cluster of its own (initdb in a temporary folder, its own port, so the
shared server and other tests are never touched) holds a migrated database with the demo cast. The
app runs under gunicorn exactly as in production (several workers, persistent connections with
health checks). Two writers drive load through HTTP — the pranata komputer saving realisasi, the
kepala bidang giving umpan balik — while PostgreSQL is killed (`pg_ctl stop -m immediate`, a crash)
and started again. Then:

- every write that was answered with success is in the database;
- while the database was down, pages answered 503 and /healthz reported it;
- once it was back, writes succeed again in the same server processes (no restart).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pytest

# ruff: noqa: S608 — the SQL below is built from ids the test made itself

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "KinerjaDemo2026!"
PEGAWAI_NIP = "198611232010012005"  # Pranata Komputer: writes realisasi
PENILAI_NIP = "197808122003122002"  # Kepala Bidang, her pejabat penilai: writes umpan balik
WRITES_PER_WRITER = 70
OUTAGE_SECONDS = 3.0

pytestmark = pytest.mark.reliability


def _pg_bin() -> Path | None:
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists() and (candidate / "pg_ctl").exists():
            return candidate
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_postgres(cmd: list[str]) -> list[str]:
    """initdb refuses to run as root: run the cluster as the system's postgres user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@dataclass
class Cluster:
    bin: Path
    data: Path
    port: int
    log: Path

    def ctl(self, *args: str) -> None:
        subprocess.run(
            _as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), *args]),
            check=True,
            capture_output=True,
            timeout=60,
        )

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.data}"
        self.ctl("-w", "-o", options, "start")

    def crash(self) -> None:
        self.ctl("-w", "-m", "immediate", "stop")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/kinerja"


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    pg_bin = _pg_bin()
    if pg_bin is None or (os.geteuid() == 0 and shutil.which("runuser") is None):
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL server binaries (initdb, pg_ctl) are needed for the reliability test")
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not installed")
    root = Path(tempfile.mkdtemp(prefix="kinerja-pg-"))
    data = root / "data"
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(data, "postgres")
    subprocess.run(
        _as_postgres([str(pg_bin / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]),
        check=True,
        capture_output=True,
        timeout=120,
    )
    c = Cluster(bin=pg_bin, data=data, port=_free_port(), log=root / "postgres.log")
    if os.geteuid() == 0:
        c.log.touch()
        shutil.chown(c.log, "postgres")
    c.start()
    subprocess.run(
        [str(pg_bin / "psql"), "-h", "127.0.0.1", "-p", str(c.port), "-U", "postgres", "-c", "CREATE DATABASE kinerja"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    try:
        yield c
    finally:
        subprocess.run(
            _as_postgres([str(pg_bin / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(root, ignore_errors=True)


def _env(cluster: Cluster, var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=cluster.url,
        CONN_MAX_AGE="60",  # persistent connections: the harder case to recover from
        TEST_VAR_DIR=str(var_dir),
        PYTHONUNBUFFERED="1",
    )
    return env


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(REPO / "manage.py"), *args],
        env=env,
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return done.stdout


IDS_SCRIPT = f"""
import json
from django.utils import timezone
from pelaksanaan.periode import periods_of_skp
from perencanaan.models import Iki, Skp
skp = Skp.objects.current().get(pegawai__nip="{PEGAWAI_NIP}", status="ditetapkan", periode_mulai__year=2026)
iki = Iki.objects.filter(rhk__skp=skp).order_by("rhk__urutan", "urutan", "pk").first()
today = timezone.localdate()
periode = next(p for p in periods_of_skp(skp) if not p.is_tahunan and p.terbuka and p.mulai <= today <= p.selesai)
print(json.dumps({{"skp": skp.pk, "iki": iki.pk, "periode": periode.pk, "penilai": skp.pejabat_penilai.nip}}))
"""


class Browser:
    """A tiny HTTP client with a cookie jar and Django's CSRF token; never follows redirects."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, data: dict[str, str] | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        body = urlencode(data) if data is not None else None
        sent = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **(headers or {})}
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        try:
            conn.request(method, path, body, sent)
            response = conn.getresponse()
            content = response.read().decode("utf-8", "replace")
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, _, value = cookie.split(";")[0].partition("=")
                self.cookies[name.strip()] = value
            return response.status, {k.lower(): v for k, v in response.getheaders()}, content
        finally:
            conn.close()

    def post(self, path: str, data: dict[str, str], **kwargs: dict[str, str]) -> tuple[int, dict[str, str], str]:
        return self.request("POST", path, {**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}, **kwargs)

    def log_in(self, nip: str) -> None:
        self.request("GET", "/accounts/login/")
        status, _headers, _body = self.post("/accounts/login/", {"username": nip, "password": PASSWORD})
        assert status == 302, f"login of {nip} failed: {status}"


@dataclass
class Outcome:
    key: str  # what identifies the write in the database
    status: int  # 0: no HTTP answer at all (connection refused or cut)
    ok: bool
    after_restart: bool


@dataclass
class Load:
    outcomes: list[Outcome] = field(default_factory=list)
    health_while_down: list[int] = field(default_factory=list)
    page_while_down: list[tuple[int, str]] = field(default_factory=list)
    restarted = threading.Event()
    crash_now = threading.Event()
    lock = threading.Lock()

    def record(self, outcome: Outcome) -> None:
        with self.lock:
            self.outcomes.append(outcome)


def _writes(load: Load) -> Iterator[int]:
    """Write numbers for one writer: at least WRITES_PER_WRITER, and on until a few writes went in
    after the restart (on a slow machine the restart may outlast the first batch), within 2 minutes."""
    deadline = time.monotonic() + 120
    i = after = 0
    while time.monotonic() < deadline and (i < WRITES_PER_WRITER or after < 5):
        if load.restarted.is_set():
            after += 1
        yield i
        i += 1


VERSI = re.compile(r'name="versi" value="(\d+)"')


def _save_realisasi(b: Browser, ids: dict[str, int], nilai: int, keterangan: str) -> tuple[int, dict[str, str]]:
    """As a person does it: open the form (it carries the id of the realisasi in force, the stale-save
    guard), then send it. An unanswered or refused opening is the write's outcome."""
    url = f"/skp/{ids['skp']}/realisasi/iki/{ids['iki']}/?periode={ids['periode']}"
    try:
        status, headers, body = b.request("GET", url)
        found = VERSI.search(body)
        if status != 200 or found is None:
            return status, headers
        status, headers, _body = b.post(url, {"nilai": str(nilai), "keterangan": keterangan, "versi": found[1]})
    except OSError:
        return 0, {}
    return status, headers


def _write_realisasi(b: Browser, ids: dict[str, int], load: Load) -> None:
    for i in _writes(load):
        key = f"beban-{i}"
        status, headers = _save_realisasi(b, ids, 100 + i, key)
        ok = status == 302 and "/realisasi/" in headers.get("location", "")
        load.record(Outcome(key, status, ok, load.restarted.is_set()))
        if i == WRITES_PER_WRITER // 3:
            load.crash_now.set()
        time.sleep(0.08)


def _write_umpan_balik(b: Browser, ids: dict[str, int], load: Load) -> None:
    url = f"/skp/{ids['skp']}/umpan-balik/hasil/"
    for i in _writes(load):
        key = f"Umpan balik beban {i}"
        try:
            status, _headers, body = b.post(
                url,
                {"periode": str(ids["periode"]), "iki": str(ids["iki"]), "teks": key},
                headers={"HX-Request": "true"},
            )
        except OSError:
            status, body = 0, ""
        ok = status == 200 and 'data-test="pesan"' in body and 'data-test="galat"' not in body
        load.record(Outcome(key, status, ok, load.restarted.is_set()))
        time.sleep(0.08)


def _crash_and_restart(cluster: Cluster, port: int, reader: Browser, load: Load) -> None:
    load.crash_now.wait(timeout=60)
    cluster.crash()
    deadline = time.monotonic() + OUTAGE_SECONDS
    probe = Browser(port)
    while time.monotonic() < deadline:
        try:
            load.health_while_down.append(probe.request("GET", "/healthz")[0])
            status, _h, body = reader.request("GET", "/skp/")
            load.page_while_down.append((status, body))
        except OSError:
            pass
        time.sleep(0.2)
    cluster.start()
    load.restarted.set()


def _rows(cluster: Cluster, sql: str) -> set[str]:
    out = subprocess.run(
        [
            str(cluster.bin / "psql"),
            "-h",
            "127.0.0.1",
            "-p",
            str(cluster.port),
            "-U",
            "postgres",
            "-d",
            "kinerja",
            "-At",
            "-c",
            sql,
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return set(out.stdout.splitlines())


def test_no_answered_write_is_lost_across_a_postgres_crash(cluster: Cluster) -> None:
    var_dir = Path(tempfile.mkdtemp(prefix="kinerja-reliability-"))
    os.chmod(var_dir, 0o700)
    env = _env(cluster, var_dir)
    _manage(env, "migrate", "--noinput", "-v", "0")
    _manage(env, "seed_demo", "-v", "0")
    ids = json.loads(_manage(env, "shell", "-c", IDS_SCRIPT).strip().splitlines()[-1])
    assert ids["penilai"] == PENILAI_NIP

    port = _free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    # The server's log goes to a file: a pipe nobody reads while the load runs would fill up with
    # the outage's error reports and block the workers.
    server_log = var_dir / "gunicorn.log"
    server = subprocess.Popen(
        [str(gunicorn), "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2", "--threads", "2", "--timeout", "60"],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=server_log.open("w"),
    )
    try:
        for _ in range(100):
            try:
                if Browser(port).request("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not answer /healthz")
        pegawai, penilai = Browser(port), Browser(port)
        pegawai.log_in(PEGAWAI_NIP)
        penilai.log_in(PENILAI_NIP)

        # The outage probe reads a page as a logged-in user, with a session of its own.
        probe = Browser(port)
        probe.log_in(PEGAWAI_NIP)
        load = Load()
        threads = [
            threading.Thread(target=_write_realisasi, args=(pegawai, ids, load)),
            threading.Thread(target=_write_umpan_balik, args=(penilai, ids, load)),
            threading.Thread(target=_crash_and_restart, args=(cluster, port, probe, load)),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=180)
        assert load.restarted.is_set(), "the crash and restart did not happen during the load"

        # After the load: the same server processes still write.
        for i in range(3):
            status, _headers = _save_realisasi(pegawai, ids, 900 + i, f"setelah-{i}")
            load.record(Outcome(f"setelah-{i}", status, status == 302, True))
        assert server.poll() is None, "gunicorn died"
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    errors = server_log.read_text(errors="replace")

    answered_ok = [o for o in load.outcomes if o.ok]
    failed = [o for o in load.outcomes if not o.ok]
    # The crash happened in the middle of the load: writes went through before it, were refused
    # while the database was down, and went through again after it.
    assert failed, "no write failed: the database was not down during the load"
    assert any(o.ok and not o.after_restart for o in load.outcomes)
    assert {o.status for o in failed} <= {0, 503}, sorted({o.status for o in failed})
    # While down: /healthz said so and a page answered the friendly 503.
    assert 503 in load.health_while_down
    assert any(s == 503 and "Layanan sementara tidak tersedia" in body for s, body in load.page_while_down)
    # Back without a restart of the app.
    assert all(o.ok for o in load.outcomes if o.key.startswith("setelah-")), errors[-2000:]
    assert any(o.ok for o in load.outcomes if o.after_restart and not o.key.startswith("setelah-"))

    realisasi = _rows(cluster, f"SELECT keterangan FROM pelaksanaan_realisasi WHERE iki_id = {ids['iki']}")
    umpan_balik = _rows(cluster, f"SELECT teks FROM pelaksanaan_umpanbalik WHERE skp_id = {ids['skp']}")
    lost = [o.key for o in answered_ok if o.key not in realisasi | umpan_balik]
    assert not lost, f"answered with success but not in the database: {lost}"
    # And the realisasi in force is one of those written (the history holds every version).
    current = _rows(
        cluster,
        f"SELECT keterangan FROM pelaksanaan_realisasi WHERE iki_id = {ids['iki']} "
        f"AND periode_id = {ids['periode']} AND diganti_pada IS NULL",
    )
    assert current == {"setelah-2"}
