#!/usr/bin/env bash
# Migration benchmark (issue 6), on demand: downtime and total time of `vos migrate` between the
# simulated hosts h1 and h2 for programs of 4 MiB, 256 MiB and 1 GiB, with the full and the
# minimal strategy (median of RUNS migrations each, alternating h1 -> h2 -> h1). The program is
# itest/e2e/workloads/tick.c with its extra heap filled with a pattern it keeps verifying.
# Writes bench/results/migration.json. Needs root; brings its own domain up and down under the
# domain lock (refuses to run while another domain is up).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VOS="$ROOT/vos"
RUNS="${RUNS:-5}"
SIZES="${SIZES:-4 256 1024}"
OUT="$ROOT/bench/results/migration.json"
WORK="/run/vos-bench-migration.$$"

[ "$(id -u)" -eq 0 ] || { echo "bench: needs root" >&2; exit 1; }
exec 9>/run/vos-domain.lock   # one domain at a time, shared with the e2e suites
flock -w 1200 9 || { echo "bench: the domain lock (/run/vos-domain.lock) stayed taken" >&2; exit 1; }
if [ -e /run/vos/pids/manager ] && kill -0 "$(cat /run/vos/pids/manager)" 2>/dev/null; then echo "bench: a vos domain is up: run ./vos down first" >&2; exit 1; fi
"$VOS" down >/dev/null
trap '"$ROOT/vos" down >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
mkdir -p "$WORK"
gcc -O2 -o "$WORK/tick" "$ROOT/itest/e2e/workloads/tick.c"
"$VOS" up --hosts 2 >/dev/null
# the command from the domain's own copy: rebuilds in this tree cannot disturb the measurement
export VOS_NO_BUILD=1
vos_dist() { java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dvos.root="$ROOT" -cp "/run/vos/dist/launcher/classes:/run/vos/dist/launcher/lib/*" org.vos.cli.Vos "$@"; }
VOS=vos_dist
TOKEN="$(cat /run/vos/token)"
API="http://127.0.0.1:$(python3 -c 'import json; print(json.load(open("/run/vos/domain.json"))["port"])')/api/v1"
migrate() { curl -s -X POST -H "X-Vos-Token: $TOKEN" -H 'Content-Type: application/json' "$API/processes/$1/migrate" -d "{\"to\":\"$2\",\"strategy\":\"$3\"}"; }
ticks() { "$VOS" logs "$1" | awk '$1=="tick"{n=$2} END{print n+0}'; }

RESULTS="$WORK/results.jsonl"
: >"$RESULTS"
for mib in $SIZES; do
  for strategy in minimal full; do
    id="$("$VOS" run --host h1 -- "$WORK/tick" 10 $((mib - 1)))"
    until [ "$(ticks "$id")" -gt 2 ]; do sleep 0.2; done
    to=h2
    for i in $(seq "$RUNS"); do
      r="$(migrate "$id" "$to" "$strategy")"
      echo "$r" | python3 -c "import json,sys; d=json.load(sys.stdin); d['mib']=$mib; assert d['state']=='done', d; print(json.dumps(d))" >>"$RESULTS"
      to=$([ "$to" = h2 ] && echo h1 || echo h2)
    done
    # the program went on where it was: its ticks count 1,2,3,... across every host
    "$VOS" logs "$id" | awk '$1=="tick"{n++; if ($2!=n) exit 1} / BAD$/ {exit 1}' || { echo "bench: $mib MiB program lost its place" >&2; exit 1; }
    "$VOS" kill "$id" >/dev/null
  done
done

python3 - "$RESULTS" "$OUT" "$RUNS" <<'PY'
import json, statistics, sys, datetime, os
rows = [json.loads(l) for l in open(sys.argv[1])]
out = {"date": datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%MZ"), "runs": int(sys.argv[3]),
       "machine": {"cpus": os.cpu_count(), "load1": os.getloadavg()[0]},
       "workload": "itest/e2e/workloads/tick.c, heap filled with a pattern, migrated h1 <-> h2 (median of runs)",
       "results": []}
for (mib, strategy) in sorted({(r["mib"], r["strategy"]) for r in rows}):
    rs = [r for r in rows if r["mib"] == mib and r["strategy"] == strategy]
    med = lambda k: int(statistics.median(r[k] for r in rs))
    out["results"].append({"programMiB": mib, "strategy": strategy, "downtimeMs": med("downtimeMs"),
        "totalMs": med("totalMs"), "freezeMs": med("freezeMs"), "dumpMs": med("dumpMs"),
        "transferMs": med("transferMs"), "restoreMs": med("restoreMs"), "imageBytes": med("imageBytes"),
        "downtimeMsAll": [r["downtimeMs"] for r in rs], "totalMsAll": [r["totalMs"] for r in rs]})
json.dump(out, open(sys.argv[2], "w"), indent=2)
for r in out["results"]:
    print("%5d MiB %-8s downtime %5d ms  total %5d ms  (dump %d, transfer %d, restore %d)  %d bytes" % (
        r["programMiB"], r["strategy"], r["downtimeMs"], r["totalMs"], r["dumpMs"], r["transferMs"], r["restoreMs"], r["imageBytes"]))
PY
