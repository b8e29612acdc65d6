#!/usr/bin/env bash
# End to end: the runtime, simulated hosts, hot deploy and bad input, with real processes and
# namespaces (issue 3). Needs root. Leaves nothing behind, even when it fails.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ "$(id -u)" -eq 0 ] || skip "needs root (network and mount namespaces)"
command -v ip >/dev/null && command -v nsenter >/dev/null || skip "needs iproute2 and util-linux"
domain_lock
if [ -e /run/vos/pids/manager ] && kill -0 "$(cat /run/vos/pids/manager)" 2>/dev/null; then
  echo "  a vos domain is up here: run ./vos down first" >&2
  exit 1
fi
# leftovers of a domain whose processes were ended from outside (e.g. a session that stopped)
"$VOS" down >/dev/null
SAMPLE="$(ls "$ROOT"/itest/sample-virtualizer/target/org.vos.itest.sample-*.jar 2>/dev/null | head -1)"
BROKEN="$(ls "$ROOT"/itest/broken-bundle/target/org.vos.itest.broken-*.jar 2>/dev/null | head -1)"
[ -n "$SAMPLE" ] && [ -n "$BROKEN" ] || { echo "  build first: itest/sample-virtualizer and itest/broken-bundle jars are missing" >&2; exit 1; }
SAMPLE_BSN="$(unzip -p "$SAMPLE" META-INF/MANIFEST.MF | tr -d '\r' | sed -n 's/^Bundle-SymbolicName: *\([^;]*\).*/\1/p')"

LISTENER=""
cleanup() {
  [ -n "$LISTENER" ] && kill "$LISTENER" 2>/dev/null
  "$VOS" down >/dev/null 2>&1 || true
}
trap cleanup EXIT

# --- a port in use: one line, nothing started ---------------------------------------------
PORT=7080
python3 -c "import socket,time; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1',$PORT)); s.listen(); time.sleep(300)" &
LISTENER=$!
check "a listener holds port $PORT" wait_for 10 python3 -c "import socket; socket.create_connection(('127.0.0.1',$PORT),1)"
one_error_line "up on a port in use" "$VOS" up --port $PORT
check "a refused up left no namespace, link, state or runtime" \
  test -z "$(ip netns list | grep '^vos-')$(ip -o link show | grep -E ': vos(0|-h)')$(ls -d /run/vos 2>/dev/null)$(pgrep -f /run/vos/)"
kill "$LISTENER"; wait "$LISTENER" 2>/dev/null; LISTENER=""

# --- up ---------------------------------------------------------------------------------------
START=$SECONDS
if ! "$VOS" up --hosts 2 >"$E2E_TMP/up.out"; then
  fail "./vos up --hosts 2"; finish
fi
pass "./vos up --hosts 2 in $((SECONDS - START)) s: $(tail -1 "$E2E_TMP/up.out")"
check "up prints the console URL" grep -qx 'http://127.0.0.1:7080/' "$E2E_TMP/up.out"
"$VOS" hosts --json >"$E2E_TMP/hosts.json"
check "hosts --json lists h1 and h2 up" test "$(json "sorted(h['name'] for h in d if h['state']=='up')==['h1','h2']" <"$E2E_TMP/hosts.json")" = true
check "h1 and h2 have distinct addresses" test "$(json "len({h['address'] for h in d})==2" <"$E2E_TMP/hosts.json")" = true
H1PID="$(json "[h['executivePid'] for h in d if h['name']=='h1'][0]" <"$E2E_TMP/hosts.json")"
H2PID="$(json "[h['executivePid'] for h in d if h['name']=='h2'][0]" <"$E2E_TMP/hosts.json")"
check "the executives' pids are live processes" kill -0 "$H1PID" "$H2PID"
"$VOS" up >"$E2E_TMP/up2.out" 2>&1
check "a second up reports what runs and starts nothing" grep -q 'already up' "$E2E_TMP/up2.out"
check "a second up keeps the executives" test "$("$VOS" hosts --json | json "sorted(h['executivePid'] for h in d)")" = "$(json "sorted(h['executivePid'] for h in d)" <"$E2E_TMP/hosts.json")"
check "status answers" "$VOS" status

