"""What every phase of the generator shares: its error, the in-memory people and units, the state."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone

from organisasi.models import Golongan, Pegawai

from ..writer import IdAllocator, Writer


class GeneratorError(Exception):
    """A reason not to generate (bad arguments, data of this seed already present)."""


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


class GeneratorState:
    """The attributes the phases (mixins of ``Generator``) read and fill, in the order they are set."""

    # Arguments (Generator.__init__).
    n: int
    seed: int
    tahun: int
    password: str
    per_instansi: int
    checked: bool
    rng: random.Random
    log: Callable[[str], None]
    timer: Timer
    stamp: datetime
    writer: Writer
    # Reference data and id allocators (Generator._reference).
    golongan: dict[tuple[str, str], Golongan]
    golongan_urut: dict[str, list[Golongan]]
    jenjang: dict[str, int]
    satuan: dict[str, int]
    aspek: list[int]
    taken_nip: set[str]
    ids: dict[type[models.Model], IdAllocator]
    # The in-memory plan (OrganisationPhases._plan_people).
    instansi: list[dict[str, Any]]
    units: list[UnitPlan]
    jabatan_rows: list[tuple[Any, ...]]
    people: list[Person]
    units_by_id: dict[int, UnitPlan]
    # Periods per instansi: (id, jenis, nomor, mulai, selesai); capaian per (unit, periode).
    periods: list[list[tuple[int, str, int, date, date]]]
    capaian: dict[tuple[int, int], str]
    # Shared while plans and results are generated (Generator._write_plans_and_results).
    forced_pairs: list[tuple[str, str]]
    targets: list[Decimal]
    factors: list[Decimal]
