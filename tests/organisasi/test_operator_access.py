"""Who reaches which operator page (SPEC §2): everything not allowed is a 404, nothing changes.

The helpers at the top (a unit-scoped operator, an admin, every operator URL) are shared by the
other `test_operator_*` modules.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from organisasi.access import SESSION_INSTANSI_KEY
from organisasi.models import Jabatan, OperatorRole, Pegawai, UnitKerja
from tests.conftest import World
from tests.factories import JabatanFactory, OperatorRoleFactory, PegawaiFactory, UnitKerjaFactory, UserFactory

pytestmark = pytest.mark.django_db


@dataclass
class UnitScoped:
    """An operator of one unit subtree of world.instansi, with one pegawai inside and one outside it."""

    operator: User
    operator_pegawai: Pegawai
    sub_a: UnitKerja  # the operator's unit (root of their subtree)
    sub_a_child: UnitKerja
    sub_b: UnitKerja  # a sibling unit, outside the subtree
    pegawai_a: Pegawai  # inside (in sub_a_child)
    pegawai_b: Pegawai  # outside (in sub_b)


def build_unit_scoped(world: World) -> UnitScoped:
    sub_a = UnitKerjaFactory(instansi=world.instansi, induk=world.unit, nama="Bidang Mutasi")
    sub_a_child = UnitKerjaFactory(instansi=world.instansi, induk=sub_a, nama="Subbidang Mutasi Jabatan")
    sub_b = UnitKerjaFactory(instansi=world.instansi, induk=world.unit, nama="Bidang Pengembangan")
    operator_pegawai = PegawaiFactory(instansi=world.instansi, unit_kerja=sub_a, atasan=world.kepala)
    OperatorRoleFactory(user=operator_pegawai.user, instansi=world.instansi, unit_kerja=sub_a)
    pegawai_a = PegawaiFactory(instansi=world.instansi, unit_kerja=sub_a_child, atasan=operator_pegawai)
    pegawai_b = PegawaiFactory(instansi=world.instansi, unit_kerja=sub_b, atasan=world.kepala)
    assert operator_pegawai.user is not None
    return UnitScoped(
        operator=operator_pegawai.user,
        operator_pegawai=operator_pegawai,
        sub_a=sub_a,
        sub_a_child=sub_a_child,
        sub_b=sub_b,
        pegawai_a=pegawai_a,
        pegawai_b=pegawai_b,
    )


def make_admin() -> User:
    return UserFactory(username="admin-uji", is_superuser=True, is_staff=True)


def client_for(user: User, *, instansi_id: int | None = None) -> Client:
    client = Client()
    client.force_login(user)
    if instansi_id is not None:
        session = client.session
        session[SESSION_INSTANSI_KEY] = instansi_id
        session.save()
    return client


def object_get_urls(world: World) -> list[str]:
    """Pages about one object of world.instansi."""
    assert world.pegawai.jabatan_id is not None
    return [
        reverse("organisasi:unit_edit", args=[world.unit.pk]),
        reverse("organisasi:unit_delete", args=[world.unit.pk]),
        reverse("organisasi:jabatan_edit", args=[world.pegawai.jabatan_id]),
        reverse("organisasi:jabatan_delete", args=[world.pegawai.jabatan_id]),
        reverse("organisasi:pegawai_detail", args=[world.pegawai.pk]),
        reverse("organisasi:pegawai_edit", args=[world.pegawai.pk]),
    ]


def list_get_urls() -> list[str]:
    return [
        reverse("organisasi:operator_home"),
        reverse("organisasi:unit_list"),
        reverse("organisasi:unit_create"),
        reverse("organisasi:jabatan_list"),
        reverse("organisasi:jabatan_create"),
        reverse("organisasi:pegawai_list"),
        reverse("organisasi:pegawai_create"),
        reverse("organisasi:akun_list"),
    ]


def object_post_urls(world: World) -> list[str]:
    role = OperatorRole.objects.get(user=world.operator, instansi=world.instansi)
    return [
        reverse("organisasi:akun_create", args=[world.pegawai.pk]),
        reverse("organisasi:akun_reset_password", args=[world.pegawai.pk]),
        reverse("organisasi:akun_toggle_active", args=[world.pegawai.pk]),
        reverse("organisasi:role_grant", args=[world.pegawai.pk]),
        reverse("organisasi:role_revoke", args=[role.pk]),
        reverse("organisasi:unit_delete", args=[world.unit.pk]),
        reverse("organisasi:jabatan_delete", args=[world.pegawai.jabatan_id]),
        reverse("organisasi:unit_edit", args=[world.unit.pk]),
        reverse("organisasi:pegawai_edit", args=[world.pegawai.pk]),
        reverse("organisasi:jabatan_edit", args=[world.pegawai.jabatan_id]),
    ]


def snapshot(world: World) -> tuple[object, ...]:
    user = User.objects.get(pk=world.pegawai.user_id)
    return (
        user.password,
        user.is_active,
        user.must_change_password,
        OperatorRole.objects.count(),
        UnitKerja.objects.count(),
        Jabatan.objects.count(),
        Pegawai.objects.count(),
        Pegawai.objects.filter(pk=world.pegawai.pk).values_list("nama", "nip").get(),
    )


# --- Tests ------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client: Client, world: World) -> None:
    for url in [*list_get_urls(), *object_get_urls(world)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_plain_pegawai_gets_404_everywhere(as_pegawai: Client, world: World) -> None:
    before = snapshot(world)
    for url in [*list_get_urls(), *object_get_urls(world)]:
        assert as_pegawai.get(url).status_code == 404, url
    for url in [*object_post_urls(world), reverse("organisasi:operator_pilih_instansi")]:
        assert as_pegawai.post(url, {"unit_kerja": "", "instansi": world.instansi.pk}).status_code == 404, url
    assert snapshot(world) == before


def test_unrelated_pegawai_of_another_instansi_gets_404(as_other_pegawai: Client, world: World) -> None:
    before = snapshot(world)
    for url in [*list_get_urls(), *object_get_urls(world)]:
        assert as_other_pegawai.get(url).status_code == 404, url
    for url in object_post_urls(world):
        assert as_other_pegawai.post(url).status_code == 404, url
    assert snapshot(world) == before


def test_operator_of_another_instansi_gets_404_on_this_instansi_objects(world: World) -> None:
    client = client_for(world.other_operator)
    before = snapshot(world)
    for url in object_get_urls(world):
        assert client.get(url).status_code == 404, url
    for url in object_post_urls(world):
        assert client.post(url, {"nama": "Diubah", "kode": "X"}).status_code == 404, url
    assert snapshot(world) == before
    # Their own lists work and show nothing of this instansi.
    for url in list_get_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        assert world.pegawai.nip not in response.content.decode(), url


def test_operator_of_another_instansi_cannot_switch_into_it(world: World) -> None:
    client = client_for(world.other_operator)
    response = client.post(reverse("organisasi:operator_pilih_instansi"), {"instansi": world.instansi.pk})
    assert response.status_code == 302
    assert client.session.get(SESSION_INSTANSI_KEY) is None
    assert client.get(reverse("organisasi:pegawai_detail", args=[world.pegawai.pk])).status_code == 404


def test_operator_reaches_every_page(as_operator: Client, world: World) -> None:
    for url in [*list_get_urls(), *object_get_urls(world)]:
        response = as_operator.get(url)
        assert response.status_code == 200, url
        assert b'data-menu="operator"' in response.content


def test_admin_reaches_every_page_of_the_chosen_instansi(world: World) -> None:
    client = client_for(make_admin())
    response = client.post(reverse("organisasi:operator_pilih_instansi"), {"instansi": world.instansi.pk})
    assert response.status_code == 302
    for url in [*list_get_urls(), *object_get_urls(world)]:
        assert client.get(url).status_code == 200, url
    # …and objects of the other instansi are 404 until the admin switches to it.
    other = reverse("organisasi:pegawai_detail", args=[world.other_pegawai.pk])
    assert client.get(other).status_code == 404
    client.post(reverse("organisasi:operator_pilih_instansi"), {"instansi": world.other_instansi.pk})
    assert client.get(other).status_code == 200


def test_post_only_actions_refuse_get(as_operator: Client, world: World) -> None:
    urls = [*object_post_urls(world)[:5], reverse("organisasi:operator_pilih_instansi")]
    for url in urls:
        assert as_operator.get(url).status_code == 405, url


def test_unit_scoped_operator_sees_only_their_subtree(world: World) -> None:
    scoped = build_unit_scoped(world)
    client = client_for(scoped.operator)
    inside = [
        reverse("organisasi:pegawai_detail", args=[scoped.pegawai_a.pk]),
        reverse("organisasi:pegawai_edit", args=[scoped.pegawai_a.pk]),
        reverse("organisasi:unit_edit", args=[scoped.sub_a_child.pk]),
        reverse("organisasi:unit_edit", args=[scoped.sub_a.pk]),
    ]
    outside = [
        reverse("organisasi:pegawai_detail", args=[scoped.pegawai_b.pk]),
        reverse("organisasi:pegawai_edit", args=[scoped.pegawai_b.pk]),
        reverse("organisasi:pegawai_detail", args=[world.pegawai.pk]),
        reverse("organisasi:unit_edit", args=[scoped.sub_b.pk]),
        reverse("organisasi:unit_delete", args=[scoped.sub_b.pk]),
        reverse("organisasi:unit_edit", args=[world.unit.pk]),
    ]
    for url in inside:
        assert client.get(url).status_code == 200, url
    for url in outside:
        assert client.get(url).status_code == 404, url
    before = snapshot(world)
    for action in ("akun_reset_password", "akun_toggle_active", "akun_create"):
        url = reverse(f"organisasi:{action}", args=[scoped.pegawai_b.pk])
        assert client.post(url).status_code == 404, url
    assert snapshot(world) == before
    listing = client.get(reverse("organisasi:pegawai_list")).content.decode()
    assert scoped.pegawai_a.nip in listing
    assert scoped.pegawai_b.nip not in listing
    assert world.pegawai.nip not in listing
    tree = client.get(reverse("organisasi:unit_list")).content.decode()
    assert scoped.sub_a_child.kode in tree
    assert scoped.sub_b.kode not in tree
    # Jabatan are instansi-wide: readable and editable.
    assert world.pegawai.jabatan_id is not None
    assert client.get(reverse("organisasi:jabatan_edit", args=[world.pegawai.jabatan_id])).status_code == 200


def test_unit_scoped_operator_cannot_grant_or_revoke_roles(world: World) -> None:
    scoped = build_unit_scoped(world)
    client = client_for(scoped.operator)
    roles_before = OperatorRole.objects.count()
    grant = reverse("organisasi:role_grant", args=[scoped.pegawai_a.pk])
    assert client.post(grant, {"unit_kerja": scoped.sub_a_child.pk}).status_code == 404
    own_role = OperatorRole.objects.get(user=scoped.operator)
    assert client.post(reverse("organisasi:role_revoke", args=[own_role.pk])).status_code == 404
    assert OperatorRole.objects.count() == roles_before
    detail = client.get(reverse("organisasi:pegawai_detail", args=[scoped.pegawai_a.pk])).content.decode()
    assert 'data-test="peran-beri"' not in detail


def test_menu_switch_shown_only_with_several_instansi(as_operator: Client, world: World) -> None:
    response = as_operator.get(reverse("organisasi:operator_home"))
    assert b'data-test="pilih-instansi"' not in response.content
    OperatorRoleFactory(user=world.operator, instansi=world.other_instansi)
    response = as_operator.get(reverse("organisasi:operator_home"))
    assert b'data-test="pilih-instansi"' in response.content


def test_jabatan_of_another_instansi_is_404(as_operator: Client, world: World) -> None:
    other = JabatanFactory(instansi=world.other_instansi)
    assert as_operator.get(reverse("organisasi:jabatan_edit", args=[other.pk])).status_code == 404
    assert as_operator.post(reverse("organisasi:jabatan_delete", args=[other.pk])).status_code == 404
    assert Jabatan.objects.filter(pk=other.pk).exists()


def test_out_of_range_ids_are_404_or_ignored_never_500(as_operator: Client, world: World) -> None:
    huge = 10**20
    for name in ("pegawai_detail", "pegawai_edit", "unit_edit", "jabatan_edit"):
        assert as_operator.get(reverse(f"organisasi:{name}", args=[huge])).status_code == 404, name
    assert as_operator.get(reverse("organisasi:pegawai_list"), {"unit": huge, "page": huge}).status_code == 200
    assert as_operator.get(reverse("organisasi:unit_create"), {"induk": huge}).status_code == 200
    response = as_operator.post(reverse("organisasi:role_grant", args=[world.pegawai.pk]), {"unit_kerja": huge})
    assert response.status_code == 302
    assert not OperatorRole.objects.filter(user=world.pegawai.user).exists()
