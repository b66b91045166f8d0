"""The plan of an SKP (SPEC §4.2; seed 003 "Input Kinerja Utama", "Input Kinerja Tambahan", the IKI
modal with perspektif, Manual Indikator): rencana hasil kerja and IKI, typed or copied (Salin),
changed and deleted while the SKP is editable.

Every view finds the SKP through `get_skp_for_user` first (RHK and IKI are looked up through their
SKP), so an unrelated user gets a 404 on every URL. Writes need the pegawai who owns the SKP and
an editable SKP; a locked SKP answers with its status, never a 500.

With htmx the Toolkit's modals are forms loaded into the page: "Input Kinerja Utama/Tambahan"
into the panel above the table (`#rencana-panel`), the forms of one RHK (its IKI, edit, delete,
manual indikator) into that RHK's rows (`#rhk-<pk>`); a successful save swaps the whole plan table
(`#rencana`). Without JavaScript each form is a page of its own and saving returns to the SKP.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import reswap, retarget, trigger_client_event

from organisasi.views.operator import wants_partial

from ..access import PeranSkp, get_skp_for_user
from ..forms_skp import (
    IkiForm,
    IkiUbahForm,
    ManualIndikatorUbahForm,
    RhkForm,
    RhkUbahForm,
    SalinIndikatorForm,
    SalinPeranForm,
    SalinSasaranForm,
    jenis_of,
)
from ..models import Iki, IndikatorKinerja, JenisRhk, ManualIndikator, Perspektif, Rhk, Skp
from ..selectors import peran_for_pegawai
from ..services.rencana import (
    format_number,
    iki_copy_from_indikator,
    iki_create,
    iki_delete,
    iki_update,
    manual_indikator_save,
    pk_indikator_choices,
    pk_sasaran_choices,
    rhk_copy_from_peran,
    rhk_copy_from_sasaran,
    rhk_create,
    rhk_delete,
    rhk_update,
)
from ..services.skp import SkpTransitionError, require_editable
from .skp import (
    FORM_PAGE,
    PLAN_PARTIAL,
    active_menu_for,
    can_edit_plan,
    check_pk,
    detail_url,
    plan_context,
    render_vary,
    target_label,
)

RHK_FORM = "perencanaan/skp/_rhk_form.html"
IKI_FORM = "perencanaan/skp/_iki_form.html"
HAPUS_FORM = "perencanaan/skp/_hapus_form.html"
MANUAL_FORM = "perencanaan/skp/_manual_form.html"
MANUAL_PAGE = "perencanaan/skp/manual_indikator.html"
RHK_ROWS = "perencanaan/skp/_rhk_rows.html"
PLAN_CHANGED_EVENT = "rencanaChanged"


# --- Looking things up through their SKP ----------------------------------------------------------


def _skp_of(request: HttpRequest, pk: int, *, write: bool) -> tuple[Skp, set[PeranSkp]]:
    return get_skp_for_user(request.user, check_pk(pk), write=write)


def _rhk_of(request: HttpRequest, pk: int, *, write: bool) -> tuple[Rhk, Skp, set[PeranSkp]]:
    skp_id = Rhk.objects.filter(pk=check_pk(pk)).values_list("skp_id", flat=True).first()
    if skp_id is None:
        raise Http404
    skp, roles = get_skp_for_user(request.user, skp_id, write=write)
    rhk = Rhk.objects.select_related("sasaran_pk").get(pk=pk)
    rhk.skp = skp
    return rhk, skp, roles


def _iki_of(request: HttpRequest, pk: int, *, write: bool) -> tuple[Iki, Rhk, Skp, set[PeranSkp]]:
    row = Iki.objects.filter(pk=check_pk(pk)).values_list("rhk_id", "rhk__skp_id").first()
    if row is None:
        raise Http404
    skp, roles = get_skp_for_user(request.user, row[1], write=write)
    iki = Iki.objects.select_related("satuan", "rhk").get(pk=pk)
    iki.rhk.skp = skp
    return iki, iki.rhk, skp, roles


# --- Responses --------------------------------------------------------------------------------------


def _plan_response(request: HttpRequest, skp: Skp, *, notice: str = "", error: str = "") -> HttpResponse:
    """After a change (or a refusal): the refreshed plan table (htmx), or back to the SKP page."""
    if wants_partial(request):
        context = {
            **plan_context(skp, can_edit=skp.is_editable),
            "rencana_notice": notice,
            "rencana_error": error,
        }
        response = reswap(retarget(render_vary(request, PLAN_PARTIAL, context), "#rencana"), "outerHTML")
        if notice:
            # Sections that list the RHK (rencana aksi …) may listen: hx-trigger="rencanaChanged from:body".
            trigger_client_event(response, PLAN_CHANGED_EVENT)
        return response
    if error:
        messages.error(request, error)
    elif notice:
        messages.success(request, notice)
    return redirect(detail_url(skp, "rencana"))


def _form_response(
    request: HttpRequest,
    skp: Skp,
    *,
    template: str,
    context: dict[str, Any],
    title: str,
    rhk: Rhk | None = None,
) -> HttpResponse:
    """A form: in the panel above the table or in the RHK's rows (htmx), or as a page."""
    base = {"skp": skp, **context}
    if wants_partial(request):
        if rhk is None:
            response = render_vary(request, template, {**base, "hx_target": "#rencana-panel", "hx_swap": "innerHTML"})
            return reswap(retarget(response, "#rencana-panel"), "innerHTML")
        plan = plan_context(skp, can_edit=True)
        row = next((r for r in [*plan["rhk_utama"], *plan["rhk_tambahan"]] if r.pk == rhk.pk), None)
        if row is None:  # deleted in another tab meanwhile
            return _plan_response(request, skp, error=_("Rencana hasil kerja itu sudah tidak ada."))
        target = f"#rhk-{rhk.pk}"
        row_context = {**plan, **base, "rhk": row, "panel_template": template, "hx_target": target}
        response = render_vary(request, RHK_ROWS, {**row_context, "hx_swap": "outerHTML"})
        return reswap(retarget(response, target), "outerHTML")
    return render_vary(
        request,
        FORM_PAGE,
        {
            **base,
            "panel_template": template,
            "title": title,
            "active_menu": "skp_saya",
            "hx_target": "",
            "back_url": detail_url(skp, "rencana"),
            "back_label": _("Kembali ke SKP"),
        },
    )


