"""The Generator: arguments, reference data, and the phases in order in one transaction."""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import translation

from accounts.models import User
from organisasi.models import Golongan, Instansi, Jabatan, JenjangFungsional, Pegawai, UnitKerja
from pelaksanaan.models import Periode, Realisasi, RiwayatPeriode, UmpanBalik
from penilaian.models import CapaianUnit, Evaluasi, Rating
from perencanaan.models import (
    AspekPerilaku,
    BarisMatriks,
    Iki,
    IndikatorKinerja,
    KolomMatriks,
    MatriksPeranHasil,
    PeranHasil,
    PerilakuSkp,
    PerjanjianKinerja,
    Rhk,
    RiwayatSkp,
    SasaranStrategis,
    Satuan,
    Skp,
)

from .. import catalog as c
from ..writer import (
    IdAllocator,
    Table,
    Writer,
    is_postgres,
    restore_fk_triggers,
    skip_fk_triggers,
    superuser,
    verify_foreign_keys,
)
from .base import GeneratorError, Timer, _aware
from .execution import ExecutionPhases
from .organisation import KODE_PREFIX, OrganisationPhases
from .plan import PlanPhases
from .tree import CAP, LEADER_MIN_SIZE

DEFAULT_TAHUN = 2025
DEFAULT_PASSWORD = "BebanKinerja2025!"  # noqa: S105 - synthetic load data only, printed by the command
DEFAULT_PER_INSTANSI = 20_000
MAX_SEED = 10**9
RATING_PAIRS = [(h, p) for h in Rating.values for p in Rating.values]
CHUNK = 2000


# Tables written after the organisation; on PostgreSQL their references are checked set-wise.
BULK_MODELS = (
    PerjanjianKinerja,
    SasaranStrategis,
    IndikatorKinerja,
    Periode,
    RiwayatPeriode,
    CapaianUnit,
    Skp,
    RiwayatSkp,
    PerilakuSkp,
    Rhk,
    Iki,
    MatriksPeranHasil,
    KolomMatriks,
    BarisMatriks,
    PeranHasil,
    Realisasi,
    UmpanBalik,
    Evaluasi,
)


@dataclass
class Report:
    instansi_kode: list[str]
    password: str
    tahun: int
    counts: dict[str, int]
    timings: list[tuple[str, float]]
    total_seconds: float


