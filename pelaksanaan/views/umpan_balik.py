"""The Umpan balik page of one SKP per evaluation period (SPEC §5; seed 003 "SKP BAWAHAN"):

- the sheet: RHK/IKI, target, realisasi and capaian next to the feedback; the pejabat penilai
  writes "Pimpinan: …" per IKI (kualitatif: per RHK) with inline forms (htmx, and plain POSTs
  without JavaScript), changes or withdraws their own feedback;
- the perilaku kerja with each aspect's penilai's feedback (read-only here: written from the
  Perilaku SKP menu);
- incidental feedback (apresiasi, penugasan baru, RHK tidak dapat diselesaikan + tindak lanjut);
- pembinaan kinerja (bimbingan/konseling), recorded by the pejabat penilai.

Everyone who reads the SKP (pegawai, pejabat penilai, atasan pejabat penilai, operator, admin)
sees all of it; only the pejabat penilai writes. Replaced or withdrawn feedback stays visible
under "Riwayat".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.models import User
from organisasi.access import pegawai_of
from organisasi.views.operator import wants_partial
from perencanaan.access import PeranSkp
from perencanaan.models import Iki, PenilaiPerilaku, Rhk, Skp, StatusSkp

from ..access import get_skp_for_pelaksanaan, get_skp_for_pimpinan
from ..forms_umpan_balik import InsidentalForm, KeyedForm, PembinaanForm, UmpanBalikForm
from ..models import Pembinaan, Periode, UmpanBalik
from ..periode import periode_pilih
from ..selectors import BarisIki, BarisPerilaku, BarisRhk, LembarKinerja, lembar_kinerja
from ..services.pembinaan import pembinaan_add
from ..services.umpan_balik import (
    umpan_balik_hasil_add,
    umpan_balik_insidental_add,
    umpan_balik_remove,
    umpan_balik_update,
)

PAGE_TEMPLATE = "pelaksanaan/umpan_balik/page.html"
PARTIAL_TEMPLATE = "pelaksanaan/umpan_balik/_part.html"
REGION = "umpan-balik-isi"
MAX_PK = 2**63 - 1


# --- View model -------------------------------------------------------------------------------


@dataclass
class Kolom:
    """The feedback cell of one target (an IKI, an RHK, an aspect, the incidental list): the current
    feedback, the replaced/withdrawn versions, and the inline forms' state after a failed save."""

    key: str
    items: list[UmpanBalik]
    riwayat: list[UmpanBalik] = field(default_factory=list)
    hidden: list[tuple[str, int]] = field(default_factory=list)  # fields of the "add" form
    form: KeyedForm | None = None  # the add form, bound with errors after a failed save
    ubah_pk: int | None = None  # the item whose change form failed
    ubah_form: KeyedForm | None = None


@dataclass
class IkiView:
    baris: BarisIki
    kolom: Kolom


@dataclass
class RhkView:
    baris: BarisRhk
    iki: list[IkiView]
    kolom: Kolom  # kualitatif: the RHK's feedback; kuantitatif: RHK-level feedback, if any


@dataclass
class PerilakuView:
    baris: BarisPerilaku
    penilai: str
    kolom: Kolom


@dataclass
class InsidentalView:
    ub: UmpanBalik
    rhk: Rhk | None


@dataclass
class Gagal:
    """A form that failed: its key on the page and the bound form with the errors."""

    key: str
    form: KeyedForm


def riwayat_by_key(rows: Iterable[UmpanBalik]) -> dict[str, list[UmpanBalik]]:
    """Replaced or withdrawn feedback grouped by the target it was on."""
    grouped: dict[str, list[UmpanBalik]] = {}
    for ub in rows:
        grouped.setdefault(key_of(ub), []).append(ub)
    return grouped


def key_of(ub: UmpanBalik) -> str:
    if ub.jenis == UmpanBalik.Jenis.INSIDENTAL:
        return "insidental"
    if ub.perilaku_id is not None:
        return f"perilaku-{ub.perilaku_id}"
    if ub.iki_id is not None:
        return f"iki-{ub.iki_id}"
    return f"rhk-{ub.rhk_id}"


