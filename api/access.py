"""What an API caller may read, built on the apps' own access helpers (SPEC §2).

A user — through a personal token or the session — sees exactly what the web pages show them; a
system token sees its instansi within its scopes. Objects outside are a 404, as in the pages.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import User
from organisasi.access import OperatorScope, operator_scopes, pegawai_of
from organisasi.models import Instansi, Jabatan, Pegawai, PegawaiQuerySet, UnitKerja
from pelaksanaan.models import Periode
from penilaian.access import report_unit_ids
from penilaian.models import Evaluasi, StatusEvaluasi
from perencanaan.models import PerjanjianKinerja, Skp

from .auth import Caller
from .errors import ScopeDeniedError
from .models import Scope


def instansi_qs(caller: Caller) -> QuerySet[Instansi]:
    caller.require_scope(Scope.ORGANISASI_READ)
    if caller.instansi is not None:
        return Instansi.objects.filter(pk=caller.instansi.pk)
    user = caller.user
    assert user is not None
    if user.is_superuser:
        return Instansi.objects.all()
    ids = {s.instansi.pk for s in operator_scopes(user)}
    pegawai = pegawai_of(user)
    if pegawai is not None:
        ids.add(pegawai.instansi_id)
    return Instansi.objects.filter(pk__in=ids)


def unit_qs(caller: Caller) -> QuerySet[UnitKerja]:
    """The units of every instansi the caller belongs to or operates: the organisation tree is
    not personal data, and the pages show it to every pegawai of the instansi (PK, rekap)."""
    return UnitKerja.objects.filter(instansi__in=instansi_qs(caller).values("pk"))


def jabatan_qs(caller: Caller) -> QuerySet[Jabatan]:
    return Jabatan.objects.filter(instansi__in=instansi_qs(caller).values("pk"))


def pegawai_qs(caller: Caller) -> PegawaiQuerySet:
    """System token: its instansi. Admin: everyone. Operator: their scopes, inactive included.
    Any pegawai: the active pegawai of their instansi, as the Profil page's colleague search
    lists them (NIP, name, jabatan, unit), and themselves."""
    caller.require_scope(Scope.ORGANISASI_READ)
    if caller.instansi is not None:
        return Pegawai.objects.filter(instansi=caller.instansi)
    user = caller.user
    assert user is not None
    if user.is_superuser:
        return Pegawai.objects.all()
    condition = Q(pk__in=[])
    for scope in operator_scopes(user):
        if scope.unit_ids is None:
            condition |= Q(instansi=scope.instansi)
        else:
            condition |= Q(instansi=scope.instansi, unit_kerja_id__in=scope.unit_ids)
    pegawai = pegawai_of(user)
    if pegawai is not None:
        condition |= Q(instansi_id=pegawai.instansi_id, aktif=True) | Q(pk=pegawai.pk)
    return Pegawai.objects.filter(condition)


def sync_instansi(caller: Caller, instansi_id: int | None) -> Instansi:
    """The instansi a pegawai sync writes to: a system token's own (with the sync scope), or one
    the user operates as a whole (as the file import requires)."""
    caller.require_scope(Scope.ORGANISASI_SYNC)
    if caller.instansi is not None:
        if instansi_id is not None and instansi_id != caller.instansi.pk:
            raise Http404
        return caller.instansi
    user = caller.user
    assert user is not None
    whole: list[OperatorScope] = [s for s in operator_scopes(user) if s.whole_instansi]
    if not whole:
        raise ScopeDeniedError(
            _("Sinkronisasi pegawai hanya untuk operator seluruh instansi atau token sistem."), code="operator_required"
        )
    if instansi_id is None:
        if len(whole) > 1:
            raise ScopeDeniedError(
                _("Sebutkan instansi_id: Anda mengelola lebih dari satu instansi."), code="instansi_required"
            )
        return whole[0].instansi
    for scope in whole:
        if scope.instansi.pk == instansi_id:
            return scope.instansi
    raise Http404


def report_units(caller: Caller) -> tuple[Instansi | None, frozenset[int]]:
    """Units whose rekap, angka kredit and TPP factors the caller reads: a system token (scope
    evaluasi:read) every unit of its instansi; a user the units of the Rekap page (their operator
    scopes, the units they head and below, everything for the admin)."""
    caller.require_scope(Scope.EVALUASI_READ)
    if caller.instansi is not None:
        ids = frozenset(UnitKerja.objects.filter(instansi=caller.instansi).values_list("pk", flat=True))
        return caller.instansi, ids
    assert caller.user is not None
    ids, _operator = report_unit_ids(caller.user)
    return None, ids


def operator_skp_q(user: User, *, prefix: str = "") -> Q:
    """SKP of the units the user operates, as `perencanaan.access.skp_roles` judges them: the SKP's
    own unit, or the pegawai's when the SKP has none."""
    condition = Q(pk__in=[])
    for scope in operator_scopes(user):
        in_instansi = Q(**{f"{prefix}pegawai__instansi": scope.instansi})
        if scope.unit_ids is None:
            condition |= in_instansi
        else:
            condition |= in_instansi & (
                Q(**{f"{prefix}unit_kerja_id__in": scope.unit_ids})
                | Q(**{f"{prefix}unit_kerja__isnull": True, f"{prefix}pegawai__unit_kerja_id__in": scope.unit_ids})
            )
    return condition


