#!/usr/bin/env bash
# PgQ benchmark against the local PostgreSQL and pgqd (not a test). One backlog of EVENTS events (transactions of TX,
# a tick every TICK_EVERY transactions: the same batches for everyone) in the queue `bench`, consumed in the same run by
# (a) the Camel consumer, one exchange per chunk of a batch, each event's data URL-decoded into a Map (urlEncoded), run
# by bin/db-workers as users run it (its heap cap: -Xmx256m; JAVA_OPTS is passed on), (b) a Skytools python3-pgq pgq.Consumer doing the same work (skytools.db_urldecode of each
# event's data, tag_done), reading the same chunks (pgq_lazy_fetch = fetchSize), and (c) the limit:
# pgq.get_batch_events alone over the same batches in psql. Each consumer is timed from its first batch (the JVM's and
# Python's start-up not counted). Then the producer: the Camel producer vs pgq.insert_event from one psql session
# (which also filled the backlog). Prints events/s, ratios and the jar's peak RSS.
# Usage: EVENTS=1000000 TX=1000 TICK_EVERY=40 bench/pgq.sh
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${EVENTS:-1000000}
TX=${TX:-1000}
TICK_EVERY=${TICK_EVERY:-40}
FETCH=1000
DB=bench_pgq
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
scripts/prepare-servers.sh >/dev/null
[ -f target/db-workers.jar ] || mvn -B -q package -DskipTests
mvn -B -q test-compile
psql_db() { psql -h 127.0.0.1 -U postgres -d "$DB" -v ON_ERROR_STOP=1 -Atq "$@"; }
now() { date +%s.%N; }
free_port() { /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
cpu() { awk '{ printf "%.2f", ($14 + $15) / 100 }' "/proc/$1/stat"; } # user + system seconds of a process
per_event() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.2f", (b - a) * 1e6 / n }'; }
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.0f", n / (b - a) }'; }
caught_up() { # consumer: true once it finished every batch up to the queue's last tick
  [ "$(psql_db -c "select count(*) from pgq.get_consumer_info('bench', '$1') i where i.current_batch is null
        and i.last_tick = (select max(tick_id) from pgq.tick t join pgq.queue q on q.queue_id = t.tick_queue
        where q.queue_name = 'bench')")" = 1 ]
}
wait_caught_up() { # consumer, pid
  until caught_up "$1"; do
    kill -0 "$2" 2>/dev/null || { echo "pgq bench: the $1 consumer ended:" >&2; cat "$WORK"/*.log >&2; exit 1; }
    sleep 0.2
  done
}

psql -h 127.0.0.1 -U postgres -d postgres -Atq -c "drop database if exists $DB with (force)" -c "create database $DB"
psql_db -c "create extension pgq" -c "select pgq.create_queue('bench')" -c "select pgq.create_queue('bench_produce')" \
  -c "select pgq.register_consumer('bench', c) from unnest(array['camel', 'counter', 'limit']) c" \
  -c "select pgq.set_queue_config('bench', 'ticker_max_count', '$((TICK_EVERY * TX))')" \
  -c "select pgq.set_queue_config('bench', p, '1 hour') from unnest(array['ticker_max_lag', 'ticker_idle_period']) p" \
  >/dev/null # pgqd (and this script's pgq.ticker) tick every TICK_EVERY transactions

echo "pgq bench: $EVENTS events in transactions of $TX, a tick every $TICK_EVERY transactions"
for ((i = 0; i < EVENTS / TX; i++)); do
  echo "select count(pgq.insert_event('bench', 'reading', 'sensor=s' || g % 100 || '&value=' || g))
        from generate_series($((i * TX + 1)), $(((i + 1) * TX))) g;"
  if (((i + 1) % TICK_EVERY == 0)); then echo "select pgq.ticker('bench');"; fi
done > "$WORK/insert.sql"
t0=$(now); psql_db -f "$WORK/insert.sql" >/dev/null; t1=$(now)
psql_rate=$(rate "$EVENTS" "$t0" "$t1")
psql_db -c "select pgq.force_tick('bench')" -c "select pgq.ticker('bench')" >/dev/null
echo "pgq bench: $(psql_db -c "select count(*) - 1 from pgq.tick t join pgq.queue q on q.queue_id = t.tick_queue
  where q.queue_name = 'bench'") batches"

# (a) the Camel consumer
cat > "$WORK/consume.yaml" <<YAML
- route:
    id: bench-consume
    from:
      uri: pgq:bench
      parameters:
        consumerName: camel
        batch: true
        urlEncoded: true
        fetchSize: $FETCH
        idleDelay: 100
      steps:
        - log:
            message: "chunk of batch \${header.CamelPgqBatchId}"
            loggingLevel: DEBUG
YAML
(cd "$WORK" && HTTP_PORT=$(free_port) DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$DB" \
  exec "$OLDPWD/bin/db-workers" consume.yaml >"$WORK/consume.log" 2>&1) &
jar=$!; PIDS+=("$jar")
until grep -q "consuming" "$WORK/consume.log" 2>/dev/null; do sleep 0.05; done # JVM start-up not counted
t0=$(now); c0=$(cpu "$jar")
wait_caught_up camel "$jar"; t1=$(now); c1=$(cpu "$jar")
camel_cpu=$(per_event "$EVENTS" "$c0" "$c1")
rss_kb=$(awk '/VmHWM/ { print $2 }' "/proc/$jar/status" 2>/dev/null || echo 0)
kill "$jar"; wait "$jar" 2>/dev/null || true
camel_rate=$(rate "$EVENTS" "$t0" "$t1")

# (b) Skytools
cat > "$WORK/counter.ini" <<INI
[counter]
job_name = counter
src_db = host=127.0.0.1 user=postgres dbname=$DB
pgq_queue_name = bench
logfile = $WORK/counter.log
pidfile = $WORK/counter.pid
loop_delay = 0.1
pgq_lazy_fetch = $FETCH
INI
FIRST_BATCH_FILE="$WORK/counter.first" /usr/bin/python3 bench/pgq_skytools_consumer.py "$WORK/counter.ini" \
  >"$WORK/counter.out" 2>&1 &
py=$!; PIDS+=("$py")
wait_caught_up counter "$py"; t1=$(now); c1=$(cpu "$py")
read -r t0 c0 < "$WORK/counter.first"
skytools_cpu=$(per_event "$EVENTS" "$c0" "$c1")
kill "$py"; wait "$py" 2>/dev/null || true
skytools_rate=$(rate "$EVENTS" "$t0" "$t1")

# (c) the limit: get_batch_events alone, over the same batches
t0=$(now)
psql_db -c "do \$\$ declare b bigint; begin loop b := pgq.next_batch('bench', 'limit'); exit when b is null;
  perform count(*) from pgq.get_batch_events(b); perform pgq.finish_batch(b); end loop; end \$\$" >/dev/null
t1=$(now)
limit_rate=$(rate "$EVENTS" "$t0" "$t1")

# the Camel producer: chunks of TX events, one transaction each
cat > "$WORK/produce.yaml" <<YAML
- route:
    id: bench-produce
    from:
      uri: timer:produce
      parameters:
        repeatCount: $((EVENTS / TX))
        delay: 0
        period: 1
      steps:
        - bean:
            beanType: io.dbworkers.bench.PgqBenchEvents
            method: chunk($TX)
        - to:
            uri: pgq:bench_produce
            parameters:
              eventType: reading
YAML
(cd "$WORK" && HTTP_PORT=$(free_port) DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$DB" \
  exec java -Xmx256m -cp "$OLDPWD/target/db-workers.jar:$OLDPWD/target/test-classes" io.dbworkers.app.DbWorkersMain \
  produce.yaml >"$WORK/produce.log" 2>&1) &
jar=$!; PIDS+=("$jar")
produced() { psql_db -c "select pgq.seq_getval(queue_event_seq) from pgq.queue where queue_name = 'bench_produce'"; }
# counted from the first chunk inserted, so that the JVM's start-up is not
until [ "$(produced)" -gt 0 ]; do sleep 0.05; done
t0=$(now); first=$(produced)
until [ "$(produced)" -ge "$EVENTS" ]; do sleep 0.2; done
t1=$(now)
kill "$jar"; wait "$jar" 2>/dev/null || true
producer_rate=$(rate "$((EVENTS - first))" "$t0" "$t1")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "consumer  camel (one exchange per chunk of $FETCH)  $camel_rate events/s  (CPU $camel_cpu µs/event, peak RSS $((rss_kb / 1024)) MB, bin/db-workers)"
echo "consumer  skytools python3-pgq                    $skytools_rate events/s  (CPU $skytools_cpu µs/event)"
echo "consumer  limit: pgq.get_batch_events in psql     $limit_rate events/s"
echo "consumer  camel / skytools = $(ratio "$camel_rate" "$skytools_rate")   camel / limit = $(ratio "$camel_rate" "$limit_rate")"
echo "producer  camel (List of $TX Maps per exchange)    $producer_rate events/s  (from its first chunk)"
echo "producer  pgq.insert_event from one psql session  $psql_rate events/s"
echo "producer  camel / psql = $(ratio "$producer_rate" "$psql_rate")"
