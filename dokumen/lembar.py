"""The performance sheet as the official forms print it (seed 000 lampiran "PENDOKUMENTASIAN
KINERJA", "REKAMAN INFORMASI UMPAN BALIK BERKELANJUTAN", "HASIL EVALUASI KINERJA PEGAWAI").

`lembar_cetak(lembar)` turns `pelaksanaan.selectors.lembar_kinerja` — the one sheet the Realisasi,
Umpan balik and Evaluasi screens read — into rows of text for forms 12 and 13, so that the paper
shows exactly what the screens show. `pendokumentasian_form(skp)` gathers form 11: every RHK with
its rencana aksi and, per evaluation period, its realisasi and bukti dukung.

Forms are the regulation's documents: their text is Indonesian whatever the interface language,
written here directly (as in `dokumen/templates/dokumen/perencanaan/`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from pelaksanaan.models import BuktiDukung, Periode, Realisasi, UmpanBalik
from pelaksanaan.periode import periods_of_skp
from pelaksanaan.selectors import BarisIki, BarisRhk, LembarKinerja, capaian_of
from perencanaan.models import Iki, JenisRhk, RencanaAksi, Rhk, Skp
from perencanaan.services.rencana import format_number
from perencanaan.views.skp import target_label

from .render import BULAN, periode_penilaian, tanggal_cetak
from .skp import Kolom, TabelKolom, identitas_pair

JPT_KUANTITATIF = "jpt_kuantitatif"
JAJF_KUANTITATIF = "jajf_kuantitatif"
KUALITATIF = "kualitatif"

UMPAN_BALIK = "UMPAN BALIK BERKELANJUTAN BERDASARKAN BUKTI DUKUNG"
REALISASI = "REALISASI BERDASARKAN BUKTI DUKUNG"


def periode_label(periode: Periode) -> str:
    """What follows "PERIODE:" on the forms: "TRIWULAN I", "BULAN MARET", "TAHUNAN"."""
    return ("Tahunan" if periode.is_tahunan else periode.nama).upper()


# --- Rows of forms 12 and 13 ----------------------------------------------------------------------


@dataclass(frozen=True)
class UmpanBalikCetak:
    """One feedback as the forms print it: "Pimpinan: …", "Rekan kerja (Nama): …"."""

    oleh: str
    teks: str
    tanggal: str


def umpan_balik_cetak(ub: UmpanBalik) -> UmpanBalikCetak:
    if ub.peran_penulis == UmpanBalik.Peran.PIMPINAN:
        oleh = "Pimpinan"
    else:
        oleh = f"{ub.get_peran_penulis_display()} ({ub.penulis.nama_lengkap})"
    return UmpanBalikCetak(oleh=oleh, teks=ub.teks, tanggal=tanggal_cetak(ub.tanggal))


@dataclass
class IkiCetak:
    teks: str
    target: str
    aspek: str
    perspektif: str
    realisasi: str  # "12 Dokumen", "" when not filled
    keterangan: str
    capaian: str  # "100%", "" when it cannot be computed
    umpan_balik: list[UmpanBalikCetak]


@dataclass
class RhkCetak:
    nomor: int
    teks: str
    penugasan_dari: str
    intervensi: str
    iki: list[IkiCetak]
    realisasi_teks: list[str]  # kualitatif statements
    bukti: list[str]  # "laporan.pdf (12 Maret 2026)", "Tautan: https://…"
    umpan_balik: list[UmpanBalikCetak]  # on the RHK as a whole

    @property
    def rowspan(self) -> int:
        return max(1, len(self.iki))

    @property
    def iki_rows(self) -> list[IkiCetak]:
        """One row per IKI, one empty row for an RHK without IKI."""
        return self.iki or [IkiCetak("", "", "", "", "", "", "", [])]


@dataclass
class PerilakuCetak:
    nomor: int
    nama: str
    panduan: list[str]
    ekspektasi: str
    umpan_balik: list[UmpanBalikCetak]


@dataclass
class LembarCetak(TabelKolom):
    """The sheet of one SKP in one period, as text rows of forms 12 and 13."""

    variant: str  # jpt_kuantitatif | jajf_kuantitatif | kualitatif
    is_jpt: bool
    kolom: list[Kolom]
    label_utama: str
    label_tambahan: str
    label_ukuran: str
    utama: list[RhkCetak]
    tambahan: list[RhkCetak]
    perilaku: list[PerilakuCetak]
    insidental: list[UmpanBalikCetak]

    @property
    def is_kuantitatif(self) -> bool:
        return self.variant != KUALITATIF

    @property
    def has_intervensi(self) -> bool:
        return self.variant == JAJF_KUANTITATIF

    @property
    def jumlah_kolom(self) -> int:
        return len(self.kolom)

    @property
    def sections(self) -> list[tuple[str, list[RhkCetak]]]:
        return [(self.label_utama, self.utama), (self.label_tambahan, self.tambahan)]


def kolom_lembar(variant: str) -> list[Kolom]:
    """The columns of seed 000's feedback and evaluation forms, widths in percent."""
    if variant == JPT_KUANTITATIF:
        return [
            Kolom("NO.", 4),
            Kolom("RENCANA HASIL KERJA", 19),
            Kolom("INDIKATOR KINERJA INDIVIDU", 17),
            Kolom("TARGET", 9),
            Kolom("PERSPEKTIF", 10),
            Kolom(REALISASI, 19),
            Kolom(UMPAN_BALIK, 22),
        ]
    if variant == JAJF_KUANTITATIF:
        return [
            Kolom("NO", 4),
            Kolom("RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI", 15),
            Kolom("RENCANA HASIL KERJA", 15),
            Kolom("ASPEK", 8),
            Kolom("INDIKATOR KINERJA INDIVIDU", 14),
            Kolom("TARGET", 9),
            Kolom(REALISASI, 16),
            Kolom(UMPAN_BALIK, 19),
        ]
    return [Kolom("NO", 4), Kolom("HASIL KERJA", 40), Kolom(REALISASI, 27), Kolom(UMPAN_BALIK, 29)]


