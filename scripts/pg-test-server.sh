#!/usr/bin/env bash
# A throwaway PostgreSQL for tests and benchmarks, from Debian's packages.
#   scripts/pg-test-server.sh start   installs PostgreSQL where missing, starts a cluster in a new
#                                     temporary folder on a free loopback port, and prints
#                                     PG_DIR=… and DATABASE_URL=… (eval-able)
#   scripts/pg-test-server.sh stop DIR  stops that cluster and removes its folder
set -euo pipefail

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install_postgres() {
  [ -n "$(pg_bin || true)" ] && return 0
  echo "installing PostgreSQL from Debian…" >&2
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >&2
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

start() {
  install_postgres
  local bin dir port
  bin=$(pg_bin)
  dir=$(mktemp -d /tmp/zhiping-pg.XXXXXX)
  chmod 755 "$dir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  port=$(free_port)
  as_postgres "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" start >&2 \
    || { cat "$dir/server.log" >&2; exit 1; }
  as_postgres "$bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
    -c "create role zhiping login password 'zhiping' createdb" >&2
  as_postgres "$bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
    -c "create database zhiping owner zhiping" >&2
  echo "PG_DIR=$dir"
  echo "PG_BIN=$bin"
  echo "DATABASE_URL=postgres://zhiping:zhiping@127.0.0.1:$port/zhiping"
}

stop() {
  local dir=${1:?usage: pg-test-server.sh stop DIR}
  local bin
  bin=$(pg_bin)
  [ -d "$dir/data" ] && as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
