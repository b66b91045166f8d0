"""SKP Saya (SPEC §4.2; seed 003 "SKP JPT" / "SKP JA/JF"): the periods and the SKP page.

- `skp_list`: the pegawai's SKP periods (No, Periode SKP, Pendekatan, jenis, Status, buttons),
  older versions greyed; "Tambah", "Ubah periode" and "Hapus" open a form above the table (htmx)
  or a page of their own (without JavaScript).
- `skp_detail`: identity block, status and workflow (Ajukan, Revisi, history), the plan table in
  the layout of the SKP form of its variant, then the perilaku, lampiran, rencana aksi and
  workblock sections of `skp_sections`.
- `plan_context(skp)`: everything `_rencana_table.html` needs, in a constant number of queries;
  the SKP Bawahan page reuses both with editing turned off.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget

from organisasi.access import pegawai_of
from organisasi.identitas import Identitas
from organisasi.models import Pegawai
from organisasi.views.operator import wants_partial

from ..access import PeranSkp, get_own_pegawai_for_planning, get_skp_for_user
from ..forms_skp import RevisiForm, SkpPeriodeForm, SkpPeriodeUbahForm
from ..models import Iki, JenisRhk, Rhk, RiwayatSkp, Skp, StatusSkp
from ..services.rencana import format_number
from ..services.skp import (
    SkpTransitionError,
    require_editable,
    skp_create,
    skp_delete,
    skp_revise,
    skp_submit,
    skp_update_periode,
)
from .skp_sections import sections_context

MAX_PK = 2**63 - 1  # larger ids cannot exist and would overflow the database's integer column

LIST_TEMPLATE = "perencanaan/skp/list.html"
LIST_PARTIAL = "perencanaan/skp/_daftar.html"
DETAIL_TEMPLATE = "perencanaan/skp/detail.html"
FORM_PAGE = "perencanaan/skp/form_page.html"
STATUS_PARTIAL = "perencanaan/skp/_status.html"
PLAN_PARTIAL = "perencanaan/skp/_rencana_table.html"

STATUS_BADGE = {
    StatusSkp.DRAFT: "",
    StatusSkp.DIAJUKAN: "badge-warn",
    StatusSkp.DIKEMBALIKAN: "badge-err",
    StatusSkp.DITETAPKAN: "badge-ok",
    StatusSkp.DIREVISI: "",
}


def check_pk(pk: int) -> int:
    if not 1 <= pk <= MAX_PK:
        raise Http404
    return pk


def detail_url(skp: Skp, fragment: str = "") -> str:
    return reverse("perencanaan:skp_detail", args=[skp.pk]) + (f"#{fragment}" if fragment else "")


def active_menu_for(roles: set[PeranSkp]) -> str:
    if PeranSkp.PEMILIK in roles:
        return "skp_saya"
    if roles & {PeranSkp.PENILAI, PeranSkp.ATASAN_PENILAI}:
        return "skp_bawahan"
    return "operator"


def render_vary(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- The plan table -------------------------------------------------------------------------------


def target_label(iki: Iki) -> str:
    """As the SKP forms print it: "20 Perangkat Daerah", "90–95 Persen (%)", or the description."""
    if iki.target_min is None:
        return iki.target_teks
    value = format_number(iki.target_min)
    if iki.target_max is not None and iki.target_max != iki.target_min:
        value = f"{value}–{format_number(iki.target_max)}"
    return f"{value} {iki.satuan.nama}" if iki.satuan is not None else value


def plan_variant(skp: Skp) -> str:
    if not skp.is_kuantitatif:
        return "kualitatif"
    return "jpt_kuantitatif" if skp.is_jpt else "jajf_kuantitatif"


PLAN_COLSPAN = {"jpt_kuantitatif": 6, "jajf_kuantitatif": 6, "kualitatif": 2}


def plan_context(skp: Skp, *, can_edit: bool = False) -> dict[str, Any]:
    """What `perencanaan/skp/_rencana_table.html` needs, in three queries whatever the size.

    Keys:
    - ``skp``: the SKP.
    - ``rhk_utama`` / ``rhk_tambahan``: the Rhk of each kind in order; each has ``nomor`` (1, 2 …
      within its kind), ``iki_list`` (its Iki in order, each with ``target_label``, ``manual_isi``
      (the ManualIndikator or None) and the loaded ``satuan``), ``intervensi`` (loaded, with
      ``leader_iki_list`` of the leader's IKI, shown when the leader's SKP is a JPT one) and
      ``rowspan`` (rows the RHK takes in the table).
    - ``variant``: "jpt_kuantitatif", "jajf_kuantitatif" or "kualitatif".
    - ``colspan``: the number of columns of the table.
    - ``show_manual``: a JPT SKP (Manual Indikator column / links).
    - ``can_edit``: show the buttons to change the plan (pass True only for the owner of an
      editable SKP; the SKP Bawahan page keeps False).
    - ``jumlah_rhk`` / ``jumlah_iki``: totals.
    """
    iki_order = ("urutan", "pk")
    rhk_list = list(
        Rhk.objects.filter(skp=skp)
        .select_related("intervensi__skp", "sasaran_pk", "peran_asal")
        .prefetch_related(
            Prefetch(
                "iki",
                queryset=Iki.objects.select_related("satuan", "manual").order_by(*iki_order),
                to_attr="iki_list",
            ),
            Prefetch(
                "intervensi__iki",
                queryset=Iki.objects.select_related("satuan").order_by(*iki_order),
                to_attr="leader_iki_list",
            ),
        )
        .order_by("urutan", "pk")
    )
    utama: list[Rhk] = []
    tambahan: list[Rhk] = []
    jumlah_iki = 0
    for rhk in rhk_list:
        group = utama if rhk.jenis == JenisRhk.UTAMA else tambahan
        group.append(rhk)
        rhk.nomor = len(group)  # type: ignore[attr-defined]
        iki_list: list[Iki] = rhk.iki_list
        rhk.rowspan = max(1, len(iki_list))  # type: ignore[attr-defined]
        jumlah_iki += len(iki_list)
        for iki in iki_list:
            iki.target_label = target_label(iki)  # type: ignore[attr-defined]
            try:
                iki.manual_isi = iki.manual  # type: ignore[attr-defined]
            except Iki.manual.RelatedObjectDoesNotExist:
                iki.manual_isi = None  # type: ignore[attr-defined]
        if rhk.intervensi is not None:
            for leader_iki in rhk.intervensi.leader_iki_list:  # type: ignore[attr-defined]
                leader_iki.target_label = target_label(leader_iki)
    variant = plan_variant(skp)
    return {
        "skp": skp,
        "rhk_utama": utama,
        "rhk_tambahan": tambahan,
        "variant": variant,
        "colspan": PLAN_COLSPAN[variant],
        "show_manual": skp.is_jpt,
        "can_edit": can_edit,
        "jumlah_rhk": len(rhk_list),
        "jumlah_iki": jumlah_iki,
    }


def can_edit_plan(skp: Skp, roles: set[PeranSkp]) -> bool:
    return PeranSkp.PEMILIK in roles and skp.is_editable


# --- List of periods --------------------------------------------------------------------------------


def _list_context(pegawai: Pegawai | None) -> dict[str, Any]:
    if pegawai is None:
        return {"skp_list": []}
    pernah_diajukan = RiwayatSkp.objects.filter(skp=OuterRef("pk")).exclude(ke_status=StatusSkp.DRAFT)
    rows = list(
        Skp.objects.filter(pegawai=pegawai)
        .select_related("jabatan")
        .annotate(pernah_diajukan=Exists(pernah_diajukan))
        .order_by("-periode_mulai", "-versi", "-pk")
    )
    for skp in rows:
        skp.dapat_dihapus = (  # type: ignore[attr-defined]
            skp.status == StatusSkp.DRAFT and not skp.pernah_diajukan and skp.versi == 1  # type: ignore[attr-defined]
        )
        skp.badge = STATUS_BADGE.get(StatusSkp(skp.status), "")  # type: ignore[attr-defined]
    return {"skp_list": rows}


def _default_periode() -> dict[str, date]:
    tahun = timezone.localdate().year
    return {"periode_mulai": date(tahun, 1, 1), "periode_selesai": date(tahun, 12, 31)}


def _list_response(
    request: HttpRequest,
    pegawai: Pegawai,
    *,
    notice: str = "",
    error: str = "",
    panel_template: str = "",
    panel: dict[str, Any] | None = None,
) -> HttpResponse:
    """htmx: the list part (panel + table) swapped in place; otherwise POST/redirect/GET."""
    if wants_partial(request):
        context = {
            "pegawai": pegawai,
            "daftar_notice": notice,
            "daftar_error": error,
            "panel_template": panel_template,
            **(panel or {}),
            **_list_context(pegawai),
        }
        response = render_vary(request, LIST_PARTIAL, context)
        return reswap(retarget(response, "#skp-daftar"), "outerHTML")
    if error:
        messages.error(request, error)
    elif notice:
        messages.success(request, notice)
    return redirect("perencanaan:skp_list")


def _panel_response(
    request: HttpRequest, *, template: str, context: dict[str, Any], title: str, active_menu: str = "skp_saya"
) -> HttpResponse:
    """A form: into the list's panel with htmx, or on a page of its own without JavaScript."""
    if wants_partial(request):
        response = render_vary(request, template, {**context, "hx_target": "#skp-panel"})
        return reswap(retarget(response, "#skp-panel"), "innerHTML")
    return render_vary(
        request,
        FORM_PAGE,
        {
            **context,
            "panel_template": template,
            "title": title,
            "active_menu": active_menu,
            "hx_target": "",
            "back_url": reverse("perencanaan:skp_list"),
            "back_label": _("Kembali ke daftar SKP"),
        },
    )


