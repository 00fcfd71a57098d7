#!/usr/bin/env bash
# Validation benchmark (not a test): `db-workers validate` on two equal tables of ROWS rows (ints, text, numeric,
# timestamps, json), PostgreSQL/PostgreSQL and MariaDB/PostgreSQL, against the limit measured in the same run: one
# count(*) and one hash aggregate scan (sum of 60 bits of md5 of the row's text) of each side, one side after the
# other. Goals: validation <= 2x the limit on equal tables, <= 3x with 10 scattered differences (all 10 found);
# peak RSS of the validating JVM <= 384 MB. Also measured: MariaDB/PostgreSQL where MariaDB's json is spelt
# differently from PostgreSQL's jsonb (every json value is then compared in Java; see docs/db-sync.md).
# Usage: [ROWS=1000000] [JAVA_OPTS=...] bench/sync-validate.sh   (launched through bin/db-workers, as users run it)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000}
export JAVA_OPTS=${JAVA_OPTS:-}
DB=bench_validate
PG="psql -X -q -h 127.0.0.1 -U postgres"
MY="mysql -h 127.0.0.1 -uroot"
PG_URL="postgresql://postgres@127.0.0.1:5432/$DB"
MY_URL="mariadb://root@127.0.0.1:3306/$DB"

scripts/prepare-servers.sh >/dev/null
[ -f target/db-workers.jar ] || mvn -B -q package -DskipTests

now() { date +%s.%N; }
secs() { python3 -c "import sys; print('%.2f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$1" "$2"; }
ratio() { python3 -c "import sys; print('%.2f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$1" "$2"; }
sum() { python3 -c "import sys; print('%.2f' % sum(map(float, sys.argv[1:])))" "$@"; }

echo "== setup: $ROWS rows"
$PG -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
$PG -d $DB <<SQL
CREATE TABLE items (id bigint PRIMARY KEY, customer_id integer NOT NULL, name text, amount numeric(12,2),
    qty integer, created_at timestamptz, updated_at timestamp(6), attrs jsonb);
INSERT INTO items SELECT g, g % 50000, 'item ' || md5(g::text), (g % 100000) / 100.0, g % 17,
    timestamptz '2024-01-01 00:00:00.123456+00' + g * interval '1 second',
    timestamp '2024-06-01 00:00:00' + g * interval '1 millisecond',
    jsonb_build_object('color', 'c' || g % 9, 'size', g % 5, 'tags', jsonb_build_array('a', g % 3))
  FROM generate_series(1, $ROWS) g;
CREATE TABLE items_copy (LIKE items INCLUDING ALL);
INSERT INTO items_copy SELECT * FROM items;
VACUUM ANALYZE items; VACUUM ANALYZE items_copy;
SQL
$MY -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB"
$MY $DB -e "CREATE TABLE items (id bigint PRIMARY KEY, customer_id int NOT NULL, name longtext,
    amount decimal(12,2), qty int, created_at datetime(6), updated_at datetime(6), attrs json)"
# the MariaDB copy of the same rows, json spelt as jsonb spells it
$PG -d $DB -c "\\copy (SELECT id, customer_id, name, amount, qty,
    to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US'), updated_at, attrs FROM items ORDER BY id)
    TO '/tmp/$DB.tsv'"
$MY --local-infile=1 $DB -e "LOAD DATA LOCAL INFILE '/tmp/$DB.tsv' INTO TABLE items"
rm -f /tmp/$DB.tsv

# limit of one side: count(*) then the hash aggregate, seconds
pg_limit() {
  local t0; t0=$(now)
  $PG -d $DB -At -c "SELECT count(*) FROM $1" \
      -c "SELECT sum(('x' || substr(md5(t::text), 1, 15))::bit(60)::bigint) FROM $1 t" >/dev/null
  secs "$t0" "$(now)"
}
my_limit() {
  local t0; t0=$(now)
  $MY $DB -N -e "SELECT count(*) FROM items; SELECT sum(CAST(CONV(SUBSTR(MD5(CONCAT_WS('|', id, customer_id,
      name, amount, qty, created_at, updated_at, attrs)), 1, 15), 16, 10) AS UNSIGNED)) FROM items" >/dev/null
  secs "$t0" "$(now)"
}

