# Sourced by bench/faults.sh: the fault suite's own server instances, never the shared ones (PostgreSQL 5432,
# RabbitMQ 5672, Redis 6379 serve other people's tests at the same moment). Each function is idempotent and bounded.
#   PostgreSQL: cluster 15/faults on 127.0.0.1:$FAULTS_PG_PORT (wal_level=logical, trust for 127.0.0.1 incl.
#               replication), data in /var/lib/postgresql/15/faults; restarted by the suite.
#   RabbitMQ:   node $FAULTS_RABBIT_NODE on 127.0.0.1:$FAULTS_RABBIT_PORT (distribution port $FAULTS_RABBIT_DIST_PORT),
#               no plugin, state and logs under $FAULTS_DIR/rabbitmq; its app is stopped and started by the suite.
#   Redis:      redis-server on 127.0.0.1:$FAULTS_REDIS_PORT, nothing on disk; only the worker's connections are
#               killed (CLIENT KILL ADDR), the server is never restarted.
#   pgqd:       its own ticker, ini $FAULTS_DIR/pgqd/pgqd.ini, ticking the PgQ databases of the suite's cluster only
#               (the shared pgqd ticks 5432); it rides out the cluster's restarts by reconnecting.

PG_VERSION=${PG_VERSION:-15}
FAULTS_PG_CLUSTER=faults

wait_until() { # seconds, description, command...: polls every 0.5 s, fails after the bound
  local bound=$1 what=$2 deadline
  shift 2
  deadline=$((SECONDS + bound))
  until "$@" >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "faults: $what not within $bound s" >&2
      return 1
    fi
    sleep 0.5
  done
}

refuse_shared_ports() {
  local port
  for port in "$FAULTS_PG_PORT" "$FAULTS_RABBIT_PORT" "$FAULTS_REDIS_PORT"; do
    case "$port" in
      5432|5672|6379) echo "faults: port $port is a shared server's; the suite restarts only its own" >&2; exit 2 ;;
    esac
  done
}

