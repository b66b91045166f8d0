"""Menu Perilaku SKP (SPEC §2, §5; seed 003 "PERILAKU SKP"): the perilaku aspects the logged-in
pegawai was asked to rate — as atasan, rekan kerja or bawahan — and their feedback on them.

- `perilaku_list`: per year, the SKP in force in which the user rates at least one aspect, with
  "Anda dijadikan sebagai" (Atasan / Rekan kerja / Bawahan).
- `perilaku_nilai`: one such SKP per evaluation period: ONLY the aspects assigned to the user
  (name, panduan, ekspektasi khusus pimpinan), the user's own feedback on them and the input.
  A rater sees nothing else of the SKP: no RHK, no realisasi, no other aspect, no other feedback.
- `perilaku_umpan_balik` (add), `perilaku_umpan_balik_ubah`, `perilaku_umpan_balik_hapus`.

Not assigned: 404. The pejabat penilai rates the atasan aspects that name nobody.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

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
from django.views.decorators.http import require_POST, require_safe

from accounts.models import User
from organisasi.access import pegawai_of
from organisasi.models import Pegawai
from organisasi.views.operator import paginate, query_string_without_page, wants_partial
from perencanaan.models import PenilaiPerilaku, PerilakuSkp, Skp

from ..access import get_perilaku_for_rater, perilaku_assigned_to
from ..forms_umpan_balik import UmpanBalikForm
from ..models import Periode, UmpanBalik
from ..periode import periode_pilih
from ..services.umpan_balik import umpan_balik_perilaku_add, umpan_balik_remove, umpan_balik_update
from .umpan_balik import Gagal, Kolom, apply_gagal

LIST_TEMPLATE = "pelaksanaan/perilaku/list.html"
LIST_PARTIAL = "pelaksanaan/perilaku/_results.html"
NILAI_TEMPLATE = "pelaksanaan/perilaku/nilai.html"
NILAI_PARTIAL = "pelaksanaan/perilaku/_nilai.html"
REGION = "perilaku-nilai-isi"
PAGE_SIZE = 50
MAX_PK = 2**63 - 1


def _pk_or_404(pk: int) -> int:
    if not 1 <= pk <= MAX_PK:
        raise Http404
    return pk


def _me(request: HttpRequest) -> Pegawai:
    pegawai = pegawai_of(request.user)
    if pegawai is None:
        raise Http404
    return pegawai


def sebagai_label(tugas: list[PerilakuSkp]) -> str:
    """ "Anda dijadikan sebagai": the distinct roles of the user's aspects on one SKP."""
    labels = []
    for jenis in PenilaiPerilaku:
        if any(p.jenis_penilai == jenis for p in tugas):
            labels.append(str(jenis.label))
    return ", ".join(labels)


# --- List -------------------------------------------------------------------------------------


@dataclass
class SkpRow:
    skp: Skp
    tugas: list[PerilakuSkp]

    @property
    def sebagai(self) -> str:
        return sebagai_label(self.tugas)

    @property
    def jumlah_umpan_balik(self) -> int:
        return sum(getattr(p, "jumlah_umpan_balik", 0) for p in self.tugas)


