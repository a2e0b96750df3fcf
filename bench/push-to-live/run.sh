#!/bin/sh
# Measures how long a pushed commit takes to go live: an agent told by a webhook against one polling every
# second, side by side in one run (default 20 rounds each). The code is dev.plumbline.it.bench.PushToLiveBench
# in the it-tests sources.
#
#   bench/push-to-live/run.sh [ROUNDS]
set -eu
repo=$(cd "$(dirname "$0")/../.." && pwd)
classpath="$repo/it-tests/target/bench-classpath.txt"
cd "$repo"
mvn -q -B -DskipTests install
mvn -q -B -pl it-tests test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath"
exec java -cp "$repo/it-tests/target/test-classes:$(cat "$classpath")" dev.plumbline.it.bench.PushToLiveBench "$@"
