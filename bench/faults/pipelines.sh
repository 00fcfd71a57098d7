# Sourced by bench/faults.sh: one block per pipeline. Each pipeline defines
#   <p>_prepare    fresh database / streams / queues, the expected set ($SDIR/expected, one key a line, sorted), and
#                  the worker's WORKER_ENV and WORKER_ARGS
#   <p>_ready      anything to wait for once the worker answers ready
#   <p>_chunk K    loads chunk K (1..CHUNKS) of the known set; idempotent, so the loader can retry it after an error
#   <p>_progress   how many expected keys are accounted for (delivered or dead-lettered) so far
#   <p>_done       true when every expected key is accounted for and nothing is pending
#   <p>_inflight   how many keys reached the target but are not yet committed at the source (XACK, offset): what a
#                  kill -9 now would deliver again
#   <p>_count      after the worker stopped: sets DELIVERED LOST DUP BOUND PENDING NOTE (and DEDUP_* for db-cdc)
# Keys are written by the scenario's own SQL/redis-cli/FaultsQueue, never taken from the worker's own statistics.

SUITE_CP=target/db-workers.jar:target/test-classes

fresh_db() { # name: dropped (and its replication slots with it) and created on the suite's own cluster
  fpsql -d postgres -c "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = '$1'" \
    >/dev/null
  fpsql -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" >/dev/null
}

FAULTS_QUEUE=(java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx64m -cp "$SUITE_CP" io.dbworkers.bench.FaultsQueue)
faults_queue() { "${FAULTS_QUEUE[@]}" "$@"; }

# consumes QUEUE into $SDIR/FILE for the whole scenario (stopped by stop_followers); java itself is the background
# job, so that $! is its pid
follow_queue() {
  "${FAULTS_QUEUE[@]}" follow "$RABBIT_URL" "$1" "$SDIR/$2" >> "$SDIR/follow.log" 2>&1 &
  FOLLOWERS+=("$!")
}

stop_followers() {
  local pid
  for pid in "${FOLLOWERS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${FOLLOWERS[@]}"; do wait "$pid" 2>/dev/null; done
  FOLLOWERS=()
}

queue_left() { # messages still in the queue (ready + unacknowledged), or ? when the broker does not answer
  rctl list_queues name messages 2>/dev/null | awk -v q="$1" '$1 == q { print $2; found = 1 } END { if (!found) print "?" }'
}

lines() { sort -u "$1" 2>/dev/null | grep -c .; }
missing() { comm -23 "$SDIR/expected" <(sort -u "$@") | grep -c .; } # expected keys in none of the files

# === Redis writer: examples/redis-to-postgres.yaml, Redis streams -> sensor_readings, bad readings -> dead-letter stream
# Known set: REDIS_STREAMS streams faults_rw:devS:temperature, REDIS_PER_STREAM entries each with fixed ids I-1;
# the entry with (I + S) % 100 == 0 has the value 'hot' and must be dead-lettered (1%).
RW_DB=faults_redis_writer
RW_DL=faults_rw:failed
RW_LUA_PENDING="local n = 0
for _, key in ipairs(redis.call('KEYS', ARGV[1])) do
  local groups = redis.call('XINFO', 'GROUPS', key)
  if #groups == 0 then n = n + redis.call('XLEN', key) end
  for _, g in ipairs(groups) do
    for i = 1, #g, 2 do
      if g[i] == 'lag' then n = n + (g[i + 1] or 1) elseif g[i] == 'pending' then n = n + g[i + 1] end
    end
  end
