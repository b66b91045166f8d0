"""Realisasi SKP (SPEC §5; seed 003 "REALISASI SKP …"): one SKP in one evaluation period.

- `realisasi`: the sheet laid out as the official form: per RHK its IKI with target, realisasi,
  keterangan and capaian (kuantitatif) or the realisasi statements (kualitatif), the bukti dukung
  per RHK and the pimpinan's umpan balik (read-only), with a "Riwayat" of everything replaced.
  Everyone who may read the SKP sees it; only its pegawai writes, while the SKP is set and the
  period open — otherwise the page says why it is read-only.
- Writes (owner only, `write=True`): Input Realisasi per IKI, statements, upload / link / replace
  / remove evidence. Each RHK is its own `<tbody id="rhk-N">`: with htmx the forms swap that part
  and then tell the page (`HX-Trigger: realisasi-berubah`) to refresh the summary and the history;
  without JavaScript they are POST/redirect/GET, and a refused form comes back as its own page.
- `bukti_unduh`: the stored file as an attachment under its cleaned name and MIME type.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.models import User
from organisasi.access import pegawai_of
from organisasi.identitas import identitas_of
from organisasi.views.operator import wants_partial
from perencanaan.access import PeranSkp
from perencanaan.models import Iki, Rhk, Skp
from perencanaan.services.rencana import format_number
from perencanaan.views.skp import target_label

from ..access import get_bukti_for_user, get_skp_for_pelaksanaan
from ..forms_realisasi import BuktiBerkasForm, BuktiTautanForm, RealisasiForm, RealisasiTeksForm
from ..models import BuktiDukung, Periode, Realisasi
from ..periode import periode_pilih, periods_of_skp
from ..selectors import BarisRhk, LembarKinerja, lembar_kinerja
from ..services.bukti import (
    ACCEPT,
    BERKAS_ERROR_CODES,
    allowed_label,
    bukti_link_add,
    bukti_remove,
    bukti_replace,
    bukti_upload,
)
from ..services.realisasi import (
    realisasi_save,
    realisasi_teks_add,
    realisasi_teks_remove,
    realisasi_teks_update,
    skp_writable_errors,
)

PAGE_TEMPLATE = "pelaksanaan/realisasi/page.html"
RHK_PARTIAL = "pelaksanaan/realisasi/_rhk.html"
FORM_PAGE = "pelaksanaan/realisasi/form_page.html"
PARTS = {
    "ringkasan": "pelaksanaan/realisasi/_ringkasan.html",
    "riwayat": "pelaksanaan/realisasi/_riwayat_isi.html",
}
CHANGED_EVENT = "realisasi-berubah"
MAX_PK = 2**63 - 1
# Columns of the sheet per variant (without the owner's action column).
COLUMNS = {"jpt_kuantitatif": 8, "jajf_kuantitatif": 9, "kualitatif": 4}


def _pk(pk: int) -> int:
    if not 1 <= pk <= MAX_PK:
        raise Http404
    return pk


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _periode_asked(skp: Skp, request: HttpRequest) -> Periode:
    """The period a write names with `?periode=<pk>`: one of the SKP's, never a silent default."""
    wanted = request.GET.get("periode", "")
    for periode in periods_of_skp(skp):
        if str(periode.pk) == wanted:
            return periode
    raise Http404


# --- The sheet ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RiwayatRealisasi:
    baris: Realisasi
    label: str  # the IKI, or the RHK for a statement
    nilai: str
    dibuat_oleh: str
    diganti_oleh: str
    pengganti: str  # the value that replaced it, "" when it was removed


@dataclass(frozen=True)
class RiwayatBukti:
    bukti: BuktiDukung
    diunggah_oleh: str
    dihapus_oleh: str
    pengganti: BuktiDukung | None


def _nama(user: User | None) -> str:
    if user is None:
        return _("Sistem")
    pegawai = pegawai_of(user)
    return pegawai.nama_lengkap if pegawai is not None else (user.get_full_name() or user.get_username())


def nilai_label(realisasi: Realisasi) -> str:
    """A realisasi as the forms print it: "12,5 Dokumen", or the statement."""
    if realisasi.nilai is None:
        return realisasi.teks
    satuan = realisasi.iki.satuan if realisasi.iki is not None else None
    number = format_number(Decimal(realisasi.nilai))
    return f"{number} {satuan.nama}" if satuan is not None else number


