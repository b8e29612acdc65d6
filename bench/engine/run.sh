#!/bin/sh
# Engine benchmark, on demand (not part of the build or the unit tests). Needs root and a built
# engine: mvn -B -q -pl bundles/linux,bundles/engine install -DskipTests
# Usage: bench/engine/run.sh [reps]   -> bench/results/engine.json
# Images go to $VOS_BENCH_DIR (default: bench/work/engine, i.e. the project's disk; use a tmpfs
# such as /dev/shm/vos-bench to measure the engine rather than the disk).
set -e
cd "$(dirname "$0")/../.."
root=$(pwd)
work=${VOS_BENCH_DIR:-$root/bench/work/engine}
rm -rf "$work"; mkdir -p "$work"
gcc -O2 -o "$work/dirty" bench/engine/dirty.c
m2=${M2_REPO:-$HOME/.m2/repository}
cp="$root/bundles/engine/target/classes:$root/bundles/linux/target/classes:$root/api/target/classes"
cp="$cp:$(ls $m2/com/google/code/gson/gson/2.13.2/gson-2.13.2.jar):$(ls $m2/net/java/dev/jna/jna/5.18.1/jna-5.18.1.jar)"
java -cp "$cp" bench/engine/EngineBench.java "$work" "$work/dirty" "$root/bench/results/engine.json" "${1:-3}"
rm -rf "$work"
