"""Evaluasi kinerja (SPEC §6; seed 003 "SKP Bawahan" → Realisasi): one SKP in one period.

- `evaluasi` (GET, `?periode=<pk>`): the pejabat penilai sees the unit's capaian kinerja organisasi,
  the pola distribusi chart with deviation warnings (never blocking), the read-only performance
  sheet and the form (rating hasil kerja and perilaku kerja with the guidance of SPEC §6.2, the
  predikat computed live, catatan/rekomendasi, "Simpan draf" and "Berikan kepada pegawai"). The
  pegawai sees only given evaluations (every version after a keberatan), marks them received
  and may file a keberatan before the deadline. Atasan penilai, operator and admin read.
- `evaluasi_simpan` (POST): save the draft; with `aksi=berikan` + `konfirmasi=1` (the htmx button,
  after its confirm dialog) also give it. Without JavaScript "Berikan" saves and then asks for a
  confirmation on the page, which posts to `evaluasi_berikan`.
- `evaluasi_pratinjau` (POST, htmx): the predikat for the ratings chosen, before saving.
- `evaluasi_terima` (POST): the pegawai marks the evaluation received.
- `evaluasi_bawahan` (GET): the penilai's overview of a period: every bawahan's SKP in force,
  realisasi progress, evaluation status, ratings, predikat, keberatan, and their unit's chart.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.models import User
from organisasi.access import pegawai_of
from organisasi.models import Pegawai, UnitKerja
from organisasi.views.operator import wants_partial
from pelaksanaan.access import get_skp_for_pimpinan
from pelaksanaan.models import Periode
from pelaksanaan.periode import periode_pilih, periods_of_skp
from pelaksanaan.selectors import lembar_kinerja
from perencanaan.access import PeranSkp, get_skp_for_user
from perencanaan.models import Skp

from ..access import capaian_unit_ids, get_evaluasi_for_user
from ..charts import pola_distribusi_svg
from ..forms_evaluasi import PANDUAN_HASIL, PANDUAN_PERILAKU, RATING_ORDER, EvaluasiForm
from ..models import Evaluasi, Keberatan, Predikat, Rating, StatusEvaluasi
from ..rules import distribution_guideline_check, keberatan_deadline, predikat_from_ratings, rating_hasil_from_capaian
from ..selectors import aturan_for, capaian_unit_current, distribusi_unit_per_status, evaluasi_bawahan_rows
from ..services.evaluasi import (
    check_skp_for_periode,
    evaluasi_acknowledge,
    evaluasi_give,
    evaluasi_save,
    unit_id_of_skp,
)
from .capaian import periode_instansi_pilih

PAGE_TEMPLATE = "penilaian/evaluasi/page.html"
BODY_TEMPLATE = "penilaian/evaluasi/_body.html"
PREDIKAT_TEMPLATE = "penilaian/evaluasi/_predikat.html"
BAWAHAN_TEMPLATE = "penilaian/evaluasi/bawahan.html"
MAX_PK = 2**63 - 1
READ_ALL_ROLES = frozenset({PeranSkp.PENILAI, PeranSkp.OPERATOR, PeranSkp.ADMIN})


def _pk_or_404(pk: int) -> int:
    if not 1 <= pk <= MAX_PK:
        raise Http404
    return pk


def _render(request: HttpRequest, template: str, partial: str, context: dict[str, Any]) -> HttpResponse:
    response = render(request, partial if wants_partial(request) else template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _page_url(skp: Skp, periode: Periode, **params: str) -> str:
    extra = "".join(f"&{k}={v}" for k, v in params.items())
    return f"{reverse('penilaian:evaluasi', args=[skp.pk])}?periode={periode.pk}{extra}"


def _active_menu(roles: set[PeranSkp]) -> str:
    if PeranSkp.PENILAI in roles:
        return "skp_bawahan"
    if PeranSkp.PEMILIK in roles:
        return "skp_saya"
    return ""


# --- The unit's capaian and pola distribusi ------------------------------------------------------


def distribusi_context(
    unit: UnitKerja | None,
    periode: Periode,
    *,
    with_drafts: bool,
    ident: str = "pola-distribusi",
    show_actual: bool = True,
) -> dict[str, Any]:
    """Capaian kinerja organisasi, the chart and the deviation warnings of a unit in a period.

    Without `show_actual` (the evaluated pegawai) only the guideline curve is drawn: in a small unit
    the actual distribution would tell colleagues' predikat (SPEC §6.3: the penilai sees it)."""
    if unit is None:
        return {"unit": None}
    capaian_row = capaian_unit_current(unit, periode)
    capaian = capaian_row.capaian if capaian_row is not None else None
    if not show_actual:
        svg = pola_distribusi_svg(capaian=capaian, counts={}, ident=ident, hanya_pedoman=True)
        return {
            "unit": unit,
            "capaian_row": capaian_row,
            "capaian": capaian,
            "hanya_pedoman": True,
            "svg": mark_safe(svg),  # noqa: S308 — built from escaped text only (penilaian.charts)
            "penyimpangan": [],
        }
    statuses = [StatusEvaluasi.DIBERIKAN, StatusEvaluasi.DRAFT] if with_drafts else [StatusEvaluasi.DIBERIKAN]
    per_status = distribusi_unit_per_status(unit, periode, statuses)  # one query for both
    given = per_status[StatusEvaluasi.DIBERIKAN]
    drafts = per_status.get(StatusEvaluasi.DRAFT, {})
    combined = {p: given.get(p, 0) + drafts.get(p, 0) for p in given}
    warnings = (
        distribution_guideline_check(counts=combined, rules=aturan_for(unit.instansi_id, capaian)) if capaian else []
    )
    svg = pola_distribusi_svg(capaian=capaian, counts=given, draf=drafts, ident=ident)
    return {
        "unit": unit,
        "capaian_row": capaian_row,
        "capaian": capaian,
        "jumlah_diberikan": sum(given.values()),
        "jumlah_draf": sum(drafts.values()),
        "svg": mark_safe(svg),  # noqa: S308 — built from escaped text only (penilaian.charts)
        "penyimpangan": warnings,
    }


