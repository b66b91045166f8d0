"""Keselarasan (alignment) of a unit's plans as a pure function over plain data (SPEC §4.3).

The tree: sasaran strategis of the unit's Perjanjian Kinerja → the leader RHK that copy them
(`Rhk.sasaran_pk`) → the RHK of subordinates that intervene them (`Rhk.intervensi`) → their
subordinates' RHK, and so on. Two kinds of gaps are marked:

- **belum diintervensi**: an RHK of a pegawai who has subordinates (bawahan, or anggota of a tim
  kerja they head) that no RHK intervenes;
- **tidak mengintervensi**: an utama RHK of a pegawai who is not at the top of the unit (their
  atasan is inside it) that intervenes no leader RHK and copies no sasaran PK.

RHK that hang under no sasaran (a leader RHK not copied from the PK, an RHK whose leader RHK lies
outside the unit or the year, an orphan) are the roots of `lepas`, with their own subtrees.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PegawaiFact:
    id: int
    nama: str
    jabatan: str = ""
    atasan_id: int | None = None
    memimpin_tim: bool = False  # ketua of a tim kerja that has anggota


@dataclass(frozen=True)
class SasaranFact:
    id: int
    teks: str
    indikator: tuple[str, ...] = ()


@dataclass(frozen=True)
class RhkFact:
    id: int
    pegawai_id: int
    teks: str
    utama: bool = True
    intervensi_id: int | None = None
    sasaran_pk_id: int | None = None


@dataclass
class RhkNode:
    rhk: RhkFact
    pegawai: PegawaiFact
    belum_diintervensi: bool = False
    tidak_mengintervensi: bool = False
    children: list[RhkNode] = field(default_factory=list)


@dataclass
class SasaranNode:
    sasaran: SasaranFact
    children: list[RhkNode] = field(default_factory=list)

    @property
    def belum_disalin(self) -> bool:
        """No RHK of the unit copies this sasaran."""
        return not self.children


@dataclass
class AlignmentTree:
    sasaran: list[SasaranNode]
    lepas: list[RhkNode]
    belum_diintervensi: list[RhkNode]
    tidak_mengintervensi: list[RhkNode]
    jumlah_rhk: int

    @property
    def ada_celah(self) -> bool:
        return bool(self.belum_diintervensi or self.tidak_mengintervensi)


def build_alignment(
    *, sasaran: Sequence[SasaranFact], pegawai: Sequence[PegawaiFact], rhk: Sequence[RhkFact]
) -> AlignmentTree:
    """Nest the RHK under the sasaran and under each other, keeping the input order among
    siblings, and mark the gaps. Each RHK appears exactly once even if the stored links loop.
    RHK of a pegawai not in `pegawai` are left out."""
    people = {p.id: p for p in pegawai}
    with_subordinates = {p.atasan_id for p in pegawai if p.atasan_id is not None and p.atasan_id != p.id}
    with_subordinates |= {p.id for p in pegawai if p.memimpin_tim}
    top = {p.id for p in pegawai if p.atasan_id is None or p.atasan_id not in people or p.atasan_id == p.id}

    facts = [r for r in rhk if r.pegawai_id in people]
    by_id = {r.id: r for r in facts}
    sasaran_ids = {s.id for s in sasaran}
    intervened = {r.intervensi_id for r in facts if r.intervensi_id is not None and r.intervensi_id != r.id}

    under_rhk: dict[int, list[RhkFact]] = defaultdict(list)
    under_sasaran: dict[int, list[RhkFact]] = defaultdict(list)
    roots: list[RhkFact] = []
    for r in facts:
        if r.intervensi_id is not None and r.intervensi_id in by_id and r.intervensi_id != r.id:
            under_rhk[r.intervensi_id].append(r)
        elif r.sasaran_pk_id is not None and r.sasaran_pk_id in sasaran_ids:
            under_sasaran[r.sasaran_pk_id].append(r)
        else:
            roots.append(r)

    belum: list[RhkNode] = []
    tidak: list[RhkNode] = []
    placed: set[int] = set()

    def grow(start: RhkFact) -> RhkNode:
        """The subtree under `start`, depth-first without recursion; a loop is cut where it closes."""
        placed.add(start.id)
        root = _node(start)
        stack = [root]
        while stack:
            current = stack.pop()
            for child in under_rhk.get(current.rhk.id, []):
                if child.id not in placed:
                    placed.add(child.id)
                    child_node = _node(child)
                    current.children.append(child_node)
                    stack.append(child_node)
        return root

    def _node(r: RhkFact) -> RhkNode:
        owner = people[r.pegawai_id]
        node = RhkNode(
            rhk=r,
            pegawai=owner,
            belum_diintervensi=owner.id in with_subordinates and r.id not in intervened,
            tidak_mengintervensi=(
                r.utama and owner.id not in top and r.intervensi_id is None and r.sasaran_pk_id is None
            ),
        )
        if node.belum_diintervensi:
            belum.append(node)
        if node.tidak_mengintervensi:
            tidak.append(node)
        return node

    sasaran_nodes = [SasaranNode(sasaran=s, children=[grow(r) for r in under_sasaran.get(s.id, [])]) for s in sasaran]
    lepas = [grow(r) for r in roots]
    # Whatever is still unplaced sits on a loop of intervensi links: show it rather than lose it.
    lepas.extend(grow(r) for r in facts if r.id not in placed)
    order = {r.id: i for i, r in enumerate(facts)}
    belum.sort(key=lambda n: order[n.rhk.id])
    tidak.sort(key=lambda n: order[n.rhk.id])
    return AlignmentTree(
        sasaran=sasaran_nodes, lepas=lepas, belum_diintervensi=belum, tidak_mengintervensi=tidak, jumlah_rhk=len(facts)
    )