def _nilai(baris: BarisIki) -> str:
    if not baris.nilai_label:
        return ""
    satuan = baris.iki.satuan.nama if baris.iki.satuan is not None else ""
    return f"{baris.nilai_label} {satuan}".strip()


def bukti_cetak(bukti: BuktiDukung) -> str:
    when = tanggal_cetak(timezone.localdate(bukti.diunggah_pada))
    if bukti.jenis == BuktiDukung.Jenis.TAUTAN:
        return f"{bukti.nama} — {bukti.tautan} ({when})"
    return f"{bukti.nama} ({when})"


def _rhk_cetak(baris: BarisRhk) -> RhkCetak:
    rhk = baris.rhk
    return RhkCetak(
        nomor=baris.nomor,
        teks=rhk.teks,
        penugasan_dari=rhk.penugasan_dari,
        intervensi=rhk.intervensi.teks if rhk.intervensi is not None else "",
        iki=[
            IkiCetak(
                teks=b.iki.teks,
                target=b.target_label,
                aspek=str(b.iki.get_aspek_display()) if b.iki.aspek else "",
                perspektif=str(b.iki.get_perspektif_display()) if b.iki.perspektif else "",
                realisasi=_nilai(b),
                keterangan=b.realisasi.keterangan if b.realisasi is not None else "",
                capaian=b.capaian_label,
                umpan_balik=[umpan_balik_cetak(ub) for ub in b.umpan_balik],
            )
            for b in baris.iki
        ],
        realisasi_teks=[r.teks for r in baris.realisasi_teks],
        bukti=[bukti_cetak(b) for b in baris.bukti],
        umpan_balik=[umpan_balik_cetak(ub) for ub in baris.umpan_balik],
    )