def replaced_feedback(skp: Skp, periode: Periode) -> list[UmpanBalik]:
    return list(
        UmpanBalik.objects.filter(skp=skp, periode=periode, diganti_pada__isnull=False)
        .select_related("penulis", "rhk")
        .order_by("dibuat_pada", "pk")
    )


def apply_gagal(kolom: Kolom, gagal: Gagal | None) -> Kolom:
    if gagal is None:
        return kolom
    if gagal.key == kolom.key:
        kolom.form = gagal.form
    elif gagal.key.startswith("ubah-"):
        pk = int(gagal.key.removeprefix("ubah-"))
        if any(ub.pk == pk for ub in kolom.items):
            kolom.ubah_pk, kolom.ubah_form = pk, gagal.form
    return kolom


def perilaku_penilai_label(skp: Skp, baris: BarisPerilaku) -> str:
    perilaku = baris.perilaku
    label = perilaku.get_jenis_penilai_display()
    if perilaku.penilai is not None:
        return f"{label} ({perilaku.penilai.nama_lengkap})"
    if skp.pejabat_penilai is not None:
        return f"{label} ({skp.pejabat_penilai.nama_lengkap})"
    return str(label)


def _rows(lembar: LembarKinerja, riwayat: dict[str, list[UmpanBalik]], gagal: Gagal | None) -> list[RhkView]:
    kualitatif = lembar.variant == "kualitatif"
    rows = []
    for baris in lembar.rhk_rows:
        iki = [
            IkiView(
                b,
                apply_gagal(
                    Kolom(
                        f"iki-{b.iki.pk}",
                        b.umpan_balik,
                        riwayat.get(f"iki-{b.iki.pk}", []),
                        hidden=[("iki", b.iki.pk)],
                    ),
                    gagal,
                ),
            )
            for b in baris.iki
        ]
        key = f"rhk-{baris.rhk.pk}"
        kolom = Kolom(
            key, baris.umpan_balik, riwayat.get(key, []), hidden=[("rhk", baris.rhk.pk)] if kualitatif else []
        )
        rows.append(RhkView(baris, iki, apply_gagal(kolom, gagal)))
    return rows


def _sections(lembar: LembarKinerja, rows: list[RhkView]) -> list[tuple[str, list[RhkView]]]:
    by_pk = {r.baris.rhk.pk: r for r in rows}
    return [(judul, [by_pk[b.rhk.pk] for b in baris]) for judul, baris in lembar.sections]


def _active_menu(roles: set[PeranSkp]) -> str:
    if PeranSkp.PEMILIK in roles:
        return "skp_saya"
    if PeranSkp.PENILAI in roles:
        return "skp_bawahan"
    return ""


