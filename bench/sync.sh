#!/usr/bin/env bash
# Benchmark of the database sync (not a test), in one run on ROWS rows of a realistic table (ints, text, numeric,
# timestamps, a json column):
#   1. MariaDB -> PostgreSQL: `sync --create-target` vs pgloader loading the same table into its own empty database.
#      Goal: sync >= 1.5x pgloader's rows/s.
#   2. PostgreSQL -> PostgreSQL: `sync --truncate-target` (the COPY pass-through) vs the limit
#      psql -c "\copy (select ...) to stdout" | psql -c "\copy ... from stdin". Goal: sync >= 0.7x the limit.
#   3. Validation: the hook below runs bench/sync-validate.sh when it exists (h-validate's part), on the tables this
#      script leaves behind (databases bench_sync_src / bench_sync_dst, table items, equal after step 2).
# Peak RSS of every sync JVM is its maximum resident set size (GNU time). Goal: <= 384 MB. "CPU s" is the user +
# system seconds of the sync JVM (and of pgloader): the servers' own CPU is not in it.
#
#   bench/sync.sh                 # needs psql, mysql, java, /usr/bin/time and target/db-workers.jar; installs pgloader
#   ROWS=100000 bench/sync.sh     # reduced size, to check that the script works
#
# Settings: PGHOST (127.0.0.1), PGUSER (postgres), MARIADB_HOST (127.0.0.1), MARIADB_USER (root), ROWS (1000000),
# BATCH_SIZE (10000), JAVA_OPTS (none: bin/db-workers caps the heap). Uses the PostgreSQL databases bench_sync_src, bench_sync_dst,
# bench_sync_pgloader and the MariaDB database bench_sync (all dropped and created).
# Times are wall clock from launching each process (JVM start-up included for the sync) to its exit.
set -euo pipefail
cd "$(dirname "$0")/.."

PGHOST=${PGHOST:-127.0.0.1}
PGUSER=${PGUSER:-postgres}
MARIADB_HOST=${MARIADB_HOST:-127.0.0.1}
MARIADB_USER=${MARIADB_USER:-root}
ROWS=${ROWS:-1000000}
BATCH_SIZE=${BATCH_SIZE:-10000}
export JAVA_OPTS=${JAVA_OPTS:-}
JAR=target/db-workers.jar
WORK=$(mktemp -d)
export PGHOST PGUSER
trap 'rm -rf "$WORK"' EXIT

[ -f "$JAR" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 1; }
if ! command -v pgloader >/dev/null; then
  echo "== installing pgloader (Debian package)"
  (apt-get install -y -q pgloader >/dev/null 2>&1 || sudo apt-get install -y -q pgloader >/dev/null) \
    || { echo "pgloader is missing and could not be installed" >&2; exit 1; }
fi

pg() { psql -X -q -t -A -d "$1" -c "$2"; }
maria() { mysql -h "$MARIADB_HOST" -u "$MARIADB_USER" -N -B "$@"; }
now() { date +%s.%N; }
rate() { echo "scale=0; $ROWS / ($2 - $1)" | bc; }
PG_URL() { echo "postgresql://$PGUSER@$PGHOST:5432/$1"; }
MARIA_URL="mariadb://$MARIADB_USER@$MARIADB_HOST:3306/bench_sync"

# runs the jar under GNU time; sets SECONDS_TAKEN, RSS_MB and CPU_SECS (user + system seconds of the JVM)
run_sync() {
  local start end
  start=$(now)
  /usr/bin/time -f '%M %U %S' -o "$WORK/rss" bin/db-workers sync "$@" >"$WORK/sync.out" 2>&1 \
    || { cat "$WORK/sync.out" >&2; exit 1; }
  end=$(now)
  SECONDS_TAKEN=$(echo "$end - $start" | bc)
  read -r rss user sys < <(tail -1 "$WORK/rss")
  RSS_MB=$(( rss / 1024 ))
  CPU_SECS=$(echo "$user + $sys" | bc)
  grep -E '^(rows_synced|rejected):' "$WORK/sync.out" | tr '\n' ' '; echo
}

