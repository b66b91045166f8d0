"""Deterministic synthetic load data (``manage.py generate_load_data``).

Everything comes from one ``random.Random(seed)`` and a fixed year, so the same ``--pegawai`` and
``--seed`` give the same people, plans, realisasi and evaluations (ids and created_at/updated_at
stamps aside). Rows are written with COPY (PostgreSQL) or bulk_create (SQLite), without model
signals: synthetic data leaves no audit rows.

Shape (per instansi of at most ``per_instansi`` pegawai):

- a tree of leaders of depth 0–3: Sekretaris Daerah (JPT Madya) → Kepala perangkat daerah (JPT
  Pratama) → Sekretaris/Kepala Bidang (Administrator) → Kepala Subbagian/Seksi (Pengawas); each
  leader heads a unit kerja and has 5–15 direct bawahan (sub-leaders and staff: JF and pelaksana);
- one Perjanjian Kinerja per unit, one set (ditetapkan) SKP per pegawai for the year with 4–6 RHK
  of 2–4 IKI and the seven BerAKHLAK perilaku rows, Matriks Peran Hasil for some leaders;
- periods from the instansi's setting, realisasi for every period, umpan balik for a share,
  capaian unit for every unit and period, and a given evaluation for every SKP that has a
  pejabat penilai in every period, covering every predikat.
"""

from __future__ import annotations

import json
import math
import random
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone, translation

from accounts.models import User
from organisasi.models import Golongan, Instansi, Jabatan, JenjangFungsional, Pegawai, UnitKerja
from organisasi.rules import nama_lengkap
from pelaksanaan.models import JenisPeriode, Periode, Realisasi, RiwayatPeriode, UmpanBalik
from pelaksanaan.rules import periode_ranges
from penilaian.models import CapaianOrganisasi, CapaianUnit, Evaluasi, Rating, StatusEvaluasi
from penilaian.rules import predikat_from_ratings, rating_hasil_from_capaian
from perencanaan.models import (
    AspekPerilaku,
    BarisMatriks,
    Iki,
    IndikatorKinerja,
    JenisFormSkp,
    JenisRhk,
    KolomMatriks,
    MatriksPeranHasil,
    Pendekatan,
    PeranHasil,
    PerilakuSkp,
    PerjanjianKinerja,
    Perspektif,
    Rhk,
    RiwayatSkp,
    SasaranStrategis,
    Satuan,
    Skp,
    StatusSkp,
)

from . import catalog as c
from .writer import (
    IdAllocator,
    JsonValue,
    Table,
    Writer,
    is_postgres,
    restore_fk_triggers,
    skip_fk_triggers,
    superuser,
    verify_foreign_keys,
)

DEFAULT_TAHUN = 2025
DEFAULT_PASSWORD = "BebanKinerja2025!"  # noqa: S105 - synthetic load data only, printed by the command
DEFAULT_PER_INSTANSI = 20_000
KODE_PREFIX = "BENCH"
MAX_SEED = 10**9

SPAN_MIN, SPAN_MAX = 5, 15
LEADER_MIN_SIZE = SPAN_MIN + 1  # a leader and their five bawahan
MAX_LEADER_DEPTH = 3  # 0 JPT Madya, 1 JPT Pratama, 2 Administrator, 3 Pengawas
# Largest subtree a leader at each depth can head with spans of at most 15.
CAP = {MAX_LEADER_DEPTH: 1 + SPAN_MAX}
for _d in range(MAX_LEADER_DEPTH - 1, -1, -1):
    CAP[_d] = 1 + SPAN_MAX * CAP[_d + 1]
# How many staff (non-leaders) a leader at each depth prefers among their direct bawahan.
STAFF_PREF = {0: (0, 3), 1: (1, 4), 2: (2, 6)}
LEADER_JENIS = {
    0: Jabatan.Jenis.JPT_MADYA,
    1: Jabatan.Jenis.JPT_PRATAMA,
    2: Jabatan.Jenis.ADMINISTRATOR,
    3: Jabatan.Jenis.PENGAWAS,
}
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


class GeneratorError(Exception):
    """A reason not to generate (bad arguments, data of this seed already present)."""


# --- The organisation tree -------------------------------------------------------------------


def _distribute(total: int, k: int, lo: int, hi: int, rng: random.Random) -> list[int]:
    """k sizes in [lo, hi] adding up to total (lo·k ≤ total ≤ hi·k), roughly even with some jitter."""
    weights = [rng.uniform(0.6, 1.4) for _ in range(k)]
    tw = sum(weights)
    sizes = [min(hi, max(lo, int(total * w / tw))) for w in weights]
    diff = total - sum(sizes)
    while diff:
        j = rng.randrange(k)
        step = min(diff, hi - sizes[j]) if diff > 0 else -min(-diff, sizes[j] - lo)
        sizes[j] += step
        diff -= step
    return sizes


