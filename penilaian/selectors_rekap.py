"""Rekap kinerja (SPEC §7): predikat per pegawai in a period, ranking and distribution per unit,
angka kredit for jabatan fungsional and the instansi's TPP factor per predikat.

Everything is read in a fixed number of queries, whatever the number of pegawai: the rows are
assembled in Python from a handful of flat querysets.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from organisasi.models import Jabatan, Pegawai
from organisasi.rules import nip_normalize
from pelaksanaan.models import Periode
from perencanaan.models import Skp, StatusSkp

from .models import Evaluasi, FaktorTpp, PersentaseAngkaKredit, Predikat, Rating
from .rules import PREDIKAT_ORDER, angka_kredit, persen_dari, tpp_faktor

BELUM_DINILAI = _("Belum dinilai")
BELUM_DISUSUN = _("Belum disusun")

_PREDIKAT_RANK = {str(p): i for i, p in enumerate(PREDIKAT_ORDER)}


def bulan_of(mulai_tahun: int, mulai_bulan: int, selesai_tahun: int, selesai_bulan: int) -> int:
    """Whole calendar months from one month to another, both counted, capped to 1..12."""
    months = (selesai_tahun - mulai_tahun) * 12 + selesai_bulan - mulai_bulan + 1
    return max(1, min(12, months))


def bulan_angka_kredit(*, periode: Periode, skp: Skp) -> int:
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


def _skp_in_periode(pegawai_ids: Q, periode: Periode) -> dict[int, Skp]:
    """The SKP in force of each pegawai that overlaps the period (the latest-starting one)."""
    found: dict[int, Skp] = {}
    skps = (
        Skp.objects.current()
        .filter(pegawai_ids, periode_mulai__lte=periode.selesai, periode_selesai__gte=periode.mulai)
        .only("pk", "pegawai_id", "status", "periode_mulai")
        .order_by("pegawai_id", "periode_mulai", "pk")
    )
    for skp in skps:
        found[skp.pegawai_id] = skp  # ordered: the last one wins
    return found


def _evaluations(pegawai_ids: Q, periode: Periode) -> dict[int, list[Evaluasi]]:
    """The given evaluations in force of the period per pegawai, oldest SKP first. An evaluation
    belongs to the SKP it was given on, even when that SKP was revised since."""
    found: dict[int, list[Evaluasi]] = defaultdict(list)
    evaluations = (
        Evaluasi.objects.current()
        .diberikan()
        .filter(periode=periode)
        .filter(pegawai_ids)
        .select_related("skp__jabatan__jenjang")
        .only(
            "pk",
            "rating_hasil",
            "rating_perilaku",
            "predikat",
            "skp__pegawai_id",
            "skp__periode_mulai",
            "skp__periode_selesai",
            "skp__jabatan__jenis",
            "skp__jabatan__jenjang__koefisien_tahunan",
        )
        .order_by("skp__pegawai_id", "skp__periode_mulai", "pk")
    )
    for evaluasi in evaluations:
        found[evaluasi.skp.pegawai_id].append(evaluasi)
    return found


def _angka_kredit(
    evaluations: Sequence[Evaluasi], periode: Periode, persen: dict[str, Decimal]
) -> tuple[Decimal, int] | None:
    """AK earned in the period and the months it covers. The annual rekap adds up every SKP of the
    year (a pegawai who moved mid-year has two, each pro rata); a periodic one uses the latest."""
    chosen = list(evaluations) if periode.is_tahunan else list(evaluations[-1:])
    total = Decimal(0)
    months = 0
    counted = False
    for evaluasi in chosen:
        jabatan = evaluasi.skp.jabatan
        if jabatan.jenis != Jabatan.Jenis.FUNGSIONAL or jabatan.jenjang is None or evaluasi.predikat not in persen:
            continue
        bulan = bulan_angka_kredit(periode=periode, skp=evaluasi.skp)
        total += angka_kredit(
            persen_predikat=persen[evaluasi.predikat], koefisien_tahunan=jabatan.jenjang.koefisien_tahunan, bulan=bulan
        )
        months += bulan
        counted = True
    return (total, min(months, 12)) if counted else None


def _rank(rows: Iterable[RekapRow]) -> None:
    """Peringkat within each unit: by predikat (best first), then by name and NIP. Pegawai not
    rated yet get no rank."""
    by_unit: dict[int, list[RekapRow]] = defaultdict(list)
    for row in rows:
        if row.predikat:
            by_unit[row.unit_id].append(row)
    for unit_rows in by_unit.values():
        unit_rows.sort(key=lambda r: (_PREDIKAT_RANK.get(r.predikat, 99), r.nama.casefold(), r.nip))
        for position, row in enumerate(unit_rows, start=1):
            row.peringkat = position


def _sort_key(row: RekapRow) -> tuple[str, str, int, int, str, str]:
    return (
        row.unit_kode,
        row.unit_nama,
        row.unit_id,
        row.peringkat if row.peringkat is not None else 10**9,
        row.nama.casefold(),
        row.nip,
    )


def rekap_search(rows: Iterable[RekapRow], q: str) -> list[RekapRow]:
    """Rows whose NIP starts with q (spaces allowed, as typed) or whose name contains it."""
    q = (q or "").strip()
    if not q:
        return list(rows)
    digits = nip_normalize(q)
    if digits.isdigit():
        return [r for r in rows if r.nip.startswith(digits)]
    needle = q.casefold()
    return [r for r in rows if needle in r.nama.casefold()]


def rekap_rows(*, unit_ids: Iterable[int], periode: Periode, q: str = "") -> list[RekapRow]:
    """One row per active pegawai of the units, in unit order and then by rank within the unit.

    The rank is computed over every pegawai of the unit before the search narrows the rows, so
    searching a name shows that pegawai's real rank. Six queries, whatever the number of pegawai.
    """
    units = frozenset(unit_ids)
    pegawai_qs = (
        Pegawai.objects.active()
        .filter(unit_kerja_id__in=units)
        .select_related("unit_kerja", "jabatan__jenjang")
        .only(
            "pk",
            "nip",
            "nama",
            "gelar_depan",
            "gelar_belakang",
            "unit_kerja__kode",
            "unit_kerja__nama",
            "jabatan__nama",
            "jabatan__jenjang__nama",
        )
    )
    of_units = Q(pegawai__aktif=True, pegawai__unit_kerja_id__in=units)
    skp_of = _skp_in_periode(of_units, periode)
    evaluations_of = _evaluations(Q(skp__pegawai__aktif=True, skp__pegawai__unit_kerja_id__in=units), periode)
    persen = {p.predikat: p.persen for p in PersentaseAngkaKredit.objects.all()}
    faktor = {f.predikat: f.persen for f in FaktorTpp.objects.filter(instansi_id=periode.instansi_id)}

    rows: list[RekapRow] = []
    for pegawai in pegawai_qs:
        unit = pegawai.unit_kerja
        assert unit is not None
        skp = skp_of.get(pegawai.pk)
        row = RekapRow(
            pegawai_id=pegawai.pk,
            nip=pegawai.nip,
            nama=pegawai.nama_lengkap,
            unit_id=unit.pk,
            unit_kode=unit.kode,
            unit_nama=unit.nama,
            jabatan=pegawai.jabatan.nama if pegawai.jabatan else "",
            jenjang=pegawai.jabatan.jenjang.nama if pegawai.jabatan and pegawai.jabatan.jenjang else "",
            skp_status=skp.status if skp is not None else "",
        )
        evaluations = evaluations_of.get(pegawai.pk, [])
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
    _rank(rows)
    rows.sort(key=_sort_key)
    return rekap_search(rows, q)


def rekap_distribusi(rows: Iterable[RekapRow]) -> list[DistribusiUnit]:
    """Per unit (in the rows' order), then a total line when there is more than one unit."""
    per_unit: dict[int, DistribusiUnit] = {}
    total = DistribusiUnit(unit_id=None, unit_kode="", unit_nama=str(_("Jumlah")))
    for row in rows:
        unit = per_unit.get(row.unit_id)
        if unit is None:
            unit = per_unit[row.unit_id] = DistribusiUnit(row.unit_id, row.unit_kode, row.unit_nama)
        for target in (unit, total):
            target.jumlah_pegawai += 1
            if row.predikat in target.jumlah:
                target.jumlah[row.predikat] += 1
    result = list(per_unit.values())
    if len(result) > 1:
        result.append(total)
    return result