end
return n"
RW_LUA_DEAD="local out = {}
for _, e in ipairs(redis.call('XRANGE', KEYS[1], '-', '+')) do
  local s, id = '?', '?'
  for j = 1, #e[2], 2 do
    if e[2][j] == 'original_stream' then s = e[2][j + 1] elseif e[2][j] == 'original_id' then id = e[2][j + 1] end
  end
  out[#out + 1] = s .. ' ' .. id
end
return out"

redis_writer_prepare() {
  fresh_db "$RW_DB"
  local key
  for key in $(fredis --scan --pattern 'faults_rw:*'); do fredis del "$key" >/dev/null; done
  awk -v S="$REDIS_STREAMS" -v N="$REDIS_PER_STREAM" -v dir="$SDIR" 'BEGIN {
    for (s = 0; s < S; s++) for (i = 1; i <= N; i++) {
      k = "faults_rw:dev" s ":temperature " i "-1"; print k > (dir "/expected.raw")
      if ((i + s) % 100 == 0) print k > (dir "/expected_bad")
    } }'
  sort -u "$SDIR/expected.raw" > "$SDIR/expected"
  sort -u -o "$SDIR/expected_bad" "$SDIR/expected_bad"
  WORKER_ENV=(DATABASE_URL="postgresql://postgres@127.0.0.1:$FAULTS_PG_PORT/$RW_DB" REDIS_HOST=127.0.0.1
    REDIS_PORT="$FAULTS_REDIS_PORT" STREAM_PATTERN='faults_rw:*' DEAD_LETTER_STREAM="$RW_DL" CONSUMER_NAME=faults
    MIGRATE_ON_START=true)
  WORKER_ARGS=("$PWD/examples/redis-to-postgres.yaml")
  EXPECTED=$(grep -c . "$SDIR/expected")
  BAD=$(grep -c . "$SDIR/expected_bad")
}

redis_writer_ready() { true; }

# one RESP pipeline of every stream's entries I in the chunk's range; XADD of an existing id fails, so a retried
# chunk adds nothing twice
redis_writer_chunk() {
  local per=$(( (REDIS_PER_STREAM + CHUNKS - 1) / CHUNKS ))
  local from=$(( ($1 - 1) * per + 1 )) to=$(( $1 * per ))
  [ "$to" -gt "$REDIS_PER_STREAM" ] && to=$REDIS_PER_STREAM
  [ "$from" -gt "$to" ] && return 0
  awk -v S="$REDIS_STREAMS" -v a="$from" -v b="$to" '
    function arg(x) { printf "$%d\r\n%s\r\n", length(x), x }
    BEGIN { for (i = a; i <= b; i++) for (s = 0; s < S; s++) {
      value = ((i + s) % 100 == 0) ? "hot" : sprintf("%d.%d", 20 + i % 10, s % 10)
      printf "*9\r\n"; arg("XADD"); arg("faults_rw:dev" s ":temperature"); arg(i "-1"); arg("value"); arg(value)
      arg("timestamp"); arg(sprintf("2024-01-01T%02d:%02d:%02dZ", int(i / 3600) % 24, int(i / 60) % 60, i % 60))
      arg("metadata"); arg("{\"rssi\":-" (40 + i % 50) "}") } }' | fredis --pipe >/dev/null
}

rw_rows() { fpsql -d "$RW_DB" -c "COPY (SELECT stream || ' ' || entry_id FROM sensor_readings) TO STDOUT" 2>/dev/null; }
rw_dead() { fredis --raw EVAL "$RW_LUA_DEAD" 1 "$RW_DL" 2>/dev/null; }
rw_pending() { fredis EVAL "$RW_LUA_PENDING" 0 'faults_rw:dev*'; }

redis_writer_progress() {
  echo $(( $(fpsql -d "$RW_DB" -c 'SELECT count(*) FROM sensor_readings' 2>/dev/null || echo 0) \
           + $(fredis xlen "$RW_DL") ))
}

# entries delivered to the worker and not acknowledged (its batches in hand)
redis_writer_inflight() {
  fredis EVAL "local n = 0
    for _, key in ipairs(redis.call('KEYS', ARGV[1])) do
      local ok, summary = pcall(redis.call, 'XPENDING', key, 'db_writer')
      if ok then n = n + summary[1] end
    end
    return n" 0 'faults_rw:dev*' 2>/dev/null || echo 0
}

redis_writer_done() {
  [ "$(redis_writer_progress)" -ge "$EXPECTED" ] && [ "$(rw_pending)" = 0 ]
}

