"""Rekap kinerja (SPEC §7): predikat per pegawai in a period, ranking and distribution per unit,
angka kredit for jabatan fungsional and the instansi's TPP factor per predikat.

Two ways to read it, both in a fixed number of queries whatever the number of pegawai:

- `rekap_rows`: every row, assembled in Python from a handful of flat queries (the download and
  the API, which need them all).
- `rekap_laporan`: what the Rekap page shows. The distribution is counted in the database (one
  line per unit, not one per pegawai), and only the rows of the page asked for are read and
  assembled, with the ranking of the units those rows belong to. Its cost follows the size of the
  page and of those units, not that of the instansi.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple, Protocol, overload

from django.db.models import Count, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from organisasi.models import Jabatan, Pegawai
from organisasi.rules import nama_lengkap, nip_normalize
from pelaksanaan.models import Periode
from perencanaan.models import Skp, StatusSkp

from .models import Evaluasi, FaktorTpp, PersentaseAngkaKredit, Predikat, Rating
from .rules import PREDIKAT_ORDER, angka_kredit, persen_dari, tpp_faktor

BELUM_DINILAI = _("Belum dinilai")
BELUM_DISUSUN = _("Belum disusun")

_PREDIKAT_RANK = {str(p): i for i, p in enumerate(PREDIKAT_ORDER)}


class PeriodeSkp(Protocol):
    """What the months of angka kredit need of an SKP: its own period."""

    @property
    def periode_mulai(self) -> date: ...

    @property
    def periode_selesai(self) -> date: ...


def bulan_of(mulai_tahun: int, mulai_bulan: int, selesai_tahun: int, selesai_bulan: int) -> int:
    """Whole calendar months from one month to another, both counted, capped to 1..12."""
    months = (selesai_tahun - mulai_tahun) * 12 + selesai_bulan - mulai_bulan + 1
    return max(1, min(12, months))


def bulan_angka_kredit(*, periode: Periode, skp: PeriodeSkp) -> int:
    """Months an evaluation earns angka kredit for (SPEC §7, pro rata): a periodic evaluation its
    period's months; the annual one the months of the SKP's own period (shorter for an SKP that
    started or ended during the year)."""
    if periode.is_tahunan:
        return bulan_of(
            skp.periode_mulai.year, skp.periode_mulai.month, skp.periode_selesai.year, skp.periode_selesai.month
        )
    return max(1, min(12, periode.bulan))


@dataclass
class RekapRow:
    """One pegawai in the rekap of a period."""

    pegawai_id: int
    nip: str
    nama: str
    unit_id: int
    unit_kode: str
    unit_nama: str
    jabatan: str
    jenjang: str
    skp_status: str  # a StatusSkp code, or "" when no SKP of the period was drafted
    rating_hasil: str = ""
    rating_perilaku: str = ""
    predikat: str = ""  # "" = belum dinilai
    evaluasi_id: int | None = None
    jumlah_evaluasi: int = 0
    angka_kredit: Decimal | None = None
    bulan_angka_kredit: int | None = None
    faktor_tpp: Decimal | None = None
    peringkat: int | None = None

    @property
    def dinilai(self) -> bool:
        return bool(self.predikat)

    @property
    def skp_status_label(self) -> str | Promise:
        return StatusSkp(self.skp_status).label if self.skp_status else BELUM_DISUSUN

    @property
    def rating_hasil_label(self) -> str | Promise:
        return Rating(self.rating_hasil).label if self.rating_hasil else ""

    @property
    def rating_perilaku_label(self) -> str | Promise:
        return Rating(self.rating_perilaku).label if self.rating_perilaku else ""

    @property
    def predikat_label(self) -> str | Promise:
        return Predikat(self.predikat).label if self.predikat else BELUM_DINILAI


@dataclass
class DistribusiUnit:
    """Counts and shares of each predikat among the pegawai of one unit (its own, not sub-units)."""

    unit_id: int | None  # None: the total of every unit shown
    unit_kode: str
    unit_nama: str
    jumlah_pegawai: int = 0
    jumlah: dict[str, int] = field(default_factory=lambda: {str(p): 0 for p in PREDIKAT_ORDER})

    @property
    def dinilai(self) -> int:
        return sum(self.jumlah.values())

    @property
    def belum_dinilai(self) -> int:
        return self.jumlah_pegawai - self.dinilai

    @property
    def sel(self) -> list[tuple[str, str | Promise, int, Decimal]]:
        """(code, label, count, percent of those rated) per predikat, best first."""
        total = self.dinilai
        return [
            (
                str(p),
                p.label,
                self.jumlah[str(p)],
                persen_dari(self.jumlah[str(p)], total),
            )
            for p in PREDIKAT_ORDER
        ]


# --- Reading the rows ---------------------------------------------------------------------------


class _Penilaian(NamedTuple):
    """One given evaluation in force of the period, as the rekap needs it."""

    pk: int
    rating_hasil: str
    rating_perilaku: str
    predikat: str
    periode_mulai: date  # of its SKP
    periode_selesai: date
    jabatan_jenis: str  # of the SKP's jabatan
    koefisien_tahunan: Decimal | None  # of its jenjang (None: no jenjang)


def _prefixed(prefix: str, where: Mapping[str, Any]) -> dict[str, Any]:
    return {f"{prefix}{key}": value for key, value in where.items()}


def _skp_status_in_periode(where: Mapping[str, Any], periode: Periode) -> dict[int, str]:
    """The status of each pegawai's SKP in force that overlaps the period (the latest-starting one)."""
    statuses = (
        Skp.objects.current()
        .filter(
            pegawai__aktif=True,
            periode_mulai__lte=periode.selesai,
            periode_selesai__gte=periode.mulai,
            **_prefixed("pegawai__", where),
        )
        .order_by("pegawai_id", "periode_mulai", "pk")
        .values_list("pegawai_id", "status")
    )
    return dict(statuses)  # ordered: the last one wins


