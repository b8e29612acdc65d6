#!/usr/bin/env bash
# End to end: handle virtualizers as hot-deployed bundles (issue 5). With org.vos.virt.kernel
# stopped in h1's running executive, checkpointing a program that holds an eventfd is refused
# naming the descriptor and the program keeps running; started again through the CLI, the same
# program checkpoints and restores and goes on from where it was, with its eventfd count; the
# executive never restarts. A file in h1's private /tmp, open at an offset, is restored on h2
# from an image written on h1 (moved over TCP) with the same content and offset. Needs root.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

fresh_domain

WORK="/run/vos-e2e-virt.$$" # seen by every host (each has a private /tmp)
cleanup() {
  "$ROOT/vos" down >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$WORK"
W="$ROOT/itest/e2e/workloads"
gcc -O2 -o "$WORK/evtick" "$W/evtick.c" && gcc -O2 -o "$WORK/tmpoffset" "$W/tmpoffset.c" \
  || { echo "  cannot build the workloads" >&2; exit 1; }

if ! "$VOS" up --hosts 2 >"$E2E_TMP/up.out"; then
  fail "./vos up --hosts 2"; finish; exit 1
fi
pass "./vos up --hosts 2"
export VOS_NO_BUILD=1
hostpid() { "$VOS" hosts --json | json "[h['executivePid'] for h in d if h['name']=='$1'][0]"; }
host_of() { "$VOS" ps --json | json "([p['host'] for p in d if p['id']=='$1'] or ['none'])[0]"; }
last_tick() { local t; t="$("$VOS" logs "$1" | awk '$1=="tick"{n=$2} END{print n+0}')"; echo "${t:-0}"; }
grows() { local a; a="$(last_tick "$1")"; wait_for 10 test "$(last_tick "$1")" -gt "$a"; }
# continuous ID: the log counts 1,2,3,... with no gap, repeat or restart and every tick is ok
continuous() {
  "$VOS" logs "$1" | awk '$1=="tick"{n++; if ($2!=n) {printf "  tick %s where %d was due\n", $2, n > "/dev/stderr"; exit 1}}
                          / BAD/ {print "  self-check failed: " $0 > "/dev/stderr"; exit 1}
                          END {if (n < 3) exit 1}'
}
H1PID="$(hostpid h1)"

# --- hot deploy of the kernel-objects virtualizer into a running host -----------------------
E="$("$VOS" run --host h1 -- "$WORK/evtick")"
wait_for 10 test "$(last_tick "$E")" -ge 3
check "bundles --host h1 stop org.vos.virt.kernel" "$VOS" bundles --host h1 stop org.vos.virt.kernel
one_error_line "checkpoint of the eventfd program without the virtualizer is refused" \
  "$VOS" checkpoint "$E" --dir /var/lib/vos/img-ev-refused --leave-running
check "... the message names the eventfd" grep -qi "eventfd" "$E2E_TMP/err"
check "... the program keeps running on h1" grows "$E"
check "... and left no image behind" sh -c "! nsenter -t $H1PID -m test -e /var/lib/vos/img-ev-refused/inventory.json"
check "bundles --host h1 start org.vos.virt.kernel" "$VOS" bundles --host h1 start org.vos.virt.kernel
check "the same running program now checkpoints" "$VOS" checkpoint "$E" --dir /var/lib/vos/img-ev
AT="$(last_tick "$E")"
R="$("$VOS" restore --dir /var/lib/vos/img-ev --host h1)"
check "... and restores with its id" test "$R" = "$E"
check "... and goes on counting after $AT" grows "$E"
check "... from where it was, its eventfd count intact (no gap, no restart, every tick ok)" continuous "$E"
check "h1's executive was never restarted (same OS pid)" test "$(hostpid h1)" = "$H1PID"
"$VOS" kill "$E" >/dev/null

# --- a file in h1's private /tmp, open at an offset, restored on h2 -------------------------
F="$("$VOS" run --host h1 -- "$WORK/tmpoffset" /tmp/vos-e2e-offset.dat)"
wait_for 10 test "$(last_tick "$F")" -ge 5
check "checkpoint of the /tmp reader on h1" "$VOS" checkpoint "$F" --dir /var/lib/vos/img-tmp
AT="$(last_tick "$F")"
POS="$("$VOS" logs "$F" | awk '$1=="tick"{p=$4} END{print p}')"
check "h2 has no such file before the restore" sh -c "! nsenter -t $(hostpid h2) -m test -e /tmp/vos-e2e-offset.dat"
R="$("$VOS" restore --dir /var/lib/vos/img-tmp --host h2)"
check "restore --host h2 of the image written on h1" test "$R" = "$F"
check "... it lives on h2" test "$(host_of "$F")" = h2
check "... and reads on after tick $AT (position $POS)" grows "$F"
NEXT="$("$VOS" logs "$F" | awk -v at="$AT" '$1=="tick" && $2==at+1 {print $4}')"
check "... its first read on h2 is at the next offset ($POS + 16 = $NEXT)" test "$NEXT" = "$((POS + 16))"
check "... with the same content (every tick ok, no gap)" continuous "$F"
check "h2's /tmp now holds the file, same content" bash -c "nsenter -t $(hostpid h2) -m cmp -s /tmp/vos-e2e-offset.dat <(nsenter -t $H1PID -m cat /tmp/vos-e2e-offset.dat)"
"$VOS" kill "$F" >/dev/null

if "$VOS" down >"$E2E_TMP/down.out" 2>&1; then pass "./vos down"; else fail "./vos down: $(cat "$E2E_TMP/down.out")"; fi
finish