redis_writer_count() {
  rw_rows > "$SDIR/table"
  rw_dead > "$SDIR/dead"
  local rows dead_rows in_both good_dead bad_rows dl_dup
  rows=$(grep -c . "$SDIR/table")
  dead_rows=$(grep -c . "$SDIR/dead")
  DELIVERED=$(sort -u "$SDIR/table" "$SDIR/dead" | grep -c .)
  LOST=$(missing "$SDIR/table" "$SDIR/dead")
  DUP=$(( rows - $(lines "$SDIR/table") ))
  BOUND=0
  dl_dup=$(( dead_rows - $(lines "$SDIR/dead") ))
  in_both=$(comm -12 <(sort -u "$SDIR/table") <(sort -u "$SDIR/dead") | grep -c .)
  good_dead=$(comm -23 <(sort -u "$SDIR/dead") "$SDIR/expected_bad" | grep -c .)
  bad_rows=$(comm -12 <(sort -u "$SDIR/table") "$SDIR/expected_bad" | grep -c .)
  PENDING=$(rw_pending)
  # a dead letter is added at least once: a redelivered batch adds its bad entries again (up to two batches in hand,
  # each with at most one bad entry per stream)
  local dl_bound=$(( FAULTS_IN_SCENARIO * 2 * REDIS_STREAMS ))
  NOTE="table rows $rows, dead letters $dead_rows (bad sent $BAD), dead letters duplicated $dl_dup (at least once, bound $dl_bound)"
  [ "$in_both" -gt 0 ] && NOTE="$NOTE, $in_both entries both written and dead-lettered"
  [ "$good_dead" -gt 0 ] && NOTE="$NOTE, $good_dead good entries dead-lettered"
  [ "$bad_rows" -gt 0 ] && NOTE="$NOTE, $bad_rows bad entries written"
  [ "$dl_dup" -gt "$dl_bound" ] && EXTRA_FAIL="dead-letter duplicates $dl_dup above the bound $dl_bound"
  true
}

# === db-poll, one exchange per change: examples/postgres-orders.yaml (ECommerceProcessor), dead letters to a Redis
# stream. Known set: orders 1..POLL_ROWS; an order with id % 50 == 0 has an e-mail without '@' and must be
# dead-lettered. The processor's effect is its log line "Processed INSERT on orders: {... 'order_id': N ...}".
POLL_DB=faults_poll
POLL_DL=faults_poll:dead-letters
POLL_SCHEMA="CREATE TABLE orders (id SERIAL PRIMARY KEY, customer_email VARCHAR(255) NOT NULL,
    status VARCHAR(50) DEFAULT 'pending', total_amount DECIMAL(10,2),
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP);
  CREATE INDEX orders_cursor ON orders (updated_at, id);
  CREATE TABLE inventory (product_id INTEGER PRIMARY KEY, stock_quantity INTEGER NOT NULL DEFAULT 0,
    low_stock_threshold INTEGER DEFAULT 5, updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP);
  CREATE TABLE change_log (id BIGSERIAL PRIMARY KEY, table_name VARCHAR(100) NOT NULL,
    change_type VARCHAR(10) NOT NULL, change_key VARCHAR(255) NOT NULL, result VARCHAR(2000),
    logged_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)"
# dead-letter record keys look like {"id":50}
POLL_LUA_DEAD="local out = {}
for _, e in ipairs(redis.call('XRANGE', KEYS[1], '-', '+')) do
  for j = 1, #e[2], 2 do if e[2][j] == 'key' then out[#out + 1] = e[2][j + 1] end end
end
return out"

orders_expected() { # rows
  ORDERS_ROWS=$1
  seq 1 "$ORDERS_ROWS" | sort -u > "$SDIR/expected"
  seq 50 50 "$ORDERS_ROWS" | sort -u > "$SDIR/expected_bad"
  EXPECTED=$ORDERS_ROWS
  BAD=$(grep -c . "$SDIR/expected_bad")
}

