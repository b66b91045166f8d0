"""Who may open and change which Perjanjian Kinerja (SPEC §2): anything not allowed is a 404.

Decided rules: the head of a unit, an operator covering it and the admin change its agreements.
Everyone else of the instansi reads those of their own unit and the units above it, and a unit
head also those of the units below theirs; every other agreement does not exist for them.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from perencanaan.models import IndikatorKinerja, PerjanjianKinerja, SasaranStrategis

from .conftest import Plan, client_of
from .test_pk_world import HTMX, PkWorld, as_admin, build_pk_world, nilai, unit_operator

pytestmark = pytest.mark.django_db


@pytest.fixture
def pkw(plan: Plan) -> PkWorld:
    return build_pk_world(plan)


def write_requests(w: PkWorld) -> list[tuple[str, str, dict[str, str]]]:
    """Every request that changes (or opens a form to change) the bidang's agreement."""
    pk, s, i = w.pk_bidang.pk, w.sasaran.pk, w.indikator.pk
    indikator = {"teks": "Baru", "target": "1", "satuan": str(nilai().pk)}
    return [
        ("get", reverse("perencanaan:pk_update", args=[pk]), {}),
        ("post", reverse("perencanaan:pk_update", args=[pk]), {"tahun": "2030"}),
        ("post", reverse("perencanaan:pk_delete", args=[pk]), {}),
        ("post", reverse("perencanaan:pk_delete", args=[pk]), {"konfirmasi": "1"}),
        ("get", reverse("perencanaan:pk_sasaran_create", args=[pk]), {}),
        ("post", reverse("perencanaan:pk_sasaran_create", args=[pk]), {"teks": "Baru"}),
        ("get", reverse("perencanaan:pk_sasaran_edit", args=[s]), {}),
        ("post", reverse("perencanaan:pk_sasaran_edit", args=[s]), {"teks": "Baru"}),
        ("post", reverse("perencanaan:pk_sasaran_delete", args=[s]), {}),
        ("post", reverse("perencanaan:pk_sasaran_delete", args=[s]), {"konfirmasi": "1"}),
        ("get", reverse("perencanaan:pk_indikator_create", args=[s]), {}),
        ("post", reverse("perencanaan:pk_indikator_create", args=[s]), indikator),
        ("get", reverse("perencanaan:pk_indikator_edit", args=[i]), {}),
        ("post", reverse("perencanaan:pk_indikator_edit", args=[i]), indikator),
        ("post", reverse("perencanaan:pk_indikator_delete", args=[i]), {}),
        ("post", reverse("perencanaan:pk_indikator_delete", args=[i]), {"konfirmasi": "1"}),
    ]


def snapshot() -> tuple[object, ...]:
    return (
        list(PerjanjianKinerja.objects.order_by("pk").values_list("pk", "tahun")),
        list(SasaranStrategis.objects.order_by("pk").values_list("pk", "teks")),
        list(IndikatorKinerja.objects.order_by("pk").values_list("pk", "teks", "target")),
    )


NOT_WRITERS: dict[str, Callable[[PkWorld], Client]] = {
    "pegawai of the bidang": lambda w: client_of(w.plan.staf),
    "head of the unit above": lambda w: client_of(w.plan.jpt),
    "pegawai of another instansi": lambda w: client_of(w.plan.stranger),
    "operator of another unit": lambda w: _operator_of_lain(w),
}


def _operator_of_lain(w: PkWorld) -> Client:
    from organisasi.models import OperatorRole
    from tests.factories import PegawaiFactory

    pegawai = PegawaiFactory(instansi=w.plan.unit.instansi, unit_kerja=w.lain)
    OperatorRole.objects.create(user=pegawai.user, instansi=w.plan.unit.instansi, unit_kerja=w.lain)
    return client_of(pegawai)


@pytest.mark.parametrize("who", sorted(NOT_WRITERS))
@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_whoever_may_not_change_the_agreement_gets_404_on_every_write(pkw: PkWorld, who: str, htmx: bool) -> None:
    client = NOT_WRITERS[who](pkw)
    before = snapshot()
    extra = HTMX if htmx else {}
    for method, url, data in write_requests(pkw):
        response = getattr(client, method)(url, data, **extra)
        assert response.status_code == 404, (who, method, url, data)
    assert snapshot() == before


