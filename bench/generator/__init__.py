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

Layout: ``tree`` shapes the atasan tree; ``organisation`` plans and writes instansi, units, jabatan,
pegawai and accounts, ``plan`` the Perjanjian Kinerja and SKP plans, ``execution`` periods and
results (one mixin of phases each, over the shared state in ``base``); ``core`` holds the
``Generator`` that runs these phases in order in one transaction.
"""

from .base import GeneratorError
from .core import DEFAULT_PASSWORD, DEFAULT_PER_INSTANSI, DEFAULT_TAHUN, Generator, Report
from .organisation import KODE_PREFIX
from .tree import CAP, LEADER_MIN_SIZE, SPAN_MAX, SPAN_MIN, plan_tree

__all__ = [
    "CAP",
    "DEFAULT_PASSWORD",
    "DEFAULT_PER_INSTANSI",
    "DEFAULT_TAHUN",
    "KODE_PREFIX",
    "LEADER_MIN_SIZE",
    "SPAN_MAX",
    "SPAN_MIN",
    "Generator",
    "GeneratorError",
    "Report",
    "plan_tree",
]
