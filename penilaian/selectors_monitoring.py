"""Monitoring (SPEC §7): per unit kerja, with drill-down, who has drafted, submitted, had set their
SKP (and who was late), realisasi filled and evaluations given in a period, keberatan still open.

The whole scope is read in a fixed number of queries and totalled up the unit tree in Python, so
an instansi of 200 units and 5,000 pegawai costs the same handful of queries as a small one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date

from django.db.models import Exists, OuterRef
from django.utils import timezone

from organisasi.models import Pegawai, UnitKerja
from organisasi.rules import nama_lengkap
from pelaksanaan.models import Periode, Realisasi
from perencanaan.models import Skp, StatusSkp
from perencanaan.rules import skp_deadline

from .models import Evaluasi, Keberatan, Predikat, StatusKeberatan

DRAF_STATUSES = frozenset({StatusSkp.DRAFT, StatusSkp.DIKEMBALIKAN})


# --- The unit tree of a scope ---------------------------------------------------------------


@dataclass
class UnitNode:
    pk: int
    kode: str
    nama: str
    induk_id: int | None
    kepala: str
    depth: int = 0
    children: list[UnitNode] = field(default_factory=list)


@dataclass
class UnitTree:
    """The units the user may report on, as a forest: a unit whose parent is outside the scope is a
    root (an operator of one bidang sees that bidang as the top)."""

    nodes: dict[int, UnitNode]
    roots: list[UnitNode]

    def flat(self) -> list[UnitNode]:
        """Every unit, depth first, children by kode."""
        out: list[UnitNode] = []
        stack = list(reversed(self.roots))
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(reversed(node.children))
        return out

    def subtree_ids(self, pk: int) -> frozenset[int]:
        found: set[int] = set()
        stack = [self.nodes[pk]]
        while stack:
            node = stack.pop()
            found.add(node.pk)
            stack.extend(node.children)
        return frozenset(found)

    def path_to(self, pk: int) -> list[UnitNode]:
        """From the scope's root down to the unit (for the breadcrumb)."""
        path: list[UnitNode] = []
        node: UnitNode | None = self.nodes.get(pk)
        while node is not None:
            path.insert(0, node)
            node = self.nodes.get(node.induk_id) if node.induk_id is not None else None
        return path


def unit_tree(*, instansi_id: int, unit_ids: Iterable[int] | None) -> UnitTree:
    """One query over the instansi's units: those given, or every one (`unit_ids=None`, which
    spares the database a list of thousands of ids)."""
    units = UnitKerja.objects.filter(instansi_id=instansi_id)
    if unit_ids is not None:
        units = units.filter(pk__in=frozenset(unit_ids))
    rows = units.order_by("kode", "pk").values_list(
        "pk", "kode", "nama", "induk_id", "kepala__nama", "kepala__gelar_depan", "kepala__gelar_belakang"
    )
    nodes = {
        pk: UnitNode(pk, kode, nama, induk, nama_lengkap(kn, kd or "", kb or "") if kn else "")
        for pk, kode, nama, induk, kn, kd, kb in rows
    }
    roots: list[UnitNode] = []
    for node in nodes.values():  # in kode order, so children come out sorted
        parent = nodes.get(node.induk_id) if node.induk_id is not None else None
        if parent is None:
            roots.append(node)
        else:
            parent.children.append(node)
    stack = [(r, 0) for r in roots]
    while stack:
        node, depth = stack.pop()
        node.depth = depth
        stack.extend((c, depth + 1) for c in node.children)
    return UnitTree(nodes=nodes, roots=roots)


# --- Figures ----------------------------------------------------------------------------------


@dataclass
class Pantauan:
    """The monitoring figures of a set of pegawai (one unit's own, or a whole subtree)."""

    pegawai: int = 0
    belum_disusun: int = 0
    draf: int = 0
    diajukan: int = 0
    ditetapkan: int = 0
    terlambat: int = 0
    skp_periode: int = 0  # pegawai with a set SKP covering the period: who should fill realisasi
    realisasi_terisi: int = 0
    evaluasi_diberikan: int = 0
    keberatan_terbuka: int = 0

    def add(self, other: Pantauan) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    @staticmethod
    def _persen(part: int, whole: int) -> int | None:
        return round(part * 100 / whole) if whole else None

    @property
    def persen_ditetapkan(self) -> int | None:
        return self._persen(self.ditetapkan, self.pegawai)

    @property
    def persen_realisasi(self) -> int | None:
        return self._persen(self.realisasi_terisi, self.skp_periode)

    @property
    def persen_evaluasi(self) -> int | None:
        return self._persen(self.evaluasi_diberikan, self.skp_periode)


@dataclass
class PegawaiPantauan:
    """One pegawai on the monitoring list of a unit."""

    pk: int
    nip: str
    nama: str
    jabatan: str
    unit_id: int
    skp_status: str = ""  # "" = belum disusun
    terlambat: bool = False
    skp_periode: bool = False
    realisasi_terisi: bool = False
    predikat: str = ""  # of the evaluation given in the period; "" = not given
    keberatan_terbuka: int = 0

    @property
    def skp_status_label(self) -> str:
        return str(StatusSkp(self.skp_status).label) if self.skp_status else ""

    @property
    def predikat_label(self) -> str:
        return str(Predikat(self.predikat).label) if self.predikat else ""

    @property
    def evaluasi_diberikan(self) -> bool:
        return bool(self.predikat)

    def pantauan(self) -> Pantauan:
        status = self.skp_status
        return Pantauan(
            pegawai=1,
            belum_disusun=int(not status),
            draf=int(status in DRAF_STATUSES),
            diajukan=int(status == StatusSkp.DIAJUKAN),
            ditetapkan=int(status == StatusSkp.DITETAPKAN),
            terlambat=int(self.terlambat),
            skp_periode=int(self.skp_periode),
            realisasi_terisi=int(self.realisasi_terisi),
            evaluasi_diberikan=int(self.evaluasi_diberikan),
            keberatan_terbuka=self.keberatan_terbuka,
        )