def lembar_cetak(lembar: LembarKinerja) -> LembarCetak:
    """Forms 12/13's rows from the sheet: hasil kerja with realisasi, evidence and feedback, and the
    seven perilaku aspects with their guides, ekspektasi khusus pimpinan and their penilai's feedback."""
    skp = lembar.skp
    variant = lembar.variant
    if skp.is_jpt and variant == KUALITATIF:
        ukuran = "Ukuran Keberhasilan/ Indikator Kinerja Individu, Target, dan Perspektif:"
    else:
        ukuran = "Ukuran keberhasilan dan Target:"
    return LembarCetak(
        variant=variant,
        is_jpt=skp.is_jpt,
        kolom=kolom_lembar(variant),
        label_utama="A. KINERJA UTAMA" if variant == JPT_KUANTITATIF else "A. UTAMA",
        label_tambahan="B. KINERJA TAMBAHAN" if variant == JPT_KUANTITATIF else "B. TAMBAHAN",
        label_ukuran=ukuran,
        utama=[_rhk_cetak(b) for b in lembar.utama],
        tambahan=[_rhk_cetak(b) for b in lembar.tambahan],
        perilaku=[
            PerilakuCetak(
                nomor=nomor,
                nama=b.perilaku.aspek.nama,
                # Sorted here: the prefetch keeps the model's order, which is by aspect first.
                panduan=[p.teks for p in sorted(b.perilaku.aspek.panduan.all(), key=lambda p: (p.urutan, p.pk))],
                ekspektasi=b.perilaku.ekspektasi_khusus or "",
                umpan_balik=[umpan_balik_cetak(ub) for ub in b.umpan_balik],
            )
            for nomor, b in enumerate(lembar.perilaku, start=1)
        ],
        insidental=[umpan_balik_cetak(ub) for ub in lembar.insidental],
    )


def judul_pendekatan(variant: str) -> list[str]:
    """The title lines after the form's name: approach, and whom the kuantitatif forms are for."""
    if variant == KUALITATIF:
        return ["PENDEKATAN HASIL KERJA KUALITATIF"]
    bagi = (
        "BAGI PEJABAT PIMPINAN TINGGI DAN PIMPINAN UNIT KERJA MANDIRI"
        if variant == JPT_KUANTITATIF
        else "BAGI PEJABAT ADMINISTRASI DAN PEJABAT FUNGSIONAL"
    )
    return ["PENDEKATAN HASIL KERJA KUANTITATIF", bagi]


# --- Form 11: Pendokumentasian Kinerja ------------------------------------------------------------


@dataclass
class RealisasiPeriode:
    """What one evaluation period documents of an RHK: realisasi lines and evidence."""

    periode: str
    realisasi: list[str]
    bukti: list[str]


@dataclass
class RhkDokumentasi:
    nomor: int
    teks: str
    rencana_aksi: list[str]
    per_periode: list[RealisasiPeriode]


@dataclass
class PendokumentasianForm:
    skp: Skp
    instansi: str
    periode: str  # "1 Januari s.d. 31 Desember 2026"
    pegawai: dict[str, str]
    penilai: dict[str, str]
    utama: list[RhkDokumentasi]
    tambahan: list[RhkDokumentasi]
    periode_kosong: list[str] = field(default_factory=list)

    @property
    def sections(self) -> list[tuple[str, list[RhkDokumentasi]]]:
        return [("A. UTAMA", self.utama), ("B. TAMBAHAN", self.tambahan)]

    @property
    def nip(self) -> str:
        return self.pegawai.get("nip", "") or self.skp.pegawai.nip


def _realisasi_line(realisasi: Realisasi, iki: Iki | None) -> str:
    if iki is None:
        return realisasi.teks
    parts = [iki.teks + ":"]
    if realisasi.nilai is not None:
        satuan = iki.satuan.nama if iki.satuan is not None else ""
        parts.append(f"{format_number(Decimal(realisasi.nilai))} {satuan}".strip())
        parts.append(f"dari target {target_label(iki)}")
        capaian = capaian_of(iki, realisasi)
        if capaian is not None:
            parts.append(f"(capaian {format_number(capaian)}%)")
    if realisasi.keterangan:
        parts.append("— " + realisasi.keterangan)
    return " ".join(parts)