def _evaluations(where: Mapping[str, Any], periode: Periode) -> dict[int, list[_Penilaian]]:
    """The given evaluations in force of the period per pegawai, oldest SKP first. An evaluation
    belongs to the SKP it was given on, even when that SKP was revised since."""
    found: dict[int, list[_Penilaian]] = defaultdict(list)
    evaluations = (
        Evaluasi.objects.current()
        .diberikan()
        .filter(periode=periode, skp__pegawai__aktif=True, **_prefixed("skp__pegawai__", where))
        .order_by("skp__pegawai_id", "skp__periode_mulai", "pk")
        .values_list(
            "skp__pegawai_id",
            "pk",
            "rating_hasil",
            "rating_perilaku",
            "predikat",
            "skp__periode_mulai",
            "skp__periode_selesai",
            "skp__jabatan__jenis",
            "skp__jabatan__jenjang__koefisien_tahunan",
        )
    )
    for pegawai_id, pk, hasil, perilaku, predikat, mulai, selesai, jenis, koefisien in evaluations:
        found[pegawai_id].append(_Penilaian(pk, hasil, perilaku, predikat, mulai, selesai, jenis, koefisien))
    return found


def _angka_kredit(
    evaluations: Sequence[_Penilaian], periode: Periode, persen: Mapping[str, Decimal]
) -> tuple[Decimal, int] | None:
    """AK earned in the period and the months it covers. The annual rekap adds up every SKP of the
    year (a pegawai who moved mid-year has two, each pro rata); a periodic one uses the latest."""
    chosen = list(evaluations) if periode.is_tahunan else list(evaluations[-1:])
    total = Decimal(0)
    months = 0
    counted = False
    for evaluasi in chosen:
        koefisien = evaluasi.koefisien_tahunan
        if evaluasi.jabatan_jenis != Jabatan.Jenis.FUNGSIONAL or koefisien is None or evaluasi.predikat not in persen:
            continue
        bulan = bulan_angka_kredit(periode=periode, skp=evaluasi)
        total += angka_kredit(persen_predikat=persen[evaluasi.predikat], koefisien_tahunan=koefisien, bulan=bulan)
        months += bulan
        counted = True
    return (total, min(months, 12)) if counted else None


# What a row shows of a pegawai, read as plain values (building model instances cost more than
# the query for a whole instansi).
_PEGAWAI_FIELDS = (
    "pk",
    "nip",
    "nama",
    "gelar_depan",
    "gelar_belakang",
    "unit_kerja_id",
    "unit_kerja__kode",
    "unit_kerja__nama",
    "jabatan__nama",
    "jabatan__jenjang__nama",
)
_PegawaiValues = tuple[int, str, str, str, str, int, str, str, str | None, str | None]


