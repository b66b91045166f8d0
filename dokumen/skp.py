"""The SKP as an official form (seed 000 lampiran format "SASARAN KINERJA PEGAWAI", seed 004).

Four variants: JPT kualitatif, JA/JF kualitatif, JPT kuantitatif (IKI, target, perspektif) and
JA/JF kuantitatif (RHK pimpinan yang diintervensi, aspek, IKI, target). `skp_form(skp)` gathers
everything the form prints — title lines, identity blocks, hasil kerja rows, the seven perilaku
aspects with their guides and the ekspektasi khusus pimpinan, signatures and footnotes — in a
constant number of queries; `skp_pdf(skp)` and `skp_xlsx(skp)` lay it out as PDF (WeasyPrint) and
as an Excel workbook (openpyxl). Bulk printing calls these two functions directly.

Identity is the snapshot taken when the SKP was set (`skp.identitas`); an SKP not set yet prints
the identities as they are now and is marked "DRAF" in its title block.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from organisasi.identitas import identitas_of
from perencanaan.models import AspekPerilaku, Iki, PanduanPerilaku, PerilakuSkp, Rhk, Skp, StatusSkp
from perencanaan.views.skp import plan_context

from .render import BULAN, periode_penilaian, render_pdf, safe_filename
from .skp_xlsx import write_workbook

TEMPLATE = "dokumen/skp/skp.html"

JPT_KUALITATIF = "jpt_kualitatif"
JAJF_KUALITATIF = "jajf_kualitatif"
JPT_KUANTITATIF = "jpt_kuantitatif"
JAJF_KUANTITATIF = "jajf_kuantitatif"

# The statuses in which the SKP has been set (an SKP replaced by a revision was set before).
SET_STATUSES = frozenset({StatusSkp.DITETAPKAN, StatusSkp.DIREVISI})

IDENTITAS_KEYS = ("nama", "nip", "pangkat_golongan", "jabatan", "unit_kerja", "instansi")


@dataclass(frozen=True)
class Kolom:
    """A column of the hasil kerja table: its heading and its relative width (Excel characters)."""

    judul: str
    lebar: int


@dataclass
class IkiBaris:
    teks: str
    target: str
    aspek: str = ""
    perspektif: str = ""

    @property
    def ukuran(self) -> str:
        """The kualitatif line: "IKI (target) — perspektif"."""
        text = f"{self.teks} ({self.target})" if self.target else self.teks
        return f"{text} — {self.perspektif}" if self.perspektif else text


class TabelKolom:
    """What a form's hasil kerja table derives from its columns (`kolom`, `is_kuantitatif`)."""

    kolom: list[Kolom]

    @property
    def is_kuantitatif(self) -> bool:
        raise NotImplementedError

    @property
    def lebar_total(self) -> int:
        return sum(k.lebar for k in self.kolom)

    @property
    def nomor_kolom(self) -> list[str]:
        """The "(1) (2) …" row under the column headings (kuantitatif forms)."""
        return [f"({n})" for n in range(1, len(self.kolom) + 1)] if self.is_kuantitatif else []


@dataclass
class RhkBaris:
    nomor: int
    teks: str
    penugasan_dari: str
    iki: list[IkiBaris]
    intervensi: str = ""
    intervensi_iki: list[str] = field(default_factory=list)

    @property
    def penugasan(self) -> str:
        return _("Penugasan dari: %(jabatan)s") % {"jabatan": self.penugasan_dari} if self.penugasan_dari else ""

    @property
    def rowspan(self) -> int:
        return max(1, len(self.iki))

    @property
    def iki_rows(self) -> list[IkiBaris]:
        """The rows of the RHK in a kuantitatif table: one per IKI, one empty row when it has none."""
        return self.iki or [IkiBaris(teks="", target="")]


@dataclass
class PerilakuBaris:
    nomor: int
    nama: str
    panduan: list[str]
    ekspektasi: str


@dataclass
class Ttd:
    jabatan_ttd: str
    nama: str
    nip: str