def page_context(
    request: HttpRequest,
    skp: Skp,
    roles: set[PeranSkp],
    periods: list[Periode],
    periode: Periode,
    *,
    gagal: Gagal | None = None,
    notice: str = "",
    error: str = "",
) -> dict[str, Any]:
    is_penilai = PeranSkp.PENILAI in roles
    me = pegawai_of(request.user)
    lembar = lembar_kinerja(skp, periode)
    riwayat = riwayat_by_key(replaced_feedback(skp, periode))
    rows = _rows(lembar, riwayat, gagal)
    rhk_by_pk = {r.baris.rhk.pk: r.baris.rhk for r in rows}
    perilaku = [
        PerilakuView(
            b,
            perilaku_penilai_label(skp, b),
            Kolom(f"perilaku-{b.perilaku.pk}", b.umpan_balik, riwayat.get(f"perilaku-{b.perilaku.pk}", [])),
        )
        for b in lembar.perilaku
    ]
    # Aspects the user rates here (as pejabat penilai: the atasan aspects naming nobody), so that
    # the link to the Perilaku SKP menu only shows when it leads somewhere.
    menilai_perilaku = (
        me is not None
        and skp.status == StatusSkp.DITETAPKAN
        and skp.pegawai_id != me.pk
        and any(
            b.perilaku.penilai_id == me.pk
            or (is_penilai and b.perilaku.penilai_id is None and b.perilaku.jenis_penilai == PenilaiPerilaku.ATASAN)
            for b in lembar.perilaku
        )
    )
    insidental = Kolom("insidental", lembar.insidental, riwayat.get("insidental", []))
    apply_gagal(insidental, gagal)
    if skp.status != StatusSkp.DITETAPKAN:
        locked = _(
            "SKP berstatus %(status)s: umpan balik dan pembinaan hanya dapat dicatat pada SKP yang ditetapkan."
        ) % {"status": StatusSkp(skp.status).label}
    elif not periode.terbuka:
        locked = _("Periode %(periode)s sudah ditutup: umpan balik tidak dapat ditambah atau diubah.") % {
            "periode": str(periode)
        }
    else:
        locked = ""
    can_write = is_penilai and not locked
    rhk_choices = [r.baris.rhk for r in rows]
    insidental_form = (
        gagal.form
        if gagal is not None and gagal.key == "insidental-baru"
        else InsidentalForm(key="insidental-baru", rhk_choices=rhk_choices, initial={"tanggal": _default_date(periode)})
    )
    pembinaan_form = (
        gagal.form
        if gagal is not None and gagal.key == "pembinaan"
        else PembinaanForm(key="pembinaan", initial={"tanggal": _default_date(periode)})
    )
    return {
        "skp": skp,
        "periods": periods,
        "periode": periode,
        "tab": "umpan_balik",
        "is_penilai": is_penilai,
        "is_pemilik": PeranSkp.PEMILIK in roles,
        "active_menu": _active_menu(roles),
        "me_pk": me.pk if me is not None else None,
        "lembar": lembar,
        "sections": _sections(lembar, rows),
        "perilaku_rows": perilaku,
        "menilai_perilaku": menilai_perilaku,
        "insidental": insidental,
        "insidental_rows": [InsidentalView(ub, rhk_by_pk.get(ub.rhk_id or 0)) for ub in lembar.insidental],
        "insidental_form": insidental_form,
        "pembinaan": list(Pembinaan.objects.filter(skp=skp).select_related("dicatat_oleh").order_by("-tanggal", "-pk")),
        "pembinaan_form": pembinaan_form,
        "can_write": can_write,
        "locked": locked if is_penilai else "",
        "region": REGION,
        "label_pimpinan": _("Pimpinan"),
        "ubah_name": "pelaksanaan:umpan_balik_ubah",
        "hapus_name": "pelaksanaan:umpan_balik_hapus",
        "notice": notice,
        "error": error,
    }


def _default_date(periode: Periode) -> date:
    """Today, or the nearest day of the period when today is outside it."""
    today = timezone.localdate()
    return min(max(today, periode.mulai), periode.selesai)


