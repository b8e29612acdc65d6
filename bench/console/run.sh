#!/usr/bin/env bash
# Console page-load benchmark (issue 8), on demand: runs the console's end-to-end suite (its own
# domain, taken under /run/vos-domain.lock) and keeps the browser test's numbers in
# bench/results/console.json: time from navigation start to the first host card on screen, with
# DOMContentLoaded, load and bytes per load (7 loads, median), and, when the domain migrates, the
# time from the Migrate click to "done". Needs root; the build must exist (mvn -B install).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
[ "$(id -u)" -eq 0 ] || { echo "bench: needs root" >&2; exit 1; }
VOS_CONSOLE_BENCH="$ROOT/bench/results/console.json" bash "$ROOT/itest/e2e/console.sh"
cat "$ROOT/bench/results/console.json"
