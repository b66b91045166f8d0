"""Official forms 1–6 of Permenpan RB 6/2022 as PDF (SPEC §8; seed 000 lampiran format 1–5, seed 003
"Perjanjian Kinerja", seed 004 filled examples):

1. Perjanjian Kinerja of a unit and year (`pk_pdf`).
2. Matriks Peran Hasil of one leader's RHK, in the layout of its level (`matriks_pdf`): JPT → ketua
   tim / JF directly under the JPT, or ketua tim → anggota tim; an empty cell prints "N/A".
3. Workblock of a JPT SKP (`workblock_pdf`).
4. Lampiran SKP (`lampiran_pdf`).
5. Rencana Aksi (`rencana_aksi_pdf`).
6. Manual Indikator Kinerja SKP JPT (`manual_indikator_pdf`): one block per IKI with a manual.

Every view calls a `perencanaan.access` helper first (anyone not allowed to read the data gets a
404) and reads the data through the same helpers as the screens, so the paper shows what the user
sees. The identities are the SKP's snapshot when it was set (live data before that).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils import timezone, translation
from django.views.decorators.http import require_safe

from organisasi.identitas import Identitas, identitas_of
from organisasi.models import Pegawai
from perencanaan.access import PeranSkp, get_matriks_for_user, get_pk_for_user, get_skp_for_user
from perencanaan.models import (
    BarisMatriks,
    IndikatorKinerja,
    KolomMatriks,
    LampiranSkp,
    ManualIndikator,
    MatriksPeranHasil,
    PeranHasil,
    PerjanjianKinerja,
    Skp,
)
from perencanaan.services.matriks import peran_lines
from perencanaan.services.rencana import format_number
from perencanaan.views.skp import plan_context
from perencanaan.views.skp_sections import lampiran_context, rencana_aksi_context, workblock_context

from ..render import pdf_response, periode_penilaian, render_pdf, safe_filename, tanggal_cetak

MAX_PK = 2**63 - 1
TEMPLATES = "dokumen/perencanaan/"

# The labels the seed's matrices print in the first column (seed 000 lampiran 1).
JABATAN_TIM_CETAK: dict[str, str] = {
    BarisMatriks.JabatanTim.KETUA_TIM: "Ketua Tim Kerja",
    BarisMatriks.JabatanTim.ANGGOTA_TIM: "Anggota Tim Kerja",
    BarisMatriks.JabatanTim.JF_LANGSUNG: "JF yang berada langsung di bawah JPT",
}

# Lampiran SKP: the seed's headings, in the order of `LampiranSkp.Jenis`.
LAMPIRAN_JUDUL: dict[str, str] = {
    LampiranSkp.Jenis.DUKUNGAN_SUMBER_DAYA: "DUKUNGAN SUMBER DAYA",
    LampiranSkp.Jenis.SKEMA_PERTANGGUNGJAWABAN: "SKEMA PERTANGGUNGJAWABAN",
    LampiranSkp.Jenis.KONSEKUENSI: "KONSEKUENSI",
}


# --- Small helpers ------------------------------------------------------------------------------


View = Callable[..., HttpResponse]


def indonesian(view: View) -> View:
    """The whole view in Indonesian, whatever the user's interface language: the labels the
    screens' helpers compute ("A. Utama", choice labels) are printed on the regulation's forms."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with translation.override("id"):
            return view(request, *args, **kwargs)

    return wrapper


def _pk(pk: int) -> int:
    if not 1 <= pk <= MAX_PK:
        raise Http404
    return pk


def _ttd(identitas: Identitas | dict[str, Any] | None, jabatan_ttd: str) -> dict[str, str]:
    identitas = identitas or {}
    return {"jabatan_ttd": jabatan_ttd, "nama": identitas.get("nama", ""), "nip": identitas.get("nip", "")}


