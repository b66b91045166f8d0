"""The performance sheet of one SKP in one period: plan, realisasi, capaian, bukti dukung and
umpan balik side by side, as the Realisasi / SKP Bawahan screens and the evaluation forms show it.

`lembar_kinerja` loads everything in a fixed number of queries, whatever the size of the SKP.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from perencanaan.models import LOWER_IS_BETTER, Iki, JenisRhk, PerilakuSkp, Rhk, Skp
from perencanaan.services.rencana import format_number
from perencanaan.views.skp import plan_variant, target_label

from .models import BuktiDukung, Periode, Realisasi, UmpanBalik
from .rules import capaian_iki


@dataclass
class BarisIki:
    iki: Iki
    target_label: str
    realisasi: Realisasi | None
    capaian: Decimal | None
    umpan_balik: list[UmpanBalik] = field(default_factory=list)

    @property
    def nilai_label(self) -> str:
        """The realisasi as the forms print numbers ("10,5"), without trailing zeros."""
        if self.realisasi is None or self.realisasi.nilai is None:
            return ""
        return format_number(Decimal(self.realisasi.nilai))

    @property
    def capaian_label(self) -> str:
        return "" if self.capaian is None else f"{format_number(self.capaian)}%"


@dataclass
class BarisRhk:
    rhk: Rhk
    nomor: int
    iki: list[BarisIki]
    realisasi_teks: list[Realisasi]  # kualitatif statements (and any RHK-level realisasi)
    bukti: list[BuktiDukung]
    umpan_balik: list[UmpanBalik]  # on the RHK as a whole

    @property
    def rowspan(self) -> int:
        return max(1, len(self.iki))


@dataclass
class BarisPerilaku:
    perilaku: PerilakuSkp
    umpan_balik: list[UmpanBalik]


@dataclass
class LembarKinerja:
    skp: Skp
    periode: Periode
    variant: str  # "jpt_kuantitatif", "jajf_kuantitatif", "kualitatif"
    utama: list[BarisRhk]
    tambahan: list[BarisRhk]
    perilaku: list[BarisPerilaku]
    insidental: list[UmpanBalik]

    @property
    def sections(self) -> list[tuple[str, list[BarisRhk]]]:
        """(heading, rows) for the template, in the forms' wording."""
        if self.variant == "jpt_kuantitatif":
            return [(_("A. KINERJA UTAMA"), self.utama), (_("B. KINERJA TAMBAHAN"), self.tambahan)]
        return [(_("A. UTAMA"), self.utama), (_("B. TAMBAHAN"), self.tambahan)]

    @property
    def rhk_rows(self) -> list[BarisRhk]:
        return [*self.utama, *self.tambahan]

    @property
    def iki_rows(self) -> list[BarisIki]:
        return [b for r in self.rhk_rows for b in r.iki]

    @property
    def jumlah_iki_terisi(self) -> int:
        """IKI with a realisasi (kuantitatif), or RHK with a statement (kualitatif)."""
        if self.variant == "kualitatif":
            return sum(1 for r in self.rhk_rows if r.realisasi_teks)
        return sum(1 for b in self.iki_rows if b.realisasi is not None)

    @property
    def jumlah_target(self) -> int:
        return len(self.rhk_rows) if self.variant == "kualitatif" else len(self.iki_rows)


def capaian_of(iki: Iki, realisasi: Realisasi | None) -> Decimal | None:
    if realisasi is None or realisasi.nilai is None:
        return None
    return capaian_iki(
        realisasi=realisasi.nilai,
        target_min=iki.target_min,
        target_max=iki.target_max,
        lower_is_better=iki.aspek in LOWER_IS_BETTER,
    )


def lembar_kinerja(skp: Skp, periode: Periode) -> LembarKinerja:
    current_realisasi = Realisasi.objects.current().filter(periode=periode).select_related("dibuat_oleh")
    current_umpan_balik = (
        UmpanBalik.objects.current().filter(periode=periode).select_related("penulis").order_by("tanggal", "pk")
    )
    rhk_list = list(
        Rhk.objects.filter(skp=skp)
        .select_related("intervensi")
        .prefetch_related(
            Prefetch("iki", queryset=Iki.objects.select_related("satuan").order_by("urutan", "pk"), to_attr="iki_list"),
            Prefetch("realisasi", queryset=current_realisasi, to_attr="realisasi_list"),
            Prefetch(
                "bukti_dukung",
                queryset=BuktiDukung.objects.filter(periode=periode, dihapus_pada__isnull=True).order_by(
                    "diunggah_pada", "pk"
                ),
                to_attr="bukti_list",
            ),
        )
        .order_by("urutan", "pk")
    )
    umpan_balik = list(current_umpan_balik.filter(skp=skp))
    by_iki: dict[int, list[UmpanBalik]] = {}
    by_rhk: dict[int, list[UmpanBalik]] = {}
    by_perilaku: dict[int, list[UmpanBalik]] = {}
    insidental: list[UmpanBalik] = []
    for ub in umpan_balik:
        if ub.jenis == UmpanBalik.Jenis.INSIDENTAL:
            insidental.append(ub)
        elif ub.perilaku_id is not None:
            by_perilaku.setdefault(ub.perilaku_id, []).append(ub)
        elif ub.iki_id is not None:
            by_iki.setdefault(ub.iki_id, []).append(ub)
        elif ub.rhk_id is not None:
            by_rhk.setdefault(ub.rhk_id, []).append(ub)

    utama: list[BarisRhk] = []
    tambahan: list[BarisRhk] = []
    for rhk in rhk_list:
        group = utama if rhk.jenis == JenisRhk.UTAMA else tambahan
        realisasi_list: list[Realisasi] = rhk.realisasi_list
        per_iki = {r.iki_id: r for r in realisasi_list if r.iki_id is not None}
        rows = []
        for iki in rhk.iki_list:
            realisasi = per_iki.get(iki.pk)
            rows.append(BarisIki(iki, target_label(iki), realisasi, capaian_of(iki, realisasi), by_iki.get(iki.pk, [])))
        group.append(
            BarisRhk(
                rhk=rhk,
                nomor=len(group) + 1,
                iki=rows,
                realisasi_teks=[r for r in realisasi_list if r.iki_id is None],
                bukti=rhk.bukti_list,
                umpan_balik=by_rhk.get(rhk.pk, []),
            )
        )
    perilaku = [
        BarisPerilaku(p, by_perilaku.get(p.pk, []))
        for p in PerilakuSkp.objects.filter(skp=skp)
        .select_related("aspek", "penilai")
        .prefetch_related("aspek__panduan")
        .order_by("aspek__urutan")
    ]
    return LembarKinerja(skp, periode, plan_variant(skp), utama, tambahan, perilaku, insidental)
