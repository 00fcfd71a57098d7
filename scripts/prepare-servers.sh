#!/usr/bin/env bash
# Prepares the local servers the tests use, idempotently: starts any that is down, turns on PostgreSQL logical
# decoding (wal_level=logical, replication connections from 127.0.0.1) and MariaDB's row-based binlog.
# Safe to run again and again; it restarts a server only when a setting had to change. Needs root.
set -euo pipefail

log() { echo "prepare-servers: $*"; }

wait_for() { # name, command...
  local name=$1; shift
  for _ in $(seq 1 60); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  echo "prepare-servers: $name did not become ready" >&2
  return 1
}

pg_cluster() { ls /etc/postgresql | sort -V | tail -n 1; }
pg_ready() { psql -h 127.0.0.1 -U postgres -d postgres -Atc 'select 1'; }
pg_ctl_cluster() { pg_ctlcluster --skip-systemctl-redirect "$(pg_cluster)" main "$1"; }

# --- PostgreSQL -------------------------------------------------------------------------------------------------
if ! pg_ready >/dev/null 2>&1; then
  log "starting PostgreSQL"
  pg_ctl_cluster start || true
fi
wait_for PostgreSQL pg_ready
hba="/etc/postgresql/$(pg_cluster)/main/pg_hba.conf"
if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32' "$hba"; then
  log "allowing replication connections from 127.0.0.1"
  echo "host replication all 127.0.0.1/32 trust" >> "$hba"
  psql -h 127.0.0.1 -U postgres -Atc 'select pg_reload_conf()' >/dev/null
fi
if [ "$(psql -h 127.0.0.1 -U postgres -Atc 'show wal_level')" != "logical" ]; then
  log "setting wal_level=logical and restarting PostgreSQL"
  psql -h 127.0.0.1 -U postgres -Atc "alter system set wal_level = 'logical'" >/dev/null
  pg_ctl_cluster restart
  wait_for PostgreSQL pg_ready
fi

# --- MariaDB ----------------------------------------------------------------------------------------------------
maria_ready() { mariadb -uroot -h127.0.0.1 -N -e 'select 1'; }
maria_start() { start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd; }
if ! maria_ready >/dev/null 2>&1; then
  log "starting MariaDB"
  maria_start
fi
wait_for MariaDB maria_ready
if [ "$(mariadb -uroot -h127.0.0.1 -N -e 'select @@log_bin, @@binlog_format' | tr '\t' ' ')" != "1 ROW" ]; then
  log "turning on the row-based binlog and restarting MariaDB"
  mkdir -p /etc/mysql/conf.d
  grep -q '^!includedir /etc/mysql/conf.d' /etc/mysql/my.cnf || printf '\n!includedir /etc/mysql/conf.d/\n' >> /etc/mysql/my.cnf
  cat > /etc/mysql/conf.d/db-workers.cnf <<'CNF'
[mysqld]
server_id = 1
log_bin = mysql-bin
binlog_format = ROW
binlog_row_image = FULL
expire_logs_days = 2
CNF
  mariadb-admin -uroot -h127.0.0.1 shutdown
  for _ in $(seq 1 30); do pgrep -x mariadbd >/dev/null || break; sleep 1; done
  maria_start
  wait_for MariaDB maria_ready
fi

# --- Redis ------------------------------------------------------------------------------------------------------
if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  log "starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis \
    --logfile /var/log/redis/ci.log
fi
wait_for Redis redis-cli -h 127.0.0.1 ping

# --- RabbitMQ ---------------------------------------------------------------------------------------------------
if ! rabbitmqctl -q status >/dev/null 2>&1; then
  log "starting RabbitMQ"
  rabbitmq-server -detached || true
  wait_for RabbitMQ rabbitmqctl -q await_startup
fi
if ! rabbitmqctl -q list_queues name >/dev/null 2>&1; then
  log "starting the RabbitMQ application"
  rabbitmqctl -q start_app
fi
wait_for RabbitMQ rabbitmqctl -q list_queues name

