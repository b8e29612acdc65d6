#!/usr/bin/env bash
# End to end: interception (issue 7). Hook bundles are hot-installed into a running host and
# take effect on a running program without restarting it: hooks-trace traces a tick counter's
# write/nanosleep calls (`vos trace ID`), its ticks never break and its pid never changes;
# stopping the bundle stops the tracing; the third-party example (examples/uname-hook, built
# against the api artifact only) changes a running program's node name and gives it back when
# uninstalled; hooks-paths maps a program's /data to each host's own directory, before and after
# a migration; hooks-remote-files lets a program migrated to h2 read a file that exists only in
# h1's private /tmp. Needs root. Leaves nothing behind.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

fresh_domain

WORK="/run/vos-e2e-interception.$$"   # seen by every host (each has a private /tmp)
cleanup() {
  "$ROOT/vos" down >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$WORK"
C="$ROOT/bundles/interceptor/src/test/c"
gcc -O2 -o "$WORK/ticker" "$C/ticker.c" && gcc -O2 -o "$WORK/uname-n" "$C/uname-n.c" \
  || { echo "  cannot build the workloads" >&2; exit 1; }
(cd "$ROOT" && mvn -B -q -o -pl api,bundles/hooks-trace,bundles/hooks-paths,bundles/hooks-remote-files install -DskipTests >&2 \
  && mvn -B -q -o -f examples/uname-hook/pom.xml package >&2) || { echo "  cannot build the hook bundles" >&2; exit 1; }
TRACE_JAR="$(ls "$ROOT"/bundles/hooks-trace/target/org.vos.hooks.trace-*.jar | head -1)"
EXAMPLE_JAR="$ROOT/examples/uname-hook/target/org.example.vos.uname-1.0.0.jar"
PATHS_JAR="$(ls "$ROOT"/bundles/hooks-paths/target/org.vos.hooks.paths-*.jar | head -1)"
REMOTE_JAR="$(ls "$ROOT"/bundles/hooks-remote-files/target/org.vos.hooks.remotefiles-*.jar | head -1)"
cp "$TRACE_JAR" "$WORK/hooks-trace.jar" && cp "$EXAMPLE_JAR" "$WORK/uname-hook.jar" && cp "$PATHS_JAR" "$WORK/hooks-paths.jar" \
  && cp "$REMOTE_JAR" "$WORK/hooks-remote-files.jar"

if ! "$VOS" up --hosts 2 >"$E2E_TMP/up.out"; then
  fail "./vos up --hosts 2"; finish
fi
pass "./vos up --hosts 2"
CLI_CP="/run/vos/dist/launcher/classes:/run/vos/dist/launcher/lib/*"
vos_dist() { java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dvos.root="$ROOT" -cp "$CLI_CP" org.vos.cli.Vos "$@"; }
export VOS_NO_BUILD=1
[ -d /run/vos/dist/launcher/classes ] && VOS=vos_dist

field() { "$VOS" ps --json | json "([p['$2'] for p in d if p['id']=='$1'] or ['none'])[0]"; }
hooks_of() { "$VOS" ps --json | json "','.join(([p.get('hooks') or [] for p in d if p['id']=='$1'] or [['none']])[0])"; }
# continuous ID: the ticks of its log are 0,1,2,... without gap, repeat or restart, at least MIN
continuous() {
  "$VOS" logs "$1" >"$E2E_TMP/log.$1"
  awk -v min="$2" '$1=="tick"{if ($2!=n) {printf "  tick %s where %d was due\n", $2, n > "/dev/stderr"; bad=1; exit 1}; n++}
                   END {if (bad) exit 1; if (n < min) {printf "  only %d ticks, expected >= %d\n", n, min > "/dev/stderr"; exit 1}}' "$E2E_TMP/log.$1"
}
ntick() { "$VOS" logs "$1" | grep -c '^tick '; }
grows() { local a; a="$(ntick "$1")"; wait_for 10 test "$(ntick "$1")" -gt "$a"; }

# --- hooks-trace on a running counter ----------------------------------------------------------
ID="$("$VOS" run --host h1 -- "$WORK/ticker")"
check "ticker runs on h1 ($ID)" wait_for 10 test "$(ntick "$ID" 2>/dev/null || echo 0)" -ge 5
PID0="$(field "$ID" pid)"; HOSTPID0="$(field "$ID" hostPid)"
check "without hooks: no hook set shown" test "$(hooks_of "$ID")" = ""
check "without hooks: no seccomp filter (Seccomp: 0)" grep -q '^Seccomp:[[:space:]]*0' "/proc/$HOSTPID0/status"
T0=$(date +%s%N)
check "install hooks-trace into running h1" "$VOS" bundles --host h1 install "$WORK/hooks-trace.jar" --start
check "the running counter carries the trace hook set" wait_for 30 test "$(hooks_of "$ID")" = trace
say "hooks-trace installed and active on the counter in $(( ($(date +%s%N) - T0) / 1000000 )) ms (CLI calls included)"
check "its pid is unchanged ($PID0)" test "$(field "$ID" pid)" = "$PID0"
check "its host pid changed (moved into an instance with the filter)" test "$(field "$ID" hostPid)" != "$HOSTPID0"
check "it has a seccomp filter now" grep -q '^Seccomp:[[:space:]]*2' "/proc/$(field "$ID" hostPid)/status"
wait_for 10 sh -c "\"\$0\" trace $ID 2>/dev/null | grep -q 'clock_nanosleep\\|nanosleep('" "$ROOT/vos" || true
"$VOS" trace "$ID" >"$E2E_TMP/trace" 2>&1
check "vos trace shows its writes with the tick text" grep -q 'write(1, "tick [0-9]* pid 2\\n", [0-9]*) -> proceed' "$E2E_TMP/trace"
check "vos trace shows its sleeps with the timespec" grep -q 'nanosleep(.*{0, 50000000}' "$E2E_TMP/trace"
"$VOS" trace "$ID" --json >"$E2E_TMP/trace.json" 2>&1
check "vos trace --json is one document of calls" \
  test "$(json "len(d) > 0 and all('call' in e and 'seq' in e for e in d)" <"$E2E_TMP/trace.json")" = true
check "counter still counting" grows "$ID"
check "its ticks are unbroken (never restarted)" continuous "$ID" 5
check "stop hooks-trace" "$VOS" bundles --host h1 stop org.vos.hooks.trace
check "the counter loses the hook set" wait_for 30 test "$(hooks_of "$ID")" = ""
one_error_line "tracing stopped: vos trace answers with one error" "$VOS" trace "$ID"
check "no filter any more (Seccomp: 0)" grep -q '^Seccomp:[[:space:]]*0' "/proc/$(field "$ID" hostPid)/status"
check "counter still counting" grows "$ID"
check "its ticks are still unbroken, pid still $PID0" sh -c "test \"\$(\"\$0\" ps --json | python3 -c 'import json,sys; print([p[\"pid\"] for p in json.load(sys.stdin) if p[\"id\"]==\"$ID\"][0])')\" = $PID0" "$ROOT/vos"
check "ticks unbroken after the hook set left" continuous "$ID" 10
check "uninstall hooks-trace" "$VOS" bundles --host h1 uninstall org.vos.hooks.trace

# --- the third-party example -----------------------------------------------------------------
UN="$("$VOS" run --host h1 -- "$WORK/uname-n")"
check "uname-n runs ($UN)" wait_for 10 sh -c "\"\$0\" logs $UN | grep -q '^node '" "$ROOT/vos"
NODE0="$("$VOS" logs "$UN" | awk '$1=="node"{print $2}' | tail -1)"
check "install the third-party uname hook into running h1" "$VOS" bundles --host h1 install "$WORK/uname-hook.jar" --start
check "the running program now sees node uname-n.vos" wait_for 30 sh -c "\"\$0\" logs $UN | tail -1 | grep -q '^node uname-n.vos '" "$ROOT/vos"
check "ps shows the example's hook set" test "$(hooks_of "$UN")" = uname-example
check "uninstall it" "$VOS" bundles --host h1 uninstall org.example.vos.uname
check "the program's node name is back ($NODE0)" wait_for 30 sh -c "\"\$0\" logs $UN | tail -1 | grep -q '^node $NODE0 '" "$ROOT/vos"
"$VOS" logs "$UN" >"$E2E_TMP/un.log"
check "its sequence never restarted" awk '$1=="node"{if ($4!=n) exit 1; n++} END{exit n<10}' "$E2E_TMP/un.log"
check "the counter went on through it all" continuous "$ID" 20

# --- hooks-paths: /data is each host's own directory, and the mapping follows a migration -----
check "install hooks-paths into h1" "$VOS" bundles --host h1 install "$WORK/hooks-paths.jar" --start
check "install hooks-paths into h2" "$VOS" bundles --host h2 install "$WORK/hooks-paths.jar" --start
# the writer reopens /data/out for every line and waits with read -t on a pipe of its own: it forks
# nothing while it runs, so no short-lived child is caught exiting at the freeze (a known engine
# race, see the issue note)
WR="$("$VOS" run --host h1 -- bash -c 'exec 3<> <(:); i=0; while :; do i=$((i+1)); echo "w $i" >> /data/out; read -t 0.2 -u 3; done')"
# cat_data HOST: /data/out as a program on HOST sees it
cat_data() {
  local id; id="$("$VOS" run --host "$1" -- cat /data/out)" || return 1
  wait_for 10 test "$(field "$id" state)" = exited >/dev/null 2>&1
  "$VOS" logs "$id"
}
has_line() { cat_data "$1" | grep -qx "$2"; }
check "h1's /data/out (h1's own directory) has the writer's lines" wait_for 30 has_line h1 'w 3'
check "h1's /data/out is not h1's real /data" test ! -e /data/out
check "the writer carries the paths hook set" test "$(hooks_of "$WR")" = paths
if "$VOS" migrate "$WR" --to h2 >"$E2E_TMP/mp.txt" 2>&1; then pass "migrate the writer to h2"; else fail "migrate the writer to h2: $(cat "$E2E_TMP/mp.txt")"; fi
sleep 2
cat_data h2 >"$E2E_TMP/h2a"
cat_data h1 >"$E2E_TMP/h1b"
N1="$(tail -1 "$E2E_TMP/h1b" | awk '{print $2}')"
check "after the migration the writer writes into h2's /data (from w $((N1 + 1)) on)" \
  sh -c "head -1 '$E2E_TMP/h2a' | grep -qx 'w $((N1 + 1))'"
check "h2's /data/out has no line of h1's" sh -c "! grep -qx 'w 1' '$E2E_TMP/h2a'"
check "the writer carries the paths hook set on h2" test "$(hooks_of "$WR")" = paths
"$VOS" kill "$WR" >/dev/null 2>&1

# --- hooks-remote-files: a file only h1 has, read by a program after it moved to h2 ------------
check "install hooks-remote-files into h1" "$VOS" bundles --host h1 install "$WORK/hooks-remote-files.jar" --start
check "install hooks-remote-files into h2" "$VOS" bundles --host h2 install "$WORK/hooks-remote-files.jar" --start
MARK="only-on-h1-$$"
MK="$("$VOS" run --host h1 -- sh -c "echo $MARK > /tmp/vos-e2e-only-h1.txt")"
wait_for 10 test "$(field "$MK" state)" = exited
RD="$("$VOS" run --host h1 -- python3 -c 'import os, time
while not os.path.exists("/tmp/vos-e2e-go"): time.sleep(0.2)
print(open("/tmp/vos-e2e-only-h1.txt").read().strip(), flush=True); time.sleep(1000)')"
sleep 1
if "$VOS" migrate "$RD" --to h2 >"$E2E_TMP/mr.txt" 2>&1; then pass "migrate the reader to h2"; else fail "migrate the reader to h2: $(cat "$E2E_TMP/mr.txt")"; fi
NO="$("$VOS" run --host h2 -- sh -c 'test -e /tmp/vos-e2e-only-h1.txt && echo present || echo absent')"
check "the file is not on h2" wait_for 10 sh -c "\"\$0\" logs $NO | grep -qx absent" "$ROOT/vos"
"$VOS" run --host h2 -- touch /tmp/vos-e2e-go >/dev/null
check "the reader, now on h2, reads h1's file ($MARK)" wait_for 20 sh -c "\"\$0\" logs $RD | grep -qx $MARK" "$ROOT/vos"
check "the reader carries the remote-files hook set ($(hooks_of "$RD"))" sh -c "echo ',$(hooks_of "$RD"),' | grep -q ',remote-files,'"
"$VOS" kill "$RD" >/dev/null 2>&1

# down from a private copy of the domain's CLI: down removes /run/vos/dist (classes loaded late
# would be gone) and launcher/ in the tree may be rebuilding under other work
if [ -d /run/vos/dist/launcher/classes ]; then
  cp -r /run/vos/dist/launcher "$WORK/cli"
  vos_down() { java -XX:+UseSerialGC -Dvos.root="$ROOT" -cp "$WORK/cli/classes:$WORK/cli/lib/*" org.vos.cli.Vos down; }
else
  vos_down() { "$ROOT/vos" down; }
fi
check "./vos down" vos_down
finish
