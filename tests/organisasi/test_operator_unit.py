"""Operator screens for the unit kerja tree."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from organisasi.models import UnitKerja
from tests.conftest import World
from tests.factories import PegawaiFactory, UnitKerjaFactory, versi_now
from tests.organisasi.test_operator_access import build_unit_scoped, client_for

pytestmark = pytest.mark.django_db


class TreeDepths(HTMLParser):
    """Nesting depth of every `<li data-kode=…>` of the unit tree."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.depths: dict[str, int] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "li":
            self.depth += 1
            kode = dict(attrs).get("data-kode")
            if kode:
                self.depths[kode] = self.depth

    def handle_endtag(self, tag: str) -> None:
        if tag == "li":
            self.depth -= 1


def tree_depths(html: str) -> dict[str, int]:
    parser = TreeDepths()
    parser.feed(html)
    return parser.depths


def test_tree_is_nested_with_head_and_pegawai_count(as_operator: Client, world: World) -> None:
    child = UnitKerjaFactory(instansi=world.instansi, induk=world.unit, kode="B.01", kepala=world.atasan)
    grandchild = UnitKerjaFactory(instansi=world.instansi, induk=child, kode="B.01.1")
    PegawaiFactory(instansi=world.instansi, unit_kerja=grandchild)
    PegawaiFactory(instansi=world.instansi, unit_kerja=grandchild, aktif=False)
    response = as_operator.get(reverse("organisasi:unit_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<ul class="tree"' in html
    assert tree_depths(html) == {world.unit.kode: 1, "B.01": 2, "B.01.1": 3}
    assert world.atasan.nama_lengkap in html
    assert "1 pegawai" in html  # the grandchild counts active pegawai only
    assert "6 termasuk sub-unit" in html  # world.unit's five plus the grandchild's active one
    assert world.other_pegawai.unit_kerja is not None
    assert world.other_pegawai.unit_kerja.kode not in tree_depths(html)


def test_create_unit_under_a_parent_with_head_by_nip(as_operator: Client, world: World) -> None:
    form = as_operator.get(reverse("organisasi:unit_create") + f"?induk={world.unit.pk}")
    assert f'<option value="{world.unit.pk}" selected' in form.content.decode()
    response = as_operator.post(
        reverse("organisasi:unit_create"),
        {"kode": "BKD.04", "nama": "Bidang Penilaian Kinerja", "induk": world.unit.pk, "kepala_nip": world.atasan.nip},
    )
    assert response.status_code == 302
    unit = UnitKerja.objects.get(kode="BKD.04")
    assert (unit.instansi, unit.induk, unit.kepala) == (world.instansi, world.unit, world.atasan)
    follow = as_operator.get(response["Location"])
    assert "Bidang Penilaian Kinerja" in follow.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kode": "DUP"}, "sudah dipakai oleh unit kerja"),
        ({"kode": "", "nama": "X"}, "tidak boleh kosong"),
        ({"kepala_nip": "123"}, "NIP harus terdiri atas 18 angka"),
        ({"kepala_nip": "OTHER"}, "Tidak ada pegawai dengan NIP"),
    ],
)
def test_create_unit_bad_input_shows_the_reason_and_saves_nothing(
    as_operator: Client, world: World, data: dict[str, str], message: str
) -> None:
    UnitKerjaFactory(instansi=world.instansi, kode="DUP", nama="Unit lama")
    if data.get("kepala_nip") == "OTHER":
        data = {**data, "kepala_nip": world.other_pegawai.nip}
    count = UnitKerja.objects.count()
    post = {"kode": "BARU", "nama": "Unit baru", "induk": "", "kepala_nip": "", **data}
    response = as_operator.post(reverse("organisasi:unit_create"), post)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert UnitKerja.objects.count() == count


def test_edit_unit_refuses_a_cycle(as_operator: Client, world: World) -> None:
    child = UnitKerjaFactory(instansi=world.instansi, induk=world.unit)
    page = as_operator.get(reverse("organisasi:unit_edit", args=[world.unit.pk])).content.decode()
    assert f'value="{child.pk}"' not in page  # sub-units are not offered as parent
    response = as_operator.post(
        reverse("organisasi:unit_edit", args=[world.unit.pk]),
        {
            "kode": world.unit.kode,
            "nama": world.unit.nama,
            "induk": child.pk,
            "kepala_nip": "",
            "versi": versi_now(world.unit),
        },
    )
    assert response.status_code == 200
    assert "sub-unitnya" in response.content.decode()
    world.unit.refresh_from_db()
    assert world.unit.induk_id is None


