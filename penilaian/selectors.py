"""Read-side of penilaian: capaian kinerja organisasi (current, suggested, history), the pola
distribusi rules and counts of a unit, and the pejabat penilai's overview of a period.

Every function runs a fixed number of queries, whatever the number of units, SKP or IKI.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, F, OuterRef, Q, Subquery, When
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from organisasi.models import Instansi, Pegawai, UnitKerja
from pelaksanaan.models import Periode, Realisasi
from pelaksanaan.selectors import capaian_of
from perencanaan.models import Iki, JenisRhk, Pendekatan, Rhk, Skp, StatusSkp

from .models import (
    AturanPolaDistribusi,
    CapaianOrganisasi,
    CapaianUnit,
    Evaluasi,
    Keberatan,
    Predikat,
    StatusEvaluasi,
    StatusKeberatan,
)
from .rules import PREDIKAT_ORDER, AturanDistribusi, capaian_organisasi_suggestion

# --- Capaian kinerja organisasi (SPEC §6.1) ----------------------------------------------------


def capaian_unit_current(unit: UnitKerja | int, periode: Periode) -> CapaianUnit | None:
    """The capaian in force for the unit in the period, or None when not set yet."""
    unit_id = unit if isinstance(unit, int) else unit.pk
    return (
        CapaianUnit.objects.filter(unit_kerja_id=unit_id, periode=periode, diganti_pada__isnull=True)
        .select_related("ditetapkan_oleh")
        .first()
    )


def capaian_unit_history(unit_ids: Iterable[int], periode: Periode) -> dict[int, list[CapaianUnit]]:
    """Every capaian set for these units in the period, newest first (replaced ones included)."""
    history: dict[int, list[CapaianUnit]] = {}
    rows = (
        CapaianUnit.objects.filter(unit_kerja_id__in=list(unit_ids), periode=periode)
        .select_related("ditetapkan_oleh")
        .order_by("-dibuat_pada", "-pk")
    )
    for row in rows:
        history.setdefault(row.unit_kerja_id, []).append(row)
    return history


@dataclass(frozen=True)
class SaranCapaian:
    """A suggested capaian with its basis, as shown to the leader who sets it (never forced)."""

    capaian: CapaianOrganisasi | None
    dasar: str  # the basis in words, e.g. "8 dari 10 target IKI utama kepala unit tercapai"
    tercapai: int = 0
    jumlah: int = 0
    tanpa_realisasi: int = 0


def _head_skp_in_force(skps: Sequence[Skp]) -> Skp | None:
    """The head's SKP for the period: the set one, else the newest revised version."""
    ditetapkan = [s for s in skps if s.status == StatusSkp.DITETAPKAN]
    pool = ditetapkan or [s for s in skps if s.status == StatusSkp.DIREVISI]
    return max(pool, key=lambda s: (s.versi, s.pk)) if pool else None