def _locked(request: HttpRequest, skp: Skp) -> HttpResponse | None:
    """The answer for an SKP that can no longer be changed, or None when it is editable."""
    try:
        require_editable(skp)
    except SkpTransitionError as exc:
        return _plan_response(request, skp, error=exc.message)
    return None


# --- Form contexts ----------------------------------------------------------------------------------


def _jenis_param(request: HttpRequest) -> str:
    jenis = request.POST.get("jenis") or request.GET.get("jenis") or JenisRhk.UTAMA
    return jenis if jenis in JenisRhk.values else JenisRhk.UTAMA


def _rhk_form_context(
    skp: Skp, form: RhkForm, *, jenis: str, rhk: Rhk | None = None, salin_error: str = ""
) -> dict[str, Any]:
    context: dict[str, Any] = {
        "form": form,
        "jenis": jenis,
        "rhk": rhk,
        "salin_error": salin_error,
        "action": (
            reverse("perencanaan:rhk_update", args=[rhk.pk])
            if rhk is not None
            else reverse("perencanaan:rhk_create", args=[skp.pk]) + f"?jenis={jenis}"
        ),
        "unit_id": skp.unit_kerja_id or skp.pegawai.unit_kerja_id,
    }
    intervensi = form.fields.get("intervensi")
    if intervensi is not None and rhk is None:
        context["no_leader_rhk"] = not intervensi.queryset.exists()  # type: ignore[attr-defined]
    if rhk is None and jenis == JenisRhk.UTAMA:
        if skp.is_jpt:
            sasaran_list = list(
                pk_sasaran_choices(skp).prefetch_related(
                    Prefetch(
                        "indikator",
                        queryset=IndikatorKinerja.objects.select_related("satuan").order_by("urutan", "pk"),
                        to_attr="indikator_list",
                    )
                )
            )
            copied = set(Rhk.objects.filter(skp=skp, sasaran_pk__isnull=False).values_list("sasaran_pk_id", flat=True))
            for sasaran in sasaran_list:
                indikator_list: list[IndikatorKinerja] = sasaran.indikator_list
                for indikator in indikator_list:
                    indikator.target_label = f"{format_number(indikator.target)} {indikator.satuan.nama}"  # type: ignore[attr-defined]
                sasaran.baris = indikator_list or [None]  # type: ignore[attr-defined]
                sasaran.rowspan = max(1, len(indikator_list))  # type: ignore[attr-defined]
                sasaran.sudah_disalin = sasaran.pk in copied  # type: ignore[attr-defined]
            context["sasaran_list"] = sasaran_list
        else:
            peran_list = list(
                peran_for_pegawai(skp.pegawai, skp)
                .filter(baris__matriks__rhk__skp__pegawai__instansi_id=skp.pegawai.instansi_id)
                .select_related("baris__matriks__rhk__skp__jabatan")
            )
            copied = set(Rhk.objects.filter(skp=skp, peran_asal__isnull=False).values_list("peran_asal_id", flat=True))
            for peran in peran_list:
                peran.sudah_disalin = peran.pk in copied  # type: ignore[attr-defined]
            context["peran_list"] = peran_list
    return context