@dataclass
class SkpDokumen:
    """What every SKP-based form prints around its table: instansi, period, identities, signatures."""

    skp: Skp
    instansi: str
    periode: str
    pegawai: dict[str, Any]
    penilai: dict[str, Any] | None
    tempat: str
    tanggal: str

    def context(self) -> dict[str, Any]:
        return {
            "skp": self.skp,
            "instansi_nama": self.instansi,
            "periode": self.periode,
            "pegawai": self.pegawai,
            "penilai": self.penilai,
            "tempat": self.tempat,
            "tanggal": self.tanggal,
            "kiri": _ttd(self.pegawai, "Pegawai yang Dinilai"),
            "kanan": _ttd(self.penilai, "Pejabat Penilai Kinerja"),
        }


def _live_identitas(pegawai: Pegawai, *, jabatan: str, unit_kerja: str) -> dict[str, Any]:
    identitas = identitas_of(pegawai)
    assert identitas is not None
    return {**identitas, "jabatan": jabatan, "unit_kerja": unit_kerja}


def skp_dokumen(skp: Skp) -> SkpDokumen:
    """Identities as snapshotted when the SKP was set (SPEC §3), or as they are now for an SKP not
    set yet; the date on the signatures is the day it was set (today before that)."""
    snapshot = skp.identitas or {}
    pegawai: dict[str, Any] | None = snapshot.get("pegawai")
    penilai: dict[str, Any] | None = snapshot.get("pejabat_penilai")
    if not pegawai:
        unit = skp.unit_kerja if skp.unit_kerja_id is not None else skp.pegawai.unit_kerja
        pegawai = _live_identitas(skp.pegawai, jabatan=skp.jabatan.nama, unit_kerja=unit.nama if unit else "")
        penilai = None
        if skp.pejabat_penilai is not None:
            atasan = skp.pejabat_penilai
            penilai = _live_identitas(
                atasan,
                jabatan=atasan.jabatan.nama if atasan.jabatan else "",
                unit_kerja=atasan.unit_kerja.nama if atasan.unit_kerja else "",
            )
    instansi = skp.pegawai.instansi
    ditetapkan = timezone.localdate(skp.ditetapkan_pada) if skp.ditetapkan_pada else timezone.localdate()
    return SkpDokumen(
        skp=skp,
        instansi=pegawai.get("instansi") or instansi.nama,
        periode=periode_penilaian(skp.periode_mulai, skp.periode_selesai),
        pegawai=pegawai,
        penilai=penilai,
        tempat=instansi.tempat_tanda_tangan,
        tanggal=tanggal_cetak(ditetapkan),
    )


def skp_filename(jenis: str, skp: Skp) -> str:
    """`Lampiran-SKP_198611232010012005_2026-01-01_2026-12-31.pdf` (and a version suffix after a revision)."""
    versi = f"v{skp.versi}" if skp.versi > 1 else ""
    return safe_filename(jenis, skp.pegawai.nip, skp.periode_mulai.isoformat(), skp.periode_selesai.isoformat(), versi)


def _pdf(template: str, context: dict[str, Any], filename: str) -> HttpResponse:
    return pdf_response(render_pdf(TEMPLATES + template, context), f"{filename}.pdf")


# --- 1. Perjanjian Kinerja ------------------------------------------------------------------------


@dataclass
class SasaranCetak:
    nomor: int
    teks: str
    indikator: list[IndikatorKinerja]

    @property
    def rowspan(self) -> int:
        return max(1, len(self.indikator))