def capaian_suggestions(units: Sequence[UnitKerja], periode: Periode) -> dict[int, SaranCapaian]:
    """For each unit, a capaian suggested from the capaian of its head's IKI utama in the period
    (`capaian_organisasi_suggestion`). Three queries for any number of units."""
    head_of = {u.pk: u.kepala_id for u in units}
    heads = {h for h in head_of.values() if h is not None}
    skp_by_head: dict[int, list[Skp]] = {}
    if heads:
        for head_skp in Skp.objects.filter(
            pegawai_id__in=heads,
            status__in=[StatusSkp.DITETAPKAN, StatusSkp.DIREVISI],
            periode_mulai__lte=periode.selesai,
            periode_selesai__gte=periode.mulai,
        ).only("pk", "pegawai_id", "status", "versi", "pendekatan"):
            skp_by_head.setdefault(head_skp.pegawai_id, []).append(head_skp)
    chosen = {head: _head_skp_in_force(skps) for head, skps in skp_by_head.items()}
    kuantitatif_ids = [s.pk for s in chosen.values() if s is not None and s.pendekatan == Pendekatan.KUANTITATIF]
    iki_by_skp: dict[int, list[Iki]] = {}
    realisasi_by_iki: dict[int, Realisasi] = {}
    if kuantitatif_ids:
        iki_list = list(
            Iki.objects.filter(
                rhk__skp_id__in=kuantitatif_ids, rhk__jenis=JenisRhk.UTAMA, target_min__isnull=False
            ).select_related("rhk")
        )
        for iki in iki_list:
            iki_by_skp.setdefault(iki.rhk.skp_id, []).append(iki)
        for realisasi in Realisasi.objects.current().filter(
            periode=periode, iki_id__in=[i.pk for i in iki_list], nilai__isnull=False
        ):
            assert realisasi.iki_id is not None
            realisasi_by_iki[realisasi.iki_id] = realisasi

    result: dict[int, SaranCapaian] = {}
    for unit_id, head_id in head_of.items():
        skp = chosen.get(head_id) if head_id is not None else None
        if head_id is None:
            result[unit_id] = SaranCapaian(None, _("Unit ini belum memiliki kepala unit."))
        elif skp is None:
            result[unit_id] = SaranCapaian(None, _("Kepala unit belum memiliki SKP yang ditetapkan untuk periode ini."))
        elif skp.pendekatan != Pendekatan.KUANTITATIF:
            result[unit_id] = SaranCapaian(
                None, _("SKP kepala unit berpendekatan kualitatif, sehingga tidak ada saran yang dihitung otomatis.")
            )
        else:
            values: list[Decimal] = []
            kosong = 0
            for iki in iki_by_skp.get(skp.pk, []):
                capaian = capaian_of(iki, realisasi_by_iki.get(iki.pk))
                if capaian is None:
                    kosong += 1
                else:
                    values.append(capaian)
            tercapai = sum(1 for c in values if c >= 100)
            saran = capaian_organisasi_suggestion(values)
            if saran is None:
                dasar = _("Kepala unit belum mengisi realisasi IKI utama pada periode ini.")
            else:
                dasar = ngettext(
                    "%(tercapai)d dari %(jumlah)d target IKI utama kepala unit tercapai",
                    "%(tercapai)d dari %(jumlah)d target IKI utama kepala unit tercapai",
                    len(values),
                ) % {"tercapai": tercapai, "jumlah": len(values)}
                if kosong:
                    dasar += " " + ngettext(
                        "(%(kosong)d IKI belum ada realisasinya)", "(%(kosong)d IKI belum ada realisasinya)", kosong
                    ) % {"kosong": kosong}
            result[unit_id] = SaranCapaian(saran, dasar, tercapai, len(values), kosong)
    return result


def capaian_suggestion(unit: UnitKerja, periode: Periode) -> SaranCapaian:
    """The suggestion for one unit (see `capaian_suggestions`)."""
    return capaian_suggestions([unit], periode)[unit.pk]


# --- Pola distribusi (SPEC §6.3) ---------------------------------------------------------------


def aturan_for(instansi: Instansi | int, capaian: str) -> list[AturanDistribusi]:
    """The guideline for a capaian: the instansi's own rows if it has any for it, else the national
    defaults (rows without instansi)."""
    instansi_id = instansi if isinstance(instansi, int) else instansi.pk
    rows = list(
        AturanPolaDistribusi.objects.filter(
            Q(instansi_id=instansi_id) | Q(instansi__isnull=True), capaian=capaian
        ).order_by("urutan", "pk")
    )
    own = [r for r in rows if r.instansi_id is not None]
    chosen = own or [r for r in rows if r.instansi_id is None]
    return [AturanDistribusi(jenis=r.jenis, predikat=tuple(r.predikat), persen=r.persen) for r in chosen]


def unit_skp_q(unit: UnitKerja | int, prefix: str = "skp__") -> Q:
    """SKP of a unit: the unit recorded on the SKP, else the pegawai's unit."""
    unit_id = unit if isinstance(unit, int) else unit.pk
    return Q(**{f"{prefix}unit_kerja_id": unit_id}) | Q(
        **{f"{prefix}unit_kerja__isnull": True, f"{prefix}pegawai__unit_kerja_id": unit_id}
    )


def distribusi_unit_per_status(unit: UnitKerja, periode: Periode, statuses: Sequence[str]) -> dict[str, dict[str, int]]:
    """`distribusi_unit` for several statuses at once (given and drafts): one query."""
    counts = {status: {str(p): 0 for p in PREDIKAT_ORDER} for status in statuses}
    qs = (
        Evaluasi.objects.current()
        .filter(unit_skp_q(unit), periode=periode, status__in=list(statuses))
        .exclude(predikat="")
    )
    if unit.kepala_id is not None:
        qs = qs.exclude(skp__pegawai_id=unit.kepala_id)
    for status, predikat, n in (
        qs.order_by().values("status", "predikat").annotate(n=Count("pk")).values_list("status", "predikat", "n")
    ):
        if predikat in counts[status]:
            counts[status][predikat] = n
    return counts


