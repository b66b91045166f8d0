"""SKP forms 7–10 (seed 000 "SASARAN KINERJA PEGAWAI"): the PDF and the XLSX of one SKP.

Whoever may read the SKP (`perencanaan.access.get_skp_for_user`: the pegawai, the pejabat penilai,
the atasan of the pejabat penilai, the operator of its unit, the admin) may print it; anyone else
gets 404. The rendering lives in `dokumen.skp` so bulk printing can reuse it.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.views.decorators.http import require_safe

from perencanaan.access import get_skp_for_user
from perencanaan.views.skp import check_pk

from ..render import pdf_response
from ..skp import skp_filename, skp_pdf, skp_xlsx

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_safe
def skp_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    skp, _roles = get_skp_for_user(request.user, check_pk(pk))
    return pdf_response(skp_pdf(skp), skp_filename(skp, "pdf"))


@login_required
@require_safe
def skp_xlsx_view(request: HttpRequest, pk: int) -> HttpResponse:
    skp, _roles = get_skp_for_user(request.user, check_pk(pk))
    response = HttpResponse(skp_xlsx(skp), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{skp_filename(skp, "xlsx")}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns: list[URLPattern] = [
    path("skp/<int:pk>/pdf/", skp_pdf_view, name="skp_pdf"),
    path("skp/<int:pk>/xlsx/", skp_xlsx_view, name="skp_xlsx"),
]