# orders of the chunk's id range; the primary key makes a retried chunk a no-op
orders_chunk() { # database, chunk
  local per=$(( (ORDERS_ROWS + CHUNKS - 1) / CHUNKS ))
  local from=$(( ($2 - 1) * per + 1 )) to=$(( $2 * per ))
  [ "$to" -gt "$ORDERS_ROWS" ] && to=$ORDERS_ROWS
  [ "$from" -gt "$to" ] && return 0
  fpsql -d "$1" -c "INSERT INTO orders (id, customer_email, total_amount)
    SELECT g, CASE WHEN g % 50 = 0 THEN 'no-at-sign-' || g ELSE 'customer' || g || '@example.com' END, 10.00
    FROM generate_series($from, $to) g ON CONFLICT (id) DO NOTHING"
}

# rows after the offset db-poll saved for public.orders: delivered but not committed, or never delivered
orders_after_offset() { # db
  local file=$SDIR/data/offsets/db-poll.json ts id
  [ -f "$file" ] || { echo "$EXPECTED"; return; }
  ts=$(jq -r '."public.orders" | fromjson | .timestamp[1]' "$file")
  id=$(jq -r '."public.orders" | fromjson | .key[0][1]' "$file")
  fpsql -d "$1" -c "SELECT count(*) FROM orders WHERE (updated_at, id) > ('$ts'::timestamp, $id)"
}

# orders processed or dead-lettered past the saved offset: what a restart delivers again
orders_inflight() { # processed and dead-lettered ids, one a line, on stdin
  local key
  key=$(jq -r '."public.orders" | fromjson | .key[0][1]' "$SDIR/data/offsets/db-poll.json" 2>/dev/null)
  sort -u | awk -v k="${key:-0}" '$1 + 0 > k + 0' | grep -c .
}

poll_prepare() {
  fresh_db "$POLL_DB"
  fpsql -d "$POLL_DB" -c "$POLL_SCHEMA" >/dev/null
  fredis del "$POLL_DL" >/dev/null
  orders_expected "$POLL_ROWS"
  WORKER_ENV=(DATABASE_URL="postgresql://postgres@127.0.0.1:$FAULTS_PG_PORT/$POLL_DB"
    DEAD_LETTER_URL="redis://127.0.0.1:$FAULTS_REDIS_PORT/$POLL_DL")
  WORKER_ARGS=("$PWD/examples/postgres-orders.yaml")
}

poll_ready() { true; }
poll_chunk() { orders_chunk "$POLL_DB" "$1"; }
poll_processed() { cat "$SDIR"/worker*.log | grep -o "'new_order_processed', 'order_id': [0-9]*" | awk '{ print $NF }'; }
poll_dead() { fredis --raw EVAL "$POLL_LUA_DEAD" 1 "$POLL_DL" 2>/dev/null | grep -o '[0-9][0-9]*'; }

poll_inflight() { sort -u <(poll_processed) <(poll_dead) | orders_inflight; }
poll_progress() { sort -u <(poll_processed) <(poll_dead) | grep -c .; }
poll_done() { [ "$(poll_progress)" -ge "$EXPECTED" ]; }

# the bound db-poll states: after a crash (or a failed exchange) the page in flight is delivered again
poll_bound() { echo $(( FAULTS_IN_SCENARIO * $1 )); }

poll_count() {
  poll_processed > "$SDIR/processed"
  poll_dead > "$SDIR/dead"
  count_orders "$POLL_DB" 1000 "processed (log lines)"
}

