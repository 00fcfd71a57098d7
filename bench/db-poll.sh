#!/usr/bin/env bash
# db-poll benchmark against the local PostgreSQL (not a test): catch-up over 1,000,000 rows next to
# COPY (SELECT *) TO STDOUT of the same rows in the same run, and detection latency under a steady write rate.
# Usage: bench/db-poll.sh [-Drows=1000000] [-Drate=500] [-Dseconds=20] [-Ddelay=100]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/prepare-servers.sh >/dev/null
[ -f target/db-workers.jar ] || mvn -B -q package -DskipTests
mvn -B -q test-compile
exec java -Xmx2g "$@" -cp target/db-workers.jar:target/test-classes io.dbworkers.bench.DbPollBenchmark