# runs the validate command; prints "seconds peak_rss_mb exit_status", its output in /tmp/$DB.out
validate() {
  local t0 pid peak=0 rss status
  t0=$(now)
  bin/db-workers validate "$@" >/tmp/$DB.out 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    rss=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
    [ "${rss:-0}" -gt "$peak" ] && peak=$rss
    sleep 0.1
  done
  set +e; wait "$pid"; status=$?; set -e
  echo "$(secs "$t0" "$(now)") $((peak / 1024)) $status"
}

report() { # label limit seconds rss status goal
  local r inside
  r=$(ratio "$3" "$2")
  # the validator's own time, without the JVM's start
  inside=$(awk '/^duration_ms: / { printf "%.2f", $2 / 1000 }' /tmp/$DB.out)
  printf '%-44s %8ss %8ss %6sx %8ss %6sx  %-10s peak RSS %4s MB  exit %s  %s\n' "$1" "$2" "$3" "$r" "$inside" \
    "$(ratio "${inside:-0}" "$2")" "$6" "$4" "$5" "$(grep -E '^(differing|missing|extra): ' /tmp/$DB.out | tr '\n' ' ')"
}

# 10 scattered keys: one in each tenth of the table
IDS=$(seq 0 9 | while read -r i; do echo $(( i * ROWS / 10 + 7 )); done | paste -sd,)

echo "== run (limit = count(*) + hash aggregate of source, then of target; validate = from JVM launch;"
echo "   in-JVM = the validator's duration_ms, without the JVM's start)"
printf '%-44s %9s %9s %7s %9s %7s  %-10s\n' "case" "limit" "validate" "ratio" "in-JVM" "ratio" "goal"

L=$(sum "$(pg_limit items)" "$(pg_limit items_copy)")
read -r S R X < <(validate --source "$PG_URL" --target "$PG_URL" --table items --target-table items_copy)
report "PostgreSQL/PostgreSQL equal" "$L" "$S" "$R" "$X" "<= 2x"

$PG -d $DB -c "UPDATE items_copy SET qty = qty + 1 WHERE id IN ($IDS)"
read -r S R X < <(validate --source "$PG_URL" --target "$PG_URL" --table items --target-table items_copy)
report "PostgreSQL/PostgreSQL 10 differences" "$L" "$S" "$R" "$X" "<= 3x"

L=$(sum "$(my_limit)" "$(pg_limit items)")
read -r S R X < <(validate --source "$MY_URL" --target "$PG_URL" --table items)
report "MariaDB/PostgreSQL equal" "$L" "$S" "$R" "$X" "<= 2x"

$MY $DB -e "UPDATE items SET qty = qty + 1 WHERE id IN ($IDS)"
read -r S R X < <(validate --source "$MY_URL" --target "$PG_URL" --table items)
report "MariaDB/PostgreSQL 10 differences" "$L" "$S" "$R" "$X" "<= 3x"
$MY $DB -e "UPDATE items SET qty = qty - 1 WHERE id IN ($IDS)"

# the json trap: MariaDB keeps json as written (here compact), PostgreSQL's jsonb re-spells it
$MY $DB -e "UPDATE items SET attrs = JSON_COMPACT(attrs)"
L=$(sum "$(my_limit)" "$(pg_limit items)")
read -r S R X < <(validate --source "$MY_URL" --target "$PG_URL" --table items)
report "MariaDB/PostgreSQL equal, json spelt apart" "$L" "$S" "$R" "$X" "none"

rm -f /tmp/$DB.out
$PG -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
$MY -e "DROP DATABASE IF EXISTS $DB"
