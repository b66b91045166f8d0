"""SKP sections, part 2: Rencana Aksi per RHK and the Workblock of a JPT SKP (owner, while editable).

Shares the section machinery (contexts, form handling, htmx partials) of `skp_sections`.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..access import PeranSkp
from ..forms_sections import (
    RencanaAksiForm,
    RencanaAksiUbahForm,
    SectionForm,
    WorkblockForm,
    WorkblockItemForm,
    WorkblockItemUbahForm,
    WorkblockUbahForm,
)
from ..models import (
    RencanaAksi,
    Rhk,
    Skp,
    Workblock,
    WorkblockItem,
)
from ..services.sections import (
    rencana_aksi_add,
    rencana_aksi_delete,
    rencana_aksi_update,
    workblock_create,
    workblock_delete,
    workblock_item_add,
    workblock_item_delete,
    workblock_item_update,
    workblock_update,
)
from .skp_sections import (
    SECTIONS,
    HtmxHttpRequest,
    _data,
    _delete_action,
    _editable_or_message,
    _form_action,
    _owner_skp,
)

# --- Rencana Aksi -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def rencana_aksi_tambah(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    rhk = get_object_or_404(Rhk, pk=pk)
    skp, roles = _owner_skp(request, rhk.skp_id)
    form = RencanaAksiForm(_data(request), key=f"aksi-tambah-{rhk.pk}")

    def save(form: SectionForm) -> str:
        rencana_aksi_add(rhk=rhk, teks=form.cleaned_data["teks"], target_periode=form.cleaned_data["target_periode"])
        return _("Rencana aksi ditambahkan.")

    return _form_action(
        request,
        skp=skp,
        roles=roles,
        section=SECTIONS["rencana-aksi"],
        blocked=_editable_or_message(skp),
        form=form,
        save=save,
        action=request.path,
        title=_("Tambah rencana aksi"),
        submit_label=_("Tambah"),
        extra={"intro": _("Rencana hasil kerja: %(rhk)s") % {"rhk": rhk.teks}},
    )


def _aksi_or_404(pk: int) -> RencanaAksi:
    return get_object_or_404(RencanaAksi.objects.select_related("rhk"), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def rencana_aksi_ubah(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    aksi = _aksi_or_404(pk)
    skp, roles = _owner_skp(request, aksi.rhk.skp_id)
    form = RencanaAksiUbahForm(
        _data(request),
        key=f"aksi-{aksi.pk}",
        initial={"teks": aksi.teks, "target_periode": aksi.target_periode},
        record=aksi,
    )

    def save(form: SectionForm) -> str:
        rencana_aksi_update(
            aksi=aksi,
            teks=form.cleaned_data["teks"],
            target_periode=form.cleaned_data["target_periode"],
            versi=form.cleaned_data["versi"],
        )
        return _("Rencana aksi disimpan.")

    return _form_action(
        request,
        skp=skp,
        roles=roles,
        section=SECTIONS["rencana-aksi"],
        blocked=_editable_or_message(skp),
        form=form,
        save=save,
        action=request.path,
        title=_("Ubah rencana aksi"),
        submit_label=_("Simpan"),
        extra={"intro": _("Rencana hasil kerja: %(rhk)s") % {"rhk": aksi.rhk.teks}},
    )


@login_required
@require_POST
def rencana_aksi_hapus(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    aksi = _aksi_or_404(pk)
    skp, roles = _owner_skp(request, aksi.rhk.skp_id)

    def delete() -> str:
        rencana_aksi_delete(aksi=aksi)
        return _("Rencana aksi dihapus.")

    return _delete_action(request, skp=skp, roles=roles, section=SECTIONS["rencana-aksi"], delete=delete)


# --- Workblock (JPT SKP) ----------------------------------------------------------------------


def _jpt_owner_skp(request: HttpRequest, skp_id: int) -> tuple[Skp, set[PeranSkp]]:
    """Workblock exists only on a JPT SKP: on any other SKP these addresses name nothing."""
    skp, roles = _owner_skp(request, skp_id)
    if not skp.is_jpt:
        raise Http404
    return skp, roles


def _workblock_kwargs(form: SectionForm) -> dict[str, str]:
    return {name: form.cleaned_data[name] for name in WorkblockForm.FIELDS}


@login_required
@require_http_methods(["GET", "POST"])
def workblock_tambah(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    skp, roles = _jpt_owner_skp(request, pk)
    form = WorkblockForm(_data(request), key="workblock-baru")

    def save(form: SectionForm) -> str:
        wb = workblock_create(skp=skp, **_workblock_kwargs(form))
        return _("Workblock “%(judul)s” ditambahkan.") % {"judul": wb.judul}

    return _form_action(
        request,
        skp=skp,
        roles=roles,
        section=SECTIONS["workblock"],
        blocked=_editable_or_message(skp),
        form=form,
        save=save,
        action=request.path,
        title=_("Tambah workblock"),
        submit_label=_("Tambah"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def workblock_ubah(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    workblock = get_object_or_404(Workblock, pk=pk)
    skp, roles = _jpt_owner_skp(request, workblock.skp_id)
    form = WorkblockUbahForm(
        _data(request),
        key=f"workblock-{workblock.pk}",
        initial=WorkblockForm.initial_from(workblock),
        record=workblock,
    )

    def save(form: SectionForm) -> str:
        wb = workblock_update(workblock=workblock, **_workblock_kwargs(form), versi=form.cleaned_data["versi"])
        return _("Workblock “%(judul)s” disimpan.") % {"judul": wb.judul}

    return _form_action(
        request,
        skp=skp,
        roles=roles,
        section=SECTIONS["workblock"],
        blocked=_editable_or_message(skp),
        form=form,
        save=save,
        action=request.path,
        title=_("Ubah workblock"),
        submit_label=_("Simpan"),
    )


@login_required
@require_POST
def workblock_hapus(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    workblock = get_object_or_404(Workblock, pk=pk)
    skp, roles = _jpt_owner_skp(request, workblock.skp_id)

    def delete() -> str:
        workblock_delete(workblock=workblock)
        return _("Workblock “%(judul)s” dihapus.") % {"judul": workblock.judul}

    return _delete_action(request, skp=skp, roles=roles, section=SECTIONS["workblock"], delete=delete)


@login_required
@require_http_methods(["GET", "POST"])
def workblock_butir_tambah(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    workblock = get_object_or_404(Workblock, pk=pk)
    skp, roles = _jpt_owner_skp(request, workblock.skp_id)
    jenis = request.GET.get("jenis", "")
    sifat = request.GET.get("sifat", "")
    jenis = jenis if jenis in WorkblockItem.Jenis.values else WorkblockItem.Jenis.STRATEGI
    sifat = sifat if sifat in WorkblockItem.Sifat.values else WorkblockItem.Sifat.RUTIN
    form = WorkblockItemForm(
        _data(request), key=f"butir-tambah-{workblock.pk}-{jenis}-{sifat}", initial={"jenis": jenis, "sifat": sifat}
    )

    def save(form: SectionForm) -> str:
        workblock_item_add(
            workblock=workblock,
            jenis=form.cleaned_data["jenis"],
            sifat=form.cleaned_data["sifat"],
            teks=form.cleaned_data["teks"],
        )
        return _("Butir workblock ditambahkan.")

    return _form_action(
        request,
        skp=skp,
        roles=roles,
        section=SECTIONS["workblock"],
        blocked=_editable_or_message(skp),
        form=form,
        save=save,
        action=request.get_full_path(),
        title=_("Tambah strategi atau keluaran kunci"),
        submit_label=_("Tambah"),
        extra={"intro": _("Workblock: %(judul)s") % {"judul": workblock.judul}},
    )


def _butir_or_404(pk: int) -> WorkblockItem:
    return get_object_or_404(WorkblockItem.objects.select_related("workblock"), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def workblock_butir_ubah(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    item = _butir_or_404(pk)
    skp, roles = _jpt_owner_skp(request, item.workblock.skp_id)
    form = WorkblockItemUbahForm(
        _data(request), key=f"butir-{item.pk}", with_kind=False, initial={"teks": item.teks}, record=item
    )

    def save(form: SectionForm) -> str:
        workblock_item_update(item=item, teks=form.cleaned_data["teks"], versi=form.cleaned_data["versi"])
        return _("Butir workblock disimpan.")

    return _form_action(
        request,
        skp=skp,
        roles=roles,
        section=SECTIONS["workblock"],
        blocked=_editable_or_message(skp),
        form=form,
        save=save,
        action=request.path,
        title=_("Ubah %(jenis)s (%(sifat)s)")
        % {"jenis": item.get_jenis_display().lower(), "sifat": item.get_sifat_display().lower()},
        submit_label=_("Simpan"),
        extra={"intro": _("Workblock: %(judul)s") % {"judul": item.workblock.judul}},
    )


@login_required
@require_POST
def workblock_butir_hapus(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    item = _butir_or_404(pk)
    skp, roles = _jpt_owner_skp(request, item.workblock.skp_id)

    def delete() -> str:
        workblock_item_delete(item=item)
        return _("Butir workblock dihapus.")

    return _delete_action(request, skp=skp, roles=roles, section=SECTIONS["workblock"], delete=delete)


urlpatterns: list[URLPattern] = [
    path("skp/rhk/<int:pk>/rencana-aksi/tambah/", rencana_aksi_tambah, name="rencana_aksi_add"),
    path("skp/rencana-aksi/<int:pk>/ubah/", rencana_aksi_ubah, name="rencana_aksi_update"),
    path("skp/rencana-aksi/<int:pk>/hapus/", rencana_aksi_hapus, name="rencana_aksi_delete"),
    path("skp/<int:pk>/workblock/tambah/", workblock_tambah, name="workblock_add"),
    path("skp/workblock/<int:pk>/ubah/", workblock_ubah, name="workblock_update"),
    path("skp/workblock/<int:pk>/hapus/", workblock_hapus, name="workblock_delete"),
    path("skp/workblock/<int:pk>/butir/tambah/", workblock_butir_tambah, name="workblock_item_add"),
    path("skp/workblock/butir/<int:pk>/ubah/", workblock_butir_ubah, name="workblock_item_update"),
    path("skp/workblock/butir/<int:pk>/hapus/", workblock_butir_hapus, name="workblock_item_delete"),
]
