"""The benchmark: the app under gunicorn with production settings, a bounded load from wrk on
loopback, a table per page.

Every page is measured in the same run as `/healthz` and reported as a ratio of its throughput,
so the figures say how much a page costs over the cheapest request the stack answers, whatever
machine runs it. The users are a fixed sample of real generated pegawai (same seed, same users),
each request of a page goes out with the session of one of them, in turn.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse

from organisasi.models import OperatorRole, Pegawai, UnitKerja
from pelaksanaan.models import JenisPeriode, Periode
from perencanaan.models import Iki, Skp, StatusSkp

from .budgets import ISSUE_P95_MS, ISSUE_RATIO, ISSUE_SINGLE_MS

REPO = Path(__file__).resolve().parents[1]
WRK_SCRIPT = Path(__file__).with_name("wrk_report.lua")


@dataclass
class Page:
    name: str
    requests: list[tuple[str, str]] = field(default_factory=list)  # (path, username)


@dataclass
class Result:
    name: str
    rps: float
    p50: float
    p95: float
    p99: float
    requests: int
    errors: int
    ratio: float = 0.0

    def meets_issue_budget(self) -> bool:
        return self.errors == 0 and self.p95 <= ISSUE_P95_MS and self.ratio >= ISSUE_RATIO


@dataclass
class Single:
    name: str
    path: str
    username: str
    kind: str = ""  # a key of budgets.ISSUE_SINGLE_MS
    median_ms: float = 0.0
    status: int = 0

    def meets_issue_budget(self) -> bool:
        return self.status == 200 and self.median_ms <= ISSUE_SINGLE_MS.get(self.kind, float("inf"))


@dataclass
class Plan:
    pages: list[Page]
    singles: list[Single]
    users: set[str]
    pegawai: int


# --- Who requests what ----------------------------------------------------------------------


def _periode_of(skp: Skp) -> Periode | None:
    """The first periodic period of the SKP's year: the realisasi form a pegawai opens most."""
    return (
        Periode.objects.filter(instansi_id=skp.pegawai.instansi_id, tahun=skp.tahun)
        .exclude(jenis=JenisPeriode.TAHUNAN)
        .order_by("mulai", "pk")
        .first()
    )