# --- PostgreSQL ---------------------------------------------------------------------------------------------------
fpsql() { psql -X -q -t -A -h 127.0.0.1 -p "$FAULTS_PG_PORT" -U postgres -v ON_ERROR_STOP=1 "$@"; }
pg_ready() { fpsql -d postgres -c 'select 1'; }
pg_ctl() { pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$FAULTS_PG_CLUSTER" "$@"; }

pg_up() {
  local conf=/etc/postgresql/$PG_VERSION/$FAULTS_PG_CLUSTER
  if [ ! -d "$conf" ]; then
    echo "faults: creating PostgreSQL cluster $PG_VERSION/$FAULTS_PG_CLUSTER on port $FAULTS_PG_PORT"
    pg_createcluster "$PG_VERSION" "$FAULTS_PG_CLUSTER" --port "$FAULTS_PG_PORT" -- --auth=trust --username=postgres \
      >/dev/null
  fi
  echo manual > "$conf/start.conf"
  cat > "$conf/conf.d/dbw-faults.conf" <<EOF
port = $FAULTS_PG_PORT
listen_addresses = '127.0.0.1'
wal_level = logical
max_replication_slots = 10
max_wal_senders = 10
shared_buffers = 64MB
EOF
  if ! pg_ready >/dev/null 2>&1; then
    pg_ctl start >/dev/null
  fi
  wait_until 30 "PostgreSQL on $FAULTS_PG_PORT ready" pg_ready
  [ "$(fpsql -d postgres -c 'show wal_level')" = logical ] || { pg_ctl restart >/dev/null; wait_until 30 "PostgreSQL" pg_ready; }
}

# stopped (fast: sessions are terminated) for $1 seconds, then started again
pg_restart() {
  pg_ctl stop -m fast >/dev/null
  sleep "$1"
  pg_ctl start >/dev/null
  wait_until 30 "PostgreSQL on $FAULTS_PG_PORT back" pg_ready
}

pg_down() { pg_ready >/dev/null 2>&1 && pg_ctl stop -m fast >/dev/null; true; }

# --- pgqd ---------------------------------------------------------------------------------------------------------
PGQD_DIR=$FAULTS_DIR/pgqd
pgqd_running() { [ -s "$PGQD_DIR/pgqd.pid" ] && kill -0 "$(cat "$PGQD_DIR/pgqd.pid")" 2>/dev/null; }

# ticks every second where due, puts retried events back every second, finds new databases within 2 s
pgqd_up() {
  pgqd_running && return 0
  mkdir -p "$PGQD_DIR"
  rm -f "$PGQD_DIR/pgqd.pid"
  cat > "$PGQD_DIR/pgqd.ini" <<EOF
[pgqd]
base_connstr = host=127.0.0.1 port=$FAULTS_PG_PORT user=postgres
initial_database = postgres
logfile = $PGQD_DIR/pgqd.log
pidfile = $PGQD_DIR/pgqd.pid
check_period = 2
retry_period = 1
maint_period = 60
ticker_period = 1
EOF
  pgqd -q -d "$PGQD_DIR/pgqd.ini"
  wait_until 15 "pgqd started" test -s "$PGQD_DIR/pgqd.pid"
}

pgqd_down() {
  pgqd_running || return 0
  local pid
  pid=$(cat "$PGQD_DIR/pgqd.pid")
  kill "$pid"
  wait_until 10 "pgqd stopped" bash -c "! kill -0 $pid"
  true
}

# --- RabbitMQ -----------------------------------------------------------------------------------------------------
# rabbitmq-server and rabbitmqctl run as the rabbitmq user (the Debian wrappers su to it) and keep this environment.
rabbit_env() {
  export RABBITMQ_NODENAME=$FAULTS_RABBIT_NODE RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT=$FAULTS_RABBIT_PORT RABBITMQ_DIST_PORT=$FAULTS_RABBIT_DIST_PORT \
    RABBITMQ_MNESIA_BASE=$FAULTS_DIR/rabbitmq/mnesia RABBITMQ_LOG_BASE=$FAULTS_DIR/rabbitmq/log \
    RABBITMQ_CONFIG_FILE=$FAULTS_DIR/rabbitmq/rabbitmq.conf \
    RABBITMQ_ENABLED_PLUGINS_FILE=$FAULTS_DIR/rabbitmq/enabled_plugins \
    RABBITMQ_PID_FILE=$FAULTS_DIR/rabbitmq/pid
}
rctl() { rabbitmqctl -q -n "$FAULTS_RABBIT_NODE" "$@"; }
rabbit_app_up() { rctl list_queues name; }
rabbit_node_up() { rctl status; }
rabbit_port_closed() { ! (exec 3<>"/dev/tcp/127.0.0.1/$FAULTS_RABBIT_PORT") 2>/dev/null; }

rabbit_up() {
  rabbit_env
  if ! rabbit_node_up >/dev/null 2>&1; then
    # a clean node: nothing left from an earlier run
    rm -rf "$FAULTS_DIR/rabbitmq/mnesia"
    mkdir -p "$FAULTS_DIR/rabbitmq/mnesia" "$FAULTS_DIR/rabbitmq/log"
    # the shared node's /etc/rabbitmq/rabbitmq.conf would put this one on 5672 too
    echo "listeners.tcp.local = 127.0.0.1:$FAULTS_RABBIT_PORT" > "$FAULTS_DIR/rabbitmq/rabbitmq.conf"
    echo '[].' > "$FAULTS_DIR/rabbitmq/enabled_plugins"
    chown -R rabbitmq:rabbitmq "$FAULTS_DIR/rabbitmq"
    rabbitmq-server -detached >/dev/null 2>&1
    wait_until 90 "RabbitMQ node $FAULTS_RABBIT_NODE started" rctl await_startup --timeout 5
  else
    # left running by an earlier run (FAULTS_KEEP_SERVERS=1): emptied
    { rctl stop_app && rctl reset && rctl start_app; } >/dev/null 2>&1
  fi
  wait_until 60 "RabbitMQ app of $FAULTS_RABBIT_NODE" rabbit_app_up
}

# the app stopped for $1 seconds (the node and its Erlang VM stay), then started again
rabbit_bounce() {
  rctl stop_app
  wait_until 15 "port $FAULTS_RABBIT_PORT closed" rabbit_port_closed
  sleep "$1"
  rctl start_app
  wait_until 60 "RabbitMQ app of $FAULTS_RABBIT_NODE back" rabbit_app_up
}

rabbit_down() {
  rabbit_env
  rabbit_node_up >/dev/null 2>&1 && rctl stop >/dev/null 2>&1
  true
}

# --- Redis --------------------------------------------------------------------------------------------------------
fredis() { redis-cli -h 127.0.0.1 -p "$FAULTS_REDIS_PORT" "$@"; }

redis_up() {
  if ! fredis ping >/dev/null 2>&1; then
    mkdir -p "$FAULTS_DIR/redis"
    redis-server --port "$FAULTS_REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
      --dir "$FAULTS_DIR/redis" --pidfile "$FAULTS_DIR/redis/pid" --logfile "$FAULTS_DIR/redis/redis.log" >/dev/null
    wait_until 15 "Redis on $FAULTS_REDIS_PORT" fredis ping
  fi
  fredis flushall >/dev/null
}

# CLIENT KILL of every connection the process $1 holds to this Redis (found by its local ports); prints the count
redis_kill_clients_of() {
  local pid=$1 killed=0 local_addr
  # ss's port filter misses the IPv4-mapped IPv6 sockets Java opens, hence awk
  for local_addr in $(ss -Htnp state established 2>/dev/null | awk -v p="pid=$pid," -v port=":$FAULTS_REDIS_PORT" \
      'index($0, p) && substr($4, length($4) - length(port) + 1) == port { gsub(/\[::ffff:|\]/, "", $3); print $3 }'); do
    # the filter form answers with the number of clients killed
    killed=$((killed + $(fredis CLIENT KILL ADDR "$local_addr" 2>/dev/null || echo 0)))
  done
  echo "$killed"
}

redis_down() { fredis ping >/dev/null 2>&1 && fredis shutdown nosave >/dev/null 2>&1; true; }
