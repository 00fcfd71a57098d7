#!/usr/bin/env bash
# Fault-injection suite (a script, not a test): the jar as a process, the shipped route files, real servers. For each
# pipeline it loads a known set of messages/changes and, while they flow, injects one fault; then it counts exactly
# what reached the target: lost (must be 0), duplicated (0 where exactly-once is promised, else within the stated
# bound), stuck pending (0). One line per scenario, then a summary table; exit status 1 when a scenario failed.
#
#   bench/faults.sh                                  # every scenario (about 10 minutes; bounded by FAULTS_BUDGET_SEC)
#   FAULTS_ONLY=cdc bench/faults.sh                  # pipelines whose name matches: redis-writer, poll, split, cdc, pgq
#   FAULTS_ONLY=kill-9 bench/faults.sh               # ... or faults: pg-restart, rabbit-stop, redis-kill, kill-9
#   FAULTS_ONLY=split/kill-9 bench/faults.sh         # ... or one scenario
#
# Pipelines (the worker is `java -jar target/db-workers.jar ROUTE_FILE`, as users run it):
#   redis-writer  examples/redis-to-postgres.yaml: Redis streams -> sensor_readings, bad readings -> dead-letter stream
#   poll          examples/postgres-orders.yaml: db-poll -> ECommerceProcessor, one exchange per change, dead letters
#                 to a Redis stream
#   split         bench/faults/poll-split.yaml: db-poll batch -> split/aggregate (ProcessedBatch) -> change_log, dead
#                 letters to a RabbitMQ queue (the pattern of routes/ecommerce-demo.yaml)
#   cdc           examples/changes-to-rabbitmq.yaml: db-cdc (pgoutput) -> RabbitMQ topic exchange
#   pgq           bench/faults/pgq-orders.yaml: a PgQ queue fed by a logutriga trigger -> ECommerceProcessor ->
#                 change_log batch-exactly (exactTarget), bad events retried once through PgQ, then dead_letters table
# Faults: pg-restart (PostgreSQL stopped -m fast for FAULT_DOWN_SEC, started), rabbit-stop (RabbitMQ's app stopped
# for FAULT_DOWN_SEC, started), redis-kill (CLIENT KILL of every connection the worker holds, three times a second
# apart; Redis keeps nothing on disk, so it is never restarted), kill-9 (the worker killed -9 and started again,
# aimed at work in flight; repeated up to three times while a kill cuts nothing off).
#
# It never touches the shared servers (PostgreSQL 5432, RabbitMQ 5672, Redis 6379): it starts its own, idempotently, on
# 127.0.0.1 only (bench/faults/servers.sh) and stops them on exit (FAULTS_KEEP_SERVERS=1 leaves them running):
# PostgreSQL cluster 15/faults on FAULTS_PG_PORT (5433), RabbitMQ node dbw-faults@localhost on FAULTS_RABBIT_PORT
# (5673), redis-server on FAULTS_REDIS_PORT (6380), pgqd ticking that cluster only. Needs root (pg_createcluster,
# rabbitmq-server), psql, redis-cli, rabbitmqctl, pgqd and the pgq extension (postgresql-15-pgq3), jq, curl, java, and
# target/db-workers.jar with target/test-classes (mvn -B -q -DskipTests package). Settings: REDIS_STREAMS (10) x
# REDIS_PER_STREAM (1000), POLL_ROWS (1500), SPLIT_ROWS (3000), POLL_BATCH_SIZE (100), CDC_ROWS (3000), PGQ_ROWS (3000),
# LOAD_SEC (12: each known set is loaded in CHUNKS (24) chunks over this time), FAULT_DOWN_SEC (5), DRAIN_SEC (120: how
# long a scenario waits for its target after the load; STALL_SEC, 40: or for any progress at all), JAVA_OPTS
# (-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx384m: less CPU on a shared machine; empty for the defaults),
# FAULTS_DIR (/tmp/dbw-faults: worker directories, logs and counts, kept for reading), FAULTS_BUDGET_SEC (900).
set -uo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C