def _riwayat(skp: Skp, periode: Periode) -> tuple[list[RiwayatRealisasi], list[RiwayatBukti]]:
    """Replaced realisasi and removed/replaced evidence of the period, newest change first."""
    replaced = (
        Realisasi.objects.filter(skp=skp, periode=periode, diganti_pada__isnull=False)
        .select_related("iki__satuan", "rhk", "dibuat_oleh__pegawai", "diganti_oleh__pegawai", "pengganti__iki__satuan")
        .order_by("-diganti_pada", "-pk")
    )
    realisasi_rows = [
        RiwayatRealisasi(
            baris=r,
            label=r.iki.teks if r.iki is not None else r.rhk.teks,
            nilai=nilai_label(r) + (f" ({r.keterangan})" if r.keterangan else ""),
            dibuat_oleh=_nama(r.dibuat_oleh),
            diganti_oleh=_nama(r.diganti_oleh),
            pengganti=nilai_label(cast(Realisasi, r.pengganti)) if r.pengganti is not None else "",
        )
        for r in replaced
    ]
    removed = (
        BuktiDukung.objects.filter(skp=skp, periode=periode, dihapus_pada__isnull=False)
        .select_related("rhk", "diunggah_oleh__pegawai", "dihapus_oleh__pegawai", "digantikan_oleh")
        .order_by("-dihapus_pada", "-pk")
    )
    bukti_rows = []
    for b in removed:
        try:
            pengganti: BuktiDukung | None = b.digantikan_oleh
        except BuktiDukung.DoesNotExist:
            pengganti = None
        bukti_rows.append(RiwayatBukti(b, _nama(b.diunggah_oleh), _nama(b.dihapus_oleh), pengganti))
    return realisasi_rows, bukti_rows


def _base_context(
    request: HttpRequest, skp: Skp, roles: set[PeranSkp], periode: Periode, lembar: LembarKinerja
) -> dict[str, Any]:
    is_owner = PeranSkp.PEMILIK in roles
    for b in lembar.iki_rows:
        if b.realisasi is not None and b.realisasi.nilai is not None:
            # "12,5" as the forms print numbers (Indonesian decimal comma, no trailing zeros).
            setattr(b.realisasi, "nilai_tampil", format_number(Decimal(b.realisasi.nilai)))  # noqa: B010
    blocked = skp_writable_errors(skp, periode)
    can_write = is_owner and not blocked
    variant = lembar.variant
    return {
        "skp": skp,
        "periode": periode,
        "lembar": lembar,
        "variant": variant,
        "is_owner": is_owner,
        "is_penilai": PeranSkp.PENILAI in roles,
        "can_write": can_write,
        "blocked": blocked,
        "colspan": COLUMNS[variant],
        "q_periode": f"?periode={periode.pk}",
        "jumlah_bukti": sum(len(r.bukti) for r in lembar.rhk_rows),
        "persen_terisi": round(lembar.jumlah_iki_terisi * 100 / lembar.jumlah_target) if lembar.jumlah_target else 0,
        "tab": "realisasi",
        "accept": ACCEPT,
        "berkas_help": _("%(jenis)s; paling besar %(batas)s.")
        % {"jenis": allowed_label(), "batas": filesizeformat(settings.BUKTI_DUKUNG_MAX_BYTES)},
        "active_menu": "skp_saya" if is_owner else ("skp_bawahan" if PeranSkp.PENILAI in roles else ""),
    }


def _baris_of(lembar: LembarKinerja, rhk_pk: int) -> BarisRhk:
    for baris in lembar.rhk_rows:
        if baris.rhk.pk == rhk_pk:
            return baris
    raise Http404