def _faktor_tpp(periode: Periode) -> dict[str, Decimal]:
    """The instansi's TPP factor per predikat (empty: not set)."""
    return {f.predikat: f.persen for f in FaktorTpp.objects.filter(instansi_id=periode.instansi_id)}


def _assemble(
    where: Mapping[str, Any],
    periode: Periode,
    *,
    people: Iterable[_PegawaiValues] | None = None,
    faktor: Mapping[str, Decimal] | None = None,
) -> list[RekapRow]:
    """The rows (not ranked yet) of the active pegawai matching `where` (lookups on Pegawai).
    Five queries whatever the number of pegawai; fewer when their values and the TPP factors
    were read already."""
    if people is None:
        people = (
            Pegawai.objects.active().filter(unit_kerja__isnull=False, **where).order_by().values_list(*_PEGAWAI_FIELDS)
        )
    status_of = _skp_status_in_periode(where, periode)
    evaluations_of = _evaluations(where, periode)
    persen = {p.predikat: p.persen for p in PersentaseAngkaKredit.objects.all()}
    if faktor is None:
        faktor = _faktor_tpp(periode)

    rows: list[RekapRow] = []
    for pk, nip, nama, gelar_depan, gelar_belakang, unit_id, unit_kode, unit_nama, jabatan, jenjang in people:
        row = RekapRow(
            pegawai_id=pk,
            nip=nip,
            nama=nama_lengkap(nama, gelar_depan, gelar_belakang),
            unit_id=unit_id,
            unit_kode=unit_kode,
            unit_nama=unit_nama,
            jabatan=jabatan or "",
            jenjang=jenjang or "",
            skp_status=status_of.get(pk, ""),
        )
        evaluations = evaluations_of.get(pk, [])
        if evaluations:
            latest = evaluations[-1]
            row.evaluasi_id = latest.pk
            row.jumlah_evaluasi = len(evaluations)
            row.rating_hasil = latest.rating_hasil
            row.rating_perilaku = latest.rating_perilaku
            row.predikat = latest.predikat
            ak = _angka_kredit(evaluations, periode, persen)
            if ak is not None:
                row.angka_kredit, row.bulan_angka_kredit = ak
            row.faktor_tpp = tpp_faktor(predikat=latest.predikat, faktor=faktor)
        rows.append(row)
    return rows


# --- Order and rank -----------------------------------------------------------------------------


def _order_in_unit(predikat: str, nama: str, nip: str) -> tuple[int, int, str, str]:
    """Within a unit: the rated by predikat (best first), then by name and NIP; then the pegawai not
    rated yet, by name and NIP."""
    if predikat:
        return (0, _PREDIKAT_RANK.get(predikat, 99), nama.casefold(), nip)
    return (1, 0, nama.casefold(), nip)


def _unit_order(kode: str, nama: str, pk: int) -> tuple[str, str, int]:
    return (kode, nama, pk)


def _rank(rows: Iterable[RekapRow]) -> None:
    """Peringkat within each unit: by predikat (best first), then by name and NIP. Pegawai not
    rated yet get no rank."""
    by_unit: dict[int, list[RekapRow]] = defaultdict(list)
    for row in rows:
        if row.predikat:
            by_unit[row.unit_id].append(row)
    for unit_rows in by_unit.values():
        unit_rows.sort(key=lambda r: _order_in_unit(r.predikat, r.nama, r.nip))
        for position, row in enumerate(unit_rows, start=1):
            row.peringkat = position


def _sort_key(row: RekapRow) -> tuple[tuple[str, str, int], tuple[int, int, str, str]]:
    return (_unit_order(row.unit_kode, row.unit_nama, row.unit_id), _order_in_unit(row.predikat, row.nama, row.nip))


def _matcher(q: str) -> Callable[[str, str], bool] | None:
    """For a search: whether a pegawai (name as printed, NIP) matches. None: no search."""
    q = (q or "").strip()
    if not q:
        return None
    digits = nip_normalize(q)
    if digits.isdigit():
        return lambda _nama, nip: nip.startswith(digits)
    needle = q.casefold()
    return lambda nama, _nip: needle in nama.casefold()


def rekap_search(rows: Iterable[RekapRow], q: str) -> list[RekapRow]:
    """Rows whose NIP starts with q (spaces allowed, as typed) or whose name contains it."""
    matches = _matcher(q)
    if matches is None:
        return list(rows)
    return [r for r in rows if matches(r.nama, r.nip)]


