"""Forms 11–14 as PDF (see `dokumen.evaluasi`):

- `pendokumentasian_pdf_view` (`skp/<pk>/pendokumentasian/pdf/`) and `umpan_balik_pdf_view`
  (`skp/<pk>/umpan-balik/pdf/?periode=<pk>`): whoever may read the SKP's realisasi and feedback
  (`pelaksanaan.access.get_skp_for_pelaksanaan`: the pegawai, the pejabat penilai, the atasan of the
  pejabat penilai, the operator of its unit, the admin); a rekan who only rates one aspect gets 404.
- `hasil_evaluasi_pdf_view` (`evaluasi/<pk>/hasil/pdf/`) and `dokumen_evaluasi_pdf_view`
  (`evaluasi/<pk>/dokumen/pdf/?varian=…`): whoever may read the evaluation
  (`penilaian.access.get_evaluasi_for_user`: the pegawai only once it is given).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.views.decorators.http import require_safe

from pelaksanaan.access import get_skp_for_pelaksanaan
from pelaksanaan.periode import periode_pilih
from penilaian.access import get_evaluasi_for_user
from perencanaan.views.skp import check_pk

from ..evaluasi import (
    dokumen_evaluasi_pdf,
    hasil_evaluasi_filename,
    hasil_evaluasi_pdf,
    load_evaluasi,
    pendokumentasian_filename,
    pendokumentasian_pdf,
    umpan_balik_filename,
    umpan_balik_pdf,
)
from ..render import pdf_response
from ..skp import load_skp


@login_required
@require_safe
def pendokumentasian_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    skp, _roles = get_skp_for_pelaksanaan(request.user, check_pk(pk))
    skp = load_skp(skp.pk)
    return pdf_response(pendokumentasian_pdf(skp), pendokumentasian_filename(skp))


@login_required
@require_safe
def umpan_balik_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    skp, _roles = get_skp_for_pelaksanaan(request.user, check_pk(pk))
    _periods, periode = periode_pilih(skp, request.GET)
    skp = load_skp(skp.pk)
    return pdf_response(umpan_balik_pdf(skp, periode), umpan_balik_filename(skp, periode))


@login_required
@require_safe
def hasil_evaluasi_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    evaluasi, _roles = get_evaluasi_for_user(request.user, check_pk(pk))
    evaluasi = load_evaluasi(evaluasi.pk)
    return pdf_response(hasil_evaluasi_pdf(evaluasi), hasil_evaluasi_filename(evaluasi))


@login_required
@require_safe
def dokumen_evaluasi_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    evaluasi, _roles = get_evaluasi_for_user(request.user, check_pk(pk))
    evaluasi = load_evaluasi(evaluasi.pk)
    filename, pdf = dokumen_evaluasi_pdf(evaluasi, request.GET.get("varian"))
    return pdf_response(pdf, filename)


urlpatterns: list[URLPattern] = [
    path("skp/<int:pk>/pendokumentasian/pdf/", pendokumentasian_pdf_view, name="pendokumentasian_pdf"),
    path("skp/<int:pk>/umpan-balik/pdf/", umpan_balik_pdf_view, name="umpan_balik_pdf"),
    path("evaluasi/<int:pk>/hasil/pdf/", hasil_evaluasi_pdf_view, name="hasil_evaluasi_pdf"),
    path("evaluasi/<int:pk>/dokumen/pdf/", dokumen_evaluasi_pdf_view, name="dokumen_evaluasi_pdf"),
]