def build_plan(*, users: int, seed: int) -> Plan:
    """A fixed sample of generated users and the requests each makes; deterministic per seed."""
    rng = random.Random(seed)  # noqa: S311 — a reproducible sample, not a secret
    owners = list(
        Skp.objects.filter(status=StatusSkp.DITETAPKAN, pegawai__user__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not owners:
        raise RuntimeError("no SKP ditetapkan with a user account: run generate_load_data first")
    picked = sorted(rng.sample(owners, min(users, len(owners))))
    skps = list(Skp.objects.filter(pk__in=picked).select_related("pegawai__user").order_by("pk"))
    leaders = list(
        Pegawai.objects.filter(user__isnull=False)
        .annotate(n=Count("bawahan", filter=Q(bawahan__aktif=True)))
        .filter(n__gt=0)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    leader_rows = list(
        Pegawai.objects.filter(pk__in=sorted(rng.sample(leaders, min(users, len(leaders)))))
        .select_related("user")
        .order_by("pk")
    )
    heads = list(UnitKerja.objects.filter(kepala__user__isnull=False).select_related("kepala__user").order_by("pk"))
    head_rows = sorted(rng.sample(heads, min(users, len(heads))), key=lambda u: u.pk)
    tahun = skps[0].tahun

    pages = {name: Page(name) for name in PAGE_NAMES}
    pages["/healthz"].requests.append(("/healthz", ""))
    for skp in skps:
        user = skp.pegawai.user.get_username()  # type: ignore[union-attr]
        pages["Layout only"].requests.append((reverse("password_change_done"), user))
        pages["SKP detail"].requests.append((reverse("perencanaan:skp_detail", args=[skp.pk]), user))
        iki = Iki.objects.filter(rhk__skp=skp).order_by("pk").first() if skp.is_kuantitatif else None
        periode = _periode_of(skp)
        if iki is not None and periode is not None:
            url = reverse("pelaksanaan:realisasi_iki", args=[skp.pk, iki.pk])
            pages["Realisasi form"].requests.append((f"{url}?periode={periode.pk}", user))
    for leader in leader_rows:
        user = leader.user.get_username()  # type: ignore[union-attr]
        pages["SKP Bawahan"].requests.append((f"{reverse('perencanaan:bawahan_list')}?tahun={tahun}", user))
        pages["Perilaku SKP"].requests.append((f"{reverse('pelaksanaan:perilaku_list')}?tahun={tahun}", user))
        pages["Distribusi (evaluasi bawahan)"].requests.append(
            (f"{reverse('penilaian:evaluasi_bawahan')}?tahun={tahun}", user)
        )
    for unit in head_rows:
        user = unit.kepala.user.get_username()  # type: ignore[union-attr]
        pages["Monitoring unit"].requests.append(
            (f"{reverse('penilaian:monitoring_unit', args=[unit.pk])}?tahun={tahun}", user)
        )
        pages["Rekap unit"].requests.append((f"{reverse('penilaian:rekap')}?tahun={tahun}&unit={unit.pk}", user))

    singles = _singles(skps[0], tahun)
    used = {u for page in pages.values() for _p, u in page.requests if u} | {s.username for s in singles}
    return Plan(
        pages=[p for p in pages.values() if p.requests],
        singles=singles,
        users=used,
        pegawai=Pegawai.objects.count(),
    )


HEALTHZ_AGAIN = "/healthz (again)"

PAGE_NAMES = [
    "/healthz",
    # The application shell around a page that does nothing else (session, user, menu, layout):
    # the most any page with the layout can reach, for comparison with the core pages.
    "Layout only",
    "SKP detail",
    "SKP Bawahan",
    "Realisasi form",
    "Perilaku SKP",
    "Monitoring unit",
    "Rekap unit",
    "Distribusi (evaluasi bawahan)",
]


def _operator_username(instansi_id: int) -> str:
    """An operator of the whole instansi; the benchmark grants the role to the top pegawai when
    the data has none (the generator makes none: an operator is not part of the hierarchy)."""
    role = OperatorRole.objects.filter(instansi_id=instansi_id, unit_kerja__isnull=True).select_related("user").first()
    if role is not None:
        return role.user.get_username()
    top = (
        Pegawai.objects.filter(instansi_id=instansi_id, atasan__isnull=True, user__isnull=False)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if top is None or top.user is None:
        raise RuntimeError("no pegawai with an account to act as operator")
    OperatorRole.objects.get_or_create(user=top.user, instansi_id=instansi_id, unit_kerja=None)
    return top.user.get_username()


def _singles(skp: Skp, tahun: int) -> list[Single]:
    """Requests whose budget is a single answer's time, not throughput."""
    instansi_id = skp.pegawai.instansi_id
    operator = _operator_username(instansi_id)
    rekap = reverse("penilaian:rekap")
    singles = [
        Single("Rekap + distribusi, seluruh instansi", f"{rekap}?tahun={tahun}", operator, kind="instansi"),
        Single(
            "Cetak SKP (PDF)",
            reverse("dokumen:skp_pdf", args=[skp.pk]),
            skp.pegawai.user.get_username(),  # type: ignore[union-attr]
            kind="pdf",
        ),
    ]
    # The unit closest to 1,000 pegawai in its subtree (its own and below): the budget's unit size.
    biggest = _unit_near(instansi_id, 1000)
    if biggest is not None:
        singles.insert(
            1,
            Single(
                f"Rekap + distribusi, unit {biggest[1]} pegawai",
                f"{rekap}?tahun={tahun}&unit={biggest[0]}",
                operator,
                kind="unit",
            ),
        )
    return singles


def _unit_near(instansi_id: int, size: int) -> tuple[int, int] | None:
    parent: dict[int, int | None] = dict(
        UnitKerja.objects.filter(instansi_id=instansi_id).values_list("pk", "induk_id")
    )
    own = dict(
        Pegawai.objects.filter(instansi_id=instansi_id, unit_kerja__isnull=False)
        .values("unit_kerja")
        .annotate(n=Count("pk"))
        .values_list("unit_kerja", "n")
    )
    total: dict[int, int] = dict.fromkeys(parent, 0)
    for unit, n in own.items():
        node: int | None = unit
        seen: set[int] = set()
        while node is not None and node not in seen:
            seen.add(node)
            total[node] = total.get(node, 0) + n
            node = parent.get(node)
    if not total:
        return None
    unit = min(total, key=lambda pk: (abs(total[pk] - size), pk))
    return unit, total[unit]


# --- The server -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def gunicorn(*, port: int, workers: int, threads: int, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """The app as in production: production settings, persistent connections, no debug."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "SECURE_SSL_REDIRECT": "false",  # loopback, no TLS terminator in front
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "60"),
        "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
        "DEBUG": "false",
    }
    # Production serves hashed static files (whitenoise's manifest): collect them as a deploy does.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], env=env, cwd=REPO, check=True
    )
    binary = Path(sys.executable).with_name("gunicorn")
    cmd = [str(binary), "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers)]
    if threads > 1:
        cmd += ["--threads", str(threads)]
    cmd += ["--timeout", "120"]
    server = subprocess.Popen(cmd, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=log.open("w"))  # noqa: S603
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if request(port, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError(f"gunicorn did not answer /healthz; see {log}")
        yield server
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def request(
    port: int, method: str, path: str, *, cookies: dict[str, str] | None = None, data: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in (cookies or {}).items())}
    body = None
    if data is not None:
        body = urlencode(data)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        conn.request(method, path, body, headers)
        response = conn.getresponse()
        content = response.read()
        got = {}
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";")[0].partition("=")
            got[name.strip()] = value
        if cookies is not None:
            cookies.update(got)
        return response.status, {k.lower(): v for k, v in response.getheaders()}, content
    finally:
        conn.close()


def log_in(port: int, username: str, password: str) -> dict[str, str]:
    cookies: dict[str, str] = {}
    request(port, "GET", "/accounts/login/", cookies=cookies)
    status, _headers, _body = request(
        port,
        "POST",
        "/accounts/login/",
        cookies=cookies,
        data={"username": username, "password": password, "csrfmiddlewaretoken": cookies.get("csrftoken", "")},
    )
    if status != 302 or "sessionid" not in cookies:
        raise RuntimeError(f"login of {username} failed ({status}): is the password right?")
    return {"sessionid": cookies["sessionid"]}


# --- The load -------------------------------------------------------------------------------


def _cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def run_wrk(
    *, port: int, page: Page, sessions: dict[str, dict[str, str]], duration: int, connections: int, threads: int
) -> Result:
    """One wrk run for a page: its requests in turn, each with its user's session."""
    with tempfile.TemporaryDirectory() as tmp:
        listing = Path(tmp) / "requests.txt"
        listing.write_text(
            "".join(f"{path}\t{_cookie_header(sessions[user]) if user else ''}\n" for path, user in page.requests)
        )
        env = {**os.environ, "BENCH_REQUESTS": str(listing)}
        wrk = shutil.which("wrk") or "wrk"
        out = subprocess.run(  # noqa: S603 — our own arguments
            [
                wrk,
                f"-t{threads}",
                f"-c{connections}",
                f"-d{duration}s",
                "--timeout",
                "30s",
                "-s",
                str(WRK_SCRIPT),
                f"http://127.0.0.1:{port}",
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    line = next(line for line in out.splitlines() if line.startswith("BENCH_JSON "))
    data = json.loads(line.removeprefix("BENCH_JSON "))
    return Result(
        name=page.name,
        rps=data["requests"] / (data["duration_us"] / 1e6),
        p50=data["p50_us"] / 1000,
        p95=data["p95_us"] / 1000,
        p99=data["p99_us"] / 1000,
        requests=data["requests"],
        errors=data["errors"],
    )


def preflight(port: int, page: Page, sessions: dict[str, dict[str, str]]) -> None:
    """Every request of the page answers 200 for its user before it is measured: a 302 to the login
    or a 404 would otherwise be measured as a fast page."""
    for path, user in page.requests:
        status, _h, _b = request(port, "GET", path, cookies=dict(sessions[user]) if user else None)
        if status != 200:
            raise RuntimeError(f"{page.name}: {path} as {user or 'anonymous'} answered {status}")


def time_single(port: int, single: Single, sessions: dict[str, dict[str, str]], repeat: int) -> Single:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        status, _h, _b = request(port, "GET", single.path, cookies=dict(sessions[single.username]))
        timings.append((time.perf_counter() - start) * 1000)
        single.status = status
    timings.sort()
    single.median_ms = timings[len(timings) // 2]
    return single


def database_label() -> str:
    db = settings.DATABASES["default"]
    return f"{db['ENGINE'].rsplit('.', 1)[-1]} {db.get('NAME')}"


def require_wrk() -> None:
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is not installed: apt-get install -y --no-install-recommends wrk")
