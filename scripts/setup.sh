#!/usr/bin/env bash
# Creates .venv with the pinned packages. Idempotent and quick when nothing changed.
#   ./scripts/setup.sh          runtime packages (enough to run the app)
#   ./scripts/setup.sh dev      runtime + test and lint packages
set -euo pipefail
cd "$(dirname "$0")/.."

kind="${1:-runtime}"
req="requirements.txt"
[ "$kind" = "dev" ] && req="requirements-dev.txt"

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else return 1; fi
}

python_bin=""
for candidate in python3.11 python3.12 python3.13 python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    python_bin="$candidate"; break
  fi
done
if [ -z "$python_bin" ]; then
  echo "Kinerja ASN needs Python 3.11 or newer (apt-get install python3)." >&2
  exit 1
fi

if [ ! -x .venv/bin/python ]; then
  if ! "$python_bin" -m venv .venv 2>/dev/null; then
    # Debian/Ubuntu ship venv support as a separate package.
    rm -rf .venv
    pyver=$("$python_bin" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    echo "Installing python${pyver}-venv (Debian/Ubuntu) ..."
    as_root apt-get update -qq || true
    as_root apt-get install -y -qq "python${pyver}-venv" || as_root apt-get install -y -qq python3-venv || {
      echo "Please install the venv module: sudo apt-get install python3-venv" >&2; exit 1; }
    "$python_bin" -m venv .venv
  fi
fi

# WeasyPrint (the PDF forms) needs pango, harfbuzz-subset and a font from the system.
if command -v dpkg >/dev/null 2>&1; then
  syspkgs=()
  for pkg in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; do
    dpkg -s "$pkg" >/dev/null 2>&1 || syspkgs+=("$pkg")
  done
  if [ ${#syspkgs[@]} -gt 0 ]; then
    echo "Installing system packages for PDF: ${syspkgs[*]}"
    { as_root apt-get update -qq && as_root apt-get install -y -qq --no-install-recommends "${syspkgs[@]}"; } || \
      echo "Could not install ${syspkgs[*]}: the app runs, but printing PDF forms will fail." >&2
  fi
fi

stamp=".venv/.installed-$kind"
digest=$(cat requirements.txt "$req" | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$req"
  echo "$digest" > "$stamp"
fi
mkdir -p var