@login_required
@require_safe
def realisasi(request: HttpRequest, pk: int) -> HttpResponse:
    skp, roles = get_skp_for_pelaksanaan(request.user, _pk(pk))
    periods, periode = periode_pilih(skp, request.GET)
    bagian = request.GET.get("bagian", "")
    lembar = lembar_kinerja(skp, periode)
    context = _base_context(request, skp, roles, periode, lembar)
    realisasi_lama, bukti_lama = _riwayat(skp, periode)
    context.update(realisasi_lama=realisasi_lama, bukti_lama=bukti_lama)
    if wants_partial(request) and bagian in PARTS:
        response = render(request, PARTS[bagian], context)
    else:
        identitas = skp.identitas or {}
        context.update(
            periods=periods,
            identitas_pegawai=identitas.get("pegawai") or identitas_of(skp.pegawai),
            identitas_penilai=identitas.get("pejabat_penilai") or identitas_of(skp.pejabat_penilai),
        )
        response = render(request, PAGE_TEMPLATE, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_safe
def realisasi_rhk(request: HttpRequest, pk: int, rhk_pk: int) -> HttpResponse:
    """One RHK's part of the sheet (htmx "Batal"); without JavaScript, the sheet at that RHK."""
    skp, roles = get_skp_for_pelaksanaan(request.user, _pk(pk))
    periode = _periode_asked(skp, request)
    rhk = get_object_or_404(Rhk, pk=_pk(rhk_pk), skp=skp)
    if not wants_partial(request):
        return _to_sheet(skp, periode, rhk.pk)
    return _render_rhk(request, skp, roles, periode, rhk.pk)


def _to_sheet(skp: Skp, periode: Periode, rhk_pk: int | None = None) -> HttpResponse:
    url = reverse("pelaksanaan:realisasi", args=[skp.pk]) + f"?periode={periode.pk}"
    return redirect(url + (f"#rhk-{rhk_pk}" if rhk_pk else ""))


def _render_rhk(
    request: HttpRequest,
    skp: Skp,
    roles: set[PeranSkp],
    periode: Periode,
    rhk_pk: int,
    *,
    changed: bool = False,
    **state: Any,
) -> HttpResponse:
    lembar = lembar_kinerja(skp, periode)
    context = _base_context(request, skp, roles, periode, lembar)
    context.update(baris=_baris_of(lembar, rhk_pk), aktif_rhk=rhk_pk, **state)
    # Refusals that belong to no field (the period was closed meanwhile, the row was already
    # replaced …) are shown above the RHK, where they are seen whatever form was used.
    problems = [str(e) for f in state.values() if isinstance(f, forms.Form) for e in f.non_field_errors()]
    if not problems and not context["can_write"] and context["blocked"] and state:
        problems = list(context["blocked"])
    if problems and not context.get("rhk_error"):
        context["rhk_error"] = " ".join(problems)
    response = render(request, RHK_PARTIAL, context)
    if changed:
        response["HX-Trigger"] = CHANGED_EVENT
    patch_vary_headers(response, ["HX-Request"])
    return response


def _form_page(
    request: HttpRequest,
    skp: Skp,
    roles: set[PeranSkp],
    periode: Periode,
    *,
    title: str,
    form: forms.Form,
    action: str,
    subject: list[tuple[str, str]],
    multipart: bool = False,
    submit: str = "",
) -> HttpResponse:
    """A write form on its own page (without JavaScript, or after a refused submission)."""
    blocked = skp_writable_errors(skp, periode)
    context = {
        "skp": skp,
        "periode": periode,
        "title": title,
        "form": form,
        "action": action,
        "subject": subject,
        "multipart": multipart,
        "submit": submit or _("Simpan"),
        "blocked": blocked,
        "back_url": reverse("pelaksanaan:realisasi", args=[skp.pk]) + f"?periode={periode.pk}",
        "active_menu": "skp_saya",
    }
    return render(request, FORM_PAGE, context)


def _apply_errors(form: forms.Form, exc: ValidationError, *, file_field: str | None = None) -> None:
    """A service's refusal onto the form: per field where it names one the form has; a refused
    file (its name, size or content) beside the file field."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif file_field and all(e.code in BERKAS_ERROR_CODES for e in exc.error_list):
        form.add_error(file_field, exc)
    else:
        form.add_error(None, exc)


def _done(
    request: HttpRequest, skp: Skp, roles: set[PeranSkp], periode: Periode, rhk_pk: int, notice: str
) -> HttpResponse:
    if wants_partial(request):
        return _render_rhk(request, skp, roles, periode, rhk_pk, changed=True, rhk_notice=notice)
    messages.success(request, notice)
    return _to_sheet(skp, periode, rhk_pk)


def _first_error(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# --- Kuantitatif: Input Realisasi per IKI ---------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def realisasi_iki(request: HttpRequest, pk: int, iki_pk: int) -> HttpResponse:
    skp, roles = get_skp_for_pelaksanaan(request.user, _pk(pk), write=True)
    periode = _periode_asked(skp, request)
    iki = get_object_or_404(Iki.objects.select_related("rhk", "satuan"), pk=_pk(iki_pk), rhk__skp=skp)
    # One current row at most (a unique constraint); the model's ordering would join six tables.
    current = Realisasi.objects.current().filter(iki=iki, periode=periode).order_by("pk").first()
    action = reverse("pelaksanaan:realisasi_iki", args=[skp.pk, iki.pk]) + f"?periode={periode.pk}"
    if request.method == "POST":
        form = RealisasiForm(request.POST)
        if form.is_valid():
            try:
                saved = realisasi_save(
                    iki=iki,
                    periode=periode,
                    nilai=form.cleaned_data["nilai"],
                    keterangan=form.cleaned_data["keterangan"],
                    by=_user(request),
                    skp=skp,
                    dari=form.cleaned_data["versi"],
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                notice = _("Realisasi “%(iki)s” disimpan: %(nilai)s.") % {"iki": iki.teks, "nilai": nilai_label(saved)}
                return _done(request, skp, roles, periode, iki.rhk_id, notice)
    else:
        initial: dict[str, Any] = (
            {"nilai": format_number(Decimal(current.nilai)), "keterangan": current.keterangan}
            if current is not None and current.nilai is not None
            else {}
        )
        initial["versi"] = current.pk if current is not None else 0
        form = RealisasiForm(initial=initial)
    if wants_partial(request):
        return _render_rhk(request, skp, roles, periode, iki.rhk_id, edit_iki=iki.pk, iki_form=form)
    return _form_page(
        request,
        skp,
        roles,
        periode,
        title=_("Input Realisasi"),
        form=form,
        action=action,
        subject=[
            (_("Rencana hasil kerja"), iki.rhk.teks),
            (_("Indikator"), iki.teks),
            (_("Target"), target_label(iki) or "—"),
            (_("Satuan"), iki.satuan.nama if iki.satuan else "—"),
        ],
    )


# --- Kualitatif: realisasi statements per RHK ---------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def realisasi_teks_tambah(request: HttpRequest, pk: int, rhk_pk: int) -> HttpResponse:
    skp, roles = get_skp_for_pelaksanaan(request.user, _pk(pk), write=True)
    periode = _periode_asked(skp, request)
    rhk = get_object_or_404(Rhk, pk=_pk(rhk_pk), skp=skp)
    form = RealisasiTeksForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            realisasi_teks_add(rhk=rhk, periode=periode, teks=form.cleaned_data["teks"], by=_user(request), skp=skp)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            return _done(request, skp, roles, periode, rhk.pk, _("Realisasi ditambahkan."))
    if wants_partial(request):
        return _render_rhk(request, skp, roles, periode, rhk.pk, tambah_form=form)
    action = reverse("pelaksanaan:realisasi_teks_tambah", args=[skp.pk, rhk.pk]) + f"?periode={periode.pk}"
    return _form_page(
        request,
        skp,
        roles,
        periode,
        title=_("Tambah realisasi"),
        form=form,
        action=action,
        subject=[(_("Hasil kerja"), rhk.teks)],
        submit=_("Tambah realisasi"),
    )


def _statement_of(skp: Skp, r_pk: int) -> Realisasi:
    return get_object_or_404(
        Realisasi.objects.select_related("rhk", "periode"), pk=_pk(r_pk), skp=skp, iki__isnull=True
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def realisasi_teks_ubah(request: HttpRequest, pk: int, r_pk: int) -> HttpResponse:
    skp, roles = get_skp_for_pelaksanaan(request.user, _pk(pk), write=True)
    statement = _statement_of(skp, r_pk)
    periode = statement.periode
    form = RealisasiTeksForm(request.POST or None, initial={"teks": statement.teks})
    if request.method == "POST" and form.is_valid():
        try:
            realisasi_teks_update(realisasi=statement, teks=form.cleaned_data["teks"], by=_user(request))
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            return _done(
                request,
                skp,
                roles,
                periode,
                statement.rhk_id,
                _("Realisasi diubah; versi sebelumnya tersimpan di riwayat."),
            )
    if wants_partial(request):
        return _render_rhk(request, skp, roles, periode, statement.rhk_id, edit_teks=statement.pk, teks_form=form)
    action = reverse("pelaksanaan:realisasi_teks_ubah", args=[skp.pk, statement.pk])
    return _form_page(
        request,
        skp,
        roles,
        periode,
        title=_("Ubah realisasi"),
        form=form,
        action=action,
        subject=[(_("Hasil kerja"), statement.rhk.teks)],
    )


@login_required
@require_POST
def realisasi_teks_hapus(request: HttpRequest, pk: int, r_pk: int) -> HttpResponse:
    skp, roles = get_skp_for_pelaksanaan(request.user, _pk(pk), write=True)
    statement = _statement_of(skp, r_pk)
    try:
        realisasi_teks_remove(realisasi=statement, by=_user(request))
    except ValidationError as exc:
        if wants_partial(request):
            return _render_rhk(request, skp, roles, statement.periode, statement.rhk_id, rhk_error=_first_error(exc))
        messages.error(request, _first_error(exc))
        return _to_sheet(skp, statement.periode, statement.rhk_id)
    notice = _("Realisasi dihapus; isinya tetap tersimpan di riwayat.")
    return _done(request, skp, roles, statement.periode, statement.rhk_id, notice)


# --- Bukti dukung -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def bukti_unggah(request: HttpRequest, pk: int, rhk_pk: int) -> HttpResponse:
    skp, roles = get_skp_for_pelaksanaan(request.user, _pk(pk), write=True)
    periode = _periode_asked(skp, request)
    rhk = get_object_or_404(Rhk, pk=_pk(rhk_pk), skp=skp)
    form = BuktiBerkasForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            bukti = bukti_upload(
                rhk=rhk,
                periode=periode,
                berkas=form.cleaned_data["berkas"],
                keterangan=form.cleaned_data["keterangan"],
                by=_user(request),
                skp=skp,
            )
        except ValidationError as exc:
            _apply_errors(form, exc, file_field="berkas")
        else:
            return _done(
                request, skp, roles, periode, rhk.pk, _("Bukti dukung “%(nama)s” diunggah.") % {"nama": bukti.nama}
            )
    if wants_partial(request):
        return _render_rhk(request, skp, roles, periode, rhk.pk, berkas_form=form)
    action = reverse("pelaksanaan:bukti_unggah", args=[skp.pk, rhk.pk]) + f"?periode={periode.pk}"
    return _form_page(
        request,
        skp,
        roles,
        periode,
        title=_("Unggah bukti dukung"),
        form=form,
        action=action,
        subject=[(_("Rencana hasil kerja"), rhk.teks)],
        multipart=True,
        submit=_("Unggah"),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def bukti_tautan(request: HttpRequest, pk: int, rhk_pk: int) -> HttpResponse:
    skp, roles = get_skp_for_pelaksanaan(request.user, _pk(pk), write=True)
    periode = _periode_asked(skp, request)
    rhk = get_object_or_404(Rhk, pk=_pk(rhk_pk), skp=skp)
    form = BuktiTautanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            bukti = bukti_link_add(
                rhk=rhk,
                periode=periode,
                tautan=form.cleaned_data["tautan"],
                nama=form.cleaned_data["nama"],
                keterangan=form.cleaned_data["keterangan"],
                by=_user(request),
                skp=skp,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            return _done(
                request, skp, roles, periode, rhk.pk, _("Tautan “%(nama)s” ditambahkan.") % {"nama": bukti.nama}
            )
    if wants_partial(request):
        return _render_rhk(request, skp, roles, periode, rhk.pk, tautan_form=form)
    action = reverse("pelaksanaan:bukti_tautan", args=[skp.pk, rhk.pk]) + f"?periode={periode.pk}"
    return _form_page(
        request,
        skp,
        roles,
        periode,
        title=_("Tambah tautan bukti dukung"),
        form=form,
        action=action,
        subject=[(_("Rencana hasil kerja"), rhk.teks)],
        submit=_("Tambah tautan"),
    )


def _bukti_of(skp: Skp, b_pk: int) -> BuktiDukung:
    return get_object_or_404(BuktiDukung.objects.select_related("rhk", "periode"), pk=_pk(b_pk), skp=skp)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def bukti_ganti(request: HttpRequest, pk: int, b_pk: int) -> HttpResponse:
    skp, roles = get_skp_for_pelaksanaan(request.user, _pk(pk), write=True)
    bukti = _bukti_of(skp, b_pk)
    periode = bukti.periode
    form = BuktiBerkasForm(request.POST or None, request.FILES or None, initial={"keterangan": bukti.keterangan})
    if request.method == "POST" and form.is_valid():
        try:
            new = bukti_replace(
                bukti=bukti,
                berkas=form.cleaned_data["berkas"],
                keterangan=form.cleaned_data["keterangan"],
                by=_user(request),
            )
        except ValidationError as exc:
            _apply_errors(form, exc, file_field="berkas")
        else:
            notice = _("“%(lama)s” diganti dengan “%(baru)s”; berkas lama tetap tersimpan di riwayat.") % {
                "lama": bukti.nama,
                "baru": new.nama,
            }
            return _done(request, skp, roles, periode, bukti.rhk_id, notice)
    if wants_partial(request):
        return _render_rhk(request, skp, roles, periode, bukti.rhk_id, ganti_bukti=bukti.pk, ganti_form=form)
    return _form_page(
        request,
        skp,
        roles,
        periode,
        title=_("Ganti bukti dukung"),
        form=form,
        action=reverse("pelaksanaan:bukti_ganti", args=[skp.pk, bukti.pk]),
        subject=[(_("Rencana hasil kerja"), bukti.rhk.teks), (_("Bukti dukung yang diganti"), bukti.nama)],
        multipart=True,
        submit=_("Ganti"),
    )


@login_required
@require_POST
def bukti_hapus(request: HttpRequest, pk: int, b_pk: int) -> HttpResponse:
    skp, roles = get_skp_for_pelaksanaan(request.user, _pk(pk), write=True)
    bukti = _bukti_of(skp, b_pk)
    try:
        bukti_remove(bukti=bukti, by=_user(request))
    except ValidationError as exc:
        if wants_partial(request):
            return _render_rhk(request, skp, roles, bukti.periode, bukti.rhk_id, rhk_error=_first_error(exc))
        messages.error(request, _first_error(exc))
        return _to_sheet(skp, bukti.periode, bukti.rhk_id)
    notice = _("Bukti dukung “%(nama)s” dihapus; tetap tersimpan di riwayat.") % {"nama": bukti.nama}
    return _done(request, skp, roles, bukti.periode, bukti.rhk_id, notice)


@login_required
@require_safe
def bukti_unduh(request: HttpRequest, pk: int) -> FileResponse:
    """The evidence file (also a removed or replaced one) for whoever may read its SKP."""
    bukti = get_bukti_for_user(request.user, _pk(pk))
    if bukti.jenis != BuktiDukung.Jenis.BERKAS or not bukti.berkas:
        raise Http404
    try:
        handle = bukti.berkas.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=bukti.nama, content_type=bukti.tipe or "application/octet-stream"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


urlpatterns = [
    path("skp/<int:pk>/realisasi/", realisasi, name="realisasi"),
    path("skp/<int:pk>/realisasi/rhk/<int:rhk_pk>/", realisasi_rhk, name="realisasi_rhk"),
    path("skp/<int:pk>/realisasi/iki/<int:iki_pk>/", realisasi_iki, name="realisasi_iki"),
    path("skp/<int:pk>/realisasi/rhk/<int:rhk_pk>/teks/", realisasi_teks_tambah, name="realisasi_teks_tambah"),
    path("skp/<int:pk>/realisasi/teks/<int:r_pk>/ubah/", realisasi_teks_ubah, name="realisasi_teks_ubah"),
    path("skp/<int:pk>/realisasi/teks/<int:r_pk>/hapus/", realisasi_teks_hapus, name="realisasi_teks_hapus"),
    path("skp/<int:pk>/realisasi/rhk/<int:rhk_pk>/bukti/", bukti_unggah, name="bukti_unggah"),
    path("skp/<int:pk>/realisasi/rhk/<int:rhk_pk>/tautan/", bukti_tautan, name="bukti_tautan"),
    path("skp/<int:pk>/realisasi/bukti/<int:b_pk>/ganti/", bukti_ganti, name="bukti_ganti"),
    path("skp/<int:pk>/realisasi/bukti/<int:b_pk>/hapus/", bukti_hapus, name="bukti_hapus"),
    path("bukti/<int:pk>/unduh/", bukti_unduh, name="bukti_unduh"),
]