# --- The evaluation page -------------------------------------------------------------------------


def _versions(skp: Skp, periode: Periode) -> list[Evaluasi]:
    return list(
        Evaluasi.objects.filter(skp=skp, periode=periode).select_related("penilai", "keberatan").order_by("versi")
    )


def _keberatan_of(versions: list[Evaluasi]) -> Keberatan | None:
    for version in versions:
        try:
            return version.keberatan
        except Keberatan.DoesNotExist:
            continue
    return None


def _rating_choices(form: EvaluasiForm, field: str, panduan: dict[str, Any]) -> list[dict[str, Any]]:
    value = form[field].value() or ""
    return [
        {
            "value": r.value,
            "label": r.label,
            "panduan": panduan[r],
            "checked": value == r.value,
            "id": f"{field}-{r.value}",
        }
        for r in RATING_ORDER
    ]


def _preview(rating_hasil: str, rating_perilaku: str) -> str:
    if rating_hasil in Rating.values and rating_perilaku in Rating.values:
        return str(predikat_from_ratings(hasil_kerja=rating_hasil, perilaku_kerja=rating_perilaku))
    return ""


def page_context(
    request: HttpRequest,
    skp: Skp,
    roles: set[PeranSkp],
    periods: list[Periode],
    periode: Periode,
    *,
    form: EvaluasiForm | None = None,
    notice: str = "",
    error: str = "",
    konfirmasi: bool = False,
) -> dict[str, Any]:
    is_penilai = PeranSkp.PENILAI in roles
    is_pemilik = PeranSkp.PEMILIK in roles
    versions = _versions(skp, periode)
    visible = versions if roles & READ_ALL_ROLES else [v for v in versions if v.is_diberikan]
    current = next((v for v in versions if v.diganti_pada is None), None)
    given = [v for v in visible if v.is_diberikan]
    keberatan = _keberatan_of(versions)

    unit_id = unit_id_of_skp(skp)
    unit = UnitKerja.objects.select_related("kepala").filter(pk=unit_id).first() if unit_id is not None else None
    show_actual = bool(roles & {PeranSkp.PENILAI, PeranSkp.ATASAN_PENILAI, PeranSkp.OPERATOR, PeranSkp.ADMIN})
    distribusi = distribusi_context(unit, periode, with_drafts=is_penilai, show_actual=show_actual)
    me = pegawai_of(request.user)
    may_set_capaian = unit is not None and me is not None and unit.pk in capaian_unit_ids(me)

    # The penilai's form: while there is no evaluation or a draft, on an SKP evaluable in the period.
    locked = ""
    try:
        check_skp_for_periode(skp, periode)
    except ValidationError as exc:
        locked = " ".join(exc.messages)
    can_edit = is_penilai and not locked and (current is None or current.is_editable)
    is_kepala_unit = unit is not None and unit.kepala_id == skp.pegawai_id
    usulan_hasil = (
        rating_hasil_from_capaian(distribusi["capaian"]) if is_kepala_unit and distribusi.get("capaian") else None
    )
    if can_edit and form is None:
        initial: dict[str, Any] = {"periode": periode.pk, "versi": current.versi_draf if current is not None else 0}
        if current is not None:
            initial.update(
                rating_hasil=current.rating_hasil, rating_perilaku=current.rating_perilaku, catatan=current.catatan
            )
        if not initial.get("rating_hasil") and usulan_hasil is not None:
            initial["rating_hasil"] = usulan_hasil.value
        form = EvaluasiForm(periods=periods, initial=initial)
    preview = ""
    if form is not None:
        preview = _preview(str(form["rating_hasil"].value() or ""), str(form["rating_perilaku"].value() or ""))

    # The pegawai: acknowledge, keberatan before the deadline (counted from the original result).
    original = next((v for v in versions if v.is_diberikan and v.versi == 1), None)
    deadline = None
    if original is not None and original.diberikan_pada is not None:
        deadline = keberatan_deadline(
            diberikan=timezone.localdate(original.diberikan_pada), batas_hari=skp.pegawai.instansi.batas_keberatan_hari
        )
    can_keberatan = (
        is_pemilik
        and current is not None
        and current.is_diberikan
        and current.versi == 1
        and keberatan is None
        and deadline is not None
        and timezone.localdate() <= deadline
    )
    return {
        "skp": skp,
        "periods": periods,
        "periode": periode,
        "tab": "evaluasi",
        "is_penilai": is_penilai,
        "is_pemilik": is_pemilik,
        "active_menu": _active_menu(roles),
        "current": current,
        "visible": visible,
        "given": given,
        # The editable draft is in the form; every other visible version is shown read-only.
        "shown": [v for v in visible if not (can_edit and v is current)],
        "keberatan": keberatan,
        "deadline": deadline,
        "deadline_passed": deadline is not None and timezone.localdate() > deadline,
        "can_keberatan": can_keberatan,
        "can_acknowledge": is_pemilik and current is not None and current.is_diberikan and not current.diterima_pada,
        "lembar": lembar_kinerja(skp, periode),
        "distribusi": distribusi,
        "may_set_capaian": may_set_capaian,
        "is_kepala_unit": is_kepala_unit,
        "usulan_hasil": usulan_hasil,
        "locked": locked if is_penilai else "",
        "can_edit": can_edit,
        "form": form if can_edit else None,
        "hasil_choices": _rating_choices(form, "rating_hasil", PANDUAN_HASIL) if can_edit and form else [],
        "perilaku_choices": _rating_choices(form, "rating_perilaku", PANDUAN_PERILAKU) if can_edit and form else [],
        "preview": Predikat(preview) if preview else None,
        "konfirmasi": konfirmasi and can_edit and current is not None,
        "notice": notice,
        "error": error,
    }


