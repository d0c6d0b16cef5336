#!/usr/bin/env bash
# This site against the benchmark peers (the Wagtail twin, a bare Django view, nginx): the
# peers' run_bench.sh with this checkout as "ours", loaded by bench/peers_load.py.
#
#   sudo PEERS_DIR=/path/to/peers bash bench/peers.sh [N]     # N releases, default 10000
#
# run_bench.sh asks for our pages without a language prefix, which this site answers with a
# 301 to /en/...: wrk would measure redirects. So this runs a copy of it whose URLs for our
# site carry /en/, and which also measures our last list page (the deep-page goal). Every
# other line is the peers' own. Its settings (DURATION, WARMUP, PEERS_STATE, ...) apply; any
# variable exported here reaches our gunicorn too.
#
# Our site is measured twice from the one load: as "ours" with the page cache off (the pages
# made each time, beside the Wagtail twin, which caches nothing) and as "cached" with it on
# (beside the bare view and nginx), each under its own gunicorn. CACHED=0 skips the second.
# Queries per page are counted with the page cache off.
set -euo pipefail

N=${1:-10000}
HERE=$(cd "$(dirname "$0")/.." && pwd)
PEERS_DIR=${PEERS_DIR:?set PEERS_DIR to the peers folder (the one holding run_bench.sh)}
PEERS_DIR=$(cd "$PEERS_DIR" && pwd)
# The twin's venv and loaded databases go here, never into the peers folder (root may write
# into a folder marked read-only, which run_bench.sh would then use).
export PEERS_STATE=${PEERS_STATE:-${TMPDIR:-/tmp}/majlis-peers}
export SECRET_KEY=${SECRET_KEY:-peers-bench-only-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')}
export SECURE_COOKIES=${SECURE_COOKIES:-false}
# Plain HTTP on loopback: without these the production settings answer 301 to HTTPS.
export SECURE_SSL_REDIRECT=${SECURE_SSL_REDIRECT:-false} HSTS_SECONDS=${HSTS_SECONDS:-0}
export OURS_DIR=$HERE
export OURS_LOAD=".venv/bin/python manage.py migrate -v0 && .venv/bin/python manage.py collectstatic --no-input -v0 && RELEASES={file} .venv/bin/python manage.py shell < bench/peers_load.py"
LAST_PAGE=$(((N + 19) / 20))

copy=$(mktemp /tmp/peers-run-bench.XXXXXX.sh)
trap 'rm -f "$copy"' EXIT
# Only bench_ours's lines change: the other sites keep their own addresses.
sed -e "s|^PEERS=.*|PEERS=$PEERS_DIR|" \
  -e '/^bench_ours()/,/^}/{
    s|"\$base/releases/|"$base/en/releases/|g
    s|"\$base/tags/|"$base/en/tags/|g
    s|"\$base/search/|"$base/en/search/|g
    s|"/releases/|"/en/releases/|g
    s|"/tags/|"/en/tags/|g
    s|"/search/|"/en/search/|g
  }' \
  -e "s|^\(  bench ours \"index p50\".*\)$|\1\n  bench ours \"index last\" \"\$base/en/releases/?page=$LAST_PAGE\"|" \
  -e 's|^\(  start_gunicorn ours .*\)$|\1 PAGE_CACHE=false|' \
  -e 's|^  (export "${envs\[@\]}" \&\& count_queries|  (export "${envs[@]}" PAGE_CACHE=false \&\& count_queries|' \
  -e "s|^\(  bench ours search .*\)$|\1\n  [[ \${CACHED:-1} == 0 ]] \|\| bench_cached \"\$venv\" \"\${envs[@]}\"|" \
  -e "s|\"/en/releases/?page=50\" |\"/en/releases/?page=50\" \"/en/releases/?page=$LAST_PAGE\" |" \
  "$PEERS_DIR/run_bench.sh" >"$copy"
# The second gunicorn, on the next port, with the page cache on; run_bench.sh stops it with
# the others (start_gunicorn records its PID).
cat >>"$copy.cached" <<'CACHED'
bench_cached() { # VENV ENV...: our pages again, served from the page cache
  local venv=$1 port=$((OURS_PORT + 1))
  shift
  port_free "$port" || { log "port $port is in use: no cached run"; return 0; }
  start_gunicorn cached "$port" "$venv/bin/gunicorn" "$OURS_DIR" "${OURS_WSGI:-majlis_site.wsgi}" "$@" PAGE_CACHE=true
  local base=http://127.0.0.1:$port
  wait_http "$base/en/releases/"
  bench cached "index p1" "$base/en/releases/?page=1"
  bench cached "index p50" "$base/en/releases/?page=50"
  bench cached "index last" "$base/en/releases/?page=$LAST_PAGE"
  bench cached detail "$base/en/releases/$DETAIL_DATE/$DETAIL_SLUG/"
  bench cached tag "$base/en/tags/$TAG_SLUG/"
  bench cached search "$base/en/search/?q=$SEARCH_WORD"
}
CACHED
# Defined before main runs: insert the function above the script's last line ("main").
sed -i "s|\$LAST_PAGE|$LAST_PAGE|g" "$copy.cached"
sed -i "/^main$/e cat $copy.cached" "$copy"
rm -f "$copy.cached"
# The copy must differ from the original exactly where intended, or the figures would be
# of redirects (or of nothing): stop if the peers' script has changed shape.
for expected in "PEERS=$PEERS_DIR" '"$base/en/releases/?page=1"' '"$base/en/tags/$TAG_SLUG/"' \
  '"$base/en/search/?q=$SEARCH_WORD"' "bench ours \"index last\"" '"/en/releases/?page=1"' \
  "\"/en/releases/?page=$LAST_PAGE\"" '"/en/search/?q=$SEARCH_WORD"' 'PAGE_CACHE=false' 'bench_cached "$venv"' \
  'bench cached search' 'PAGE_CACHE=false && count_queries'; do
  grep -qF -- "$expected" "$copy" || { echo "run_bench.sh changed: no $expected in the copy" >&2; exit 1; }
done
bash "$copy" "$N"
