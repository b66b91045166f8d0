"""Operator screens for pegawai: list with live search, add, change, detail."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from organisasi.models import Golongan, OperatorRole, Pegawai
from tests.conftest import World
from tests.factories import PegawaiFactory, UnitKerjaFactory, make_nip, versi_now
from tests.organisasi.test_operator_access import build_unit_scoped, client_for

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def form_data(world: World, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "nip": make_nip(7101),
        "nama": "Yakobus Ndun",
        "gelar_depan": "",
        "gelar_belakang": "A.Md.",
        "status": "PNS",
        "golongan": Golongan.objects.get(jenis="PNS", kode="II/d").pk,
        "jabatan": world.pegawai.jabatan_id,
        "unit_kerja": world.unit.pk,
        "atasan_nip": world.atasan.nip,
        "tugas_belajar": "",
        "aktif": "on",
    }
    data.update(overrides)
    return data


def edit_data(pegawai: Pegawai, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "nip": pegawai.nip,
        "nama": pegawai.nama,
        "gelar_depan": pegawai.gelar_depan,
        "gelar_belakang": pegawai.gelar_belakang,
        "status": pegawai.status,
        "golongan": pegawai.golongan_id,
        "jabatan": pegawai.jabatan_id or "",
        "unit_kerja": pegawai.unit_kerja_id or "",
        "atasan_nip": pegawai.atasan.nip if pegawai.atasan else "",
        "aktif": "on" if pegawai.aktif else "",
        "versi": versi_now(pegawai),
    }
    data.update(overrides)
    return data


# --- List -------------------------------------------------------------------------------------


def test_search_by_nip_prefix_or_name(as_operator: Client, world: World) -> None:
    url = reverse("organisasi:pegawai_list")
    nip = world.pegawai.nip
    by_prefix = as_operator.get(url, {"q": nip[:14]}).content.decode()
    assert f'data-nip="{nip}"' in by_prefix
    spaced = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    assert f'data-nip="{nip}"' in as_operator.get(url, {"q": spaced}).content.decode()
    Pegawai.objects.filter(pk=world.pegawai.pk).update(nama="Fransiska Nona Seran")
    by_name = as_operator.get(url, {"q": "nona ser"}).content.decode()
    assert by_name.count('data-test="pegawai-row"') == 1
    assert f'data-nip="{nip}"' in by_name
    none = as_operator.get(url, {"q": "tidak ada yang bernama ini"}).content.decode()
    assert 'data-test="pegawai-kosong"' in none


def test_filter_by_unit_includes_sub_units_and_by_status(as_operator: Client, world: World) -> None:
    bidang = UnitKerjaFactory(instansi=world.instansi, induk=world.unit)
    seksi = UnitKerjaFactory(instansi=world.instansi, induk=bidang)
    in_bidang = PegawaiFactory(instansi=world.instansi, unit_kerja=bidang)
    in_seksi = PegawaiFactory(instansi=world.instansi, unit_kerja=seksi, aktif=False)
    url = reverse("organisasi:pegawai_list")
    html = as_operator.get(url, {"unit": bidang.pk}).content.decode()
    assert html.count('data-test="pegawai-row"') == 2
    assert in_bidang.nip in html
    assert in_seksi.nip in html
    inactive = as_operator.get(url, {"unit": bidang.pk, "aktif": "0"}).content.decode()
    assert inactive.count('data-test="pegawai-row"') == 1
    assert in_seksi.nip in inactive
    # A unit of another instansi is not a valid filter: ignored, not a 500 and not a leak.
    other_unit = world.other_pegawai.unit_kerja
    assert other_unit is not None
    ignored = as_operator.get(url, {"unit": other_unit.pk})
    assert ignored.status_code == 200
    assert world.other_pegawai.nip not in ignored.content.decode()


def test_list_pages_by_25_and_htmx_gets_the_rows_partial(as_operator: Client, world: World) -> None:
    for _i in range(26):
        PegawaiFactory(instansi=world.instansi, unit_kerja=world.unit, atasan=world.kepala)
    url = reverse("organisasi:pegawai_list")
    page = as_operator.get(url).content.decode()
    assert page.count('data-test="pegawai-row"') == 25
    assert 'hx-trigger="input changed delay:300ms' in page
    assert "Halaman 1 dari 2" in page
    second = as_operator.get(url, {"page": 2}).content.decode()
    assert second.count('data-test="pegawai-row"') == 31 - 25
    partial = as_operator.get(url, {"q": world.pegawai.nip}, headers=HTMX)
    html = partial.content.decode()
    assert "<html" not in html
    assert html.count('data-test="pegawai-row"') == 1


# --- Create -----------------------------------------------------------------------------------


def test_create_pegawai_with_account(as_operator: Client, world: World) -> None:
    response = as_operator.post(reverse("organisasi:pegawai_create"), form_data(world))
    assert response.status_code == 302
    pegawai = Pegawai.objects.get(nip=make_nip(7101))
    assert response["Location"] == reverse("organisasi:pegawai_detail", args=[pegawai.pk])
    assert (pegawai.instansi, pegawai.atasan, pegawai.nama_lengkap) == (
        world.instansi,
        world.atasan,
        "Yakobus Ndun, A.Md.",
    )
    assert pegawai.user is not None
    assert pegawai.user.username == pegawai.nip
    assert not pegawai.user.has_usable_password()
    detail = as_operator.get(response["Location"]).content.decode()
    assert "ditambahkan beserta akunnya" in detail


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"nip": "19851312 201001 2 00"}, "NIP harus terdiri atas 18 angka (tertulis 17 karakter)."),
        ({"nip": "198502302010012003"}, "Tanggal lahir pada NIP (digit 1–8: 19850230) bukan tanggal yang ada."),
        ({"nip": "198503122010013003"}, "Digit jenis kelamin pada NIP (digit 15: 3) harus 1 atau 2."),
        ({"nip": "198503122099012003"}, "TMT pada NIP (209901) ada di masa depan."),
        ({"status": "PPPK"}, "Golongan tidak sesuai dengan status kepegawaian."),
        ({"atasan_nip": "OTHER"}, "Tidak ada pegawai dengan NIP"),
        ({"atasan_nip": "12345"}, "NIP harus terdiri atas 18 angka"),
        ({"nama": ""}, "tidak boleh kosong"),
        ({"nip": "DUP"}, "sudah terdaftar atas nama"),
        ({"unit_kerja": "OTHER_UNIT"}, "bukan salah satu dari pilihan yang tersedia"),
    ],
)
def test_create_bad_input_shows_the_reason_and_saves_nothing(
    as_operator: Client, world: World, overrides: dict[str, object], message: str
) -> None:
    if overrides.get("atasan_nip") == "OTHER":
        overrides = {"atasan_nip": world.other_pegawai.nip}
    if overrides.get("nip") == "DUP":
        overrides = {"nip": world.pegawai.nip}
    if overrides.get("unit_kerja") == "OTHER_UNIT":
        overrides = {"unit_kerja": world.other_pegawai.unit_kerja_id}
    counts = (Pegawai.objects.count(), User.objects.count())
    response = as_operator.post(reverse("organisasi:pegawai_create"), form_data(world, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (Pegawai.objects.count(), User.objects.count()) == counts


# --- Edit -------------------------------------------------------------------------------------


def test_edit_refuses_an_atasan_cycle(as_operator: Client, world: World) -> None:
    url = reverse("organisasi:pegawai_edit", args=[world.kepala.pk])
    for bawahan in (world.atasan, world.pegawai):
        response = as_operator.post(url, edit_data(world.kepala, atasan_nip=bawahan.nip))
        assert response.status_code == 200
        assert "sehingga tidak dapat menjadi atasannya" in response.content.decode()
    itself = as_operator.post(url, edit_data(world.kepala, atasan_nip=world.kepala.nip))
    assert "atasan dirinya sendiri" in itself.content.decode()
    world.kepala.refresh_from_db()
    assert world.kepala.atasan_id is None


def test_edit_shows_current_atasan_and_changes_nip_and_username(as_operator: Client, world: World) -> None:
    url = reverse("organisasi:pegawai_edit", args=[world.pegawai.pk])
    page = as_operator.get(url).content.decode()
    assert f'value="{world.atasan.nip}"' in page
    assert world.atasan.nama_lengkap in page
    new_nip = make_nip(7102)
    response = as_operator.post(
        url, edit_data(world.pegawai, nip=new_nip, atasan_nip=world.kepala.nip, tugas_belajar="on")
    )
    assert response.status_code == 302
    world.pegawai.refresh_from_db()
    assert (world.pegawai.nip, world.pegawai.atasan, world.pegawai.tugas_belajar) == (new_nip, world.kepala, True)
    assert world.pegawai.user is not None
    assert world.pegawai.user.username == new_nip


def test_edit_golongan_must_follow_status(as_operator: Client, world: World) -> None:
    url = reverse("organisasi:pegawai_edit", args=[world.pegawai.pk])
    pppk = Golongan.objects.get(jenis="PPPK", kode="IX")
    bad = as_operator.post(url, edit_data(world.pegawai, golongan=pppk.pk))
    assert bad.status_code == 200
    assert bad.content.decode().count("Golongan tidak sesuai dengan status kepegawaian.") == 1
    good = as_operator.post(url, edit_data(world.pegawai, status="PPPK", golongan=pppk.pk))
    assert good.status_code == 302
    world.pegawai.refresh_from_db()
    assert (world.pegawai.status, world.pegawai.golongan) == ("PPPK", pppk)


def test_unit_scoped_operator_keeps_pegawai_inside_their_subtree(world: World) -> None:
    scoped = build_unit_scoped(world)
    client = client_for(scoped.operator)
    url = reverse("organisasi:pegawai_edit", args=[scoped.pegawai_a.pk])
    for unit in (scoped.sub_b.pk, ""):
        response = client.post(url, edit_data(scoped.pegawai_a, unit_kerja=unit))
        assert response.status_code == 200
    scoped.pegawai_a.refresh_from_db()
    assert scoped.pegawai_a.unit_kerja == scoped.sub_a_child
    # The atasan may be anyone of the instansi, e.g. the head above the subtree.
    moved = client.post(url, edit_data(scoped.pegawai_a, unit_kerja=scoped.sub_a.pk, atasan_nip=world.kepala.nip))
    assert moved.status_code == 302
    scoped.pegawai_a.refresh_from_db()
    assert (scoped.pegawai_a.unit_kerja, scoped.pegawai_a.atasan) == (scoped.sub_a, world.kepala)


# --- Detail -----------------------------------------------------------------------------------


def test_detail_shows_identity_chain_bawahan_rekan_account_and_roles(as_operator: Client, world: World) -> None:
    world.pegawai.rekan_kerja.add(world.rekan)
    response = as_operator.get(reverse("organisasi:pegawai_detail", args=[world.atasan.pk]))
    html = response.content.decode()
    assert world.atasan.nip in html
    assert world.kepala.nama_lengkap in html  # atasan langsung
    assert 'data-test="atasan-atasan"' in html
    assert f'data-nip="{world.pegawai.nip}"' in html  # bawahan
    assert f'data-nip="{world.rekan.nip}"' in html
    assert "Sudah diatur pegawai" in html

    op_pegawai = Pegawai.objects.get(user=world.operator)
    detail = as_operator.get(reverse("organisasi:pegawai_detail", args=[world.pegawai.pk])).content.decode()
    assert world.atasan.nama_lengkap in detail
    assert world.kepala.nama_lengkap in detail  # atasan of the atasan
    assert f'data-nip="{world.rekan.nip}"' in detail  # rekan kerja
    own = as_operator.get(reverse("organisasi:pegawai_detail", args=[op_pegawai.pk])).content.decode()
    assert "Operator seluruh instansi" in own
    assert 'data-test="akun-reset"' not in own  # not for one's own account


def test_detail_of_pegawai_without_account_offers_to_create_one(as_operator: Client, world: World) -> None:
    tanpa = PegawaiFactory(instansi=world.instansi, unit_kerja=world.unit, user=None)
    html = as_operator.get(reverse("organisasi:pegawai_detail", args=[tanpa.pk])).content.decode()
    assert 'data-test="akun-buat"' in html
    assert OperatorRole.objects.filter(user__pegawai=tanpa).count() == 0


# --- Two operators, one record ------------------------------------------------------------------


def test_a_stale_pegawai_edit_is_refused_naming_who_changed_what_and_keeping_the_input(world: World) -> None:
    """Two operators (or two tabs) open the same pegawai; the second save must not silently undo
    the first one."""
    url = reverse("organisasi:pegawai_edit", args=[world.pegawai.pk])
    first = client_for(world.operator)
    second = client_for(world.operator)
    opened = second.get(url).content.decode()
    assert f'name="versi" value="{versi_now(world.pegawai)}"' in opened
    stale_versi = versi_now(world.pegawai)
    assert first.post(url, edit_data(world.pegawai, nama="Maria Goreti Seran")).status_code == 302

    refused = second.post(url, {**edit_data(world.pegawai, nama="Maria Seran"), "versi": stale_versi})
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "Data ini sudah diubah oleh" in page and "setelah Anda membuka formulir" in page
    assert "yang diubah: nama" in page  # named from the audit trail
    assert 'value="Maria Seran"' in page  # the operator's input is kept in the form
    world.pegawai.refresh_from_db()
    assert world.pegawai.nama == "Maria Goreti Seran"

    # Reloaded, the form carries the new version and the save goes through.
    assert f'name="versi" value="{versi_now(world.pegawai)}"' in second.get(url).content.decode()
    assert second.post(url, edit_data(world.pegawai, nama="Maria Seran")).status_code == 302
    world.pegawai.refresh_from_db()
    assert world.pegawai.nama == "Maria Seran"


def test_an_edit_without_or_with_a_garbage_version_saves_nothing(as_operator: Client, world: World) -> None:
    url = reverse("organisasi:pegawai_edit", args=[world.pegawai.pk])
    for versi in (None, "", "abc", "-1"):
        data = edit_data(world.pegawai, nama="Tanpa Versi")
        if versi is None:
            del data["versi"]
        else:
            data["versi"] = versi
        response = as_operator.post(url, data)
        assert response.status_code == 200
        assert "penanda versi data yang sah" in response.content.decode()
    world.pegawai.refresh_from_db()
    assert world.pegawai.nama != "Tanpa Versi"


def test_adding_a_pegawai_needs_no_version(as_operator: Client, world: World) -> None:
    response = as_operator.post(reverse("organisasi:pegawai_create"), form_data(world))
    assert response.status_code == 302
    assert Pegawai.objects.filter(nip=make_nip(7101)).exists()
