import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from bench.fingerprint import fingerprint
from bench.generator import DEFAULT_PASSWORD, DEFAULT_PER_INSTANSI, DEFAULT_TAHUN, Generator, GeneratorError


class Command(BaseCommand):
    help = (
        "Generate deterministic synthetic load data: instansi, unit kerja, jabatan, pegawai with accounts, "
        "Perjanjian Kinerja, set SKP with RHK/IKI/perilaku, Matriks Peran Hasil, periods, realisasi, "
        "umpan balik, capaian unit and given evaluations. Same --pegawai and --seed give the same data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--pegawai", type=int, required=True, help="Number of pegawai (at least 6).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (0 … 999999999); default 1.")
        parser.add_argument("--tahun", type=int, default=DEFAULT_TAHUN, help=f"SKP year; default {DEFAULT_TAHUN}.")
        parser.add_argument(
            "--per-instansi",
            type=int,
            default=DEFAULT_PER_INSTANSI,
            help=f"Pegawai per instansi (a new instansi for every this many); default {DEFAULT_PER_INSTANSI}.",
        )
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="Password of every generated account.")
        parser.add_argument(
            "--checked",
            action="store_true",
            help="PostgreSQL: keep the per-row foreign-key triggers instead of one set-wise check at the end (slower).",
        )
        parser.add_argument(
            "--fingerprint", action="store_true", help="Print a hash of the generated content (slow for big runs)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            generator = Generator(
                pegawai=options["pegawai"],
                seed=options["seed"],
                tahun=options["tahun"],
                password=options["password"],
                per_instansi=options["per_instansi"],
                checked=options["checked"],
            )
            report = generator.run()
        except GeneratorError as exc:
            raise CommandError(str(exc)) from exc
        out = self.stdout.write
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Millions of new rows: without fresh statistics the planner takes a large table for a
            # small one and the first pages measured are slow for that reason alone.
            started = time.monotonic()
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            seconds = time.monotonic() - started
            report.timings.append(("statistics (ANALYZE)", seconds))
            report.total_seconds += seconds
        out("Phase timings (seconds):")
        for name, seconds in report.timings:
            out(f"  {name:<48} {seconds:8.2f}")
        out(f"  {'TOTAL':<48} {report.total_seconds:8.2f}")
        out("Rows written:")
        for label, count in sorted(report.counts.items()):
            out(f"  {label:<40} {count:>10}")
        out(f"  {'TOTAL':<40} {sum(report.counts.values()):>10}")
        out(f"Instansi: {', '.join(report.instansi_kode)} (tahun {report.tahun})")
        out(f"Password for every generated account (username = NIP): {report.password}")
        if options["fingerprint"]:
            out(f"Fingerprint: {fingerprint(report.instansi_kode)}")
        self.stdout.write(self.style.SUCCESS(f"Load data ready in {report.total_seconds:.1f} s."))
