"""A deterministic organisation shaped like a SIASN export, as the three import files
(``manage.py bench_import``; also used by tests/organisasi/test_import_performance.py).

Shape for ``pegawai`` people: a tree of atasan filled breadth-first, every leader with 5–15
direct bawahan (the last one filled may get fewer): 100,000 pegawai make seven levels, 808 unit
kerja and 868 jabatan (seed 1). Leaders on the first four levels (Sekretaris Daerah, kepala
perangkat daerah, kepala bidang, kepala seksi) head a unit kerja with its own structural jabatan,
like SIASN's; everyone else works in their atasan's unit as a jabatan fungsional or pelaksana.
Status about 80 % PNS, 5 % CPNS, 15 % PPPK with a golongan that fits the jabatan; structurally
valid, unique NIPs. Rows are shuffled, so an atasan is often further down the file than their
bawahan. Every row is valid.
"""

from __future__ import annotations

import csv
import io
import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organisasi.models import ImportJob, Instansi
from organisasi.services.impor import import_job_apply, import_job_create, import_job_validate

from . import catalog as c
from .generator.organisation import random_nip

DELIMITER = ";"  # as Excel with Indonesian regional settings writes CSV
UNIT_LEVELS = 4  # leaders on levels 0–3 head a unit kerja
YEAR = 2024  # NIPs are built against this year, so the files do not change with the date

UNIT_HEADERS = ("KODE_UNOR", "NAMA_UNOR", "KODE_UNOR_INDUK")
JABATAN_HEADERS = ("KODE_JABATAN", "NAMA_JABATAN", "JENIS_JABATAN", "JENJANG", "URAIAN_TUGAS")
PEGAWAI_HEADERS = (
    "NIP_BARU",
    "NAMA",
    "GELAR_DEPAN",
    "GELAR_BELAKANG",
    "JENIS_KELAMIN",  # not imported: a SIASN export has many more columns; these are reported as ignored
    "STATUS_PEGAWAI",
    "GOL_RUANG",
    "KODE_JABATAN",
    "KODE_UNOR",
    "NIP_ATASAN",
    "TUGAS_BELAJAR",
)
PNS_GOLONGAN = (*(f"{r}/{x}" for r in ("I", "II", "III") for x in "abcd"), *(f"IV/{x}" for x in "abcde"))
STRUKTURAL = (  # per level: kind, title, JENIS_JABATAN as SIASN writes it
    ("jpt_madya", "Sekretaris Daerah", "JPT Madya"),
    ("jpt_pratama", "Kepala", "JPT Pratama"),
    ("administrator", "Kepala Bidang", "Administrator"),
    ("pengawas", "Kepala Seksi", "Pengawas"),
)


@dataclass
class ImportFiles:
    unit_kerja: bytes
    jabatan: bytes
    pegawai: bytes
    counts: dict[str, int] = field(default_factory=dict)
    depth: int = 0

    def by_jenis(self) -> list[tuple[str, bytes]]:
        return [("unit_kerja", self.unit_kerja), ("jabatan", self.jabatan), ("pegawai", self.pegawai)]