@login_required
@require_safe
def perilaku_list(request: HttpRequest) -> HttpResponse:
    pegawai = pegawai_of(request.user)
    this_year = timezone.localdate().year
    context: dict[str, Any] = {"active_menu": "perilaku_skp", "penilai": pegawai, "tahun": this_year}
    if pegawai is None:
        return render(request, LIST_TEMPLATE, context)
    assigned = perilaku_assigned_to(pegawai)
    with_assignment = Skp.objects.filter(Exists(assigned.filter(skp=OuterRef("pk"))))
    years = sorted({d.year for d in with_assignment.dates("periode_mulai", "year")} | {this_year}, reverse=True)
    wanted = request.GET.get("tahun", "")
    tahun = int(wanted) if wanted in {str(y) for y in years} else this_year
    tugas = (
        assigned.select_related("aspek")
        .annotate(
            jumlah_umpan_balik=Count(
                "umpan_balik",
                filter=Q(umpan_balik__penulis=pegawai, umpan_balik__diganti_pada__isnull=True),
                distinct=True,
            )
        )
        .order_by("aspek__urutan")
    )
    skp_qs = (
        with_assignment.of_year(tahun)
        .select_related("pegawai", "jabatan")
        .prefetch_related(Prefetch("perilaku", queryset=tugas, to_attr="tugas"))
        .order_by("periode_mulai", "pegawai__nama", "pk")
    )
    page_obj = paginate(request, skp_qs, PAGE_SIZE)
    rows = [SkpRow(skp, getattr(skp, "tugas", [])) for skp in page_obj.object_list]
    context.update(
        years=years,
        tahun=tahun,
        page_obj=page_obj,
        rows=rows,
        query_string=query_string_without_page(request),
        ada_tugas=bool(rows) or with_assignment.exists(),
    )
    response = render(request, LIST_PARTIAL if wants_partial(request) else LIST_TEMPLATE, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- One SKP: the aspects to rate -------------------------------------------------------------


@dataclass
class AspekView:
    perilaku: PerilakuSkp
    sebagai: str
    kolom: Kolom


def _tugas_of(pegawai: Pegawai, skp_pk: int) -> list[PerilakuSkp]:
    tugas = list(
        perilaku_assigned_to(pegawai)
        .filter(skp_id=skp_pk)
        .select_related("aspek", "skp__pegawai__instansi", "skp__jabatan")
        .prefetch_related("aspek__panduan")
        .order_by("aspek__urutan")
    )
    if not tugas:
        raise Http404
    return tugas


def _nilai_context(
    request: HttpRequest,
    pegawai: Pegawai,
    tugas: list[PerilakuSkp],
    periode_raw: str | None = None,
    *,
    gagal: Gagal | None = None,
    notice: str = "",
    error: str = "",
) -> dict[str, Any]:
    skp = tugas[0].skp
    periods, periode = periode_pilih(skp, request.GET if periode_raw is None else {"periode": periode_raw})
    mine = UmpanBalik.objects.filter(
        perilaku__in=[p.pk for p in tugas], periode=periode, penulis=pegawai, jenis=UmpanBalik.Jenis.PERILAKU
    ).order_by("dibuat_pada", "pk")
    current: dict[int, list[UmpanBalik]] = {}
    riwayat: dict[int, list[UmpanBalik]] = {}
    for ub in mine:
        ub.penulis = pegawai  # it is the user: no query per row for the label
        assert ub.perilaku_id is not None
        (current if ub.is_current else riwayat).setdefault(ub.perilaku_id, []).append(ub)
    rows = [
        AspekView(
            p,
            str(PenilaiPerilaku(p.jenis_penilai).label),
            apply_gagal(Kolom(f"perilaku-{p.pk}", current.get(p.pk, []), riwayat.get(p.pk, [])), gagal),
        )
        for p in tugas
    ]
    locked = ""
    if not periode.terbuka:
        locked = _("Periode %(periode)s sudah ditutup: umpan balik tidak dapat ditambah atau diubah.") % {
            "periode": str(periode)
        }
    return {
        "active_menu": "perilaku_skp",
        "skp": skp,
        "dinilai": skp.pegawai,
        "periods": periods,
        "periode": periode,
        "rows": rows,
        "sebagai": sebagai_label(tugas),
        "can_write": not locked,
        "locked": locked,
        "me_pk": pegawai.pk,
        "region": REGION,
        "ubah_name": "pelaksanaan:perilaku_umpan_balik_ubah",
        "hapus_name": "pelaksanaan:perilaku_umpan_balik_hapus",
        "notice": notice,
        "error": error,
    }


def _render_nilai(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    response = render(request, NILAI_PARTIAL if wants_partial(request) else NILAI_TEMPLATE, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_safe
def perilaku_nilai(request: HttpRequest, skp_pk: int) -> HttpResponse:
    pegawai = _me(request)
    tugas = _tugas_of(pegawai, _pk_or_404(skp_pk))
    return _render_nilai(request, _nilai_context(request, pegawai, tugas))


def _finish(
    request: HttpRequest,
    pegawai: Pegawai,
    skp_pk: int,
    periode_raw: str,
    *,
    notice: str = "",
    error: str = "",
    gagal: Gagal | None = None,
    anchor: str = "",
) -> HttpResponse:
    if gagal is None and not wants_partial(request):
        if error:
            messages.error(request, error)
        elif notice:
            messages.success(request, notice)
        url = f"{reverse('pelaksanaan:perilaku_nilai', args=[skp_pk])}?periode={periode_raw}"
        return redirect(f"{url}#{anchor}" if anchor else url)
    tugas = _tugas_of(pegawai, skp_pk)
    context = _nilai_context(request, pegawai, tugas, periode_raw, gagal=gagal, notice=notice, error=error)
    return _render_nilai(request, context)


@login_required
@require_POST
def perilaku_umpan_balik(request: HttpRequest, pk: int) -> HttpResponse:
    """Add feedback on one aspect the user rates."""
    pegawai = _me(request)
    perilaku = get_perilaku_for_rater(request.user, _pk_or_404(pk))
    periode_raw = request.POST.get("periode", "").strip()
    periode = (
        Periode.objects.filter(pk=int(periode_raw)).first() if periode_raw.isdigit() and len(periode_raw) < 19 else None
    )
    key = f"perilaku-{perilaku.pk}"
    if periode is None:
        return _finish(request, pegawai, perilaku.skp_id, "", error=_("Periode evaluasi tidak ditemukan."))
    form = UmpanBalikForm(request.POST, key=f"ub-{key}")
    if form.is_valid():
        try:
            umpan_balik_perilaku_add(
                perilaku=perilaku, periode=periode, teks=form.cleaned_data["teks"], by=cast(User, request.user)
            )
        except ValidationError as exc:
            form.apply_service_error(exc)
        else:
            notice = _("Umpan balik aspek %(aspek)s disimpan.") % {"aspek": perilaku.aspek.nama}
            return _finish(request, pegawai, perilaku.skp_id, periode_raw, notice=notice, anchor=f"ub-{key}")
    return _finish(request, pegawai, perilaku.skp_id, periode_raw, gagal=Gagal(key, form), anchor=f"ub-{key}")


def _own_perilaku_feedback(request: HttpRequest, pk: int) -> UmpanBalik:
    """Perilaku feedback on an aspect the user rates; 404 for anyone else."""
    ub = UmpanBalik.objects.filter(pk=_pk_or_404(pk), jenis=UmpanBalik.Jenis.PERILAKU).first()
    if ub is None or ub.perilaku_id is None:
        raise Http404
    get_perilaku_for_rater(request.user, ub.perilaku_id)
    return ub


@login_required
@require_POST
def perilaku_umpan_balik_ubah(request: HttpRequest, pk: int) -> HttpResponse:
    pegawai = _me(request)
    ub = _own_perilaku_feedback(request, pk)
    periode_raw = str(ub.periode_id)
    form = UmpanBalikForm(request.POST, key=f"ubah-{ub.pk}")
    if form.is_valid():
        try:
            umpan_balik_update(umpan_balik=ub, teks=form.cleaned_data["teks"], by=cast(User, request.user))
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                return _finish(request, pegawai, ub.skp_id, periode_raw, error=" ".join(exc.messages))
            form.apply_service_error(exc)
        else:
            notice = _("Umpan balik diubah; versi sebelumnya tetap tersimpan.")
            return _finish(request, pegawai, ub.skp_id, periode_raw, notice=notice)
    return _finish(request, pegawai, ub.skp_id, periode_raw, gagal=Gagal(f"ubah-{ub.pk}", form))


@login_required
@require_POST
def perilaku_umpan_balik_hapus(request: HttpRequest, pk: int) -> HttpResponse:
    pegawai = _me(request)
    ub = _own_perilaku_feedback(request, pk)
    try:
        umpan_balik_remove(umpan_balik=ub, by=cast(User, request.user))
    except ValidationError as exc:
        return _finish(request, pegawai, ub.skp_id, str(ub.periode_id), error=" ".join(exc.messages))
    notice = _("Umpan balik ditarik; tetap tercatat di riwayat.")
    return _finish(request, pegawai, ub.skp_id, str(ub.periode_id), notice=notice)


urlpatterns = [
    path("perilaku-skp/", perilaku_list, name="perilaku_list"),
    path("perilaku-skp/<int:skp_pk>/", perilaku_nilai, name="perilaku_nilai"),
    path("perilaku-skp/aspek/<int:pk>/", perilaku_umpan_balik, name="perilaku_umpan_balik"),
    path("perilaku-skp/umpan-balik/<int:pk>/ubah/", perilaku_umpan_balik_ubah, name="perilaku_umpan_balik_ubah"),
    path("perilaku-skp/umpan-balik/<int:pk>/hapus/", perilaku_umpan_balik_hapus, name="perilaku_umpan_balik_hapus"),
]