def rekap_rows(*, unit_ids: Iterable[int], periode: Periode, q: str = "") -> list[RekapRow]:
    """One row per active pegawai of the units, in unit order and then by rank within the unit.

    The rank is computed over every pegawai of the unit before the search narrows the rows, so
    searching a name shows that pegawai's real rank. Five queries, whatever the number of pegawai.
    """
    rows = _assemble({"unit_kerja_id__in": frozenset(unit_ids)}, periode)
    _rank(rows)
    rows.sort(key=_sort_key)
    return rekap_search(rows, q)


def _with_total(units: list[DistribusiUnit]) -> list[DistribusiUnit]:
    """The units' lines, then a total line when there is more than one."""
    if len(units) <= 1:
        return units
    total = DistribusiUnit(unit_id=None, unit_kode="", unit_nama=str(_("Jumlah")))
    for unit in units:
        total.jumlah_pegawai += unit.jumlah_pegawai
        for code, n in unit.jumlah.items():
            total.jumlah[code] += n
    return [*units, total]


def rekap_distribusi(rows: Iterable[RekapRow]) -> list[DistribusiUnit]:
    """Per unit (in the rows' order), then a total line when there is more than one unit."""
    per_unit: dict[int, DistribusiUnit] = {}
    for row in rows:
        unit = per_unit.get(row.unit_id)
        if unit is None:
            unit = per_unit[row.unit_id] = DistribusiUnit(row.unit_id, row.unit_kode, row.unit_nama)
        unit.jumlah_pegawai += 1
        if row.predikat in unit.jumlah:
            unit.jumlah[row.predikat] += 1
    return _with_total(list(per_unit.values()))


# --- The Rekap page: counted in the database, one page of rows read -----------------------------


@dataclass(frozen=True)
class UnitRekap:
    """A unit the rekap covers (from the unit tree the page already read)."""

    pk: int
    kode: str
    nama: str


def _given(periode: Periode, where: Mapping[str, Any]) -> QuerySet[Evaluasi]:
    """Given evaluations in force of the period of the active pegawai matching `where`."""
    return (
        Evaluasi.objects.current()
        .diberikan()
        .filter(periode=periode, skp__pegawai__aktif=True, **_prefixed("skp__pegawai__", where))
    )


def _predikat_counts(periode: Periode, where: Mapping[str, Any]) -> dict[int, dict[str, int]]:
    """Per unit, how many pegawai have each predikat: that of their latest evaluation (of the
    latest-starting SKP, then the newest), as in the rows.

    One aggregate per unit counts every evaluation, and the pegawai who have them. Where the two
    differ (someone with two SKP in the period, rare) that unit is counted again from its
    evaluations, keeping each pegawai's latest: a second query, for those units only. Asking the
    database for "each pegawai's latest" directly costs an index probe per evaluation."""
    codes = [str(p) for p in PREDIKAT_ORDER]
    per_unit = (
        _given(periode, where)
        .order_by()
        .values("skp__pegawai__unit_kerja_id")
        .annotate(
            # Counting skp (never null), not pk: the index evaluasi_diberikan_periode covers it.
            jumlah=Count("skp"),
            orang=Count("skp__pegawai_id", distinct=True),
            **{code: Count("skp", filter=Q(predikat=code)) for code in codes},
        )
    )
    counts: dict[int, dict[str, int]] = {}
    recount: set[int] = set()
    for row in per_unit:
        unit_id = row["skp__pegawai__unit_kerja_id"]
        counts[unit_id] = {code: row[code] for code in codes}
        if row["jumlah"] != row["orang"]:
            recount.add(unit_id)
    if recount:
        latest: dict[int, tuple[int, str]] = {}
        for pegawai_id, unit_id, predikat in (
            _given(periode, {**where, "unit_kerja_id__in": recount})
            .order_by("skp__pegawai_id", "skp__periode_mulai", "pk")
            .values_list("skp__pegawai_id", "skp__pegawai__unit_kerja_id", "predikat")
        ):
            latest[pegawai_id] = (unit_id, predikat)  # ordered: each pegawai's latest wins
        for unit_id in recount:
            counts[unit_id] = dict.fromkeys(codes, 0)
        for unit_id, predikat in latest.values():
            if predikat in counts[unit_id]:
                counts[unit_id][predikat] += 1
    return counts