def _iki_form_context(
    skp: Skp, rhk: Rhk, form: IkiForm | IkiUbahForm, *, iki: Iki | None = None, salin_error: str = ""
) -> dict[str, Any]:
    context: dict[str, Any] = {
        "form": form,
        "iki": iki,
        "salin_error": salin_error,
        "action": (
            reverse("perencanaan:iki_update", args=[iki.pk])
            if iki is not None
            else reverse("perencanaan:iki_create", args=[rhk.pk])
        ),
    }
    if iki is None and skp.is_jpt:
        indikator_list = list(pk_indikator_choices(skp, rhk.sasaran_pk if rhk.sasaran_pk_id else None))
        copied = set(Iki.objects.filter(rhk=rhk, indikator_pk__isnull=False).values_list("indikator_pk_id", flat=True))
        for indikator in indikator_list:
            indikator.target_label = f"{format_number(indikator.target)} {indikator.satuan.nama}"  # type: ignore[attr-defined]
            indikator.sudah_disalin = indikator.pk in copied  # type: ignore[attr-defined]
        context["indikator_list"] = indikator_list
        context["perspektif_choices"] = Perspektif.choices
    return context


def _first_message(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# --- Rencana hasil kerja -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def rhk_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Input Kinerja Utama" / "Input Kinerja Tambahan": the Salin lists and the manual form."""
    skp, _roles = _skp_of(request, pk, write=True)
    if (locked := _locked(request, skp)) is not None:
        return locked
    jenis = _jenis_param(request)
    if request.method == "POST":
        form = RhkForm(request.POST, skp=skp)
        if form.is_valid():
            try:
                rhk_create(
                    skp=skp,
                    jenis=form.cleaned_data["jenis"],
                    teks=form.cleaned_data["teks"],
                    penugasan_dari=form.cleaned_data["penugasan_dari"],
                    intervensi=form.cleaned_data.get("intervensi"),
                )
            except SkpTransitionError as exc:
                return _plan_response(request, skp, error=exc.message)
            except ValidationError as exc:
                form.apply_service_error(exc)
            else:
                return _plan_response(request, skp, notice=_("Rencana hasil kerja ditambahkan."))
    else:
        form = RhkForm(skp=skp, initial={"jenis": jenis})
    title = _("Input Kinerja Tambahan") if jenis == JenisRhk.TAMBAHAN else _("Input Kinerja Utama")
    return _form_response(
        request, skp, template=RHK_FORM, context=_rhk_form_context(skp, form, jenis=jenis), title=title
    )


def _salin_refused(request: HttpRequest, skp: Skp, jenis: str, message: str) -> HttpResponse:
    form = RhkForm(skp=skp, initial={"jenis": jenis})
    return _form_response(
        request,
        skp,
        template=RHK_FORM,
        context=_rhk_form_context(skp, form, jenis=jenis, salin_error=message),
        title=_("Input Kinerja Utama"),
    )


def _salin_rhk(
    request: HttpRequest,
    pk: int,
    *,
    form_class: type[SalinSasaranForm] | type[SalinPeranForm],
    field: str,
    copy: Callable[..., Rhk],
    notice: str,
) -> HttpResponse:
    """Salin a source (sasaran strategis or peran hasil) into a new RHK of the SKP."""
    skp, _roles = _skp_of(request, pk, write=True)
    if (locked := _locked(request, skp)) is not None:
        return locked
    form = form_class(request.POST, skp=skp)
    jenis = _jenis_param(request)
    if not form.is_valid():
        return _salin_refused(request, skp, jenis, " ".join(str(e) for errors in form.errors.values() for e in errors))
    try:
        rhk = copy(skp=skp, jenis=jenis_of(form), **{field: form.cleaned_data[field]})
    except SkpTransitionError as exc:
        return _plan_response(request, skp, error=exc.message)
    except ValidationError as exc:
        return _salin_refused(request, skp, jenis, _first_message(exc))
    return _plan_response(request, skp, notice=notice % {"teks": rhk.teks})


@login_required
@require_POST
def rhk_salin_sasaran(request: HttpRequest, pk: int) -> HttpResponse:
    """Salin: a sasaran strategis of the PK becomes a rencana kinerja (JPT)."""
    return _salin_rhk(
        request,
        pk,
        form_class=SalinSasaranForm,
        field="sasaran",
        copy=rhk_copy_from_sasaran,
        notice=_("Sasaran strategis “%(teks)s” disalin menjadi rencana kinerja. Lanjutkan dengan indikatornya."),
    )


@login_required
@require_POST
def rhk_salin_peran(request: HttpRequest, pk: int) -> HttpResponse:
    """Salin: a peran hasil from a leader's Matriks Peran Hasil becomes an RHK (JA/JF)."""
    return _salin_rhk(
        request,
        pk,
        form_class=SalinPeranForm,
        field="peran",
        copy=rhk_copy_from_peran,
        notice=_("Peran “%(teks)s” disalin menjadi rencana hasil kerja. Lanjutkan dengan indikatornya."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def rhk_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    rhk, skp, _roles = _rhk_of(request, pk, write=True)
    if (locked := _locked(request, skp)) is not None:
        return locked
    if request.method == "POST":
        form = RhkUbahForm(request.POST, skp=skp, rhk=rhk)
        if form.is_valid():
            try:
                rhk_update(rhk=rhk, **form.service_kwargs())
            except SkpTransitionError as exc:
                return _plan_response(request, skp, error=exc.message)
            except ValidationError as exc:
                form.apply_service_error(exc)
            else:
                return _plan_response(request, skp, notice=_("Rencana hasil kerja diubah."))
    else:
        form = RhkUbahForm(skp=skp, rhk=rhk)
    return _form_response(
        request,
        skp,
        template=RHK_FORM,
        context=_rhk_form_context(skp, form, jenis=rhk.jenis, rhk=rhk),
        title=_("Ubah rencana hasil kerja"),
        rhk=rhk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def rhk_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    rhk, skp, _roles = _rhk_of(request, pk, write=True)
    if (locked := _locked(request, skp)) is not None:
        return locked
    if request.method == "POST":
        try:
            rhk_delete(rhk=rhk)
        except SkpTransitionError as exc:
            return _plan_response(request, skp, error=exc.message)
        except ValidationError as exc:
            return _plan_response(request, skp, error=_first_message(exc))
        return _plan_response(request, skp, notice=_("Rencana hasil kerja beserta indikatornya dihapus."))
    context = {
        "action": reverse("perencanaan:rhk_delete", args=[rhk.pk]),
        "hapus_judul": _("Hapus rencana hasil kerja"),
        "hapus_pesan": _("Rencana hasil kerja ini beserta seluruh indikator dan rencana aksinya akan dihapus."),
        "hapus_teks": rhk.teks,
    }
    return _form_response(
        request, skp, template=HAPUS_FORM, context=context, title=_("Hapus rencana hasil kerja"), rhk=rhk
    )


# --- Indikator kinerja individu ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def iki_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    rhk, skp, _roles = _rhk_of(request, pk, write=True)
    if (locked := _locked(request, skp)) is not None:
        return locked
    if request.method == "POST":
        form = IkiForm(request.POST, skp=skp)
        if form.is_valid():
            try:
                iki_create(rhk=rhk, **form.service_kwargs())
            except SkpTransitionError as exc:
                return _plan_response(request, skp, error=exc.message)
            except ValidationError as exc:
                form.apply_service_error(exc)
            else:
                return _plan_response(request, skp, notice=_("Indikator kinerja individu ditambahkan."))
    else:
        form = IkiForm(skp=skp)
    return _form_response(
        request,
        skp,
        template=IKI_FORM,
        context=_iki_form_context(skp, rhk, form),
        title=_("Tambah indikator kinerja individu"),
        rhk=rhk,
    )


@login_required
@require_POST
def iki_salin(request: HttpRequest, pk: int) -> HttpResponse:
    """Salin: an indikator of the PK becomes an IKI, with its target and satuan (JPT)."""
    rhk, skp, _roles = _rhk_of(request, pk, write=True)
    if (locked := _locked(request, skp)) is not None:
        return locked
    form = SalinIndikatorForm(request.POST, skp=skp)
    error = ""
    if form.is_valid():
        try:
            iki = iki_copy_from_indikator(
                rhk=rhk, indikator=form.cleaned_data["indikator"], perspektif=form.cleaned_data["perspektif"]
            )
        except SkpTransitionError as exc:
            return _plan_response(request, skp, error=exc.message)
        except ValidationError as exc:
            error = _first_message(exc)
        else:
            return _plan_response(
                request, skp, notice=_("Indikator “%(teks)s” disalin dari Perjanjian Kinerja.") % {"teks": iki.teks}
            )
    else:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    return _form_response(
        request,
        skp,
        template=IKI_FORM,
        context=_iki_form_context(skp, rhk, IkiForm(skp=skp), salin_error=error),
        title=_("Tambah indikator kinerja individu"),
        rhk=rhk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def iki_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    iki, rhk, skp, _roles = _iki_of(request, pk, write=True)
    if (locked := _locked(request, skp)) is not None:
        return locked
    if request.method == "POST":
        form = IkiUbahForm(request.POST, skp=skp, iki=iki)
        if form.is_valid():
            try:
                iki_update(iki=iki, **form.service_kwargs())
            except SkpTransitionError as exc:
                return _plan_response(request, skp, error=exc.message)
            except ValidationError as exc:
                form.apply_service_error(exc)
            else:
                return _plan_response(request, skp, notice=_("Indikator kinerja individu diubah."))
    else:
        form = IkiUbahForm(skp=skp, iki=iki)
    return _form_response(
        request,
        skp,
        template=IKI_FORM,
        context=_iki_form_context(skp, rhk, form, iki=iki),
        title=_("Ubah indikator kinerja individu"),
        rhk=rhk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def iki_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    iki, rhk, skp, _roles = _iki_of(request, pk, write=True)
    if (locked := _locked(request, skp)) is not None:
        return locked
    if request.method == "POST":
        try:
            iki_delete(iki=iki)
        except SkpTransitionError as exc:
            return _plan_response(request, skp, error=exc.message)
        return _plan_response(request, skp, notice=_("Indikator kinerja individu dihapus."))
    context = {
        "action": reverse("perencanaan:iki_delete", args=[iki.pk]),
        "hapus_judul": _("Hapus indikator kinerja individu"),
        "hapus_pesan": _("Indikator ini beserta manual indikatornya akan dihapus."),
        "hapus_teks": iki.teks,
    }
    return _form_response(
        request, skp, template=HAPUS_FORM, context=context, title=_("Hapus indikator kinerja individu"), rhk=rhk
    )


# --- Manual indikator ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def manual_indikator(request: HttpRequest, pk: int) -> HttpResponse:
    """The Manual Indikator Kinerja of a JPT's IKI: the owner fills it in while the SKP is editable;
    the pejabat penilai, the operator (review) and the admin read it."""
    iki, rhk, skp, roles = _iki_of(request, pk, write=request.method == "POST")
    if not skp.is_jpt:
        raise Http404
    manual = ManualIndikator.objects.filter(iki=iki).first()
    can_edit = can_edit_plan(skp, roles)
    if request.method == "POST" and (locked := _locked(request, skp)) is not None:
        return locked
    form: ManualIndikatorUbahForm | None = None
    if can_edit:
        if request.method == "POST":
            form = ManualIndikatorUbahForm(request.POST, skp=skp, instance=manual or ManualIndikator(iki=iki))
            if form.is_valid():
                try:
                    manual_indikator_save(iki=iki, **form.service_kwargs())
                except SkpTransitionError as exc:
                    return _plan_response(request, skp, error=exc.message)
                except ValidationError as exc:
                    form.apply_service_error(exc)
                else:
                    return _plan_response(request, skp, notice=_("Manual indikator disimpan."))
        else:
            form = ManualIndikatorUbahForm(skp=skp, instance=manual)
        if wants_partial(request):
            return _form_response(
                request,
                skp,
                template=MANUAL_FORM,
                context={"form": form, "iki": iki, "action": reverse("perencanaan:manual_indikator", args=[iki.pk])},
                title=_("Manual Indikator Kinerja"),
                rhk=rhk,
            )
    iki.target_label = target_label(iki)  # type: ignore[attr-defined]
    locked_message = ""
    if PeranSkp.PEMILIK in roles and not skp.is_editable:
        locked_message = _("SKP berstatus %(status)s sehingga manual indikator tidak dapat diubah.") % {
            "status": skp.get_status_display()
        }
    context = {
        "active_menu": active_menu_for(roles),
        "skp": skp,
        "rhk": rhk,
        "iki": iki,
        "manual": manual,
        "form": form,
        "can_edit": can_edit,
        "action": reverse("perencanaan:manual_indikator", args=[iki.pk]),
        "hx_target": "",
        "back_url": detail_url(skp, "rencana"),
        "locked_message": locked_message,
        "jenis_kendali_choices": ManualIndikator.JenisKendali.choices,
        "periode_pelaporan_choices": ManualIndikator.PeriodePelaporan.choices,
    }
    return render_vary(request, MANUAL_PAGE, context)


urlpatterns = [
    path("skp/<int:pk>/rhk/tambah/", rhk_create_view, name="rhk_create"),
    path("skp/<int:pk>/rhk/salin-sasaran/", rhk_salin_sasaran, name="rhk_salin_sasaran"),
    path("skp/<int:pk>/rhk/salin-peran/", rhk_salin_peran, name="rhk_salin_peran"),
    path("skp/rhk/<int:pk>/ubah/", rhk_update_view, name="rhk_update"),
    path("skp/rhk/<int:pk>/hapus/", rhk_delete_view, name="rhk_delete"),
    path("skp/rhk/<int:pk>/iki/tambah/", iki_create_view, name="iki_create"),
    path("skp/rhk/<int:pk>/iki/salin/", iki_salin, name="iki_salin"),
    path("skp/iki/<int:pk>/ubah/", iki_update_view, name="iki_update"),
    path("skp/iki/<int:pk>/hapus/", iki_delete_view, name="iki_delete"),
    path("skp/iki/<int:pk>/manual/", manual_indikator, name="manual_indikator"),
]