def _split(r: int, depth: int, rng: random.Random) -> list[int]:
    """Subtree sizes of the direct bawahan of a leader heading r further pegawai (sub-leaders first)."""
    if depth >= MAX_LEADER_DEPTH or r <= SPAN_MAX:
        if not SPAN_MIN <= r <= SPAN_MAX:
            raise GeneratorError(f"cannot give a leader {r} bawahan")
        return [1] * r
    cap = CAP[depth + 1]
    m_pref = rng.randint(*STAFF_PREF[depth])
    # Aim for the same branching on every level still to come, so small instansi get depth too.
    levels = MAX_LEADER_DEPTH - depth + 1
    child_size = r ** ((levels - 1) / levels) * rng.uniform(0.8, 1.25)
    for m in sorted(range(SPAN_MAX + 1), key=lambda x: (abs(x - m_pref), x)):
        total = r - m
        if total < LEADER_MIN_SIZE:
            continue
        lo = max(1, SPAN_MIN - m, math.ceil(total / cap))
        hi = min(SPAN_MAX - m, total // LEADER_MIN_SIZE)
        if lo > hi:
            continue
        k = min(max(round(total / child_size), lo), hi)
        return _distribute(total, k, LEADER_MIN_SIZE, cap, rng) + [1] * m
    raise GeneratorError(f"cannot split {r} pegawai below a leader at depth {depth}")


def plan_tree(n: int, rng: random.Random) -> tuple[list[int], list[int], list[bool]]:
    """Parents (-1 for the top), depths and leader flags of n pegawai in breadth-first order.

    Every leader has 5–15 direct bawahan; staff have none; n must be at least 6.
    """
    if n < LEADER_MIN_SIZE:
        raise GeneratorError(f"an instansi needs at least {LEADER_MIN_SIZE} pegawai")
    if n > CAP[0]:
        raise GeneratorError(f"an instansi holds at most {CAP[0]} pegawai with spans of at most {SPAN_MAX}")
    parent, depth, size = [-1], [0], [n]
    queue = deque([0])
    while queue:
        i = queue.popleft()
        for s in _split(size[i] - 1, depth[i], rng):
            parent.append(i)
            depth.append(depth[i] + 1)
            size.append(s)
            if s > 1:
                queue.append(len(size) - 1)
    return parent, depth, [s > 1 for s in size]


# --- In-memory plan of people ----------------------------------------------------------------


@dataclass(slots=True)
class Person:
    id: int
    user_id: int
    instansi: int  # index into Run.instansi
    parent: int  # global index or -1
    depth: int
    leader: bool
    unit: int  # unit id
    jabatan: int  # jabatan id
    jenis: str
    jenjang: str
    golongan: int
    nip: str = ""
    nama: str = ""
    gelar_depan: str = ""
    gelar_belakang: str = ""
    status: str = Pegawai.Status.PNS
    children: list[int] = field(default_factory=list)
    heads: int | None = None  # unit id headed
    identitas: str = ""  # JSON text of identitas_of()
    # Filled while plans are written: RHK utama ids (for bawahan's intervensi) and, per bawahan,
    # the peran hasil cell they copy (peran id, text, leader's RHK id).
    rhk_utama: list[int] = field(default_factory=list)
    peran: tuple[int, str, int] | None = None


@dataclass
class UnitPlan:
    id: int
    instansi: int
    induk: int | None
    kode: str
    nama: str
    kepala: int  # person index
    sasaran: list[tuple[int, str, list[int]]] = field(default_factory=list)  # (id, teks, indikator ids)


@dataclass
class Report:
    instansi_kode: list[str]
    password: str
    tahun: int
    counts: dict[str, int]
    timings: list[tuple[str, float]]
    total_seconds: float


class Timer:
    def __init__(self, log: Callable[[str], None]) -> None:
        self.phases: dict[str, float] = {}
        self.log = log

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.phases[name] = self.phases.get(name, 0.0) + time.perf_counter() - start


def _aware(d: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(d.year, d.month, d.day, hour, minute, tzinfo=timezone.get_default_timezone())


def _nip(rng: random.Random, *, birth_year: int, tmt_year: int, male: bool, taken: set[str]) -> str:
    """A structurally valid NIP (organisasi.rules.nip_errors) not in `taken`."""
    while True:
        month = rng.randint(1, 12)
        day = rng.randint(1, 28)
        tmt_month = rng.randint(1, 12)
        nip = f"{birth_year:04d}{month:02d}{day:02d}{tmt_year:04d}{tmt_month:02d}{1 if male else 2}{rng.randint(1, 999):03d}"
        if nip not in taken:
            taken.add(nip)
            return nip


def _json_identitas(nama: str, nip: str, golongan: str, jabatan: str, unit: str, instansi: str) -> str:
    return JsonValue.of(
        {
            "nama": nama,
            "nip": nip,
            "pangkat_golongan": golongan,
            "jabatan": jabatan,
            "unit_kerja": unit,
            "instansi": instansi,
        }
    ).text


class Generator:
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

    def kode_instansi(self, i: int) -> str:
        return f"{KODE_PREFIX}-{self.seed}-{i + 1}"

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

    def _gol(self, jenis: str, lo: str, hi: str) -> Golongan:
        rows = self.golongan_urut[jenis]
        a = self.golongan[(jenis, lo)].urutan
        b = self.golongan[(jenis, hi)].urutan
        return rows[self.rng.randint(a, b) - 1]

    # --- planning -------------------------------------------------------------------------------

    def _plan_people(self, n_instansi: int) -> None:
        rng = self.rng
        base, extra = divmod(self.n, n_instansi)
        self.instansi: list[dict[str, Any]] = []
        self.units: list[UnitPlan] = []
        self.jabatan_rows: list[tuple[Any, ...]] = []
        self.people: list[Person] = []
        self.units_by_id: dict[int, UnitPlan] = {}
        for i in range(n_instansi):
            size = base + (1 if i < extra else 0)
            daerah = c.DAERAH[(self.seed + i) % len(c.DAERAH)]
            inst: dict[str, Any] = {
                "id": self.ids[Instansi].one(),
                "kode": self.kode_instansi(i),
                "nama": f"Pemerintah Kabupaten {daerah} {self.seed}-{i + 1}",
                "jenis": Instansi.Jenis.DAERAH,
                "periode_evaluasi": ("triwulanan", "semesteran")[i % 2],
                "tempat": rng.choice(c.IBUKOTA),
            }
            self.instansi.append(inst)
            staff_jabatan = self._plan_staff_jabatan(i, inst["id"])
            parent, depth, leader = plan_tree(size, rng)
            offset = len(self.people)
            counters: dict[int, int] = {}
            for j in range(size):
                p_global = parent[j] + offset if parent[j] >= 0 else -1
                person = Person(
                    id=self.ids[Pegawai].one(),
                    user_id=self.ids[User].one(),
                    instansi=i,
                    parent=p_global,
                    depth=depth[j],
                    leader=leader[j],
                    unit=0,
                    jabatan=0,
                    jenis="",
                    jenjang="",
                    golongan=0,
                )
                self.people.append(person)
                idx = offset + j
                if p_global >= 0:
                    self.people[p_global].children.append(idx)
                if leader[j]:
                    self._plan_leader(idx, inst, counters)
                else:
                    self._plan_staff(idx, staff_jabatan)

    def _plan_staff_jabatan(self, i: int, instansi_id: int) -> dict[str, list[tuple[int, str, str, str]]]:
        """Shared JF and pelaksana jabatan of an instansi: kind → [(id, nama, jenis, jenjang)]."""
        out: dict[str, list[tuple[int, str, str, str]]] = {"fungsional": [], "pelaksana": []}
        for k, (nama, kategori) in enumerate(c.JF):
            for jenjang in c.JENJANG[kategori]:
                jid = self.ids[Jabatan].one()
                label = {
                    "ahli_pertama": "Ahli Pertama",
                    "ahli_muda": "Ahli Muda",
                    "ahli_madya": "Ahli Madya",
                    "terampil": "Terampil",
                    "mahir": "Mahir",
                    "penyelia": "Penyelia",
                }[jenjang]
                full = f"{nama} {label}"
                self.jabatan_rows.append(
                    (
                        jid,
                        instansi_id,
                        f"JF{k:02d}-{jenjang}",
                        full,
                        Jabatan.Jenis.FUNGSIONAL,
                        self.jenjang[jenjang],
                        "",
                    )
                )
                out["fungsional"].append((jid, full, Jabatan.Jenis.FUNGSIONAL, jenjang))
        for k, nama in enumerate(c.PELAKSANA):
            jid = self.ids[Jabatan].one()
            self.jabatan_rows.append((jid, instansi_id, f"PL{k:02d}", nama, Jabatan.Jenis.PELAKSANA, None, ""))
            out["pelaksana"].append((jid, nama, Jabatan.Jenis.PELAKSANA, ""))
        return out

    def _plan_leader(self, idx: int, inst: dict[str, Any], counters: dict[int, int]) -> None:
        person = self.people[idx]
        d = person.depth
        parent_unit = self.units_by_id[self.people[person.parent].heads] if person.parent >= 0 else None  # type: ignore[index]
        n = counters.get(person.parent, 0)
        counters[person.parent] = n + 1
        if d == 0:
            kode, nama, jab = "SETDA", "Sekretariat Daerah", "Sekretaris Daerah"
        elif d == 1:
            base = c.PERANGKAT_DAERAH[n % len(c.PERANGKAT_DAERAH)]
            nama = base if n < len(c.PERANGKAT_DAERAH) else f"{base} {n // len(c.PERANGKAT_DAERAH) + 1}"
            kode, jab = f"PD{n + 1:02d}", f"Kepala {nama}"
        elif d == 2:
            assert parent_unit is not None
            kode = f"{parent_unit.kode}.{n + 1:02d}"
            if n == 0:
                nama, jab = "Sekretariat", f"Sekretaris {parent_unit.nama}"
            else:
                bidang = c.BIDANG[(n - 1) % len(c.BIDANG)]
                nama = f"Bidang {bidang}" + (f" {(n - 1) // len(c.BIDANG) + 1}" if n > len(c.BIDANG) else "")
                jab = f"Kepala {nama} {parent_unit.nama}"
        else:
            assert parent_unit is not None
            kode = f"{parent_unit.kode}.{n + 1:02d}"
            words = c.SUBBAGIAN if parent_unit.nama == "Sekretariat" else c.SEKSI
            kind = "Subbagian" if parent_unit.nama == "Sekretariat" else "Seksi"
            nama = f"{kind} {words[n % len(words)]}" + (f" {n // len(words) + 1}" if n >= len(words) else "")
            jab = f"Kepala {nama}"
        unit = UnitPlan(
            id=self.ids[UnitKerja].one(),
            instansi=person.instansi,
            induk=parent_unit.id if parent_unit is not None and d >= 2 else None,
            kode=kode,
            nama=nama,
            kepala=idx,
        )
        self.units.append(unit)
        self.units_by_id[unit.id] = unit
        jenis = LEADER_JENIS[d]
        jid = self.ids[Jabatan].one()
        self.jabatan_rows.append((jid, inst["id"], f"S-{kode}", jab, jenis, None, f"Memimpin {nama}."))
        person.unit = person.heads = unit.id
        person.jabatan, person.jenis = jid, jenis
        person.status = Pegawai.Status.PNS
        person.golongan = self._gol("PNS", *c.GOL_STRUKTURAL[jenis]).pk
        self._plan_name(person, leader=True, birth=(1966, 1982))

    def _plan_staff(self, idx: int, staff_jabatan: dict[str, list[tuple[int, str, str, str]]]) -> None:
        rng = self.rng
        person = self.people[idx]
        person.unit = self.people[person.parent].unit
        kind = "fungsional" if rng.random() < 0.55 else "pelaksana"
        r = rng.random()
        status = Pegawai.Status.PPPK if r < 0.15 else Pegawai.Status.CPNS if r < 0.2 else Pegawai.Status.PNS
        options = staff_jabatan[kind]
        if status == Pegawai.Status.CPNS and kind == "fungsional":
            options = [o for o in options if o[3] in c.CPNS_JENJANG]
        jid, _nama, jenis, jenjang = rng.choice(options)
        person.jabatan, person.jenis, person.jenjang, person.status = jid, jenis, jenjang, status
        if status == Pegawai.Status.PPPK:
            kode = c.PPPK_JF[jenjang] if jenjang else rng.choice(c.PPPK_PELAKSANA)
            person.golongan = self.golongan[("PPPK", kode)].pk
        elif status == Pegawai.Status.CPNS:
            kode = "III/a" if jenjang == "ahli_pertama" or (not jenjang and rng.random() < 0.5) else "II/c"
            if not jenjang and kode == "II/c":
                kode = "II/a"
            person.golongan = self.golongan[("PNS", kode)].pk
        else:
            lo, hi = c.GOL_JF[jenjang] if jenjang else c.GOL_PELAKSANA
            person.golongan = self._gol("PNS", lo, hi).pk
        self._plan_name(person, leader=False, birth=(1968, 2000))

    def _plan_name(self, person: Person, *, leader: bool, birth: tuple[int, int]) -> None:
        rng = self.rng
        male = rng.random() < 0.5
        first = rng.choice(c.NAMA_DEPAN_L if male else c.NAMA_DEPAN_P)
        last = rng.choice(c.NAMA_BELAKANG)
        person.nama = f"{first} {last}" if rng.random() < 0.85 else f"{first} {rng.choice(c.NAMA_BELAKANG)} {last}"
        if person.status == Pegawai.Status.CPNS:
            birth_year = rng.randint(max(birth[0], self.tahun - 35), self.tahun - 22)
            tmt_year = self.tahun - 1
        else:
            latest = min(birth[1], self.tahun - (40 if leader else 25))  # old enough for a TMT before tahun
            birth_year = rng.randint(min(birth[0], latest), latest)
            tmt_year = min(self.tahun - 2, birth_year + rng.randint(21, 30))
            if person.status == Pegawai.Status.PPPK:
                tmt_year = max(tmt_year, min(self.tahun - 2, 2019 + rng.randint(0, 4)))
        person.nip = _nip(rng, birth_year=birth_year, tmt_year=tmt_year, male=male, taken=self.taken_nip)
        if leader:
            person.gelar_belakang = f"{rng.choice(c.GELAR_S1)}, {rng.choice(c.GELAR_S2)}"
            person.gelar_depan = "Dr." if rng.random() < 0.1 else ("Ir." if rng.random() < 0.1 else "")
        elif person.jenjang.startswith("ahli"):
            person.gelar_belakang = rng.choice(c.GELAR_S1)
        elif person.jenjang or rng.random() < 0.4:
            person.gelar_belakang = rng.choice(c.GELAR_D3)

    # --- organisation rows ------------------------------------------------------------------------

    def _write_organisasi(self) -> None:
        w, s = self.writer, self.stamp
        t_inst = Table(Instansi, ["id", "kode", "nama", "jenis", "periode_evaluasi", "tempat_tanda_tangan"], stamp=s)
        w.write(
            t_inst,
            ((i["id"], i["kode"], i["nama"], i["jenis"], i["periode_evaluasi"], i["tempat"]) for i in self.instansi),
        )
        t_unit = Table(UnitKerja, ["id", "instansi_id", "induk_id", "kode", "nama", "kepala_id"], stamp=s)
        w.write(
            t_unit,
            (
                (u.id, self.instansi[u.instansi]["id"], u.induk, u.kode, u.nama, self.people[u.kepala].id)
                for u in self.units
            ),
        )
        t_jab = Table(Jabatan, ["id", "instansi_id", "kode", "nama", "jenis", "jenjang_id", "uraian_tugas"], stamp=s)
        w.write(t_jab, iter(self.jabatan_rows))
        self._identities()

    def _identities(self) -> None:
        jab_nama = {row[0]: row[3] for row in self.jabatan_rows}
        unit_nama = {u.id: u.nama for u in self.units}
        gol_label = {g.pk: g.label for g in self.golongan.values()}
        for person in self.people:
            person.identitas = _json_identitas(
                nama_lengkap(person.nama, person.gelar_depan, person.gelar_belakang),
                person.nip,
                str(gol_label[person.golongan]),
                jab_nama[person.jabatan],
                unit_nama[person.unit],
                self.instansi[person.instansi]["nama"],
            )

    def _write_users(self) -> None:
        password_hash = make_password(self.password)  # once: every account shares it
        t = Table(User, ["id", "username", "password", "first_name", "date_joined"], stamp=self.stamp)
        self.writer.write(t, ((p.user_id, p.nip, password_hash, p.nama[:150], self.stamp) for p in self.people))

    def _write_pegawai(self) -> None:
        cols = [
            "id",
            "instansi_id",
            "nip",
            "nama",
            "gelar_depan",
            "gelar_belakang",
            "status",
            "golongan_id",
            "jabatan_id",
            "unit_kerja_id",
            "atasan_id",
            "user_id",
        ]
        t = Table(Pegawai, cols, stamp=self.stamp)
        people = self.people
        self.writer.write(
            t,
            (
                (
                    p.id,
                    self.instansi[p.instansi]["id"],
                    p.nip,
                    p.nama,
                    p.gelar_depan,
                    p.gelar_belakang,
                    p.status,
                    p.golongan,
                    p.jabatan,
                    p.unit,
                    people[p.parent].id if p.parent >= 0 else None,
                    p.user_id,
                )
                for p in people
            ),
        )

    # --- Perjanjian Kinerja -----------------------------------------------------------------------

    def _write_pk(self) -> None:
        rng, s = self.rng, self.stamp
        pk_rows, sas_rows, ind_rows = [], [], []
        for u in self.units:
            pk_id = self.ids[PerjanjianKinerja].one()
            pk_rows.append((pk_id, u.id, self.tahun))
            for k in range(rng.randint(2, 3)):
                sid = self.ids[SasaranStrategis].one()
                teks = c.SASARAN[(k + rng.randrange(4)) % len(c.SASARAN)].format(unit=u.nama)
                sas_rows.append((sid, pk_id, teks, k))
                ind_ids = []
                for j in range(rng.randint(1, 3)):
                    iid = self.ids[IndikatorKinerja].one()
                    ind_teks, satuan = c.INDIKATOR[(k + j) % len(c.INDIKATOR)]
                    target = Decimal(rng.choice(("3.5", "80", "85", "90", "95", "100", "12")))
                    ind_rows.append((iid, sid, ind_teks, target, self.satuan[satuan], j))
                    ind_ids.append(iid)
                u.sasaran.append((sid, teks, ind_ids))
        w = self.writer
        w.write(Table(PerjanjianKinerja, ["id", "unit_kerja_id", "tahun"], stamp=s), iter(pk_rows))
        w.write(Table(SasaranStrategis, ["id", "perjanjian_id", "teks", "urutan"], stamp=s), iter(sas_rows))
        w.write(
            Table(IndikatorKinerja, ["id", "sasaran_id", "teks", "target", "satuan_id", "urutan"], stamp=s),
            iter(ind_rows),
        )

    # --- Periods and capaian unit ----------------------------------------------------------------

    def _write_periode_capaian(self) -> None:
        rng, s = self.rng, self.stamp
        rows, riwayat = [], []
        self.periods: list[
            list[tuple[int, str, int, date, date]]
        ] = []  # per instansi: (id, jenis, nomor, mulai, selesai)
        for inst in self.instansi:
            ranges = periode_ranges(tahun=self.tahun, skema=inst["periode_evaluasi"])
            mine: list[tuple[int, str, int, date, date]] = []
            for r in ranges:
                pid = self.ids[Periode].one()
                rows.append(
                    (
                        pid,
                        inst["id"],
                        self.tahun,
                        JenisPeriode.PERIODIK,
                        inst["periode_evaluasi"],
                        r.nomor,
                        r.nama,
                        r.mulai,
                        r.selesai,
                        s,
                    )
                )
                mine.append((pid, JenisPeriode.PERIODIK, r.nomor, r.mulai, r.selesai))
            pid = self.ids[Periode].one()
            nama = str(translation.gettext("Tahunan"))
            rows.append(
                (pid, inst["id"], self.tahun, JenisPeriode.TAHUNAN, "", 0, nama, ranges[0].mulai, ranges[-1].selesai, s)
            )
            mine.append((pid, JenisPeriode.TAHUNAN, 0, ranges[0].mulai, ranges[-1].selesai))
            self.periods.append(mine)
            riwayat += [(p[0], RiwayatPeriode.Aksi.DIBUAT, None, s) for p in mine]
        cols = ["id", "instansi_id", "tahun", "jenis", "skema", "nomor", "nama", "mulai", "selesai", "created_at"]
        self.writer.write(Table(Periode, cols, stamp=s), iter(rows))
        self.writer.write(Table(RiwayatPeriode, ["periode_id", "aksi", "oleh_id", "pada"], stamp=s), iter(riwayat))

        # Capaian kinerja organisasi of every unit in every period, set by the leader above.
        weights = [
            (CapaianOrganisasi.ISTIMEWA, 15),
            (CapaianOrganisasi.BAIK, 55),
            (CapaianOrganisasi.BUTUH_PERBAIKAN, 18),
            (CapaianOrganisasi.KURANG, 8),
            (CapaianOrganisasi.SANGAT_KURANG, 4),
        ]
        values = [v for v, _w in weights]
        cum = [w for _v, w in weights]
        self.capaian: dict[tuple[int, int], str] = {}
        cap_rows = []
        for u in self.units:
            head = self.people[u.kepala]
            setter = self.people[head.parent] if head.parent >= 0 else None
            for pid, _jenis, _nomor, _mulai, selesai in self.periods[u.instansi]:
                capaian = rng.choices(values, cum)[0]
                saran = capaian if rng.random() < 0.7 else rng.choice(values)
                self.capaian[(u.id, pid)] = capaian
                cap_rows.append(
                    (
                        u.id,
                        pid,
                        capaian,
                        saran,
                        f"Berdasarkan realisasi Perjanjian Kinerja {u.nama}",
                        setter.id if setter else None,
                        setter.user_id if setter else None,
                        _aware(selesai + timedelta(days=3), 10),
                    )
                )
        cols = ["unit_kerja_id", "periode_id", "capaian", "saran", "catatan", "ditetapkan_oleh_id", "dibuat_oleh_id"]
        self.writer.write(Table(CapaianUnit, [*cols, "dibuat_pada"], stamp=s), iter(cap_rows))

    # --- SKP, plans, realisasi, umpan balik, evaluations -------------------------------------------

    def _tables(self) -> dict[str, Table]:
        s = self.stamp
        return {
            "skp": Table(
                Skp,
                [
                    "id",
                    "pegawai_id",
                    "jabatan_id",
                    "unit_kerja_id",
                    "pejabat_penilai_id",
                    "periode_mulai",
                    "periode_selesai",
                    "pendekatan",
                    "jenis_form",
                    "status",
                    "versi_rencana",
                    "diajukan_pada",
                    "ditetapkan_pada",
                    "ditetapkan_oleh_id",
                    "identitas",
                ],
                stamp=s,
            ),
            "riwayat": Table(RiwayatSkp, ["skp_id", "dari_status", "ke_status", "oleh_id", "pada", "catatan"], stamp=s),
            "perilaku": Table(PerilakuSkp, ["id", "skp_id", "aspek_id", "ekspektasi_khusus", "jenis_penilai"], stamp=s),
            "rhk": Table(
                Rhk,
                [
                    "id",
                    "skp_id",
                    "jenis",
                    "teks",
                    "penugasan_dari",
                    "intervensi_id",
                    "sasaran_pk_id",
                    "peran_asal_id",
                    "urutan",
                ],
                stamp=s,
            ),
            "iki": Table(
                Iki,
                [
                    "id",
                    "rhk_id",
                    "teks",
                    "aspek",
                    "perspektif",
                    "target_min",
                    "target_max",
                    "target_teks",
                    "satuan_id",
                    "indikator_pk_id",
                    "urutan",
                ],
                stamp=s,
            ),
            "matriks": Table(MatriksPeranHasil, ["id", "rhk_id"], stamp=s),
            "kolom": Table(KolomMatriks, ["id", "matriks_id", "nama", "urutan"], stamp=s),
            "baris": Table(BarisMatriks, ["id", "matriks_id", "pegawai_id", "jabatan_tim", "urutan"], stamp=s),
            "peran": Table(PeranHasil, ["id", "baris_id", "kolom_id", "teks"], stamp=s),
            "realisasi": Table(
                Realisasi,
                [
                    "skp_id",
                    "periode_id",
                    "rhk_id",
                    "iki_id",
                    "nilai",
                    "teks",
                    "keterangan",
                    "dibuat_oleh_id",
                    "dibuat_pada",
                ],
                stamp=s,
            ),
            "umpan_balik": Table(
                UmpanBalik,
                [
                    "skp_id",
                    "periode_id",
                    "jenis",
                    "rhk_id",
                    "iki_id",
                    "perilaku_id",
                    "tanggal",
                    "teks",
                    "penulis_id",
                    "peran_penulis",
                    "dibuat_oleh_id",
                    "dibuat_pada",
                ],
                stamp=s,
            ),
            "evaluasi": Table(
                Evaluasi,
                [
                    "skp_id",
                    "periode_id",
                    "status",
                    "capaian_organisasi",
                    "rating_hasil",
                    "rating_perilaku",
                    "predikat",
                    "catatan",
                    "penilai_id",
                    "identitas",
                    "dibuat_oleh_id",
                    "dibuat_pada",
                    "diubah_pada",
                    "diberikan_pada",
                    "diterima_pada",
                ],
                stamp=s,
            ),
        }

    def _write_plans_and_results(self) -> None:
        tables = self._tables()
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

    def _plan_skp(
        self,
        idx: int,
        mulai: date,
        selesai: date,
        skp_rows: list[tuple[Any, ...]],
        riwayat: list[tuple[Any, ...]],
        perilaku: list[tuple[Any, ...]],
        rhk_rows: list[tuple[Any, ...]],
        iki_rows: list[tuple[Any, ...]],
        matriks: list[tuple[Any, ...]],
        kolom: list[tuple[Any, ...]],
        baris: list[tuple[Any, ...]],
        peran: list[tuple[Any, ...]],
    ) -> None:
        rng, people, tahun = self.rng, self.people, self.tahun
        p = people[idx]
        atasan = people[p.parent] if p.parent >= 0 else None
        atasan2 = people[atasan.parent] if atasan is not None and atasan.parent >= 0 else None
        jpt = p.jenis in Jabatan.JPT_FORM_KINDS
        kuantitatif = rng.random() < (0.7 if jpt else 0.6)
        skp_id = self.ids[Skp].one()
        diajukan = _aware(date(tahun, 1, rng.randint(3, 20)), rng.randint(8, 15), rng.randint(0, 59))
        late = rng.random() < 0.05
        ditetapkan = diajukan + timedelta(days=rng.randint(1, 10) + (30 if late else 0), hours=rng.randint(0, 5))
        identitas = JsonValue(
            None,
            '{{"pegawai": {}, "pejabat_penilai": {}, "atasan_pejabat_penilai": {}}}'.format(
                p.identitas, atasan.identitas if atasan else "null", atasan2.identitas if atasan2 else "null"
            ),
        )
        if not is_postgres():  # bulk_create wants the object, COPY the text
            identitas = JsonValue(json.loads(identitas.text), identitas.text)
        unit = self.units_by_id[p.unit]
        n_rhk = rng.randint(4, 6)
        n_utama = min(n_rhk, rng.randint(3, 5))
        skp_start = len(rhk_rows)
        iki_count = 0
        for r in range(n_rhk):
            rid = self.ids[Rhk].one()
            utama = r < n_utama
            keg = c.KEGIATAN[rng.randrange(len(c.KEGIATAN))]
            sasaran_pk = None
            peran_asal = None
            if jpt and utama and unit.sasaran:
                sasaran = unit.sasaran[r % len(unit.sasaran)]
                sasaran_pk = sasaran[0]
                teks = sasaran[1]
            elif jpt:
                teks = f"{c.HASIL_JPT[rng.randrange(len(c.HASIL_JPT))]} melalui {keg}"
            else:
                teks = f"{c.HASIL_JA[rng.randrange(len(c.HASIL_JA))]} {keg} pada {unit.nama}"
            intervensi = None
            if utama and atasan is not None and atasan.rhk_utama:
                intervensi = atasan.rhk_utama[r % len(atasan.rhk_utama)]
            if r == 0 and p.peran is not None:
                peran_asal, teks, intervensi = p.peran
            if not utama:
                teks = f"Tugas tambahan: {keg}"
            penugasan = "" if utama else (f"Penugasan dari {atasan.nama}" if atasan else "Penugasan pimpinan")
            rhk_rows.append(
                (
                    rid,
                    skp_id,
                    JenisRhk.UTAMA if utama else JenisRhk.TAMBAHAN,
                    teks,
                    penugasan,
                    intervensi,
                    sasaran_pk,
                    peran_asal,
                    r,
                    keg,
                    utama,
                )
            )
            if utama:
                p.rhk_utama.append(rid)
            ind_ids = unit.sasaran[r % len(unit.sasaran)][2] if sasaran_pk is not None else []
            for k in range(rng.randint(2, 4)):
                iid = self.ids[Iki].one()
                iki_count += 1
                perspektif = Perspektif.values[(r + k) % 4] if jpt else ""
                indikator = ind_ids[k] if k < len(ind_ids) else None
                if kuantitatif:
                    tmpl, satuan, aspek = c.IKI_KUANTITATIF[rng.randrange(len(c.IKI_KUANTITATIF))]
                    target = self.targets[rng.randrange(len(self.targets))]
                    if satuan == "Persen (%)":
                        target = self.targets[rng.randrange(6, len(self.targets))]
                    elif satuan == "Rupiah":
                        target = Decimal(rng.randint(5, 50) * 1_000_000)
                    target_max = target * Decimal("1.1") if rng.random() < 0.15 and satuan != "Rupiah" else None
                    iki_rows.append(
                        (
                            iid,
                            rid,
                            tmpl.format(k=keg),
                            "" if jpt else aspek,
                            perspektif,
                            target,
                            target_max,
                            "",
                            self.satuan[satuan],
                            indikator,
                            k,
                            aspek,
                        )
                    )
                else:
                    tmpl = c.IKI_KUALITATIF[rng.randrange(len(c.IKI_KUALITATIF))]
                    target_teks = c.TARGET_KUALITATIF[rng.randrange(len(c.TARGET_KUALITATIF))]
                    iki_rows.append(
                        (
                            iid,
                            rid,
                            tmpl.format(K=keg.capitalize()),
                            "",
                            perspektif,
                            None,
                            None,
                            target_teks,
                            None,
                            indikator,
                            k,
                            "",
                        )
                    )
        penilai_user = atasan.user_id if atasan else None
        skp_rows.append(
            (
                skp_id,
                p.id,
                p.jabatan,
                p.unit,
                atasan.id if atasan else None,
                mulai,
                selesai,
                Pendekatan.KUANTITATIF if kuantitatif else Pendekatan.KUALITATIF,
                JenisFormSkp.JPT if jpt else JenisFormSkp.JAJF,
                StatusSkp.DITETAPKAN,
                n_rhk + iki_count,
                diajukan,
                ditetapkan,
                penilai_user,
                identitas,
                idx,
                kuantitatif,
                skp_start,
            )
        )
        created = diajukan - timedelta(days=rng.randint(1, 5))
        riwayat.append((skp_id, "", StatusSkp.DRAFT, p.user_id, created, ""))
        riwayat.append((skp_id, StatusSkp.DRAFT, StatusSkp.DIAJUKAN, p.user_id, diajukan, ""))
        riwayat.append((skp_id, StatusSkp.DIAJUKAN, StatusSkp.DITETAPKAN, penilai_user, ditetapkan, ""))
        for k, aspek_id in enumerate(self.aspek):
            ekspektasi = c.EKSPEKTASI[k] if rng.random() < 0.5 else ""
            perilaku.append((self.ids[PerilakuSkp].one(), skp_id, aspek_id, ekspektasi, "atasan", k))
        # Matriks Peran Hasil: some leaders divide their first RHK utama among their bawahan.
        if p.leader and p.rhk_utama and rng.random() < 0.4:
            leader_rhk = p.rhk_utama[0]
            mid = self.ids[MatriksPeranHasil].one()
            matriks.append((mid, leader_rhk))
            cols = []
            for k, nama in enumerate(rng.sample(c.KOLOM_MATRIKS, rng.randint(2, 3))):
                kid = self.ids[KolomMatriks].one()
                kolom.append((kid, mid, nama, k))
                cols.append((kid, nama))
            for r, child_idx in enumerate(p.children):
                child = people[child_idx]
                if child.leader:
                    jabatan_tim = BarisMatriks.JabatanTim.KETUA_TIM
                elif jpt and child.jenis == Jabatan.Jenis.FUNGSIONAL:
                    jabatan_tim = BarisMatriks.JabatanTim.JF_LANGSUNG
                else:
                    jabatan_tim = BarisMatriks.JabatanTim.ANGGOTA_TIM
                bid = self.ids[BarisMatriks].one()
                baris.append((bid, mid, child.id, jabatan_tim, r))
                for kid, nama in cols:
                    if rng.random() < 0.75:
                        pid = self.ids[PeranHasil].one()
                        teks = f"{nama} bagian {child.nama.split()[0]} ({r + 1})"
                        peran.append((pid, bid, kid, teks))
                        if child.peran is None:
                            child.peran = (pid, f"Tersedianya {nama.lower()} sesuai peran dalam tim", leader_rhk)

    def _results(
        self,
        skp_rows: list[tuple[Any, ...]],
        rhk_rows: list[tuple[Any, ...]],
        iki_rows: list[tuple[Any, ...]],
        perilaku: list[tuple[Any, ...]],
        realisasi: list[tuple[Any, ...]],
        umpan: list[tuple[Any, ...]],
        evaluasi: list[tuple[Any, ...]],
    ) -> None:
        rng, people = self.rng, self.people
        factors = self.factors
        n_factors = len(factors)
        # Group RHK and IKI rows by SKP / RHK (rows were appended SKP by SKP, RHK by RHK).
        iki_by_rhk: dict[int, list[tuple[Any, ...]]] = {}
        for row in iki_rows:
            iki_by_rhk.setdefault(row[1], []).append(row)
        rhk_by_skp: dict[int, list[tuple[Any, ...]]] = {}
        for row in rhk_rows:
            rhk_by_skp.setdefault(row[1], []).append(row)
        perilaku_by_skp: dict[int, list[int]] = {}
        for row in perilaku:
            perilaku_by_skp.setdefault(row[1], []).append(row[0])
        q = Decimal("0.01")
        for row in skp_rows:
            skp_id, unit_id, penilai_id = row[0], row[3], row[4]
            identitas = row[14]
            idx, kuantitatif = row[15], row[16]
            p = people[idx]
            atasan = people[p.parent] if p.parent >= 0 else None
            rhks = rhk_by_skp[skp_id]
            feedback = atasan is not None and rng.random() < 0.25
            periods = self.periods[p.instansi]
            periodic_levels: list[int] = []
            base_level = rng.randint(8, 22)  # this pegawai's usual share of target (index into factors)
            for pid, jenis, nomor, _mulai, selesai in periods:
                tahunan = jenis == JenisPeriode.TAHUNAN
                if tahunan:
                    level = round(sum(periodic_levels) / len(periodic_levels)) if periodic_levels else base_level
                else:
                    level = max(0, min(n_factors - 1, base_level + rng.randint(-6, 6)))
                    periodic_levels.append(level)
                factor = factors[level]
                entered = _aware(selesai + timedelta(days=rng.randint(1, 6)), rng.randint(8, 16))
                label = "tahun " + str(self.tahun) if tahunan else f"periode {nomor}"
                for rhk in rhks:
                    rhk_id = rhk[0]
                    if kuantitatif:
                        for iki in iki_by_rhk[rhk_id]:
                            nilai = (iki[5] * factor).quantize(q)
                            realisasi.append(
                                (skp_id, pid, rhk_id, iki[0], nilai, "", f"Capaian {label}", p.user_id, entered)
                            )
                    else:
                        realisasi.append(
                            (
                                skp_id,
                                pid,
                                rhk_id,
                                None,
                                None,
                                f"{rhk[9].capitalize()} terlaksana {label}",
                                "",
                                p.user_id,
                                entered,
                            )
                        )
                if atasan is None:
                    continue  # the top of the tree has no pejabat penilai among the pegawai
                if feedback and not tahunan:
                    rhk = rhks[rng.randrange(len(rhks))]
                    ikis = iki_by_rhk[rhk[0]]
                    iki = ikis[rng.randrange(len(ikis))]
                    tanggal = selesai - timedelta(days=rng.randint(0, 20))
                    umpan.append(
                        (
                            skp_id,
                            pid,
                            UmpanBalik.Jenis.HASIL,
                            rhk[0],
                            iki[0],
                            None,
                            tanggal,
                            c.UMPAN_BALIK_HASIL[rng.randrange(len(c.UMPAN_BALIK_HASIL))],
                            atasan.id,
                            UmpanBalik.Peran.PIMPINAN,
                            atasan.user_id,
                            _aware(tanggal, 14),
                        )
                    )
                    if rng.random() < 0.5:
                        perilaku_id = perilaku_by_skp[skp_id][rng.randrange(7)]
                        umpan.append(
                            (
                                skp_id,
                                pid,
                                UmpanBalik.Jenis.PERILAKU,
                                None,
                                None,
                                perilaku_id,
                                tanggal,
                                c.UMPAN_BALIK_PERILAKU[rng.randrange(len(c.UMPAN_BALIK_PERILAKU))],
                                atasan.id,
                                UmpanBalik.Peran.ATASAN,
                                atasan.user_id,
                                _aware(tanggal, 15),
                            )
                        )
                # Evaluation: hasil from the realisasi level (or, for a unit head, the unit's capaian).
                capaian = self.capaian.get((unit_id, pid), "")
                hasil: str
                if p.heads is not None and capaian and rng.random() < 0.9:
                    hasil = str(rating_hasil_from_capaian(capaian))
                elif level >= 20:
                    hasil = Rating.DI_ATAS
                elif level >= 10:
                    hasil = Rating.SESUAI
                else:
                    hasil = Rating.DI_BAWAH
                x = rng.random()
                perilaku_rating: str = Rating.DI_ATAS if x < 0.25 else Rating.SESUAI if x < 0.88 else Rating.DI_BAWAH
                if self.forced_pairs:
                    hasil, perilaku_rating = self.forced_pairs.pop(0)
                predikat = str(predikat_from_ratings(hasil_kerja=hasil, perilaku_kerja=perilaku_rating))
                given = _aware(selesai + timedelta(days=rng.randint(7, 20)), rng.randint(8, 16))
                diterima = given + timedelta(days=rng.randint(0, 5)) if rng.random() < 0.7 else None
                evaluasi.append(
                    (
                        skp_id,
                        pid,
                        StatusEvaluasi.DIBERIKAN,
                        capaian,
                        str(hasil),
                        str(perilaku_rating),
                        predikat,
                        "Evaluasi " + label,
                        penilai_id,
                        identitas,
                        atasan.user_id,
                        given - timedelta(days=1),
                        given,
                        given,
                        diterima,
                    )
                )
