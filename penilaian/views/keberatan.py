"""Keberatan (SPEC §6.5) and the printable Dokumen Evaluasi Kinerja Pegawai (SPEC §6.4).

- `keberatan_list`: the keberatan the user takes part in — filed by them, to explain as pejabat
  penilai, to decide as atasan pejabat penilai — and, for an operator, those of their scope; the
  ones waiting for the user first. Peran/status/search filters reload the results with htmx and
  work as a plain GET form without JavaScript.
- `keberatan_ajukan`: the evaluation given to the pegawai and the deadline; the form while it can
  be filed, an explanation (with the deadline) when it cannot.
- `keberatan_detail`: the three texts with author and time, the form of whoever acts now (the
  penilai explains; the atasan decides, with a server-side predikat preview), and after a change
  both the original (versi 1) and the new result (versi 2).
- `keberatan_jelaskan` / `keberatan_putuskan`: POST; with htmx the detail is swapped in place,
  without JavaScript POST/redirect/GET.
- `dokumen_evaluasi`: the Dokumen Evaluasi Kinerja Pegawai as a printable A4 page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect

from accounts.models import User
from organisasi.access import operator_scopes, pegawai_of
from organisasi.models import Pegawai
from organisasi.views.operator import paginate, query_string_without_page, wants_partial
from perencanaan.access import PeranSkp

from ..access import get_evaluasi_for_user, get_keberatan_for_participant
from ..dokumen import dokumen_evaluasi_data
from ..forms_keberatan import (
    AjukanKeberatanForm,
    JelaskanKeberatanForm,
    KeberatanFilterForm,
    PutuskanKeberatanForm,
)
from ..models import Evaluasi, Keberatan, Rating, StatusKeberatan
from ..rules import predikat_from_ratings
from ..services.keberatan import (
    batas_keberatan,
    can_move,
    keberatan_ajukan,
    keberatan_jelaskan,
    keberatan_putuskan,
    keberatan_refusal,
)

PAGE_SIZE = 25
MAX_PK = 2**63 - 1
LIST_TEMPLATE = "penilaian/keberatan/list.html"
LIST_PARTIAL = "penilaian/keberatan/_results.html"
AJUKAN_TEMPLATE = "penilaian/keberatan/ajukan.html"
AJUKAN_PARTIAL = "penilaian/keberatan/_ajukan_body.html"
DETAIL_TEMPLATE = "penilaian/keberatan/detail.html"
DETAIL_PARTIAL = "penilaian/keberatan/_detail_body.html"
PRATINJAU_PARTIAL = "penilaian/keberatan/_pratinjau.html"
DOKUMEN_TEMPLATE = "penilaian/dokumen/evaluasi.html"


def _pk_or_404(pk: int) -> int:
    if not 1 <= pk <= MAX_PK:
        raise Http404
    return pk


def _render(request: HttpRequest, template: str, partial: str, context: dict[str, Any]) -> HttpResponse:
    response = render(request, partial if wants_partial(request) else template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # @login_required ran
    return request.user


def _error_text(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


# --- List -------------------------------------------------------------------------------------


def _operator_filter(user: User) -> Q | None:
    """The keberatan of the pegawai in the user's operator scopes; None when they operate nothing."""
    if user.is_superuser:
        return Q()
    scopes = operator_scopes(user)
    if not scopes:
        return None
    combined = Q(pk__in=[])
    for scope in scopes:
        condition = Q(evaluasi__skp__pegawai__instansi=scope.instansi)
        if scope.unit_ids is not None:
            condition &= Q(evaluasi__skp__unit_kerja_id__in=scope.unit_ids) | Q(
                evaluasi__skp__unit_kerja__isnull=True, evaluasi__skp__pegawai__unit_kerja_id__in=scope.unit_ids
            )
        combined |= condition
    return combined


def _peran_filters(user: User, pegawai: Pegawai | None) -> dict[str, Q]:
    filters: dict[str, Q] = {}
    if pegawai is not None:
        filters["pemohon"] = Q(evaluasi__skp__pegawai=pegawai)
        filters["penilai"] = Q(evaluasi__penilai=pegawai)
        filters["atasan"] = Q(evaluasi__penilai__atasan=pegawai)
    operator = _operator_filter(user)
    if operator is not None:
        filters["operator"] = operator
    return filters


def _search(qs: QuerySet[Keberatan], q: str) -> QuerySet[Keberatan]:
    if not q:
        return qs
    digits = q.replace(" ", "")
    if digits.isdigit():
        return qs.filter(evaluasi__skp__pegawai__nip__startswith=digits)
    return qs.filter(evaluasi__skp__pegawai__nama__icontains=q)