class Generator(OrganisationPhases, PlanPhases, ExecutionPhases):
    """One run: `run()` writes the whole data set (see the package docstring) or nothing."""

    def __init__(
        self,
        *,
        pegawai: int,
        seed: int,
        tahun: int = DEFAULT_TAHUN,
        password: str = DEFAULT_PASSWORD,
        per_instansi: int = DEFAULT_PER_INSTANSI,
        checked: bool = False,
        log: Callable[[str], None] = lambda s: None,
    ) -> None:
        if pegawai < LEADER_MIN_SIZE:
            raise GeneratorError(f"--pegawai must be at least {LEADER_MIN_SIZE}")
        if not 0 <= seed < MAX_SEED:
            raise GeneratorError(f"--seed must be between 0 and {MAX_SEED - 1}")
        if not LEADER_MIN_SIZE <= per_instansi <= CAP[0]:
            raise GeneratorError(f"--per-instansi must be between {LEADER_MIN_SIZE} and {CAP[0]}")
        self.n = pegawai
        self.checked = checked
        self.seed = seed
        self.tahun = tahun
        self.password = password
        self.per_instansi = per_instansi
        self.rng = random.Random(seed)  # noqa: S311 - synthetic data, reproducible on purpose
        self.log = log
        self.timer = Timer(log)
        self.stamp = _aware(date(tahun, 1, 2), 8)

    # --- entry point ----------------------------------------------------------------------------

    def run(self) -> Report:
        started = time.perf_counter()
        n_instansi = math.ceil(self.n / self.per_instansi)
        kodes = [self.kode_instansi(i) for i in range(n_instansi)]
        if Instansi.objects.filter(kode__startswith=f"{KODE_PREFIX}-{self.seed}-").exists():
            raise GeneratorError(
                f"load data for seed {self.seed} is already in this database (instansi {KODE_PREFIX}-{self.seed}-*); "
                "use another --seed or a fresh database"
            )
        self.writer = Writer()
        with translation.override("id"), transaction.atomic():
            self._reference()
            with self.timer.phase("plan (in memory)"):
                self._plan_people(n_instansi)
            with self.timer.phase("organisasi (instansi, unit, jabatan)"):
                self._write_organisasi()
            with self.timer.phase("akun (user)"):
                self._write_users()
            with self.timer.phase("pegawai"):
                self._write_pegawai()
            fast = is_postgres() and not self.checked and superuser()
            if fast:
                skip_fk_triggers()
            elif is_postgres():
                # From here on every row points only at rows already written: check foreign keys
                # per statement instead of queueing millions of checks for the commit.
                with connection.cursor() as cur:
                    cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
            with self.timer.phase("perjanjian kinerja"):
                self._write_pk()
            with self.timer.phase("periode + capaian unit"):
                self._write_periode_capaian()
            self._write_plans_and_results()
            if fast:
                with self.timer.phase("foreign keys verified (set-wise)"):
                    restore_fk_triggers()
                    broken = verify_foreign_keys(BULK_MODELS)
                if broken:
                    raise GeneratorError(f"dangling references, nothing saved: {', '.join(broken)}")
        total = time.perf_counter() - started
        return Report(
            instansi_kode=kodes,
            password=self.password,
            tahun=self.tahun,
            counts=dict(self.writer.counts),
            timings=list(self.timer.phases.items()),
            total_seconds=total,
        )

    # --- reference data -------------------------------------------------------------------------

    def _reference(self) -> None:
        self.golongan = {(g.jenis, g.kode): g for g in Golongan.objects.all()}
        self.golongan_urut = {
            jenis: sorted((g for g in self.golongan.values() if g.jenis == jenis), key=lambda g: g.urutan)
            for jenis in Golongan.Jenis.values
        }
        self.jenjang = {j.kode: j.pk for j in JenjangFungsional.objects.all()}
        self.satuan = {s.nama: s.pk for s in Satuan.objects.all()}
        self.aspek = list(AspekPerilaku.objects.order_by("urutan").values_list("pk", flat=True))
        missing = [k for jj in c.JENJANG.values() for k in jj if k not in self.jenjang]
        if missing or len(self.aspek) != 7 or not self.golongan:
            raise GeneratorError("reference data missing: run manage.py migrate first")
        self.taken_nip = set(Pegawai.objects.values_list("nip", flat=True))
        self.taken_nip |= set(User.objects.filter(username__regex=r"^\d{18}$").values_list("username", flat=True))
        self.ids = {
            m: IdAllocator(m, block=100 if m in (Instansi, Periode) else 50_000)
            for m in (
                Instansi,
                UnitKerja,
                Jabatan,
                User,
                Pegawai,
                PerjanjianKinerja,
                SasaranStrategis,
                IndikatorKinerja,
                Periode,
                Skp,
                PerilakuSkp,
                Rhk,
                Iki,
                MatriksPeranHasil,
                KolomMatriks,
                BarisMatriks,
                PeranHasil,
            )
        }

    # --- SKP, plans, realisasi, umpan balik, evaluations -------------------------------------------

    def _write_plans_and_results(self) -> None:
        tables = {**self._plan_tables(), **self._result_tables()}
        self.forced_pairs = list(RATING_PAIRS)  # the first evaluations take every rating pair once
        self.targets = [Decimal(x) for x in ("2", "4", "6", "12", "24", "50", "80", "85", "90", "95", "100")]
        self.factors = [Decimal(70 + 2 * k) / 100 for k in range(31)]  # 0.70 … 1.30
        # Chunks never mix depths of one instansi, so a leader's rows are written before their bawahan's.
        chunk: list[int] = []
        key: tuple[int, int] | None = None
        for idx, p in enumerate(self.people):
            k = (p.instansi, p.depth)
            if chunk and (k != key or len(chunk) >= CHUNK):
                self._chunk(chunk, tables)
                chunk = []
            key = k
            chunk.append(idx)
        if chunk:
            self._chunk(chunk, tables)

    def _chunk(self, chunk: list[int], t: dict[str, Table]) -> None:
        mulai, selesai = date(self.tahun, 1, 1), date(self.tahun, 12, 31)
        skp_rows: list[tuple[Any, ...]] = []
        riwayat: list[tuple[Any, ...]] = []
        perilaku: list[tuple[Any, ...]] = []
        rhk_rows: list[tuple[Any, ...]] = []
        iki_rows: list[tuple[Any, ...]] = []
        matriks: list[tuple[Any, ...]] = []
        kolom: list[tuple[Any, ...]] = []
        baris: list[tuple[Any, ...]] = []
        peran: list[tuple[Any, ...]] = []
        realisasi: list[tuple[Any, ...]] = []
        umpan: list[tuple[Any, ...]] = []
        evaluasi: list[tuple[Any, ...]] = []
        with self.timer.phase("skp + rencana (generate)"):
            for idx in chunk:
                self._plan_skp(
                    idx, mulai, selesai, skp_rows, riwayat, perilaku, rhk_rows, iki_rows, matriks, kolom, baris, peran
                )
        w = self.writer
        with self.timer.phase("skp + rencana (write)"):
            w.write(t["skp"], (r[:15] for r in skp_rows))
            w.write(t["riwayat"], iter(riwayat))
            w.write(t["perilaku"], (r[:5] for r in perilaku))
            w.write(t["rhk"], (r[:9] for r in rhk_rows))
            w.write(t["iki"], (r[:11] for r in iki_rows))
            w.write(t["matriks"], iter(matriks))
            w.write(t["kolom"], iter(kolom))
            w.write(t["baris"], iter(baris))
            w.write(t["peran"], iter(peran))
        with self.timer.phase("realisasi + umpan balik + evaluasi (generate)"):
            self._results(skp_rows, rhk_rows, iki_rows, perilaku, realisasi, umpan, evaluasi)
        with self.timer.phase("realisasi (write)"):
            w.write(t["realisasi"], iter(realisasi))
        with self.timer.phase("umpan balik (write)"):
            w.write(t["umpan_balik"], iter(umpan))
        with self.timer.phase("evaluasi (write)"):
            w.write(t["evaluasi"], iter(evaluasi))
