import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_check_deploy_without_warnings(tmp_path: Path) -> None:
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": "x" * 20 + "-production-secret-key-for-the-check-0123456789",
            "ALLOWED_HOSTS": "kinerja.example.go.id",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "VAR_DIR": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_a_missing_secret_key(tmp_path: Path) -> None:
    result = run_manage(
        "check",
        env={"DJANGO_SETTINGS_MODULE": "config.settings.production", "SECRET_KEY": "", "VAR_DIR": str(tmp_path)},
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_default_database_is_sqlite_under_var_and_database_url_overrides_it(tmp_path: Path) -> None:
    code = "from django.conf import settings; d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'])"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    default = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert default.stdout.strip().splitlines()[-1].split() == [
        "django.db.backends.sqlite3",
        str(tmp_path / "kinerja.sqlite3"),
    ]
    postgres = run_manage(
        "shell",
        "-c",
        code,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.dev", "DATABASE_URL": "postgres://u@db.example:5432/kinerja"},
    )
    assert postgres.stdout.strip().splitlines()[-1].split() == ["django.db.backends.postgresql", "kinerja"]


@pytest.mark.django_db
def test_healthz_reports_a_database_failure(client: Client) -> None:
    with mock.patch("beranda.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