echo "== preparing $ROWS rows in MariaDB bench_sync.items and PostgreSQL bench_sync_src.items"
for db in bench_sync_src bench_sync_dst bench_sync_pgloader; do
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
done
pg bench_sync_src "CREATE TABLE items (id bigint PRIMARY KEY, customer_id integer NOT NULL, name text NOT NULL,
  price numeric(12,2) NOT NULL, quantity integer NOT NULL, created_at timestamp(6) NOT NULL,
  updated_at timestamp(6) NOT NULL, attributes json)"
pg bench_sync_src "INSERT INTO items SELECT g, g % 5000, 'item ' || g || ' ' || md5(g::text), (g % 100000) / 100.0,
  g % 17, '2024-01-01'::timestamp + g * interval '1 second', '2024-06-01'::timestamp + g * interval '1 ms',
  ('{\"color\": \"c' || g % 7 || '\", \"size\": ' || g % 40 || ', \"tags\": [\"a\", \"b\"]}')::json
  FROM generate_series(1, $ROWS) g"
pg bench_sync_src "VACUUM ANALYZE items"
pg bench_sync_dst "CREATE TABLE items (id bigint PRIMARY KEY, customer_id integer NOT NULL, name text NOT NULL,
  price numeric(12,2) NOT NULL, quantity integer NOT NULL, created_at timestamp(6) NOT NULL,
  updated_at timestamp(6) NOT NULL, attributes json)"
maria -e "DROP DATABASE IF EXISTS bench_sync; CREATE DATABASE bench_sync"
maria bench_sync -e "CREATE TABLE items (id bigint PRIMARY KEY, customer_id int NOT NULL, name longtext NOT NULL,
  price decimal(12,2) NOT NULL, quantity int NOT NULL, created_at datetime(6) NOT NULL,
  updated_at datetime(6) NOT NULL, attributes json)"
psql -X -q -d bench_sync_src -c "\copy items to '$WORK/items.tsv'"
maria bench_sync --local-infile=1 -e "SET sql_mode = ''; LOAD DATA LOCAL INFILE '$WORK/items.tsv' INTO TABLE items
  FIELDS TERMINATED BY '\t' LINES TERMINATED BY '\n'" 2>/dev/null \
  || { echo "MariaDB refused LOAD DATA LOCAL: filling it with the sync itself" >&2;
       bin/db-workers sync --source "$(PG_URL bench_sync_src)" --target "$MARIA_URL" --table items \
         --truncate-target >/dev/null; }
[ "$(maria bench_sync -e 'SELECT count(*) FROM items')" = "$ROWS" ] || { echo "MariaDB items is not filled" >&2; exit 1; }

echo "== 1. MariaDB -> PostgreSQL"
cat >"$WORK/pgloader.load" <<LOAD
LOAD DATABASE
  FROM mysql://$MARIADB_USER@$MARIADB_HOST:3306/bench_sync
  INTO postgresql://$PGUSER@$PGHOST:5432/bench_sync_pgloader
  INCLUDING ONLY TABLE NAMES MATCHING 'items'
  WITH create tables, create indexes, reset sequences
  ALTER SCHEMA 'bench_sync' RENAME TO 'public';
LOAD
start=$(now)
/usr/bin/time -f '%U %S' -o "$WORK/pgloader.cpu" pgloader --quiet "$WORK/pgloader.load" >"$WORK/pgloader.out" 2>&1 \
  || { cat "$WORK/pgloader.out" >&2; exit 1; }
