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

from bench import benchmark, budgets


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
            help="exit 1 when a page's throughput as a share of /healthz falls under its floor "
            "(bench/budgets.py) by more than --margin, when a request fails, or when a single request "
            "does not answer 200 (CI)",
        )
        parser.add_argument(
            "--margin",
            type=float,
            default=budgets.NOISE_MARGIN,
            help=f"noise margin under each floor (default {budgets.NOISE_MARGIN})",
        )

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
                # /healthz is measured first and again last: a short run of the cheapest request is
                # the one a stall (a worker still starting, a checkpoint) spoils most, and every
                # ratio divides by it. The better of the two is the reference.
                healthz = plan.pages[0]
                for page in [*plan.pages, benchmark.Page(benchmark.HEALTHZ_AGAIN, healthz.requests)]:
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
        base = max((r for r in results if r.name in ("/healthz", benchmark.HEALTHZ_AGAIN)), key=lambda r: r.rps)
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
            verdicts = budgets.check_ratios(
                {r.name: r.ratio for r in results}, {r.name: r.errors for r in results}, margin=options["margin"]
            )
            broken = [f"{v.name} ({v.reason})" for v in verdicts if not v.ok]
            broken += [f"{s.name} (status {s.status})" for s in singles if s.status != 200]
            if broken:
                raise CommandError("budget broken: " + "; ".join(broken))
            self.stdout.write(
                self.style.SUCCESS(f"Every page is within its floor (noise margin {options['margin']:.0%}).")
            )

    def _table(self, results: list[benchmark.Result], singles: list[benchmark.Single]) -> None:
        def mark(met: bool) -> str:
            return "yes" if met else "no"

        self.stdout.write("")
        self.stdout.write(
            f"Issue budget: p95 ≤ {budgets.ISSUE_P95_MS:.0f} ms and ≥ {budgets.ISSUE_RATIO:.0%} of /healthz. "
            "CI floor: bench/budgets.py."
        )
        self.stdout.write("")
        self.stdout.write(
            "| Page | req/s | p50 ms | p95 ms | p99 ms | × /healthz | CI floor | issue budget | requests | errors |"
        )
        self.stdout.write("| --- | ---: | ---: | ---: | ---: | ---: | ---: | :---: | ---: | ---: |")
        for r in results:
            floor = budgets.RATIO_FLOORS.get(r.name)
            issue = "" if r.name in ("/healthz", benchmark.HEALTHZ_AGAIN) else mark(r.meets_issue_budget())
            self.stdout.write(
                f"| {r.name} | {r.rps:.0f} | {r.p50:.1f} | {r.p95:.1f} | {r.p99:.1f} | {r.ratio:.3f} | "
                f"{'' if floor is None else f'{floor:.3f}'} | {issue} | {r.requests} | {r.errors} |"
            )
        self.stdout.write("")
        self.stdout.write("| Single request | median ms | issue budget ms | met | status |")
        self.stdout.write("| --- | ---: | ---: | :---: | ---: |")
        for s in singles:
            budget = budgets.ISSUE_SINGLE_MS.get(s.kind)
            self.stdout.write(
                f"| {s.name} | {s.median_ms:.0f} | {'' if budget is None else f'{budget:.0f}'} | "
                f"{mark(s.meets_issue_budget())} | {s.status} |"
            )
