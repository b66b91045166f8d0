"""Hardening that every page shares: the Content-Security-Policy (and the templates it relies on),
uploads never served from a public URL, the session and password rules. Production settings
passing `check --deploy` is tests/test_settings.py; the browser journeys fail on any CSP refusal
(tests/browser/conftest.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from tests.conftest import login
from tests.factories import PegawaiFactory

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [p for p in REPO.glob("*/templates") if ".venv" not in p.parts] + [REPO / "templates"]


def _policy(client: Client, url: str) -> dict[str, list[str]]:
    header = client.get(url)["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_every_page_sends_a_strict_script_policy() -> None:
    client = login(Client(), PegawaiFactory().user)
    for url in ("/", "/skp/", "/accounts/login/", "/healthz"):
        policy = _policy(client, url)
        assert policy["script-src"] == ["'self'"], url  # no inline script, no eval
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"]
        assert policy["form-action"] == ["'self'"]
        assert policy["default-src"] == ["'self'"]


def test_anonymous_login_page_has_the_policy_and_frame_protection() -> None:
    response = Client().get("/accounts/login/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] in ("DENY", "SAMEORIGIN")
    assert response["X-Content-Type-Options"] == "nosniff"


def _templates() -> list[Path]:
    return [p for d in TEMPLATE_DIRS for p in d.rglob("*.html")]


def test_no_template_has_an_inline_script_or_event_handler() -> None:
    """What the policy forbids must not be in the templates: an inline <script> (a JSON data block
    is fine), an on…= handler attribute, or a javascript: URL."""
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.IGNORECASE)
    handler = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
    templates = _templates()
    assert len(templates) > 100
    for path in templates:
        text = path.read_text(encoding="utf-8")
        assert not inline_script.search(text), path
        assert not handler.search(text), path
        assert "javascript:" not in text.lower(), path


def test_uploads_are_not_served_from_a_public_url(tmp_path: Path) -> None:
    client = login(Client(), PegawaiFactory().user)
    assert client.get(f"{settings.MEDIA_URL}bukti/2026/01/anything.pdf").status_code == 404
    assert client.get(settings.MEDIA_URL).status_code == 404


def test_sessions_expire() -> None:
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE


@pytest.mark.parametrize("password", ["12345678", "password", "kinerja", "199012122015"])
def test_weak_passwords_are_refused(password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_reasonable_password_is_accepted() -> None:
    validate_password("Laporan-Triwulan-2026")