def _render(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    response = render(request, PARTIAL_TEMPLATE if wants_partial(request) else PAGE_TEMPLATE, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _page_url(skp: Skp, periode: Periode, anchor: str = "") -> str:
    url = f"{reverse('pelaksanaan:umpan_balik', args=[skp.pk])}?periode={periode.pk}"
    return f"{url}#{anchor}" if anchor else url


def _pk_or_404(pk: int) -> int:
    if not 1 <= pk <= MAX_PK:
        raise Http404
    return pk


def _posted_int(request: HttpRequest, name: str) -> int | None:
    raw = request.POST.get(name, "").strip()
    if not raw.isdigit():
        return None
    value = int(raw)
    return value if 1 <= value <= MAX_PK else None


def _finish(
    request: HttpRequest,
    skp: Skp,
    periode_raw: str,
    *,
    notice: str = "",
    error: str = "",
    gagal: Gagal | None = None,
    anchor: str = "",
) -> HttpResponse:
    """htmx: the page's region again with the outcome; without JavaScript a failed form is shown
    on the page again, anything else goes back to the page (POST/redirect/GET)."""
    # Re-read the SKP and roles: the write may have changed what the page shows.
    skp, roles = get_skp_for_pelaksanaan(request.user, skp.pk)
    periods, periode = periode_pilih(skp, {"periode": periode_raw})
    if gagal is None and not wants_partial(request):
        if error:
            messages.error(request, error)
        elif notice:
            messages.success(request, notice)
        return redirect(_page_url(skp, periode, anchor))
    context = page_context(request, skp, roles, periods, periode, gagal=gagal, notice=notice, error=error)
    return _render(request, context)


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# --- Views ------------------------------------------------------------------------------------


@login_required
@require_safe
def umpan_balik(request: HttpRequest, pk: int) -> HttpResponse:
    skp, roles = get_skp_for_pelaksanaan(request.user, _pk_or_404(pk))
    periods, periode = periode_pilih(skp, request.GET)
    return _render(request, page_context(request, skp, roles, periods, periode))


def _posted_periode(request: HttpRequest) -> tuple[str, Periode | None]:
    raw = request.POST.get("periode", "")
    pk = _posted_int(request, "periode")
    return raw, (Periode.objects.filter(pk=pk).first() if pk is not None else None)


@login_required
@require_POST
def umpan_balik_hasil(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Pimpinan: …" on one IKI (or, kualitatif, one RHK)."""
    skp = get_skp_for_pimpinan(request.user, _pk_or_404(pk))
    periode_raw, periode = _posted_periode(request)
    iki_pk, rhk_pk = _posted_int(request, "iki"), _posted_int(request, "rhk")
    iki = Iki.objects.select_related("rhk").filter(pk=iki_pk).first() if iki_pk is not None else None
    rhk = Rhk.objects.filter(pk=rhk_pk).first() if rhk_pk is not None and iki_pk is None else None
    if periode is None:
        return _finish(request, skp, periode_raw, error=_("Periode evaluasi tidak ditemukan."))
    if iki is None and rhk is None:
        return _finish(request, skp, periode_raw, error=_("RHK atau IKI yang diberi umpan balik tidak ditemukan."))
    key = f"iki-{iki.pk}" if iki is not None else f"rhk-{rhk.pk}" if rhk is not None else ""
    form = UmpanBalikForm(request.POST, key=f"ub-{key}")
    if form.is_valid():
        try:
            umpan_balik_hasil_add(
                skp=skp, periode=periode, teks=form.cleaned_data["teks"], by=cast(User, request.user), iki=iki, rhk=rhk
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and ("iki" in exc.error_dict or "rhk" in exc.error_dict):
                return _finish(request, skp, periode_raw, error=_error_text(exc))
            form.apply_service_error(exc)
        else:
            return _finish(request, skp, periode_raw, notice=_("Umpan balik disimpan."), anchor=f"ub-{key}")
    return _finish(request, skp, periode_raw, gagal=Gagal(key, form), anchor=f"ub-{key}")


@login_required
@require_POST
def umpan_balik_insidental(request: HttpRequest, pk: int) -> HttpResponse:
    skp = get_skp_for_pimpinan(request.user, _pk_or_404(pk))
    periode_raw, periode = _posted_periode(request)
    if periode is None:
        return _finish(request, skp, periode_raw, error=_("Periode evaluasi tidak ditemukan."))
    rhk_choices = list(Rhk.objects.filter(skp=skp).order_by("jenis", "urutan", "pk"))
    form = InsidentalForm(request.POST, key="insidental-baru", rhk_choices=rhk_choices)
    if form.is_valid():
        data = form.cleaned_data
        rhk = next((r for r in rhk_choices if r.pk == data["rhk"]), None)
        try:
            umpan_balik_insidental_add(
                skp=skp,
                periode=periode,
                kategori=data["kategori"],
                teks=data["teks"],
                tanggal=data["tanggal"],
                by=cast(User, request.user),
                rhk=rhk,
                tindak_lanjut=data["tindak_lanjut"],
            )
        except ValidationError as exc:
            form.apply_service_error(exc)
        else:
            return _finish(request, skp, periode_raw, notice=_("Umpan balik insidental dicatat."), anchor="insidental")
    return _finish(request, skp, periode_raw, gagal=Gagal("insidental-baru", form), anchor="insidental")


@login_required
@require_POST
def pembinaan_tambah(request: HttpRequest, pk: int) -> HttpResponse:
    skp = get_skp_for_pimpinan(request.user, _pk_or_404(pk))
    periode_raw = request.POST.get("periode", "")
    form = PembinaanForm(request.POST, key="pembinaan")
    if form.is_valid():
        data = form.cleaned_data
        try:
            pembinaan_add(
                skp=skp,
                jenis=data["jenis"],
                tanggal=data["tanggal"],
                catatan=data["catatan"],
                tindak_lanjut=data["tindak_lanjut"],
                by=cast(User, request.user),
            )
        except ValidationError as exc:
            form.apply_service_error(exc)
        else:
            return _finish(request, skp, periode_raw, notice=_("Pembinaan kinerja dicatat."), anchor="pembinaan")
    return _finish(request, skp, periode_raw, gagal=Gagal("pembinaan", form), anchor="pembinaan")


def _own_feedback(request: HttpRequest, pk: int) -> tuple[UmpanBalik, Skp]:
    """Feedback on results or incidental feedback on an SKP the user judges; 404 otherwise.
    (Perilaku feedback is changed from the Perilaku SKP menu.)"""
    ub = UmpanBalik.objects.filter(pk=_pk_or_404(pk)).exclude(jenis=UmpanBalik.Jenis.PERILAKU).first()
    if ub is None:
        raise Http404
    return ub, get_skp_for_pimpinan(request.user, ub.skp_id)


@login_required
@require_POST
def umpan_balik_ubah(request: HttpRequest, pk: int) -> HttpResponse:
    ub, skp = _own_feedback(request, pk)
    periode_raw = str(ub.periode_id)
    form = UmpanBalikForm(request.POST, key=f"ubah-{ub.pk}")
    if form.is_valid():
        try:
            umpan_balik_update(umpan_balik=ub, teks=form.cleaned_data["teks"], by=cast(User, request.user))
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                return _finish(request, skp, periode_raw, error=_error_text(exc))
            form.apply_service_error(exc)
        else:
            return _finish(request, skp, periode_raw, notice=_("Umpan balik diubah; versi sebelumnya tetap tersimpan."))
    return _finish(request, skp, periode_raw, gagal=Gagal(f"ubah-{ub.pk}", form))


@login_required
@require_POST
def umpan_balik_hapus(request: HttpRequest, pk: int) -> HttpResponse:
    ub, skp = _own_feedback(request, pk)
    try:
        umpan_balik_remove(umpan_balik=ub, by=cast(User, request.user))
    except ValidationError as exc:
        return _finish(request, skp, str(ub.periode_id), error=_error_text(exc))
    return _finish(request, skp, str(ub.periode_id), notice=_("Umpan balik ditarik; tetap tercatat di riwayat."))


urlpatterns = [
    path("skp/<int:pk>/umpan-balik/", umpan_balik, name="umpan_balik"),
    path("skp/<int:pk>/umpan-balik/hasil/", umpan_balik_hasil, name="umpan_balik_hasil"),
    path("skp/<int:pk>/umpan-balik/insidental/", umpan_balik_insidental, name="umpan_balik_insidental"),
    path("skp/<int:pk>/pembinaan/", pembinaan_tambah, name="pembinaan_tambah"),
    path("umpan-balik/<int:pk>/ubah/", umpan_balik_ubah, name="umpan_balik_ubah"),
    path("umpan-balik/<int:pk>/hapus/", umpan_balik_hapus, name="umpan_balik_hapus"),
]
