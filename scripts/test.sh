#!/usr/bin/env bash
# Runs the whole test suite (set DATABASE_URL to run it on PostgreSQL). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh dev

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif sudo -n true 2>/dev/null; then sudo "$@"
  else return 1; fi
}

# Browser tests drive Debian's chromium; PDF tests need pango and poppler.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s libpango-1.0-0 >/dev/null 2>&1 || missing+=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  if ! { as_root apt-get update -qq && as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"; }; then
    echo "Could not install ${missing[*]} (no root or sudo): browser tests will be skipped." >&2
  fi
fi

mkdir -p test-artifacts
exec .venv/bin/pytest -p no:locust "$@"
