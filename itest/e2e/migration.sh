#!/usr/bin/env bash
# End to end: migration between simulated hosts (issue 6). Real programs move between h1 and h2
# and go on where they were: a tick counter's log must have no gap, no repeat and never start
# again at 1. Faults: unknown and down hosts, the target's executive killed mid-transfer, a
# corrupted stream, a library the target does not have. Needs root. Leaves nothing behind.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

fresh_domain
BACK_AND_FORTH="${VOS_MIGRATION_ROUNDS:-100}"

# workloads live where every host sees them (each host has a private /tmp)
WORK="/run/vos-e2e-migration.$$"
cleanup() {
  "$ROOT/vos" down >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$WORK"
W="$ROOT/itest/e2e/workloads"
gcc -O2 -o "$WORK/tick" "$W/tick.c" && gcc -O2 -o "$WORK/appender" "$W/appender.c" \
  && gcc -O2 -pthread -o "$WORK/threads" "$W/threads.c" \
  && gcc -O2 -o "$WORK/forktree" "$ROOT/bundles/engine/src/test/c/forktree.c" \
  && gcc -O2 -shared -fPIC -o "$WORK/libgreet.so" "$W/greet.c" \
  && gcc -O2 -o "$WORK/greeter" "$W/greeter.c" -L"$WORK" -lgreet -Wl,-rpath,/tmp/vos-e2e-lib \
  || { echo "  cannot build the workloads" >&2; exit 1; }

if ! "$VOS" up --hosts 2 >"$E2E_TMP/up.out"; then
  fail "./vos up --hosts 2"; finish
fi
pass "./vos up --hosts 2"
# from here on the command runs from the domain's own copy: other work in this tree (rebuilds of
# the launcher) cannot slow it down or write to its stderr; `up` (healing h2) never rebuilds
CLI_CP="/run/vos/dist/launcher/classes:/run/vos/dist/launcher/lib/*"
vos_dist() { java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dvos.root="$ROOT" -cp "$CLI_CP" org.vos.cli.Vos "$@"; }
export VOS_NO_BUILD=1
VOS=vos_dist
TOKEN="$(cat /run/vos/token)"
API="http://127.0.0.1:$(python3 -c 'import json; print(json.load(open("/run/vos/domain.json"))["port"])')/api/v1"
hostpid() { "$VOS" hosts --json | json "[h['executivePid'] for h in d if h['name']=='$1'][0]"; }
host_of() { "$VOS" ps --json | json "([p['host'] for p in d if p['id']=='$1'] or ['none'])[0]"; }
state_of() { "$VOS" ps --json | json "([p['state'] for p in d if p['id']=='$1'] or ['none'])[0]"; }
# ticks ID: the tick numbers of the program's log, one a line
ticks() { "$VOS" logs "$1" | awk '$1=="tick"||$1=="count"{print $2}'; }
# continuous ID MIN: the log counts 1,2,3,... without gap or repeat, reaches MIN, and no step saw a bad heap
continuous() {
  "$VOS" logs "$1" >"$E2E_TMP/log.$1"
  awk -v min="$2" '$1=="tick"||$1=="count"{n++; if ($2!=n) {printf "  tick %s where %d was due\n", $2, n > "/dev/stderr"; bad=1; exit 1}}
                   / BAD( |$)/ {print "  self-check failed: " $0 > "/dev/stderr"; bad=1; exit 1}
                   END {if (bad) exit 1; if (n < min) {printf "  only %d ticks, expected >= %d\n", n, min > "/dev/stderr"; exit 1}}' "$E2E_TMP/log.$1"
}
last_tick() { local t; t="$(ticks "$1" | tail -1)"; echo "${t:-0}"; }
grows() { local a; a="$(last_tick "$1")"; wait_for 10 test "$(last_tick "$1")" -gt "${a:-0}"; }
# goes_on ID MIN: still counting, and the whole log is continuous
goes_on() { grows "$1" && continuous "$1" "$2"; }

# --- the counter h1 -> h2 -> h1 ------------------------------------------------------------
C="$("$VOS" run --host h1 --name counter -- "$WORK/tick" 10)"
check "counter runs on h1" wait_for 10 test "$(host_of "$C")" = h1
wait_for 10 test "$(last_tick "$C")" -gt 20
BEFORE="$(last_tick "$C")"
if "$VOS" migrate "$C" --to h2 --json >"$E2E_TMP/m1.json"; then
  pass "migrate counter h1 -> h2: $(json "' '.join('%s=%s' % (k, d[k]) for k in ('freezeMs','dumpMs','transferMs','restoreMs','downtimeMs','totalMs','imageBytes'))" <"$E2E_TMP/m1.json")"
else
  fail "migrate counter h1 -> h2: $(cat "$E2E_TMP/m1.json")"
fi
check "migrate --json has every phase timing" test "$(json "all(k in d for k in ('freezeMs','dumpMs','transferMs','restoreMs','downtimeMs','totalMs','imageBytes')) and d['state']=='done' and d['imageBytes']>0" <"$E2E_TMP/m1.json")" = true
check "vos ps shows the counter on h2" test "$(host_of "$C")" = h2
check "the counter goes on counting on h2" grows "$C"
"$VOS" migrate "$C" --to h1 >"$E2E_TMP/m2.txt" 2>&1
check "migrate counter h2 -> h1 prints the phase timings" grep -q '^downtimeMs' "$E2E_TMP/m2.txt"
check "vos ps shows the counter back on h1" test "$(host_of "$C")" = h1
check "it keeps counting on h1" grows "$C"
check "its log (one stream across hosts) counts 1,2,3,... with no gap, no repeat, no restart, heap intact" continuous "$C" $((BEFORE + 10))
check "GET /migrations records both with their phases" test "$(curl -s "$API/migrations" | json "len([m for m in d if m['processId']=='$C' and m['state']=='done' and m['dumpMs']>0])")" = 2

# --- back and forth -----------------------------------------------------------------------
T0=$SECONDS
OK=0
for i in $(seq 1 "$BACK_AND_FORTH"); do
  TO=$([ $((i % 2)) -eq 1 ] && echo h2 || echo h1)
  S=$([ $((i % 4)) -lt 2 ] && echo full || echo minimal)   # h1->h2 and back with each strategy
  R="$(curl -s -X POST -H "X-Vos-Token: $TOKEN" -H 'Content-Type: application/json' "$API/processes/$C/migrate" -d "{\"to\":\"$TO\",\"strategy\":\"$S\"}")"
  if [ "$(echo "$R" | json "d.get('state')")" = done ]; then OK=$((OK + 1)); else say "round $i: $R"; break; fi
done
check "$BACK_AND_FORTH migrations in a row (full and minimal) succeed ($OK done in $((SECONDS - T0)) s)" test "$OK" -eq "$BACK_AND_FORTH"
check "after them the counter still runs and counts" grows "$C"
check "and its log has no tick lost or repeated" continuous "$C" $((BEFORE + 20))
curl -s "$API/migrations" >"$E2E_TMP/all.json"
say "downtime over the back-and-forth: $(json "(lambda l: 'median %d ms, max %d ms' % (sorted(l)[len(l)//2], max(l)))([m['downtimeMs'] for m in d if m['processId']=='$C' and m['state']=='done'])" <"$E2E_TMP/all.json")"

# --- three at once ------------------------------------------------------------------------
HOME_OF_C="$(host_of "$C")"
P1="$("$VOS" run --host h1 -- "$WORK/tick" 10)"; P2="$("$VOS" run --host h1 -- "$WORK/tick" 15)"; P3="$("$VOS" run --host h1 -- "$WORK/tick" 20)"
for p in $P1 $P2 $P3; do wait_for 10 test "$(last_tick "$p")" -gt 5; done
for p in $P1 $P2 $P3; do "$VOS" migrate "$p" --to h2 >"$E2E_TMP/c.$p" 2>&1 & done
wait
check "three programs migrated concurrently are all on h2" test "$(for p in $P1 $P2 $P3; do host_of "$p"; done | sort -u)" = h2
for p in $P1 $P2 $P3; do check "concurrent $p keeps counting without gap" goes_on $p 5; done
for p in $P1 $P2 $P3; do "$VOS" kill "$p" >/dev/null; done

# --- python3 and a multi-threaded program ----------------------------------------------------
PY="$("$VOS" run --host h1 -- python3 -u -c 'import itertools,time
for i in itertools.count(1): print("tick", i, flush=True); time.sleep(0.01)')"
wait_for 10 test "$(last_tick "$PY")" -gt 10
# minimal first: a restore writes the shipped pages into the new process, which turns clean file
# pages that a full image carried into private copies (a later migration ships them too)
"$VOS" migrate "$PY" --to h2 --strategy minimal --json >"$E2E_TMP/py-min.json" && "$VOS" migrate "$PY" --to h1 --strategy full --json >"$E2E_TMP/py-full.json"
check "python3 migrated h1 -> h2 (minimal) -> h1 (full) continues" goes_on $PY 20
FULLB="$(json "d['imageBytes']" <"$E2E_TMP/py-full.json")"; MINB="$(json "d['imageBytes']" <"$E2E_TMP/py-min.json")"
check "minimal sends fewer bytes than full for python3 ($MINB < $FULLB)" test "$MINB" -lt "$FULLB"
"$VOS" kill "$PY" >/dev/null
TH="$("$VOS" run --host h1 -- "$WORK/threads")"
wait_for 10 test "$(last_tick "$TH")" -gt 10
"$VOS" migrate "$TH" --to h2 --strategy minimal >/dev/null && "$VOS" migrate "$TH" --to h1 --strategy full >/dev/null
check "a 4-thread program migrated h1 -> h2 -> h1 continues, the threads' counts still add up" goes_on $TH 20
"$VOS" kill "$TH" >/dev/null
FT="$("$VOS" run --host h1 -- "$WORK/forktree")"
wait_for 10 test "$(last_tick "$FT")" -gt 5
"$VOS" migrate "$FT" --to h2 --strategy minimal >/dev/null && "$VOS" migrate "$FT" --to h1 --strategy full >/dev/null
check "a fork tree (4 processes sharing a page) migrated h1 -> h2 -> h1 continues, pids and parents unchanged" goes_on $FT 10
"$VOS" kill "$FT" >/dev/null
BL="$("$VOS" run --host h1 -- bash -c 'i=0; while true; do i=$((i+1)); echo "count $i OK"; for ((j=0; j<20000; j++)); do :; done; done')"
wait_for 10 test "$(last_tick "$BL")" -gt 5
"$VOS" migrate "$BL" --to h2 --strategy minimal >/dev/null && "$VOS" migrate "$BL" --to h1 --strategy full >/dev/null
check "a bash loop migrated h1 -> h2 -> h1 continues" goes_on $BL 10
"$VOS" kill "$BL" >/dev/null

# --- a library only h1 has -----------------------------------------------------------------
H1PID="$(hostpid h1)"
nsenter -t "$H1PID" -m sh -c "mkdir -p /tmp/vos-e2e-lib && cp '$WORK/libgreet.so' /tmp/vos-e2e-lib/"
G="$("$VOS" run --host h1 -- "$WORK/greeter")"
wait_for 10 test "$(last_tick "$G")" -gt 3
one_error_line "minimal migration of a program mapping a library only h1 has is refused" "$VOS" migrate "$G" --to h2 --strategy minimal
check "the refusal names the library" grep -q 'libgreet.so' "$E2E_TMP/err"
check "the program still runs on h1" test "$(host_of "$G")" = h1
check "... and keeps counting" grows "$G"
"$VOS" kill "$G" >/dev/null

# --- a file in h1's /tmp ---------------------------------------------------------------------
A="$("$VOS" run --host h1 -- "$WORK/appender" /tmp/vos-e2e-appended)"
wait_for 10 sh -c "nsenter -t $H1PID -m test -s /tmp/vos-e2e-appended"
check "migrate the appender (its file lives only in h1's /tmp) to h2" "$VOS" migrate "$A" --to h2
H2PID="$(hostpid h2)"
wait_for 10 sh -c "nsenter -t $H2PID -m awk 'END{exit NR<8}' /tmp/vos-e2e-appended"
check "the appender's file moved to h2's /tmp and grows there, every line in order" sh -c "nsenter -t $H2PID -m awk 'NR!=\$2{exit 1} END{exit NR<8}' /tmp/vos-e2e-appended"
"$VOS" kill "$A" >/dev/null 2>&1

# --- unknown host ----------------------------------------------------------------------------
AT="$(last_tick "$C")"
one_error_line "migrate to an unknown host" "$VOS" migrate "$C" --to h9
check "the program is untouched (same host)" test "$(host_of "$C")" = "$HOME_OF_C"
check "... and counting" grows "$C"

# --- a corrupted stream: refused by the checksum ------------------------------------------------
if [ "$(host_of "$C")" != h1 ]; then "$VOS" migrate "$C" --to h1 >/dev/null; fi
DEPLOY1=/run/vos/hosts/h1/lib/executive/deploy
printf 'testCorruptByte=200000\n' >"$DEPLOY1/org.vos.migration.cfg"
sleep 3 # FileInstall (polls every 0.5 s) hands it to Config Admin; the transfer service restarts with it
"$VOS" migrate "$C" --to h2 >"$E2E_TMP/corrupt.out" 2>"$E2E_TMP/corrupt.err"
check "a corrupted stream is refused by its checksum" grep -q 'the stream was corrupted' "$E2E_TMP/corrupt.err"
check "the counter still runs on h1" test "$(host_of "$C")" = h1
check "and counts on, log continuous" goes_on $C 1
rm -f "$DEPLOY1/org.vos.migration.cfg"
check "the refused stream left nothing on h2" test -z "$(find /run/vos/hosts/h2/lib -path '*incoming/*' 2>/dev/null)"

# --- h2's executive killed in the middle of a transfer -------------------------------------------
BIG="$("$VOS" run --host h1 -- "$WORK/tick" 10 768)"
wait_for 30 test "$(last_tick "$BIG")" -gt 3
H2PID="$(hostpid h2)"
"$VOS" migrate "$BIG" --to h2 >"$E2E_TMP/kill.out" 2>"$E2E_TMP/kill.err" &
MIG=$!
# the page file is on its way (800 MB: it takes a while), the program not yet restored
if wait_for 60 sh -c "test -n \"\$(find /run/vos/hosts/h2/lib -path '*incoming/*' -name 'pages-*' -size +1M 2>/dev/null)\""; then
  kill -9 "$H2PID"
  pass "h2's executive killed while the image streamed in ($(du -sh /run/vos/hosts/h2/lib/data/incoming 2>/dev/null | cut -f1) arrived)"
else
  fail "the stream never reached h2"
fi
wait "$MIG"
check "the migration failed with one clear line" sh -c "test \$(wc -l <'$E2E_TMP/kill.err') -eq 1 && grep -q '^vos: ' '$E2E_TMP/kill.err'"
say "$(cat "$E2E_TMP/kill.err")"
check "vos ps: the program still runs on h1" test "$(host_of "$BIG")/$(state_of "$BIG")" = h1/running
check "and counts on without gap" goes_on $BIG 1
wait_for 15 test "$("$VOS" hosts --json | json "[h['state'] for h in d if h['name']=='h2'][0]")" = down
one_error_line "migrate to a host that is down" "$VOS" migrate "$C" --to h2
check "the program is untouched" test "$(host_of "$C")" = h1
"$ROOT/vos" up >/dev/null 2>&1
check "h2 is back after up" wait_for 30 test "$("$VOS" hosts --json | json "[h['state'] for h in d if h['name']=='h2'][0]")" = up
check "h2 holds no leftovers of the cut stream" test -z "$(find /run/vos/hosts/h2/lib -path '*incoming/*' 2>/dev/null)"
check "h2 runs none of the programs" test "$("$VOS" ps --json | json "len([p for p in d if p['host']=='h2' and p['state']=='running'])")" = 0
# --- the target out of disk space (a 16 MiB tmpfs as its staging dir) ------------------------------
H2PID="$(hostpid h2)"
nsenter -t "$H2PID" -m sh -c 'mkdir -p /var/lib/vos/data/incoming && mount -t tmpfs -o size=16m vos-e2e-small /var/lib/vos/data/incoming'
one_error_line "migrating 768 MiB to a host without the space for it" "$VOS" migrate "$BIG" --to h2
check "the error says the target cannot store the image" grep -q 'cannot store the image' "$E2E_TMP/err"
check "the program still runs on h1" test "$(host_of "$BIG")/$(state_of "$BIG")" = h1/running
check "and counts on without gap" goes_on $BIG 1
check "the full tmpfs holds nothing of it" test -z "$(nsenter -t "$H2PID" -m ls -A /var/lib/vos/data/incoming)"
nsenter -t "$H2PID" -m umount /var/lib/vos/data/incoming
"$VOS" migrate "$BIG" --to h2 --json >"$E2E_TMP/big.json"
check "the 768 MiB program then migrates to h2 ($(json "'downtime %s ms, total %s ms' % (d['downtimeMs'], d['totalMs'])" <"$E2E_TMP/big.json"))" test "$(host_of "$BIG")" = h2
check "and continues where it was" goes_on $BIG 1
"$VOS" kill "$BIG" >/dev/null

# --- an image written on h1, restored on h2 (it travels over TCP) -----------------------------------
R="$("$VOS" run --host h1 -- "$WORK/tick" 10)"
wait_for 10 test "$(last_tick "$R")" -gt 10
"$VOS" checkpoint "$R" --dir /var/lib/vos/e2e-image >/dev/null
check "checkpoint stopped the program" wait_for 10 test "$(state_of "$R")" = exited
check "the image is not on h2's disk" test ! -e /run/vos/hosts/h2/lib/e2e-image
RID="$("$VOS" restore --dir /var/lib/vos/e2e-image --host h2)"
check "restore --host h2 of an image written on h1 brings the same program back on h2" test "$RID/$(host_of "$R")" = "$R/h2"
check "it continues where it was checkpointed" goes_on $R 10
"$VOS" kill "$R" >/dev/null

"$VOS" kill "$C" >/dev/null
finish