def rekap_distribusi_units(
    units: Iterable[UnitRekap], periode: Periode, *, where: Mapping[str, Any] | None = None
) -> list[DistribusiUnit]:
    """`rekap_distribusi` of every row of the units, counted in the database: per unit with active
    pegawai (in unit order), then a total line when there is more than one. Two queries (three when
    someone has two SKP in the period).

    `where` selects the pegawai of those units when a lookup says it more cheaply than the list of
    their ids (every unit of the instansi: `{"unit_kerja__instansi_id": ...}`)."""
    by_pk = {u.pk: u for u in units}
    if where is None:
        where = {"unit_kerja_id__in": frozenset(by_pk)}
    jumlah_pegawai = (
        Pegawai.objects.active()
        .filter(**where)
        .order_by()
        .values("unit_kerja_id")
        .annotate(n=Count("pk"))
        .values_list("unit_kerja_id", "n")
    )
    per_unit: dict[int, DistribusiUnit] = {}
    for unit_id, n in jumlah_pegawai:
        unit = by_pk.get(unit_id)
        if unit is not None:
            per_unit[unit_id] = DistribusiUnit(unit_id, unit.kode, unit.nama, jumlah_pegawai=n)
    for unit_id, jumlah in _predikat_counts(periode, where).items():
        found = per_unit.get(unit_id)
        if found is not None:
            found.jumlah.update(jumlah)
    return _with_total(sorted(per_unit.values(), key=lambda d: _unit_order(d.unit_kode, d.unit_nama, d.unit_id or 0)))


def _ranked(
    unit_ids: Iterable[int], periode: Periode
) -> tuple[dict[int, list[tuple[int, int | None]]], dict[int, _PegawaiValues]]:
    """Per unit, its active pegawai as (pk, peringkat) in the order the rekap shows them, and the
    values of each pegawai. Two queries over those units only."""
    ids = frozenset(unit_ids)
    predikat_of = dict(
        Evaluasi.objects.current()
        .diberikan()
        .filter(periode=periode, skp__pegawai__aktif=True, skp__pegawai__unit_kerja_id__in=ids)
        .order_by("skp__pegawai_id", "skp__periode_mulai", "pk")
        .values_list("skp__pegawai_id", "predikat")
    )  # ordered: each pegawai's latest evaluation wins
    by_unit: dict[int, list[tuple[tuple[int, int, str, str], int, bool]]] = defaultdict(list)
    values: dict[int, _PegawaiValues] = {}
    for row in Pegawai.objects.active().filter(unit_kerja_id__in=ids).order_by().values_list(*_PEGAWAI_FIELDS):
        pk, nip, nama, gelar_depan, gelar_belakang, unit_id = row[:6]
        values[pk] = row
        predikat = predikat_of.get(pk, "")
        key = _order_in_unit(predikat, nama_lengkap(nama, gelar_depan, gelar_belakang), nip)
        by_unit[unit_id].append((key, pk, bool(predikat)))
    ranked: dict[int, list[tuple[int, int | None]]] = {}
    for unit_id, members in by_unit.items():
        members.sort()
        ranked[unit_id] = [
            (pk, position if rated else None) for position, (_key, pk, rated) in enumerate(members, start=1)
        ]
    return ranked, values