@dataclass
class SkpForm(TabelKolom):
    """Everything one SKP form prints, in print order."""

    skp: Skp
    variant: str
    judul: list[str]
    draf: bool
    instansi: str
    periode: str
    pegawai: dict[str, str]
    penilai: dict[str, str]
    kolom_kanan: str  # "instansi" (JPT forms) or "unit_kerja"
    nip_penilai_opsional: bool
    judul_hasil: str
    kolom: list[Kolom]
    label_utama: str
    label_tambahan: str
    label_ukuran: str
    utama: list[RhkBaris]
    tambahan: list[RhkBaris]
    judul_perilaku: str
    label_ekspektasi: str
    perilaku: list[PerilakuBaris]
    tempat: str
    tanggal: str
    ttd_kiri: Ttd
    ttd_kanan: Ttd
    catatan_kaki: list[str]

    @property
    def is_kuantitatif(self) -> bool:
        return self.variant in (JPT_KUANTITATIF, JAJF_KUANTITATIF)

    @property
    def is_jpt(self) -> bool:
        return self.variant in (JPT_KUALITATIF, JPT_KUANTITATIF)

    @property
    def has_intervensi(self) -> bool:
        """The JA/JF kuantitatif form: RHK pimpinan yang diintervensi and aspek columns."""
        return self.variant == JAJF_KUANTITATIF

    @property
    def landscape(self) -> bool:
        return self.is_kuantitatif

    @property
    def colspan_panduan(self) -> int:
        """Kuantitatif perilaku rows: the guides span the columns up to the IKI column."""
        return 3 if self.variant == JAJF_KUANTITATIF else 2

    @property
    def colspan_ekspektasi(self) -> int:
        return len(self.kolom) - 1 - self.colspan_panduan

    @property
    def nip(self) -> str:
        return self.pegawai.get("nip", "") or self.skp.pegawai.nip


# What `skp_form` reads of an SKP besides its plan and perilaku (as `get_skp_for_user` loads it).
SKP_RELATED = (
    "pegawai__instansi",
    "pegawai__golongan",
    "pegawai__jabatan",
    "pegawai__unit_kerja",
    "jabatan",
    "unit_kerja",
    "pejabat_penilai__instansi",
    "pejabat_penilai__golongan",
    "pejabat_penilai__jabatan",
    "pejabat_penilai__unit_kerja",
)


def load_skp(pk: int) -> Skp:
    """The SKP with everything its form reads in one query (bulk printing: `Skp.objects.select_related(*SKP_RELATED)`)."""
    return Skp.objects.select_related(*SKP_RELATED).get(pk=pk)


def variant_of(skp: Skp) -> str:
    if skp.is_kuantitatif:
        return JPT_KUANTITATIF if skp.is_jpt else JAJF_KUANTITATIF
    return JPT_KUALITATIF if skp.is_jpt else JAJF_KUALITATIF


def tanggal_ttd(skp: Skp) -> str:
    """The date above the pejabat penilai's signature: the day the SKP was set ("2 Januari 2026")."""
    if skp.status not in SET_STATUSES or skp.ditetapkan_pada is None:
        return "…………………… " + str(skp.periode_mulai.year)
    day = timezone.localdate(skp.ditetapkan_pada)
    return f"{day.day} {BULAN[day.month - 1].title()} {day.year}"


def _identitas(data: Any) -> dict[str, str]:
    if not isinstance(data, dict):
        return dict.fromkeys(IDENTITAS_KEYS, "")
    return {key: str(data.get(key) or "") for key in IDENTITAS_KEYS}


def identitas_pair(skp: Skp) -> tuple[dict[str, str], dict[str, str]]:
    """(pegawai, pejabat penilai): the snapshot of penetapan, or the live identities before it."""
    if skp.identitas:
        return _identitas(skp.identitas.get("pegawai")), _identitas(skp.identitas.get("pejabat_penilai"))
    pegawai = _identitas(identitas_of(skp.pegawai))
    pegawai["jabatan"] = skp.jabatan.nama
    unit = skp.unit_kerja if skp.unit_kerja_id is not None else skp.pegawai.unit_kerja
    pegawai["unit_kerja"] = unit.nama if unit is not None else ""
    return pegawai, _identitas(identitas_of(skp.pejabat_penilai))


