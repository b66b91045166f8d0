"""The application shell (issue item 2): menu, placeholders of later stages, language, dashboard."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from accounts.models import User
from beranda.navigation import MAIN_MENU
from tests.conftest import World, login
from tests.factories import PegawaiFactory

DASHBOARD = reverse("beranda:dashboard")
LOGIN = reverse("login")

# The menu of seed 003, in its order; Operator only for operators.
EXPECTED_MENU = [
    ("dashboard", "Dashboard", "/"),
    ("perjanjian_kinerja", "Perjanjian Kinerja", "/perjanjian-kinerja/"),
    ("skp_saya", "SKP Saya", "/skp/"),
    ("matriks_peran_hasil", "Matriks Peran Hasil", "/matriks-peran-hasil/"),
    ("skp_bawahan", "SKP Bawahan", "/skp-bawahan/"),
    ("perilaku_skp", "Perilaku SKP", "/perilaku-skp/"),
    ("keberatan", "Keberatan", "/keberatan/"),
    ("profil", "Profil", "/profil/"),
]
# Unit-level screens: operators, heads of a unit and the admin only.
REPORT_ITEMS = [
    ("capaian_organisasi", "Capaian Organisasi", "/capaian-organisasi/"),
    ("monitoring", "Monitoring", "/monitoring/"),
    ("rekap", "Rekap Kinerja", "/rekap/"),
]
OPERATOR_ITEM = ("operator", "Operator", "/operator/")
OPERATOR_MENU = [*EXPECTED_MENU[:-1], *REPORT_ITEMS, EXPECTED_MENU[-1], OPERATOR_ITEM]


def menu_of(html: str) -> list[tuple[str, str, str]]:
    """(key, label, href) of every main-menu link, in page order."""
    return [
        (key, label.strip(), href)
        for href, key, label in re.findall(r'<a href="([^"]+)"[^>]*data-menu="([^"]+)">([^<]+)</a>', html)
    ]


def test_menu_of_a_pegawai(world: World, as_pegawai: Client) -> None:
    html = as_pegawai.get(DASHBOARD).content.decode()
    assert menu_of(html) == EXPECTED_MENU
    assert "/admin/" not in html


def test_menu_of_an_operator_adds_operator(world: World, as_operator: Client) -> None:
    assert menu_of(as_operator.get(DASHBOARD).content.decode()) == OPERATOR_MENU


def test_menu_definition_matches_the_expected_order() -> None:
    assert [item.key for item in MAIN_MENU] == [key for key, _, _ in OPERATOR_MENU]


@pytest.mark.parametrize(("key", "label", "url"), EXPECTED_MENU)
def test_every_menu_page_answers_and_marks_itself_active(
    world: World, as_pegawai: Client, key: str, label: str, url: str
) -> None:
    response = as_pegawai.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    active = re.findall(r'<a href="([^"]+)" class="active" aria-current="page" data-menu="([^"]+)"', html)
    assert active == [(url, key)]
    assert f"<h1>{label}</h1>" in html


@pytest.mark.parametrize(("key", "label", "url"), REPORT_ITEMS)
def test_report_pages_answer_an_operator(world: World, as_operator: Client, key: str, label: str, url: str) -> None:
    response = as_operator.get(url)
    assert response.status_code == 200
    assertContains(response, f'class="active" aria-current="page" data-menu="{key}"')


@pytest.mark.parametrize("url", [url for _, _, url in OPERATOR_MENU])
def test_anonymous_is_sent_to_login(client: Client, db: None, url: str) -> None:
    assertRedirects(client.get(url), f"{LOGIN}?next={url}")


def test_operator_menu_is_404_for_a_pegawai(world: World, as_pegawai: Client) -> None:
    assert as_pegawai.get(reverse("organisasi:operator_home")).status_code == 404


def test_unknown_page_is_an_indonesian_404(world: World, as_pegawai: Client) -> None:
    response = as_pegawai.get("/tidak-ada/")
    assert response.status_code == 404
    assertContains(response, "Halaman tidak ditemukan", status_code=404)


# --- language ---------------------------------------------------------------------------------


def test_interface_is_indonesian_by_default(world: World, as_pegawai: Client) -> None:
    html = as_pegawai.get(DASHBOARD).content.decode()
    assert '<html lang="id">' in html
    assert "Keluar" in html


def test_language_switch_to_english_and_back(world: World, as_pegawai: Client) -> None:
    response = as_pegawai.post(reverse("set_language"), {"language": "en", "next": "/profil/"})
    assertRedirects(response, "/profil/", fetch_redirect_response=False)
    assert '<html lang="en">' in as_pegawai.get("/profil/").content.decode()
    assert '<html lang="en">' in as_pegawai.get(DASHBOARD).content.decode()
    as_pegawai.post(reverse("set_language"), {"language": "id", "next": DASHBOARD})
    assert '<html lang="id">' in as_pegawai.get(DASHBOARD).content.decode()


def test_language_switch_on_the_login_page(client: Client, db: None) -> None:
    html = client.get(LOGIN).content.decode()
    assert 'name="language" value="en"' in html
    client.post(reverse("set_language"), {"language": "en", "next": LOGIN})
    assert '<html lang="en">' in client.get(LOGIN).content.decode()


def test_every_page_offers_the_language_switch(world: World, as_pegawai: Client) -> None:
    html = as_pegawai.get(DASHBOARD).content.decode()
    assert f'action="{reverse("set_language")}"' in html
    assert '<option value="en"' in html and '<option value="id"' in html


# --- dashboard --------------------------------------------------------------------------------


def test_dashboard_shows_the_pegawai_identity(world: World, as_pegawai: Client) -> None:
    world.pegawai.rekan_kerja.add(world.rekan)
    response = as_pegawai.get(DASHBOARD)
    assert response.status_code == 200
    html = response.content.decode()
    identitas = html[html.index('data-test="identitas"') :]
    identitas = identitas[: identitas.index("</section>")]
    assert world.pegawai.nip in identitas
    assert world.pegawai.jabatan is not None and world.pegawai.jabatan.nama in identitas
    assert world.unit.nama in identitas
    assert world.instansi.nama in identitas
    assert world.atasan.nama_lengkap in identitas
    assert f"Selamat datang, {world.pegawai.nama_lengkap}</p>" in html
    assert f"<strong>{world.pegawai.nama_lengkap}</strong>" in html  # top bar
    assertNotContains(response, 'data-test="operator-ringkasan"')


def test_dashboard_shows_the_operator_summary(world: World, as_operator: Client) -> None:
    PegawaiFactory(instansi=world.instansi, unit_kerja=world.unit, user=None)
    PegawaiFactory(instansi=world.instansi, unit_kerja=world.unit, aktif=False)
    html = as_operator.get(DASHBOARD).content.decode()
    ringkasan = html[html.index('data-test="operator-ringkasan"') :]
    ringkasan = ringkasan[: ringkasan.index("</section>")]
    assert world.instansi.nama in ringkasan
    stats = re.findall(r'<span class="muted">([^<]+)</span><br><span class="stat">(\d+)</span>', ringkasan)
    assert stats == [("Pegawai aktif", "6"), ("Jumlah unit kerja", "1"), ("Pegawai aktif tanpa akun", "1")]
    assert 'data-test="identitas"' in html  # an operator is a pegawai too


def test_admin_without_pegawai_gets_the_dashboard_and_404_on_profil(world: World, client: Client) -> None:
    admin = User.objects.create_superuser("admin-shell", password="Rahasia-123")
    login(client, admin)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assertNotContains(response, 'data-test="identitas"')
    assertContains(response, 'href="/admin/"')
    for personal in ("skp_saya", "matriks_peran_hasil", "skp_bawahan", "perilaku_skp", "profil"):
        assertNotContains(response, f'data-menu="{personal}"')
    assertContains(response, 'data-menu="operator"')
    assert client.get("/profil/").status_code == 404


def test_login_without_pegawai_nor_role_is_told_so(client: Client, db: None) -> None:
    user = User.objects.create_user("tamu", password="Rahasia-123")
    login(client, user)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assertContains(response, "Akun ini belum terhubung dengan data pegawai.")
    personal = {"skp_saya", "matriks_peran_hasil", "skp_bawahan", "perilaku_skp", "profil"}
    assert menu_of(response.content.decode()) == [m for m in EXPECTED_MENU if m[0] not in personal]


def test_dashboard_query_count_is_small(world: World, as_operator: Client, django_assert_max_num_queries) -> None:
    for _ in range(30):
        PegawaiFactory(instansi=world.instansi, unit_kerja=world.unit, atasan=world.pegawai.atasan)
    with django_assert_max_num_queries(14):
        assert as_operator.get(DASHBOARD).status_code == 200