# --- PgQ --------------------------------------------------------------------------------------------------------
# The pgq extension (tests create it in their own databases), the pgqd ticker and Skytools' Python consumer, which
# the interop tests run as a peer. pgqd runs with scripts/pgqd.ini and ticks every database that has the extension.
pg_major=$(pg_cluster)
pgq_packages="postgresql-${pg_major}-pgq3 pgqd python3-pgq"
if ! dpkg -s $pgq_packages >/dev/null 2>&1; then
  log "installing $pgq_packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y $pgq_packages >/dev/null || { apt-get update >/dev/null && apt-get install -y $pgq_packages >/dev/null; }
fi
pgqd_ini="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/pgqd.ini"
pgqd_pid=$(sed -n 's/^pidfile *= *//p' "$pgqd_ini")
mkdir -p "$(dirname "$pgqd_pid")" /var/log/postgresql
pgqd_running() { # the pid file names a live pgqd, not a process that reused its pid after a reboot or a kill -9
  [ -s "$pgqd_pid" ] && tr '\0' ' ' 2>/dev/null < "/proc/$(cat "$pgqd_pid")/cmdline" | grep -q pgqd
}
if ! pgqd_running; then
  log "starting pgqd with $pgqd_ini"
  rm -f "$pgqd_pid"
  pgqd -d "$pgqd_ini"
  wait_for pgqd test -s "$pgqd_pid"
fi

# --- ZooKeeper --------------------------------------------------------------------------------------------------
# The cluster service of the clustered routes (docs/clustering.md): Debian's zookeeper package, run as a standalone
# server on 127.0.0.1:2181 with a config and data directory of the project's own, so nothing else on the machine
# shares it. Ready when it answers the four-letter word ruok with imok. Tests use their own base paths in it.
zk_dir=/var/lib/db-workers/zookeeper
zk_pid=$zk_dir/zookeeper.pid
zk_ruok() { # prints ZooKeeper's answer to ruok (imok when it serves), or nothing
  timeout 3 bash -c 'exec 3<>/dev/tcp/127.0.0.1/2181 && printf ruok >&3 && cat <&3' 2>/dev/null || true
}
zk_ready() { [ "$(zk_ruok)" = "imok" ]; }
zk_running() { # the pid file names a live ZooKeeper server, not a process that reused its pid
  [ -s "$zk_pid" ] && tr '\0' ' ' 2>/dev/null < "/proc/$(cat "$zk_pid")/cmdline" | grep -q ZooKeeperServerMain
}
# dpkg -s also succeeds for a removed package whose config files are left; the server itself is libzookeeper-java's jar
if [ "$(dpkg-query -W -f='${Status}' zookeeper 2>/dev/null)" != "install ok installed" ] \
    || [ ! -f /usr/share/java/zookeeper.jar ]; then
  log "installing zookeeper"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y zookeeper >/dev/null || { apt-get update >/dev/null && apt-get install -y zookeeper >/dev/null; }
fi
if ! zk_ready && ! zk_running; then
  log "starting ZooKeeper on 127.0.0.1:2181 (data in $zk_dir)"
  mkdir -p "$zk_dir/data" /var/log/db-workers
  cat > "$zk_dir/zoo.cfg" <<CFG
# written by scripts/prepare-servers.sh
tickTime=500
minSessionTimeout=1000
maxSessionTimeout=60000
dataDir=$zk_dir/data
clientPort=2181
clientPortAddress=127.0.0.1
maxClientCnxns=0
admin.enableServer=false
4lw.commands.whitelist=ruok,srvr,stat,mntr
CFG
  rm -f "$zk_pid"
  setsid java -Xmx256m -Dzookeeper.4lw.commands.whitelist=ruok,srvr,stat,mntr -Dzookeeper.admin.enableServer=false \
    -cp /usr/share/java/zookeeper.jar org.apache.zookeeper.server.ZooKeeperServerMain "$zk_dir/zoo.cfg" \
    </dev/null >>/var/log/db-workers/zookeeper.log 2>&1 &
  echo $! > "$zk_pid"
fi
wait_for ZooKeeper zk_ready

log "PostgreSQL (wal_level=logical), MariaDB (row binlog), Redis, RabbitMQ, pgqd and ZooKeeper are ready"
