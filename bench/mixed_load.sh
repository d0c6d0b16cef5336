#!/usr/bin/env bash
# A mixed load on this site under the production server: the five pages of the peers'
# comparison (list page 1 and 50, a release, a tag, a search) asked for in turn by
# CONNECTIONS connections for DURATION, with the page cache on (PAGE_CACHE=false turns
# it off), against the loaded database of DATABASE_URL (bench/peers.sh's loader,
# bench/peers_load.py, fills one). Prints wrk's summary with its latency percentiles.
# TAG_SLUG names the tag page (else the first tag by name).
#
#   DATABASE_URL=postgres://… bash bench/mixed_load.sh        # 60 s, 16 connections
#   EACH=1 DURATION=10s CONNECTIONS=8 … bash bench/mixed_load.sh   # each page alone, and
#                                                  # the last list page: RESULT lines
#
# Needs wrk (Debian's package). Starts gunicorn on PORT (8190) and stops it after.
set -euo pipefail

HERE=$(cd "$(dirname "$0")/.." && pwd)
cd "$HERE"
: "${DATABASE_URL:?set DATABASE_URL to a loaded database}"
DURATION=${DURATION:-60s}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
export PORT=${PORT:-8190} HOST=127.0.0.1
export DJANGO_SETTINGS_MODULE=majlis_site.settings.prod
export SECRET_KEY=${SECRET_KEY:-bench-only-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')}
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false SECURE_COOKIES=false HSTS_SECONDS=0
export CONN_MAX_AGE=${CONN_MAX_AGE:-60} STATIC_ROOT=${STATIC_ROOT:-${TMPDIR:-/tmp}/majlis-bench-static}
export WEB_CONCURRENCY=${WEB_CONCURRENCY:-2}

.venv/bin/python manage.py collectstatic --no-input -v0
# The pages: from the loaded releases, as the peers' comparison picks them.
read -r DETAIL TAG LAST_PAGE < <(.venv/bin/python manage.py shell --no-imports -c '
from releases.models import Release
r = Release.objects.published().order_by("published_at", "pk")[len(Release.objects.published()) // 2]
t = Release.objects.published().values_list("tags__slug", flat=True).order_by("tags__slug").first()
print(r.get_absolute_url(), t, (len(Release.objects.published()) + 19) // 20)' 2>/dev/null | tail -n 1)
TAG=${TAG_SLUG:-$TAG}
PAGES=(/en/releases/ "/en/releases/?page=50" "$DETAIL" "/en/tags/$TAG/" "/en/search/?q=cooperation")

LOG=$(mktemp "${TMPDIR:-/tmp}/mixed-load.XXXXXX.log")
.venv/bin/gunicorn --config gunicorn.conf.py 2>"$LOG" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true; rm -f "$LOG"' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
for page in "${PAGES[@]}"; do
  curl -fs -o /dev/null -w "%{http_code} %{size_download}B $page\n" "http://127.0.0.1:$PORT$page"
done
if [ -n "${EACH:-}" ]; then
  # Each page alone, as the peers' comparison measures them: one RESULT line per page.
  for page in "${PAGES[@]}" "/en/releases/?page=$LAST_PAGE"; do
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s bench/mixed_load.lua \
      "http://127.0.0.1:$PORT" -- "$page" | sed -n "s|^RESULT|RESULT $page|p"
  done
  exit 0
fi
echo "PAGE_CACHE=${PAGE_CACHE:-true} ${CONNECTIONS} connections, ${DURATION}: ${PAGES[*]}"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/mixed_load.lua \
  "http://127.0.0.1:$PORT" -- "${PAGES[@]}"
