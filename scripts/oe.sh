#!/usr/bin/env bash
# An OpenERP 7 server of this checkout on 127.0.0.1:$OE_PORT.
#   scripts/oe.sh start DB     -> serves database DB only (pid in .build/run)
#   scripts/oe.sh stop
. "$(dirname "$0")/common.sh"
pidfile=$RUN/openerp.pid

stop() { stop_pidfile "$pidfile"; }

start() {
    local db=$1 conf
    stop
    conf=$(oe_conf)
    "$OE_VENV/bin/python" "$ROOT/scripts/openerp-server" -c "$conf" -d "$db" --db-filter="^$db\$" \
        --logfile "$RUN/openerp.log" >/dev/null 2>&1 &
    echo $! > "$pidfile"
    for _ in $(seq 1 150); do
        if "$OE_VENV/bin/python" -c "import sys, xmlrpclib; sys.exit(not xmlrpclib.ServerProxy('http://127.0.0.1:$OE_PORT/xmlrpc/common').login('$db', 'admin', 'admin'))" 2>/dev/null; then
            return 0
        fi
        kill -0 "$(cat "$pidfile")" 2>/dev/null || { tail -20 "$RUN/openerp.log" >&2; die "OpenERP did not start, see $RUN/openerp.log"; }
        sleep 0.2
    done
    die "OpenERP did not answer on 127.0.0.1:$OE_PORT, see $RUN/openerp.log"
}

case ${1:-} in
  start) [ -n "${2:-}" ] || die "usage: $0 start DB"; start "$2" ;;
  stop) stop ;;
  *) die "usage: $0 start DB|stop" ;;
esac
