#!/usr/bin/env bash
# End to end: the engine through the CLI (issue 4). A program started outside vos, in h1's
# namespaces, is adopted with `vos checkpoint --pid`, restored at its pid and goes on counting
# into the same output file; `vos image inspect` renders the image; a damaged image is refused by
# checksum with one clear line and nothing is restored; an unknown pid or id is one clear error.
# Needs root. Leaves nothing behind.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

fresh_domain

WORK="/run/vos-e2e-engine.$$" # seen by every host (each has a private /tmp)
cleanup() {
  [ -n "${FOREIGN:-}" ] && kill -9 "$FOREIGN" 2>/dev/null
  "$ROOT/vos" down >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$WORK"
gcc -O2 -o "$WORK/tick" "$ROOT/itest/e2e/workloads/tick.c" || { echo "  cannot build the workload" >&2; exit 1; }

if ! "$VOS" up --hosts 2 >"$E2E_TMP/up.out"; then
  fail "./vos up --hosts 2"; finish; exit 1
fi
pass "./vos up --hosts 2"
export VOS_NO_BUILD=1
H1PID="$("$VOS" hosts --json 2>/dev/null | json "[h['executivePid'] for h in d if h['name']=='h1'][0]")"
lines() { awk '$1=="tick"{n=$2} END{print n+0}' "$WORK/foreign.out"; }
# continuous FILE: 1,2,3,... with no gap, repeat or restart and no bad heap
continuous() {
  awk '$1=="tick"{n++; if ($2!=n) {printf "  tick %s where %d was due\n", $2, n > "/dev/stderr"; exit 1}}
       / BAD/ {exit 1} END {if (n < 3) exit 1}' "$1"
}

# --- adopt a process vos did not launch ----------------------------------------------------
# started in h1's network and mount namespaces, but by nobody vos knows: a plain background job
# (descriptors beyond stdio are closed: a pipe inherited from whoever runs the test would tie it
# to a process outside the tree, which the engine rightly refuses)
( for fd in $(ls /proc/$BASHPID/fd); do [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done 2>/dev/null
  exec nsenter -t "$H1PID" -m -n setsid "$WORK/tick" 50 ) >"$WORK/foreign.out" 2>&1 </dev/null &
FOREIGN=$!
disown "$FOREIGN" 2>/dev/null # its end (killed by the checkpoint) is no job of ours to report
wait_for 10 test "$(lines)" -ge 5
check "the foreign program is not a vos process" sh -c "! \"\$0\" ps --json | grep -q '\"hostPid\": *$FOREIGN[,}]'" "$ROOT/vos"
one_error_line "checkpoint --pid of a pid that does not exist" "$VOS" checkpoint --pid 4194000 --host h1 --dir /var/lib/vos/img-none
one_error_line "checkpoint of an unknown vos id" "$VOS" checkpoint nosuchid --dir /var/lib/vos/img-none
one_error_line "checkpoint with neither id nor --pid" "$VOS" checkpoint --dir /var/lib/vos/img-none
check "checkpoint --pid $FOREIGN --host h1 (adopt)" "$VOS" checkpoint --pid "$FOREIGN" --host h1 --dir /var/lib/vos/img-adopt
AT="$(lines)"
wait_for 5 sh -c "! kill -0 $FOREIGN 2>/dev/null"
check "the adopted program was stopped after its image was written" sh -c "! kill -0 $FOREIGN 2>/dev/null"
ORIG="$FOREIGN"
FOREIGN=""
check "image inspect renders the image" sh -c "\"\$0\" image inspect /var/lib/vos/img-adopt --host h1 >\"\$1\" && grep -q 'checksums  ok' \"\$1\" && grep -q tick \"\$1\"" "$ROOT/vos" "$E2E_TMP/inspect"
check "image inspect --json: checksums ok, one process" sh -c "\"\$0\" image inspect /var/lib/vos/img-adopt --host h1 --json | python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if d[\"checksumsOk\"] and len(d[\"processes\"])==1 else 1)'" "$ROOT/vos"
A="$("$VOS" restore --dir /var/lib/vos/img-adopt --host h1)"
check "restore of the adopted image gives a vos id" test -n "$A"
check "... it runs at its old pid $ORIG" test "$("$VOS" ps --json | json "[p['hostPid'] for p in d if p['id']=='$A'][0]")" = "$ORIG"
check "... and goes on counting in the same output file after tick $AT" wait_for 10 test "$(lines)" -gt "$AT"
wait_for 10 sh -c "[ \$(awk '\$1==\"tick\"{n=\$2} END{print n+0}' $WORK/foreign.out) -gt $((AT + 3)) ]"
check "... from where it was: 1,2,3,... with no gap, repeat or restart, heap intact" continuous "$WORK/foreign.out"
"$VOS" kill "$A" >/dev/null

# --- a damaged image is refused by checksum -------------------------------------------------
B="$("$VOS" run --host h1 -- "$WORK/tick" 50)"
wait_for 10 sh -c "\"\$0\" logs $B | grep -q 'tick 3 '" "$ROOT/vos"
check "checkpoint of a vos program" "$VOS" checkpoint "$B" --dir /var/lib/vos/img-flip
PAGES="$(nsenter -t "$H1PID" -m sh -c 'ls /var/lib/vos/img-flip/pages-*.img | head -1')"
nsenter -t "$H1PID" -m python3 -c "
import sys; p=sys.argv[1]; f=open(p,'r+b'); f.seek(-4096,2); b=f.read(1); f.seek(-4096,2); f.write(bytes([b[0]^0x40])); f.close()" "$PAGES"
one_error_line "image inspect of a bit-flipped image" "$VOS" image inspect /var/lib/vos/img-flip --host h1
one_error_line "restore of a bit-flipped image is refused" "$VOS" restore --dir /var/lib/vos/img-flip --host h1
check "... and nothing was restored" test "$("$VOS" ps --json | json "len([p for p in d if p['id']=='$B' and p['state']=='running'])")" = 0
one_error_line "image inspect of a directory that does not exist" "$VOS" image inspect /var/lib/vos/no-such-image --host h1

if "$VOS" down >"$E2E_TMP/down.out" 2>&1; then pass "./vos down"; else fail "./vos down: $(cat "$E2E_TMP/down.out")"; fi
finish