@login_required
@require_safe
def evaluasi(request: HttpRequest, pk: int) -> HttpResponse:
    skp, roles = get_skp_for_user(request.user, _pk_or_404(pk))
    periods, periode = periode_pilih(skp, request.GET)
    konfirmasi = request.GET.get("konfirmasi") == "berikan"
    context = page_context(request, skp, roles, periods, periode, konfirmasi=konfirmasi)
    return _render(request, PAGE_TEMPLATE, BODY_TEMPLATE, context)


def _form_errors(form: EvaluasiForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
@require_POST
def evaluasi_simpan(request: HttpRequest, pk: int) -> HttpResponse:
    skp = get_skp_for_pimpinan(request.user, _pk_or_404(pk))
    assert isinstance(request.user, User)
    periods = periods_of_skp(skp)
    berikan = request.POST.get("aksi") == "berikan"
    konfirmasi = berikan and request.POST.get("konfirmasi") == "1"
    form = EvaluasiForm(request.POST, periods=periods, berikan=berikan)
    periode = next((p for p in periods if str(p.pk) == request.POST.get("periode")), None)
    if form.is_valid() and periode is not None:
        try:
            with transaction.atomic():
                saved = evaluasi_save(
                    skp=skp,
                    periode=periode,
                    rating_hasil=form.cleaned_data["rating_hasil"],
                    rating_perilaku=form.cleaned_data["rating_perilaku"],
                    catatan=form.cleaned_data["catatan"],
                    by=request.user,
                    versi=form.cleaned_data["versi"],
                )
                if konfirmasi:
                    saved = evaluasi_give(evaluasi=saved, by=request.user)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            nama = skp.pegawai.nama_lengkap
            if konfirmasi:
                notice = _("Evaluasi %(nama)s periode %(periode)s diberikan kepada pegawai.") % {
                    "nama": nama,
                    "periode": periode,
                }
            elif berikan:
                # Without JavaScript: saved; the page asks to confirm the giving.
                return redirect(_page_url(skp, periode, konfirmasi="berikan") + "#evaluasi-konfirmasi")
            else:
                notice = _("Draf evaluasi %(nama)s disimpan. Pegawai belum dapat melihatnya.") % {"nama": nama}
            return _done(request, skp, periode, notice=notice)
    if periode is None:
        # Hidden field tampered with or the SKP's dates changed: the page of the default period.
        periods, periode = periode_pilih(skp, {})
    roles = {PeranSkp.PENILAI}
    context = page_context(request, skp, roles, periods, periode, form=form)
    if not context["can_edit"]:
        context["error"] = " ".join(str(e) for e in form.non_field_errors()) or context["locked"]
    return _render(request, PAGE_TEMPLATE, BODY_TEMPLATE, context)


def _done(request: HttpRequest, skp: Skp, periode: Periode, *, notice: str = "", error: str = "") -> HttpResponse:
    """htmx: the page body again with the outcome; otherwise POST/redirect/GET."""
    if not wants_partial(request):
        if error:
            messages.error(request, error)
        elif notice:
            messages.success(request, notice)
        return redirect(_page_url(skp, periode))
    skp, roles = get_skp_for_user(request.user, skp.pk)
    periods, periode = periode_pilih(skp, {"periode": str(periode.pk)})
    context = page_context(request, skp, roles, periods, periode, notice=notice, error=error)
    return _render(request, PAGE_TEMPLATE, BODY_TEMPLATE, context)


@login_required
@require_POST
def evaluasi_berikan(request: HttpRequest, pk: int) -> HttpResponse:
    """Give a saved draft (the confirmation step without JavaScript)."""
    found, roles = get_evaluasi_for_user(request.user, _pk_or_404(pk))
    if PeranSkp.PENILAI not in roles:
        raise Http404
    assert isinstance(request.user, User)
    skp = get_skp_for_pimpinan(request.user, found.skp_id)
    try:
        evaluasi_give(evaluasi=found, by=request.user)
    except ValidationError as exc:
        return _done(request, skp, found.periode, error=" ".join(exc.messages))
    notice = _("Evaluasi %(nama)s periode %(periode)s diberikan kepada pegawai.") % {
        "nama": skp.pegawai.nama_lengkap,
        "periode": found.periode,
    }
    return _done(request, skp, found.periode, notice=notice)


@login_required
@require_POST
def evaluasi_pratinjau(request: HttpRequest, pk: int) -> HttpResponse:
    """The predikat for the ratings chosen so far (htmx, before saving)."""
    get_skp_for_pimpinan(request.user, _pk_or_404(pk))
    preview = _preview(request.POST.get("rating_hasil", ""), request.POST.get("rating_perilaku", ""))
    return render(request, PREDIKAT_TEMPLATE, {"preview": Predikat(preview) if preview else None})


@login_required
@require_POST
def evaluasi_terima(request: HttpRequest, pk: int) -> HttpResponse:
    found, roles = get_evaluasi_for_user(request.user, _pk_or_404(pk))
    if PeranSkp.PEMILIK not in roles:
        raise Http404
    assert isinstance(request.user, User)
    try:
        evaluasi_acknowledge(evaluasi=found, by=request.user)
    except ValidationError as exc:
        return _done(request, found.skp, found.periode, error=" ".join(exc.messages))
    return _done(request, found.skp, found.periode, notice=_("Evaluasi ditandai sudah diterima."))


# --- The penilai's overview of a period ----------------------------------------------------------


def _years_judged(penilai: Pegawai) -> set[int]:
    return {d.year for d in Skp.objects.filter(pejabat_penilai=penilai).dates("periode_mulai", "year")}


@login_required
@require_safe
def evaluasi_bawahan(request: HttpRequest) -> HttpResponse:
    penilai = pegawai_of(request.user)
    context: dict[str, Any] = {"active_menu": "skp_bawahan", "penilai": penilai}
    if penilai is None:
        return render(request, BAWAHAN_TEMPLATE, context)
    years, tahun, periods, periode = periode_instansi_pilih(
        penilai.instansi, request.GET, extra_years=_years_judged(penilai)
    )
    rows = evaluasi_bawahan_rows(penilai, periode)
    unit = (
        UnitKerja.objects.select_related("kepala").filter(pk=penilai.unit_kerja_id).first()
        if penilai.unit_kerja_id is not None
        else None
    )
    jumlah = {key: sum(1 for r in rows if r.status == key) for key in ("belum", "draf", "diberikan", "diterima")}
    context.update(
        years=years,
        tahun=tahun,
        periods=periods,
        periode=periode,
        rows=rows,
        jumlah=jumlah,
        jumlah_keberatan=sum(1 for r in rows if r.keberatan_terbuka),
        distribusi=distribusi_context(unit, periode, with_drafts=True),
        may_set_capaian=unit is not None and unit.pk in capaian_unit_ids(penilai),
    )
    return render(request, BAWAHAN_TEMPLATE, context)


urlpatterns = [
    path("skp/<int:pk>/evaluasi/", evaluasi, name="evaluasi"),
    path("skp/<int:pk>/evaluasi/simpan/", evaluasi_simpan, name="evaluasi_simpan"),
    path("skp/<int:pk>/evaluasi/pratinjau/", evaluasi_pratinjau, name="evaluasi_pratinjau"),
    path("evaluasi/<int:pk>/berikan/", evaluasi_berikan, name="evaluasi_berikan"),
    path("evaluasi/<int:pk>/terima/", evaluasi_terima, name="evaluasi_terima"),
    path("skp-bawahan/evaluasi/", evaluasi_bawahan, name="evaluasi_bawahan"),
]
