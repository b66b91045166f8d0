"""SKP Bawahan (SPEC §2, §4.2; seed 003 "SKP BAWAHAN"): the screens of the pejabat penilai.

- `bawahan_list`: every SKP in force that the user judges as pejabat penilai, the SKP waiting for
  a decision first, with the active bawahan who have not drafted an SKP for the year yet and the
  SKP not set by 31 January flagged. Tahun/status/NIP-or-name filters reload the results with htmx
  and work as a plain GET form without JavaScript.
- `bawahan_detail`: one SKP read-only (identity, plan, perilaku with the ekspektasi khusus
  pimpinan), its history and earlier versions, and the workflow panel.
- `bawahan_approve` / `bawahan_return`: "Tetapkan SKP" and "Kembalikan" with a note. With htmx the
  SKP part of the page is swapped in place; without JavaScript they are POST/redirect/GET.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, Exists, IntegerField, Model, OuterRef, Q, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.models import User
from organisasi.access import pegawai_of
from organisasi.identitas import Identitas, identitas_of
from organisasi.models import Pegawai
from organisasi.rules import nip_normalize
from organisasi.views.operator import paginate, query_string_without_page, wants_partial

from ..access import PeranSkp, get_skp_for_penilai
from ..forms_bawahan import BawahanFilterForm, KembalikanSkpForm
from ..models import RiwayatSkp, Skp, StatusSkp
from ..rules import skp_deadline
from ..services.skp import SkpTransitionError, skp_approve, skp_return
from .skp import plan_context
from .skp_sections import sections_context

PAGE_SIZE = 25
MAX_PK = 2**63 - 1  # larger ids cannot exist and would overflow the database's integer column
LIST_TEMPLATE = "perencanaan/bawahan/list.html"
LIST_PARTIAL = "perencanaan/bawahan/_results.html"
DETAIL_TEMPLATE = "perencanaan/bawahan/detail.html"
DETAIL_PARTIAL = "perencanaan/bawahan/_detail_body.html"

# The roles this screen acts in: the user is here as the SKP's pejabat penilai, whatever else they are.
PENILAI_ROLES = frozenset({PeranSkp.PENILAI})

M = TypeVar("M", bound=Model)


def _pk_or_404(pk: int) -> int:
    if not 1 <= pk <= MAX_PK:
        raise Http404
    return pk


# --- List -------------------------------------------------------------------------------------


def _years_of(penilai: Pegawai, this_year: int) -> list[int]:
    """Years that hold an SKP judged by the penilai, and the current year, newest first."""
    judged = Skp.objects.current().filter(pejabat_penilai=penilai).dates("periode_mulai", "year")
    return sorted({d.year for d in judged} | {this_year}, reverse=True)


def _search(qs: QuerySet[M], q: str, field: str = "") -> QuerySet[M]:
    """Filter by NIP (prefix, spaces allowed as typed or pasted) or by name."""
    if not q:
        return qs
    normalized = nip_normalize(q)
    prefix = f"{field}__" if field else ""
    if normalized.isdigit():
        return qs.filter(**{f"{prefix}nip__startswith": normalized})
    return qs.filter(**{f"{prefix}nama__icontains": q})


@login_required
@require_safe
def bawahan_list(request: HttpRequest) -> HttpResponse:
    penilai = pegawai_of(request.user)
    this_year = timezone.localdate().year
    context: dict[str, Any] = {"active_menu": "skp_bawahan", "penilai": penilai, "tahun": this_year}
    if penilai is None:
        # An account without a pegawai record (an admin) judges nobody: say so instead of a 404.
        return render(request, LIST_TEMPLATE, context)

    years = _years_of(penilai, this_year)
    data = request.GET.copy()
    if data.get("tahun") not in {str(y) for y in years}:
        data["tahun"] = str(this_year)
    form = BawahanFilterForm(data, years=years)
    form.make_live(url=reverse("perencanaan:bawahan_list"), target="#bawahan-results")
    form.is_valid()  # a bad status or search is dropped; the other filters still apply
    tahun: int = form.cleaned_data.get("tahun") or this_year
    status: str = form.cleaned_data.get("status") or ""
    q: str = (form.cleaned_data.get("q") or "").strip()

    of_year = Skp.objects.current().filter(pejabat_penilai=penilai).of_year(tahun)
    jumlah = of_year.aggregate(
        total=Count("pk"),
        diajukan=Count("pk", filter=Q(status=StatusSkp.DIAJUKAN)),
        disusun=Count("pk", filter=Q(status__in=[StatusSkp.DRAFT, StatusSkp.DIKEMBALIKAN])),
        ditetapkan=Count("pk", filter=Q(status=StatusSkp.DITETAPKAN)),
    )
    filtered_qs = of_year.filter(status=status) if status else of_year
    skp_qs = (
        _search(filtered_qs, q, "pegawai")
        .select_related("pegawai", "jabatan")
        .annotate(
            urutan_status=Case(
                When(status=StatusSkp.DIAJUKAN, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("urutan_status", "pegawai__nama", "pegawai__nip", "periode_mulai", "pk")
    )

    belum_menyusun: list[Pegawai] | None = None
    jumlah_bawahan = 0
    if not status:
        # Active direct bawahan, each marked whether they have an SKP in force for the year
        # (whoever that SKP's penilai is); those without one are the people to chase.
        has_skp = Skp.objects.current().of_year(tahun).filter(pegawai_id=OuterRef("pk"))
        bawahan = list(
            _search(Pegawai.objects.active().filter(atasan=penilai), q)
            .annotate(punya_skp=Exists(has_skp))
            .select_related("jabatan")
            .order_by("nama", "nip")
        )
        jumlah_bawahan = len(bawahan)
        belum_menyusun = [p for p in bawahan if not p.punya_skp]

    batas = skp_deadline(tahun)
    context.update(
        form=form,
        tahun=tahun,
        status=status,
        q=q,
        filtered=bool(status or q),
        jumlah=jumlah,
        page_obj=paginate(request, skp_qs, PAGE_SIZE),
        query_string=query_string_without_page(request),
        belum_menyusun=belum_menyusun,
        jumlah_bawahan=jumlah_bawahan,
        batas_penetapan=batas,
        batas_lewat=timezone.localdate() > batas,
    )
    response = render(request, LIST_PARTIAL if wants_partial(request) else LIST_TEMPLATE, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- Detail -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class IdentitasBlok:
    judul: str
    identitas: Identitas


@dataclass(frozen=True)
class Langkah:
    """One line of the SKP's history, across its versions."""

    versi: int
    pada: datetime
    dari_status: str
    ke_status: str
    oleh: str
    catatan: str


