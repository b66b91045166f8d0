"""Who may read or write evaluations, capaian organisasi, keberatan and rekap (SPEC §2).

Anything not allowed is a 404, never a 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404, HttpRequest

from accounts.models import User
from organisasi.access import (
    SESSION_INSTANSI_KEY,
    AnyUser,
    OperatorScope,
    operator_scopes,
    pegawai_of,
    unit_subtree_ids,
)
from organisasi.models import Instansi, Pegawai, UnitKerja
from perencanaan.access import PeranSkp, skp_roles

from .models import Evaluasi, Keberatan


def _evaluasi_qs() -> QuerySet[Evaluasi]:
    return Evaluasi.objects.select_related(
        "periode",
        "penilai",
        "skp__pegawai__instansi",
        "skp__pegawai__unit_kerja",
        "skp__jabatan",
        "skp__unit_kerja",
        "skp__pejabat_penilai",
    )


def evaluasi_roles(user: AnyUser, evaluasi: Evaluasi) -> set[PeranSkp]:
    """The user's roles on the evaluated SKP; the pegawai sees a draft evaluation not at all."""
    roles = skp_roles(user, evaluasi.skp)
    if not evaluasi.is_diberikan:
        roles.discard(PeranSkp.PEMILIK)
        roles.discard(PeranSkp.ATASAN_PENILAI)
    # The penilai who wrote an earlier version stays its author even after the atasan changed.
    pegawai = pegawai_of(user)
    if pegawai is not None and evaluasi.penilai_id == pegawai.pk:
        roles.add(PeranSkp.PENILAI)
    return roles


def get_evaluasi_for_user(user: AnyUser, pk: int) -> tuple[Evaluasi, set[PeranSkp]]:
    """Read: the pegawai (once given), the penilai, the atasan penilai (once given), operator, admin."""
    evaluasi = _evaluasi_qs().filter(pk=pk).first()
    if evaluasi is None:
        raise Http404
    roles = evaluasi_roles(user, evaluasi)
    if not roles:
        raise Http404
    return evaluasi, roles


def get_keberatan_for_user(user: AnyUser, pk: int) -> tuple[Keberatan, set[PeranSkp]]:
    """Read: the pegawai who filed it, the pejabat penilai (explains), the atasan pejabat penilai
    (decides), operator, admin."""
    keberatan = (
        Keberatan.objects.select_related("diajukan_oleh", "penjelasan_oleh", "diputuskan_oleh", "hasil")
        .filter(pk=pk)
        .first()
    )
    if keberatan is None:
        raise Http404
    evaluasi = _evaluasi_qs().get(pk=keberatan.evaluasi_id)
    keberatan.evaluasi = evaluasi
    roles = evaluasi_roles(user, evaluasi)
    if not roles:
        raise Http404
    return keberatan, roles


def atasan_penilai_of(evaluasi: Evaluasi) -> Pegawai | None:
    """Who decides a keberatan: the superior of the pejabat penilai who gave the evaluation."""
    return evaluasi.penilai.atasan


# --- Units a leader or operator looks after (capaian organisasi, rekap, monitoring) ---------------


def _led_units(pegawai: Pegawai) -> dict[int, set[int]]:
    """Units the pegawai heads, with everything below them, by instansi. Two queries (one when they
    head nothing)."""
    heads = dict(UnitKerja.objects.filter(kepala=pegawai).order_by().values_list("pk", "instansi_id"))
    if not heads:
        return {}
    by_instansi: dict[int, set[int]] = {}
    for pk in unit_subtree_ids(pegawai.instansi_id, set(heads)):
        # A head of a unit of another instansi (inconsistent data) keeps that unit alone.
        by_instansi.setdefault(heads.get(pk, pegawai.instansi_id), set()).add(pk)
    return by_instansi


def led_unit_ids(pegawai: Pegawai) -> frozenset[int]:
    """Units the pegawai heads, with everything below them."""
    return frozenset(pk for ids in _led_units(pegawai).values() for pk in ids)


def capaian_unit_ids(pegawai: Pegawai) -> frozenset[int]:
    """Units whose capaian kinerja organisasi the pegawai sets (SPEC §6.1: the leader above): the
    units directly below one they head, and units whose head has them as atasan.

    One query of two indexed halves (units by induk, units by kepala) joined by UNION: written as
    one filter with OR, no index can answer it and the database reads every unit of every
    instansi."""
    below_headed = UnitKerja.objects.filter(induk__kepala=pegawai).order_by().values_list("pk", flat=True)
    head_reports_to_me = UnitKerja.objects.filter(kepala__atasan=pegawai).order_by().values_list("pk", flat=True)
    return frozenset(below_headed.union(head_reports_to_me))


def _report_units(user: User) -> tuple[dict[int, set[int]], list[OperatorScope]]:
    """The units someone other than an admin may report on, by instansi, and their operator
    scopes: the units of their scopes and those they lead."""
    by_instansi: dict[int, set[int]] = {}
    scopes = operator_scopes(user)
    for scope in scopes:
        by_instansi.setdefault(scope.instansi.pk, set()).update(scope.units().order_by().values_list("pk", flat=True))
    pegawai = pegawai_of(user)
    if pegawai is not None:
        for instansi_id, ids in _led_units(pegawai).items():
            by_instansi.setdefault(instansi_id, set()).update(ids)
    return {k: v for k, v in by_instansi.items() if v}, scopes