WRITERS: dict[str, Callable[[PkWorld], Client]] = {
    "head of the bidang": lambda w: client_of(w.plan.kabid),
    "instansi operator": lambda w: client_of(w.plan.operator),
    "operator of the bidang": unit_operator,
    "admin": as_admin,
}


@pytest.mark.parametrize("who", sorted(WRITERS))
def test_head_operator_and_admin_may_open_every_form(pkw: PkWorld, who: str) -> None:
    client = WRITERS[who](pkw)
    for method, url, _data in write_requests(pkw):
        if method == "get":
            response = client.get(url)
            assert response.status_code in {200, 302}, (who, url)
    response = client.get(reverse("perencanaan:pk_detail", args=[pkw.pk_bidang.pk]))
    assert response.status_code == 200
    assert response.context["can_write"] is True
    assert 'data-test="sasaran-tambah"' in response.content.decode()


@pytest.mark.parametrize("who", sorted(WRITERS))
def test_head_operator_and_admin_may_add_a_year(pkw: PkWorld, who: str) -> None:
    client = WRITERS[who](pkw)
    data = {"tahun": "2027", "unit_kerja": str(pkw.plan.bidang.pk)}
    response = client.post(reverse("perencanaan:pk_create"), data)
    assert response.status_code == 302
    assert PerjanjianKinerja.objects.filter(unit_kerja=pkw.plan.bidang, tahun=2027).exists()


def test_a_unit_operator_cannot_change_the_badan_above_their_scope(pkw: PkWorld) -> None:
    client = unit_operator(pkw)
    assert client.get(reverse("perencanaan:pk_update", args=[pkw.pk_badan.pk])).status_code == 404
    # It is above their own unit, so they may read it.
    response = client.get(reverse("perencanaan:pk_detail", args=[pkw.pk_badan.pk]))
    assert response.status_code == 200 and response.context["can_write"] is False
    # And they cannot slip the badan into the "Tambah" form.
    response = client.post(reverse("perencanaan:pk_create"), {"tahun": "2027", "unit_kerja": str(pkw.plan.unit.pk)})
    assert response.status_code == 200
    assert "hanya unit yang Anda pimpin atau kelola" in response.content.decode()
    assert not PerjanjianKinerja.objects.filter(tahun=2027).exists()


# --- Reading ----------------------------------------------------------------------------------

READ_CASES = [
    # (who, agreement, may read, may write)
    ("staf", "pk_bidang", True, False),
    ("staf", "pk_badan", True, False),
    ("staf", "pk_lain", False, False),
    ("outsider", "pk_bidang", True, False),
    ("kabid", "pk_bidang", True, True),
    ("kabid", "pk_badan", True, False),
    ("kabid", "pk_lain", False, False),
    ("jpt", "pk_badan", True, True),
    ("jpt", "pk_bidang", True, False),
    ("jpt", "pk_lain", True, False),
    ("operator", "pk_lain", True, True),
    ("stranger", "pk_bidang", False, False),
    ("stranger", "pk_badan", False, False),
]


@pytest.mark.parametrize(("who", "which", "may_read", "may_write"), READ_CASES)
def test_reading_an_agreement(pkw: PkWorld, who: str, which: str, may_read: bool, may_write: bool) -> None:
    client = client_of(getattr(pkw.plan, who))
    perjanjian: PerjanjianKinerja = getattr(pkw, which)
    response = client.get(reverse("perencanaan:pk_detail", args=[perjanjian.pk]))
    if not may_read:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert response.context["can_write"] is may_write
    html = response.content.decode()
    assert ('data-test="sasaran-tambah"' in html) is may_write
    assert ('data-test="pk-hanya-baca"' in html) is not may_write


def test_a_reader_sees_the_table_without_buttons(pkw: PkWorld) -> None:
    response = client_of(pkw.plan.staf).get(reverse("perencanaan:pk_detail", args=[pkw.pk_bidang.pk]))
    html = response.content.decode()
    assert "Nilai manajemen perubahan" in html
    assert 'data-test="sasaran-edit"' not in html and 'data-test="sasaran-hapus"' not in html
    assert ">Edit</th>" not in html and ">Hapus</th>" not in html


