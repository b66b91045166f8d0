#!/usr/bin/env bash
# Sets everything up and runs Kinerja ASN with the demo cast on SQLite at http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export DJANGO_SETTINGS_MODULE=config.settings.dev
py=.venv/bin/python
$py manage.py migrate --noinput
$py manage.py seed_demo
# Imports run in the background worker; stop it together with the server.
$py manage.py db_worker --no-reload --interval 1 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
echo
echo "Kinerja ASN: open http://127.0.0.1:${PORT:-8000} and log in with a demo NIP from the README."
$py manage.py runserver "127.0.0.1:${PORT:-8000}"
