"""`manage.py run_benchmark`: the core pages under load, as a table (docs/performance.md)."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from bench import benchmark


class Command(BaseCommand):
    help = (
        "Start the app under gunicorn with production settings on this database, log in a sample of "
        "generated users and drive wrk against /healthz and the core pages; print requests/s, "
        "p50/p95/p99 and each page's throughput as a ratio of /healthz."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--users", type=int, default=30, help="sample size per page (default 30)")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--duration", type=int, default=10, help="seconds of load per page (default 10)")
        parser.add_argument("--connections", type=int, default=32)
        parser.add_argument("--workers", type=int, default=max(2, (os.cpu_count() or 1) * 2 + 1))
        parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker")
        parser.add_argument("--wrk-threads", type=int, default=1)
        parser.add_argument("--password", default=os.environ.get("BENCH_PASSWORD", "BebanKinerja2025!"))
        parser.add_argument("--repeat", type=int, default=5, help="timed repeats of the single requests")
        parser.add_argument("--json", dest="json_path", help="also write the results to this file")
        parser.add_argument(
            "--check",
            action="store_true",
            help="exit 1 when a page breaks its budget: p95 above --p95-budget ms, or throughput "
            "below --ratio-budget of /healthz",
        )
        parser.add_argument("--p95-budget", type=float, default=benchmark.P95_BUDGET_MS)
        parser.add_argument("--ratio-budget", type=float, default=benchmark.RATIO_BUDGET)

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            self.stderr.write("Warning: not PostgreSQL — the budgets are for PostgreSQL (set DATABASE_URL).")
        try:
            benchmark.require_wrk()
            plan = benchmark.build_plan(users=options["users"], seed=options["seed"])
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        # The server runs in other processes: they must see what build_plan wrote (an operator role).
        connection.close()
        port = benchmark.free_port()
        log = Path(tempfile.gettempdir()) / f"kinerja-bench-gunicorn-{port}.log"
        self.stdout.write(
            f"{plan.pegawai} pegawai on {benchmark.database_label()}; {len(plan.users)} users; "
            f"gunicorn {options['workers']} workers × {options['threads']} threads; wrk {options['connections']} "
            f"connections, {options['duration']} s per page"
        )
        try:
            with benchmark.gunicorn(port=port, workers=options["workers"], threads=options["threads"], log=log):
                sessions: dict[str, dict[str, str]] = {"": {}}
                for username in sorted(plan.users):
                    sessions[username] = benchmark.log_in(port, username, options["password"])
                results = []
                for page in plan.pages:
                    benchmark.preflight(port, page, sessions)
                    results.append(
                        benchmark.run_wrk(
                            port=port,
                            page=page,
                            sessions=sessions,
                            duration=options["duration"],
                            connections=options["connections"],
                            threads=options["wrk_threads"],
                        )
                    )
                singles = [benchmark.time_single(port, s, sessions, options["repeat"]) for s in plan.singles]
        except RuntimeError as exc:
            raise CommandError(f"{exc} (server log: {log})") from exc
        base = next(r for r in results if r.name == "/healthz")
        for r in results:
            r.ratio = r.rps / base.rps if base.rps else 0.0
        self._table(results, singles)
        if options["json_path"]:
            Path(options["json_path"]).write_text(
                json.dumps(
                    {
                        "pegawai": plan.pegawai,
                        "options": {k: options[k] for k in ("users", "seed", "duration", "connections", "workers")},
                        "pages": [asdict(r) for r in results],
                        "singles": [asdict(s) for s in singles],
                    },
                    indent=2,
                )
            )
        if options["check"]:
            broken = [
                r.name
                for r in results
                if r.name != "/healthz"
                and not r.within_budget(p95_ms=options["p95_budget"], ratio=options["ratio_budget"])
            ]
            broken += [s.name for s in singles if s.status != 200]
            if broken:
                raise CommandError("budget broken: " + ", ".join(broken))

    def _table(self, results: list[benchmark.Result], singles: list[benchmark.Single]) -> None:
        self.stdout.write("")
        self.stdout.write("| Page | req/s | p50 ms | p95 ms | p99 ms | × /healthz | requests | errors |")
        self.stdout.write("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for r in results:
            self.stdout.write(
                f"| {r.name} | {r.rps:.0f} | {r.p50:.1f} | {r.p95:.1f} | {r.p99:.1f} | {r.ratio:.2f} | "
                f"{r.requests} | {r.errors} |"
            )
        self.stdout.write("")
        self.stdout.write("| Single request | median ms | status |")
        self.stdout.write("| --- | ---: | ---: |")
        for s in singles:
            self.stdout.write(f"| {s.name} | {s.median_ms:.0f} | {s.status} |")
