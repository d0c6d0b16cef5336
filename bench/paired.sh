#!/usr/bin/env bash
# Paired runs: our page and a peer's, measured in turn (ours, peer, ours, peer, ...) with
# wrk, so both see the same machine at nearly the same moment; the ratio is taken pair by
# pair and its median printed. On a machine whose other work comes and goes, the ratios of
# runs minutes apart (bench/peers.sh) swing by 2x; pairs a few seconds apart do not.
#
#   OURS=http://127.0.0.1:8202 PEER=http://127.0.0.1:8201 bash bench/paired.sh \
#       "/en/releases/?page=1 /news/" "/en/search/?q=cooperation /search/?query=cooperation"
#
# Each argument is "OUR_PATH PEER_PATH". The servers must be running already, each under
# the production server as bench/peers.sh starts them (gunicorn, 2 sync workers, the same
# CONN_MAX_AGE); docs/benchmarks.md says how they were started for the figures there.
# Settings: ROUNDS (5 pairs), DURATION (5s a run), WARMUP (2s, once per address),
# THREADS (2), CONNECTIONS (8).
set -euo pipefail

OURS=${OURS:?our site, e.g. http://127.0.0.1:8202}
PEER=${PEER:?the peer, e.g. http://127.0.0.1:8201}
ROUNDS=${ROUNDS:-5} DURATION=${DURATION:-5s} WARMUP=${WARMUP:-2s}
THREADS=${THREADS:-2} CONNECTIONS=${CONNECTIONS:-8}

rate() { # URL: requests per second, or "failed" when an answer was not 2xx or 3xx
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 30s "$1")
  if grep -qE "Non-2xx or 3xx responses|Socket errors" <<<"$out"; then
    echo failed
  else
    awk '/^Requests\/sec:/ { print $2 }' <<<"$out"
  fi
}

printf '%-45s %-32s %10s %10s %8s %8s %8s\n' "our page" "peer's page" "ours r/s" "peer r/s" \
  "ratio" "min" "max"
for pair in "$@"; do
  read -r ours peer <<<"$pair"
  for url in "$OURS$ours" "$PEER$peer"; do
    curl -fsS -o /dev/null "$url" || { echo "no answer from $url" >&2; exit 1; }
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$url" >/dev/null
  done
  ours_rates=() peer_rates=()
  for _ in $(seq "$ROUNDS"); do
    ours_rates+=("$(rate "$OURS$ours")")
    peer_rates+=("$(rate "$PEER$peer")")
  done
  python3 - "$ours" "$peer" "${ours_rates[*]}" "${peer_rates[*]}" <<'EOF'
import statistics, sys
ours_page, peer_page, ours, peer = sys.argv[1:]
ours, peer = ours.split(), peer.split()
if "failed" in ours + peer:
    print(f"{ours_page:45} {peer_page:32} a run had errors or non-2xx answers: {ours} {peer}")
    sys.exit()
ours, peer = [float(r) for r in ours], [float(r) for r in peer]
if 0 in peer:
    print(f"{ours_page:45} {peer_page:32} the peer finished no request in a run: {peer}"
          " (give a longer DURATION)")
    sys.exit()
ratios = [a / b for a, b in zip(ours, peer)]
print(
    f"{ours_page:45} {peer_page:32} {statistics.median(ours):10.1f} {statistics.median(peer):10.1f}"
    f" {statistics.median(ratios):7.2f}x {min(ratios):7.2f}x {max(ratios):7.2f}x"
)
EOF
done