@login_required
@require_safe
def skp_list(request: HttpRequest) -> HttpResponse:
    pegawai = pegawai_of(request.user)
    if pegawai is not None:
        pegawai = Pegawai.objects.with_identity().get(pk=pegawai.pk)
    context: dict[str, Any] = {"active_menu": "skp_saya", "pegawai": pegawai, **_list_context(pegawai)}
    return render_vary(request, LIST_TEMPLATE, context)


def _periode_form_context(form: SkpPeriodeForm, action: str, skp: Skp | None = None) -> dict[str, Any]:
    return {"form": form, "action": action, "skp": skp}


@login_required
@require_http_methods(["GET", "POST"])
def skp_create_view(request: HttpRequest) -> HttpResponse:
    pegawai = get_own_pegawai_for_planning(request.user)
    action = reverse("perencanaan:skp_create")
    if request.method == "POST":
        form = SkpPeriodeForm(request.POST)
        if form.is_valid():
            try:
                skp = skp_create(
                    pegawai=pegawai,
                    periode_mulai=form.cleaned_data["periode_mulai"],
                    periode_selesai=form.cleaned_data["periode_selesai"],
                    pendekatan=form.cleaned_data["pendekatan"],
                    by=request.user,  # type: ignore[arg-type]
                )
            except ValidationError as exc:
                form.apply_service_error(exc)
            else:
                notice = _(
                    "SKP periode %(dari)s – %(sampai)s dibuat. Pilih Target SKP untuk menyusun rencana hasil kerja."
                ) % {"dari": f"{skp.periode_mulai:%d-%m-%Y}", "sampai": f"{skp.periode_selesai:%d-%m-%Y}"}
                return _list_response(request, pegawai, notice=notice)
    else:
        form = SkpPeriodeForm(initial={**_default_periode(), "pendekatan": "kuantitatif"})
    return _panel_response(
        request,
        template="perencanaan/skp/_periode_form.html",
        context=_periode_form_context(form, action),
        title=_("Tambah periode SKP"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def skp_periode_view(request: HttpRequest, pk: int) -> HttpResponse:
    skp, _roles = get_skp_for_user(request.user, check_pk(pk), write=True)
    pegawai = get_own_pegawai_for_planning(request.user)
    try:
        require_editable(skp)
    except SkpTransitionError as exc:
        return _list_response(request, pegawai, error=exc.message)
    action = reverse("perencanaan:skp_periode", args=[skp.pk])
    if request.method == "POST":
        form = SkpPeriodeUbahForm(request.POST, skp=skp)
        if form.is_valid():
            try:
                skp = skp_update_periode(skp=skp, **form.service_kwargs())
            except SkpTransitionError as exc:
                return _list_response(request, pegawai, error=exc.message)
            except ValidationError as exc:
                form.apply_service_error(exc)
            else:
                notice = _("Periode SKP diubah menjadi %(dari)s – %(sampai)s.") % {
                    "dari": f"{skp.periode_mulai:%d-%m-%Y}",
                    "sampai": f"{skp.periode_selesai:%d-%m-%Y}",
                }
                return _list_response(request, pegawai, notice=notice)
    else:
        form = SkpPeriodeUbahForm(skp=skp)
    return _panel_response(
        request,
        template="perencanaan/skp/_periode_form.html",
        context=_periode_form_context(form, action, skp),
        title=_("Ubah periode SKP"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def skp_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    skp, _roles = get_skp_for_user(request.user, check_pk(pk), write=True)
    pegawai = get_own_pegawai_for_planning(request.user)
    if request.method == "POST":
        label = f"{skp.periode_mulai:%d-%m-%Y} – {skp.periode_selesai:%d-%m-%Y}"
        try:
            skp_delete(skp=skp)
        except SkpTransitionError as exc:
            return _list_response(request, pegawai, error=exc.message)
        return _list_response(request, pegawai, notice=_("SKP periode %(periode)s dihapus.") % {"periode": label})
    return _panel_response(
        request,
        template="perencanaan/skp/_skp_hapus.html",
        context={"skp": skp, "action": reverse("perencanaan:skp_delete", args=[skp.pk])},
        title=_("Hapus SKP"),
    )


# --- The SKP page ----------------------------------------------------------------------------------


def _identitas_live(
    pegawai: Pegawai | None, *, jabatan: str | None = None, unit: str | None = None
) -> Identitas | None:
    if pegawai is None:
        return None
    return Identitas(
        nama=pegawai.nama_lengkap,
        nip=pegawai.nip,
        pangkat_golongan=pegawai.golongan.label,
        jabatan=jabatan if jabatan is not None else (pegawai.jabatan.nama if pegawai.jabatan else ""),
        unit_kerja=unit if unit is not None else (pegawai.unit_kerja.nama if pegawai.unit_kerja else ""),
        instansi="",
    )


def identitas_context(skp: Skp) -> dict[str, Any]:
    """The two identity columns of the forms; frozen at penetapan, live before that."""
    if skp.identitas:
        return {
            "identitas_pegawai": skp.identitas.get("pegawai"),
            "identitas_penilai": skp.identitas.get("pejabat_penilai"),
            "identitas_snapshot": True,
        }
    unit = skp.unit_kerja if skp.unit_kerja_id is not None else skp.pegawai.unit_kerja
    return {
        "identitas_pegawai": _identitas_live(skp.pegawai, jabatan=skp.jabatan.nama, unit=unit.nama if unit else ""),
        "identitas_penilai": _identitas_live(skp.pejabat_penilai),
        "identitas_snapshot": False,
    }


def status_context(
    skp: Skp,
    roles: set[PeranSkp],
    *,
    ajukan_error: str = "",
    ajukan_problems: list[str] | None = None,
    revisi_form: RevisiForm | None = None,
) -> dict[str, Any]:
    """The status and workflow panel: Ajukan, Revisi, versions and the RiwayatSkp history."""
    pemilik = PeranSkp.PEMILIK in roles
    riwayat = list(RiwayatSkp.objects.filter(skp=skp).select_related("oleh__pegawai").order_by("pada", "pk"))
    for langkah in riwayat:
        oleh = langkah.oleh
        pegawai = getattr(oleh, "pegawai", None) if oleh is not None else None
        langkah.oleh_label = (  # type: ignore[attr-defined]
            pegawai.nama_lengkap if pegawai is not None else (oleh.get_full_name() or oleh.username) if oleh else "—"
        )
    versi_lama = (
        Skp.objects.filter(pk=skp.revisi_dari_id).only("pk", "versi", "status").first()
        if skp.revisi_dari_id is not None
        else None
    )
    versi_baru = (
        Skp.objects.filter(revisi_dari=skp).only("pk", "versi", "status").first()
        if skp.status == StatusSkp.DIREVISI
        else None
    )
    return {
        "skp": skp,
        "status_badge": STATUS_BADGE.get(StatusSkp(skp.status), ""),
        "is_pemilik": pemilik,
        "can_submit": pemilik and skp.is_editable,
        "can_revise": pemilik and skp.status == StatusSkp.DITETAPKAN,
        "revisi_form": revisi_form or RevisiForm(),
        "ajukan_error": ajukan_error,
        "ajukan_problems": ajukan_problems or [],
        "riwayat": riwayat,
        "versi_lama": versi_lama,
        "versi_baru": versi_baru,
    }


def detail_context(skp: Skp, roles: set[PeranSkp], **status_kwargs: Any) -> dict[str, Any]:
    return {
        **sections_context(skp, roles),
        **identitas_context(skp),
        **status_context(skp, roles, **status_kwargs),
        **plan_context(skp, can_edit=can_edit_plan(skp, roles)),
        "active_menu": active_menu_for(roles),
        "roles": roles,
        "instansi": skp.pegawai.instansi,
    }


@login_required
@require_safe
def skp_detail(request: HttpRequest, pk: int) -> HttpResponse:
    skp, roles = get_skp_for_user(request.user, check_pk(pk))
    return render_vary(request, DETAIL_TEMPLATE, detail_context(skp, roles))


@login_required
@require_safe
def skp_rencana(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan table alone (htmx "Batal" and refreshes); the SKP page without JavaScript."""
    skp, roles = get_skp_for_user(request.user, check_pk(pk))
    if not wants_partial(request):
        return redirect(detail_url(skp, "rencana"))
    return render_vary(request, PLAN_PARTIAL, plan_context(skp, can_edit=can_edit_plan(skp, roles)))


def _status_response(request: HttpRequest, skp: Skp, roles: set[PeranSkp], **kwargs: Any) -> HttpResponse:
    """A refused Ajukan or Revisi: the panel with the reasons (htmx) or the whole page."""
    if wants_partial(request):
        response = render_vary(request, STATUS_PARTIAL, status_context(skp, roles, **kwargs))
        return reswap(retarget(response, "#skp-status"), "outerHTML")
    return render_vary(request, DETAIL_TEMPLATE, detail_context(skp, roles, **kwargs))


def _go(request: HttpRequest, url: str) -> HttpResponse:
    if wants_partial(request):
        return HttpResponseClientRedirect(url)
    return redirect(url)


@login_required
@require_POST
def skp_ajukan(request: HttpRequest, pk: int) -> HttpResponse:
    skp, roles = get_skp_for_user(request.user, check_pk(pk), write=True)
    try:
        skp = skp_submit(skp=skp, by=request.user)  # type: ignore[arg-type]
    except SkpTransitionError as exc:
        return _status_response(request, skp, roles, ajukan_error=exc.message, ajukan_problems=exc.problems)
    penilai = skp.pejabat_penilai_id and Pegawai.objects.filter(pk=skp.pejabat_penilai_id).first()
    messages.success(
        request,
        _("SKP diajukan kepada pejabat penilai: %(nama)s") % {"nama": penilai.nama_lengkap if penilai else "—"},
    )
    return _go(request, detail_url(skp))


@login_required
@require_POST
def skp_revisi(request: HttpRequest, pk: int) -> HttpResponse:
    skp, roles = get_skp_for_user(request.user, check_pk(pk), write=True)
    form = RevisiForm(request.POST)
    if not form.is_valid():
        return _status_response(request, skp, roles, revisi_form=form)
    try:
        baru = skp_revise(skp=skp, by=request.user, alasan=form.cleaned_data["alasan"])  # type: ignore[arg-type]
    except SkpTransitionError as exc:
        return _status_response(request, skp, roles, ajukan_error=exc.message)
    except ValidationError as exc:
        form.add_error(None, exc)
        return _status_response(request, skp, roles, revisi_form=form)
    messages.success(
        request,
        _("SKP versi %(versi)s dibuat sebagai draf revisi. Versi %(lama)s tetap tersimpan dan dapat dibaca.")
        % {"versi": baru.versi, "lama": skp.versi},
    )
    return _go(request, detail_url(baru))


urlpatterns = [
    path("skp/", skp_list, name="skp_list"),
    path("skp/tambah/", skp_create_view, name="skp_create"),
    path("skp/<int:pk>/", skp_detail, name="skp_detail"),
    path("skp/<int:pk>/rencana/", skp_rencana, name="skp_rencana"),
    path("skp/<int:pk>/periode/", skp_periode_view, name="skp_periode"),
    path("skp/<int:pk>/hapus/", skp_delete_view, name="skp_delete"),
    path("skp/<int:pk>/ajukan/", skp_ajukan, name="skp_ajukan"),
    path("skp/<int:pk>/revisi/", skp_revisi, name="skp_revisi"),
]
