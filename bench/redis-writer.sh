#!/usr/bin/env bash
# Benchmark of the Redis-streams-to-PostgreSQL writer (not a test): 1,000,000 readings across 100 streams written end to
# end by bin/db-workers (the launcher users run, with its default heap cap), next to a plain psql \copy of the same 1,000,000 rows into the same table, in one run.
#
#   bench/redis-writer.sh                   # needs redis-cli, psql, python3, bc, java and target/db-workers.jar
#   BATCH_SIZE=500 bench/redis-writer.sh    # the seed's recommended production setting
#
# Settings: PGHOST (127.0.0.1), PGUSER (postgres), REDIS_HOST (127.0.0.1), REDIS_PORT (6379), MESSAGES (1000000),
# STREAMS (100), BATCH_SIZE (100: entries per stream and read, so up to STREAMS x BATCH_SIZE rows per transaction),
# JAVA_OPTS (none; passed to bin/db-workers, for profiling only: the figures are those of the plain launch). It uses the database bench_redis_writer (dropped and created) and the streams bench_stream:*.
#
# Method: the rows are generated once, with entry ids chosen so that Redis and the COPY file hold the same
# (stream, entry_id). COPY: \copy of the file into sensor_readings (migrated: unique (stream, entry_id), as the writer
# needs), timed by psql's wall clock, twice (before and after the writer run, the table truncated in between; the mean
# is reported). Writer: from launching the jar (JVM start-up included), and from its first read, until every entry
# was delivered and acknowledged (which the writer does after the commit; the row count is checked after); peak RSS is
# the jar's VmHWM. CPU: user+system seconds of the writer JVM, redis-server and PostgreSQL during the run, and the
# JVM's CPU per million messages in all and from its first read (the pipeline without the JVM's start-up).
set -euo pipefail
cd "$(dirname "$0")/.."

PGHOST=${PGHOST:-127.0.0.1}
PGUSER=${PGUSER:-postgres}
REDIS_HOST=${REDIS_HOST:-127.0.0.1}
REDIS_PORT=${REDIS_PORT:-6379}
MESSAGES=${MESSAGES:-1000000}
STREAMS=${STREAMS:-100}
BATCH_SIZE=${BATCH_SIZE:-100}
JAVA_OPTS=${JAVA_OPTS:-}
DB=bench_redis_writer
WORK=$(mktemp -d)
JAR=target/db-workers.jar
export PGHOST PGUSER
trap 'rm -rf "$WORK"; [ -n "${WRITER_PID:-}" ] && kill "$WRITER_PID" 2>/dev/null || true' EXIT

redis() { redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" "$@"; }
sql() { psql -X -q -t -A -d "$DB" -c "$1"; }
now() { date +%s.%N; }

[ -f "$JAR" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 1; }

echo "== preparing $MESSAGES readings in $STREAMS streams"
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
DATABASE_URL="postgresql://$PGUSER@$PGHOST:5432/$DB" bin/db-workers migrate | tail -1
for key in $(redis --scan --pattern 'bench_stream:*'); do redis del "$key" >/dev/null; done
python3 - "$MESSAGES" "$STREAMS" "$WORK" <<'PY'
import sys
messages, streams, work = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
per = messages // streams
def resp(*args):
    out = ["*%d\r\n" % len(args)]
    for a in args:
        b = a.encode()
        out.append("$%d\r\n%s\r\n" % (len(b), a))
    return "".join(out)
with open(work + "/redis.resp", "w", newline="") as r, open(work + "/rows.copy", "w") as c:
    for i in range(per):
        for s in range(streams):
            stream = "bench_stream:dev%d:temperature" % s
            entry = "%d-1" % (i + 1)
            ts = "2024-01-01T00:%02d:%02d.%03dZ" % (i // 60000 % 60, i // 1000 % 60, i % 1000)
            value = "%d.%d" % (20 + i % 10, s % 10)
            meta = '{"rssi":-%d}' % (40 + i % 50)
            r.write(resp("XADD", stream, entry, "value", value, "timestamp", ts, "metadata", meta))
            c.write("%s\tdev%d\ttemperature\t%s\t%s\t%s\t%s\n" % (ts, s, value, meta, stream, entry))
PY
redis --pipe < "$WORK/redis.resp" | tail -1
COLUMNS='"timestamp",device_id,sensor_type,value,metadata,stream,entry_id'

copy_once() {
  sql "TRUNCATE sensor_readings RESTART IDENTITY"
  local start end
  start=$(now)
  psql -X -q -d "$DB" -c "\\copy sensor_readings ($COLUMNS) FROM '$WORK/rows.copy'"
  end=$(now)
  [ "$(sql 'SELECT count(*) FROM sensor_readings')" = "$MESSAGES" ] || { echo "COPY wrote a wrong count" >&2; exit 1; }
  echo "$end - $start" | bc -l
}

echo "== psql \\copy (1 of 2)"
COPY1=$(copy_once)
echo "   ${COPY1} s"
sql "TRUNCATE sensor_readings RESTART IDENTITY"

echo "== writer: bin/db-workers examples/redis-to-postgres.yaml (BATCH_SIZE=$BATCH_SIZE)"
cpu_of() { local total=0 pid; for pid in "$@"; do total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0))); done; echo "$total"; }
REDIS_CPU0=$(cpu_of $(pgrep -x redis-server))
PG_CPU0=$(cpu_of $(pgrep -x postgres))
START=$(now)
# shellcheck disable=SC2086
DATABASE_URL="postgresql://$PGUSER@$PGHOST:5432/$DB" REDIS_HOST=$REDIS_HOST REDIS_PORT=$REDIS_PORT \
  STREAM_PATTERN='bench_stream:*' DEAD_LETTER_STREAM='bench_stream:failed' BATCH_SIZE=$BATCH_SIZE \
  PROCESSING_INTERVAL_SEC=0 CONSUMER_NAME=bench LOG_LEVEL=WARN JAVA_OPTS="$JAVA_OPTS" \
  bin/db-workers examples/redis-to-postgres.yaml > "$WORK/writer.log" 2>&1 &
