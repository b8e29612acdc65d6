#!/bin/sh
# Handle bench: checkpoint and restore time added per 1000 descriptors of each class (kill between
# them), against a program with none. Writes bench/results/handles.json. Run from the repository
# root after `mvn -B -q -pl bundles/virt-files,bundles/virt-kernel -am install -DskipTests`.
set -e
cd "$(dirname "$0")/../.."
mkdir -p bench/results
mvn -B -q -o -pl bundles/virt-kernel surefire:test -Dvos.test.excluded=none -Dgroups=bench -Dtest=HandlesBench \
    -Dvos.bench.src="$PWD/bench/handles/many.c" -Dvos.bench.out="$PWD/bench/results/handles.json" \
    -Dsurefire.failIfNoSpecifiedTests=false
cat bench/results/handles.json