def pk_context(perjanjian: PerjanjianKinerja) -> dict[str, Any]:
    """The PK's table (2 queries) with its signatures: the kepala of the unit (pihak pertama) and
    their atasan (pihak kedua)."""
    unit = perjanjian.unit_kerja
    sasaran = (
        perjanjian.sasaran.prefetch_related(
            Prefetch("indikator", queryset=IndikatorKinerja.objects.select_related("satuan").order_by("urutan", "pk"))
        )
        .order_by("urutan", "pk")
        .all()
    )
    rows: list[SasaranCetak] = []
    for nomor, s in enumerate(sasaran, start=1):
        indikator = list(s.indikator.all())
        for i in indikator:
            i.target_cetak = f"{format_number(i.target)} {i.satuan.nama}"  # type: ignore[attr-defined]
        rows.append(SasaranCetak(nomor=nomor, teks=s.teks, indikator=indikator))
    kepala = Pegawai.objects.with_identity().filter(pk=unit.kepala_id).first() if unit.kepala_id is not None else None
    atasan = (
        Pegawai.objects.with_identity().filter(pk=kepala.atasan_id).first()
        if kepala is not None and kepala.atasan_id is not None
        else None
    )
    kepala_identitas = identitas_of(kepala)
    atasan_identitas = identitas_of(atasan)
    return {
        "perjanjian": perjanjian,
        "unit": unit,
        "instansi_nama": unit.instansi.nama,
        "sasaran_rows": rows,
        "kepala": kepala_identitas,
        "atasan": atasan_identitas,
        "tempat": unit.instansi.tempat_tanda_tangan,
        "tanggal": tanggal_cetak(timezone.localdate(perjanjian.created_at)),
        "kanan": _ttd(kepala_identitas, kepala_identitas["jabatan"] if kepala_identitas else "Kepala " + unit.nama),
        "kiri": _ttd(atasan_identitas, atasan_identitas["jabatan"]) if atasan_identitas else None,
    }


@login_required
@require_safe
@indonesian
def pk_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    perjanjian = get_pk_for_user(request.user, _pk(pk))
    context = pk_context(perjanjian)
    unit = perjanjian.unit_kerja
    filename = safe_filename("Perjanjian-Kinerja", unit.kode or unit.nama, perjanjian.tahun)
    return _pdf("pk.html", context, filename)


# --- 2. Matriks Peran Hasil --------------------------------------------------------------------------


@dataclass
class SelMatriks:
    lines: list[str]


@dataclass
class BarisCetak:
    baris: BarisMatriks
    jabatan_tim: str
    cells: list[SelMatriks] = field(default_factory=list)


def matriks_context(matriks: MatriksPeranHasil) -> dict[str, Any]:
    """Columns, rows and cells (3 queries) and the level of the matrix: a JPT's RHK gives the first
    level (JPT → ketua tim / JF under the JPT), any other leader's the second (ketua tim → anggota)."""
    rhk = matriks.rhk
    skp = rhk.skp
    kolom = list(KolomMatriks.objects.filter(matriks=matriks).order_by("urutan", "pk"))
    baris = list(
        BarisMatriks.objects.filter(matriks=matriks)
        .select_related("pegawai__jabatan", "pegawai__golongan")
        .order_by("urutan", "pk")
    )
    cells = {(p.baris_id, p.kolom_id): p for p in PeranHasil.objects.filter(baris__matriks=matriks)}
    rows = []
    for b in baris:
        row = BarisCetak(baris=b, jabatan_tim=JABATAN_TIM_CETAK.get(b.jabatan_tim, b.get_jabatan_tim_display()))
        for k in kolom:
            peran = cells.get((b.pk, k.pk))
            row.cells.append(SelMatriks(lines=peran_lines(peran.teks) if peran is not None else []))
        rows.append(row)
    leader = skp.pegawai
    level_jpt = skp.is_jpt
    return {
        "matriks": matriks,
        "rhk": rhk,
        "skp": skp,
        "leader": leader,
        "leader_jabatan": skp.jabatan.nama,
        "leader_unit": (skp.unit_kerja or leader.unit_kerja),
        "instansi_nama": leader.instansi.nama,
        "periode": periode_penilaian(skp.periode_mulai, skp.periode_selesai),
        "level_jpt": level_jpt,
        "leader_label": "JPT Pratama/Pimpinan Unit Kerja Mandiri" if level_jpt else "Ketua Tim Kerja",
        "kolom": kolom,
        "rows": rows,
        "nomor_kolom": range(2, len(kolom) + 2),
    }


@login_required
@require_safe
@indonesian
def matriks_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    get_matriks_for_user(request.user, _pk(pk))
    matriks = MatriksPeranHasil.objects.select_related(
        "rhk__skp__pegawai__instansi", "rhk__skp__pegawai__unit_kerja", "rhk__skp__jabatan", "rhk__skp__unit_kerja"
    ).get(pk=pk)
    skp = matriks.rhk.skp
    filename = safe_filename("Matriks-Peran-Hasil", skp.pegawai.nip, skp.tahun, f"RHK-{matriks.rhk_id}")
    return _pdf("matriks.html", matriks_context(matriks), filename)


