"""Pengaturan penilaian (SPEC §3, §6.3, §6.5, §7; issue 4 items 7, 8, 10): the operator's page of
the instansi's penilaian settings.

- `pengaturan`: keberatan deadline and signature place, TPP factor per predikat, the pola
  distribusi guideline in force per capaian organisasi (national default or the instansi's own),
  and the latest recorded changes.
- `pengaturan_umum`, `pengaturan_tpp`: save one section. `pola_edit`: the rules of one capaian as
  a small table; `pola_reset`: back to the national default; `pola_detail`: one capaian's card
  (for htmx, to leave the edit form).

The settings belong to the whole instansi: only an operator of the whole instansi (or the admin)
changes them; an operator of some units sees them read-only and gets 404 on the edit routes.
With htmx each section is swapped in place (and the change log refreshed out of band); without
it, POST/redirect/GET.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.models import User
from organisasi.access import OperatorScope, require_operator
from organisasi.views.operator import operator_context, wants_partial

from ..forms_pengaturan import AturanFormSet, FaktorTppForm, PenilaianUmumForm, initial_rows
from ..models import CapaianOrganisasi, Predikat
from ..rules import PREDIKAT_ORDER
from ..services.pengaturan import (
    PolaCapaian,
    faktor_tpp_of,
    faktor_tpp_set,
    instansi_penilaian_update,
    pola_distribusi_all,
    pola_distribusi_reset,
    pola_distribusi_set,
    riwayat_pengaturan,
)

PAGE = "penilaian/pengaturan/page.html"
UMUM_PARTIAL = "penilaian/pengaturan/_umum.html"
TPP_PARTIAL = "penilaian/pengaturan/_tpp.html"
POLA_CARD_PARTIAL = "penilaian/pengaturan/_pola_card.html"
POLA_FORM_PAGE = "penilaian/pengaturan/pola_edit.html"
POLA_FORM_PARTIAL = "penilaian/pengaturan/_pola_form.html"


def _require_pengelola(request: HttpRequest) -> OperatorScope:
    """Only an operator of the whole instansi changes its settings; anyone else gets 404."""
    scope = require_operator(request)
    if not scope.whole_instansi:
        raise Http404
    return scope


def _capaian_or_404(capaian: str) -> CapaianOrganisasi:
    if capaian not in CapaianOrganisasi.values:
        raise Http404
    return CapaianOrganisasi(capaian)


def _umum_form(scope: OperatorScope) -> PenilaianUmumForm:
    instansi = scope.instansi
    return PenilaianUmumForm(
        initial={
            "batas_keberatan_hari": instansi.batas_keberatan_hari,
            "tempat_tanda_tangan": instansi.tempat_tanda_tangan,
        }
    )


def _tpp_rows(faktor: dict[str, Any]) -> list[tuple[str, Any]]:
    return [(str(Predikat(code).label), faktor.get(code)) for code in PREDIKAT_ORDER]


def _context(scope: OperatorScope, **extra: Any) -> dict[str, Any]:
    faktor = faktor_tpp_of(scope.instansi)
    pola = pola_distribusi_all(scope.instansi)
    context = operator_context(
        scope,
        can_edit=scope.whole_instansi,
        umum_form=_umum_form(scope),
        tpp_form=FaktorTppForm(initial=faktor),
        tpp_rows=_tpp_rows(faktor),
        pola_list=list(pola.values()),
        riwayat=riwayat_pengaturan(scope.instansi),
    )
    context.update(extra)
    return context


def _respond(request: HttpRequest, partial: str, context: dict[str, Any]) -> HttpResponse:
    response = render(request, partial if wants_partial(request) else PAGE, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _section_context(scope: OperatorScope, **extra: Any) -> dict[str, Any]:
    """What one section's partial needs, with the change log swapped in out of band."""
    return operator_context(
        scope, can_edit=scope.whole_instansi, riwayat=riwayat_pengaturan(scope.instansi), oob=True, **extra
    )