@dataclass
class Monitoring:
    tree: UnitTree
    pegawai: list[PegawaiPantauan]
    own: dict[int, Pantauan]  # per unit: its own pegawai
    subtree: dict[int, Pantauan]  # per unit: its pegawai and those of every unit below it
    total: Pantauan
    batas_penetapan: date

    def pegawai_of_unit(self, unit_id: int) -> list[PegawaiPantauan]:
        return [p for p in self.pegawai if p.unit_id == unit_id]


def _is_late(first_skp: Skp | None, tahun: int, today: date) -> bool:
    """Not set by 31 January (SPEC §4.2): the year's first SKP set late or still not set, or no
    SKP at all once the deadline has passed."""
    if first_skp is None:
        return today > skp_deadline(tahun)
    return first_skp.terlambat_ditetapkan


def monitoring_data(
    *, instansi_id: int, unit_ids: Iterable[int] | None, tahun: int, periode: Periode, root: int | None = None
) -> Monitoring:
    """Figures of every active pegawai of the units for the year and period. Seven queries.

    `unit_ids=None`: every unit of the instansi (selected by instansi, not by a list of thousands
    of ids). `root`: only that unit and those below it are counted (the page of one unit), so the
    cost follows the unit shown, not the whole scope; the tree still holds the scope for the path."""
    tree = unit_tree(instansi_id=instansi_id, unit_ids=unit_ids)
    units = tree.subtree_ids(root) if root is not None else frozenset(tree.nodes)
    of_units: dict[str, object] = (
        {"unit_kerja__instansi_id": instansi_id} if unit_ids is None and root is None else {"unit_kerja_id__in": units}
    )
    today = timezone.localdate()
    people = (
        Pegawai.objects.active()
        .filter(**of_units)
        .order_by("nama", "nip")
        .values_list("pk", "nip", "nama", "gelar_depan", "gelar_belakang", "unit_kerja_id", "jabatan__nama")
    )
    rows = {
        pk: PegawaiPantauan(pk, nip, nama_lengkap(nama, gd, gb), jabatan or "", unit_id)
        for pk, nip, nama, gd, gb, unit_id, jabatan in people
    }

    in_scope = {"pegawai__aktif": True, **{f"pegawai__{k}": v for k, v in of_units.items()}}
    of_skp = {f"skp__{k}": v for k, v in in_scope.items()}
    skps = (
        Skp.objects.current()
        .of_year(tahun)
        .filter(**in_scope)
        .only("pk", "pegawai_id", "status", "versi", "periode_mulai", "periode_selesai", "ditetapkan_pada")
        .order_by("pegawai_id", "periode_mulai", "pk")
    )
    first: dict[int, Skp] = {}
    for skp in skps:
        row = rows.get(skp.pegawai_id)
        if row is None:
            continue
        first.setdefault(skp.pegawai_id, skp)
        row.skp_status = skp.status  # ordered by start: the latest SKP's status wins
        if skp.status == StatusSkp.DITETAPKAN and periode.overlaps(skp.periode_mulai, skp.periode_selesai):
            row.skp_periode = True
    for pk, row in rows.items():
        row.terlambat = _is_late(first.get(pk), tahun, today)

    # Whether each SKP has a realisasi in the period: one index probe per SKP (realisasi_skp_periode)
    # that stops at the first row, instead of reading every realisasi of the period (dozens each).
    filled = (
        Skp.objects.filter(**in_scope)
        .filter(Exists(Realisasi.objects.current().filter(skp=OuterRef("pk"), periode=periode)))
        .order_by()
        .values_list("pegawai_id", flat=True)
        .distinct()
    )
    for pk in filled:
        if pk in rows:
            rows[pk].realisasi_terisi = True
    given = (
        Evaluasi.objects.current()
        .diberikan()
        .filter(periode=periode, **of_skp)
        .order_by("skp__periode_mulai", "pk")
        .values_list("skp__pegawai_id", "predikat")
    )
    for pk, predikat in given:
        if pk in rows:
            rows[pk].predikat = predikat or rows[pk].predikat
    open_keberatan = (
        Keberatan.objects.exclude(status=StatusKeberatan.DIPUTUSKAN)
        .filter(
            evaluasi__periode__tahun=tahun,
            evaluasi__periode__instansi_id=instansi_id,
            **{f"evaluasi__{k}": v for k, v in of_skp.items()},
        )
        .values_list("evaluasi__skp__pegawai_id", flat=True)
    )
    for pk in open_keberatan:
        if pk in rows:
            rows[pk].keberatan_terbuka += 1

    own: dict[int, Pantauan] = defaultdict(Pantauan)
    for row in rows.values():
        own[row.unit_id].add(row.pantauan())
    subtree: dict[int, Pantauan] = {}
    for node in reversed(tree.flat()):  # children before their parent
        if node.pk not in units:
            continue
        figures = Pantauan()
        figures.add(own[node.pk])
        for child in node.children:
            figures.add(subtree[child.pk])
        subtree[node.pk] = figures
    total = Pantauan()
    for top in [tree.nodes[root]] if root is not None else tree.roots:
        total.add(subtree[top.pk])
    return Monitoring(
        tree=tree,
        pegawai=list(rows.values()),
        own={pk: own[pk] for pk in units},
        subtree=subtree,
        total=total,
        batas_penetapan=skp_deadline(tahun),
    )