WRITER_PID=$!
PEAK=0
# done when every entry was delivered (lag 0) and acknowledged (nothing pending): the writer acknowledges after the
# commit. Asked of Redis in one script call; count(*) would compete for the CPUs, and pg_stat counters lag.
LUA="local lag, pending = 0, 0
for _, key in ipairs(redis.call('KEYS', ARGV[1])) do
  local groups = redis.call('XINFO', 'GROUPS', key)
  if #groups == 0 then lag = lag + 1 end
  for _, g in ipairs(groups) do
    for i = 1, #g, 2 do
      if g[i] == 'lag' then lag = lag + (g[i + 1] or 1) elseif g[i] == 'pending' then pending = pending + g[i + 1] end
    end
  end
end
return lag + pending"
while true; do
  rss=$(awk '/VmHWM/ {print $2}' "/proc/$WRITER_PID/status" 2>/dev/null || echo 0)
  [ "${rss:-0}" -gt "$PEAK" ] && PEAK=$rss
  kill -0 "$WRITER_PID" 2>/dev/null || { cat "$WORK/writer.log"; echo "the writer died" >&2; exit 1; }
  left=$(redis --raw EVAL "$LUA" 0 'bench_stream:dev*')
  # before the groups exist the script counts 1 per stream; then MESSAGES, falling as entries are read
  if [ -z "${FIRST:-}" ] && [ "$left" -lt "$MESSAGES" ] && [ "$left" -gt "$STREAMS" ]; then
    FIRST=$(now)
    FIRST_CPU=$(awk '{print $14 + $15}' "/proc/$WRITER_PID/stat")
  fi
  [ "$left" = 0 ] && break
  sleep 0.1
done
END=$(now)
# the load average while the writer ran: figures measured on a loaded machine say little
LOAD=$(cut -d' ' -f1 /proc/loadavg)
REDIS_CPU=$(echo "($(cpu_of $(pgrep -x redis-server)) - $REDIS_CPU0) / 100" | bc -l)
PG_CPU=$(echo "($(cpu_of $(pgrep -x postgres)) - $PG_CPU0) / 100" | bc -l)
WRITER_CPU=$(awk '{printf "%.1f", ($14 + $15) / 100}' "/proc/$WRITER_PID/stat")
# the JVM's CPU from the first read on: what the pipeline costs per message, without the start-up
PIPELINE_CPU=$(awk -v first="${FIRST_CPU:-0}" '{printf "%.1f", ($14 + $15 - first) / 100}' "/proc/$WRITER_PID/stat")
rss=$(awk '/VmHWM/ {print $2}' "/proc/$WRITER_PID/status")
[ "$rss" -gt "$PEAK" ] && PEAK=$rss
kill "$WRITER_PID"; wait "$WRITER_PID" || true; WRITER_PID=
WRITER=$(echo "$END - $START" | bc -l)
STEADY=$(echo "$END - ${FIRST:-$START}" | bc -l)
[ "$(sql 'SELECT count(*) FROM sensor_readings')" = "$MESSAGES" ] || { echo "the writer wrote a wrong count" >&2; exit 1; }
DUPLICATES=$(sql "SELECT count(*) - count(DISTINCT (stream, entry_id)) FROM sensor_readings")
echo "   ${WRITER} s (CPU: writer JVM ${WRITER_CPU} s, ${PIPELINE_CPU} s of them from the first read, redis-server $(printf %.1f "$REDIS_CPU") s, PostgreSQL $(printf %.1f "$PG_CPU") s), duplicates: $DUPLICATES, dead letters: $(redis xlen bench_stream:failed)"

echo "== psql \\copy (2 of 2)"
COPY2=$(copy_once)
echo "   ${COPY2} s"

python3 - "$MESSAGES" "$WRITER" "$COPY1" "$COPY2" "$PEAK" "$(nproc)" "$STEADY" "$BATCH_SIZE" "$LOAD" "$WRITER_CPU" "$PIPELINE_CPU" <<'PY'
import sys
n, writer, c1, c2, peak, cpus, steady = (int(sys.argv[1]), *map(float, sys.argv[2:5]), int(sys.argv[5]), sys.argv[6],
                                         float(sys.argv[7]))
batch, load = sys.argv[8], sys.argv[9]
jvm_cpu, pipeline_cpu = float(sys.argv[10]), float(sys.argv[11])
copy = (c1 + c2) / 2
w, c, s = n / writer, n / copy, n / steady
print("SUMMARY messages=%d batch_size=%s writer=%.0f msg/s (%.1f s from JVM launch, peak RSS %.0f MB) copy=%.0f rows/s"
      " (%.1f s, mean of %.1f and %.1f) ratio=%.0f%% | from the first entry read: writer=%.0f msg/s ratio=%.0f%%"
      " | writer JVM CPU per million messages: %.1f s, %.1f s from the first read | cpus=%s load=%s"
      % (n, batch, w, writer, peak / 1024, c, copy, c1, c2, 100 * w / c, s, 100 * s / c, jvm_cpu * 1e6 / n,
         pipeline_cpu * 1e6 / n, cpus, load))
PY
for key in $(redis --scan --pattern 'bench_stream:*'); do redis del "$key" >/dev/null; done
