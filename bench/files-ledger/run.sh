#!/bin/sh
# Measures what the files provider's bookkeeping costs per file as a stack grows: applies N files, updates
# them all, plans once more, for each N (default 100 500 2000), and prints ms per file side by side.
# The code is dev.plumbline.provider.files.LedgerBench in the files provider module's test sources.
#
#   bench/files-ledger/run.sh [N ...] [--dir DIR] [--per-directory K]
#
# --dir measures on another file system (the default is a temporary directory, removed after); the numbers
# are dominated by fsync, so they depend on the disk.
set -eu
repo=$(cd "$(dirname "$0")/../.." && pwd)
classpath="$repo/appliers/files/target/bench-classpath.txt"
cd "$repo"
mvn -q -B -pl appliers/files -am install -DskipTests
mvn -q -B -pl appliers/files dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath"
exec java -cp "$repo/appliers/files/target/test-classes:$repo/appliers/files/target/classes:$(cat "$classpath")" \
    dev.plumbline.provider.files.LedgerBench "$@"
