#!/usr/bin/env bash
# Fail-over benchmark (not a test): three instances run one clustered db-poll singleton (ZooKeeper 127.0.0.1:2181,
# offsets in the shared JDBC store) copying rows from a table that a writer fills continuously (about 100 rows/s);
# KILLS times, the leader is killed with kill -9 and started again once another has taken over.
# Fail-over time = the kill -> the first row delivered by the new leader, both read from PostgreSQL's clock. Prints each
# kill, then min/median/max next to the configured ZooKeeper session timeout (the floor: the dead leader's session must
# expire before another may lead), and the peak RSS (VmHWM) of an instance.
#   bench/failover.sh                               # 10 kills
#   KILLS=2 bench/failover.sh
#   CLUSTER_SESSION_TIMEOUT_SEC=3 bench/failover.sh # a shorter session: faster fail-over, more false alarms
# Needs scripts/prepare-servers.sh's PostgreSQL and ZooKeeper, curl and psql. Launches the instances as users do:
# bin/db-workers when it exists, else java -jar target/db-workers.jar.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
KILLS=${KILLS:-10}
SESSION=${CLUSTER_SESSION_TIMEOUT_SEC:-6}
DB=bench_failover
scripts/prepare-servers.sh >/dev/null
[ -f target/db-workers.jar ] || mvn -B -q package -DskipTests
if [ -x bin/db-workers ]; then launch=("$root/bin/db-workers"); else launch=(java -jar "$root/target/db-workers.jar"); fi

export PGOPTIONS='-c client_min_messages=warning'
psql_db() { psql -h 127.0.0.1 -U postgres -d "$DB" -v ON_ERROR_STOP=1 -Atq "$@"; }
psql -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 -Atq \
  -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
psql_db <<'SQL'
CREATE TABLE source (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL, updated_at TIMESTAMP NOT NULL DEFAULT now());
CREATE INDEX source_cursor ON source (updated_at, id);
CREATE TABLE sink (id BIGINT NOT NULL, node TEXT NOT NULL DEFAULT current_setting('application_name'),
                   delivered_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp());
CREATE INDEX sink_delivered ON sink (delivered_at);
CREATE PROCEDURE write_rows() LANGUAGE plpgsql AS $$
BEGIN
  LOOP
    INSERT INTO source (payload) VALUES (md5(random()::text));
    COMMIT;
    PERFORM pg_sleep(0.01);
  END LOOP;
END $$;
SQL