def test_the_list_shows_a_pegawai_only_their_own_chain_read_only(pkw: PkWorld) -> None:
    response = client_of(pkw.plan.staf).get(reverse("perencanaan:pk_list"))
    assert response.status_code == 200
    shown = {p.pk for p in response.context["page_obj"].object_list}
    assert shown == {pkw.pk_bidang.pk, pkw.pk_badan.pk}
    html = response.content.decode()
    assert 'data-test="pk-tambah"' not in html and 'data-test="pk-hapus"' not in html
    assert "Lihat" in html


def test_the_list_of_a_stranger_shows_nothing_of_this_instansi(pkw: PkWorld) -> None:
    response = client_of(pkw.plan.stranger).get(reverse("perencanaan:pk_list"))
    assert response.status_code == 200
    assert list(response.context["page_obj"].object_list) == []
    assert "Bidang Pengembangan Pegawai" not in response.content.decode()


def test_the_list_of_a_head_marks_only_their_own_unit_as_changeable(pkw: PkWorld) -> None:
    response = client_of(pkw.plan.kabid).get(reverse("perencanaan:pk_list"))
    html = response.content.decode()
    assert {p.pk for p in response.context["page_obj"].object_list} == {pkw.pk_bidang.pk, pkw.pk_badan.pk}
    assert html.count('data-test="pk-hapus"') == 1
    assert reverse("perencanaan:pk_delete", args=[pkw.pk_bidang.pk]) in html


def test_the_operator_list_covers_every_unit_of_the_instansi(pkw: PkWorld) -> None:
    response = client_of(pkw.plan.operator).get(reverse("perencanaan:pk_list"))
    assert {p.pk for p in response.context["page_obj"].object_list} == {
        pkw.pk_bidang.pk,
        pkw.pk_badan.pk,
        pkw.pk_lain.pk,
    }
    assert response.content.decode().count('data-test="pk-hapus"') == 3


def test_nobody_may_add_a_year_without_a_unit_to_manage(pkw: PkWorld) -> None:
    for pegawai in (pkw.plan.staf, pkw.plan.stranger):
        client = client_of(pegawai)
        assert client.get(reverse("perencanaan:pk_create")).status_code == 404
        assert client.post(reverse("perencanaan:pk_create"), {"tahun": "2027"}).status_code == 404
    assert not PerjanjianKinerja.objects.filter(tahun=2027).exists()


def test_anonymous_users_are_sent_to_login(pkw: PkWorld, client: Client) -> None:
    for url in (
        reverse("perencanaan:pk_list"),
        reverse("perencanaan:pk_detail", args=[pkw.pk_bidang.pk]),
        reverse("perencanaan:pk_sasaran_edit", args=[pkw.sasaran.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("pk", [999999, 2**63 - 1, 2**63, 10**30])
def test_unknown_or_absurd_ids_are_404_not_500(pkw: PkWorld, pk: int) -> None:
    client = client_of(pkw.plan.operator)
    for name in ("pk_detail", "pk_update", "pk_sasaran_edit", "pk_indikator_edit"):
        assert client.get(reverse(f"perencanaan:{name}", args=[pk])).status_code == 404
    for name in ("pk_delete", "pk_sasaran_delete", "pk_indikator_delete", "pk_indikator_create"):
        assert client.post(reverse(f"perencanaan:{name}", args=[pk])).status_code == 404


def test_delete_is_post_only(pkw: PkWorld) -> None:
    client = client_of(pkw.plan.kabid)
    for name, pk in (
        ("pk_delete", pkw.pk_bidang.pk),
        ("pk_sasaran_delete", pkw.sasaran.pk),
        ("pk_indikator_delete", pkw.indikator.pk),
    ):
        assert client.get(reverse(f"perencanaan:{name}", args=[pk])).status_code == 405
    assert IndikatorKinerja.objects.filter(pk=pkw.indikator.pk).exists()