end=$(now)
pgloader_secs=$(echo "$end - $start" | bc)
pgloader_cpu=$(tail -1 "$WORK/pgloader.cpu" | awk '{print $1 + $2}')
[ "$(pg bench_sync_pgloader 'SELECT count(*) FROM items')" = "$ROWS" ] || { echo "pgloader did not load every row" >&2; exit 1; }
pg bench_sync_dst "DROP TABLE items"
run_sync --source "$MARIA_URL" --target "$(PG_URL bench_sync_dst)" --table items --create-target --batch-size "$BATCH_SIZE"
m2p_secs=$SECONDS_TAKEN; m2p_rss=$RSS_MB; m2p_cpu=$CPU_SECS
[ "$(pg bench_sync_dst 'SELECT count(*) FROM items')" = "$ROWS" ] || { echo "sync did not copy every row" >&2; exit 1; }

echo "== 2. PostgreSQL -> PostgreSQL"
# the pipe and the sync load the same empty table: this definition, its primary key, logged
pg bench_sync_dst "DROP TABLE items"
pg bench_sync_dst "CREATE TABLE items (id bigint PRIMARY KEY, customer_id integer NOT NULL, name text NOT NULL,
  price numeric(12,2) NOT NULL, quantity integer NOT NULL, created_at timestamp(6) NOT NULL,
  updated_at timestamp(6) NOT NULL, attributes json)"
start=$(now)
psql -X -q -d bench_sync_src -c "\copy (SELECT * FROM items ORDER BY id) to stdout" \
  | psql -X -q -d bench_sync_dst -c "\copy items from stdin"
end=$(now)
limit_secs=$(echo "$end - $start" | bc)
pg bench_sync_dst "DROP TABLE items"
pg bench_sync_dst "CREATE TABLE items (id bigint PRIMARY KEY, customer_id integer NOT NULL, name text NOT NULL,
  price numeric(12,2) NOT NULL, quantity integer NOT NULL, created_at timestamp(6) NOT NULL,
  updated_at timestamp(6) NOT NULL, attributes json)"
run_sync --source "$(PG_URL bench_sync_src)" --target "$(PG_URL bench_sync_dst)" --table items --truncate-target \
  --batch-size "$BATCH_SIZE"
p2p_secs=$SECONDS_TAKEN; p2p_rss=$RSS_MB; p2p_cpu=$CPU_SECS
[ "$(pg bench_sync_dst 'SELECT count(*) FROM items')" = "$ROWS" ] || { echo "sync did not copy every row" >&2; exit 1; }

echo
echo "rows: $ROWS   batch: $BATCH_SIZE   JAVA_OPTS: $JAVA_OPTS   load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-34s %10s %12s %10s %10s %10s\n' "run" "seconds" "rows/s" "ratio" "peak RSS" "CPU s"
printf '%-34s %10.2f %12d %10s %10s %10s\n' "MariaDB->PG pgloader" "$pgloader_secs" "$(rate 0 "$pgloader_secs")" "1.00" "-" \
  "$pgloader_cpu"
printf '%-34s %10.2f %12d %10.2f %9sMB %10s\n' "MariaDB->PG sync (goal >= 1.5x)" "$m2p_secs" "$(rate 0 "$m2p_secs")" \
  "$(echo "scale=2; $pgloader_secs / $m2p_secs" | bc)" "$m2p_rss" "$m2p_cpu"
printf '%-34s %10.2f %12d %10s %10s %10s\n' "PG->PG psql \\copy pipe (limit)" "$limit_secs" "$(rate 0 "$limit_secs")" "1.00" "-" \
  "-"
printf '%-34s %10.2f %12d %10.2f %9sMB %10s\n' "PG->PG sync (goal >= 0.7x)" "$p2p_secs" "$(rate 0 "$p2p_secs")" \
  "$(echo "scale=2; $limit_secs / $p2p_secs" | bc)" "$p2p_rss" "$p2p_cpu"

# hook for the validation figures (h-validate): same databases, equal tables
if [ -x bench/sync-validate.sh ]; then
  echo
  SRC_URL="$(PG_URL bench_sync_src)" DST_URL="$(PG_URL bench_sync_dst)" ROWS="$ROWS" JAVA_OPTS="$JAVA_OPTS" \
    bench/sync-validate.sh
fi