def _identitas_blok(skp: Skp) -> list[IdentitasBlok]:
    """As frozen when the SKP was set (SPEC §3), or as the people are now for an SKP not set yet."""
    labels = {
        "pegawai": _("Pegawai yang dinilai"),
        "pejabat_penilai": _("Pejabat penilai kinerja"),
        "atasan_pejabat_penilai": _("Atasan pejabat penilai kinerja"),
    }
    if skp.identitas:
        snapshot = skp.identitas
    else:
        snapshot = {"pegawai": identitas_of(skp.pegawai), "pejabat_penilai": identitas_of(skp.pejabat_penilai)}
    return [IdentitasBlok(judul=label, identitas=snapshot[key]) for key, label in labels.items() if snapshot.get(key)]


def _nama_user(user: User | None) -> str:
    if user is None:
        return _("Sistem")
    pegawai = pegawai_of(user)
    if pegawai is not None:
        return pegawai.nama_lengkap
    return user.get_full_name() or user.get_username()


def _versions(skp: Skp) -> list[Skp]:
    """Every version of this SKP (the revision chain), oldest first, from one query."""
    by_pk = {
        s.pk: s
        for s in Skp.objects.filter(pegawai_id=skp.pegawai_id).only(
            "pk",
            "versi",
            "status",
            "revisi_dari_id",
            "pejabat_penilai_id",
            "periode_mulai",
            "periode_selesai",
            "ditetapkan_pada",
            "alasan_revisi",
        )
    }
    by_pk[skp.pk] = skp
    next_of = {s.revisi_dari_id: s for s in by_pk.values() if s.revisi_dari_id is not None}
    chain = [skp]
    seen = {skp.pk}
    node = skp
    while node.revisi_dari_id is not None and node.revisi_dari_id in by_pk and node.revisi_dari_id not in seen:
        node = by_pk[node.revisi_dari_id]
        seen.add(node.pk)
        chain.insert(0, node)
    node = skp
    while node.pk in next_of and next_of[node.pk].pk not in seen:
        node = next_of[node.pk]
        seen.add(node.pk)
        chain.append(node)
    return chain


def _riwayat(versions: list[Skp]) -> list[Langkah]:
    versi_of = {s.pk: s.versi for s in versions}
    rows = RiwayatSkp.objects.filter(skp_id__in=versi_of).select_related("oleh__pegawai").order_by("pada", "pk")
    return [
        Langkah(
            versi=versi_of[r.skp_id],
            pada=r.pada,
            dari_status=str(StatusSkp(r.dari_status).label) if r.dari_status else "",
            ke_status=str(StatusSkp(r.ke_status).label),
            oleh=_nama_user(r.oleh),
            catatan=r.catatan,
        )
        for r in rows
    ]