count_orders() { # db, in-flight batch, what the target is
  local done_rows dead_rows dl_dup good_dead bad_done in_both lost_bad
  done_rows=$(grep -c . "$SDIR/processed")
  dead_rows=$(grep -c . "$SDIR/dead")
  DELIVERED=$(sort -u "$SDIR/processed" "$SDIR/dead" | grep -c .)
  LOST=$(missing "$SDIR/processed" "$SDIR/dead")
  dl_dup=$(( dead_rows - $(lines "$SDIR/dead") ))
  DUP=$(( done_rows - $(lines "$SDIR/processed") + dl_dup ))
  BOUND=$(poll_bound "$2")
  PENDING=$(orders_after_offset "$1")
  good_dead=$(comm -23 <(sort -u "$SDIR/dead") "$SDIR/expected_bad" | grep -c .)
  bad_done=$(comm -12 <(sort -u "$SDIR/processed") "$SDIR/expected_bad" | grep -c .)
  in_both=$(comm -12 <(sort -u "$SDIR/processed") <(sort -u "$SDIR/dead") | grep -c .)
  lost_bad=$(comm -23 "$SDIR/expected_bad" <(sort -u "$SDIR/processed" "$SDIR/dead") | grep -c .)
  NOTE="$3 $done_rows, dead letters $dead_rows (bad sent $BAD; duplicated $dl_dup)"
  [ "$LOST" != 0 ] && NOTE="$NOTE, lost: $lost_bad bad orders neither processed nor dead-lettered, $((LOST - lost_bad)) good ones"
  [ "$good_dead" -gt 0 ] && NOTE="$NOTE, $good_dead good orders dead-lettered"
  [ "$bad_done" -gt 0 ] && NOTE="$NOTE, $bad_done bad orders processed"
  [ "$in_both" -gt 0 ] && NOTE="$NOTE, $in_both orders both processed and dead-lettered"
  true
}

# === db-poll split/aggregate: bench/faults/poll-split.yaml (the pattern of routes/ecommerce-demo.yaml), batches of
# POLL_BATCH_SIZE, results bulk-inserted into change_log, dead letters to a RabbitMQ queue. Same known set as above.
SPLIT_DB=faults_poll_split
SPLIT_DLQ=faults.poll-split.dead-letters

split_prepare() {
  fresh_db "$SPLIT_DB"
  fpsql -d "$SPLIT_DB" -c "$POLL_SCHEMA" >/dev/null
  orders_expected "$SPLIT_ROWS"
  faults_queue queue "$RABBIT_URL" "$SPLIT_DLQ"
  follow_queue "$SPLIT_DLQ" dead.jsonl
  WORKER_ENV=(DATABASE_URL="postgresql://postgres@127.0.0.1:$FAULTS_PG_PORT/$SPLIT_DB"
    DEAD_LETTER_URL="$RABBIT_URL/$SPLIT_DLQ" POLL_BATCH_SIZE="$POLL_BATCH_SIZE")
  WORKER_ARGS=("$PWD/bench/faults/poll-split.yaml")
}

split_ready() { true; }
split_chunk() { orders_chunk "$SPLIT_DB" "$1"; }
split_processed() {
  fpsql -d "$SPLIT_DB" -c "COPY (SELECT change_key::json->>'id' FROM change_log) TO STDOUT" 2>/dev/null
}
# a dead-lettered part carries its key {"id":N}; a dead-lettered batch a list of them
split_dead() { [ -f "$SDIR/dead.jsonl" ] && jq -rR 'fromjson? | .headers.key' "$SDIR/dead.jsonl" | grep -o '[0-9][0-9]*'; true; }
split_inflight() { sort -u <(split_processed) <(split_dead) | orders_inflight; }
split_progress() { sort -u <(split_processed) <(split_dead) | grep -c .; }
split_done() { [ "$(split_progress)" -ge "$EXPECTED" ]; }

split_count() {
  stop_followers
  split_processed > "$SDIR/processed"
  split_dead > "$SDIR/dead"
  count_orders "$SPLIT_DB" "$POLL_BATCH_SIZE" "change_log rows"
  NOTE="$NOTE, left in the dead-letter queue $(queue_left "$SPLIT_DLQ")"
}

# === db-cdc -> RabbitMQ: examples/changes-to-rabbitmq.yaml, captured table items, a queue bound with # to the exchange.
# Known set: for id 1..CDC_ROWS an INSERT; id % 4 == 0 then an UPDATE, id % 10 == 0 then a DELETE, in the same
# transaction as the insert (one transaction per chunk). A chunk's row in "loaded" (not captured) makes a retried
# chunk roll back when the first attempt had committed after all.
CDC_DB=faults_cdc
CDC_SLOT=faults_cdc
CDC_EXCHANGE=faults.cdc.changes
CDC_QUEUE=faults.cdc.all