# --- private /tmp per host -------------------------------------------------------------------
MARK="vos-e2e-$$"
nsenter -t "$H1PID" -m -n sh -c "echo from-h1 > /tmp/$MARK"
check "a file written to /tmp on h1 is there on h1" nsenter -t "$H1PID" -m -n test -f "/tmp/$MARK"
check "it is not visible on h2" nsenter -t "$H2PID" -m -n test ! -e "/tmp/$MARK"
check "it is not visible in the root namespace" test ! -e "/tmp/$MARK"
check "h1 has its own address in its namespace" sh -c "nsenter -t $H1PID -n ip -4 -o addr show dev eth0 | grep -q 10.77.0.11/"
check "the manager reaches h2 over the bridge" curl -sf -o /dev/null "http://10.77.0.12:7090/api/v1/version"
check "h1 reaches h2's executive over the bridge" nsenter -t "$H1PID" -n curl -sf -m 5 -o /dev/null "http://10.77.0.12:7090/api/v1/version"
check "a host cannot reach the manager (loopback only)" test "$(nsenter -t "$H1PID" -n curl -s -m 3 -o /dev/null -w '%{http_code}' http://10.77.0.1:7080/api/v1/version)" = 000

# --- hot deploy through the CLI --------------------------------------------------------------
bundle_state() { # host bsn -> state or "absent"
  "$VOS" bundles --host "$1" list --json | json "([b['state'] for b in d if b['symbolicName']=='$2'] or ['absent'])[0]"
}
COUNT_H1="$("$VOS" bundles --host h1 list --json | json "len(d)")"
check "install --start makes $SAMPLE_BSN ACTIVE on h1" "$VOS" bundles --host h1 install "$SAMPLE" --start
check "h1 lists it ACTIVE" test "$(bundle_state h1 "$SAMPLE_BSN")" = ACTIVE
check "h1's executive kept its pid" test "$("$VOS" hosts --json | json "[h['executivePid'] for h in d if h['name']=='h1'][0]")" = "$H1PID"
check "h2 does not have it" test "$(bundle_state h2 "$SAMPLE_BSN")" = absent
check "stop works" "$VOS" bundles --host h1 stop "$SAMPLE_BSN"
check "it is RESOLVED after stop" test "$(bundle_state h1 "$SAMPLE_BSN")" = RESOLVED
check "start works" "$VOS" bundles --host h1 start "$SAMPLE_BSN"
check "update works" "$VOS" bundles --host h1 update "$SAMPLE_BSN" "$SAMPLE"
check "it is ACTIVE after update" test "$(bundle_state h1 "$SAMPLE_BSN")" = ACTIVE
check "uninstall works" "$VOS" bundles --host h1 uninstall "$SAMPLE_BSN"
check "it is gone after uninstall" test "$(bundle_state h1 "$SAMPLE_BSN")" = absent
check "h1's executive still has the same pid" kill -0 "$H1PID"

DEPLOY=/run/vos/hosts/h2/lib/executive/deploy
cp "$SAMPLE" "$DEPLOY/"
check "a jar dropped into h2's deploy dir is installed and started" wait_for 30 sh -c "test \"\$('$VOS' bundles --host h2 list --json | python3 -c \"import json,sys; print([b['state'] for b in json.load(sys.stdin) if b['symbolicName']=='$SAMPLE_BSN'])\")\" = \"['ACTIVE']\""
rm -f "$DEPLOY/$(basename "$SAMPLE")"
check "removing it from the deploy dir uninstalls it" wait_for 30 sh -c "test \"\$('$VOS' bundles --host h2 list --json | python3 -c \"import json,sys; print(len([b for b in json.load(sys.stdin) if b['symbolicName']=='$SAMPLE_BSN']))\")\" = 0"

# --- bad input: one clear line, nothing changed -----------------------------------------------
one_error_line "unknown host" "$VOS" bundles --host h9 list
echo "this is not a jar" >"$E2E_TMP/not-a-bundle.jar"
one_error_line "a file that is not a bundle" "$VOS" bundles --host h1 install "$E2E_TMP/not-a-bundle.jar"
(cd "$E2E_TMP" && mkdir -p plain/META-INF && printf 'Manifest-Version: 1.0\n' >plain/META-INF/MANIFEST.MF && cd plain && python3 -m zipfile -c ../plain.jar META-INF)
one_error_line "a jar without OSGi headers" "$VOS" bundles --host h1 install "$E2E_TMP/plain.jar" --start
one_error_line "a bundle with a missing import" "$VOS" bundles --host h1 install "$BROKEN" --start
check "  ... names the missing requirement" grep -qi 'missing' "$E2E_TMP/err"
check "bad installs left h1's bundles as they were" test "$("$VOS" bundles --host h1 list --json | json "len(d)")" = "$COUNT_H1"
one_error_line "an unknown bundle" "$VOS" bundles --host h1 stop org.vos.no.such.bundle
code() { curl -s -o "$E2E_TMP/body" -w '%{http_code}' "$@"; }
check "a wrong token is 401" test "$(code -X POST -H 'X-Vos-Token: wrong' http://127.0.0.1:7080/api/v1/hosts/h1/bundles/org.vos.executive/stop)" = 401
check "  ... with a one-line error body" test "$(json "d['code']" <"$E2E_TMP/body")" = unauthorized
check "no token is 401" test "$(code -X DELETE http://127.0.0.1:7080/api/v1/hosts/h1/bundles/org.vos.executive)" = 401
check "the executive was not touched" test "$(bundle_state h1 org.vos.executive)" = ACTIVE
check "a wrong token is 401 on an executive too" test "$(code -X POST -H 'X-Vos-Token: wrong' http://10.77.0.11:7090/api/v1/bundles/org.vos.executive/stop)" = 401

