"""Matriks Peran Hasil (SPEC §4.3, seed 000 lampiran 1, seed 004) and the keselarasan view.

A leader opens a matrix on one of their RHK, names its product/layanan columns, adds their
subordinates as rows and writes each one's peran per column. A ketua tim does the same on their
own RHK for their anggota (second level). Rows' pegawai, the leader's atasan, the operator and the
admin read it without controls.

Every change works twice: with htmx the matrix panel (`#matriks-panel`) is swapped in place, a
cell is edited inline and the candidate list refreshes while typing; without JavaScript each
control is a link to the same page with its form open, and each form posts and redirects back.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from django_htmx.http import HttpResponseClientRedirect
from django_htmx.middleware import HtmxDetails

from organisasi.access import is_operator, operator_scopes, pegawai_of, unit_subtree_ids
from organisasi.konflik import versi_of
from organisasi.models import Jabatan, Pegawai, TimKerja, UnitKerja

from ..access import can_manage_unit_plans, get_matriks_for_user, get_own_pegawai_for_planning, get_rhk_for_leader
from ..alignment import AlignmentTree, PegawaiFact, RhkFact, SasaranFact, build_alignment
from ..forms_matriks import (
    AlignmentFilterForm,
    BarisAddForm,
    BarisUpdateForm,
    KolomForm,
    KolomUbahForm,
    MatriksOpenForm,
    PeranForm,
)
from ..models import (
    BarisMatriks,
    JenisRhk,
    KolomMatriks,
    MatriksPeranHasil,
    PeranHasil,
    Rhk,
    SasaranStrategis,
    Skp,
    StatusSkp,
)
from ..services.matriks import (
    MAX_KOLOM,
    KonfirmasiDiperlukan,
    baris_add,
    baris_delete,
    baris_update,
    eligible_subordinates,
    kolom_add,
    kolom_delete,
    kolom_rename,
    matriks_open_for_rhk,
    peran_lines,
    peran_set,
)

MAX_PK = 2**63 - 1
MAX_KANDIDAT = 30
MAX_CARI = 100
ACTIVE_MENU = "matriks_peran_hasil"


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


# --- Small helpers ----------------------------------------------------------------------------


def _pk(raw: int | str) -> int:
    """An id from the URL or a form; one no database column can hold names nothing (404)."""
    text = str(raw)
    if not (text.isascii() and text.isdigit()):
        raise Http404
    value = int(text)
    if not 1 <= value <= MAX_PK:
        raise Http404
    return value


def _htmx(request: HtmxHttpRequest) -> bool:
    """An htmx request that swaps part of the page (not a boosted link, not a history restore)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request  # type: ignore[union-attr]


def _cari(params: QueryDict) -> str:
    return params.get("cari", "").strip()[:MAX_CARI]


def _rhk_sort_key(rhk: Rhk) -> tuple[int, int, int]:
    return (0 if rhk.jenis == JenisRhk.UTAMA else 1, rhk.urutan, rhk.pk)


def _detail_url(matriks: MatriksPeranHasil, fragment: str = "") -> str:
    url = reverse("perencanaan:matriks_detail", args=[matriks.pk])
    return url + (f"#{fragment}" if fragment else "")


