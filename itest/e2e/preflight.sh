#!/usr/bin/env bash
# End to end: pre-flight (issue 11). `vos check` says without stopping a program whether it can
# be checkpointed and moved, and why not: an eventfd while org.vos.virt.kernel is stopped on h1
# (names the fd and the bundle, non-zero), clean again once it is started; a target that hides a
# CPU feature the source has (Config Admin org.vos.preflight hiddenCpuFlags, dropped into h2's
# deploy directory) makes `check --to h2` and `migrate` refuse before anything is frozen, and the
# program ticks on without a gap; with a clean plan the migration goes through. Needs root.
# Leaves nothing behind.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ "$(id -u)" -eq 0 ] || skip "needs root (network and mount namespaces)"
command -v python3 >/dev/null || skip "needs python3 for the workload"
domain_lock
if [ -e /run/vos/pids/manager ] && kill -0 "$(cat /run/vos/pids/manager)" 2>/dev/null; then
  echo "  a vos domain is up here: run ./vos down first" >&2
  exit 1
fi
"$VOS" down >/dev/null

WORK="/run/vos-e2e-preflight.$$"
cleanup() {
  "$ROOT/vos" down >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$WORK"
cp "$ROOT/bundles/preflight/src/test/resources/ticker.py" "$WORK/ticker.py"

if ! "$VOS" up --hosts 2 >"$E2E_TMP/up.out"; then
  fail "./vos up --hosts 2"; finish
fi
pass "./vos up --hosts 2"
CLI_CP="/run/vos/dist/launcher/classes:/run/vos/dist/launcher/lib/*"
vos_dist() { java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dvos.root="$ROOT" -cp "$CLI_CP" org.vos.cli.Vos "$@"; }
export VOS_NO_BUILD=1
VOS=vos_dist
host_of() { "$VOS" ps --json | json "([p['host'] for p in d if p['id']=='$1'] or ['none'])[0]"; }
ticks() { "$VOS" logs "$1" | awk '$1=="tick"{print $2}'; }
last_tick() { local t; t="$(ticks "$1" | tail -1)"; echo "${t:-0}"; }
grows() { local a; a="$(last_tick "$1")"; wait_for 10 test "$(last_tick "$1")" -gt "${a:-0}"; }
# continuous ID [MS]: ticks 1,2,3,... without a gap or a repeat, and the tick times never stall > MS (1000)
continuous() {
  "$VOS" logs "$1" | awk -v ms="${2:-1000}" '$1=="tick"{n++; if ($2!=n) {printf "  tick %s where %d was due\n", $2, n > "/dev/stderr"; exit 1}
                                    if (last && $3-last > ms*1000000) {printf "  %d ms between ticks %d and %d\n", ($3-last)/1000000, n-1, n > "/dev/stderr"; exit 1}
                                    last=$3}'
}

P="$("$VOS" run --host h1 --name efd -- python3 "$WORK/ticker.py" eventfd)"
check "workload with an eventfd runs on h1" wait_for 20 test "$(last_tick "$P")" -gt 5

"$VOS" check "$P" >"$E2E_TMP/c1.out" 2>&1
check "check is clean while org.vos.virt.kernel is active (exit 0)" test $? -eq 0
check "the plan names the eventfd's virtualizer" grep -q "kernel.eventfd" "$E2E_TMP/c1.out"

"$VOS" bundles --host h1 stop org.vos.virt.kernel >/dev/null
one_error_line "check with org.vos.virt.kernel stopped fails" "$VOS" check "$P"
check "  ... naming the eventfd and the bundle to start" grep -q "BLOCKER fd .*anon:eventfd.*start bundle org.vos.virt.kernel on h1" "$E2E_TMP/out"
"$VOS" check "$P" --json >"$E2E_TMP/c2.json" 2>/dev/null
check "check --json: not ok, the blocker first" test "$(json "(not d['ok']) and d['items'][0]['blocker'] and d['items'][0]['bundle']=='org.vos.virt.kernel'" <"$E2E_TMP/c2.json")" = true
say "plan took $(json "d['elapsedMs']" <"$E2E_TMP/c2.json") ms for $(json "d['threads']" <"$E2E_TMP/c2.json") threads, $(json "d['descriptors']" <"$E2E_TMP/c2.json") descriptors"
check "the program ticks on through the checks" grows "$P"
"$VOS" bundles --host h1 start org.vos.virt.kernel >/dev/null
check "check is clean again once the bundle is started" wait_for 10 "$VOS" check "$P" -q 2>/dev/null
"$VOS" check "$P" --to h2 >"$E2E_TMP/c3.out" 2>&1
check "check --to h2 is clean (same CPU)" test $? -eq 0

# h2 hides a CPU feature h1 has: check and migrate refuse before freezing
HIDE="$(for f in avx512f avx2 avx; do grep -qw "$f" /proc/cpuinfo && { echo "$f"; break; }; done)"
if [ -n "$HIDE" ]; then
  printf 'hiddenCpuFlags = %s\n' "$HIDE" >/run/vos/hosts/h2/lib/executive/deploy/org.vos.preflight.cfg
  hidden() { ! "$VOS" check "$P" --to h2 >/dev/null 2>&1; }
  check "h2 hides $HIDE (Config Admin via its deploy directory): check --to h2 fails" wait_for 20 hidden
  one_error_line "check --to h2 names the missing feature" "$VOS" check "$P" --to h2
  check "  ... $HIDE named" grep -q "$HIDE" "$E2E_TMP/err"
  BEFORE="$(last_tick "$P")"
  one_error_line "migrate --to h2 refuses" "$VOS" migrate "$P" --to h2
  check "  ... with the pre-flight's message" grep -q "lacks CPU" "$E2E_TMP/err"
  check "the program stays on h1" test "$(host_of "$P")" = h1
  check "it goes on ticking" grows "$P"
  rm -f /run/vos/hosts/h2/lib/executive/deploy/org.vos.preflight.cfg
  check "without the hidden flag check --to h2 is clean again" wait_for 20 "$VOS" check "$P" --to h2 -q
else
  say "no avx512f/avx2/avx on this CPU: the hidden-feature part is skipped"
fi
check "the tick log is continuous through every check, no stall over 1 s" continuous "$P"
# a clean plan lets the migration through (no false blocker), and it still goes on
if "$VOS" migrate "$P" --to h2 >"$E2E_TMP/m.out" 2>&1; then
  pass "migrate --to h2 with a clean plan: $(grep -E '^(downtimeMs|totalMs)' "$E2E_TMP/m.out" | tr '\n' ' ')"
else
  fail "migrate --to h2 with a clean plan: $(cat "$E2E_TMP/m.out")"
fi
check "the program runs on h2" test "$(host_of "$P")" = h2
check "it ticks on there" grows "$P"
"$VOS" check "$P" --to h1 >"$E2E_TMP/c4.out" 2>&1
check "check --to h1 of the migrated program is clean" test $? -eq 0
check "the tick log stays continuous across the migration (no stall over 10 s)" continuous "$P" 10000
"$VOS" kill "$P" >/dev/null 2>&1
finish
