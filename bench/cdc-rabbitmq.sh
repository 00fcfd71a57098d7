#!/usr/bin/env bash
# Benchmark of issue 11 goal 3, log-based capture -> RabbitMQ, every figure from the launch of a process and on the
# same backlog (changes committed before any reader starts, each reader on its own slot): pg_recvlogical
# (test_decoding) to the backlog's end LSN; capture alone (the jar with bench/cdc-capture-only.yaml); end to end (the
# jar with the shipped examples/changes-to-rabbitmq.yaml until every change is a confirmed persistent message in the
# bound queue); RabbitMQ alone (a minimal publisher, same count and mean size, confirms); the PGEvents-style peer
# (bench/peers/pgevents_peer.py); then a paced load with the jar running (commit -> delivery p50/p99). Prints the
# ratios and each jar's peak RSS. Needs the local PostgreSQL (wal_level=logical) and RabbitMQ of
# scripts/prepare-servers.sh; installs python3-psycopg2, python3-pika and postgresql-15-wal2json when missing.
#   bench/cdc-rabbitmq.sh                                  # 150,000 changes in transactions of 100, paced 5,000/s
#   CHANGES=20000 PACED_CHANGES=10000 PEER_SECONDS=10 bench/cdc-rabbitmq.sh   # a quick run
set -euo pipefail
cd "$(dirname "$0")/.."
# the peer runs on Debian's python3, whose packages these are (not a python3 of pyenv or a virtualenv on the PATH)
python=/usr/bin/python3
missing=()
$python -c 'import psycopg2' 2>/dev/null || missing+=(python3-psycopg2)
$python -c 'import pika' 2>/dev/null || missing+=(python3-pika)
[ -f /usr/lib/postgresql/15/lib/wal2json.so ] || missing+=(postgresql-15-wal2json)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  apt-get install -y -q "${missing[@]}" >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q "${missing[@]}" >/dev/null; }
fi
# this server only decodes with the output plugins it lists; the peer needs wal2json (added, never removed)
allowed=$(psql -h 127.0.0.1 -U postgres -Atc "SELECT string_agg(quote_literal(trim(p)), ', ')
  FROM unnest(string_to_array(current_setting('output_plugin_libraries', true), ',')) p")
if [ -n "$allowed" ] && [[ "$allowed" != *wal2json* ]]; then
  echo "allowing the wal2json output plugin (output_plugin_libraries = $allowed, 'wal2json'; reloaded)"
  psql -h 127.0.0.1 -U postgres -qc "ALTER SYSTEM SET output_plugin_libraries = $allowed, 'wal2json'" \
    -c "SELECT pg_reload_conf()" >/dev/null
fi
mvn -B -q -o package -DskipTests
exec java -cp "target/db-workers.jar:target/test-classes" \
  -Dchanges="${CHANGES:-150000}" -DtxSize="${TX_SIZE:-100}" -Drate="${RATE:-5000}" \
  -DpacedChanges="${PACED_CHANGES:-50000}" -DpeerSeconds="${PEER_SECONDS:-60}" -Dpython="$python" \
  -DpgRecvlogical="${PG_RECVLOGICAL:-/usr/lib/postgresql/15/bin/pg_recvlogical}" \
  -Damqp="${AMQP_URI:-amqp://guest:guest@127.0.0.1:5672}" -Dlogback.configurationFile=bench/logback.xml \
  io.dbworkers.bench.CdcRabbitBenchmark
