"""Operator screens for jabatan."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from organisasi.models import Jabatan, JenjangFungsional
from tests.conftest import World
from tests.factories import JabatanFactory, versi_now
from tests.organisasi.test_operator_access import build_unit_scoped, client_for

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def test_list_searches_by_name_and_code_and_shows_the_skp_form(as_operator: Client, world: World) -> None:
    JabatanFactory(instansi=world.instansi, kode="J-777", nama="Kepala Badan Kepegawaian Daerah", jpt=True)
    JabatanFactory(instansi=world.instansi, kode="J-778", nama="Pranata Komputer Ahli Muda", fungsional=True)
    JabatanFactory(instansi=world.other_instansi, kode="J-779", nama="Kepala Badan Lain")
    url = reverse("organisasi:jabatan_list")
    by_name = as_operator.get(url, {"q": "kepala badan"}).content.decode()
    assert "J-777" in by_name
    assert "J-778" not in by_name
    assert "J-779" not in by_name  # another instansi
    assert ">JPT</span>" in by_name
    by_code = as_operator.get(url, {"q": "j-778"}).content.decode()
    assert "Pranata Komputer Ahli Muda" in by_code
    assert ">JA/JF</span>" in by_code
    assert "J-777" not in by_code
    by_jenis = as_operator.get(url, {"jenis": "fungsional"}).content.decode()
    assert "J-778" in by_jenis
    assert "J-777" not in by_jenis


def test_list_pages_and_htmx_gets_only_the_rows(as_operator: Client, world: World) -> None:
    for i in range(30):
        JabatanFactory(instansi=world.instansi, kode=f"P-{i:03d}", nama=f"Pelaksana {i:03d}")
    url = reverse("organisasi:jabatan_list")
    first = as_operator.get(url, {"q": "pelaksana"}).content.decode()
    assert first.count('data-test="jabatan-row"') == 25
    assert "q=pelaksana&amp;page=2" in first
    second = as_operator.get(url, {"q": "pelaksana", "page": 2}).content.decode()
    assert second.count('data-test="jabatan-row"') == 5
    partial = as_operator.get(url, {"q": "pelaksana 00"}, headers=HTMX)
    html = partial.content.decode()
    assert "<html" not in html
    assert html.count('data-test="jabatan-row"') == 10
    assert as_operator.get(url, {"page": "abc"}).status_code == 200


def test_create_with_blank_code_gets_a_generated_one(as_operator: Client, world: World) -> None:
    response = as_operator.post(
        reverse("organisasi:jabatan_create"),
        {
            "kode": "",
            "nama": "Analis SDM Aparatur",
            "jenis": "pelaksana",
            "jenjang": "",
            "uraian_tugas": "Menganalisis.",
        },
        follow=True,
    )
    assert "JAB-0001" in response.content.decode()
    jabatan = Jabatan.objects.get(nama="Analis SDM Aparatur")
    assert (jabatan.instansi, jabatan.kode, jabatan.uraian_tugas) == (world.instansi, "JAB-0001", "Menganalisis.")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"jenis": "fungsional", "jenjang": ""}, "Jabatan fungsional wajib memiliki jenjang."),
        ({"jenis": "pelaksana", "jenjang": "JENJANG"}, "Jenjang hanya untuk jabatan fungsional."),
        ({"kode": "DUP-1"}, "sudah dipakai oleh jabatan"),
        ({"nama": ""}, "tidak boleh kosong"),
        ({"jenis": "bukan"}, "bukan salah satu dari pilihan yang tersedia"),
    ],
)
def test_create_bad_input_shows_the_reason_and_saves_nothing(
    as_operator: Client, world: World, data: dict[str, str], message: str
) -> None:
    JabatanFactory(instansi=world.instansi, kode="DUP-1")
    if data.get("jenjang") == "JENJANG":
        data = {**data, "jenjang": str(JenjangFungsional.objects.get(kode="ahli_muda").pk)}
    count = Jabatan.objects.count()
    post = {"kode": "", "nama": "Jabatan baru", "jenis": "pelaksana", "jenjang": "", "uraian_tugas": "", **data}
    response = as_operator.post(reverse("organisasi:jabatan_create"), post)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Jabatan.objects.count() == count


def test_edit_fungsional_with_jenjang(as_operator: Client, world: World) -> None:
    jabatan = world.pegawai.jabatan
    assert jabatan is not None
    jenjang = JenjangFungsional.objects.get(kode="ahli_pertama")
    response = as_operator.post(
        reverse("organisasi:jabatan_edit", args=[jabatan.pk]),
        {
            "kode": jabatan.kode,
            "nama": "Pranata Komputer Ahli Pertama",
            "jenis": "fungsional",
            "jenjang": jenjang.pk,
            "uraian_tugas": "Mengolah data.",
            "versi": versi_now(jabatan),
        },
    )
    assert response.status_code == 302
    jabatan.refresh_from_db()
    assert (jabatan.jenis, jabatan.jenjang, jabatan.nama) == ("fungsional", jenjang, "Pranata Komputer Ahli Pertama")


def test_edit_duplicate_code_is_refused(as_operator: Client, world: World) -> None:
    other = JabatanFactory(instansi=world.instansi, kode="X-1")
    jabatan = JabatanFactory(instansi=world.instansi, kode="X-2")
    response = as_operator.post(
        reverse("organisasi:jabatan_edit", args=[jabatan.pk]),
        {
            "kode": "X-1",
            "nama": jabatan.nama,
            "jenis": "pelaksana",
            "jenjang": "",
            "uraian_tugas": "",
            "versi": versi_now(jabatan),
        },
    )
    assert response.status_code == 200
    assert other.nama in response.content.decode()
    jabatan.refresh_from_db()
    assert jabatan.kode == "X-2"


def test_delete_refused_while_held_then_allowed(as_operator: Client, world: World) -> None:
    held = world.pegawai.jabatan
    assert held is not None
    url = reverse("organisasi:jabatan_delete", args=[held.pk])
    assert 'data-test="hapus-ditolak"' in as_operator.get(url).content.decode()
    response = as_operator.post(url, follow=True)
    assert "masih dipangku oleh 1 pegawai" in response.content.decode()
    assert Jabatan.objects.filter(pk=held.pk).exists()
    free = JabatanFactory(instansi=world.instansi)
    as_operator.post(reverse("organisasi:jabatan_delete", args=[free.pk]))
    assert not Jabatan.objects.filter(pk=free.pk).exists()


def test_unit_scoped_operator_reads_and_creates_jabatan(world: World) -> None:
    scoped = build_unit_scoped(world)
    client = client_for(scoped.operator)
    assert world.pegawai.jabatan is not None
    assert world.pegawai.jabatan.kode in client.get(reverse("organisasi:jabatan_list")).content.decode()
    response = client.post(
        reverse("organisasi:jabatan_create"),
        {"kode": "", "nama": "Pengelola Mutasi", "jenis": "pelaksana", "jenjang": "", "uraian_tugas": ""},
    )
    assert response.status_code == 302
    assert Jabatan.objects.get(nama="Pengelola Mutasi").instansi == world.instansi