def skp_qs(caller: Caller) -> QuerySet[Skp]:
    """Every SKP the user may read (`get_skp_for_user`): their own, as pejabat penilai or the
    atasan of the pejabat penilai, as operator of its unit, everything for the admin."""
    user = caller.require_user()
    if user.is_superuser:
        return Skp.objects.all()
    condition = operator_skp_q(user)
    pegawai = pegawai_of(user)
    if pegawai is not None:
        condition |= Q(pegawai=pegawai) | Q(pejabat_penilai=pegawai) | Q(pejabat_penilai__atasan=pegawai)
    return Skp.objects.filter(condition)


def pk_qs(caller: Caller) -> QuerySet[PerjanjianKinerja]:
    """A PK is the unit's public agreement: readable by everyone of its instansi (and its
    operators, the admin); a system token reads its instansi's with organisasi:read."""
    return PerjanjianKinerja.objects.filter(unit_kerja__instansi__in=instansi_qs(caller).values("pk"))


def evaluasi_qs(caller: Caller) -> QuerySet[Evaluasi]:
    """Evaluations in force the caller may read (`penilaian.access.evaluasi_roles`): given ones of
    every SKP they read, drafts only for the penilai, the operator and the admin. A system token
    (evaluasi:read) reads the given evaluations of its instansi."""
    caller.require_scope(Scope.EVALUASI_READ)
    base = Evaluasi.objects.current()
    if caller.instansi is not None:
        return base.diberikan().filter(skp__pegawai__instansi=caller.instansi)
    user = caller.user
    assert user is not None
    if user.is_superuser:
        return base
    operator = operator_skp_q(user, prefix="skp__")
    condition = operator
    pegawai = pegawai_of(user)
    if pegawai is not None:
        given = Q(status=StatusEvaluasi.DIBERIKAN) & (Q(skp__pegawai=pegawai) | Q(skp__pejabat_penilai__atasan=pegawai))
        condition |= given | Q(skp__pejabat_penilai=pegawai) | Q(penilai=pegawai)
    return base.filter(condition)


def periode_qs(caller: Caller) -> QuerySet[Periode]:
    """Evaluation periods of the instansi the caller belongs to or operates."""
    if caller.instansi is not None:
        return Periode.objects.filter(instansi=caller.instansi)
    user = caller.user
    assert user is not None
    if user.is_superuser:
        return Periode.objects.all()
    ids = {s.instansi.pk for s in operator_scopes(user)}
    pegawai = pegawai_of(user)
    if pegawai is not None:
        ids.add(pegawai.instansi_id)
    return Periode.objects.filter(instansi_id__in=ids)