class RekapHalaman:
    """The rows of a rekap as a sequence that `Paginator` slices: its length comes from counts per
    unit, and a slice reads only its own rows (and the ranking of the units they belong to)."""

    def __init__(
        self,
        *,
        units: Iterable[UnitRekap],
        counts: Mapping[int, int],
        periode: Periode,
        faktor: Mapping[str, Decimal],
        only: frozenset[int] | None = None,
    ) -> None:
        """`counts`: how many rows each unit shows; `faktor`: the instansi's TPP factors; `only`:
        the pegawai a search kept (None: all)."""
        self._units = sorted((u for u in units if counts.get(u.pk)), key=lambda u: _unit_order(u.kode, u.nama, u.pk))
        self._counts = counts
        self._periode = periode
        self._faktor = faktor
        self._only = only
        self._total = sum(counts.get(u.pk, 0) for u in self._units)

    def count(self) -> int:
        return self._total

    def __len__(self) -> int:
        return self._total

    def __iter__(self) -> Iterator[RekapRow]:
        for start in range(0, self._total, 500):
            yield from self[start : start + 500]

    @overload
    def __getitem__(self, index: int) -> RekapRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[RekapRow]: ...

    def __getitem__(self, index: int | slice) -> RekapRow | list[RekapRow]:
        if isinstance(index, int):
            position = index + self._total if index < 0 else index
            found = self[position : position + 1] if 0 <= position < self._total else []
            if not found:
                raise IndexError(index)
            return found[0]
        return self._slice(index)

    def _slice(self, index: slice) -> list[RekapRow]:
        start, stop, step = index.indices(self._total)
        if step != 1:
            raise ValueError("RekapHalaman reads consecutive rows only")
        wanted: list[tuple[int, int, int]] = []  # (unit, first, last + 1) within the unit's rows
        offset = 0
        for unit in self._units:
            if offset >= stop:
                break
            n = self._counts[unit.pk]
            if offset + n > start:
                wanted.append((unit.pk, max(0, start - offset), min(n, stop - offset)))
            offset += n
        if not wanted:
            return []
        ranked, values = _ranked((unit_id for unit_id, _a, _b in wanted), self._periode)
        picked: list[tuple[int, int | None]] = []
        for unit_id, first, last in wanted:
            members = ranked.get(unit_id, [])
            if self._only is not None:
                members = [m for m in members if m[0] in self._only]
            picked.extend(members[first:last])
        pks = [pk for pk, _r in picked]
        people = [values[pk] for pk in pks]
        assembled = _assemble({"pk__in": pks}, self._periode, people=people, faktor=self._faktor)
        rows = {row.pegawai_id: row for row in assembled}
        result: list[RekapRow] = []
        for pk, peringkat in picked:
            row = rows.get(pk)
            if row is not None:  # None: moved or left between the counting and this read
                row.peringkat = peringkat
                result.append(row)
        return result


@dataclass
class RekapLaporan:
    distribusi: list[DistribusiUnit]
    rows: RekapHalaman
    jumlah_pegawai: int
    jumlah_dinilai: int
    faktor_tpp: dict[str, Decimal]  # the instansi's TPP factor per predikat (empty: not set)


def _search(where: Mapping[str, Any], q: str) -> tuple[dict[int, int], frozenset[int]]:
    """The pegawai (matching `where`) a search keeps, and how many per unit. One query."""
    matches = _matcher(q)
    assert matches is not None
    people = Pegawai.objects.active().filter(**where).order_by()
    digits = nip_normalize(q.strip())
    if digits.isdigit():  # a NIP prefix: the database narrows it exactly
        people = people.filter(nip__startswith=digits)
    counts: dict[int, int] = defaultdict(int)
    kept: set[int] = set()
    for pk, unit_id, nama, gelar_depan, gelar_belakang, nip in people.values_list(
        "pk", "unit_kerja_id", "nama", "gelar_depan", "gelar_belakang", "nip"
    ):
        if matches(nama_lengkap(nama, gelar_depan, gelar_belakang), nip):
            counts[unit_id] += 1
            kept.add(pk)
    return counts, frozenset(kept)


def rekap_laporan(
    *, units: Iterable[UnitRekap], periode: Periode, q: str = "", whole_instansi: bool = False
) -> RekapLaporan:
    """The Rekap page's data: the distribution per unit (over every pegawai of the units) and the
    rows, ranked within their unit and narrowed by the search, read a page at a time. The same
    figures and order as `rekap_distribusi(rekap_rows(...))` and `rekap_rows(..., q=q)`.

    `whole_instansi`: the units are every unit of the period's instansi, so its pegawai are
    selected by instansi rather than by a list of thousands of unit ids."""
    units = list(units)
    where: dict[str, Any] = (
        {"unit_kerja__instansi_id": periode.instansi_id}
        if whole_instansi
        else {"unit_kerja_id__in": frozenset(u.pk for u in units)}
    )
    distribusi = rekap_distribusi_units(units, periode, where=where)
    faktor = _faktor_tpp(periode)
    own = [d for d in distribusi if d.unit_id is not None]
    if _matcher(q) is None:
        counts = {d.unit_id: d.jumlah_pegawai for d in own if d.unit_id is not None}
        only = None
    else:
        counts, only = _search(where, q)
    return RekapLaporan(
        distribusi=distribusi,
        rows=RekapHalaman(units=units, counts=counts, periode=periode, faktor=faktor, only=only),
        jumlah_pegawai=sum(d.jumlah_pegawai for d in own),
        jumlah_dinilai=sum(d.dinilai for d in own),
        faktor_tpp=faktor,
    )