def _errors_of(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# --- Matriks list -----------------------------------------------------------------------------


@dataclass
class PeranSaya:
    kolom: KolomMatriks
    peran: PeranHasil | None
    lines: list[str]


def _open_form_context(rhk: Rhk, form: MatriksOpenForm | None = None) -> dict[str, Any]:
    return {
        "rhk": rhk,
        "matriks": getattr(rhk, "matriks", None),
        "open_form": form or MatriksOpenForm(prefix=f"rhk{rhk.pk}"),
        "max_kolom": MAX_KOLOM,
    }


@login_required
@require_safe
def matriks_list(request: HtmxHttpRequest) -> HttpResponse:
    """The user's own RHK of their SKP in force, per period, each with its matrix or "Buka matriks";
    below, the matrices the user is a row of, with their peran."""
    pegawai = get_own_pegawai_for_planning(request.user)
    rhk_qs = Rhk.objects.select_related("matriks").annotate(
        jumlah_kolom=Count("matriks__kolom", distinct=True), jumlah_baris=Count("matriks__baris", distinct=True)
    )
    skp_list = list(
        Skp.objects.current()
        .filter(pegawai=pegawai)
        .select_related("jabatan", "unit_kerja")
        .prefetch_related(Prefetch("rhk", queryset=rhk_qs))
        .order_by("-periode_mulai", "-versi")
    )
    periode: list[dict[str, Any]] = []
    ada_matriks = False
    for skp in skp_list:
        items = sorted(skp.rhk.all(), key=_rhk_sort_key)
        rows = [_open_form_context(r) for r in items]
        ada_matriks = ada_matriks or any(row["matriks"] is not None for row in rows)
        periode.append({"skp": skp, "rhk": rows})
    memimpin = eligible_subordinates(pegawai).exists()

    baris_saya = list(
        BarisMatriks.objects.filter(pegawai=pegawai)
        .exclude(matriks__rhk__skp__status=StatusSkp.DIREVISI)
        .select_related("matriks__rhk__skp__pegawai", "matriks__rhk__skp__jabatan")
        .prefetch_related(
            Prefetch("matriks__kolom", queryset=KolomMatriks.objects.order_by("urutan", "pk")),
            Prefetch("peran", queryset=PeranHasil.objects.annotate(jumlah_salinan=Count("rhk_salinan"))),
        )
        .order_by("-matriks__rhk__skp__periode_mulai", "matriks__rhk__skp__pegawai__nama", "matriks__pk")
    )
    terlibat = []
    for baris in baris_saya:
        peran_by_kolom = {p.kolom_id: p for p in baris.peran.all()}
        terlibat.append(
            {
                "baris": baris,
                "matriks": baris.matriks,
                "peran": [
                    PeranSaya(kolom=k, peran=peran_by_kolom.get(k.pk), lines=_lines(peran_by_kolom.get(k.pk)))
                    for k in baris.matriks.kolom.all()
                ],
            }
        )
    context = {
        "active_menu": ACTIVE_MENU,
        "pegawai": pegawai,
        "periode": periode,
        "tampilkan_rhk": memimpin or ada_matriks,
        "memimpin": memimpin,
        "terlibat": terlibat,
        "ketua_tim": any(b.jabatan_tim == BarisMatriks.JabatanTim.KETUA_TIM for b in baris_saya),
        "dapat_keselarasan": _alignment_units_exist(request, pegawai),
        "max_kolom": MAX_KOLOM,
    }
    return render(request, "perencanaan/matriks/list.html", context)


def _lines(peran: PeranHasil | None) -> list[str]:
    return peran_lines(peran.teks) if peran is not None else []


def _alignment_units_exist(request: HttpRequest, pegawai: Pegawai | None) -> bool:
    """Whether the keselarasan view has a unit for the user (the head of a unit, an operator)."""
    if pegawai is not None and UnitKerja.objects.filter(kepala=pegawai).exists():
        return True
    return is_operator(request.user)


@login_required
@require_http_methods(["GET", "POST"])
def matriks_open(request: HtmxHttpRequest, rhk_pk: int) -> HttpResponse:
    """Open the matrix of one of the leader's RHK with N product columns (1 … 12)."""
    rhk = get_rhk_for_leader(request.user, _pk(rhk_pk))
    existing = MatriksPeranHasil.objects.filter(rhk=rhk).first()
    if existing is not None:
        return _go(request, _detail_url(existing))
    form = MatriksOpenForm(request.POST or None, prefix=f"rhk{rhk.pk}")
    if request.method == "POST" and form.is_valid():
        try:
            matriks = matriks_open_for_rhk(rhk=rhk, jumlah_kolom=form.cleaned_data["jumlah_kolom"])
        except ValidationError as exc:
            form.apply_service_error(exc)
        else:
            messages.success(
                request,
                _(
                    "Matriks peran hasil dibuka dengan %(n)d kolom produk/layanan. Beri nama kolomnya, lalu tambahkan pegawai."
                )
                % {"n": matriks.kolom.count()},
            )
            return _go(request, _detail_url(matriks))
    context = {"active_menu": ACTIVE_MENU, **_open_form_context(rhk, form)}
    if _htmx(request):
        return render(request, "perencanaan/matriks/_open_form.html", context)
    return render(request, "perencanaan/matriks/open.html", context)


def _go(request: HtmxHttpRequest, url: str) -> HttpResponse:
    """To another page: a full navigation for htmx too (the list becomes the matrix page)."""
    if _htmx(request):
        return HttpResponseClientRedirect(url)
    return redirect(url)


# --- Matriks detail ---------------------------------------------------------------------------


@dataclass
class Cell:
    kolom: KolomMatriks
    peran: PeranHasil | None
    lines: list[str]
    disalin: bool


@dataclass
class Row:
    baris: BarisMatriks
    cells: list[Cell] = field(default_factory=list)
    disalin: bool = False


def _load_matriks(pk: int) -> MatriksPeranHasil:
    return MatriksPeranHasil.objects.select_related(
        "rhk__skp__pegawai__jabatan", "rhk__skp__jabatan", "rhk__skp__unit_kerja"
    ).get(pk=pk)


def _table(matriks: MatriksPeranHasil) -> dict[str, Any]:
    """Columns, rows and cells of a matrix in four queries however large it is."""
    kolom = list(KolomMatriks.objects.filter(matriks=matriks).order_by("urutan", "pk"))
    baris = list(
        BarisMatriks.objects.filter(matriks=matriks)
        .select_related("pegawai__jabatan__jenjang", "pegawai__unit_kerja")
        .order_by("urutan", "pk")
    )
    cells = {(p.baris_id, p.kolom_id): p for p in PeranHasil.objects.filter(baris__matriks=matriks)}
    disalin = set(
        Rhk.objects.filter(peran_asal__baris__matriks=matriks).values_list("peran_asal_id", flat=True).distinct()
    )
    rows = []
    for b in baris:
        row = Row(baris=b)
        for k in kolom:
            peran = cells.get((b.pk, k.pk))
            row.cells.append(
                Cell(kolom=k, peran=peran, lines=_lines(peran), disalin=peran is not None and peran.pk in disalin)
            )
        row.disalin = any(c.disalin for c in row.cells)
        rows.append(row)
    kolom_disalin = {c.kolom.pk for r in rows for c in r.cells if c.disalin}
    return {
        "kolom": [{"kolom": k, "disalin": k.pk in kolom_disalin} for k in kolom],
        "rows": rows,
        "jumlah_kolom": len(kolom),
        "max_kolom": MAX_KOLOM,
    }


def _panel_context(request: HttpRequest, matriks: MatriksPeranHasil, **extra: Any) -> dict[str, Any]:
    viewer = pegawai_of(request.user)
    leader = matriks.rhk.skp.pegawai
    is_leader = viewer is not None and viewer.pk == leader.pk
    terkunci = matriks.rhk.skp.status == StatusSkp.DIREVISI
    return {
        "active_menu": ACTIVE_MENU,
        "matriks": matriks,
        "rhk": matriks.rhk,
        "skp": matriks.rhk.skp,
        "leader": leader,
        "leader_jabatan": matriks.rhk.skp.jabatan,
        "viewer_id": viewer.pk if viewer is not None else None,
        "can_edit": is_leader and not terkunci,
        "terkunci": terkunci,
        "jabatan_tim_choices": BarisMatriks.JabatanTim.choices,
        **_table(matriks),
        **extra,
    }


def _render_panel(request: HtmxHttpRequest, matriks: MatriksPeranHasil, **extra: Any) -> HttpResponse:
    """htmx: only the matrix panel; otherwise the whole page (with the same dialog open)."""
    context = _panel_context(request, matriks, **extra)
    template = "perencanaan/matriks/_panel.html" if _htmx(request) else "perencanaan/matriks/detail.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _done(request: HtmxHttpRequest, matriks: MatriksPeranHasil, notice: str, **extra: Any) -> HttpResponse:
    """After a successful change: the refreshed panel (htmx) or back to the matrix page."""
    if _htmx(request):
        return _render_panel(request, matriks, notice=notice, **extra)
    messages.success(request, notice)
    return redirect(_detail_url(matriks))


def _failed(request: HtmxHttpRequest, matriks: MatriksPeranHasil, error: str) -> HttpResponse:
    if _htmx(request):
        return _render_panel(request, matriks, error=error)
    messages.error(request, error)
    return redirect(_detail_url(matriks))


def _leader_matriks(request: HttpRequest, pk: int) -> MatriksPeranHasil:
    """The matrix for a change: the leader only (anyone else 404), freshly loaded."""
    get_matriks_for_user(request.user, _pk(pk), write=True)
    return _load_matriks(pk)


@login_required
@require_safe
def matriks_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    get_matriks_for_user(request.user, _pk(pk))
    return _render_panel(request, _load_matriks(pk))


# --- Columns ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def kolom_tambah(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    matriks = _leader_matriks(request, pk)
    form = KolomForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            kolom = kolom_add(matriks=matriks, nama=form.cleaned_data["nama"])
        except ValidationError as exc:
            form.apply_service_error(exc)
        else:
            return _done(request, matriks, _("Kolom “%(nama)s” ditambahkan.") % {"nama": kolom.nama})
    return _render_panel(request, matriks, dialog="kolom_form", form=form, kolom_edit=None)


def _kolom_of(matriks: MatriksPeranHasil, kolom_pk: int) -> KolomMatriks:
    kolom = KolomMatriks.objects.filter(matriks=matriks, pk=_pk(kolom_pk)).first()
    if kolom is None:
        raise Http404
    return kolom


def _baris_of(matriks: MatriksPeranHasil, baris_pk: int) -> BarisMatriks:
    baris = (
        BarisMatriks.objects.filter(matriks=matriks, pk=_pk(baris_pk))
        .select_related("pegawai__jabatan", "pegawai__unit_kerja")
        .first()
    )
    if baris is None:
        raise Http404
    return baris


@login_required
@require_http_methods(["GET", "POST"])
def kolom_ubah(request: HtmxHttpRequest, pk: int, kolom_pk: int) -> HttpResponse:
    matriks = _leader_matriks(request, pk)
    kolom = _kolom_of(matriks, kolom_pk)
    form = KolomUbahForm(request.POST or None, initial={"nama": kolom.nama, "versi": versi_of(kolom)})
    if request.method == "POST" and form.is_valid():
        try:
            kolom = kolom_rename(kolom=kolom, nama=form.cleaned_data["nama"], versi=form.cleaned_data["versi"])
        except ValidationError as exc:
            form.apply_service_error(exc)
        else:
            return _done(request, matriks, _("Nama kolom disimpan: “%(nama)s”.") % {"nama": kolom.nama})
    return _render_panel(request, matriks, dialog="kolom_form", form=form, kolom_edit=kolom)


@login_required
@require_http_methods(["GET", "POST"])
def kolom_hapus(request: HtmxHttpRequest, pk: int, kolom_pk: int) -> HttpResponse:
    """POST: an empty column goes at once; one with peran asks first (the same page, a confirm
    form with `konfirmasi`); one with a cell copied into an RHK is refused with the reason."""
    matriks = _leader_matriks(request, pk)
    kolom = _kolom_of(matriks, kolom_pk)
    if request.method != "POST":
        return _render_panel(request, matriks, dialog="kolom_hapus", kolom_hapus=kolom, pertanyaan="")
    try:
        kolom_delete(kolom=kolom, konfirmasi=request.POST.get("konfirmasi") == "1")
    except KonfirmasiDiperlukan as exc:
        return _render_panel(request, matriks, dialog="kolom_hapus", kolom_hapus=kolom, pertanyaan=_errors_of(exc))
    except ValidationError as exc:
        return _failed(request, matriks, _errors_of(exc))
    return _done(request, matriks, _("Kolom “%(nama)s” dihapus.") % {"nama": kolom.nama})


# --- Rows -------------------------------------------------------------------------------------


@dataclass
class Kandidat:
    pegawai: Pegawai
    jabatan_tim: str
    tim: list[str]


def _kandidat_context(matriks: MatriksPeranHasil, cari: str) -> dict[str, Any]:
    """Eligible subordinates not yet in the matrix, matching the NIP or name typed (all when empty)."""
    leader = matriks.rhk.skp.pegawai
    found = list(
        eligible_subordinates(leader)
        .exclude(pk__in=BarisMatriks.objects.filter(matriks=matriks).values("pegawai_id"))
        .search(cari)
        .select_related("jabatan__jenjang", "unit_kerja", "golongan")
        .order_by("nama", "nip")[: MAX_KANDIDAT + 1]
    )
    shown = found[:MAX_KANDIDAT]
    ids = [p.pk for p in shown]
    ketua = set(TimKerja.objects.filter(ketua_id__in=ids).values_list("ketua_id", flat=True))
    tim: dict[int, list[str]] = {}
    for anggota_id, nama in TimKerja.anggota.through.objects.filter(
        pegawai_id__in=ids, timkerja__ketua=leader
    ).values_list("pegawai_id", "timkerja__nama"):
        tim.setdefault(anggota_id, []).append(nama)
    leader_jpt = leader.jabatan is not None and leader.jabatan.is_jpt_form
    kandidat = []
    for p in shown:
        if p.pk in ketua:
            jabatan_tim = BarisMatriks.JabatanTim.KETUA_TIM
        elif leader_jpt and p.jabatan is not None and p.jabatan.jenis == Jabatan.Jenis.FUNGSIONAL:
            jabatan_tim = BarisMatriks.JabatanTim.JF_LANGSUNG
        else:
            jabatan_tim = BarisMatriks.JabatanTim.ANGGOTA_TIM
        kandidat.append(Kandidat(pegawai=p, jabatan_tim=jabatan_tim, tim=tim.get(p.pk, [])))
    return {
        "cari": cari,
        "kandidat": kandidat,
        "kandidat_terpotong": len(found) > MAX_KANDIDAT,
        "max_kandidat": MAX_KANDIDAT,
        "jabatan_tim_choices": BarisMatriks.JabatanTim.choices,
    }


@login_required
@require_http_methods(["GET", "POST"])
def baris_tambah(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """GET: the search among eligible subordinates with their jabatan and uraian tugas. POST: one
    candidate with their jabatan tim kerja; with htmx the search stays open to add the next."""
    matriks = _leader_matriks(request, pk)
    params = request.POST if request.method == "POST" else request.GET
    cari = _cari(params)
    form = BarisAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        pegawai = Pegawai.objects.filter(
            instansi_id=matriks.rhk.skp.pegawai.instansi_id, pk=form.cleaned_data["pegawai"]
        ).first()
        if pegawai is None:
            form.add_error("pegawai", _("Pegawai itu tidak ditemukan di instansi Anda."))
        else:
            try:
                baris = baris_add(matriks=matriks, pegawai=pegawai, jabatan_tim=form.cleaned_data["jabatan_tim"])
            except ValidationError as exc:
                form.apply_service_error(exc)
            else:
                notice = _("%(nama)s ditambahkan sebagai %(jabatan_tim)s.") % {
                    "nama": pegawai.nama_lengkap,
                    "jabatan_tim": baris.get_jabatan_tim_display(),
                }
                if _htmx(request):
                    return _render_panel(
                        request, matriks, notice=notice, dialog="baris_tambah", **_kandidat_context(matriks, cari)
                    )
                messages.success(request, notice)
                return redirect(_detail_url(matriks, f"baris-{baris.pk}"))
    return _render_panel(request, matriks, dialog="baris_tambah", form=form, **_kandidat_context(matriks, cari))


@login_required
@require_safe
def baris_kandidat(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The live search of the add-row dialog (htmx); without it, the add-row page with ?cari=."""
    matriks = _leader_matriks(request, pk)
    cari = _cari(request.GET)
    if not _htmx(request):
        url = reverse("perencanaan:matriks_baris_add", args=[matriks.pk])
        return HttpResponseRedirect(f"{url}?{_query(cari)}")
    context = {"matriks": matriks, **_kandidat_context(matriks, cari)}
    response = render(request, "perencanaan/matriks/_kandidat.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _query(cari: str) -> str:
    params = QueryDict(mutable=True)
    params["cari"] = cari
    return params.urlencode()


@login_required
@require_http_methods(["GET", "POST"])
def baris_ubah(request: HtmxHttpRequest, pk: int, baris_pk: int) -> HttpResponse:
    matriks = _leader_matriks(request, pk)
    baris = _baris_of(matriks, baris_pk)
    form = BarisUpdateForm(request.POST or None, initial={"jabatan_tim": baris.jabatan_tim, "versi": versi_of(baris)})
    if request.method == "POST" and form.is_valid():
        try:
            baris = baris_update(
                baris=baris, jabatan_tim=form.cleaned_data["jabatan_tim"], versi=form.cleaned_data["versi"]
            )
        except ValidationError as exc:
            form.apply_service_error(exc)
        else:
            notice = _("Jabatan tim kerja %(nama)s: %(jabatan_tim)s.") % {
                "nama": baris.pegawai.nama_lengkap,
                "jabatan_tim": baris.get_jabatan_tim_display(),
            }
            return _done(request, matriks, notice)
    return _render_panel(request, matriks, dialog="baris_ubah", form=form, baris_edit=baris)


@login_required
@require_http_methods(["GET", "POST"])
def baris_hapus(request: HtmxHttpRequest, pk: int, baris_pk: int) -> HttpResponse:
    matriks = _leader_matriks(request, pk)
    baris = _baris_of(matriks, baris_pk)
    if request.method != "POST":
        return _render_panel(request, matriks, dialog="baris_hapus", baris_hapus=baris, pertanyaan="")
    try:
        baris_delete(baris=baris, konfirmasi=request.POST.get("konfirmasi") == "1")
    except KonfirmasiDiperlukan as exc:
        return _render_panel(request, matriks, dialog="baris_hapus", baris_hapus=baris, pertanyaan=_errors_of(exc))
    except ValidationError as exc:
        return _failed(request, matriks, _errors_of(exc))
    return _done(request, matriks, _("%(nama)s dihapus dari matriks.") % {"nama": baris.pegawai.nama_lengkap})


# --- Cells ------------------------------------------------------------------------------------


def _cell_context(matriks: MatriksPeranHasil, baris: BarisMatriks, kolom: KolomMatriks) -> dict[str, Any]:
    peran = PeranHasil.objects.filter(baris=baris, kolom=kolom).first()
    disalin = peran is not None and Rhk.objects.filter(peran_asal=peran).exists()
    return {
        "matriks": matriks,
        "can_edit": True,
        "row": Row(baris=baris),
        "cell": Cell(kolom=kolom, peran=peran, lines=_lines(peran), disalin=disalin),
    }


@login_required
@require_http_methods(["GET", "POST"])
def peran_ubah(request: HtmxHttpRequest, pk: int, baris_pk: int, kolom_pk: int) -> HttpResponse:
    """The cell editor: inline in the table with htmx, the matrix page with the editor open
    without. An empty text means "tidak ada peran"."""
    matriks = _leader_matriks(request, pk)
    baris = _baris_of(matriks, baris_pk)
    kolom = _kolom_of(matriks, kolom_pk)
    context = _cell_context(matriks, baris, kolom)
    peran = context["cell"].peran
    if request.method == "GET" and _htmx(request) and request.GET.get("batal"):
        return render(request, "perencanaan/matriks/_cell.html", context)
    form = PeranForm(
        request.POST or None, initial={"teks": peran.teks if peran is not None else "", "versi": versi_of(peran)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            peran_set(baris=baris, kolom=kolom, teks=form.cleaned_data["teks"], versi=form.cleaned_data["versi"])
        except ValidationError as exc:
            form.apply_service_error(exc)
        else:
            if _htmx(request):
                return render(request, "perencanaan/matriks/_cell.html", _cell_context(matriks, baris, kolom))
            messages.success(
                request,
                _("Peran hasil %(nama)s pada “%(kolom)s” disimpan.")
                % {"nama": baris.pegawai.nama_lengkap, "kolom": kolom.nama},
            )
            return redirect(_detail_url(matriks, f"sel-{baris.pk}-{kolom.pk}"))
    if _htmx(request):
        return render(request, "perencanaan/matriks/_cell_form.html", {**context, "form": form, "inline": True})
    return _render_panel(request, matriks, dialog="peran", form=form, row=context["row"], cell=context["cell"])


# --- Keselarasan (alignment) ------------------------------------------------------------------


def _alignment_units(request: HttpRequest) -> list[UnitKerja]:
    """Units whose keselarasan the user may open: those they head, those they operate."""
    pegawai = pegawai_of(request.user)
    units: dict[int, UnitKerja] = {}
    if pegawai is not None:
        for unit in UnitKerja.objects.filter(kepala=pegawai).order_by("kode", "pk"):
            units[unit.pk] = unit
    for scope in operator_scopes(request.user):
        for unit in scope.units().order_by("kode", "pk"):
            units.setdefault(unit.pk, unit)
    return list(units.values())


def _default_unit(request: HttpRequest, units: list[UnitKerja]) -> UnitKerja | None:
    pegawai = pegawai_of(request.user)
    if pegawai is not None:
        for unit in units:
            if unit.kepala_id == pegawai.pk:
                return unit
        for unit in units:
            if unit.pk == pegawai.unit_kerja_id:
                return unit
    # An operator: the top of what they manage.
    ids = {u.pk for u in units}
    for unit in units:
        if unit.induk_id not in ids:
            return unit
    return units[0] if units else None


def _alignment_tree(unit: UnitKerja, tahun: int) -> tuple[AlignmentTree, int]:
    """Everything of the unit's subtree for the year in a fixed handful of queries."""
    subtree = unit_subtree_ids(unit.instansi_id, {unit.pk})
    sasaran_qs = (
        SasaranStrategis.objects.filter(perjanjian__unit_kerja=unit, perjanjian__tahun=tahun)
        .prefetch_related("indikator")
        .order_by("urutan", "pk")
    )
    sasaran = [
        SasaranFact(id=s.pk, teks=s.teks, indikator=tuple(i.teks for i in s.indikator.all())) for s in sasaran_qs
    ]
    people: dict[int, PegawaiFact] = {}
    for p in (
        Pegawai.objects.active()
        .filter(Q(unit_kerja_id__in=subtree) | Q(pk=unit.kepala_id or 0), instansi_id=unit.instansi_id)
        .select_related("jabatan")
        .order_by("nama", "pk")
    ):
        people[p.pk] = _pegawai_fact(p)
    ketua_tim = set(
        TimKerja.objects.filter(instansi_id=unit.instansi_id, unit_kerja_id__in=subtree, anggota__isnull=False)
        .values_list("ketua_id", flat=True)
        .distinct()
    )
    skp_ids = (
        Skp.objects.current()
        .of_year(tahun)
        .filter(
            Q(unit_kerja_id__in=subtree)
            | Q(unit_kerja__isnull=True, pegawai__unit_kerja_id__in=subtree)
            | Q(pegawai_id=unit.kepala_id or 0),
            pegawai__instansi_id=unit.instansi_id,
        )
    )
    rhk_list = list(
        Rhk.objects.filter(skp__in=skp_ids)
        .select_related("skp__pegawai__jabatan", "skp__jabatan")
        .order_by("skp__pegawai__nama", "skp__pegawai_id", "skp__periode_mulai", "urutan", "pk")
    )
    for r in rhk_list:
        owner = r.skp.pegawai
        if owner.pk not in people:
            people[owner.pk] = _pegawai_fact(owner)
    for ketua_id in ketua_tim:
        fact = people.get(ketua_id)
        if fact is not None:
            people[ketua_id] = replace(fact, memimpin_tim=True)
    rhk_list.sort(key=lambda r: (r.skp.pegawai.nama, r.skp.pegawai_id, *_rhk_sort_key(r)))
    facts = [
        RhkFact(
            id=r.pk,
            pegawai_id=r.skp.pegawai_id,
            teks=r.teks,
            utama=r.jenis == JenisRhk.UTAMA,
            intervensi_id=r.intervensi_id,
            sasaran_pk_id=r.sasaran_pk_id,
        )
        for r in rhk_list
    ]
    tree = build_alignment(sasaran=sasaran, pegawai=list(people.values()), rhk=facts)
    return tree, len({r.skp.pegawai_id for r in rhk_list})


def _pegawai_fact(p: Pegawai) -> PegawaiFact:
    return PegawaiFact(
        id=p.pk, nama=p.nama_lengkap, jabatan=p.jabatan.nama if p.jabatan is not None else "", atasan_id=p.atasan_id
    )


@login_required
@require_safe
def alignment(request: HtmxHttpRequest) -> HttpResponse:
    """Keselarasan of a unit for a year: PK → leader RHK → subordinates' RHK, with the gaps."""
    units = _alignment_units(request)
    raw_unit = request.GET.get("unit", "").strip()
    unit: UnitKerja | None
    if raw_unit:
        unit_pk = _pk(raw_unit)
        unit = next((u for u in units if u.pk == unit_pk), None)
        if unit is None:
            unit = UnitKerja.objects.filter(pk=unit_pk).first()
            if unit is None or not can_manage_unit_plans(request.user, unit):
                raise Http404
    else:
        unit = _default_unit(request, units)
    if unit is None:
        raise Http404
    tahun_default = timezone.localdate().year
    choices = [(u.pk, f"{u.kode} — {u.nama}") for u in units]
    if all(pk != unit.pk for pk, _label in choices):
        choices.append((unit.pk, f"{unit.kode} — {unit.nama}"))
    data = {"unit": str(unit.pk), "tahun": request.GET.get("tahun", "").strip()[:10] or str(tahun_default)}
    form = AlignmentFilterForm(data, units=choices)
    tahun = tahun_default
    if form.is_valid() and form.cleaned_data.get("tahun"):
        tahun = form.cleaned_data["tahun"]
    tree, jumlah_pegawai = _alignment_tree(unit, tahun)
    context = {
        "active_menu": ACTIVE_MENU,
        "unit": unit,
        "tahun": tahun,
        "form": form,
        "tree": tree,
        "jumlah_pegawai": jumlah_pegawai,
        "tahun_error": form.errors.get("tahun"),
    }
    return render(request, "perencanaan/matriks/alignment.html", context)


urlpatterns = [
    path("matriks-peran-hasil/", matriks_list, name="matriks_list"),
    path("matriks-peran-hasil/keselarasan/", alignment, name="alignment"),
    path("matriks-peran-hasil/buka/<int:rhk_pk>/", matriks_open, name="matriks_open"),
    path("matriks-peran-hasil/<int:pk>/", matriks_detail, name="matriks_detail"),
    path("matriks-peran-hasil/<int:pk>/kolom/tambah/", kolom_tambah, name="matriks_kolom_add"),
    path("matriks-peran-hasil/<int:pk>/kolom/<int:kolom_pk>/ubah/", kolom_ubah, name="matriks_kolom_rename"),
    path("matriks-peran-hasil/<int:pk>/kolom/<int:kolom_pk>/hapus/", kolom_hapus, name="matriks_kolom_delete"),
    path("matriks-peran-hasil/<int:pk>/baris/tambah/", baris_tambah, name="matriks_baris_add"),
    path("matriks-peran-hasil/<int:pk>/baris/kandidat/", baris_kandidat, name="matriks_baris_kandidat"),
    path("matriks-peran-hasil/<int:pk>/baris/<int:baris_pk>/ubah/", baris_ubah, name="matriks_baris_update"),
    path("matriks-peran-hasil/<int:pk>/baris/<int:baris_pk>/hapus/", baris_hapus, name="matriks_baris_delete"),
    path("matriks-peran-hasil/<int:pk>/peran/<int:baris_pk>/<int:kolom_pk>/", peran_ubah, name="matriks_peran"),
]