def _csv(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _gol(rng: random.Random, lo: str, hi: str) -> str:
    return PNS_GOLONGAN[rng.randint(PNS_GOLONGAN.index(lo), PNS_GOLONGAN.index(hi))]


def synthetic_import_files(pegawai: int, *, seed: int = 1) -> ImportFiles:
    """Unit kerja, jabatan and pegawai CSV files of one instansi of `pegawai` people."""
    if pegawai < 1:
        raise ValueError("pegawai must be at least 1")
    rng = random.Random(seed)  # noqa: S311 - synthetic data, reproducible on purpose
    # The tree of atasan, breadth-first: parent[i] < i, depth[i] = depth[parent] + 1.
    parent: list[int] = [-1]
    depth: list[int] = [0]
    children: list[list[int]] = [[]]
    head = 0
    while len(parent) < pegawai:
        for _ in range(min(rng.randint(5, 15), pegawai - len(parent))):
            children[head].append(len(parent))
            parent.append(head)
            depth.append(depth[head] + 1)
            children.append([])
        head += 1

    units: list[tuple[str, str, str]] = []
    jabatan: list[tuple[str, str, str, str, str]] = []
    unit_of: list[str] = [""] * pegawai
    jabatan_of: list[str] = [""] * pegawai
    kind_of: list[str] = [""] * pegawai
    jenjang_of: list[str] = [""] * pegawai
    unit_name: dict[str, str] = {}
    for i in range(pegawai):
        p = parent[i]
        if depth[i] < UNIT_LEVELS and (children[i] or i == 0):
            kode = "PEMDA" if i == 0 else f"{unit_of[p]}.{children[p].index(i) + 1:02d}"
            kind, title, jenis = STRUKTURAL[depth[i]]
            if depth[i] == 0:
                nama = "Sekretariat Daerah"
            elif depth[i] == 1:
                nama = c.PERANGKAT_DAERAH[(children[p].index(i)) % len(c.PERANGKAT_DAERAH)]
            elif depth[i] == 2:
                nama = f"Bidang {rng.choice(c.BIDANG)}"
            else:
                nama = f"Seksi {rng.choice(c.SEKSI)}"
            parent_nama = unit_name.get(unit_of[p], "") if p >= 0 else ""
            full = f"{nama} {parent_nama}".strip()[:200] if depth[i] >= 2 else nama
            units.append((kode, full, unit_of[p] if p >= 0 else ""))
            unit_name[kode] = nama
            jabatan_kode = f"S-{kode}"
            title_full = title if depth[i] == 0 else f"{title} {nama}"
            jabatan.append((jabatan_kode, title_full[:200], jenis, "", f"Memimpin {full}."[:500]))
            unit_of[i], jabatan_of[i], kind_of[i] = kode, jabatan_kode, kind
        else:
            unit_of[i] = unit_of[p]
            kind_of[i] = "fungsional" if children[i] or rng.random() < 0.55 else "pelaksana"

    # Jabatan fungsional and pelaksana shared by the whole instansi.
    jf: list[tuple[str, str]] = []  # (kode, jenjang)
    for n, (nama, kategori) in enumerate(c.JF, start=1):
        for jenjang in c.JENJANG[kategori]:
            kode = f"JF-{n:02d}-{jenjang.upper()}"
            label = c.JENJANG_LABEL[jenjang]
            jabatan.append((kode, f"{nama} {label}", "Fungsional", label, f"Melaksanakan tugas {nama.lower()}."))
            jf.append((kode, jenjang))
    pelaksana: list[str] = []
    for n, nama in enumerate(c.PELAKSANA, start=1):
        kode = f"JP-{n:02d}"
        jabatan.append((kode, nama, "Pelaksana", "", ""))
        pelaksana.append(kode)

    taken: set[str] = set()
    nips: list[str] = [""] * pegawai
    rows: list[list[object]] = []
    counts = {"PNS": 0, "CPNS": 0, "PPPK": 0}
    for i in range(pegawai):
        kind = kind_of[i]
        leader = kind in ("jpt_madya", "jpt_pratama", "administrator", "pengawas")
        status = "PNS"
        if leader:
            golongan = _gol(rng, *c.GOL_STRUKTURAL[kind])
        else:
            r = rng.random()
            status = "PPPK" if r < 0.15 and not children[i] else "CPNS" if r < 0.2 and not children[i] else "PNS"
            if kind == "fungsional":
                if children[i]:
                    options = [o for o in jf if o[1] in ("ahli_muda", "ahli_madya")]
                elif status == "CPNS":
                    options = [o for o in jf if o[1] in c.CPNS_JENJANG]
                else:
                    options = jf
                jabatan_of[i], jenjang_of[i] = rng.choice(options)
            else:
                jabatan_of[i] = rng.choice(pelaksana)
            jenjang = jenjang_of[i]
            if status == "PPPK":
                golongan = c.PPPK_JF[jenjang] if jenjang else rng.choice(c.PPPK_PELAKSANA)
            elif status == "CPNS":
                golongan = "III/a" if jenjang == "ahli_pertama" else "II/a"
            else:
                golongan = _gol(rng, *(c.GOL_JF[jenjang] if jenjang else c.GOL_PELAKSANA))
        counts[status] += 1
        male = rng.random() < 0.5
        first = rng.choice(c.NAMA_DEPAN_L if male else c.NAMA_DEPAN_P)
        nama = f"{first} {rng.choice(c.NAMA_BELAKANG)}"
        if status == "CPNS":
            birth_year, tmt_year = rng.randint(YEAR - 35, YEAR - 22), YEAR - 1
        else:
            birth_year = rng.randint(1966, YEAR - (40 if leader else 25))
            tmt_year = min(YEAR - 2, birth_year + rng.randint(21, 30))
            if status == "PPPK":
                tmt_year = max(tmt_year, 2019 + rng.randint(0, 3))
        nips[i] = random_nip(rng, birth_year=birth_year, tmt_year=tmt_year, male=male, taken=taken)
        gelar_depan = "Dr." if leader and rng.random() < 0.1 else ""
        if leader:
            gelar_belakang = f"{rng.choice(c.GELAR_S1)}, {rng.choice(c.GELAR_S2)}"
        elif jenjang_of[i].startswith("ahli"):
            gelar_belakang = rng.choice(c.GELAR_S1)
        elif jenjang_of[i] or rng.random() < 0.4:
            gelar_belakang = rng.choice(c.GELAR_D3)
        else:
            gelar_belakang = ""
        rows.append(
            [
                "",  # NIP_BARU, below
                nama,
                gelar_depan,
                gelar_belakang,
                "L" if male else "P",
                status,
                golongan,
                jabatan_of[i],
                unit_of[i],
                "",  # NIP_ATASAN, below
                "Ya" if rng.random() < 0.005 else "Tidak",
            ]
        )
    for i, row in enumerate(rows):
        row[0] = nips[i]
        row[9] = nips[parent[i]] if parent[i] >= 0 else ""
    rng.shuffle(rows)
    return ImportFiles(
        unit_kerja=_csv(UNIT_HEADERS, units),  # parents first, as the tree was built
        jabatan=_csv(JABATAN_HEADERS, jabatan),
        pegawai=_csv(PEGAWAI_HEADERS, rows),
        counts={"unit_kerja": len(units), "jabatan": len(jabatan), "pegawai": pegawai, **counts},
        depth=max(depth) + 1,
    )


# --- measuring ----------------------------------------------------------------------------------


@dataclass
class Step:
    name: str
    seconds: float
    queries: int


@dataclass
class Timer:
    steps: list[Step] = field(default_factory=list)

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            yield
            seconds = time.perf_counter() - started
        self.steps.append(Step(name, seconds, len(queries)))


def run_import(
    *,
    instansi: Instansi,
    jenis: str,
    data: bytes,
    timer: Timer,
    label: str,
    profile: Callable[[str], Any] | None = None,
) -> ImportJob:
    """One file through the services as the operator's upload does: create, validate, apply.

    Returns the job; `profile(phase)` (optional) returns a context manager wrapped around the
    validate and apply phases."""

    def wrap(phase: str) -> Any:
        return profile(f"{label}-{phase}") if profile is not None else nullcontext()

    with timer.step(f"{label}: upload (create job)"):
        job = import_job_create(
            instansi=instansi, jenis=jenis, file=ContentFile(data, name=f"{jenis}.csv"), diunggah_oleh=None
        )
    with timer.step(f"{label}: validate (dry run)"), wrap("validate"):
        import_job_validate(job=job)
    if job.status != ImportJob.Status.TERVALIDASI:
        raise RuntimeError(f"{label}: {job.status} {job.pesan_galat} {job.laporan.get('galat', [])[:3]}")
    with timer.step(f"{label}: apply"), wrap("apply"):
        import_job_apply(job=job, user=None)
    if job.status != ImportJob.Status.DITERAPKAN:
        raise RuntimeError(f"{label}: {job.status} {job.pesan_galat}")
    return job
