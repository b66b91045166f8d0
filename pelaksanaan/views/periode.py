"""Periode evaluasi (SPEC §6.4; issue 4 item 1): the operator's page of the instansi's periods.

- `periode_list`: a year (years with periods, the current and the next year), its scheme, its
  periods with status and history. The year picker reloads the year with htmx and is a plain
  GET form without JavaScript.
- `periode_setup`: make the year's periods with a scheme, or re-make them with another one while
  nothing refers to them. `periode_close` / `periode_reopen` (with a reason) move one period.

The periods belong to the whole instansi: only an operator of the whole instansi (or the admin)
changes them; an operator of some units sees them read-only and gets 404 on every POST.
With htmx the year part of the page is swapped in place; without it, POST/redirect/GET.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.models import User
from organisasi.access import OperatorScope, pegawai_of, require_operator
from organisasi.models import PeriodeEvaluasi
from organisasi.views.operator import operator_context, wants_partial

from ..forms_periode import BukaKembaliPeriodeForm, PeriodeTahunForm, SkemaPeriodeForm, TutupPeriodeForm
from ..models import JenisPeriode, Periode, RiwayatPeriode
from ..services.periode import (
    TAHUN_MAX,
    TAHUN_MIN,
    Pemakaian,
    periode_close,
    periode_reopen,
    periode_usage,
    periode_year_setup,
    usage_text,
)

LIST_TEMPLATE = "pelaksanaan/periode/list.html"
PARTIAL = "pelaksanaan/periode/_tahun.html"
MAX_PK = 2**63 - 1


def _require_pengelola(request: HttpRequest) -> OperatorScope:
    """Only an operator of the whole instansi changes its periods; anyone else gets 404."""
    scope = require_operator(request)
    if not scope.whole_instansi:
        raise Http404
    return scope


def _periode_or_404(scope: OperatorScope, pk: int) -> Periode:
    if not 1 <= pk <= MAX_PK:
        raise Http404
    try:
        return Periode.objects.get(pk=pk, instansi=scope.instansi)
    except Periode.DoesNotExist:
        raise Http404 from None


def _years(scope: OperatorScope, this_year: int) -> list[int]:
    made = Periode.objects.filter(instansi=scope.instansi).order_by().values_list("tahun", flat=True).distinct()
    return sorted({*made, this_year, this_year + 1}, reverse=True)


def _nama_user(user: User | None) -> str:
    if user is None:
        return _("Sistem")
    pegawai = pegawai_of(user)
    if pegawai is not None:
        return pegawai.nama_lengkap
    return user.get_full_name() or user.get_username()


@dataclass
class BarisPeriode:
    periode: Periode
    riwayat: list[RiwayatPeriode]
    tutup_form: forms.Form
    buka_form: forms.Form
    sedang_berjalan: bool = False
    lewat_terbuka: bool = False  # ended but still open: realisasi can still be changed
    oleh: list[str] = field(default_factory=list)

    @property
    def riwayat_baris(self) -> list[tuple[RiwayatPeriode, str]]:
        return list(zip(self.riwayat, self.oleh, strict=True))


def _form_prefix(periode: Periode) -> str:
    return f"periode-{periode.pk}"


def _context(
    request: HttpRequest,
    scope: OperatorScope,
    tahun: int,
    *,
    skema_form: SkemaPeriodeForm | None = None,
    bound: forms.Form | None = None,
    bound_pk: int | None = None,
    notice: str = "",
    error: str = "",
) -> dict[str, Any]:
    today = timezone.localdate()
    riwayat_qs = RiwayatPeriode.objects.select_related("oleh__pegawai").order_by("pada", "pk")
    periods = sorted(
        Periode.objects.filter(instansi=scope.instansi, tahun=tahun).prefetch_related(
            Prefetch("riwayat", queryset=riwayat_qs)
        ),
        key=lambda p: (p.jenis == JenisPeriode.TAHUNAN, p.nomor),
    )
    rows = []
    for p in periods:
        riwayat = list(p.riwayat.all())
        prefix = _form_prefix(p)
        rows.append(
            BarisPeriode(
                periode=p,
                riwayat=riwayat,
                oleh=[_nama_user(r.oleh) for r in riwayat],
                tutup_form=bound
                if bound is not None and bound_pk == p.pk and p.terbuka
                else TutupPeriodeForm(prefix=prefix),
                buka_form=bound
                if bound is not None and bound_pk == p.pk and not p.terbuka
                else BukaKembaliPeriodeForm(prefix=prefix),
                sedang_berjalan=not p.is_tahunan and p.mulai <= today <= p.selesai,
                lewat_terbuka=p.terbuka and p.selesai < today,
            )
        )
    periodic = [p for p in periods if not p.is_tahunan]
    usage: list[Pemakaian] = periode_usage(periodic)
    skema = periodic[0].skema if periodic else ""
    if skema_form is None:
        skema_form = SkemaPeriodeForm(initial={"tahun": tahun, "skema": skema or scope.instansi.periode_evaluasi})
    return operator_context(
        scope,
        tahun=tahun,
        rows=rows,
        skema=skema,
        skema_label=PeriodeEvaluasi(skema).label if skema in PeriodeEvaluasi.values else skema,
        jumlah_periodik=len(periodic),
        usage=usage,
        usage_text=usage_text(usage),
        skema_form=skema_form,
        can_edit=scope.whole_instansi,
        setelan_instansi=PeriodeEvaluasi(scope.instansi.periode_evaluasi).label
        if scope.instansi.periode_evaluasi in PeriodeEvaluasi.values
        else scope.instansi.periode_evaluasi,
        notice=notice,
        error=error,
    )


def _render(
    request: HttpRequest, scope: OperatorScope, tahun: int, *, years: list[int] | None = None, **kwargs: Any
) -> HttpResponse:
    context = _context(request, scope, tahun, **kwargs)
    if not wants_partial(request):
        if years is None:
            years = _years(scope, timezone.localdate().year)
        years = sorted({*years, tahun}, reverse=True)
        year_form = PeriodeTahunForm(initial={"tahun": tahun}, years=years)
        year_form.make_live(url=reverse("pelaksanaan:periode_list"), target="#periode-tahun")
        context["year_form"] = year_form
    response = render(request, PARTIAL if wants_partial(request) else LIST_TEMPLATE, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _after(
    request: HttpRequest, scope: OperatorScope, tahun: int, *, notice: str = "", error: str = ""
) -> HttpResponse:
    """htmx: the year's part of the page with the outcome; otherwise POST/redirect/GET."""
    if wants_partial(request):
        return _render(request, scope, tahun, notice=notice, error=error)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, notice)
    return redirect(f"{reverse('pelaksanaan:periode_list')}?tahun={tahun}")


