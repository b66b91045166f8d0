"""Accounts (issue item 3): login with NIP, logout, password change, temporary passwords, throttling.

Logins are real POSTs to the login view (never force_login): django-axes needs the request.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from accounts.models import User
from organisasi.models import Pegawai
from tests.factories import PegawaiFactory

PASSWORD = "Rahasia-123"  # tests.factories.UserFactory's password
LOGIN = reverse("login")
LOGOUT = reverse("logout")
PASSWORD_CHANGE = reverse("password_change")
PASSWORD_CHANGE_DONE = reverse("password_change_done")
DASHBOARD = reverse("beranda:dashboard")
WRONG_LOGIN = "NIP atau kata sandi salah. Periksa kembali lalu coba lagi."


@pytest.fixture
def pegawai(db: None) -> Pegawai:
    return PegawaiFactory(nama="Santi Anggraeni Tallo", gelar_belakang="S.Kom.")


def post_login(client: Client, username: str, password: str, **extra: str):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def field_errors(html: str) -> list[str]:
    return re.findall(r'<div class="error">(.*?)</div>', html)


def is_logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


# --- login / logout ---------------------------------------------------------------------------


def test_login_page_has_the_standard_fields_in_indonesian(client: Client, db: None) -> None:
    response = client.get(LOGIN)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert 'name="username"' in html and 'name="password"' in html
    assert '<label for="id_username">NIP' in html
    assert '<label for="id_password">Kata sandi' in html
    assert ">Masuk</button>" in html


def test_login_with_nip_and_password(client: Client, pegawai: Pegawai) -> None:
    response = post_login(client, pegawai.nip, PASSWORD)
    assertRedirects(response, DASHBOARD)
    assert is_logged_in(client)
    page = client.get(DASHBOARD)
    assertContains(page, "Santi Anggraeni Tallo, S.Kom.")
    assertContains(page, f"NIP {pegawai.nip}")


def test_login_goes_to_next(client: Client, pegawai: Pegawai) -> None:
    profil = reverse("organisasi:profil")
    response = client.get(profil)
    assertRedirects(response, f"{LOGIN}?next={profil}")
    response = post_login(client, pegawai.nip, PASSWORD, next=profil)
    assertRedirects(response, profil)


def test_login_refuses_a_foreign_next(client: Client, pegawai: Pegawai) -> None:
    response = post_login(client, pegawai.nip, PASSWORD, next="https://phishing.example/")
    assertRedirects(response, DASHBOARD)


@pytest.mark.parametrize("case", ["wrong_password", "unknown_nip", "empty"])
def test_wrong_login_says_so_in_indonesian(client: Client, pegawai: Pegawai, case: str) -> None:
    username, password = {
        "wrong_password": (pegawai.nip, "bukan-kata-sandinya"),
        "unknown_nip": ("199901012020011999", PASSWORD),
        "empty": ("", ""),
    }[case]
    response = post_login(client, username, password)
    assert response.status_code == 200
    assert not is_logged_in(client)
    if case == "empty":
        assert field_errors(response.content.decode()) == ["Bidang ini tidak boleh kosong."] * 2
    else:
        assertContains(response, WRONG_LOGIN)


def test_inactive_account_cannot_log_in(client: Client, pegawai: Pegawai) -> None:
    User.objects.filter(pk=pegawai.user_id).update(is_active=False)
    response = post_login(client, pegawai.nip, PASSWORD)
    assert response.status_code == 200
    assert not is_logged_in(client)
    assertContains(response, WRONG_LOGIN)


def test_logged_in_user_opening_login_goes_to_dashboard(client: Client, pegawai: Pegawai) -> None:
    post_login(client, pegawai.nip, PASSWORD)
    assertRedirects(client.get(LOGIN), DASHBOARD)


def test_logout_is_a_post_and_ends_the_session(client: Client, pegawai: Pegawai) -> None:
    post_login(client, pegawai.nip, PASSWORD)
    assert client.get(LOGOUT).status_code == 405  # a link cannot log anyone out
    assert is_logged_in(client)
    response = client.post(LOGOUT)
    assertRedirects(response, LOGIN)
    assert not is_logged_in(client)
    assertRedirects(client.get(DASHBOARD), f"{LOGIN}?next={DASHBOARD}")


def test_every_page_has_a_logout_button(client: Client, pegawai: Pegawai) -> None:
    post_login(client, pegawai.nip, PASSWORD)
    html = client.get(DASHBOARD).content.decode()
    assert re.search(rf'<form action="{LOGOUT}" method="post"', html)
    assert 'data-test="logout"' in html


# --- password change --------------------------------------------------------------------------


def test_password_change_requires_login(client: Client, db: None) -> None:
    assertRedirects(client.get(PASSWORD_CHANGE), f"{LOGIN}?next={PASSWORD_CHANGE}")


def test_password_change_then_log_in_with_the_new_password(client: Client, pegawai: Pegawai) -> None:
    post_login(client, pegawai.nip, PASSWORD)
    page = client.get(PASSWORD_CHANGE)
    assertContains(page, "Ganti kata sandi")
    assertNotContains(page, "kata sandi sementara")
    response = client.post(
        PASSWORD_CHANGE,
        {"old_password": PASSWORD, "new_password1": "Kupang-Kinerja-2026", "new_password2": "Kupang-Kinerja-2026"},
    )
    assertRedirects(response, PASSWORD_CHANGE_DONE)
    assertContains(client.get(PASSWORD_CHANGE_DONE), "Kata sandi Anda berhasil diganti.")
    assert is_logged_in(client)  # the session survives its own password change

    client.post(LOGOUT)
    assert post_login(client, pegawai.nip, PASSWORD).status_code == 200
    assert not is_logged_in(client)
    assertRedirects(post_login(client, pegawai.nip, "Kupang-Kinerja-2026"), DASHBOARD)


@pytest.mark.parametrize(
    ("old", "new1", "new2", "errors"),
    [
        (
            "salah",
            "Kupang-Kinerja-2026",
            "Kupang-Kinerja-2027",
            ["Sandi lama Anda yang dimasukkan salah. Masukkan sekali lagi.", "Dua bidang sandi tidak cocok."],
        ),
        (PASSWORD, "password", "password", ["Kata sandi ini terlalu umum."]),
        (PASSWORD, "Ab1-x", "Ab1-x", ["Kata sandi terlalu pendek. Harus mengandung setidaknya 8 karakter."]),
        (PASSWORD, "83749261057", "83749261057", ["Kata sandi ini seluruhnya terdiri dari angka."]),
        (PASSWORD, "", "", ["Bidang ini tidak boleh kosong.", "Bidang ini tidak boleh kosong."]),
    ],
    ids=["wrong_old_and_mismatch", "common", "short", "numeric", "empty"],
)
def test_password_change_errors_are_indonesian(
    client: Client, pegawai: Pegawai, old: str, new1: str, new2: str, errors: list[str]
) -> None:
    post_login(client, pegawai.nip, PASSWORD)
    response = client.post(PASSWORD_CHANGE, {"old_password": old, "new_password1": new1, "new_password2": new2})
    assert response.status_code == 200
    assert field_errors(response.content.decode()) == errors
    user = User.objects.get(pk=pegawai.user_id)
    assert user.check_password(PASSWORD)  # nothing changed


def test_password_similar_to_the_nip_is_refused(client: Client, pegawai: Pegawai) -> None:
    post_login(client, pegawai.nip, PASSWORD)
    response = client.post(
        PASSWORD_CHANGE, {"old_password": PASSWORD, "new_password1": pegawai.nip, "new_password2": pegawai.nip}
    )
    assertContains(response, "Kata sandi terlalu mirip dengan nama pengguna.")


# --- temporary password -----------------------------------------------------------------------


@pytest.fixture
def temporary(pegawai: Pegawai) -> Pegawai:
    User.objects.filter(pk=pegawai.user_id).update(must_change_password=True)
    return pegawai


def test_temporary_password_sends_every_page_to_password_change(client: Client, temporary: Pegawai) -> None:
    response = post_login(client, temporary.nip, PASSWORD)
    assertRedirects(response, DASHBOARD, target_status_code=302)
    for url in (
        DASHBOARD,
        reverse("organisasi:profil"),
        reverse("perencanaan:skp_list"),
        reverse("penilaian:monitoring"),
        "/halaman-yang-tidak-ada/",
    ):
        assertRedirects(client.get(url), PASSWORD_CHANGE, msg_prefix=url)
    assertRedirects(client.post(reverse("organisasi:rekan_kerja_tambah"), {"pegawai": "1"}), PASSWORD_CHANGE)
    page = client.get(PASSWORD_CHANGE)
    assertContains(page, "Anda masuk dengan kata sandi sementara dari operator.")


def test_temporary_password_may_still_log_out_and_switch_language(client: Client, temporary: Pegawai) -> None:
    post_login(client, temporary.nip, PASSWORD)
    response = client.post(reverse("set_language"), {"language": "en", "next": PASSWORD_CHANGE})
    assertRedirects(response, PASSWORD_CHANGE, fetch_redirect_response=False)
    assert '<html lang="en">' in client.get(PASSWORD_CHANGE).content.decode()
    assertRedirects(client.post(LOGOUT), LOGIN, fetch_redirect_response=False)
    assert not is_logged_in(client)


def test_temporary_password_is_cleared_once_changed(client: Client, temporary: Pegawai) -> None:
    post_login(client, temporary.nip, PASSWORD)
    # A failed attempt keeps the flag.
    client.post(PASSWORD_CHANGE, {"old_password": PASSWORD, "new_password1": "pendek", "new_password2": "pendek"})
    assert User.objects.get(pk=temporary.user_id).must_change_password
    response = client.post(
        PASSWORD_CHANGE,
        {"old_password": PASSWORD, "new_password1": "Sasando-Rote-88", "new_password2": "Sasando-Rote-88"},
    )
    assertRedirects(response, PASSWORD_CHANGE_DONE)
    assert not User.objects.get(pk=temporary.user_id).must_change_password
    assert client.get(DASHBOARD).status_code == 200
    assert client.get(reverse("organisasi:profil")).status_code == 200


# --- throttling (django-axes) -----------------------------------------------------------------


def test_repeated_wrong_passwords_lock_the_nip_out(client: Client, pegawai: Pegawai) -> None:
    limit = settings.AXES_FAILURE_LIMIT
    statuses = [post_login(client, pegawai.nip, f"salah-{i}").status_code for i in range(limit + 1)]
    assert statuses[: limit - 1] == [200] * (limit - 1)
    locked = post_login(client, pegawai.nip, "salah-lagi")
    assert statuses[-1] == locked.status_code == 429
    html = locked.content.decode()
    assert "Terlalu banyak percobaan masuk" in html
    assert "Coba lagi dalam 15 menit" in html
    assert "PT15M" not in html

    # While locked, even the right password is refused.
    response = post_login(client, pegawai.nip, PASSWORD)
    assert response.status_code == 429
    assertContains(response, "Terlalu banyak percobaan masuk", status_code=429)
    assert not is_logged_in(client)


def test_lockout_is_per_nip(client: Client, pegawai: Pegawai) -> None:
    """One person mistyping must not lock out the whole office behind the same address."""
    colleague = PegawaiFactory(instansi=pegawai.instansi)
    for i in range(settings.AXES_FAILURE_LIMIT + 1):
        post_login(client, pegawai.nip, f"salah-{i}")
    assertRedirects(post_login(client, colleague.nip, PASSWORD), DASHBOARD)


def test_a_successful_login_resets_the_failure_count(client: Client, pegawai: Pegawai) -> None:
    limit = settings.AXES_FAILURE_LIMIT
    for i in range(limit - 1):
        post_login(client, pegawai.nip, f"salah-{i}")
    assertRedirects(post_login(client, pegawai.nip, PASSWORD), DASHBOARD)
    client.post(LOGOUT)
    for i in range(limit - 1):
        assert post_login(client, pegawai.nip, f"salah-lagi-{i}").status_code == 200
    assertRedirects(post_login(client, pegawai.nip, PASSWORD), DASHBOARD)