cdc_prepare() {
  fresh_db "$CDC_DB"
  fpsql -d "$CDC_DB" -c "CREATE TABLE items (id INTEGER PRIMARY KEY, v INTEGER NOT NULL DEFAULT 0, note TEXT)" \
    -c "CREATE TABLE loaded (chunk INTEGER PRIMARY KEY)" >/dev/null
  awk -v N="$CDC_ROWS" 'BEGIN { for (i = 1; i <= N; i++) { print i " INSERT"; if (i % 4 == 0) print i " UPDATE";
    if (i % 10 == 0) print i " DELETE" } }' | sort -u > "$SDIR/expected"
  EXPECTED=$(grep -c . "$SDIR/expected")
  BAD=0
  faults_queue bind "$RABBIT_URL" "$CDC_EXCHANGE" "$CDC_QUEUE"
  follow_queue "$CDC_QUEUE" messages.jsonl
  WORKER_ENV=(DATABASE_URL="postgresql://postgres@127.0.0.1:$FAULTS_PG_PORT/$CDC_DB" CDC_TABLES=items
    CDC_SLOT="$CDC_SLOT" RABBITMQ_URL="$RABBIT_URL" RABBITMQ_EXCHANGE="$CDC_EXCHANGE")
  WORKER_ARGS=("$PWD/examples/changes-to-rabbitmq.yaml")
}

cdc_slot_active() {
  [ "$(fpsql -d postgres -c "SELECT active FROM pg_replication_slots WHERE slot_name = '$CDC_SLOT'")" = t ]
}

# the slot must exist before the first change commits: changes before it are not captured (issue 8, item 3)
cdc_ready() { wait_until 60 "replication slot $CDC_SLOT active" cdc_slot_active; }

cdc_chunk() {
  local per=$(( (CDC_ROWS + CHUNKS - 1) / CHUNKS ))
  local from=$(( ($1 - 1) * per + 1 )) to=$(( $1 * per ))
  [ "$to" -gt "$CDC_ROWS" ] && to=$CDC_ROWS
  [ "$from" -gt "$to" ] && return 0
  fpsql -d "$CDC_DB" -1 -c "INSERT INTO loaded VALUES ($1)" \
    -c "INSERT INTO items (id, note) SELECT g, 'item ' || g FROM generate_series($from, $to) g" \
    -c "UPDATE items SET v = 1 WHERE id BETWEEN $from AND $to AND id % 4 = 0" \
    -c "DELETE FROM items WHERE id BETWEEN $from AND $to AND id % 10 = 0" 2>&1 | grep -v 'duplicate key' >&2
  [ "$(fpsql -d "$CDC_DB" -c "SELECT count(*) FROM loaded WHERE chunk = $1")" = 1 ]
}