work=$(mktemp -d /tmp/failover.XXXXXX)
cat > "$work/clustered-copy.yaml" <<'YAML'
- route:
    id: clustered-copy
    routeConfigurationId: dead-letter
    routePolicy: singleton
    from:
      uri: db-poll:source
      parameters:
        timestampColumn: updated_at
        batch: true
        batchSize: 500
        delay: 100
        offsetStore: "#sharedOffsets"
      steps:
        - split:
            simple: "${body}"
            aggregationStrategy: "#class:io.dbworkers.processor.ProcessedBatch"
            steps:
              - setBody:
                  simple: "${body.newData}"
        - to:
            uri: sql:INSERT INTO sink (id) VALUES (:#id)
            parameters:
              batch: true
YAML

declare -A pids=()   # node id -> pid of its process (the JVM: bin/db-workers execs java)
declare -A ports=()  # node id -> HTTP port
writer=
cleanup() {
  [ -n "$writer" ] && kill "$writer" 2>/dev/null || true
  psql_db -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'failover-writer'" \
    >/dev/null 2>&1 || true
  for node in "${!pids[@]}"; do kill -9 "${pids[$node]}" 2>/dev/null || true; done
  psql -h 127.0.0.1 -U postgres -d postgres -Atq -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

cluster_url="zookeeper://127.0.0.1:2181/db-workers-bench/failover-$$"
port=18600
start() { # node id
  local node=$1 dir="$work/$1"
  mkdir -p "$dir"
  port=$((port + 1))
  (cd "$dir" && exec env DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$DB?ApplicationName=$node" \
      CLUSTER_URL="$cluster_url" CLUSTER_NODE_ID="$node" CLUSTER_SESSION_TIMEOUT_SEC="$SESSION" HTTP_PORT="$port" \
      "${launch[@]}" "$work/clustered-copy.yaml" >"$dir/out.log" 2>&1) &
  pids[$node]=$!
  ports[$node]=$port
}
await() { # seconds, description, command...
  local limit=$1 what=$2; shift 2
  for _ in $(seq 1 $((limit * 5))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "failover: $what did not happen within $limit s; logs in $work (kept)" >&2
  trap - EXIT
  for node in "${!pids[@]}"; do kill -9 "${pids[$node]}" 2>/dev/null || true; done
  [ -n "$writer" ] && kill "$writer" 2>/dev/null
  exit 1
}
ready() { curl -fsS "http://127.0.0.1:${ports[$1]}/observe/health/ready"; }
peak_rss_kb() { awk '/^VmHWM/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
ms_now() { psql_db -c "SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint"; }
leader() { psql_db -c "SELECT node FROM sink ORDER BY delivered_at DESC LIMIT 1"; }
taken_over() { # dead node, kill time (ms): a row delivered by another node since
  [ -n "$(psql_db -c "SELECT 1 FROM sink WHERE node <> '$1' AND delivered_at > to_timestamp($2 / 1000.0) LIMIT 1")" ]
}
rows_flow() { [ -n "$(psql_db -c 'SELECT 1 FROM sink LIMIT 1')" ]; }

for n in 1 2 3; do start "node$n"; done
for n in 1 2 3; do await 180 "node$n ready" ready "node$n"; done
psql -h 127.0.0.1 -U postgres -d "$DB" -Atq -c "SET application_name = 'failover-writer'" -c "CALL write_rows()" \
  >/dev/null 2>&1 &
writer=$!
await 120 "the first row delivered" rows_flow

peak=0
times=()
printf '%-5s %-10s %-10s %12s\n' kill killed 'new leader' 'failover_ms'
for k in $(seq 1 "$KILLS"); do
  dead=$(leader)
  rss=$(peak_rss_kb "${pids[$dead]}"); [ "$rss" -gt "$peak" ] && peak=$rss
  killed_at=$(ms_now)
  kill -9 "${pids[$dead]}"
  wait "${pids[$dead]}" 2>/dev/null || true
  unset "pids[$dead]"
  await 120 "a take-over after kill $k" taken_over "$dead" "$killed_at"
  read -r next ms < <(psql_db -F ' ' -c "SELECT node, (extract(epoch FROM min(delivered_at)) * 1000)::bigint - $killed_at
      FROM sink WHERE node <> '$dead' AND delivered_at > to_timestamp($killed_at / 1000.0)
      GROUP BY node ORDER BY min(delivered_at) LIMIT 1")
  times+=("$ms")
  printf '%-5s %-10s %-10s %12s\n' "$k" "$dead" "$next" "$ms"
  # the killed instance comes back under a new id (its old session may not have expired yet) and waits as a follower
  [ "$k" -lt "$KILLS" ] && { start "${dead%%-*}-$k"; await 180 "${dead%%-*}-$k ready" ready "${dead%%-*}-$k"; }
done
for node in "${!pids[@]}"; do
  rss=$(peak_rss_kb "${pids[$node]}"); [ "$rss" -gt "$peak" ] && peak=$rss
done

kill "$writer" 2>/dev/null || true
psql_db -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'failover-writer'" >/dev/null
writer=
written=$(psql_db -c "SELECT count(*) FROM source")
await 120 "every row delivered" test "$(psql_db -c "SELECT count(*) FROM source s WHERE NOT EXISTS
  (SELECT 1 FROM sink k WHERE k.id = s.id)")" = 0
dups=$(psql_db -c "SELECT count(*) FROM (SELECT id FROM sink GROUP BY id HAVING count(*) > 1) d")

sorted=$(printf '%s\n' "${times[@]}" | sort -n)
min=$(echo "$sorted" | head -n 1)
max=$(echo "$sorted" | tail -n 1)
median=$(echo "$sorted" | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print int((a[NR/2] + a[NR/2+1]) / 2)}')
echo
printf '%-6s %-18s %-13s %-16s %-13s %-12s %-8s %-10s\n' kills session_timeout_s failover_min_s failover_median_s \
  failover_max_s peak_rss_mb rows duplicates
awk -v k="$KILLS" -v s="$SESSION" -v min="$min" -v med="$median" -v max="$max" -v rss="$peak" -v rows="$written" \
  -v dups="$dups" 'BEGIN {printf "%-6s %-18s %-13.2f %-16.2f %-13.2f %-12d %-8s %-10s\n", k, s, min / 1000,
  med / 1000, max / 1000, rss / 1024, rows, dups}'