@login_required
@require_safe
def keberatan_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    pegawai = pegawai_of(user)
    filters = _peran_filters(user, pegawai)
    form = KeberatanFilterForm(request.GET)
    form.make_live(url=reverse("penilaian:keberatan_list"), target="#keberatan-results")
    form.is_valid()  # a bad choice is dropped; the other filters still apply
    peran: str = form.cleaned_data.get("peran") or ""
    status: str = form.cleaned_data.get("status") or ""
    q: str = (form.cleaned_data.get("q") or "").strip()

    if peran:
        condition = filters.get(peran, Q(pk__in=[]))
    elif filters:
        condition = Q(pk__in=[])
        for value in filters.values():
            condition |= value
    else:
        condition = Q(pk__in=[])
    mine = Keberatan.objects.filter(condition)

    me = pegawai.pk if pegawai is not None else 0
    menunggu_jelaskan = Q(status=StatusKeberatan.DIAJUKAN, evaluasi__penilai_id=me)
    menunggu_putuskan = Q(status=StatusKeberatan.DIJELASKAN, evaluasi__penilai__atasan_id=me)
    jumlah = mine.aggregate(
        total=Count("pk"),
        terbuka=Count("pk", filter=~Q(status=StatusKeberatan.DIPUTUSKAN)),
        perlu_penjelasan=Count("pk", filter=menunggu_jelaskan),
        perlu_keputusan=Count("pk", filter=menunggu_putuskan),
    )
    rows = mine
    if status == "terbuka":
        rows = rows.exclude(status=StatusKeberatan.DIPUTUSKAN)
    elif status:
        rows = rows.filter(status=status)
    rows = (
        _search(rows, q)
        .select_related("evaluasi__skp__pegawai", "evaluasi__periode", "evaluasi__penilai", "hasil")
        .annotate(
            urutan=Case(
                When(menunggu_jelaskan | menunggu_putuskan, then=Value(0)),
                When(status=StatusKeberatan.DIPUTUSKAN, then=Value(2)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("urutan", "-diajukan_pada", "-pk")
    )
    page_obj = paginate(request, rows, PAGE_SIZE)
    for row in page_obj.object_list:
        evaluasi = row.evaluasi
        row.menunggu_saya = (row.status == StatusKeberatan.DIAJUKAN and evaluasi.penilai_id == me) or (
            row.status == StatusKeberatan.DIJELASKAN and evaluasi.penilai.atasan_id == me
        )
        row.saya_pemohon = evaluasi.skp.pegawai_id == me

    context: dict[str, Any] = {
        "active_menu": "keberatan",
        "form": form,
        "peran_tersedia": filters.keys(),
        "jumlah": jumlah,
        "page_obj": page_obj,
        "query_string": query_string_without_page(request),
        "filtered": bool(peran or status or q),
    }
    return _render(request, LIST_TEMPLATE, LIST_PARTIAL, context)


# --- Filing -----------------------------------------------------------------------------------


def _ajukan_context(evaluasi: Evaluasi, form: AjukanKeberatanForm) -> dict[str, Any]:
    return {
        "active_menu": "keberatan",
        "evaluasi": evaluasi,
        "batas": batas_keberatan(evaluasi),
        "alasan_tolak": keberatan_refusal(evaluasi),
        "form": form,
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def keberatan_ajukan_view(request: HttpRequest, pk: int) -> HttpResponse:
    evaluasi, roles = get_evaluasi_for_user(request.user, _pk_or_404(pk))
    if PeranSkp.PEMILIK not in roles:
        raise Http404  # only the evaluated pegawai files a keberatan
    existing = Keberatan.objects.filter(evaluasi_id=evaluasi.sebelumnya_id or evaluasi.pk).first()
    if existing is not None:
        url = reverse("penilaian:keberatan_detail", args=[existing.pk])
        return HttpResponseClientRedirect(url) if wants_partial(request) else redirect(url)
    form = AjukanKeberatanForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            keberatan = keberatan_ajukan(evaluasi=evaluasi, alasan=form.cleaned_data["alasan"], by=_user(request))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            url = reverse("penilaian:keberatan_detail", args=[keberatan.pk])
            messages.success(
                request, _("Keberatan diajukan. Pejabat penilai kinerja akan memberikan penjelasan lebih dulu.")
            )
            return HttpResponseClientRedirect(url) if wants_partial(request) else redirect(url)
    return _render(request, AJUKAN_TEMPLATE, AJUKAN_PARTIAL, _ajukan_context(evaluasi, form))


# --- Detail and its actions -------------------------------------------------------------------


def _actors(request: HttpRequest, keberatan: Keberatan) -> tuple[bool, bool]:
    """Whether the user is the pejabat penilai who explains, and the atasan who decides."""
    pegawai = pegawai_of(request.user)
    if pegawai is None:
        return False, False
    evaluasi = keberatan.evaluasi
    return evaluasi.penilai_id == pegawai.pk, evaluasi.penilai.atasan_id == pegawai.pk


def _pratinjau(rating_hasil: object, rating_perilaku: object) -> str:
    """The predikat label the two ratings give, or "" when either is missing or unknown."""
    if rating_hasil in Rating.values and rating_perilaku in Rating.values:
        return str(predikat_from_ratings(hasil_kerja=str(rating_hasil), perilaku_kerja=str(rating_perilaku)).label)
    return ""


def _detail_context(
    request: HttpRequest,
    keberatan: Keberatan,
    roles: set[PeranSkp],
    *,
    jelaskan_form: JelaskanKeberatanForm | None = None,
    putuskan_form: PutuskanKeberatanForm | None = None,
    notice: str = "",
    error: str = "",
) -> dict[str, Any]:
    is_penilai, is_atasan = _actors(request, keberatan)
    can_jelaskan = is_penilai and keberatan.status == StatusKeberatan.DIAJUKAN
    can_putuskan = is_atasan and keberatan.status == StatusKeberatan.DIJELASKAN
    if putuskan_form is None:
        # Without JavaScript "Lihat predikat" comes back here as a GET with the choices made so far.
        keys = ("keputusan", "rating_hasil", "rating_perilaku", "rekomendasi")
        initial = {k: request.GET[k] for k in keys if k in request.GET and len(request.GET[k]) <= 5000}
        putuskan_form = PutuskanKeberatanForm(initial=initial)
        pratinjau = _pratinjau(initial.get("rating_hasil"), initial.get("rating_perilaku"))
    else:
        pratinjau = _pratinjau(putuskan_form.data.get("rating_hasil"), putuskan_form.data.get("rating_perilaku"))
    evaluasi = keberatan.evaluasi
    return {
        "active_menu": "keberatan",
        "keberatan": keberatan,
        "evaluasi": evaluasi,
        "hasil": keberatan.hasil,
        "batas": batas_keberatan(evaluasi),
        "is_pemohon": PeranSkp.PEMILIK in roles,
        "is_penilai": is_penilai,
        "is_atasan": is_atasan,
        "can_jelaskan": can_jelaskan,
        "can_putuskan": can_putuskan,
        "jelaskan_form": jelaskan_form or JelaskanKeberatanForm(),
        "putuskan_form": putuskan_form,
        "pratinjau": pratinjau,
        "predikat_semula": evaluasi.get_predikat_display(),
        "notice": notice,
        "error": error,
    }


def _render_detail(request: HttpRequest, keberatan: Keberatan, roles: set[PeranSkp], **kwargs: Any) -> HttpResponse:
    context = _detail_context(request, keberatan, roles, **kwargs)
    return _render(request, DETAIL_TEMPLATE, DETAIL_PARTIAL, context)


def _after_action(request: HttpRequest, pk: int, *, notice: str = "", error: str = "") -> HttpResponse:
    """htmx: the detail, refreshed, with the outcome; otherwise POST/redirect/GET."""
    if wants_partial(request):
        keberatan, roles = get_keberatan_for_participant(request.user, pk)
        return _render_detail(request, keberatan, roles, notice=notice, error=error)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, notice)
    return redirect("penilaian:keberatan_detail", pk=pk)


def _current_status(pk: int) -> str:
    return str(Keberatan.objects.filter(pk=pk).values_list("status", flat=True).first() or "")


@login_required
@require_safe
def keberatan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    keberatan, roles = get_keberatan_for_participant(request.user, _pk_or_404(pk))
    return _render_detail(request, keberatan, roles)


@login_required
@require_POST
def keberatan_jelaskan_view(request: HttpRequest, pk: int) -> HttpResponse:
    keberatan, roles = get_keberatan_for_participant(request.user, _pk_or_404(pk))
    is_penilai, _is_atasan = _actors(request, keberatan)
    if not is_penilai:
        raise Http404
    form = JelaskanKeberatanForm(request.POST)
    if form.is_valid():
        try:
            keberatan_jelaskan(keberatan=keberatan, penjelasan=form.cleaned_data["penjelasan"], by=_user(request))
        except ValidationError as exc:
            if not can_move(_current_status(keberatan.pk), StatusKeberatan.DIJELASKAN):
                return _after_action(request, keberatan.pk, error=_error_text(exc))
            form.add_error(None, exc)
        else:
            notice = _("Penjelasan disimpan dan diteruskan kepada atasan pejabat penilai kinerja untuk diputuskan.")
            return _after_action(request, keberatan.pk, notice=notice)
    elif keberatan.status != StatusKeberatan.DIAJUKAN:
        return _after_action(request, keberatan.pk, error=_("Keberatan ini tidak sedang menunggu penjelasan."))
    return _render_detail(request, keberatan, roles, jelaskan_form=form)


@login_required
@require_POST
def keberatan_putuskan_view(request: HttpRequest, pk: int) -> HttpResponse:
    keberatan, roles = get_keberatan_for_participant(request.user, _pk_or_404(pk))
    _is_penilai, is_atasan = _actors(request, keberatan)
    if not is_atasan:
        raise Http404
    form = PutuskanKeberatanForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        ubah = data["keputusan"] == Keberatan.Keputusan.UBAH
        try:
            keberatan = keberatan_putuskan(
                keberatan=keberatan,
                keputusan=data["keputusan"],
                rekomendasi=data["rekomendasi"],
                rating_hasil=data["rating_hasil"] if ubah else None,
                rating_perilaku=data["rating_perilaku"] if ubah else None,
                by=_user(request),
            )
        except ValidationError as exc:
            if not can_move(_current_status(keberatan.pk), StatusKeberatan.DIPUTUSKAN):
                return _after_action(request, keberatan.pk, error=_error_text(exc))
            form.add_error(None, exc)
        else:
            if keberatan.hasil is not None:
                notice = _("Keberatan diputuskan: hasil evaluasi diubah, predikat menjadi %(predikat)s.") % {
                    "predikat": keberatan.hasil.get_predikat_display()
                }
            else:
                notice = _("Keberatan diputuskan: hasil evaluasi tetap.")
            return _after_action(request, keberatan.pk, notice=notice)
    elif keberatan.status != StatusKeberatan.DIJELASKAN:
        return _after_action(request, keberatan.pk, error=_("Keberatan ini tidak sedang menunggu keputusan."))
    return _render_detail(request, keberatan, roles, putuskan_form=form)


@login_required
@require_safe
def keberatan_pratinjau(request: HttpRequest, pk: int) -> HttpResponse:
    """The predikat the chosen ratings give (htmx, while the atasan decides)."""
    keberatan, _roles = get_keberatan_for_participant(request.user, _pk_or_404(pk))
    _is_penilai, is_atasan = _actors(request, keberatan)
    if not is_atasan:
        raise Http404
    context = {
        "pratinjau": _pratinjau(request.GET.get("rating_hasil"), request.GET.get("rating_perilaku")),
        "predikat_semula": keberatan.evaluasi.get_predikat_display(),
    }
    return render(request, PRATINJAU_PARTIAL, context)


# --- Dokumen Evaluasi Kinerja Pegawai ---------------------------------------------------------


@login_required
@require_safe
def dokumen_evaluasi(request: HttpRequest, pk: int) -> HttpResponse:
    evaluasi, _roles = get_evaluasi_for_user(request.user, _pk_or_404(pk))
    dokumen = dokumen_evaluasi_data(evaluasi, request.GET.get("varian"))
    keberatan = Keberatan.objects.filter(evaluasi_id=evaluasi.sebelumnya_id or evaluasi.pk).only("pk").first()
    return render(
        request,
        DOKUMEN_TEMPLATE,
        {"active_menu": "keberatan", "evaluasi": evaluasi, "dokumen": dokumen, "keberatan": keberatan},
    )


urlpatterns = [
    path("keberatan/", keberatan_list, name="keberatan_list"),
    path("keberatan/<int:pk>/", keberatan_detail, name="keberatan_detail"),
    path("keberatan/<int:pk>/jelaskan/", keberatan_jelaskan_view, name="keberatan_jelaskan"),
    path("keberatan/<int:pk>/putuskan/", keberatan_putuskan_view, name="keberatan_putuskan"),
    path("keberatan/<int:pk>/pratinjau/", keberatan_pratinjau, name="keberatan_pratinjau"),
    path("evaluasi/<int:pk>/keberatan/", keberatan_ajukan_view, name="keberatan_ajukan"),
    path("evaluasi/<int:pk>/dokumen/", dokumen_evaluasi, name="dokumen_evaluasi"),
]
