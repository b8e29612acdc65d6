# Helpers shared by the end-to-end suites (sourced, not run: `vos test` runs only *.sh files
# that do not start with "lib"). Each suite exits 0 (passed), 77 (skipped, says why) or else.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VOS="$ROOT/vos"
E2E_TMP="$(mktemp -d /tmp/vos-e2e.XXXXXX)"
FAILS=0
CHECKS=0

say()  { printf '  %s\n' "$*" >&2; }
pass() { CHECKS=$((CHECKS + 1)); printf '  ok   %s\n' "$*" >&2; }
fail() { CHECKS=$((CHECKS + 1)); FAILS=$((FAILS + 1)); printf '  FAIL %s\n' "$*" >&2; }
skip() { echo "  skipped: $*" >&2; exit 77; }

# check DESCRIPTION CMD...: passes when CMD succeeds
check() { local d="$1"; shift; if "$@"; then pass "$d"; else fail "$d"; fi; }

# json EXPR: evaluates a Python expression over the JSON document on stdin (bound to `d`)
json() { python3 -c "import json,sys; d=json.load(sys.stdin); r=($1); print(r if not isinstance(r,bool) else ('true' if r else 'false'))"; }

# one_error_line DESCRIPTION CMD...: CMD must fail with exactly one line `vos: ...` on stderr
one_error_line() {
  local d="$1"; shift
  local err="$E2E_TMP/err"
  if "$@" >"$E2E_TMP/out" 2>"$err"; then
    fail "$d: succeeded, expected an error"; return
  fi
  if [ "$(wc -l <"$err")" -eq 1 ] && grep -q '^vos: ' "$err"; then
    pass "$d: $(cat "$err")"
  else
    fail "$d: stderr is not one 'vos: ' line: $(head -c 600 "$err")"
  fi
}

# wait_for SECONDS CMD...: polls CMD every 0.2 s until it succeeds; fails after SECONDS
wait_for() {
  local limit="$1"; shift
  local end=$((SECONDS + limit))
  until "$@"; do
    [ "$SECONDS" -lt "$end" ] || return 1
    sleep 0.2
  done
}

finish() {
  rm -rf "$E2E_TMP"
  if [ "$FAILS" -gt 0 ]; then
    echo "  $FAILS of $CHECKS checks failed" >&2
    exit 1
  fi
  echo "  all $CHECKS checks passed" >&2
}

# domain_lock: one domain at a time on a machine; suites hold /run/vos-domain.lock (fd 9) while
# they run (VOS_DOMAIN_LOCK_HELD=1: the caller holds it already)
domain_lock() {
  exec 9>/run/vos-domain.lock
  flock -n 9 && return 0
  if [ "${VOS_DOMAIN_LOCK_HELD:-}" = 1 ]; then say "the caller holds the domain lock"; return 0; fi
  say "waiting for the domain lock (/run/vos-domain.lock)"
  flock -w 1200 9 || { echo "  the domain lock stayed taken for 20 min" >&2; exit 1; }
}

# fresh_domain: what every suite that ups a domain does first: root and gcc or skip, the domain
# lock, refuse to run over a domain someone else is using, and clear what a dead one left
fresh_domain() {
  [ "$(id -u)" -eq 0 ] || skip "needs root (namespaces, ptrace, seccomp)"
  command -v gcc >/dev/null || skip "needs gcc for the workloads"
  domain_lock
  if [ -e /run/vos/pids/manager ] && kill -0 "$(cat /run/vos/pids/manager)" 2>/dev/null; then
    echo "  a vos domain is up here: run ./vos down first" >&2
    exit 1
  fi
  "$VOS" down >/dev/null
}