FAULTS_DIR=${FAULTS_DIR:-/tmp/dbw-faults}
FAULTS_PG_PORT=${FAULTS_PG_PORT:-5433}
FAULTS_RABBIT_PORT=${FAULTS_RABBIT_PORT:-5673}
FAULTS_RABBIT_DIST_PORT=${FAULTS_RABBIT_DIST_PORT:-25673}
FAULTS_RABBIT_NODE=${FAULTS_RABBIT_NODE:-dbw-faults@localhost}
FAULTS_REDIS_PORT=${FAULTS_REDIS_PORT:-6380}
FAULTS_HTTP_PORT=${FAULTS_HTTP_PORT:-18731}
FAULTS_BUDGET_SEC=${FAULTS_BUDGET_SEC:-900}
FAULTS_ONLY=${FAULTS_ONLY:-}
REDIS_STREAMS=${REDIS_STREAMS:-10}
REDIS_PER_STREAM=${REDIS_PER_STREAM:-1000}
POLL_ROWS=${POLL_ROWS:-1500}
SPLIT_ROWS=${SPLIT_ROWS:-3000}
POLL_BATCH_SIZE=${POLL_BATCH_SIZE:-100}
CDC_ROWS=${CDC_ROWS:-3000}
PGQ_ROWS=${PGQ_ROWS:-3000}
CHUNKS=${CHUNKS:-24}
LOAD_SEC=${LOAD_SEC:-12}
FAULT_DOWN_SEC=${FAULT_DOWN_SEC:-5}
DRAIN_SEC=${DRAIN_SEC:-120}
STALL_SEC=${STALL_SEC:-40}
JAVA_OPTS=${JAVA_OPTS--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx384m}
RABBIT_URL=amqp://guest:guest@127.0.0.1:$FAULTS_RABBIT_PORT
JAR=$PWD/target/db-workers.jar

# pipeline and fault; a fault of a server the pipeline does not use is reported as n/a, not run
SCENARIOS=(
  "redis-writer pg-restart" "redis-writer rabbit-stop" "redis-writer redis-kill" "redis-writer kill-9"
  "poll pg-restart" "poll rabbit-stop" "poll redis-kill" "poll kill-9"
  "split pg-restart" "split rabbit-stop" "split redis-kill" "split kill-9"
  "cdc pg-restart" "cdc rabbit-stop" "cdc redis-kill" "cdc kill-9"
  "pgq pg-restart" "pgq rabbit-stop" "pgq redis-kill" "pgq kill-9"
)
declare -A NOT_APPLICABLE=(
  ["redis-writer rabbit-stop"]="the Redis writer uses no RabbitMQ"
  ["poll rabbit-stop"]="its dead letters go to Redis; the split pipeline has them on RabbitMQ"
  ["split redis-kill"]="it uses no Redis; the poll pipeline has its dead letters there"
  ["cdc redis-kill"]="db-cdc -> RabbitMQ uses no Redis"
  ["pgq rabbit-stop"]="the PgQ pipeline uses only PostgreSQL (dead letters in its dead_letters table)"
  ["pgq redis-kill"]="the PgQ pipeline uses only PostgreSQL (dead letters in its dead_letters table)"
)

# shellcheck source=faults/servers.sh
. bench/faults/servers.sh
# shellcheck source=faults/pipelines.sh
. bench/faults/pipelines.sh

WORKER_PID=
LOADER_PID=
FOLLOWERS=()
RESULTS=()
FAILED=0

cleanup() {
  [ -n "$LOADER_PID" ] && kill "$LOADER_PID" 2>/dev/null
  [ -n "$WORKER_PID" ] && kill -9 "$WORKER_PID" 2>/dev/null
  stop_followers
  if [ "${FAULTS_KEEP_SERVERS:-0}" != 1 ]; then
    redis_down
    rabbit_down
    pgqd_down
    pg_down
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "$(date +%H:%M:%S) $*" >&2; }

