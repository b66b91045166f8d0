"""Perjanjian Kinerja screens (SPEC §4.1, seed 003 "PERJANJIAN KINERJA").

Two pages. The list of years (`pk_list`) and one year's table of sasaran strategis with their
indikator and targets (`pk_detail`). What the Toolkit does in a modal happens here in an editor
panel at the top of the page: with htmx the panel (and the table under it) is swapped in place;
without JavaScript every button is a link or a form post that lands on the same page with the same
panel open, so both ways show the same thing. Deleting is always a POST, asks for confirmation
first (a second POST with `konfirmasi`), and is refused with the reason when an SKP copied it.

The search and page of the table travel in the query string of every link and form, so after any
action the user is back on the same page of the same search.

Who may do what: the head of the unit (`UnitKerja.kepala`), an operator covering it and the admin
change a unit's Perjanjian Kinerja. Everyone else of the instansi reads those of their own unit and
the units above it; a unit head also reads those of the units below theirs (they are the second
party of those agreements). Anything else is a 404.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import replace_url

from accounts.models import User
from organisasi.access import SESSION_INSTANSI_KEY, OperatorScope, operator_scopes, pegawai_of
from organisasi.models import UnitKerja
from organisasi.views.operator import paginate, wants_partial

from ..access import can_manage_unit_plans, get_pk_for_user
from ..forms_pk import (
    IndikatorForm,
    IndikatorUbahForm,
    PkCreateForm,
    PkSearchForm,
    PkTahunForm,
    SasaranForm,
    SasaranSearchForm,
    SasaranUbahForm,
    autofocus,
    target_text,
)
from ..models import Iki, IndikatorKinerja, PerjanjianKinerja, SasaranStrategis
from ..services import pk as services

PAGE_SIZE = 10  # "Show 10 entries", as in the Toolkit
ACTIVE_MENU = "perjanjian_kinerja"
LIST_PARAMS = ("q", "unit", "page")
DETAIL_PARAMS = ("q", "page")


# --- Who sees which unit's Perjanjian Kinerja ---------------------------------------------------


@dataclass(frozen=True)
class PkAudience:
    """Units whose Perjanjian Kinerja the user may change, and those they may only read."""

    managed: frozenset[int]
    readable: frozenset[int]  # includes `managed`


def _chosen_scope(request: HttpRequest) -> OperatorScope | None:
    """The operator scope in use (the instansi chosen in the operator area), if the user is one."""
    scopes = operator_scopes(request.user)
    if not scopes:
        return None
    chosen = request.session.get(SESSION_INSTANSI_KEY)
    return next((s for s in scopes if s.instansi.pk == chosen), scopes[0])


def _unit_tree(instansi_id: int) -> dict[int, int | None]:
    """unit id → parent id for a whole instansi, in one query."""
    return dict(UnitKerja.objects.filter(instansi_id=instansi_id).order_by().values_list("pk", "induk_id"))


def _below(parents: dict[int, int | None], roots: set[int]) -> set[int]:
    children: dict[int | None, list[int]] = {}
    for pk, induk_id in parents.items():
        children.setdefault(induk_id, []).append(pk)
    result: set[int] = set()
    stack = list(roots)
    while stack:
        node = stack.pop()
        if node not in result:
            result.add(node)
            stack.extend(children.get(node, []))
    return result


def _above(parents: dict[int, int | None], unit_id: int | None) -> set[int]:
    """The unit and every unit above it (a broken, looping tree stops where it repeats)."""
    result: set[int] = set()
    node = unit_id
    while node is not None and node not in result and node in parents:
        result.add(node)
        node = parents[node]
    return result


def pk_audience(request: HttpRequest) -> PkAudience:
    managed: set[int] = set()
    readable: set[int] = set()
    scope = _chosen_scope(request)
    if scope is not None:
        if scope.unit_ids is None:
            managed |= set(UnitKerja.objects.filter(instansi=scope.instansi).order_by().values_list("pk", flat=True))
        else:
            managed |= scope.unit_ids
    pegawai = pegawai_of(request.user)
    if pegawai is not None:
        headed = set(UnitKerja.objects.filter(kepala=pegawai).order_by().values_list("pk", flat=True))
        managed |= headed
        parents = _unit_tree(pegawai.instansi_id)
        readable |= _below(parents, headed & parents.keys())
        readable |= _above(parents, pegawai.unit_kerja_id)
    return PkAudience(managed=frozenset(managed), readable=frozenset(readable | managed))


def _pk_for_reader(request: HttpRequest, pk: int) -> tuple[PerjanjianKinerja, bool]:
    """The agreement and whether the user may change it; 404 for whoever may not read it."""
    perjanjian = get_pk_for_user(request.user, pk)
    if can_manage_unit_plans(request.user, perjanjian.unit_kerja):
        return perjanjian, True
    if perjanjian.unit_kerja_id not in pk_audience(request).readable:
        raise Http404
    return perjanjian, False


def _sasaran_for_writer(request: HttpRequest, pk: int) -> SasaranStrategis:
    sasaran = SasaranStrategis.objects.filter(pk=pk).first()
    if sasaran is None:
        raise Http404
    sasaran.perjanjian = get_pk_for_user(request.user, sasaran.perjanjian_id, write=True)
    return sasaran


def _indikator_for_writer(request: HttpRequest, pk: int) -> IndikatorKinerja:
    indikator = IndikatorKinerja.objects.select_related("sasaran", "satuan").filter(pk=pk).first()
    if indikator is None:
        raise Http404
    indikator.sasaran.perjanjian = get_pk_for_user(request.user, indikator.sasaran.perjanjian_id, write=True)
    return indikator


# --- Small helpers --------------------------------------------------------------------------


def _query(request: HttpRequest, keys: tuple[str, ...]) -> str:
    """The table's state (search, filter, page) to carry through links, forms and redirects."""
    return urlencode([(k, request.GET[k]) for k in keys if request.GET.get(k, "").strip()])