def distribusi_unit(unit: UnitKerja, periode: Periode, *, status: str = StatusEvaluasi.DIBERIKAN) -> dict[str, int]:
    """How many of the unit's pegawai have each predikat in the period, from the current version of
    each evaluation with this status (given ones by default, `status=draft` for the drafts). The
    head of the unit is left out: their result is the unit's capaian. One query."""
    return distribusi_unit_per_status(unit, periode, [status])[status]


# --- The pejabat penilai's overview of a period --------------------------------------------------


@dataclass
class BarisBawahan:
    skp: Skp
    terisi: int
    jumlah: int
    evaluasi: Evaluasi | None
    keberatan_status: str  # '' when there is none

    @property
    def status(self) -> str:
        """belum / draf / diberikan / diterima."""
        if self.evaluasi is None:
            return "belum"
        if self.evaluasi.status == StatusEvaluasi.DRAFT:
            return "draf"
        return "diterima" if self.evaluasi.diterima_pada else "diberikan"

    @property
    def keberatan_terbuka(self) -> bool:
        return bool(self.keberatan_status) and self.keberatan_status != StatusKeberatan.DIPUTUSKAN

    @property
    def predikat_label(self) -> str:
        if self.evaluasi is None or not self.evaluasi.predikat:
            return ""
        return str(Predikat(self.evaluasi.predikat).label)


def skp_evaluable_q(periode: Periode) -> Q:
    """SKP evaluated in the period: set ones, and revised ones whose revision came on or after the
    period began (they were in force during it)."""
    return Q(status=StatusSkp.DITETAPKAN) | Q(status=StatusSkp.DIREVISI, revisi__created_at__date__gte=periode.mulai)


def evaluasi_bawahan_rows(penilai: Pegawai, periode: Periode) -> list[BarisBawahan]:
    """Every SKP the penilai judges that is evaluated in the period, with realisasi progress
    ("IKI terisi x/y"; RHK for kualitatif), the current evaluation and any keberatan. Four queries."""
    skps = list(
        Skp.objects.filter(
            skp_evaluable_q(periode),
            pejabat_penilai=penilai,
            pegawai__instansi_id=periode.instansi_id,
            periode_mulai__lte=periode.selesai,
            periode_selesai__gte=periode.mulai,
        )
        .select_related("pegawai", "jabatan")
        .order_by("pegawai__nama", "pegawai__nip", "versi", "pk")
    )
    ids = [s.pk for s in skps]
    if not ids:
        return []
    iki_count: dict[int, int] = {}
    rhk_count: dict[int, int] = {}
    for skp_id, n_rhk, n_iki in (
        Rhk.objects.filter(skp_id__in=ids)
        .order_by()
        .values("skp_id")
        .annotate(n_rhk=Count("pk", distinct=True), n_iki=Count("iki", distinct=True))
        .values_list("skp_id", "n_rhk", "n_iki")
    ):
        rhk_count[skp_id] = n_rhk
        iki_count[skp_id] = n_iki
    filled = {
        row["skp_id"]: row
        for row in Realisasi.objects.current()
        .filter(periode=periode, skp_id__in=ids)
        .values("skp_id")
        .annotate(
            # IKI with a realisasi (kuantitatif); RHK with a statement (kualitatif).
            n_iki=Count(Case(When(iki__isnull=False, then=F("iki_id"))), distinct=True),
            n_rhk=Count(Case(When(iki__isnull=True, then=F("rhk_id"))), distinct=True),
        )
    }
    keberatan = Keberatan.objects.filter(evaluasi__skp_id=OuterRef("skp_id"), evaluasi__periode=periode).order_by(
        "-diajukan_pada"
    )
    evaluasi_by_skp = {
        e.skp_id: e
        for e in Evaluasi.objects.current()
        .filter(periode=periode, skp_id__in=ids)
        .annotate(keberatan_status=Subquery(keberatan.values("status")[:1]))
    }
    rows = []
    for skp in skps:
        kualitatif = skp.pendekatan == Pendekatan.KUALITATIF
        done = filled.get(skp.pk, {})
        evaluasi = evaluasi_by_skp.get(skp.pk)
        rows.append(
            BarisBawahan(
                skp=skp,
                terisi=done.get("n_rhk" if kualitatif else "n_iki", 0),
                jumlah=(rhk_count if kualitatif else iki_count).get(skp.pk, 0),
                evaluasi=evaluasi,
                keberatan_status=getattr(evaluasi, "keberatan_status", None) or "",
            )
        )
    return rows
