#!/usr/bin/env bash
# Benchmark: 100,000 mixed insert/update/delete changes captured by examples/changes-to-rabbitmq.yaml (db-cdc,
# pgoutput, batch=true) and published to RabbitMQ as persistent messages with publisher confirms, next to
# pg_recvlogical (test_decoding) reading the same changes from its own slot in the same run.
# Needs the local PostgreSQL (wal_level=logical) and RabbitMQ of scripts/prepare-servers.sh. Not a test: it prints
# changes/s and commit->confirm latency p50/p99 for both, and their ratio.
#   bench/cdc-rabbitmq.sh                       # 100,000 changes in transactions of 100
#   CHANGES=20000 TX_SIZE=10 bench/cdc-rabbitmq.sh
#   RATE=5000 bench/cdc-rabbitmq.sh             # a paced writer: latency of a worker that keeps up
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o package -DskipTests
exec java -cp "target/db-workers.jar:target/test-classes" \
  -Dchanges="${CHANGES:-100000}" -DtxSize="${TX_SIZE:-100}" -Drate="${RATE:-0}" \
  -DpgRecvlogical="${PG_RECVLOGICAL:-/usr/lib/postgresql/15/bin/pg_recvlogical}" \
  -Damqp="${AMQP_URI:-amqp://guest:guest@127.0.0.1:5672}" \
  -DrouteFile="${ROUTE_FILE:-examples/changes-to-rabbitmq.yaml}" -Dlogback.configurationFile=bench/logback.xml \
  io.dbworkers.bench.CdcRabbitBenchmark