def _detail_context(
    request: HttpRequest,
    skp: Skp,
    *,
    kembalikan_form: KembalikanSkpForm | None = None,
    notice: str = "",
    error: str = "",
) -> dict[str, Any]:
    penilai = pegawai_of(request.user)
    versions = _versions(skp)
    for version in versions:
        version.dapat_dibuka = penilai is not None and version.pejabat_penilai_id == penilai.pk  # type: ignore[attr-defined]
    detail_url = reverse("perencanaan:bawahan_detail", args=[skp.pk])
    blok = _identitas_blok(skp)
    context: dict[str, Any] = {
        **plan_context(skp, can_edit=False),
        **sections_context(skp, set(PENILAI_ROLES)),
        # The perilaku forms (ekspektasi khusus pimpinan) come back here without JavaScript.
        "perilaku_next": detail_url,
        "active_menu": "skp_bawahan",
        "skp": skp,
        "can_edit": False,
        "identitas_blok": blok,
        "nama_pegawai": blok[0].identitas["nama"] if blok else skp.pegawai.nama_lengkap,
        "versions": versions if len(versions) > 1 else [],
        "versi_pengganti": next((v for v in versions if v.revisi_dari_id == skp.pk), None),
        "riwayat": _riwayat(versions),
        "kembalikan_form": kembalikan_form or KembalikanSkpForm(),
        "batas_penetapan": skp_deadline(skp.tahun),
        "notice": notice,
        "error": error,
    }
    return context


def _render_detail(request: HttpRequest, skp: Skp, **kwargs: Any) -> HttpResponse:
    context = _detail_context(request, skp, **kwargs)
    response = render(request, DETAIL_PARTIAL if wants_partial(request) else DETAIL_TEMPLATE, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _after_action(request: HttpRequest, pk: int, *, notice: str = "", error: str = "") -> HttpResponse:
    """htmx: the SKP part of the page, refreshed, with the outcome; otherwise POST/redirect/GET."""
    if wants_partial(request):
        return _render_detail(request, get_skp_for_penilai(request.user, pk), notice=notice, error=error)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, notice)
    return redirect("perencanaan:bawahan_detail", pk=pk)


def _transition_error(exc: SkpTransitionError) -> str:
    return " ".join([exc.message, *exc.problems])


@login_required
@require_safe
def bawahan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    skp = get_skp_for_penilai(request.user, _pk_or_404(pk))
    return _render_detail(request, skp)


@login_required
@require_POST
def bawahan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    skp = get_skp_for_penilai(request.user, _pk_or_404(pk))
    assert isinstance(request.user, User)
    try:
        skp_approve(skp=skp, by=request.user)
    except SkpTransitionError as exc:
        return _after_action(request, skp.pk, error=_transition_error(exc))
    notice = _("SKP %(nama)s ditetapkan. SKP kini terkunci; perubahan berikutnya hanya melalui revisi.") % {
        "nama": skp.pegawai.nama_lengkap
    }
    return _after_action(request, skp.pk, notice=notice)


@login_required
@require_POST
def bawahan_return(request: HttpRequest, pk: int) -> HttpResponse:
    skp = get_skp_for_penilai(request.user, _pk_or_404(pk))
    assert isinstance(request.user, User)
    form = KembalikanSkpForm(request.POST)
    if form.is_valid():
        try:
            skp_return(skp=skp, by=request.user, catatan=form.cleaned_data["catatan"])
        except SkpTransitionError as exc:
            return _after_action(request, skp.pk, error=_transition_error(exc))
        except ValidationError as exc:
            form.add_error("catatan" if hasattr(exc, "error_dict") and "catatan" in exc.error_dict else None, exc)
        else:
            notice = _("SKP %(nama)s dikembalikan kepada pegawai dengan catatan.") % {"nama": skp.pegawai.nama_lengkap}
            return _after_action(request, skp.pk, notice=notice)
    if skp.status != StatusSkp.DIAJUKAN:
        # The note form is no longer on the page (the SKP was decided meanwhile): say why instead.
        error = _("SKP ini tidak sedang menunggu persetujuan (status: %(status)s).") % {
            "status": StatusSkp(skp.status).label
        }
        return _after_action(request, skp.pk, error=error)
    return _render_detail(request, skp, kembalikan_form=form)


urlpatterns = [
    path("skp-bawahan/", bawahan_list, name="bawahan_list"),
    path("skp-bawahan/<int:pk>/", bawahan_detail, name="bawahan_detail"),
    path("skp-bawahan/<int:pk>/tetapkan/", bawahan_approve, name="bawahan_approve"),
    path("skp-bawahan/<int:pk>/kembalikan/", bawahan_return, name="bawahan_return"),
]