# id, operation, message id, position of every message received (a line being written is skipped)
cdc_messages() {
  [ -f "$SDIR/messages.jsonl" ] || return 0
  jq -rR 'fromjson? | [(.body.primaryKey.id | tostring), .body.changeType, (.message_id // ""),
          (.headers.position // .body.source.position // "")] | @tsv' "$SDIR/messages.jsonl"
}
cdc_saved_lsn() { jq -r '.[] | fromjson | .lsn // 0' "$SDIR/data/offsets/changes-to-rabbitmq.json" 2>/dev/null | head -1; }
# changes received past the saved offset: published, offset not yet saved (the newest messages only: cheap enough
# to ask every 0.1 s while aiming the kill)
cdc_inflight() {
  [ -f "$SDIR/messages.jsonl" ] || { echo 0; return; }
  tail -n 2000 "$SDIR/messages.jsonl" | jq -rR 'fromjson? | [(.body.primaryKey.id | tostring), .body.changeType,
      (.headers.position // .body.source.position // "")] | @tsv' \
    | awk -F'\t' -v c="$(cdc_saved_lsn)" '$3 + 0 > c + 0 { print $1 " " $2 }' | sort -u | grep -c .
}
cdc_progress() { cdc_messages | awk -F'\t' '{ print $1 " " $2 }' | sort -u | grep -c .; }
cdc_done() { [ "$(cdc_progress)" -ge "$EXPECTED" ]; }

cdc_count() {
  stop_followers
  cdc_messages > "$SDIR/received"
  local raw distinct by_id no_id by_position saved confirmed
  raw=$(grep -c . "$SDIR/received")
  awk -F'\t' '{ print $1 " " $2 }' "$SDIR/received" > "$SDIR/changes"
  distinct=$(lines "$SDIR/changes")
  DELIVERED=$(comm -12 <(sort -u "$SDIR/changes") "$SDIR/expected" | grep -c .)
  LOST=$(missing "$SDIR/changes")
  DUP=$(( raw - distinct ))
  BOUND=$(( FAULTS_IN_SCENARIO * 8192 ))
  no_id=$(awk -F'\t' '$3 == ""' "$SDIR/received" | grep -c .)
  if [ "$no_id" -gt 0 ]; then
    DEDUP_ID="n/a ($no_id messages without message_id)"
  else
    by_id=$(cut -f3 "$SDIR/received" | sort -u | grep -c .)
    DEDUP_ID=$(( by_id - distinct ))
  fi
  # consumers told to dedupe by (table, key, position): one message per change must remain
  by_position=$(awk -F'\t' '{ print "items " $1 " " $4 }' "$SDIR/received" | sort -u | grep -c .)
  DEDUP_POSITION=$(( by_position - distinct ))
  # pending: changes past the offset db-cdc saved (sent again on the next start). The slot's confirmed_flush_lsn is
  # not the measure: Debezium confirms the last transaction's commit only with the next one, and skips on restart
  # what the offset says was processed.
  saved=$(cdc_saved_lsn)
  PENDING=$(awk -F'\t' -v c="${saved:-0}" '$4 + 0 > c + 0 { print $1 " " $2 }' "$SDIR/received" | sort -u | grep -c .)
  confirmed=$(fpsql -d postgres -c "SELECT (confirmed_flush_lsn - '0/0'::pg_lsn)::bigint FROM pg_replication_slots
    WHERE slot_name = '$CDC_SLOT'")
  NOTE="messages $raw, distinct changes $distinct; after dedupe by message_id: $DEDUP_ID extra, by (table,key,position): $DEDUP_POSITION extra; left in the queue $(queue_left "$CDC_QUEUE"); slot confirmed $(( ${saved:-0} - ${confirmed:-0} )) bytes of WAL behind the saved offset"
  [ "$DEDUP_POSITION" != 0 ] && EXTRA_FAIL="deduplicating by (table,key,position) leaves $DEDUP_POSITION extra messages"
  [ "$DELIVERED" -lt "$distinct" ] && NOTE="$NOTE, $((distinct - DELIVERED)) unexpected changes"
  true
}

# === PgQ: bench/faults/pgq-orders.yaml, the queue fed by a pgq.logutriga AFTER INSERT trigger on orders, each event
# processed (ECommerceProcessor) into change_log at least once, bad orders retried once through PgQ's
# retry queue, then into the dead_letters table. Same known set as db-poll (orders 1..PGQ_ROWS, every 50th bad); the
# trigger fires only for inserted rows, so a retried chunk adds no event twice. Ticks come from the suite's own pgqd.
PGQ_DB=faults_pgq
PGQ_QUEUE=orders
PGQ_CONSUMER=faults
PGQ_MAX_COUNT=500

pgq_prepare() {
  # pgqd waits 60 s before it reconnects to a database it lost, and dropping the database makes it lose it: so the
  # suite's pgqd is restarted around the drop, and finds the new database within its check_period
  pgqd_down
  fresh_db "$PGQ_DB"
  fpsql -d "$PGQ_DB" -c "$POLL_SCHEMA" -c "CREATE EXTENSION pgq" -c "SELECT pgq.create_queue('$PGQ_QUEUE')" \
    -c "SELECT pgq.set_queue_config('$PGQ_QUEUE', 'ticker_max_lag', '1 second')" \
    -c "SELECT pgq.set_queue_config('$PGQ_QUEUE', 'ticker_max_count', '$PGQ_MAX_COUNT')" \
    -c "SELECT pgq.register_consumer('$PGQ_QUEUE', '$PGQ_CONSUMER')" \
    -c "CREATE TRIGGER orders_to_queue AFTER INSERT ON orders FOR EACH ROW EXECUTE PROCEDURE pgq.logutriga('$PGQ_QUEUE')" \
    >/dev/null
  pgqd_up
  orders_expected "$PGQ_ROWS"
  WORKER_ENV=(DATABASE_URL="postgresql://postgres@127.0.0.1:$FAULTS_PG_PORT/$PGQ_DB" PGQ_QUEUE="$PGQ_QUEUE"
    PGQ_CONSUMER="$PGQ_CONSUMER")
  WORKER_ARGS=("$PWD/bench/faults/pgq-orders.yaml")
}

pgq_ready() { true; }
# after the cluster's restart pgqd waits 60 s before it reconnects: no ticks, no batches, no progress meanwhile
pgq_stall_sec() { echo $(( STALL_SEC > 75 ? STALL_SEC : 75 )); }
pgq_chunk() { orders_chunk "$PGQ_DB" "$1"; }
pgq_processed() {
  fpsql -d "$PGQ_DB" -c "COPY (SELECT change_key::json->>'id' FROM change_log) TO STDOUT" 2>/dev/null
}
pgq_dead() {
  fpsql -d "$PGQ_DB" -c "COPY (SELECT key FROM dead_letters WHERE to_regclass('dead_letters') IS NOT NULL) TO STDOUT" \
    2>/dev/null | grep -o '[0-9][0-9]*'
  true
}
pgq_info() { # column of pgq.get_consumer_info
  fpsql -d "$PGQ_DB" -c "SELECT $1 FROM pgq.get_consumer_info('$PGQ_QUEUE', '$PGQ_CONSUMER')" 2>/dev/null
}
pgq_retried() {
  fpsql -d "$PGQ_DB" -c "SELECT count(*) FROM pgq.retry_queue r JOIN pgq.subscription s ON s.sub_id = r.ev_owner
    JOIN pgq.consumer c ON c.co_id = s.sub_consumer WHERE c.co_name = '$PGQ_CONSUMER'" 2>/dev/null || echo 0
}
# the events of the batch the consumer has open (handed to the worker, not finished in PgQ): a kill brings them again
pgq_inflight() {
  local batch
  batch=$(pgq_info current_batch)
  [ -n "$batch" ] || { echo 0; return; }
  fpsql -d "$PGQ_DB" -c "SELECT count(*) FROM pgq.get_batch_events($batch)" 2>/dev/null || echo 0
}
pgq_progress() { sort -u <(pgq_processed) <(pgq_dead) | grep -c .; }
pgq_done() {
  [ "$(pgq_progress)" -ge "$EXPECTED" ] && [ "$(pgq_info "coalesce(pending_events, 0) + (current_batch IS NOT NULL)::int")" = 0 ] \
    && [ "$(pgq_retried)" = 0 ]
}

pgq_count() {
  pgq_processed > "$SDIR/processed"
  pgq_dead > "$SDIR/dead"
  # at least once: a batch that comes again (the open one at a kill, or the one a restart rolled back) is delivered
  # again whole; a batch holds at most about ticker_max_count events (a tick is due every second or PGQ_MAX_COUNT)
  count_orders "$PGQ_DB" "$PGQ_MAX_COUNT" "change_log rows"
  local lag
  # pending: events of the queue not finished for the consumer, counted up to a tick made now if one is due (events
  # older than ticker_max_lag; not force_tick, which jumps the event sequence and so pending_events), plus its retry
  # queue
  sleep 1.5
  fpsql -d "$PGQ_DB" -c "SELECT pgq.ticker('$PGQ_QUEUE')" >/dev/null
  PENDING=$(( $(pgq_info "coalesce(pending_events, 0)") + $(pgq_retried) ))
  lag=$(pgq_info "extract(epoch FROM lag)::int")
  NOTE="$NOTE; consumer lag ${lag} s, open batch $(pgq_info "coalesce(current_batch::text, 'none')")"
  true
}