# --- the worker ---------------------------------------------------------------------------------------------------
worker_start() {
  local n
  n=$(find "$SDIR" -maxdepth 1 -name 'worker*.log' | wc -l)
  # shellcheck disable=SC2086
  # env execs java: $! is the worker's own pid
  env -i -C "$SDIR" PATH="$PATH" HOME="$HOME" LANG=C.UTF-8 "${WORKER_ENV[@]}" HTTP_PORT="$FAULTS_HTTP_PORT" \
    LOG_FORMAT=console LOG_LEVEL=INFO java $JAVA_OPTS -jar "$JAR" "${WORKER_ARGS[@]}" > "$SDIR/worker$n.log" 2>&1 &
  WORKER_PID=$!
}

worker_ready() { curl -sf -m 2 "http://127.0.0.1:$FAULTS_HTTP_PORT/observe/health/ready" >/dev/null; }

worker_await_ready() {
  local deadline=$((SECONDS + 120))
  until worker_ready; do
    kill -0 "$WORKER_PID" 2>/dev/null || { log "the worker exited"; return 1; }
    [ "$SECONDS" -ge "$deadline" ] && { log "the worker was not ready within 120 s"; return 1; }
    sleep 0.5
  done
}

# SIGTERM, at most 60 s for the graceful stop (camel's shutdown timeout is 45 s), then kill -9
worker_stop() {
  [ -n "$WORKER_PID" ] || return 0
  kill "$WORKER_PID" 2>/dev/null
  local deadline=$((SECONDS + 60))
  while kill -0 "$WORKER_PID" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.5; done
  kill -0 "$WORKER_PID" 2>/dev/null && { NOTE_STOP="; did not stop within 60 s of SIGTERM, killed"; kill -9 "$WORKER_PID"; }
  wait "$WORKER_PID" 2>/dev/null
  WORKER_PID=
}

# --- load and faults ----------------------------------------------------------------------------------------------
# chunk after chunk, LOAD_SEC / CHUNKS apart; a chunk that fails (PostgreSQL restarting) is retried for up to 60 s
loader() {
  local k deadline pause
  pause=$(awk -v s="$LOAD_SEC" -v c="$CHUNKS" 'BEGIN { printf "%.3f", s / c }')
  for k in $(seq 1 "$CHUNKS"); do
    deadline=$((SECONDS + 60))
    until "${P}_chunk" "$k"; do
      [ "$SECONDS" -ge "$deadline" ] && { echo "loader: chunk $k failed for 60 s" >&2; exit 1; }
      sleep 0.5
    done
    sleep "$pause"
  done
}

inject() {
  case "$1" in
    pg-restart) pg_restart "$FAULT_DOWN_SEC" && FAULT_NOTE="PostgreSQL down ${FAULT_DOWN_SEC} s" ;;
    rabbit-stop) rabbit_bounce "$FAULT_DOWN_SEC" && FAULT_NOTE="RabbitMQ app down ${FAULT_DOWN_SEC} s" ;;
    redis-kill)
      local i killed=0
      for i in 1 2 3; do
        killed=$((killed + $(redis_kill_clients_of "$WORKER_PID")))
        sleep 1
      done
      FAULT_NOTE="$killed worker connections killed"
      [ "$killed" -gt 0 ] || FAULT_NOTE="no worker connection found to kill" ;;
    kill-9)
      # aimed at a moment with work between the target's commit and the source's acknowledgement (waiting up to 10 s
      # for one); what the kill cut off is counted once the process is gone, when its offsets and XACKs are final.
      # A kill that cut nothing off is repeated, up to three kills while part of the set has still to arrive.
      local inflight limit kills=() k
      for k in 1 2 3; do
        limit=$((SECONDS + 10))
        while :; do
          inflight=$("${P}_inflight")
          { [ "$inflight" != 0 ] || [ "$SECONDS" -ge "$limit" ]; } && break
          sleep 0.1
        done
        kill -9 "$WORKER_PID"
        wait "$WORKER_PID" 2>/dev/null
        inflight=$("${P}_inflight")
        kills+=("$inflight")
        FAULTS_IN_SCENARIO=$k
        worker_start
        worker_await_ready || { FAULT_NOTE="killed -9; the restarted worker did not become ready"; return; }
        { [ "$inflight" != 0 ] || [ "$("${P}_progress")" -ge "$EXPECTED" ]; } && break
      done
      FAULT_NOTE="killed -9 and restarted ${#kills[@]} time(s), in flight at each kill (in the target or handed to the worker, not acknowledged at the source): ${kills[*]}" ;;
  esac
}

