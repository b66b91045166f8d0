"""The operator's penilaian settings page: access, read-only for unit operators, htmx and no-JS."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from penilaian.models import AturanPolaDistribusi, FaktorTpp
from penilaian.rules import AturanDistribusi
from penilaian.services.pengaturan import faktor_tpp_set, pola_distribusi_rules, pola_distribusi_set
from tests.conftest import World, login
from tests.organisasi.test_operator_access import build_unit_scoped, client_for, make_admin

pytestmark = pytest.mark.django_db

PAGE = reverse("penilaian:pengaturan")
UMUM = reverse("penilaian:pengaturan_umum")
TPP = reverse("penilaian:pengaturan_tpp")
HTMX = {"HX-Request": "true"}


def pola_url(name: str, capaian: str = "istimewa") -> str:
    return reverse(f"penilaian:{name}", args=[capaian])


def tpp_data(**values: str) -> dict[str, str]:
    data = dict.fromkeys(["sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang"], "")
    data.update(values)
    return data


def pola_data(rows: list[dict[str, Any]], *, initial: int = 0) -> dict[str, Any]:
    data: dict[str, Any] = {
        "aturan-TOTAL_FORMS": str(len(rows)),
        "aturan-INITIAL_FORMS": str(initial),
        "aturan-MIN_NUM_FORMS": "0",
        "aturan-MAX_NUM_FORMS": "12",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"aturan-{i}-{key}"] = value
    return data


def all_urls() -> list[tuple[str, str]]:
    return [
        ("post", UMUM),
        ("post", TPP),
        ("get", pola_url("pola_edit")),
        ("post", pola_url("pola_edit")),
        ("post", pola_url("pola_reset")),
    ]


# --- Reading and access -----------------------------------------------------------------------------


def test_operator_sees_every_section(as_operator: Client, world: World) -> None:
    faktor_tpp_set(instansi=world.instansi, values={"baik": Decimal("80")}, by=world.operator)
    response = as_operator.get(PAGE)
    assert response.status_code == 200
    assertContains(response, 'data-test="form-umum"')
    assertContains(response, 'data-test="form-tpp"')
    assertContains(response, 'value="80.00"')
    html = response.content.decode()
    assert html.count('data-test="pola-card"') == 5 and html.count('data-sumber="nasional"') == 5
    assert "Paling banyak 70% Sangat Baik" in html
    assert html.count('data-test="pola-ubah"') == 5
    assertContains(response, 'data-test="riwayat-item"', count=1)


def test_unit_operator_reads_only(world: World) -> None:
    faktor_tpp_set(instansi=world.instansi, values={"baik": Decimal("80")}, by=None)
    unit = build_unit_scoped(world)
    client = client_for(unit.operator)
    response = client.get(PAGE)
    assert response.status_code == 200
    assertContains(response, 'data-test="pengaturan-hanya-baca"')
    assertContains(response, "80%")
    for marker in ("form-umum", "form-tpp", "pola-ubah"):
        assertNotContains(response, f'data-test="{marker}"')
    for method, url in all_urls():
        assert getattr(client, method)(url, {}).status_code == 404, url
    assert client.get(pola_url("pola_detail"), headers=HTMX).status_code == 200


def test_pegawai_anonymous_and_other_instansi(world: World, client: Client) -> None:
    response = client.get(PAGE)
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert client.post(UMUM, {"batas_keberatan_hari": "30"}).status_code == 302
    pegawai = login(Client(), world.pegawai.user)
    assert pegawai.get(PAGE).status_code == 404
    for method, url in all_urls():
        assert getattr(pegawai, method)(url, {}).status_code == 404, url
    assert pegawai.get(pola_url("pola_detail"), headers=HTMX).status_code == 404
    # The other instansi's operator changes only their own instansi.
    other = login(Client(), world.other_operator)
    other.post(UMUM, {"batas_keberatan_hari": "30", "tempat_tanda_tangan": "Atambua"})
    world.instansi.refresh_from_db()
    world.other_instansi.refresh_from_db()
    assert world.instansi.batas_keberatan_hari == 14 and world.other_instansi.batas_keberatan_hari == 30
    assert world.other_instansi.nama in other.get(PAGE).content.decode()


def test_unknown_capaian_is_404(as_operator: Client) -> None:
    assert as_operator.get(pola_url("pola_edit", "luar_biasa")).status_code == 404
    assert as_operator.post(pola_url("pola_reset", "luar_biasa")).status_code == 404
    assert as_operator.get(pola_url("pola_detail", "luar_biasa"), headers=HTMX).status_code == 404


def test_detail_without_htmx_goes_back_to_the_page(as_operator: Client) -> None:
    response = as_operator.get(pola_url("pola_detail", "baik"))
    assert response.status_code == 302 and response["Location"] == f"{PAGE}#pola-baik"


# --- Keberatan deadline and signature place -------------------------------------------------------------


def test_umum_without_javascript(as_operator: Client, world: World) -> None:
    response = as_operator.post(UMUM, {"batas_keberatan_hari": "21", "tempat_tanda_tangan": "Soe"})
    assert response.status_code == 302 and response["Location"] == f"{PAGE}#pengaturan-umum"
    world.instansi.refresh_from_db()
    assert (world.instansi.batas_keberatan_hari, world.instansi.tempat_tanda_tangan) == (21, "Soe")
    page = as_operator.get(PAGE)
    assertContains(page, "Batas waktu keberatan dan tempat tanda tangan disimpan.")
    assertContains(page, "14 → 21 hari")


def test_umum_with_htmx_swaps_the_section_and_the_log(as_operator: Client, world: World) -> None:
    response = as_operator.post(UMUM, {"batas_keberatan_hari": "7", "tempat_tanda_tangan": ""}, headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="card" id="pengaturan-umum"')
    assert 'data-test="pengaturan-pesan"' in html and 'value="7"' in html
    assert 'id="pengaturan-riwayat"' in html and 'hx-swap-oob="true"' in html


@pytest.mark.parametrize(
    ("data", "pesan"),
    [
        ({"batas_keberatan_hari": "0", "tempat_tanda_tangan": ""}, "paling sedikit 1 hari"),
        ({"batas_keberatan_hari": "91", "tempat_tanda_tangan": ""}, "paling lama 90 hari"),
        ({"batas_keberatan_hari": "dua", "tempat_tanda_tangan": ""}, "Isikan bilangan bulat"),
        ({"batas_keberatan_hari": "", "tempat_tanda_tangan": ""}, "Isikan batas waktu keberatan"),
        ({"batas_keberatan_hari": "14", "tempat_tanda_tangan": "x" * 101}, "paling banyak 100 karakter"),
    ],
)
def test_umum_bad_input(as_operator: Client, world: World, data: dict[str, str], pesan: str) -> None:
    response = as_operator.post(UMUM, data)
    assert response.status_code == 200
    assertContains(response, pesan)
    response = as_operator.post(UMUM, data, headers=HTMX)
    assertContains(response, pesan)
    world.instansi.refresh_from_db()
    assert world.instansi.batas_keberatan_hari == 14


# --- TPP factors -----------------------------------------------------------------------------------------


def test_tpp_set_and_clear(as_operator: Client, world: World) -> None:
    # A decimal comma, as Indonesians write it, is understood.
    response = as_operator.post(TPP, tpp_data(sangat_baik="100", baik="72,5"))
    assert response.status_code == 302 and response["Location"] == f"{PAGE}#pengaturan-tpp"
    assert dict(FaktorTpp.objects.filter(instansi=world.instansi).values_list("predikat", "persen")) == {
        "sangat_baik": Decimal("100"),
        "baik": Decimal("72.5"),
    }
    response = as_operator.post(TPP, tpp_data(sangat_baik="100"), headers=HTMX)
    assertContains(response, 'data-test="pengaturan-pesan"')
    assert set(FaktorTpp.objects.filter(instansi=world.instansi).values_list("predikat", flat=True)) == {"sangat_baik"}


@pytest.mark.parametrize(
    ("value", "pesan"),
    [
        ("101", "tidak boleh lebih dari 100"),
        ("-1", "tidak boleh kurang dari 0"),
        ("abc", "Isikan angka persen"),
        ("50.123", "dua angka"),
        ("1,000.5", "Isikan angka persen"),
    ],
)
def test_tpp_bad_input(as_operator: Client, world: World, value: str, pesan: str) -> None:
    for headers in ({}, HTMX):
        response = as_operator.post(TPP, tpp_data(sangat_baik="90", baik=value), headers=headers)
        assert response.status_code == 200
        assertContains(response, pesan)
    assert not FaktorTpp.objects.exists()


# --- Pola distribusi ----------------------------------------------------------------------------------------


def test_edit_form_is_prefilled_with_the_rules_in_force(as_operator: Client) -> None:
    response = as_operator.get(pola_url("pola_edit", "baik"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-test="pola-row"') == 5  # 3 national rules + 2 empty rows
    assert 'name="aturan-1-persen" value="70.00"' in html
    partial = as_operator.get(pola_url("pola_edit", "baik"), headers=HTMX).content.decode()
    assert partial.lstrip().startswith('<section class="card" id="pola-baik"') and "<html" not in partial


def test_edit_without_javascript(as_operator: Client, world: World) -> None:
    data = pola_data(
        [
            {"jenis": "maksimal", "predikat": ["sangat_baik"], "persen": "60"},
            {"jenis": "terbanyak", "predikat": ["sangat_baik"], "persen": ""},
            {"jenis": "", "persen": ""},  # an empty row is ignored
            {"jenis": "ada", "predikat": ["baik"], "persen": "", "DELETE": "on"},  # removed
        ],
        initial=2,
    )
    response = as_operator.post(pola_url("pola_edit"), data)
    assert response.status_code == 302 and response["Location"] == f"{PAGE}#pola-istimewa"
    assert pola_distribusi_rules(instansi=world.instansi, capaian="istimewa") == [
        AturanDistribusi("maksimal", ("sangat_baik",), Decimal("60")),
        AturanDistribusi("terbanyak", ("sangat_baik",), None),
    ]
    page = as_operator.get(PAGE)
    assertContains(page, 'data-sumber="instansi"', count=1)
    assertContains(page, "Paling banyak 60% Sangat Baik")
    assertContains(page, 'data-test="pola-reset"', count=1)


def test_edit_with_htmx_returns_the_card(as_operator: Client, world: World) -> None:
    data = pola_data([{"jenis": "minimal", "predikat": ["kurang", "sangat_kurang"], "persen": "50"}])
    response = as_operator.post(pola_url("pola_edit", "sangat_kurang"), data, headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="card" id="pola-sangat_kurang"')
    assert 'data-sumber="instansi"' in html and "Paling sedikit 50% Kurang/Misconduct + Sangat Kurang" in html
    assert 'hx-swap-oob="true"' in html


@pytest.mark.parametrize(
    ("rows", "pesan"),
    [
        ([{"jenis": "maksimal", "predikat": ["baik"], "persen": ""}], "memerlukan persen"),
        ([{"jenis": "maksimal", "predikat": [], "persen": "10"}], "Pilih paling sedikit satu predikat"),
        ([{"jenis": "", "predikat": ["baik"], "persen": ""}], "Pilih jenis aturan."),
        ([{"jenis": "rata", "predikat": ["baik"], "persen": ""}], "Pilih jenis aturan dari daftar"),
        ([{"jenis": "ada", "predikat": ["istimewa"], "persen": ""}], "tidak dikenal"),
        ([{"jenis": "minimal", "predikat": ["baik"], "persen": "120"}], "tidak boleh lebih dari 100"),
        ([{"jenis": "", "predikat": [], "persen": ""}], "paling sedikit satu aturan"),
        (
            [
                {"jenis": "minimal", "predikat": ["baik"], "persen": "70"},
                {"jenis": "maksimal", "predikat": ["baik"], "persen": "60"},
            ],
            "bertentangan",
        ),
    ],
)
def test_edit_bad_input(as_operator: Client, world: World, rows: list[dict[str, Any]], pesan: str) -> None:
    for headers in ({}, HTMX):
        response = as_operator.post(pola_url("pola_edit"), pola_data(rows), headers=headers)
        assert response.status_code == 200
        assertContains(response, pesan)
        assertContains(response, 'data-test="form-pola"')
    assert not AturanPolaDistribusi.objects.filter(instansi=world.instansi).exists()


def test_edit_with_a_broken_management_form_is_not_a_500(as_operator: Client, world: World) -> None:
    response = as_operator.post(pola_url("pola_edit"), {"aturan-0-jenis": "ada"})
    assert response.status_code == 200
    response = as_operator.post(pola_url("pola_edit"), {**pola_data([]), "aturan-TOTAL_FORMS": "5000"})
    assert response.status_code == 200
    assert not AturanPolaDistribusi.objects.filter(instansi=world.instansi).exists()


def test_reset(as_operator: Client, world: World) -> None:
    pola_distribusi_set(
        instansi=world.instansi,
        capaian="kurang",
        rules=[AturanDistribusi("minimal", ("kurang",), Decimal("50"))],
        by=world.operator,
    )
    response = as_operator.post(pola_url("pola_reset", "kurang"), headers=HTMX)
    assertContains(response, "kembali memakai pedoman nasional")
    assertContains(response, 'data-sumber="nasional"')
    assert not AturanPolaDistribusi.objects.filter(instansi=world.instansi).exists()
    # Again: nothing to reset, said plainly.
    response = as_operator.post(pola_url("pola_reset", "kurang"), headers=HTMX)
    assertContains(response, "sudah memakai pedoman nasional")
    response = as_operator.post(pola_url("pola_reset", "kurang"))
    assert response.status_code == 302
    assertContains(as_operator.get(response["Location"]), "sudah memakai pedoman nasional")


def test_admin_changes_the_chosen_instansi(world: World) -> None:
    client = client_for(make_admin(), instansi_id=world.other_instansi.pk)
    client.post(TPP, tpp_data(baik="75"))
    assert list(FaktorTpp.objects.values_list("instansi_id", "persen")) == [(world.other_instansi.pk, Decimal("75"))]


# --- Speed ---------------------------------------------------------------------------------------------------

PAGE_QUERIES = 10  # 8: session, user, roles, navigation (2), TPP, pola, log with its users; + a margin of 2


def test_page_queries_do_not_grow(as_operator: Client, world: World, django_assert_max_num_queries) -> None:
    for i in range(30):
        faktor_tpp_set(instansi=world.instansi, values={"baik": Decimal(50 + i)}, by=world.operator)
    for capaian in ("istimewa", "baik", "kurang"):
        pola_distribusi_set(
            instansi=world.instansi,
            capaian=capaian,
            rules=[AturanDistribusi("maksimal", ("sangat_baik",), Decimal(n)) for n in range(10, 22)],
            by=world.operator,
        )
    with django_assert_max_num_queries(PAGE_QUERIES):
        response = as_operator.get(PAGE)
    html = response.content.decode()
    assert html.count('data-test="riwayat-item"') == 20
    assert html.count('data-sumber="instansi"') == 3
