#!/usr/bin/env bash
# End to end: the web console in headless Chromium (issue 8). Ups a domain (taking the domain
# lock), runs itest/browser/console-test.mjs against it, downs it. Builds nothing itself (run
# after `mvn -B verify`, as `./vos test` does); installs the test's own prerequisites when
# missing: Debian's chromium (apt) and playwright-core (npm, itest/browser/package-lock.json).
# Screenshots: itest/browser/target/screenshots. VOS_CONSOLE_BENCH=FILE also writes the
# page-load numbers there (bench/console/run.sh). VOS_DOMAIN_LOCK_HELD=1 when the caller holds
# /run/vos-domain.lock already.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ "$(id -u)" -eq 0 ] || skip "needs root (network and mount namespaces)"
command -v ip >/dev/null && command -v nsenter >/dev/null || skip "needs iproute2 and util-linux"
command -v node >/dev/null && command -v npm >/dev/null || skip "needs node and npm"
BROWSER="$ROOT/itest/browser"
SAMPLE="$(ls "$ROOT"/itest/sample-virtualizer/target/org.vos.itest.sample-*.jar 2>/dev/null | head -1)"
BROKEN="$(ls "$ROOT"/itest/broken-bundle/target/org.vos.itest.broken-*.jar 2>/dev/null | head -1)"
[ -n "$SAMPLE" ] && [ -n "$BROKEN" ] || { echo "  build first: the itest/sample-virtualizer or itest/broken-bundle jar is missing" >&2; exit 1; }
ls "$ROOT"/features/target/repository/org/vos/org.vos.console/*/*.jar >/dev/null 2>&1 \
  || { echo "  build first: org.vos.console is not in features/target/repository" >&2; exit 1; }

# --- prerequisites of the browser test ---------------------------------------------------------
if [ ! -x /usr/bin/chromium ]; then
  say "installing chromium (apt)"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >"$E2E_TMP/apt.log" 2>&1 \
    || skip "no browser: chromium could not be installed: $(tail -1 "$E2E_TMP/apt.log")"
fi
if [ ! -f "$BROWSER/node_modules/playwright-core/package.json" ]; then
  say "installing playwright-core (npm ci)"
  (cd "$BROWSER" && npm ci --no-audit --no-fund --loglevel=error) >"$E2E_TMP/npm.log" 2>&1 \
    || skip "no browser driver: playwright-core could not be installed: $(tail -1 "$E2E_TMP/npm.log")"
fi

check "console helpers (node, no browser)" node "$BROWSER/lib-test.mjs"

# --- one domain at a time on this machine ------------------------------------------------------
exec 9>/run/vos-domain.lock
if ! flock -n 9; then
  if [ "${VOS_DOMAIN_LOCK_HELD:-}" = 1 ]; then
    say "the caller holds the domain lock"
  else
    say "waiting for the domain lock (/run/vos-domain.lock)"
    flock -w 1200 9 || { echo "  the domain lock stayed taken for 20 min" >&2; exit 1; }
  fi
fi
if [ -e /run/vos/domain.json ]; then
  echo "  a vos domain is already up here: run ./vos down first" >&2
  exit 1
fi
cleanup() { "$VOS" down >/dev/null 2>&1 || true; }
trap cleanup EXIT

START=$SECONDS
if ! "$VOS" up --hosts 2 --no-build >"$E2E_TMP/up.out" 2>&1; then
  fail "./vos up --hosts 2: $(tail -3 "$E2E_TMP/up.out")"; finish
fi
pass "./vos up --hosts 2 in $((SECONDS - START)) s"
URL="$(grep -m1 -o 'http://127.0.0.1:[0-9]*/' "$E2E_TMP/up.out" || echo http://127.0.0.1:7080/)"
"$VOS" hosts --json >"$E2E_TMP/hosts.json"
H2PID="$(json "[h['executivePid'] for h in d if h['name']=='h2'][0]" <"$E2E_TMP/hosts.json")"

# --- the browser test --------------------------------------------------------------------------
if (cd "$BROWSER" && VOS_URL="$URL" VOS_TOKEN_FILE=/run/vos/token VOS_SAMPLE_JAR="$SAMPLE" VOS_BROKEN_JAR="$BROKEN" \
    VOS_MIGRATE="${VOS_MIGRATE:-auto}" VOS_KILL_PID="$H2PID" VOS_KILL_HOST=h2 VOS_BENCH="${VOS_CONSOLE_BENCH:-}" \
    timeout 600 node console-test.mjs); then
  pass "browser test (headless Chromium)"
else
  fail "browser test (headless Chromium): see the lines above and $BROWSER/target/screenshots"
  mkdir -p "$BROWSER/target"
  for r in /run/vos/manager /run/vos/hosts/*; do
    [ -f "$r/runtime.log" ] && cp "$r/runtime.log" "$BROWSER/target/$(basename "$r")-runtime.log"
  done
  say "manager pid $(cat /run/vos/pids/manager 2>/dev/null || echo '?'): $(kill -0 "$(cat /run/vos/pids/manager 2>/dev/null)" 2>/dev/null && echo alive || echo 'not running') (runtime logs in $BROWSER/target)"
fi

"$VOS" down >"$E2E_TMP/down.out" 2>&1
check "down leaves no namespace or state directory" \
  test -z "$(ip netns list | grep '^vos-')$(ls -d /run/vos 2>/dev/null)"
trap - EXIT
finish
