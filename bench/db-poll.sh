#!/usr/bin/env bash
# db-poll benchmark against the local PostgreSQL (not a test): catch-up of 1,000,000 rows (with the (updated_at, id)
# index) by the jar as a user runs it, with batch=true and batch=false (batchSize 10,000), next to
# COPY (SELECT * ... ORDER BY updated_at, id) TO STDOUT of the same rows in the same run; prints rows/s, the ratio to
# COPY and the jar's peak RSS.
# Usage: bench/db-poll.sh [-Drows=1000000] [-DbatchSize=10000] [-Druns=3] [-Dmodes=true,false]
# JAVA_OPTS (none by default) are given to the jar when it is launched with java -jar, e.g. a JFR recording.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
# how the jar is launched: the launcher script where there is one, else java -jar (one place, as a user would)
if [ -x bin/db-workers ]; then
  LAUNCH="$ROOT/bin/db-workers"
else
  LAUNCH="java ${JAVA_OPTS:-} -jar $ROOT/target/db-workers.jar"
fi
scripts/prepare-servers.sh >/dev/null
[ -f target/db-workers.jar ] || mvn -B -q package -DskipTests
mvn -B -q -o test-compile
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx1g "-Dlaunch=$LAUNCH" "$@" -cp target/db-workers.jar:target/test-classes io.dbworkers.bench.DbPollBenchmark
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