# --- one scenario -------------------------------------------------------------------------------------------------
run_scenario() {
  local pipeline=$1 fault=$2 started=$SECONDS at deadline verdict load_status
  P=${pipeline//-/_}
  SDIR=$FAULTS_DIR/runs/$pipeline-$fault
  rm -rf "$SDIR" && mkdir -p "$SDIR"
  FAULTS_IN_SCENARIO=1 FAULT_NOTE= NOTE= NOTE_STOP= EXTRA_FAIL= DEDUP_ID= DEDUP_POSITION=
  EXPECTED= BAD= DELIVERED=0 LOST=? DUP=? BOUND=? PENDING=?
  log "$pipeline/$fault: preparing"
  if ! "${P}_prepare" > "$SDIR/prepare.log" 2>&1; then
    finish "$pipeline" "$fault" ERROR "preparation failed: $(tail -1 "$SDIR/prepare.log")" "$started"
    return
  fi
  worker_start
  if ! worker_await_ready || ! "${P}_ready"; then
    worker_stop
    finish "$pipeline" "$fault" ERROR "the worker did not start: $(grep -m1 -E 'ERROR|db-workers:' "$SDIR"/worker0.log)" "$started"
    return
  fi
  log "$pipeline/$fault: worker ready, loading $EXPECTED ($BAD bad) over ${LOAD_SEC} s"
  loader > "$SDIR/loader.log" 2>&1 &
  LOADER_PID=$!
  # the fault lands while the set flows: once a quarter of it arrived (or the load is over)
  deadline=$((SECONDS + LOAD_SEC + 30))
  while [ "$(${P}_progress)" -lt $((EXPECTED / 4)) ] && kill -0 "$LOADER_PID" 2>/dev/null \
        && [ "$SECONDS" -lt "$deadline" ]; do
    sleep 0.3
  done
  at=$("${P}_progress")
  log "$pipeline/$fault: injecting at $at/$EXPECTED accounted for"
  inject "$fault"
  wait "$LOADER_PID"
  load_status=$?
  LOADER_PID=
  # then until everything is accounted for; given up after DRAIN_SEC, or after STALL_SEC without any progress
  local last=-1 moved=$SECONDS now stall=$STALL_SEC
  declare -F "${P}_stall_sec" >/dev/null && stall=$("${P}_stall_sec")
  deadline=$((SECONDS + DRAIN_SEC))
  until "${P}_done" || [ "$SECONDS" -ge "$deadline" ] || [ $((SECONDS - moved)) -ge "$stall" ]; do
    now=$("${P}_progress")
    [ "$now" != "$last" ] && last=$now && moved=$SECONDS
    sleep 1
  done
  kill -0 "$WORKER_PID" 2>/dev/null || NOTE_STOP="; the worker had exited"
  worker_stop
  "${P}_count"
  verdict=PASS
  if [ "$load_status" != 0 ]; then
    verdict=ERROR; NOTE="the loader failed ($(tail -1 "$SDIR/loader.log")); $NOTE"
  elif [ "$LOST" != 0 ] || [ "$PENDING" != 0 ] || [ "$DUP" -gt "$BOUND" ] || [ -n "$EXTRA_FAIL" ]; then
    verdict=FAIL
  elif [ "$at" -ge "$EXPECTED" ] || [ "$at" -eq 0 ]; then
    verdict=INCONCLUSIVE; NOTE="the fault did not land while the set flowed; $NOTE"
  fi
  [ -n "$EXTRA_FAIL" ] && NOTE="$EXTRA_FAIL; $NOTE"
  finish "$pipeline" "$fault" "$verdict" "fault at $at/$EXPECTED: $FAULT_NOTE; $NOTE$NOTE_STOP" "$started"
}

finish() { # pipeline fault verdict note started
  local took=$((SECONDS - $5))
  stop_followers
  [ "$3" = PASS ] || FAILED=1
  printf 'SCENARIO %-22s %-12s expected=%s accounted=%s lost=%s duplicated=%s (bound %s) pending=%s (%s s) %s\n' \
    "$1/$2" "$3" "${EXPECTED:-?}" "$DELIVERED" "$LOST" "$DUP" "$BOUND" "$PENDING" "$took" "$4"
  RESULTS+=("$1|$2|${EXPECTED:-?}|$LOST|$DUP|$BOUND|$PENDING|$3")
}

# --- main ---------------------------------------------------------------------------------------------------------
refuse_shared_ports
for tool in psql redis-cli redis-server rabbitmqctl rabbitmq-server pg_createcluster pgqd jq curl java ss; do
  command -v "$tool" >/dev/null || { echo "faults: $tool is needed" >&2; exit 2; }
done
[ "$(id -u)" = 0 ] || { echo "faults: run as root (pg_createcluster, rabbitmq-server)" >&2; exit 2; }
if [ ! -f "$JAR" ] || [ ! -f target/test-classes/io/dbworkers/bench/FaultsQueue.class ]; then
  log "building: mvn -B -q -DskipTests package"
  mvn -B -q -DskipTests package || exit 2
fi
mkdir -p "$FAULTS_DIR/runs"
log "starting the suite's own servers: PostgreSQL :$FAULTS_PG_PORT, RabbitMQ :$FAULTS_RABBIT_PORT, Redis :$FAULTS_REDIS_PORT, pgqd"
redis_up || exit 2
pg_up || exit 2
pgqd_up || exit 2
rabbit_up || exit 2

echo "fault suite $(date -u +%Y-%m-%dT%H:%MZ), $(git rev-parse --short HEAD 2>/dev/null), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for scenario in "${SCENARIOS[@]}"; do
  # shellcheck disable=SC2086
  set -- $scenario
  [[ "$1/$2" == *$FAULTS_ONLY* ]] || continue
  if [ -n "${NOT_APPLICABLE[$scenario]:-}" ]; then
    printf 'SCENARIO %-22s %-12s %s\n' "$1/$2" n/a "${NOT_APPLICABLE[$scenario]}"
    RESULTS+=("$1|$2|-|-|-|-|-|n/a")
    continue
  fi
  if [ $((SECONDS + 90)) -gt "$FAULTS_BUDGET_SEC" ]; then
    printf 'SCENARIO %-22s SKIPPED      the run would exceed FAULTS_BUDGET_SEC=%s\n' "$1/$2" "$FAULTS_BUDGET_SEC"
    RESULTS+=("$1|$2|-|-|-|-|-|SKIPPED (time)")
    continue
  fi
  run_scenario "$1" "$2"
done

echo
echo "| pipeline | fault | expected | lost | duplicated (bound) | pending | result |"
echo "|---|---|---|---|---|---|---|"
for row in "${RESULTS[@]}"; do
  IFS='|' read -r p f e l d b n v <<< "$row"
  echo "| $p | $f | $e | $l | $d ($b) | $n | $v |"
done
echo "total $SECONDS s; details in $FAULTS_DIR/runs/<pipeline>-<fault>/"
exit "$FAILED"
