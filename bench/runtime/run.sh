#!/usr/bin/env bash
# Runtime benchmark (issue 3), on demand: time from `./vos up` (build already current) to all
# hosts up, resident memory of one executive and of the manager, time to hot-install and start
# a bundle through the CLI (a whole `./vos` call, JVM start included, next to a plain
# `./vos hosts` call for comparison). Writes bench/results/runtime.json. Needs root; brings its
# own domain up and down (refuses to run while one is up).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VOS="$ROOT/vos"
RUNS="${RUNS:-3}"
INSTALLS="${INSTALLS:-5}"
OUT="$ROOT/bench/results/runtime.json"

[ "$(id -u)" -eq 0 ] || { echo "bench: needs root" >&2; exit 1; }
exec 9>/run/vos-domain.lock   # one domain at a time, shared with the e2e suites
flock -w 1200 9 || { echo "bench: the domain lock (/run/vos-domain.lock) stayed taken" >&2; exit 1; }
if [ -e /run/vos/pids/manager ] && kill -0 "$(cat /run/vos/pids/manager)" 2>/dev/null; then echo "bench: a vos domain is up: run ./vos down first" >&2; exit 1; fi
"$VOS" down >/dev/null
SAMPLE="$(ls "$ROOT"/itest/sample-virtualizer/target/org.vos.itest.sample-*.jar | head -1)"
BSN="$(unzip -p "$SAMPLE" META-INF/MANIFEST.MF | tr -d '\r' | sed -n 's/^Bundle-SymbolicName: *\([^;]*\).*/\1/p')"
trap '"$VOS" down >/dev/null 2>&1 || true' EXIT

ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { python3 -c "import statistics,sys; print(int(statistics.median(int(x) for x in sys.argv[1:])))" "$@"; }
join() { local IFS=,; echo "$*"; }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

"$VOS" hosts >/dev/null 2>&1 || true   # builds the command once if needed, outside the timings
LOAD="$(cut -d' ' -f1-3 /proc/loadavg)"   # other work on the machine skews every figure
UP=()
for i in $(seq "$RUNS"); do
  t=$(ms); "$VOS" up --hosts 2 --no-build >/dev/null; UP+=($(( $(ms) - t )))
  [ "$i" -eq "$RUNS" ] || "$VOS" down >/dev/null
done

sleep 5   # let the JVMs settle after start before reading their memory
H1PID="$("$VOS" hosts --json | python3 -c "import json,sys; print([h['executivePid'] for h in json.load(sys.stdin) if h['name']=='h1'][0])")"
MPID="$(cat /run/vos/pids/manager)"
EXEC_RSS=$(rss_kib "$H1PID")
MGR_RSS=$(rss_kib "$MPID")

INSTALL=(); HOSTS=()
for i in $(seq "$INSTALLS"); do
  t=$(ms); "$VOS" bundles --host h1 install "$SAMPLE" --start >/dev/null; INSTALL+=($(( $(ms) - t )))
  "$VOS" bundles --host h1 uninstall "$BSN" >/dev/null
  t=$(ms); "$VOS" hosts >/dev/null; HOSTS+=($(( $(ms) - t )))
done

# the same through REST alone (curl), without the CLI's JVM start
TOKEN="$(cat /run/vos/token)"
REST=()
for i in $(seq "$INSTALLS"); do
  T=$(curl -sf -o /dev/null -w '%{time_total}' -X POST -H "X-Vos-Token: $TOKEN" -H 'Content-Type: application/java-archive' \
      --data-binary "@$SAMPLE" "http://127.0.0.1:7080/api/v1/hosts/h1/bundles?start=true&name=$(basename "$SAMPLE")")
  REST+=($(python3 -c "print(round($T * 1000))"))
  curl -sf -o /dev/null -X DELETE -H "X-Vos-Token: $TOKEN" "http://127.0.0.1:7080/api/v1/hosts/h1/bundles/$BSN"
done

python3 - "$OUT" <<PY
import json, platform, subprocess, sys, datetime
out = {
  "benchmark": "runtime",
  "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
  "machine": {"cpus": $(nproc), "kernel": platform.release(),
              "java": subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]},
  "hosts": 2,
  "loadAverageAtStart": "$LOAD",
  "upToAllHostsUpMs": {"runs": [$(join "${UP[@]}")], "median": $(median "${UP[@]}")},
  "executiveRssKiB": $EXEC_RSS,
  "managerRssKiB": $MGR_RSS,
  "hotInstallAndStartViaCliMs": {"runs": [$(join "${INSTALL[@]}")], "median": $(median "${INSTALL[@]}")},
  "hotInstallAndStartViaRestMs": {"runs": [$(join "${REST[@]}")], "median": $(median "${REST[@]}")},
  "plainCliCallMs": {"command": "./vos hosts", "runs": [$(join "${HOSTS[@]}")], "median": $(median "${HOSTS[@]}")},
  "notes": "wall-clock ms of whole ./vos invocations (CLI JVM start included) except hotInstallAndStartViaRestMs (curl, manager forwarding to h1); up with a current build (--no-build); RSS read 5 s after up; the machine was shared with other test runs (see loadAverageAtStart)"
}
json.dump(out, open(sys.argv[1], "w"), indent=2)
print(json.dumps(out, indent=2))
PY
