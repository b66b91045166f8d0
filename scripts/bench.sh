#!/usr/bin/env bash
# The benchmark (docs/performance.md): a PostgreSQL database of generated load data, the app under
# gunicorn with production settings, wrk against /healthz and the core pages, a table.
#   ./scripts/bench.sh                       10,000 pegawai, 10 s per page
#   PEGAWAI=100000 ./scripts/bench.sh        the figures of docs/performance.md (five instansi of 20,000)
#   PEGAWAI=100000 PER_INSTANSI=100000 ./scripts/bench.sh    one instansi of 100,000
#   ./scripts/bench.sh --check --duration 8 --users 10 --repeat 3
#                                            CI: exit 1 when a page falls under its floor (bench/budgets.py)
# Extra arguments go to `manage.py run_benchmark`. The database is made again only when its
# generated size or seed differs (REGENERATE=1 forces it).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh dev

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif sudo -n true 2>/dev/null; then sudo "$@"
  else return 1; fi
}
command -v wrk >/dev/null 2>&1 || as_root apt-get install -y -qq --no-install-recommends wrk || {
  echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

PEGAWAI="${PEGAWAI:-10000}"
SEED="${SEED:-1}"
PER_INSTANSI="${PER_INSTANSI:-20000}"
DB="${BENCH_DB:-kinerja_bench_${PEGAWAI}}"
[ "$PER_INSTANSI" = 20000 ] || DB="${BENCH_DB:-kinerja_bench_${PEGAWAI}_${PER_INSTANSI}}"
PGURL="${BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
export DATABASE_URL="$PGURL/$DB"
export DJANGO_SETTINGS_MODULE=config.settings.dev
py=.venv/bin/python

# The data depends on the generator's code only: a change to the benchmark or its budgets reuses it.
generator_digest=$(cat bench/generator/*.py bench/writer.py bench/catalog.py \
  bench/management/commands/generate_load_data.py 2>/dev/null | sha256sum | cut -c1-16)
stamp="$PEGAWAI:$PER_INSTANSI:$SEED:$generator_digest"
current=$(psql "$PGURL/$DB" -tAc "select obj_description('public.organisasi_pegawai'::regclass)" 2>/dev/null || true)
if [ "${REGENERATE:-0}" = 1 ] || [ "$current" != "$stamp" ]; then
  psql "$PGURL/postgres" -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
  $py manage.py migrate --verbosity 0
  $py manage.py generate_load_data --pegawai "$PEGAWAI" --per-instansi "$PER_INSTANSI" --seed "$SEED"
  psql "$PGURL/$DB" -qc "ANALYZE" -c "COMMENT ON TABLE organisasi_pegawai IS '$stamp'"
else
  # Kept data, newer code: its migrations (an index added since) apply to the kept database too.
  $py manage.py migrate --verbosity 0
fi
$py manage.py run_benchmark --seed "$SEED" "$@"
