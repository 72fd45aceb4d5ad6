#!/usr/bin/env bash
# The project's throwaway PostgreSQL cluster: unix socket only (no TCP), in a
# folder of its own under the system temp dir, never any other cluster.
# When the caller is root, postgres runs as the unprivileged system user
# "oesyncpg" (created on first use).
#   scripts/pg.sh start|stop|status|psql [args]
. "$(dirname "$0")/common.sh"

find_pg_bin() {
    local d
    for d in "${PG_BIN:-}" "$(dirname "$(readlink -f "$(command -v pg_ctl 2>/dev/null || echo /x/x)")")" \
             $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -n "$d" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ] && { echo "$d"; return; }
    done
    return 1
}
if ! BIN=$(find_pg_bin); then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        say "installing PostgreSQL server binaries (apt-get install postgresql)"
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-client; } >&2
    fi
    BIN=$(find_pg_bin) || die "PostgreSQL server binaries (initdb, pg_ctl) not found: install them (Debian: apt-get install postgresql) or set PG_BIN to their folder."
fi

as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u oesyncpg -- "$@"; else "$@"; fi
}

running() { as_pg "$BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; }

start() {
    if [ "$(id -u)" = 0 ] && ! id oesyncpg >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin oesyncpg
    fi
    mkdir -p "$PG_HOME"
    chmod 0755 "$PG_HOME"
    if [ ! -f "$PG_DATA/PG_VERSION" ]; then
        say "creating the PostgreSQL cluster in $PG_DATA"
        mkdir -p "$PG_DATA" "$PG_SOCKET"
        [ "$(id -u)" = 0 ] && chown oesyncpg "$PG_DATA" "$PG_SOCKET"
        chmod 0700 "$PG_DATA" "$PG_SOCKET"
        as_pg "$BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C >"$PG_HOME/initdb.log" 2>&1 \
            || die "initdb failed, see $PG_HOME/initdb.log"
        cat >>"$PG_DATA/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$PG_SOCKET'
unix_socket_permissions = 0700
port = $PG_PORT
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
CONF
    fi
    if ! running; then
        as_pg "$BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/postgres.log" -w -t 60 start >/dev/null \
            || die "PostgreSQL did not start, see $PG_HOME/postgres.log"
    fi
    psql -d postgres -U postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname='$PG_ROLE'" | grep -q 1 \
        || psql -d postgres -U postgres -qc "CREATE ROLE $PG_ROLE LOGIN CREATEDB"
}

stop() {
    if [ -f "$PG_DATA/postmaster.pid" ] && running; then
        as_pg "$BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null
        say "PostgreSQL stopped"
    fi
}

psql() { "$BIN/psql" -h "$PG_SOCKET" -p "$PG_PORT" -v ON_ERROR_STOP=1 "$@"; }

case ${1:-} in
  start) start ;;
  stop) stop ;;
  status) running && echo "running: socket $PG_SOCKET port $PG_PORT" || { echo "stopped"; exit 3; } ;;
  psql) shift; psql -U "$PG_ROLE" "$@" ;;
  *) die "usage: $0 start|stop|status|psql [args]" ;;
esac
