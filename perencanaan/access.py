"""Who may read or change plans (SPEC §2). Anything not allowed is a 404, never a 403."""

from __future__ import annotations

import enum

from django.http import Http404

from accounts.models import User
from organisasi.access import AnyUser, operator_scopes, pegawai_of
from organisasi.models import Pegawai, UnitKerja
from organisasi.queries import row_by_pk

from .models import MatriksPeranHasil, PerjanjianKinerja, Rhk, Skp


class PeranSkp(enum.Enum):
    """How the user stands to one SKP; a user may hold several (an operator may be the penilai)."""

    PEMILIK = "pemilik"
    PENILAI = "penilai"
    ATASAN_PENILAI = "atasan_penilai"
    OPERATOR = "operator"
    ADMIN = "admin"


def skp_roles(user: AnyUser, skp: Skp) -> set[PeranSkp]:
    roles: set[PeranSkp] = set()
    if not isinstance(user, User):
        return roles
    if user.is_superuser:
        roles.add(PeranSkp.ADMIN)
    pegawai = pegawai_of(user)
    if pegawai is not None:
        if skp.pegawai_id == pegawai.pk:
            roles.add(PeranSkp.PEMILIK)
        if skp.pejabat_penilai_id is not None and skp.pejabat_penilai_id == pegawai.pk:
            roles.add(PeranSkp.PENILAI)
        elif skp.pejabat_penilai is not None and skp.pejabat_penilai.atasan_id == pegawai.pk:
            roles.add(PeranSkp.ATASAN_PENILAI)
    unit_id = skp.unit_kerja_id if skp.unit_kerja_id is not None else skp.pegawai.unit_kerja_id
    for scope in operator_scopes(user):
        if scope.instansi.pk == skp.pegawai.instansi_id and scope.covers_unit(unit_id):
            roles.add(PeranSkp.OPERATOR)
    return roles


READ_ROLES = frozenset(PeranSkp)


def get_skp_for_user(user: AnyUser, pk: int, *, write: bool = False) -> tuple[Skp, set[PeranSkp]]:
    """The SKP and the user's roles on it.

    Read: the pegawai, the pejabat penilai, the atasan of the pejabat penilai, the operator of
    its unit, the admin. Write (the plan): only the pegawai, and only while it is editable —
    callers check `skp.is_editable` to explain a locked SKP instead of hiding it.
    """
    skp = row_by_pk(
        Skp.objects.select_related(
            "pegawai__instansi",
            "pegawai__golongan",
            "pegawai__jabatan",
            "pegawai__unit_kerja",
            "jabatan",
            "unit_kerja",
            "pejabat_penilai__golongan",
            "pejabat_penilai__jabatan",
            "pejabat_penilai__unit_kerja",
        ),
        pk,
    )
    if skp is None:
        raise Http404
    roles = skp_roles(user, skp)
    if not roles or (write and PeranSkp.PEMILIK not in roles):
        raise Http404
    return skp, roles


def get_skp_for_penilai(user: AnyUser, pk: int) -> Skp:
    """An SKP the user judges as its pejabat penilai (SKP Bawahan); 404 for anyone else."""
    skp, roles = get_skp_for_user(user, pk)
    if PeranSkp.PENILAI not in roles:
        raise Http404
    return skp


def get_own_pegawai_for_planning(user: AnyUser) -> Pegawai:
    pegawai = pegawai_of(user)
    if pegawai is None:
        raise Http404
    return Pegawai.objects.with_identity().select_related("atasan").get(pk=pegawai.pk)


def can_manage_unit_plans(user: AnyUser, unit: UnitKerja) -> bool:
    """The head of the unit, an operator covering it, or the admin (Perjanjian Kinerja)."""
    if not isinstance(user, User):
        return False
    if user.is_superuser:
        return True
    pegawai = pegawai_of(user)
    if pegawai is not None and unit.kepala_id == pegawai.pk:
        return True
    return any(s.instansi.pk == unit.instansi_id and s.covers_unit(unit.pk) for s in operator_scopes(user))


def get_pk_for_user(user: AnyUser, pk: int, *, write: bool = False) -> PerjanjianKinerja:
    """A PK: readable inside its instansi (it is the unit's public agreement), written by its
    unit's head or operator."""
    perjanjian = row_by_pk(PerjanjianKinerja.objects.select_related("unit_kerja__instansi", "unit_kerja__kepala"), pk)
    if perjanjian is None:
        raise Http404
    unit = perjanjian.unit_kerja
    if can_manage_unit_plans(user, unit):
        return perjanjian
    pegawai = pegawai_of(user)
    if write or pegawai is None or pegawai.instansi_id != unit.instansi_id:
        raise Http404
    return perjanjian


def get_rhk_for_leader(user: AnyUser, pk: int) -> Rhk:
    """A leader's own RHK, to build its Matriks Peran Hasil; 404 for anyone else."""
    pegawai = pegawai_of(user)
    rhk = Rhk.objects.select_related("skp__pegawai", "skp__jabatan").filter(pk=pk).first()
    if rhk is None or pegawai is None or rhk.skp.pegawai_id != pegawai.pk:
        raise Http404
    return rhk


def get_matriks_for_user(user: AnyUser, pk: int, *, write: bool = False) -> MatriksPeranHasil:
    """Read: the leader, the subordinates in its rows, the leader's atasan, operator, admin.
    Write: the leader only."""
    matriks = row_by_pk(
        MatriksPeranHasil.objects.select_related("rhk__skp__pegawai__instansi", "rhk__skp__pegawai__unit_kerja"), pk
    )
    if matriks is None:
        raise Http404
    leader = matriks.rhk.skp.pegawai
    pegawai = pegawai_of(user)
    if pegawai is not None and pegawai.pk == leader.pk:
        return matriks
    if write:
        raise Http404
    if pegawai is not None and (leader.atasan_id == pegawai.pk or matriks.baris.filter(pegawai=pegawai).exists()):
        return matriks
    if isinstance(user, User) and (
        user.is_superuser
        or any(
            s.instansi.pk == leader.instansi_id and s.covers_unit(leader.unit_kerja_id) for s in operator_scopes(user)
        )
    ):
        return matriks
    raise Http404