def _messages_of(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@login_required
@require_safe
def periode_list(request: HttpRequest) -> HttpResponse:
    scope = require_operator(request)
    this_year = timezone.localdate().year
    years = _years(scope, this_year)
    form = PeriodeTahunForm(request.GET or None, years=years)
    tahun = form.cleaned_data["tahun"] if form.is_bound and form.is_valid() else this_year
    return _render(request, scope, tahun, years=years)


@login_required
@require_POST
def periode_setup(request: HttpRequest) -> HttpResponse:
    scope = _require_pengelola(request)
    assert isinstance(request.user, User)
    form = SkemaPeriodeForm(request.POST)
    if not form.is_valid():
        tahun_raw = request.POST.get("tahun", "")
        valid = tahun_raw.isdigit() and TAHUN_MIN <= int(tahun_raw) <= TAHUN_MAX
        tahun = int(tahun_raw) if valid else timezone.localdate().year
        return _render(request, scope, tahun, skema_form=form)
    tahun, skema = form.cleaned_data["tahun"], form.cleaned_data["skema"]
    before = {
        p.skema for p in Periode.objects.filter(instansi=scope.instansi, tahun=tahun, jenis=JenisPeriode.PERIODIK)
    }
    try:
        periods = periode_year_setup(instansi=scope.instansi, tahun=tahun, skema=skema, by=request.user)
    except ValidationError as exc:
        return _after(request, scope, tahun, error=_messages_of(exc))
    label = PeriodeEvaluasi(skema).label
    jumlah = sum(1 for p in periods if not p.is_tahunan)
    if before == {skema}:
        notice = _("Periode tahun %(tahun)s sudah memakai skema %(skema)s; tidak ada yang berubah.") % {
            "tahun": tahun,
            "skema": label,
        }
    elif before:
        notice = _("Skema periode tahun %(tahun)s diganti menjadi %(skema)s: %(n)s periode dan evaluasi tahunan.") % {
            "tahun": tahun,
            "skema": label,
            "n": jumlah,
        }
    else:
        notice = _("Periode tahun %(tahun)s dibuat dengan skema %(skema)s: %(n)s periode dan evaluasi tahunan.") % {
            "tahun": tahun,
            "skema": label,
            "n": jumlah,
        }
    return _after(request, scope, tahun, notice=notice)


@login_required
@require_POST
def periode_tutup(request: HttpRequest, pk: int) -> HttpResponse:
    scope = _require_pengelola(request)
    periode = _periode_or_404(scope, pk)
    assert isinstance(request.user, User)
    form = TutupPeriodeForm(request.POST, prefix=_form_prefix(periode))
    if not form.is_valid():
        return _render(request, scope, periode.tahun, bound=form, bound_pk=periode.pk)
    try:
        periode_close(periode=periode, by=request.user, alasan=form.cleaned_data["alasan"])
    except ValidationError as exc:
        return _after(request, scope, periode.tahun, error=_messages_of(exc))
    notice = _("Periode %(periode)s ditutup. Realisasi periode ini tidak dapat diubah lagi kecuali dibuka kembali.") % {
        "periode": periode
    }
    return _after(request, scope, periode.tahun, notice=notice)


@login_required
@require_POST
def periode_buka(request: HttpRequest, pk: int) -> HttpResponse:
    scope = _require_pengelola(request)
    periode = _periode_or_404(scope, pk)
    assert isinstance(request.user, User)
    form = BukaKembaliPeriodeForm(request.POST, prefix=_form_prefix(periode))
    if not form.is_valid():
        if not periode.terbuka:
            return _render(request, scope, periode.tahun, bound=form, bound_pk=periode.pk)
        error = _("Periode %(periode)s masih terbuka; tidak ada yang perlu dibuka kembali.") % {"periode": periode}
        return _after(request, scope, periode.tahun, error=error)
    try:
        periode_reopen(periode=periode, by=request.user, alasan=form.cleaned_data["alasan"])
    except ValidationError as exc:
        return _after(request, scope, periode.tahun, error=_messages_of(exc))
    notice = _("Periode %(periode)s dibuka kembali; alasannya tercatat dalam riwayat periode.") % {"periode": periode}
    return _after(request, scope, periode.tahun, notice=notice)


urlpatterns = [
    path("operator/periode/", periode_list, name="periode_list"),
    path("operator/periode/atur/", periode_setup, name="periode_setup"),
    path("operator/periode/<int:pk>/tutup/", periode_tutup, name="periode_tutup"),
    path("operator/periode/<int:pk>/buka/", periode_buka, name="periode_buka"),
]