def report_unit_ids(user: AnyUser) -> tuple[frozenset[int], bool]:
    """Units whose rekap and monitoring the user may read, and whether any operator scope applies.

    Operators: their scopes. Leaders: the units they head and below. Admin: everything.
    """
    if not isinstance(user, User):
        return frozenset(), False
    if user.is_superuser:
        return frozenset(UnitKerja.objects.values_list("pk", flat=True)), True
    by_instansi, scopes = _report_units(user)
    return frozenset(pk for ids in by_instansi.values() for pk in ids), bool(scopes)


def get_unit_for_report(user: AnyUser, pk: int) -> UnitKerja:
    ids, _ = report_unit_ids(user)
    if pk not in ids:
        raise Http404
    return UnitKerja.objects.select_related("instansi", "kepala").get(pk=pk)


# --- Rekap and monitoring: the instansi a report is about ----------------------------------------


@dataclass(frozen=True)
class ReportScope:
    """What a rekap or monitoring page covers: one instansi and the units of it the user may read."""

    instansi: Instansi
    unit_ids: frozenset[int]
    operator: bool
    whole_instansi: bool = False  # unit_ids are every unit of the instansi (filter by instansi instead)


def report_scope(request: HttpRequest) -> ReportScope | None:
    """The instansi the user reports on and its units they may read; None when they may read none.

    Someone who may report on units of several instansi (an admin, an operator of more than one)
    gets the instansi chosen on the operator pages, else their own, else the first by name.
    Only the units of that instansi are read: the cost does not grow with the other instansi.
    """
    user = request.user
    if not isinstance(user, User):
        return None
    pegawai = pegawai_of(user)
    chosen = request.session.get(SESSION_INSTANSI_KEY)
    if user.is_superuser:
        return _admin_report_scope(chosen, pegawai)
    by_instansi, scopes = _report_units(user)
    if not by_instansi:
        return None
    if chosen in by_instansi:
        instansi_id = chosen
    elif pegawai is not None and pegawai.instansi_id in by_instansi:
        instansi_id = pegawai.instansi_id
    else:
        instansi_id = Instansi.objects.filter(pk__in=by_instansi).order_by("nama", "pk").values_list("pk", flat=True)[0]
    known = {scope.instansi.pk: scope.instansi for scope in scopes}
    instansi = known.get(instansi_id) or Instansi.objects.get(pk=instansi_id)
    return ReportScope(
        instansi=instansi,
        unit_ids=frozenset(by_instansi[instansi_id]),
        operator=bool(scopes),
        whole_instansi=any(s.whole_instansi and s.instansi.pk == instansi_id for s in scopes),
    )


def _admin_report_scope(chosen: object, pegawai: Pegawai | None) -> ReportScope | None:
    """An admin reports on every unit of one instansi that has units: as `report_scope` picks it."""
    with_units = Instansi.objects.filter(Exists(UnitKerja.objects.filter(instansi=OuterRef("pk"))))
    instansi = None
    if isinstance(chosen, int):
        instansi = with_units.filter(pk=chosen).first()
    if instansi is None and pegawai is not None:
        instansi = with_units.filter(pk=pegawai.instansi_id).first()
    if instansi is None:
        instansi = with_units.order_by("nama", "pk").first()
    if instansi is None:
        return None
    ids = frozenset(UnitKerja.objects.filter(instansi=instansi).values_list("pk", flat=True))
    return ReportScope(instansi=instansi, unit_ids=ids, operator=True, whole_instansi=True)


# --- Keberatan: the people taking part (appended for the keberatan screens) ------------------


def keberatan_roles(user: AnyUser, keberatan: Keberatan) -> set[PeranSkp]:
    """`evaluasi_roles` on the original evaluation, and ATASAN_PENILAI for the one who decides it —
    the superior of the pejabat penilai who gave it, even when the SKP names another penilai now."""
    roles = evaluasi_roles(user, keberatan.evaluasi)
    pegawai = pegawai_of(user)
    if pegawai is not None and keberatan.evaluasi.penilai.atasan_id == pegawai.pk:
        roles.add(PeranSkp.ATASAN_PENILAI)
    return roles


def get_keberatan_for_participant(user: AnyUser, pk: int) -> tuple[Keberatan, set[PeranSkp]]:
    """Read: the pegawai who filed it, the pejabat penilai, the atasan pejabat penilai who decides,
    operator, admin; 404 for anyone else (a rekan rater included)."""
    keberatan = (
        Keberatan.objects.select_related(
            "diajukan_oleh", "penjelasan_oleh", "diputuskan_oleh", "hasil", "hasil__periode"
        )
        .filter(pk=pk)
        .first()
    )
    if keberatan is None:
        raise Http404
    keberatan.evaluasi = _evaluasi_qs().select_related("skp__pegawai__golongan").get(pk=keberatan.evaluasi_id)
    roles = keberatan_roles(user, keberatan)
    if not roles:
        raise Http404
    return keberatan, roles


# --- Capaian kinerja organisasi: the units a leader sets (appended for the capaian screens) --------


def get_unit_for_capaian(user: AnyUser, pk: int) -> UnitKerja:
    """A unit whose capaian kinerja organisasi the user sets (the leader above it); 404 otherwise."""
    pegawai = pegawai_of(user)
    if pegawai is None or pk not in capaian_unit_ids(pegawai):
        raise Http404
    return UnitKerja.objects.select_related("instansi", "kepala").get(pk=pk)
