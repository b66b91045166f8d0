import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from tests.conftest import World


def test_english_catalogue_is_loaded() -> None:
    with translation.override("en"):
        assert gettext("SKP Saya") == "My SKP"
        assert gettext("Masuk") == "Log in"
    with translation.override("id"):
        assert gettext("SKP Saya") == "SKP Saya"


@pytest.mark.django_db
def test_pages_switch_to_english_and_back(world: World, as_pegawai: Client) -> None:
    as_pegawai.post("/i18n/setlang/", {"language": "en", "next": "/perilaku-skp/"})
    english = as_pegawai.get("/perilaku-skp/").content.decode()
    assert '<html lang="en">' in english
    assert "My SKP" in english and "Objection" in english
    assert "SKP Saya" not in english
    as_pegawai.post("/i18n/setlang/", {"language": "id", "next": "/perilaku-skp/"})
    indonesian = as_pegawai.get("/perilaku-skp/").content.decode()
    assert '<html lang="id">' in indonesian and "SKP Saya" in indonesian


@pytest.mark.django_db
def test_a_browser_in_english_still_gets_indonesian_by_default(world: World, as_pegawai: Client) -> None:
    html = as_pegawai.get("/perilaku-skp/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="id">' in html and "SKP Saya" in html