def _apply_errors(form: forms.Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _done(request: HttpRequest, anchor: str, notice: str) -> HttpResponse:
    messages.success(request, notice)
    return redirect(f"{reverse('penilaian:pengaturan')}#{anchor}")


# --- The page ---------------------------------------------------------------------------------


@login_required
@require_safe
def pengaturan(request: HttpRequest) -> HttpResponse:
    scope = require_operator(request)
    response = render(request, PAGE, _context(scope))
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- Keberatan deadline and signature place --------------------------------------------------


@login_required
@require_POST
def pengaturan_umum(request: HttpRequest) -> HttpResponse:
    scope = _require_pengelola(request)
    assert isinstance(request.user, User)
    form = PenilaianUmumForm(request.POST)
    if form.is_valid():
        try:
            instansi_penilaian_update(
                instansi=scope.instansi,
                batas_keberatan_hari=form.cleaned_data["batas_keberatan_hari"],
                tempat_tanda_tangan=form.cleaned_data["tempat_tanda_tangan"],
                by=request.user,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            notice = _("Batas waktu keberatan dan tempat tanda tangan disimpan.")
            if not wants_partial(request):
                return _done(request, "pengaturan-umum", notice)
            scope.instansi.refresh_from_db()
            return _respond(request, UMUM_PARTIAL, _section_context(scope, umum_form=_umum_form(scope), notice=notice))
    if wants_partial(request):
        return _respond(request, UMUM_PARTIAL, _section_context(scope, umum_form=form))
    return _respond(request, UMUM_PARTIAL, _context(scope, umum_form=form))


# --- TPP factors -------------------------------------------------------------------------------


@login_required
@require_POST
def pengaturan_tpp(request: HttpRequest) -> HttpResponse:
    scope = _require_pengelola(request)
    assert isinstance(request.user, User)
    form = FaktorTppForm(request.POST)
    if form.is_valid():
        try:
            faktor = faktor_tpp_set(instansi=scope.instansi, values=form.values(), by=request.user)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            notice = _("Faktor TPP per predikat disimpan.")
            if not wants_partial(request):
                return _done(request, "pengaturan-tpp", notice)
            context = _section_context(
                scope, tpp_form=FaktorTppForm(initial=faktor), tpp_rows=_tpp_rows(faktor), notice=notice
            )
            return _respond(request, TPP_PARTIAL, context)
    if wants_partial(request):
        faktor = faktor_tpp_of(scope.instansi)
        return _respond(request, TPP_PARTIAL, _section_context(scope, tpp_form=form, tpp_rows=_tpp_rows(faktor)))
    return _respond(request, TPP_PARTIAL, _context(scope, tpp_form=form))


# --- Pola distribusi ---------------------------------------------------------------------------


def _pola(scope: OperatorScope, capaian: CapaianOrganisasi) -> PolaCapaian:
    return pola_distribusi_all(scope.instansi)[capaian]


@login_required
@require_safe
def pola_detail(request: HttpRequest, capaian: str) -> HttpResponse:
    scope = require_operator(request)
    code = _capaian_or_404(capaian)
    if not wants_partial(request):
        return redirect(f"{reverse('penilaian:pengaturan')}#pola-{code.value}")
    context = operator_context(scope, can_edit=scope.whole_instansi, pola=_pola(scope, code))
    return _respond(request, POLA_CARD_PARTIAL, context)


def _pola_form_response(
    request: HttpRequest, scope: OperatorScope, pola: PolaCapaian, formset: Any, error: str = ""
) -> HttpResponse:
    context = operator_context(scope, can_edit=True, pola=pola, formset=formset, error=error)
    response = render(request, POLA_FORM_PARTIAL if wants_partial(request) else POLA_FORM_PAGE, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_http_methods(["GET", "POST"])
def pola_edit(request: HttpRequest, capaian: str) -> HttpResponse:
    scope = _require_pengelola(request)
    code = _capaian_or_404(capaian)
    pola = _pola(scope, code)
    if request.method != "POST":
        formset = AturanFormSet(initial=initial_rows(pola.rules), prefix="aturan")
        return _pola_form_response(request, scope, pola, formset)
    assert isinstance(request.user, User)
    formset = AturanFormSet(request.POST, prefix="aturan")
    error = ""
    if formset.is_valid():
        try:
            pola_distribusi_set(instansi=scope.instansi, capaian=code, rules=formset.rules(), by=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            notice = _("Pola distribusi untuk capaian %(capaian)s disimpan sebagai aturan instansi.") % {
                "capaian": code.label
            }
            if not wants_partial(request):
                return _done(request, f"pola-{code.value}", notice)
            context = _section_context(scope, pola=_pola(scope, code), notice=notice)
            return _respond(request, POLA_CARD_PARTIAL, context)
    return _pola_form_response(request, scope, pola, formset, error)


@login_required
@require_POST
def pola_reset(request: HttpRequest, capaian: str) -> HttpResponse:
    scope = _require_pengelola(request)
    code = _capaian_or_404(capaian)
    assert isinstance(request.user, User)
    notice = error = ""
    try:
        pola_distribusi_reset(instansi=scope.instansi, capaian=code, by=request.user)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    else:
        notice = _("Pola distribusi untuk capaian %(capaian)s kembali memakai pedoman nasional.") % {
            "capaian": code.label
        }
    if not wants_partial(request):
        if error:
            messages.error(request, error)
            return redirect(f"{reverse('penilaian:pengaturan')}#pola-{code.value}")
        return _done(request, f"pola-{code.value}", notice)
    context = _section_context(scope, pola=_pola(scope, code), notice=notice, error=error)
    return _respond(request, POLA_CARD_PARTIAL, context)


urlpatterns = [
    path("operator/pengaturan-penilaian/", pengaturan, name="pengaturan"),
    path("operator/pengaturan-penilaian/umum/", pengaturan_umum, name="pengaturan_umum"),
    path("operator/pengaturan-penilaian/tpp/", pengaturan_tpp, name="pengaturan_tpp"),
    path("operator/pengaturan-penilaian/pola/<str:capaian>/", pola_detail, name="pola_detail"),
    path("operator/pengaturan-penilaian/pola/<str:capaian>/ubah/", pola_edit, name="pola_edit"),
    path("operator/pengaturan-penilaian/pola/<str:capaian>/reset/", pola_reset, name="pola_reset"),
]
