"""Profil: the pegawai's own identity, atasan, bawahan and the editable rekan kerja list (seed 003).

Without JavaScript everything is a plain GET search (`?cari=`) and form POSTs that redirect back
to the profile; with htmx the search refreshes the candidate list and Tambah/Hapus swap the rekan
kerja section in place.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_htmx.http import replace_url
from django_htmx.middleware import HtmxDetails

from ..access import IDENTITY_RELATIONS, get_own_pegawai
from ..models import Pegawai
from ..services.profil import rekan_kerja_add, rekan_kerja_remove

MAX_KANDIDAT = 20
MAX_CARI_LENGTH = 100
MAX_PK = 2**63 - 1  # larger ids cannot exist and would overflow the database's integer column


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _cari(params: QueryDict) -> str:
    return params.get("cari", "").strip()[:MAX_CARI_LENGTH]


def _pk_or_404(raw: str | int) -> int:
    """An id as sent by our own forms (plain ASCII digits, in range); anything else names nobody."""
    text = str(raw)
    if not (text.isascii() and text.isdigit()):
        raise Http404
    pk = int(text)
    if not 1 <= pk <= MAX_PK:
        raise Http404
    return pk


def _profil_url(cari: str = "", fragment: str = "") -> str:
    url = reverse("organisasi:profil")
    if cari:
        url += "?" + urlencode({"cari": cari})
    return url + (f"#{fragment}" if fragment else "")


def _kandidat_context(pegawai: Pegawai, cari: str) -> dict[str, Any]:
    """Active pegawai of the same instansi who are not the pegawai and not yet a rekan kerja."""
    kandidat: list[Pegawai] = []
    if cari:
        kandidat = list(
            Pegawai.objects.active()
            .filter(instansi_id=pegawai.instansi_id)
            .exclude(pk=pegawai.pk)
            .exclude(pk__in=pegawai.rekan_kerja.values("pk"))
            .search(cari)
            .select_related(*IDENTITY_RELATIONS)
            .order_by("nama", "nip")[: MAX_KANDIDAT + 1]
        )
    return {
        "cari": cari,
        "kandidat": kandidat[:MAX_KANDIDAT],
        "kandidat_terpotong": len(kandidat) > MAX_KANDIDAT,
        "max_kandidat": MAX_KANDIDAT,
    }


def _rekan_kerja_context(pegawai: Pegawai, cari: str) -> dict[str, Any]:
    rekan_kerja = list(pegawai.rekan_kerja.select_related(*IDENTITY_RELATIONS).order_by("nama", "nip"))
    return {"rekan_kerja": rekan_kerja, **_kandidat_context(pegawai, cari)}


def _after_change(
    request: HtmxHttpRequest, pegawai: Pegawai, cari: str, *, notice: str = "", error: str = ""
) -> HttpResponse:
    """htmx: the refreshed rekan kerja section; otherwise back to the profile (POST/redirect/GET)."""
    if request.htmx:
        context = {"pegawai": pegawai, "notice": notice, "error": error, **_rekan_kerja_context(pegawai, cari)}
        return render(request, "organisasi/_rekan_kerja.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, notice)
    return redirect(_profil_url(cari, "rekan-kerja"))


@login_required
@require_safe
def profil(request: HtmxHttpRequest) -> HttpResponse:
    pegawai = get_own_pegawai(request.user)
    atasan = pegawai.atasan
    bawahan = list(
        Pegawai.objects.active().filter(atasan=pegawai).select_related(*IDENTITY_RELATIONS).order_by("nama", "nip")
    )
    context = {
        "active_menu": "profil",
        "pegawai": pegawai,
        "atasan": atasan,
        "atasan_atasan": atasan.atasan if atasan is not None else None,
        "bawahan": bawahan,
        **_rekan_kerja_context(pegawai, _cari(request.GET)),
    }
    return render(request, "organisasi/profil.html", context)


@login_required
@require_safe
def rekan_kerja_cari(request: HtmxHttpRequest) -> HttpResponse:
    pegawai = get_own_pegawai(request.user)
    cari = _cari(request.GET)
    if not request.htmx:
        return redirect(_profil_url(cari, "tambah-rekan"))
    response = render(request, "organisasi/_rekan_kerja_kandidat.html", _kandidat_context(pegawai, cari))
    # The address bar follows the search, so a reload shows the same candidates.
    return replace_url(response, _profil_url(cari))


@login_required
@require_POST
def rekan_kerja_tambah(request: HtmxHttpRequest) -> HttpResponse:
    pegawai = get_own_pegawai(request.user)
    cari = _cari(request.POST)
    # Only pegawai of one's own instansi can be named at all: anyone else does not exist here.
    rekan = get_object_or_404(
        Pegawai.objects.filter(instansi_id=pegawai.instansi_id), pk=_pk_or_404(request.POST.get("pegawai", ""))
    )
    try:
        rekan_kerja_add(pegawai=pegawai, rekan=rekan)
    except ValidationError as exc:
        return _after_change(request, pegawai, cari, error=" ".join(exc.messages))
    notice = _("%(nama)s ditambahkan sebagai rekan kerja.") % {"nama": rekan.nama_lengkap}
    return _after_change(request, pegawai, cari, notice=notice)


@login_required
@require_POST
def rekan_kerja_hapus(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    pegawai = get_own_pegawai(request.user)
    cari = _cari(request.POST)
    rekan = get_object_or_404(pegawai.rekan_kerja.all(), pk=_pk_or_404(pk))
    try:
        rekan_kerja_remove(pegawai=pegawai, rekan=rekan)
    except ValidationError as exc:  # removed meanwhile in another tab
        return _after_change(request, pegawai, cari, error=" ".join(exc.messages))
    notice = _("%(nama)s dihapus dari daftar rekan kerja.") % {"nama": rekan.nama_lengkap}
    return _after_change(request, pegawai, cari, notice=notice)


urlpatterns = [
    path("profil/", profil, name="profil"),
    path("profil/rekan-kerja/cari/", rekan_kerja_cari, name="rekan_kerja_cari"),
    path("profil/rekan-kerja/tambah/", rekan_kerja_tambah, name="rekan_kerja_tambah"),
    path("profil/rekan-kerja/<int:pk>/hapus/", rekan_kerja_hapus, name="rekan_kerja_hapus"),
]