# --- 3–6. Forms of one SKP --------------------------------------------------------------------------


def _skp_for_reader(request: HttpRequest, pk: int, *, jpt_only: bool = False) -> tuple[Skp, set[PeranSkp]]:
    skp, roles = get_skp_for_user(request.user, _pk(pk))
    if jpt_only and not skp.is_jpt:
        raise Http404
    return skp, roles


@login_required
@require_safe
@indonesian
def workblock_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Workblock of a JPT SKP (the SKP of anyone else has none: 404)."""
    skp, roles = _skp_for_reader(request, pk, jpt_only=True)
    context = {**skp_dokumen(skp).context(), **workblock_context(skp, roles)}
    for view in context["workblocks"]:
        for row in view.grid:
            # Numbered on through rutin and transformatif, as the seed's "A. RUTIN 1. B. TRANSFORMATIF 2.".
            nomor = 0
            for cell in row.cells:
                for item in cell.items:
                    nomor += 1
                    item.nomor = nomor
    return _pdf("workblock.html", context, skp_filename("Workblock", skp))


@login_required
@require_safe
@indonesian
def lampiran_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    skp, roles = _skp_for_reader(request, pk)
    context = {**skp_dokumen(skp).context(), **lampiran_context(skp, roles)}
    context["lampiran_judul"] = LAMPIRAN_JUDUL
    return _pdf("lampiran.html", context, skp_filename("Lampiran-SKP", skp))


@login_required
@require_safe
@indonesian
def rencana_aksi_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    skp, roles = _skp_for_reader(request, pk)
    context = {**skp_dokumen(skp).context(), **rencana_aksi_context(skp, roles)}
    return _pdf("rencana_aksi.html", context, skp_filename("Rencana-Aksi", skp))


@dataclass
class ManualCetak:
    nomor: int
    rhk_teks: str
    iki_teks: str
    target: str
    manual: ManualIndikator


def manual_blocks(skp: Skp) -> list[ManualCetak]:
    """One block per IKI that has a Manual Indikator, in the order of the SKP (utama first)."""
    plan = plan_context(skp)
    blocks: list[ManualCetak] = []
    for rhk in [*plan["rhk_utama"], *plan["rhk_tambahan"]]:
        for iki in rhk.iki_list:
            if iki.manual_isi is not None:
                blocks.append(
                    ManualCetak(
                        nomor=len(blocks) + 1,
                        rhk_teks=rhk.teks,
                        iki_teks=iki.teks,
                        target=iki.target_label,
                        manual=iki.manual_isi,
                    )
                )
    return blocks


@login_required
@require_safe
@indonesian
def manual_indikator_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Manual Indikator Kinerja of a JPT SKP (seed 000 lampiran 5)."""
    skp, _roles = _skp_for_reader(request, pk, jpt_only=True)
    context = {
        **skp_dokumen(skp).context(),
        "blocks": manual_blocks(skp),
        "jenis_kendali_choices": ManualIndikator.JenisKendali.choices,
        "periode_pelaporan_choices": ManualIndikator.PeriodePelaporan.choices,
    }
    return _pdf("manual_indikator.html", context, skp_filename("Manual-Indikator", skp))


urlpatterns: list[URLPattern] = [
    path("pk/<int:pk>/pdf/", pk_pdf, name="pk_pdf"),
    path("matriks/<int:pk>/pdf/", matriks_pdf, name="matriks_pdf"),
    path("skp/<int:pk>/workblock/pdf/", workblock_pdf, name="workblock_pdf"),
    path("skp/<int:pk>/lampiran/pdf/", lampiran_pdf, name="lampiran_pdf"),
    path("skp/<int:pk>/rencana-aksi/pdf/", rencana_aksi_pdf, name="rencana_aksi_pdf"),
    path("skp/<int:pk>/manual-indikator/pdf/", manual_indikator_pdf, name="manual_indikator_pdf"),
]