def _judul(variant: str) -> list[str]:
    pendekatan = (
        _("PENDEKATAN HASIL KERJA KUANTITATIF")
        if variant in (JPT_KUANTITATIF, JAJF_KUANTITATIF)
        else _("PENDEKATAN HASIL KERJA KUALITATIF")
    )
    bagi = (
        _("BAGI PEJABAT PIMPINAN TINGGI DAN PIMPINAN UNIT KERJA MANDIRI")
        if variant in (JPT_KUALITATIF, JPT_KUANTITATIF)
        else _("BAGI PEJABAT ADMINISTRASI DAN PEJABAT FUNGSIONAL")
    )
    return [_("SASARAN KINERJA PEGAWAI"), pendekatan, bagi]


def _kolom(variant: str) -> list[Kolom]:
    """The hasil kerja columns of seed 000's formats with widths that add up to the page."""
    if variant == JPT_KUANTITATIF:
        return [
            Kolom(_("NO"), 5),
            Kolom(_("RENCANA HASIL KERJA"), 48),
            Kolom(_("INDIKATOR KINERJA INDIVIDU"), 44),
            Kolom(_("TARGET"), 18),
            Kolom(_("PERSPEKTIF"), 25),
        ]
    if variant == JAJF_KUANTITATIF:
        return [
            Kolom(_("NO."), 5),
            Kolom(_("RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI*"), 34),
            Kolom(_("RENCANA HASIL KERJA"), 34),
            Kolom(_("ASPEK"), 13),
            Kolom(_("INDIKATOR KINERJA INDIVIDU"), 36),
            Kolom(_("TARGET"), 18),
        ]
    return [Kolom(_("NO"), 5), Kolom(_("HASIL KERJA"), 95)]


def _catatan_kaki(variant: str) -> list[str]:
    ekspektasi = _("Pimpinan dapat memberikan Ekspektasi khusus terhadap satu atau lebih aspek perilaku kerja Pegawai")
    if variant == JAJF_KUANTITATIF:
        return [
            "* "
            + _(
                "Dalam hal rencana hasil kerja Pimpinan yang diintervensi adalah hasil kerja pejabat pimpinan tinggi dan Pimpinan unit kerja mandiri/ organisasi maka dituliskan rencana hasil kerja beserta indikator kinerja individu pejabat pimpinan tinggi dan Pimpinan unit kerja mandiri atau sasaran dan indikator kinerja organisasi yang diintervensi"
            ),
            "** " + ekspektasi,
        ]
    return ["* " + ekspektasi]


def _rhk_baris(rhk: Rhk) -> RhkBaris:
    iki_list: list[Iki] = rhk.iki_list  # type: ignore[attr-defined]
    baris = RhkBaris(
        nomor=rhk.nomor,  # type: ignore[attr-defined]
        teks=rhk.teks,
        penugasan_dari=rhk.penugasan_dari,
        iki=[
            IkiBaris(
                teks=iki.teks,
                target=iki.target_label,  # type: ignore[attr-defined]
                aspek=str(iki.get_aspek_display()) if iki.aspek else "",
                perspektif=str(iki.get_perspektif_display()) if iki.perspektif else "",
            )
            for iki in iki_list
        ],
    )
    leader = rhk.intervensi
    if leader is not None:
        baris.intervensi = leader.teks
        if leader.skp.is_jpt:
            for leader_iki in leader.leader_iki_list:  # type: ignore[attr-defined]
                label = leader_iki.target_label
                baris.intervensi_iki.append(f"{leader_iki.teks} ({label})" if label else leader_iki.teks)
    return baris