def pendokumentasian_form(skp: Skp) -> PendokumentasianForm:
    """Form 11 of one SKP: per RHK its rencana aksi and, period by period, the realisasi in force and
    the evidence not removed (5 queries besides the periods, whatever the size)."""
    periods = periods_of_skp(skp)
    order = [p.pk for p in periods]
    rhk_list = list(
        Rhk.objects.filter(skp=skp)
        .prefetch_related(
            Prefetch("iki", queryset=Iki.objects.select_related("satuan").order_by("urutan", "pk"), to_attr="iki_list"),
            Prefetch("rencana_aksi", queryset=RencanaAksi.objects.order_by("urutan", "pk"), to_attr="aksi_list"),
            Prefetch(
                "realisasi",
                queryset=Realisasi.objects.current().filter(periode_id__in=order).order_by("pk"),
                to_attr="realisasi_list",
            ),
            Prefetch(
                "bukti_dukung",
                queryset=BuktiDukung.objects.filter(periode_id__in=order, dihapus_pada__isnull=True).order_by(
                    "diunggah_pada", "pk"
                ),
                to_attr="bukti_list",
            ),
        )
        .order_by("urutan", "pk")
    )
    groups: dict[str, list[RhkDokumentasi]] = {JenisRhk.UTAMA: [], JenisRhk.TAMBAHAN: []}
    for rhk in rhk_list:
        iki_by_pk = {i.pk: i for i in rhk.iki_list}
        iki_order = {i.pk: n for n, i in enumerate(rhk.iki_list)}
        by_periode: dict[int, RealisasiPeriode] = {
            p.pk: RealisasiPeriode(periode=p.nama, realisasi=[], bukti=[]) for p in periods
        }
        realisasi_sorted = sorted(
            rhk.realisasi_list,
            key=lambda r: (iki_order.get(r.iki_id, -1) if r.iki_id is not None else -1, r.pk),
        )
        for r in realisasi_sorted:
            line = _realisasi_line(r, iki_by_pk.get(r.iki_id) if r.iki_id is not None else None)
            if line:
                by_periode[r.periode_id].realisasi.append(line)
        for b in rhk.bukti_list:
            by_periode[b.periode_id].bukti.append(bukti_cetak(b))
        group = groups[rhk.jenis]
        group.append(
            RhkDokumentasi(
                nomor=len(group) + 1,
                teks=rhk.teks,
                rencana_aksi=[f"{a.teks} ({a.target_periode})" if a.target_periode else a.teks for a in rhk.aksi_list],
                # Periods in order, only those that document something.
                per_periode=[by_periode[p.pk] for p in periods if by_periode[p.pk].realisasi or by_periode[p.pk].bukti],
            )
        )
    pegawai, penilai = identitas_pair(skp)
    mulai, selesai = skp.periode_mulai, skp.periode_selesai
    return PendokumentasianForm(
        skp=skp,
        instansi=(pegawai["instansi"] or skp.pegawai.instansi.nama).upper(),
        periode=f"{mulai.day} {BULAN[mulai.month - 1].title()} s.d. {selesai.day} "
        f"{BULAN[selesai.month - 1].title()} Tahun {selesai.year}",
        pegawai=pegawai,
        penilai=penilai,
        utama=groups[JenisRhk.UTAMA],
        tambahan=groups[JenisRhk.TAMBAHAN],
    )


def periode_skp(skp: Skp) -> str:
    """ "PERIODE PENILAIAN: 1 JANUARI 2026 SD 31 DESEMBER 2026" of the forms' heading."""
    return "PERIODE PENILAIAN: " + periode_penilaian(skp.periode_mulai, skp.periode_selesai)
