"""Managing tokens in the app: personal ones on Profil, system ones in the operator area."""

from __future__ import annotations

import re

from django.test import Client

from api.models import PersonalToken, SystemToken
from organisasi.models import OperatorRole
from tests.api.conftest import Api, assert_error
from tests.conftest import World, login
from tests.factories import PegawaiFactory

HTMX = {"HX-Request": "true"}


def secret_in(html: str) -> str:
    match = re.search(r'data-test="token-baru-nilai">(kin_(?:pat|sys)_[^<]+)<', html)
    assert match, html
    return match.group(1)


def test_profil_loads_the_token_section(world: World) -> None:
    client = login(Client(), world.pegawai.user)
    html = client.get("/profil/").content.decode()
    assert 'hx-get="/profil/token-api/"' in html and 'href="/profil/token-api/"' in html
    partial = client.get("/profil/token-api/", headers=HTMX)
    assert partial.status_code == 200 and b"<html" not in partial.content and b'id="token-api"' in partial.content


def test_personal_token_is_shown_once_and_works(world: World) -> None:
    client = login(Client(), world.pegawai.user)
    response = client.post("/profil/token-api/buat/", {"nama": "Skrip laporan", "berlaku_hari": "30"}, headers=HTMX)
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    token = secret_in(response.content.decode())
    record = PersonalToken.objects.get()
    assert record.user == world.pegawai.user and token.startswith(record.prefix)
    page = client.get("/profil/token-api/").content.decode()
    assert record.prefix in page and token not in page
    assert Api(token).get("/instansi").status_code == 200


def test_form_errors_are_shown_in_indonesian_and_nothing_is_made(world: World) -> None:
    client = login(Client(), world.pegawai.user)
    html = client.post("/profil/token-api/buat/", {"nama": "", "berlaku_hari": "7"}).content.decode()
    assert "Nama token wajib diisi." in html and "Pilih salah satu masa berlaku yang tersedia." in html
    assert not PersonalToken.objects.exists()


def test_revoke_own_token_and_others_get_404(world: World) -> None:
    owner = login(Client(), world.pegawai.user)
    token = secret_in(owner.post("/profil/token-api/buat/", {"nama": "A", "berlaku_hari": "90"}).content.decode())
    record = PersonalToken.objects.get()
    other = login(Client(), world.rekan.user)
    assert other.post(f"/profil/token-api/{record.pk}/cabut/").status_code == 404
    assert Api(token).get("/instansi").status_code == 200
    response = owner.post(f"/profil/token-api/{record.pk}/cabut/")
    assert response.status_code == 302
    assert_error(Api(token).get("/instansi"), 401, "token_revoked")
    assert Client().get("/profil/token-api/").status_code == 302  # to the login page


def test_operator_makes_a_system_token_with_scopes(world: World) -> None:
    client = login(Client(), world.operator)
    html = client.get("/operator/token-sistem/").content.decode()
    assert "organisasi:sync" in html
    response = client.post(
        "/operator/token-sistem/buat/",
        {"nama": "SIASN", "berlaku_hari": "365", "scopes": ["organisasi:read", "organisasi:sync"]},
        headers=HTMX,
    )
    token = secret_in(response.content.decode())
    record = SystemToken.objects.get()
    assert record.instansi == world.instansi and record.created_by == world.operator
    assert record.scopes == ["organisasi:read", "organisasi:sync"]
    assert Api(token).get("/pegawai").status_code == 200
    assert_error(Api(token).get("/evaluasi"), 403, "scope_missing")
    assert "SIASN" in client.get("/operator/token-sistem/").content.decode()
    assert client.post(f"/operator/token-sistem/{record.pk}/cabut/", headers=HTMX).status_code == 200
    assert_error(Api(token).get("/pegawai"), 401, "token_revoked")


def test_system_token_needs_a_scope(world: World) -> None:
    client = login(Client(), world.operator)
    html = client.post("/operator/token-sistem/buat/", {"nama": "X", "berlaku_hari": "30"}).content.decode()
    assert "Pilih paling sedikit satu cakupan." in html and not SystemToken.objects.exists()


def test_system_tokens_are_for_whole_instansi_operators_only(world: World) -> None:
    assert login(Client(), world.pegawai.user).get("/operator/token-sistem/").status_code == 404
    unit_operator = PegawaiFactory(instansi=world.instansi, unit_kerja=world.unit)
    OperatorRole.objects.create(user=unit_operator.user, instansi=world.instansi, unit_kerja=world.unit)
    assert login(Client(), unit_operator.user).get("/operator/token-sistem/").status_code == 404
    login(Client(), world.operator).post(
        "/operator/token-sistem/buat/", {"nama": "X", "berlaku_hari": "30", "scopes": ["evaluasi:read"]}
    )
    record = SystemToken.objects.get()
    other = login(Client(), world.other_operator)
    assert other.post(f"/operator/token-sistem/{record.pk}/cabut/").status_code == 404
    record.refresh_from_db()
    assert record.revoked_at is None