def perilaku_baris(skp: Skp) -> list[PerilakuBaris]:
    """The seven BerAKHLAK aspects in order with their guides and this SKP's ekspektasi (3 queries)."""
    aspek_list = AspekPerilaku.objects.prefetch_related(
        Prefetch("panduan", queryset=PanduanPerilaku.objects.order_by("urutan", "pk"))
    ).order_by("urutan")
    ekspektasi = dict(PerilakuSkp.objects.filter(skp=skp).values_list("aspek_id", "ekspektasi_khusus"))
    return [
        PerilakuBaris(
            nomor=nomor,
            nama=aspek.nama,
            panduan=[p.teks for p in aspek.panduan.all()],
            ekspektasi=ekspektasi.get(aspek.pk, "") or "",
        )
        for nomor, aspek in enumerate(aspek_list, start=1)
    ]


def skp_form(skp: Skp) -> SkpForm:
    """The whole form of one SKP, its text in Indonesian whatever the user's language."""
    with translation.override("id"):
        return _skp_form(skp)


def _skp_form(skp: Skp) -> SkpForm:
    variant = variant_of(skp)
    plan = plan_context(skp)
    pegawai, penilai = identitas_pair(skp)
    jpt = variant in (JPT_KUALITATIF, JPT_KUANTITATIF)
    instansi = pegawai["instansi"] or skp.pegawai.instansi.nama
    if variant == JPT_KUALITATIF:
        ukuran = _("Ukuran keberhasilan/ Indikator Kinerja Individu, Target, dan Perspektif:")
    else:
        ukuran = _("Ukuran keberhasilan/ indikator kinerja individu dan Target:")
    return SkpForm(
        skp=skp,
        variant=variant,
        judul=_judul(variant),
        draf=skp.status not in SET_STATUSES,
        instansi=instansi.upper(),
        periode=_("PERIODE PENILAIAN: %(periode)s")
        % {"periode": periode_penilaian(skp.periode_mulai, skp.periode_selesai)},
        pegawai=pegawai,
        penilai=penilai,
        kolom_kanan="instansi" if jpt else "unit_kerja",
        nip_penilai_opsional=jpt,
        judul_hasil=_("HASIL KERJA"),
        kolom=_kolom(variant),
        label_utama=_("A. KINERJA UTAMA") if variant == JPT_KUANTITATIF else _("A. UTAMA"),
        label_tambahan=_("B. KINERJA TAMBAHAN") if variant == JPT_KUANTITATIF else _("B. TAMBAHAN"),
        label_ukuran=ukuran,
        utama=[_rhk_baris(r) for r in plan["rhk_utama"]],
        tambahan=[_rhk_baris(r) for r in plan["rhk_tambahan"]],
        judul_perilaku=_("PERILAKU KERJA") + ("**" if variant == JAJF_KUANTITATIF else "*"),
        label_ekspektasi=_("Ekspektasi Khusus Pimpinan:"),
        perilaku=perilaku_baris(skp),
        tempat=skp.pegawai.instansi.tempat_tanda_tangan,
        tanggal=tanggal_ttd(skp),
        ttd_kiri=Ttd(jabatan_ttd=_("Pegawai yang Dinilai"), nama=pegawai["nama"], nip=pegawai["nip"]),
        ttd_kanan=Ttd(jabatan_ttd=_("Pejabat Penilai Kinerja"), nama=penilai["nama"], nip=penilai["nip"]),
        catatan_kaki=_catatan_kaki(variant),
    )


def skp_filename(skp: Skp, extension: str) -> str:
    """`SKP_<NIP>_<dd-mm-yyyy>_<dd-mm-yyyy>.<extension>`."""
    nip = skp.identitas.get("pegawai", {}).get("nip") if skp.identitas else None
    base = safe_filename(
        "SKP", nip or skp.pegawai.nip, f"{skp.periode_mulai:%d-%m-%Y}", f"{skp.periode_selesai:%d-%m-%Y}"
    )
    return f"{base}.{extension}"


def skp_pdf(skp: Skp) -> bytes:
    """The SKP form of its variant as a PDF (A4; landscape for the kuantitatif forms)."""
    return render_pdf(TEMPLATE, {"form": skp_form(skp)})


def skp_xlsx(skp: Skp) -> bytes:
    """The SKP form laid out like the official Excel template (one sheet, print-ready)."""
    form = skp_form(skp)
    with translation.override("id"):
        return write_workbook(form)