def _with_query(url: str, query: str) -> str:
    return f"{url}?{query}" if query else url


def _render(
    request: HttpRequest, full: str, parts: dict[str, str], context: dict[str, Any], *, state_url: str = ""
) -> HttpResponse:
    """The whole page, or for htmx the part it targets (`parts`: element id → template).

    `state_url`: where the browser should stand after an htmx action (the address a reload or a
    plain-form post would show).
    """
    template = full
    if wants_partial(request):
        target = request.htmx.target or ""  # type: ignore[attr-defined]
        template = parts.get(target, full)
        context["partial"] = True
    response = render(request, template, {"active_menu": ACTIVE_MENU, **context})
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    if state_url and wants_partial(request):
        replace_url(response, state_url)
    return response


def _user(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


def _konfirmasi(request: HttpRequest) -> bool:
    return request.POST.get("konfirmasi") == "1"


# --- The list of years ----------------------------------------------------------------------

LIST_PARTS = {"pk-panel": "perencanaan/pk/_list_panel.html", "pk-results": "perencanaan/pk/_list_rows.html"}


def _list_context(request: HttpRequest, audience: PkAudience, **extra: Any) -> dict[str, Any]:
    filter_units = None
    if len(audience.readable) > 1:
        filter_units = UnitKerja.objects.filter(pk__in=audience.readable).order_by("kode", "pk")
    params = request.GET.copy()
    params.pop("page", None)
    form = PkSearchForm(params or None, units=filter_units)
    form.make_live(url=reverse("perencanaan:pk_list"), target="#pk-results")
    qs = PerjanjianKinerja.objects.filter(unit_kerja_id__in=audience.readable)
    if form.is_bound:
        form.is_valid()  # a bad filter value is dropped; the others still apply
        q = (form.cleaned_data.get("q") or "").strip()
        if q:
            match = Q(unit_kerja__nama__icontains=q) | Q(unit_kerja__kode__icontains=q)
            if q.isascii() and q.isdigit() and len(q) <= 4:
                # Years starting with what was typed: "202" finds 2020–2029.
                scale = 10 ** (4 - len(q))
                match |= Q(tahun__gte=int(q) * scale, tahun__lt=(int(q) + 1) * scale)
            qs = qs.filter(match)
        unit: UnitKerja | None = form.cleaned_data.get("unit")
        if unit is not None:
            qs = qs.filter(unit_kerja_id__in=_below(_unit_tree(unit.instansi_id), {unit.pk}))
    qs = (
        qs.select_related("unit_kerja")
        .annotate(
            jumlah_sasaran=Count("sasaran", distinct=True),
            jumlah_indikator=Count("sasaran__indikator", distinct=True),
        )
        .order_by("-tahun", "unit_kerja__kode", "pk")
    )
    query = _query(request, LIST_PARAMS)
    return {
        "form": form,
        "page_obj": paginate(request, qs, PAGE_SIZE),
        "query_string": _query(request, ("q", "unit")),
        "state_query": query,
        "managed": audience.managed,
        "can_add": bool(audience.managed),
        "list_url": _with_query(reverse("perencanaan:pk_list"), query),
        "create_url": _with_query(reverse("perencanaan:pk_create"), query),
        "editor": None,
        **extra,
    }


def _list_done(request: HttpRequest, audience: PkAudience) -> HttpResponse:
    """After a change on the list: htmx gets the refreshed panel, a plain post a redirect."""
    list_url = _with_query(reverse("perencanaan:pk_list"), _query(request, LIST_PARAMS))
    if not wants_partial(request):
        return redirect(list_url)
    context = _list_context(request, audience)
    return _render(request, "perencanaan/pk/list.html", LIST_PARTS, context, state_url=list_url)


@login_required
@require_safe
def pk_list(request: HttpRequest) -> HttpResponse:
    audience = pk_audience(request)
    return _render(request, "perencanaan/pk/list.html", LIST_PARTS, _list_context(request, audience))


@login_required
@require_http_methods(["GET", "POST"])
def pk_create(request: HttpRequest) -> HttpResponse:
    audience = pk_audience(request)
    if not audience.managed:
        raise Http404
    units = UnitKerja.objects.filter(pk__in=audience.managed).order_by("kode", "pk")
    only_unit = units.first() if len(audience.managed) == 1 else None
    form = PkCreateForm(
        request.POST or None, units=units, only_unit=only_unit, initial={"tahun": timezone.localdate().year}
    )
    autofocus(form, "tahun" if only_unit is not None else "unit_kerja")
    if request.method == "POST" and form.is_valid():
        unit = form.chosen_unit()
        if not can_manage_unit_plans(request.user, unit):
            raise Http404
        try:
            perjanjian = services.pk_create(unit_kerja=unit, tahun=form.cleaned_data["tahun"], by=_user(request))
        except ValidationError as exc:
            form.apply_service_error(exc)
        else:
            messages.success(
                request,
                _("Perjanjian Kinerja %(unit)s tahun %(tahun)d ditambahkan. Buka untuk mengisi sasaran strategisnya.")
                % {"unit": unit.nama, "tahun": perjanjian.tahun},
            )
            return _list_done(request, audience)
    action = _with_query(reverse("perencanaan:pk_create"), _query(request, LIST_PARAMS))
    context = _list_context(request, audience, editor="pk_form", editor_form=form, form_action=action)
    return _render(request, "perencanaan/pk/list.html", LIST_PARTS, context)


@login_required
@require_http_methods(["GET", "POST"])
def pk_update(request: HttpRequest, pk: int) -> HttpResponse:
    perjanjian = get_pk_for_user(request.user, pk, write=True)
    audience = pk_audience(request)
    form = PkTahunForm(request.POST or None, perjanjian=perjanjian)
    autofocus(form, "tahun")
    if request.method == "POST" and form.is_valid():
        try:
            perjanjian = services.pk_update(
                perjanjian=perjanjian, tahun=form.cleaned_data["tahun"], versi=form.cleaned_data["versi"]
            )
        except ValidationError as exc:
            form.apply_service_error(exc)
        else:
            messages.success(
                request,
                _("Tahun Perjanjian Kinerja %(unit)s disimpan: %(tahun)d.")
                % {"unit": perjanjian.unit_kerja.nama, "tahun": perjanjian.tahun},
            )
            return _list_done(request, audience)
    action = _with_query(reverse("perencanaan:pk_update", args=[perjanjian.pk]), _query(request, LIST_PARAMS))
    context = _list_context(
        request, audience, editor="pk_form", editor_form=form, form_action=action, perjanjian=perjanjian
    )
    return _render(request, "perencanaan/pk/list.html", LIST_PARTS, context)


@login_required
@require_POST
def pk_delete(request: HttpRequest, pk: int) -> HttpResponse:
    perjanjian = get_pk_for_user(request.user, pk, write=True)
    audience = pk_audience(request)
    if _konfirmasi(request):
        label = _("Perjanjian Kinerja %(unit)s tahun %(tahun)d") % {
            "unit": perjanjian.unit_kerja.nama,
            "tahun": perjanjian.tahun,
        }
        try:
            services.pk_delete(perjanjian=perjanjian)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(nama)s dihapus.") % {"nama": label})
        return _list_done(request, audience)
    counts = perjanjian.sasaran.aggregate(sasaran=Count("pk", distinct=True), indikator=Count("indikator"))
    query = _query(request, LIST_PARAMS)
    confirm = {
        "judul": _("Hapus Perjanjian Kinerja tahun %(tahun)d?") % {"tahun": perjanjian.tahun},
        "teks": perjanjian.unit_kerja.nama,
        "rincian": _ikut_terhapus(counts["sasaran"], counts["indikator"]),
        "masalah": services.pk_delete_problem(perjanjian),
        "action": _with_query(reverse("perencanaan:pk_delete", args=[perjanjian.pk]), query),
        "batal_url": _with_query(reverse("perencanaan:pk_list"), query),
        "target": "#pk-panel",
    }
    context = _list_context(request, audience, editor="confirm", confirm=confirm)
    return _render(request, "perencanaan/pk/list.html", LIST_PARTS, context)


def _ikut_terhapus(sasaran: int, indikator: int) -> str:
    if not sasaran:
        return _("Perjanjian Kinerja ini belum berisi sasaran strategis.")
    return _("Ikut terhapus: %(sasaran)d sasaran strategis dan %(indikator)d indikator.") % {
        "sasaran": sasaran,
        "indikator": indikator,
    }


# --- One year: sasaran strategis and their indikator ----------------------------------------

DETAIL_PARTS = {
    "pk-detail": "perencanaan/pk/_detail_panel.html",
    "sasaran-results": "perencanaan/pk/_sasaran_rows.html",
}


def _show_targets(indikator: Sequence[IndikatorKinerja]) -> None:
    for item in indikator:
        item.target_tampil = target_text(item.target)  # type: ignore[attr-defined]


def _detail_context(
    request: HttpRequest, perjanjian: PerjanjianKinerja, *, can_write: bool, **extra: Any
) -> dict[str, Any]:
    params = request.GET.copy()
    params.pop("page", None)
    form = SasaranSearchForm(params or None)
    detail_url = reverse("perencanaan:pk_detail", args=[perjanjian.pk])
    form.make_live(url=detail_url, target="#sasaran-results")
    qs = perjanjian.sasaran.all()
    if form.is_bound:
        form.is_valid()
        q = (form.cleaned_data.get("q") or "").strip()
        if q:
            qs = qs.filter(
                Q(teks__icontains=q)
                | Exists(IndikatorKinerja.objects.filter(sasaran=OuterRef("pk"), teks__icontains=q))
            )
    qs = qs.prefetch_related(
        Prefetch("indikator", queryset=IndikatorKinerja.objects.select_related("satuan").order_by("urutan", "pk"))
    ).order_by("urutan", "pk")
    page_obj = paginate(request, qs, PAGE_SIZE)
    for sasaran in page_obj.object_list:
        _show_targets(list(sasaran.indikator.all()))
    query = _query(request, DETAIL_PARAMS)
    return {
        "perjanjian": perjanjian,
        "unit": perjanjian.unit_kerja,
        "can_write": can_write,
        "form": form,
        "page_obj": page_obj,
        "query_string": _query(request, ("q",)),
        "state_query": query,
        "detail_url": _with_query(detail_url, query),
        "list_url": reverse("perencanaan:pk_list"),
        "sasaran_create_url": _with_query(reverse("perencanaan:pk_sasaran_create", args=[perjanjian.pk]), query),
        "editor": None,
        **extra,
    }


def _render_detail(request: HttpRequest, context: dict[str, Any], *, state_url: str = "") -> HttpResponse:
    return _render(request, "perencanaan/pk/detail.html", DETAIL_PARTS, context, state_url=state_url)


def _detail_done(
    request: HttpRequest, perjanjian: PerjanjianKinerja, *, open_sasaran: SasaranStrategis | None = None
) -> HttpResponse:
    """After a change: back to the table, or to the sasaran's editor when `open_sasaran` is given.

    htmx gets the refreshed page body (and the address it stands for), a plain post a redirect."""
    state_url = _detail_url(request, perjanjian) if open_sasaran is None else _sasaran_url(request, open_sasaran)
    if not wants_partial(request):
        return redirect(state_url)
    editor = _sasaran_editor(request, open_sasaran) if open_sasaran is not None else {}
    context = _detail_context(request, perjanjian, can_write=True, **editor)
    return _render_detail(request, context, state_url=state_url)


def _sasaran_editor(
    request: HttpRequest,
    sasaran: SasaranStrategis,
    *,
    sasaran_form: SasaranUbahForm | None = None,
    indikator_form: IndikatorForm | IndikatorUbahForm | None = None,
    editing: IndikatorKinerja | None = None,
    confirm: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The "Ubah Sasaran" panel: the sasaran's text, the indikator form and its indikator table."""
    query = _query(request, DETAIL_PARAMS)
    indikator = list(
        sasaran.indikator.select_related("satuan")
        .annotate(disalin=Exists(Iki.objects.filter(indikator_pk=OuterRef("pk"))))
        .order_by("urutan", "pk")
    )
    _show_targets(indikator)
    if indikator_form is None:
        indikator_form = IndikatorForm()
    if sasaran_form is None:
        sasaran_form = SasaranUbahForm(sasaran=sasaran)
    if confirm is None:
        # Editing a sasaran is mostly adding its indikator (seed 003): the cursor waits there,
        # unless the sasaran's own text needs fixing (the first autofocus on the page wins).
        if sasaran_form.errors:
            autofocus(sasaran_form, "teks")
        autofocus(indikator_form, "teks")
    if editing is not None:
        indikator_action = reverse("perencanaan:pk_indikator_edit", args=[editing.pk])
    else:
        indikator_action = reverse("perencanaan:pk_indikator_create", args=[sasaran.pk])
    return {
        "editor": "sasaran_edit",
        "sasaran": sasaran,
        "sasaran_form": sasaran_form,
        "sasaran_action": _with_query(reverse("perencanaan:pk_sasaran_edit", args=[sasaran.pk]), query),
        "indikator_form": indikator_form,
        "indikator_action": _with_query(indikator_action, query),
        "indikator_list": indikator,
        "editing": editing,
        "confirm": confirm,
    }


def _sasaran_url(request: HttpRequest, sasaran: SasaranStrategis) -> str:
    return _with_query(reverse("perencanaan:pk_sasaran_edit", args=[sasaran.pk]), _query(request, DETAIL_PARAMS))


def _detail_url(request: HttpRequest, perjanjian: PerjanjianKinerja) -> str:
    return _with_query(reverse("perencanaan:pk_detail", args=[perjanjian.pk]), _query(request, DETAIL_PARAMS))


@login_required
@require_safe
def pk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    perjanjian, can_write = _pk_for_reader(request, pk)
    return _render_detail(request, _detail_context(request, perjanjian, can_write=can_write))


@login_required
@require_http_methods(["GET", "POST"])
def pk_sasaran_create(request: HttpRequest, pk: int) -> HttpResponse:
    perjanjian = get_pk_for_user(request.user, pk, write=True)
    form = SasaranForm(request.POST or None)
    autofocus(form, "teks")
    if request.method == "POST" and form.is_valid():
        try:
            sasaran = services.sasaran_create(perjanjian=perjanjian, teks=form.cleaned_data["teks"])
        except ValidationError as exc:
            form.apply_service_error(exc)
        else:
            messages.success(request, _("Sasaran strategis ditambahkan. Tambahkan indikator dan targetnya di bawah."))
            return _detail_done(request, perjanjian, open_sasaran=sasaran)
    action = _with_query(reverse("perencanaan:pk_sasaran_create", args=[perjanjian.pk]), _query(request, DETAIL_PARAMS))
    context = _detail_context(
        request, perjanjian, can_write=True, editor="sasaran_create", editor_form=form, form_action=action
    )
    return _render_detail(request, context)


@login_required
@require_http_methods(["GET", "POST"])
def pk_sasaran_edit(request: HttpRequest, pk: int) -> HttpResponse:
    sasaran = _sasaran_for_writer(request, pk)
    perjanjian = sasaran.perjanjian
    form = SasaranUbahForm(request.POST or None, sasaran=sasaran)
    if request.method == "POST" and form.is_valid():
        try:
            sasaran = services.sasaran_update(
                sasaran=sasaran, teks=form.cleaned_data["teks"], versi=form.cleaned_data["versi"]
            )
        except ValidationError as exc:
            form.apply_service_error(exc)
        else:
            messages.success(request, _("Sasaran strategis disimpan."))
            return _detail_done(request, perjanjian, open_sasaran=sasaran)
    context = _detail_context(
        request, perjanjian, can_write=True, **_sasaran_editor(request, sasaran, sasaran_form=form)
    )
    return _render_detail(request, context)


@login_required
@require_POST
def pk_sasaran_delete(request: HttpRequest, pk: int) -> HttpResponse:
    sasaran = _sasaran_for_writer(request, pk)
    perjanjian = sasaran.perjanjian
    if _konfirmasi(request):
        try:
            services.sasaran_delete(sasaran=sasaran)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Sasaran strategis dihapus."))
        return _detail_done(request, perjanjian)
    jumlah = sasaran.indikator.count()
    query = _query(request, DETAIL_PARAMS)
    confirm = {
        "judul": _("Hapus sasaran strategis ini?"),
        "teks": sasaran.teks,
        "rincian": ngettext("%(n)d indikatornya ikut terhapus.", "%(n)d indikatornya ikut terhapus.", jumlah)
        % {"n": jumlah}
        if jumlah
        else "",
        "masalah": services.sasaran_delete_problem(sasaran),
        "action": _with_query(reverse("perencanaan:pk_sasaran_delete", args=[sasaran.pk]), query),
        "batal_url": _with_query(reverse("perencanaan:pk_detail", args=[perjanjian.pk]), query),
        "target": "#pk-detail",
    }
    context = _detail_context(request, perjanjian, can_write=True, editor="confirm", confirm=confirm)
    return _render_detail(request, context)


@login_required
@require_http_methods(["GET", "POST"])
def pk_indikator_create(request: HttpRequest, pk: int) -> HttpResponse:
    sasaran = _sasaran_for_writer(request, pk)
    perjanjian = sasaran.perjanjian
    if request.method == "GET":
        return redirect(_sasaran_url(request, sasaran))
    form = IndikatorForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.indikator_create(sasaran=sasaran, teks=data["teks"], target=data["target"], satuan=data["satuan"])
        except ValidationError as exc:
            form.apply_service_error(exc)
        else:
            messages.success(request, _("Indikator ditambahkan."))
            return _detail_done(request, perjanjian, open_sasaran=sasaran)
    context = _detail_context(
        request, perjanjian, can_write=True, **_sasaran_editor(request, sasaran, indikator_form=form)
    )
    return _render_detail(request, context)


@login_required
@require_http_methods(["GET", "POST"])
def pk_indikator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indikator = _indikator_for_writer(request, pk)
    sasaran = indikator.sasaran
    perjanjian = sasaran.perjanjian
    form = IndikatorUbahForm(request.POST or None, indikator=indikator)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.indikator_update(
                indikator=indikator,
                teks=data["teks"],
                target=data["target"],
                satuan=data["satuan"],
                versi=data["versi"],
            )
        except ValidationError as exc:
            form.apply_service_error(exc)
        else:
            messages.success(request, _("Indikator disimpan."))
            return _detail_done(request, perjanjian, open_sasaran=sasaran)
    context = _detail_context(
        request, perjanjian, can_write=True, **_sasaran_editor(request, sasaran, indikator_form=form, editing=indikator)
    )
    return _render_detail(request, context)


@login_required
@require_POST
def pk_indikator_delete(request: HttpRequest, pk: int) -> HttpResponse:
    indikator = _indikator_for_writer(request, pk)
    sasaran = indikator.sasaran
    perjanjian = sasaran.perjanjian
    if _konfirmasi(request):
        try:
            services.indikator_delete(indikator=indikator)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Indikator dihapus."))
        return _detail_done(request, perjanjian, open_sasaran=sasaran)
    query = _query(request, DETAIL_PARAMS)
    confirm = {
        "judul": _("Hapus indikator ini?"),
        "teks": indikator.teks,
        "rincian": "",
        "masalah": services.indikator_delete_problem(indikator),
        "action": _with_query(reverse("perencanaan:pk_indikator_delete", args=[indikator.pk]), query),
        "batal_url": _sasaran_url(request, sasaran),
        "target": "#pk-detail",
    }
    context = _detail_context(request, perjanjian, can_write=True, **_sasaran_editor(request, sasaran, confirm=confirm))
    return _render_detail(request, context)


urlpatterns = [
    path("perjanjian-kinerja/", pk_list, name="pk_list"),
    path("perjanjian-kinerja/tambah/", pk_create, name="pk_create"),
    path("perjanjian-kinerja/<int:pk>/", pk_detail, name="pk_detail"),
    path("perjanjian-kinerja/<int:pk>/ubah/", pk_update, name="pk_update"),
    path("perjanjian-kinerja/<int:pk>/hapus/", pk_delete, name="pk_delete"),
    path("perjanjian-kinerja/<int:pk>/sasaran/tambah/", pk_sasaran_create, name="pk_sasaran_create"),
    path("perjanjian-kinerja/sasaran/<int:pk>/ubah/", pk_sasaran_edit, name="pk_sasaran_edit"),
    path("perjanjian-kinerja/sasaran/<int:pk>/hapus/", pk_sasaran_delete, name="pk_sasaran_delete"),
    path("perjanjian-kinerja/sasaran/<int:pk>/indikator/tambah/", pk_indikator_create, name="pk_indikator_create"),
    path("perjanjian-kinerja/indikator/<int:pk>/ubah/", pk_indikator_edit, name="pk_indikator_edit"),
    path("perjanjian-kinerja/indikator/<int:pk>/hapus/", pk_indikator_delete, name="pk_indikator_delete"),
]
