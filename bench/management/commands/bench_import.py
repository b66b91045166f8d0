"""`manage.py bench_import --pegawai 100000`: time the file import at scale (docs/performance.md).

Makes a new instansi, generates its unit kerja, jabatan and pegawai files (bench.impor), and
runs each through the same services as the operator's upload page (create job, validate,
apply), then imports the pegawai file a second time (nothing may change). Prints seconds and
queries per phase. `--profile DIR` writes a cProfile file per validate/apply phase.
"""

from __future__ import annotations

import cProfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from bench.impor import Timer, run_import, synthetic_import_files
from organisasi.models import Instansi, Pegawai


class Command(BaseCommand):
    help = (
        "Time the CSV import of a generated instansi of N pegawai (unit kerja, jabatan, pegawai, then the "
        "pegawai file again) through the import services. Writes into the configured database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--pegawai", type=int, required=True, help="Number of pegawai in the file.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed of the generated files; default 1.")
        parser.add_argument(
            "--instansi", default="", help="Kode of the new instansi (at most 20 characters); default IMPOR-<N>-<seed>."
        )
        parser.add_argument("--write-files", metavar="DIR", help="Also write the three CSV files to DIR.")
        parser.add_argument("--profile", metavar="DIR", help="Write a cProfile file per validate/apply phase to DIR.")
        parser.add_argument(
            "--files-only", action="store_true", help="With --write-files: only write the files, import nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        n, seed = options["pegawai"], options["seed"]
        started = time.perf_counter()
        files = synthetic_import_files(n, seed=seed)
        generated = time.perf_counter() - started
        out = self.stdout.write
        out(
            f"Generated in {generated:.1f} s: {files.counts['unit_kerja']} unit kerja, {files.counts['jabatan']} "
            f"jabatan, {n} pegawai (PNS {files.counts['PNS']}, CPNS {files.counts['CPNS']}, PPPK "
            f"{files.counts['PPPK']}), {files.depth} levels of atasan; pegawai file {len(files.pegawai) / 1e6:.1f} MB."
        )
        if options["write_files"]:
            directory = Path(options["write_files"])
            directory.mkdir(parents=True, exist_ok=True)
            for jenis, data in files.by_jenis():
                (directory / f"{jenis}.csv").write_bytes(data)
            out(f"Files written to {directory}/{{unit_kerja,jabatan,pegawai}}.csv")
        if options["files_only"]:
            return

        kode = options["instansi"] or f"IMPOR-{n}-{seed}"
        if Instansi.objects.filter(kode=kode).exists():
            raise CommandError(f"Instansi {kode} already exists; use a fresh database (NIPs are unique) or --seed.")
        instansi = Instansi.objects.create(
            kode=kode, nama=f"Pemerintah Provinsi Uji Impor {n}", jenis=Instansi.Jenis.DAERAH
        )
        out(f"Instansi {kode} ({connection.vendor}, database {connection.settings_dict['NAME']})")

        profile_dir = Path(options["profile"]) if options["profile"] else None
        if profile_dir is not None:
            profile_dir.mkdir(parents=True, exist_ok=True)

        @contextmanager
        def profile(name: str) -> Iterator[None]:
            assert profile_dir is not None
            profiler = cProfile.Profile()
            profiler.enable()
            try:
                yield
            finally:
                profiler.disable()
                profiler.dump_stats(profile_dir / f"{name}.prof")

        timer = Timer()
        hook = profile if profile_dir is not None else None
        for jenis, data in files.by_jenis():
            run_import(instansi=instansi, jenis=jenis, data=data, timer=timer, label=jenis, profile=hook)
        job = run_import(
            instansi=instansi, jenis="pegawai", data=files.pegawai, timer=timer, label="pegawai again", profile=hook
        )
        hasil = job.laporan["hasil"]
        if hasil["dibuat"] or hasil["diubah"]:
            raise CommandError(f"The second import changed rows: {hasil}")
        if Pegawai.objects.filter(instansi=instansi).count() != n:
            raise CommandError("Not every pegawai was imported.")

        out(f"{'phase':<36} {'seconds':>8} {'queries':>8}")
        for step in timer.steps:
            out(f"{step.name:<36} {step.seconds:8.2f} {step.queries:8d}")
        for label in ("pegawai", "pegawai again"):
            total = sum(s.seconds for s in timer.steps if s.name.startswith(f"{label}:") and "upload" not in s.name)
            out(f"{label + ': validate + apply':<36} {total:8.2f}")
        if profile_dir is not None:
            out(f"Profiles in {profile_dir}/ (python -m pstats FILE; sort cumtime; stats 30)")