# --- programs under vos: run, ps, logs, kill; down ends them ------------------------------------
KEEP="$("$VOS" run --host h1 --name e2e-keep -- sh -c 'echo started; exec sleep 1000')"
check "run prints a vos id" test -n "$KEEP"
GONE="$("$VOS" run --host h2 --name e2e-gone -- sleep 1000)"
"$VOS" ps --json >"$E2E_TMP/ps.json"
check "ps lists the program on h1, running" test "$(json "[(p['host'],p['state']) for p in d if p['id']=='$KEEP']==[('h1','running')]" <"$E2E_TMP/ps.json")" = true
KEEP_PID="$(json "[p['hostPid'] for p in d if p['id']=='$KEEP'][0]" <"$E2E_TMP/ps.json")"
check "its host pid is a live process" kill -0 "$KEEP_PID"
check "logs show its output" wait_for 10 sh -c "'$VOS' logs $KEEP | grep -qx started"
check "hosts counts it on h1" wait_for 10 sh -c "'$VOS' hosts --json | python3 -c \"import json,sys; sys.exit(0 if [h['processes'] for h in json.load(sys.stdin) if h['name']=='h1']==[1] else 1)\""
check "kill ends a program" "$VOS" kill "$GONE"
check "  ... it is no longer running" test "$("$VOS" ps --json | json "[p['state'] for p in d if p['id']=='$GONE'] in ([], ['exited'])")" = true
one_error_line "an unknown process" "$VOS" logs no-such-id
one_error_line "a migration to an unknown host" "$VOS" migrate "$KEEP" --to h9

# --- a restarted manager keeps its hosts ------------------------------------------------------
kill -9 "$(cat /run/vos/pids/manager)"
wait_for 10 sh -c "! curl -s -o /dev/null http://127.0.0.1:7080/api/v1/version"
check "up after the manager died restarts only the manager" sh -c "'$VOS' up 2>&1 | grep -q 'restarting it'"
"$VOS" hosts --json >"$E2E_TMP/hosts2.json"
check "the restarted manager knows h1 and h2 (from its data dir) and sees them up" test "$(json "sorted(h['name'] for h in d if h['state']=='up')==['h1','h2']" <"$E2E_TMP/hosts2.json")" = true
check "the executives kept running through it" test "$(json "sorted(h['executivePid'] for h in d)" <"$E2E_TMP/hosts2.json")" = "$(json "sorted(h['executivePid'] for h in d)" <"$E2E_TMP/hosts.json")"

# --- a dead executive is down within seconds --------------------------------------------------
kill -9 "$H2PID"
T0=$SECONDS
host_state() { "$VOS" hosts --json | json "[h['state'] for h in d if h['name']=='$1'][0]"; }
if wait_for 15 sh -c "test \"\$('$VOS' hosts --json | python3 -c \"import json,sys; print([h['state'] for h in json.load(sys.stdin) if h['name']=='h2'][0])\")\" = down"; then
  pass "h2 is down $((SECONDS - T0)) s after kill -9 of its executive"
else
  fail "h2 is not down 15 s after kill -9 of its executive"
fi
check "h1 is still up" test "$(host_state h1)" = up
one_error_line "bundles on a host that is down" "$VOS" bundles --host h2 list
check "up restarts the dead executive" sh -c "'$VOS' up 2>&1 | grep -q 'restarting the executive of h2'"
check "h2 is up again" test "$(host_state h2)" = up
check "with a new executive" test "$("$VOS" hosts --json | json "[h['executivePid'] for h in d if h['name']=='h2'][0]")" != "$H2PID"
check "h1's executive was not restarted" test "$("$VOS" hosts --json | json "[h['executivePid'] for h in d if h['name']=='h1'][0]")" = "$H1PID"

# --- down leaves nothing ----------------------------------------------------------------------
check "./vos down" "$VOS" down
check "no vos namespace is left" test -z "$(ip netns list | grep '^vos-')"
check "no vos link is left" test -z "$(ip -o link show | grep -E ': vos(0|-h)')"
check "no vos process is left" test -z "$(pgrep -f /run/vos/)"
check "the program vos started is gone" test ! -e "/proc/$KEEP_PID"
check "no state directory is left" test ! -e /run/vos
check "a second down succeeds" "$VOS" down
finish
