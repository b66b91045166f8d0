"""The sections of an SKP page below the hasil kerja (SPEC §4.2, seed 000 lampiran 2–4, seed 003):
perilaku kerja (Set Penilai, ekspektasi khusus pimpinan), Lampiran SKP, Rencana Aksi, Workblock.

The SKP page includes the partials `perencanaan/skp/_perilaku.html`, `_lampiran.html`,
`_rencana_aksi.html` and (JPT SKP only) `_workblock.html` with the context of `sections_context`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import reswap, retarget
from django_htmx.middleware import HtmxDetails

from accounts.models import User
from organisasi.views.operator import wants_partial

from ..access import PeranSkp, get_skp_for_user
from ..forms_sections import (
    EkspektasiForm,
    LampiranForm,
    LampiranUbahForm,
    PenilaiPerilakuForm,
    SectionForm,
)
from ..models import (
    AspekPerilaku,
    JenisRhk,
    LampiranSkp,
    PanduanPerilaku,
    PenilaiPerilaku,
    PerilakuSkp,
    RencanaAksi,
    Rhk,
    Skp,
    StatusSkp,
    Workblock,
    WorkblockItem,
)
from ..services.sections import (
    EKSPEKTASI_STATUSES,
    lampiran_add,
    lampiran_delete,
    lampiran_update,
    penilai_bawahan_choices,
    penilai_rekan_choices,
    perilaku_set_ekspektasi,
    perilaku_set_penilai,
)
from ..services.skp import SkpTransitionError, require_editable

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The hints of seed 000 lampiran 3 under each list.
LAMPIRAN_PETUNJUK: dict[str, StrOrPromise] = {
    LampiranSkp.Jenis.DUKUNGAN_SUMBER_DAYA: gettext_lazy(
        "Dalam rangka memenuhi ekspektasi Pimpinan, maka Pegawai membutuhkan …"
    ),
    LampiranSkp.Jenis.SKEMA_PERTANGGUNGJAWABAN: gettext_lazy(
        "Hasil kerja dilaporkan setiap hari/mingguan/bulanan/…, berikut data yang dilaporkan adalah …"
    ),
    LampiranSkp.Jenis.KONSEKUENSI: gettext_lazy(
        "Apabila memenuhi ekspektasi Pimpinan maka …; apabila tidak memenuhi ekspektasi Pimpinan maka …"
    ),
}


@dataclass
class PerilakuRow:
    """One BerAKHLAK aspect as shown on the SKP: its guides, the ekspektasi and who rates it."""

    nomor: int
    aspek: AspekPerilaku
    panduan: list[PanduanPerilaku]
    perilaku: PerilakuSkp | None
    penilai_label: str

    @property
    def ekspektasi(self) -> str:
        return self.perilaku.ekspektasi_khusus if self.perilaku is not None else ""


@dataclass
class LampiranGroup:
    jenis: str
    label: str
    petunjuk: str
    items: list[LampiranSkp]


@dataclass
class RhkAksi:
    nomor: int
    rhk: Rhk
    aksi: list[RencanaAksi]


@dataclass
class RhkGroup:
    jenis: str
    label: str
    rows: list[RhkAksi]


@dataclass
class WorkblockCell:
    jenis: str
    sifat: str
    label: str
    items: list[WorkblockItem]


@dataclass
class WorkblockRow:
    jenis: str
    label: str
    cells: list[WorkblockCell]


@dataclass
class WorkblockView:
    workblock: Workblock
    grid: list[WorkblockRow] = field(default_factory=list)


def penilai_label(skp: Skp, perilaku: PerilakuSkp | None) -> str:
    """“Atasan (nama)”, “Rekan Kerja (nama)” or “Bawahan (nama)”, as the Toolkit shows it."""
    jenis = perilaku.jenis_penilai if perilaku is not None else PenilaiPerilaku.ATASAN
    if jenis == PenilaiPerilaku.ATASAN or perilaku is None or perilaku.penilai is None:
        atasan = skp.pejabat_penilai
        if atasan is None:
            return _("Atasan (belum ada pejabat penilai)")
        return _("Atasan (%(nama)s)") % {"nama": atasan.nama_lengkap}
    if jenis == PenilaiPerilaku.REKAN:
        return _("Rekan Kerja (%(nama)s)") % {"nama": perilaku.penilai.nama_lengkap}
    return _("Bawahan (%(nama)s)") % {"nama": perilaku.penilai.nama_lengkap}


def can_set_penilai(skp: Skp, roles: set[PeranSkp]) -> bool:
    return PeranSkp.PEMILIK in roles and skp.is_editable


def can_set_ekspektasi(skp: Skp, roles: set[PeranSkp]) -> bool:
    return PeranSkp.PENILAI in roles and skp.status in EKSPEKTASI_STATUSES


def can_edit_plan(skp: Skp, roles: set[PeranSkp]) -> bool:
    return PeranSkp.PEMILIK in roles and skp.is_editable


def locked_message(skp: Skp, roles: set[PeranSkp]) -> str:
    """Why the owner sees no edit buttons; empty when they may edit or are not the owner."""
    if PeranSkp.PEMILIK not in roles or skp.is_editable:
        return ""
    if skp.status == StatusSkp.DIAJUKAN:
        return _("SKP sedang diajukan kepada pejabat penilai dan tidak dapat diubah sampai dikembalikan.")
    return _("SKP berstatus %(status)s tidak dapat diubah. Ajukan revisi bila ada penugasan baru.") % {
        "status": StatusSkp(skp.status).label
    }


def perilaku_context(skp: Skp, roles: set[PeranSkp]) -> dict[str, Any]:
    """The keys `_perilaku.html` needs (3 queries): see `sections_context`."""
    aspek_list = list(
        AspekPerilaku.objects.prefetch_related(
            Prefetch("panduan", queryset=PanduanPerilaku.objects.order_by("urutan", "pk"))
        ).order_by("urutan")
    )
    by_aspek = {p.aspek_id: p for p in PerilakuSkp.objects.filter(skp=skp).select_related("penilai")}
    rows = [
        PerilakuRow(
            nomor=nomor,
            aspek=aspek,
            panduan=list(aspek.panduan.all()),
            perilaku=by_aspek.get(aspek.pk),
            penilai_label=penilai_label(skp, by_aspek.get(aspek.pk)),
        )
        for nomor, aspek in enumerate(aspek_list, start=1)
    ]
    return {
        "skp": skp,
        "perilaku_rows": rows,
        "perilaku_can_set_penilai": can_set_penilai(skp, roles),
        "perilaku_can_set_ekspektasi": can_set_ekspektasi(skp, roles),
        "perilaku_next": "",
        "sections_locked_message": locked_message(skp, roles),
    }


def lampiran_context(skp: Skp, roles: set[PeranSkp]) -> dict[str, Any]:
    """The keys `_lampiran.html` needs (1 query): see `sections_context`."""
    by_jenis: dict[str, list[LampiranSkp]] = {jenis: [] for jenis in LampiranSkp.Jenis.values}
    for item in LampiranSkp.objects.filter(skp=skp).order_by("jenis", "urutan", "pk"):
        by_jenis.setdefault(item.jenis, []).append(item)
    groups = [
        LampiranGroup(jenis=jenis, label=str(label), petunjuk=str(LAMPIRAN_PETUNJUK[jenis]), items=by_jenis[jenis])
        for jenis, label in LampiranSkp.Jenis.choices
    ]
    return {
        "skp": skp,
        "lampiran_groups": groups,
        "lampiran_can_edit": can_edit_plan(skp, roles),
        "sections_locked_message": locked_message(skp, roles),
    }


def rencana_aksi_context(skp: Skp, roles: set[PeranSkp]) -> dict[str, Any]:
    """The keys `_rencana_aksi.html` needs (2 queries): see `sections_context`."""
    rhk_list = list(
        Rhk.objects.filter(skp=skp)
        .prefetch_related(Prefetch("rencana_aksi", queryset=RencanaAksi.objects.order_by("urutan", "pk")))
        .order_by("urutan", "pk")
    )
    groups: list[RhkGroup] = []
    for jenis, label in ((JenisRhk.UTAMA, _("A. Utama")), (JenisRhk.TAMBAHAN, _("B. Tambahan"))):
        of_jenis = [r for r in rhk_list if r.jenis == jenis]
        groups.append(
            RhkGroup(
                jenis=jenis,
                label=label,
                rows=[RhkAksi(nomor=n, rhk=r, aksi=list(r.rencana_aksi.all())) for n, r in enumerate(of_jenis, 1)],
            )
        )
    return {
        "skp": skp,
        "rencana_aksi_groups": groups,
        "rencana_aksi_jumlah_rhk": len(rhk_list),
        "rencana_aksi_can_edit": can_edit_plan(skp, roles),
        "sections_locked_message": locked_message(skp, roles),
    }


def workblock_context(skp: Skp, roles: set[PeranSkp]) -> dict[str, Any]:
    """The keys `_workblock.html` needs (2 queries on a JPT SKP, none otherwise): see `sections_context`."""
    views: list[WorkblockView] = []
    if skp.is_jpt:
        workblocks = Workblock.objects.filter(skp=skp).prefetch_related(
            Prefetch("items", queryset=WorkblockItem.objects.order_by("urutan", "pk"))
        )
        for wb in workblocks.order_by("pk"):
            items = list(wb.items.all())
            grid = [
                WorkblockRow(
                    jenis=jenis,
                    label=str(jenis_label),
                    cells=[
                        WorkblockCell(
                            jenis=jenis,
                            sifat=sifat,
                            label=str(sifat_label),
                            items=[i for i in items if i.jenis == jenis and i.sifat == sifat],
                        )
                        for sifat, sifat_label in WorkblockItem.Sifat.choices
                    ],
                )
                for jenis, jenis_label in WorkblockItem.Jenis.choices
            ]
            views.append(WorkblockView(workblock=wb, grid=grid))
    return {
        "skp": skp,
        "workblock_enabled": skp.is_jpt,
        "workblocks": views,
        "workblock_can_edit": skp.is_jpt and can_edit_plan(skp, roles),
        "sections_locked_message": locked_message(skp, roles),
    }


def sections_context(skp: Skp, roles: set[PeranSkp]) -> dict[str, Any]:
    """Everything the four section partials need, in a constant number of queries (at most 8).

    Include the partials with this context merged into the page's context::

        {% include "perencanaan/skp/_perilaku.html" %}
        {% include "perencanaan/skp/_lampiran.html" %}
        {% include "perencanaan/skp/_rencana_aksi.html" %}
        {% if skp.is_jpt %}{% include "perencanaan/skp/_workblock.html" %}{% endif %}

    `roles` are those `get_skp_for_user` returned for the viewing user. Keys:

    - ``skp``: the SKP itself.
    - ``sections_locked_message``: for the owner of an SKP they can no longer edit, the sentence
      saying why (shown in each section); empty otherwise.
    - ``perilaku_rows``: seven `PerilakuRow` in BerAKHLAK order — ``nomor``, ``aspek``,
      ``panduan`` (its three PanduanPerilaku), ``perilaku`` (the PerilakuSkp row, None if missing),
      ``ekspektasi`` (text), ``penilai_label`` (“Atasan (nama)”, “Rekan Kerja (nama)”, “Bawahan (nama)”).
    - ``perilaku_can_set_penilai``: the user is the pegawai and the SKP is editable (Set Penilai).
    - ``perilaku_can_set_ekspektasi``: the user is the pejabat penilai and the SKP is not yet set.
    - ``perilaku_next``: where the perilaku forms return to without JS; "" means the page that
      includes the partial (so the SKP Bawahan page needs nothing special).
    - ``lampiran_groups``: three `LampiranGroup` (dukungan sumber daya, skema pertanggungjawaban,
      konsekuensi) — ``jenis``, ``label``, ``petunjuk`` (the seed's hint), ``items`` (LampiranSkp).
    - ``lampiran_can_edit``: the user is the pegawai and the SKP is editable.
    - ``rencana_aksi_groups``: two `RhkGroup` (A. Utama, B. Tambahan) — ``jenis``, ``label``,
      ``rows`` of `RhkAksi` (``nomor``, ``rhk``, ``aksi``: its RencanaAksi in order).
    - ``rencana_aksi_jumlah_rhk``: how many RHK the SKP has.
    - ``rencana_aksi_can_edit``: the user is the pegawai and the SKP is editable.
    - ``workblock_enabled``: the SKP is a JPT SKP (only then is `_workblock.html` shown).
    - ``workblocks``: `WorkblockView` list — ``workblock`` and ``grid``: two `WorkblockRow`
      (strategi, keluaran kunci) of two `WorkblockCell` (rutin, transformatif) with their ``items``.
    - ``workblock_can_edit``: JPT SKP, the user is the pegawai and the SKP is editable.
    """
    return {
        **perilaku_context(skp, roles),
        **lampiran_context(skp, roles),
        **rencana_aksi_context(skp, roles),
        **workblock_context(skp, roles),
    }


# --- Views ------------------------------------------------------------------------------------
#
# Each action URL answers GET with its form (htmx: the form alone, put in place inside the
# section; otherwise a small page of its own) and POST with the change. A POST answers htmx with
# the re-rendered section (or, on bad input, the form again with its errors, swapped in place of
# itself) and a plain form post with a redirect to the SKP page (or, on bad input, the form page).


@dataclass(frozen=True)
class Section:
    key: str
    template: str
    anchor: str
    context: Callable[[Skp, set[PeranSkp]], dict[str, Any]]


SECTIONS: dict[str, Section] = {
    s.key: s
    for s in (
        Section("perilaku", "perencanaan/skp/_perilaku.html", "skp-perilaku", perilaku_context),
        Section("lampiran", "perencanaan/skp/_lampiran.html", "skp-lampiran", lampiran_context),
        Section("rencana-aksi", "perencanaan/skp/_rencana_aksi.html", "skp-rencana-aksi", rencana_aksi_context),
        Section("workblock", "perencanaan/skp/_workblock.html", "skp-workblock", workblock_context),
    )
}
FORM_TEMPLATE = "perencanaan/skp/_sec_form.html"
PAGE_TEMPLATE = "perencanaan/skp/_sec_page.html"


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _safe_next(request: HttpRequest) -> str:
    """The page the action was started from (`next`), when it is a page of this site: an absolute
    path ("0" or "skp" would be taken for a URL name by `redirect`)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _skp_url(skp: Skp) -> str:
    return reverse("perencanaan:skp_detail", args=[skp.pk])


def _back_url(request: HttpRequest, skp: Skp, section: Section) -> str:
    """Where a plain form post returns: `next` or the SKP page, scrolled to the section."""
    target = _safe_next(request) or _skp_url(skp)
    return target if "#" in target else f"{target}#{section.anchor}"


def _section_url(request: HttpRequest, skp: Skp, section: Section) -> str:
    url = reverse("perencanaan:skp_bagian", args=[skp.pk, section.key])
    next_url = _safe_next(request)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _render_section(
    request: HttpRequest, skp: Skp, roles: set[PeranSkp], section: Section, *, notice: str = "", error: str = ""
) -> HttpResponse:
    context = section.context(skp, roles)
    context["perilaku_next"] = _safe_next(request) or _skp_url(skp)
    context["sections_flash"] = {"section": section.key, "notice": notice, "error": error}
    # Whatever asked (an inline form, a button, a link that loads a form into a slot), the answer
    # replaces the whole section.
    response = reswap(retarget(render(request, section.template, context), f"#{section.anchor}"), "outerHTML")
    patch_vary_headers(response, ["HX-Request"])
    return response


def _finish(
    request: HttpRequest, skp: Skp, roles: set[PeranSkp], section: Section, *, notice: str = "", error: str = ""
) -> HttpResponse:
    """htmx: the section again with the outcome in it; otherwise back to the page (POST/redirect/GET)."""
    if wants_partial(request):
        return _render_section(request, skp, roles, section, notice=notice, error=error)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, notice)
    return redirect(_back_url(request, skp, section))