def test_edit_unit_changes_name_and_clears_head(as_operator: Client, world: World) -> None:
    UnitKerja.objects.filter(pk=world.unit.pk).update(kepala=world.kepala)
    page = as_operator.get(reverse("organisasi:unit_edit", args=[world.unit.pk])).content.decode()
    assert world.kepala.nip in page
    response = as_operator.post(
        reverse("organisasi:unit_edit", args=[world.unit.pk]),
        {
            "kode": world.unit.kode,
            "nama": "Sekretariat Badan",
            "induk": "",
            "kepala_nip": "",
            "versi": versi_now(world.unit),
        },
    )
    assert response.status_code == 302
    world.unit.refresh_from_db()
    assert (world.unit.nama, world.unit.kepala_id) == ("Sekretariat Badan", None)


def test_delete_unit_refused_while_it_has_pegawai(as_operator: Client, world: World) -> None:
    url = reverse("organisasi:unit_delete", args=[world.unit.pk])
    page = as_operator.get(url).content.decode()
    assert 'data-test="hapus-ditolak"' in page
    response = as_operator.post(url, follow=True)
    assert response.status_code == 200
    assert "tidak dapat dihapus" in response.content.decode()
    assert UnitKerja.objects.filter(pk=world.unit.pk).exists()


def test_delete_empty_unit(as_operator: Client, world: World) -> None:
    empty = UnitKerjaFactory(instansi=world.instansi, induk=world.unit, nama="Unit kosong")
    url = reverse("organisasi:unit_delete", args=[empty.pk])
    assert 'data-test="hapus-konfirmasi"' in as_operator.get(url).content.decode()
    response = as_operator.post(url, follow=True)
    assert "Unit kerja “Unit kosong” dihapus." in response.content.decode()
    assert not UnitKerja.objects.filter(pk=empty.pk).exists()


def test_unit_scoped_operator_creates_only_inside_their_subtree(world: World) -> None:
    scoped = build_unit_scoped(world)
    client = client_for(scoped.operator)
    url = reverse("organisasi:unit_create")
    count = UnitKerja.objects.count()
    no_parent = client.post(url, {"kode": "S1", "nama": "Seksi", "induk": "", "kepala_nip": ""})
    assert no_parent.status_code == 200
    assert "tidak boleh kosong" in no_parent.content.decode()
    outside = client.post(url, {"kode": "S1", "nama": "Seksi", "induk": scoped.sub_b.pk, "kepala_nip": ""})
    assert outside.status_code == 200
    assert "di luar cakupan Anda" in outside.content.decode()
    assert UnitKerja.objects.count() == count
    inside = client.post(url, {"kode": "S1", "nama": "Seksi", "induk": scoped.sub_a_child.pk, "kepala_nip": ""})
    assert inside.status_code == 302
    assert UnitKerja.objects.get(kode="S1").induk == scoped.sub_a_child


def test_unit_scoped_operator_edits_the_root_of_their_subtree_keeping_its_parent(world: World) -> None:
    scoped = build_unit_scoped(world)
    client = client_for(scoped.operator)
    response = client.post(
        reverse("organisasi:unit_edit", args=[scoped.sub_a.pk]),
        {
            "kode": scoped.sub_a.kode,
            "nama": "Bidang Mutasi dan Promosi",
            "induk": world.unit.pk,
            "kepala_nip": "",
            "versi": versi_now(scoped.sub_a),
        },
    )
    assert response.status_code == 302
    scoped.sub_a.refresh_from_db()
    assert (scoped.sub_a.nama, scoped.sub_a.induk) == ("Bidang Mutasi dan Promosi", world.unit)
    # Moving it elsewhere outside the subtree is not offered.
    moved = client.post(
        reverse("organisasi:unit_edit", args=[scoped.sub_a.pk]),
        {
            "kode": scoped.sub_a.kode,
            "nama": "X",
            "induk": scoped.sub_b.pk,
            "kepala_nip": "",
            "versi": versi_now(scoped.sub_a),
        },
    )
    assert moved.status_code == 200
    scoped.sub_a.refresh_from_db()
    assert scoped.sub_a.induk == world.unit
