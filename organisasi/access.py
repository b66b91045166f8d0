"""Who may read or change which organisation data (SPEC §2). Anything not allowed is a 404."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from accounts.models import User

from .models import Instansi, Jabatan, OperatorRole, Pegawai, PegawaiQuerySet, UnitKerja

AnyUser = AbstractBaseUser | AnonymousUser

SESSION_INSTANSI_KEY = "operator_instansi_id"
IDENTITY_RELATIONS = ("golongan", "jabatan", "unit_kerja")


def pegawai_of(user: AnyUser) -> Pegawai | None:
    """The pegawai behind a login, or None (anonymous, or an admin without a pegawai record)."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        pegawai: Pegawai | None = getattr(user, "pegawai", None)
    except Pegawai.DoesNotExist:
        return None
    return pegawai


def get_own_pegawai(user: AnyUser) -> Pegawai:
    """The logged-in user's own pegawai record with its identity loaded; 404 when there is none."""
    pegawai = pegawai_of(user)
    if pegawai is None:
        raise Http404
    return (
        Pegawai.objects.with_identity()
        .select_related(*(f"{prefix}__{rel}" for prefix in ("atasan", "atasan__atasan") for rel in IDENTITY_RELATIONS))
        .get(pk=pegawai.pk)
    )


def unit_subtree_ids(instansi_id: int, root_ids: set[int]) -> frozenset[int]:
    """Ids of the given units and everything below them, from one query over the instansi's tree."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, induk_id in UnitKerja.objects.filter(instansi_id=instansi_id).values_list("pk", "induk_id"):
        children[induk_id].append(pk)
    result: set[int] = set()
    stack = list(root_ids)
    while stack:
        node = stack.pop()
        if node in result:
            continue
        result.add(node)
        stack.extend(children.get(node, []))
    return frozenset(result)


@dataclass(frozen=True)
class OperatorScope:
    """What one operator manages: an instansi, or only some unit subtrees of it (unit_ids)."""

    instansi: Instansi
    unit_ids: frozenset[int] | None  # None: the whole instansi

    @property
    def whole_instansi(self) -> bool:
        return self.unit_ids is None

    def units(self) -> QuerySet[UnitKerja]:
        qs = UnitKerja.objects.filter(instansi=self.instansi)
        return qs if self.unit_ids is None else qs.filter(pk__in=self.unit_ids)

    def jabatan(self) -> QuerySet[Jabatan]:
        return Jabatan.objects.filter(instansi=self.instansi)

    def pegawai(self) -> PegawaiQuerySet:
        qs = Pegawai.objects.filter(instansi=self.instansi)
        return qs if self.unit_ids is None else qs.filter(unit_kerja_id__in=self.unit_ids)

    def covers_unit(self, unit_id: int | None) -> bool:
        if self.unit_ids is None:
            return True
        return unit_id is not None and unit_id in self.unit_ids


# Roles are read once per user object: a request's user lives for that request only, and the menu,
# the access helpers and the page ask the same question several times per page.
_SCOPES_ATTR = "_operator_scopes_memo"


def operator_scopes(user: AnyUser) -> list[OperatorScope]:
    """Every scope the user operates; an admin operates every instansi."""
    if not isinstance(user, User):
        return []
    memo: list[OperatorScope] | None = user.__dict__.get(_SCOPES_ATTR)
    if memo is not None:
        return memo
    scopes = _operator_scopes(user)
    user.__dict__[_SCOPES_ATTR] = scopes
    return scopes


def forget_operator_scopes(user: AnyUser) -> None:
    """After a change of the user's own roles inside one request (or one test)."""
    user.__dict__.pop(_SCOPES_ATTR, None)


def _operator_scopes(user: User) -> list[OperatorScope]:
    if getattr(user, "is_superuser", False):
        return [OperatorScope(instansi=i, unit_ids=None) for i in Instansi.objects.order_by("nama")]
    roles = list(OperatorRole.objects.filter(user=user).select_related("instansi").order_by("instansi__nama"))
    by_instansi: dict[int, list[OperatorRole]] = defaultdict(list)
    for role in roles:
        by_instansi[role.instansi_id].append(role)
    scopes: list[OperatorScope] = []
    for instansi_roles in by_instansi.values():
        instansi = instansi_roles[0].instansi
        if any(r.unit_kerja_id is None for r in instansi_roles):
            scopes.append(OperatorScope(instansi=instansi, unit_ids=None))
        else:
            roots = {r.unit_kerja_id for r in instansi_roles if r.unit_kerja_id is not None}
            scopes.append(OperatorScope(instansi=instansi, unit_ids=unit_subtree_ids(instansi.pk, roots)))
    return scopes


def is_operator(user: AnyUser) -> bool:
    if not isinstance(user, User):
        return False
    return bool(getattr(user, "is_superuser", False)) or bool(operator_scopes(user))


def require_operator(request: HttpRequest) -> OperatorScope:
    """The scope the operator is working in (chosen instansi kept in the session); 404 otherwise."""
    scopes = operator_scopes(request.user)
    if not scopes:
        raise Http404
    chosen = request.session.get(SESSION_INSTANSI_KEY)
    for scope in scopes:
        if scope.instansi.pk == chosen:
            return scope
    return scopes[0]


def get_pegawai_for_operator(request: HttpRequest, pk: int) -> Pegawai:
    scope = require_operator(request)
    try:
        return scope.pegawai().with_identity().select_related("atasan", "user").get(pk=pk)
    except Pegawai.DoesNotExist:
        raise Http404 from None


def get_unit_for_operator(request: HttpRequest, pk: int) -> UnitKerja:
    scope = require_operator(request)
    try:
        return scope.units().select_related("induk", "kepala").get(pk=pk)
    except UnitKerja.DoesNotExist:
        raise Http404 from None


def get_jabatan_for_operator(request: HttpRequest, pk: int) -> Jabatan:
    scope = require_operator(request)
    try:
        return scope.jabatan().select_related("jenjang").get(pk=pk)
    except Jabatan.DoesNotExist:
        raise Http404 from None