def _active_menu(roles: set[PeranSkp]) -> str:
    return "skp_saya" if PeranSkp.PEMILIK in roles else "skp_bawahan"


def _form_response(
    request: HttpRequest,
    *,
    skp: Skp,
    roles: set[PeranSkp],
    section: Section,
    form: SectionForm,
    action: str,
    title: str,
    submit_label: str,
    template: str = FORM_TEMPLATE,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    form_id = f"form-{form.key}"
    context: dict[str, Any] = {
        "skp": skp,
        "form": form,
        "form_id": form_id,
        "form_template": template,
        "action": action,
        "title": title,
        "submit_label": submit_label,
        "section_anchor": section.anchor,
        "section_url": _section_url(request, skp, section),
        "next_url": _safe_next(request),
        "cancel_url": _back_url(request, skp, section),
        "active_menu": _active_menu(roles),
        **(extra or {}),
    }
    if wants_partial(request):
        response = render(request, template, context)
        if request.method == "POST":
            # Bad input: the form with its errors replaces itself, not the whole section.
            response = reswap(retarget(response, f"#{form_id}"), "outerHTML")
    else:
        response = render(request, PAGE_TEMPLATE, {**context, "plain": True})
    patch_vary_headers(response, ["HX-Request"])
    return response


def _form_action(
    request: HttpRequest,
    *,
    skp: Skp,
    roles: set[PeranSkp],
    section: Section,
    blocked: str,
    form: SectionForm,
    save: Callable[[SectionForm], str],
    action: str,
    title: str,
    submit_label: str,
    template: str = FORM_TEMPLATE,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """The common GET/POST flow of a section form; `save` does the write and returns the notice."""
    if blocked:
        return _finish(request, skp, roles, section, error=blocked)
    if request.method == "POST" and form.is_valid():
        try:
            notice = save(form)
        except SkpTransitionError as exc:
            return _finish(request, skp, roles, section, error=exc.message)
        except ValidationError as exc:
            form.apply_service_error(exc)
        else:
            return _finish(request, skp, roles, section, notice=notice)
    return _form_response(
        request,
        skp=skp,
        roles=roles,
        section=section,
        form=form,
        action=action,
        title=title,
        submit_label=submit_label,
        template=template,
        extra=extra,
    )


def _delete_action(
    request: HttpRequest, *, skp: Skp, roles: set[PeranSkp], section: Section, delete: Callable[[], str]
) -> HttpResponse:
    try:
        notice = delete()
    except SkpTransitionError as exc:
        return _finish(request, skp, roles, section, error=exc.message)
    except ValidationError as exc:
        return _finish(request, skp, roles, section, error=" ".join(exc.messages))
    return _finish(request, skp, roles, section, notice=notice)


def _editable_or_message(skp: Skp) -> str:
    try:
        require_editable(skp)
    except SkpTransitionError as exc:
        return exc.message
    return ""


def _data(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _owner_skp(request: HttpRequest, skp_id: int) -> tuple[Skp, set[PeranSkp]]:
    """The SKP for a change to its plan: only its pegawai (PEMILIK); 404 for everyone else."""
    return get_skp_for_user(request.user, skp_id, write=True)


# --- Section refresh (the “Batal” of an inline form) ------------------------------------------


@login_required
@require_safe
def skp_bagian(request: HtmxHttpRequest, pk: int, bagian: str) -> HttpResponse:
    section = SECTIONS.get(bagian)
    if section is None:
        raise Http404
    skp, roles = get_skp_for_user(request.user, pk)
    if section.key == "workblock" and not skp.is_jpt:
        raise Http404
    if not wants_partial(request):
        return redirect(_back_url(request, skp, section))
    return _render_section(request, skp, roles, section)


# --- Perilaku kerja ---------------------------------------------------------------------------


def _perilaku_or_404(pk: int) -> PerilakuSkp:
    return get_object_or_404(PerilakuSkp.objects.select_related("aspek", "penilai"), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def perilaku_penilai(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Set Penilai of one aspect (the pegawai, while the SKP is editable)."""
    perilaku = _perilaku_or_404(pk)
    skp, roles = _owner_skp(request, perilaku.skp_id)
    section = SECTIONS["perilaku"]
    blocked = _editable_or_message(skp)
    rekan = list(penilai_rekan_choices(skp.pegawai)) if not blocked else []
    bawahan = list(penilai_bawahan_choices(skp.pegawai)) if not blocked else []
    initial = {
        "jenis_penilai": perilaku.jenis_penilai,
        "rekan": perilaku.penilai_id if perilaku.jenis_penilai == PenilaiPerilaku.REKAN else "",
        "bawahan": perilaku.penilai_id if perilaku.jenis_penilai == PenilaiPerilaku.BAWAHAN else "",
    }
    form = PenilaiPerilakuForm(
        _data(request),
        key=f"penilai-{perilaku.pk}",
        atasan_nama=skp.pejabat_penilai.nama_lengkap if skp.pejabat_penilai is not None else "",
        rekan=rekan,
        bawahan=bawahan,
        initial=initial,
    )

    def save(form: SectionForm) -> str:
        saved = perilaku_set_penilai(
            perilaku=perilaku,
            jenis_penilai=form.cleaned_data["jenis_penilai"],
            penilai=form.cleaned_data["penilai"],
            by=cast(User, request.user),
        )
        return _("Penilai aspek %(aspek)s: %(penilai)s.") % {
            "aspek": perilaku.aspek.nama,
            "penilai": penilai_label(skp, saved),
        }

    return _form_action(
        request,
        skp=skp,
        roles=roles,
        section=section,
        blocked=blocked,
        form=form,
        save=save,
        action=request.path,
        title=_("Set penilai: %(aspek)s") % {"aspek": perilaku.aspek.nama},
        submit_label=_("Simpan"),
        template="perencanaan/skp/_sec_penilai_form.html",
        extra={"aspek": perilaku.aspek},
    )


@login_required
@require_http_methods(["GET", "POST"])
def perilaku_ekspektasi(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Ekspektasi khusus pimpinan of one aspect (the pejabat penilai, until the SKP is set)."""
    perilaku = _perilaku_or_404(pk)
    skp, roles = get_skp_for_user(request.user, perilaku.skp_id)
    if PeranSkp.PENILAI not in roles:
        raise Http404
    section = SECTIONS["perilaku"]
    blocked = ""
    if not can_set_ekspektasi(skp, roles):
        blocked = _("SKP berstatus %(status)s: ekspektasi khusus pimpinan tidak dapat diubah lagi.") % {
            "status": StatusSkp(skp.status).label
        }
    form = EkspektasiForm(_data(request), key=f"ekspektasi-{perilaku.pk}", initial={"teks": perilaku.ekspektasi_khusus})

    def save(form: SectionForm) -> str:
        saved = perilaku_set_ekspektasi(perilaku=perilaku, teks=form.cleaned_data["teks"], by=cast(User, request.user))
        if saved.ekspektasi_khusus:
            return _("Ekspektasi khusus pimpinan untuk aspek %(aspek)s disimpan.") % {"aspek": perilaku.aspek.nama}
        return _("Ekspektasi khusus pimpinan untuk aspek %(aspek)s dikosongkan.") % {"aspek": perilaku.aspek.nama}

    return _form_action(
        request,
        skp=skp,
        roles=roles,
        section=section,
        blocked=blocked,
        form=form,
        save=save,
        action=request.path,
        title=_("Ekspektasi khusus pimpinan: %(aspek)s") % {"aspek": perilaku.aspek.nama},
        submit_label=_("Simpan"),
        extra={
            "intro_list": list(PanduanPerilaku.objects.filter(aspek=perilaku.aspek).order_by("urutan", "pk")),
            "intro": _("Panduan perilaku %(aspek)s:") % {"aspek": perilaku.aspek.nama},
        },
    )


# --- Lampiran SKP -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def lampiran_tambah(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    skp, roles = _owner_skp(request, pk)
    jenis = request.GET.get("jenis", "")
    form = LampiranForm(
        _data(request),
        key=f"lampiran-tambah-{jenis if jenis in LampiranSkp.Jenis.values else 'baru'}",
        initial={"jenis": jenis if jenis in LampiranSkp.Jenis.values else LampiranSkp.Jenis.DUKUNGAN_SUMBER_DAYA},
    )

    def save(form: SectionForm) -> str:
        lampiran_add(skp=skp, jenis=form.cleaned_data["jenis"], teks=form.cleaned_data["teks"])
        return _("Baris lampiran ditambahkan.")

    return _form_action(
        request,
        skp=skp,
        roles=roles,
        section=SECTIONS["lampiran"],
        blocked=_editable_or_message(skp),
        form=form,
        save=save,
        action=request.get_full_path(),
        title=_("Tambah baris lampiran SKP"),
        submit_label=_("Tambah"),
        extra={"intro": LAMPIRAN_PETUNJUK.get(jenis, "")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def lampiran_ubah(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    lampiran = get_object_or_404(LampiranSkp, pk=pk)
    skp, roles = _owner_skp(request, lampiran.skp_id)
    form = LampiranUbahForm(
        _data(request),
        key=f"lampiran-{lampiran.pk}",
        with_jenis=False,
        initial={"teks": lampiran.teks},
        record=lampiran,
    )

    def save(form: SectionForm) -> str:
        lampiran_update(lampiran=lampiran, teks=form.cleaned_data["teks"], versi=form.cleaned_data["versi"])
        return _("Baris lampiran disimpan.")

    return _form_action(
        request,
        skp=skp,
        roles=roles,
        section=SECTIONS["lampiran"],
        blocked=_editable_or_message(skp),
        form=form,
        save=save,
        action=request.path,
        title=_("Ubah baris lampiran: %(bagian)s") % {"bagian": lampiran.get_jenis_display()},
        submit_label=_("Simpan"),
    )


@login_required
@require_POST
def lampiran_hapus(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    lampiran = get_object_or_404(LampiranSkp, pk=pk)
    skp, roles = _owner_skp(request, lampiran.skp_id)

    def delete() -> str:
        lampiran_delete(lampiran=lampiran)
        return _("Baris lampiran dihapus.")

    return _delete_action(request, skp=skp, roles=roles, section=SECTIONS["lampiran"], delete=delete)


urlpatterns: list[URLPattern] = [
    path("skp/<int:pk>/bagian/<slug:bagian>/", skp_bagian, name="skp_bagian"),
    path("skp/perilaku/<int:pk>/penilai/", perilaku_penilai, name="perilaku_penilai"),
    path("skp/perilaku/<int:pk>/ekspektasi/", perilaku_ekspektasi, name="perilaku_ekspektasi"),
    path("skp/<int:pk>/lampiran/tambah/", lampiran_tambah, name="lampiran_add"),
    path("skp/lampiran/<int:pk>/ubah/", lampiran_ubah, name="lampiran_update"),
    path("skp/lampiran/<int:pk>/hapus/", lampiran_hapus, name="lampiran_delete"),
]
