#!/usr/bin/env bash
# `make demo`: PostgreSQL, the Satchmo demo store and OpenERP 7 on a fresh
# shop database, a Satchmo backend pointing at the store, then the import.
# Runs until Ctrl-C or `make stop` (scripts/demo.sh stop).
. "$(dirname "$0")/common.sh"
DB=${OESYNC_DEMO_DB:-oesync_demo}
# OpenERP 7 from PyPI ships no CSS: the demo's server also has our small stylesheet addon (tests/demo_addons)
export OESYNC_EXTRA_ADDONS=$ROOT/tests/demo_addons
export SATCHMO_EXPORT_TOKEN=${SATCHMO_EXPORT_TOKEN:-demo-export-token}

stop_all() {
    "$ROOT/scripts/oe.sh" stop
    "$ROOT/scripts/shop.sh" stop
    "$ROOT/scripts/pg.sh" stop
}

if [ "${1:-}" = stop ]; then stop_all; exit 0; fi

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
"$ROOT/scripts/oe.sh" stop; "$ROOT/scripts/shop.sh" stop
port_free "$OE_PORT" || die "port $OE_PORT is taken: stop what listens there or run: make demo OE_PORT=8169"
port_free "$SHOP_PORT" || die "port $SHOP_PORT is taken: stop what listens there or run: make demo SHOP_PORT=8100"

t0=$(date +%s)
trap 'echo; stop_all; exit 130' INT TERM
"$ROOT/scripts/pg.sh" start
"$ROOT/scripts/template.sh" build
"$ROOT/scripts/shop.sh" setup
"$ROOT/scripts/shop.sh" reset
say "starting the Satchmo demo store on 127.0.0.1:$SHOP_PORT"
"$ROOT/scripts/shop.sh" start
say "starting OpenERP 7 on 127.0.0.1:$OE_PORT with a fresh database $DB"
"$ROOT/scripts/template.sh" clone "$DB"
"$ROOT/scripts/oe.sh" start "$DB"
"$OE_VENV/bin/python" "$ROOT/scripts/demo_css.py" "http://127.0.0.1:$OE_PORT" "$DB"
"$ROOT/scripts/shop.sh" py 'import json; from teststore.scenario import tax_rules; print json.dumps(tax_rules())' \
    > "$RUN/tax_rules.json"
"$OE_VENV/bin/python" "$ROOT/scripts/demo_import.py" --url "http://127.0.0.1:$OE_PORT" --db "$DB" \
    --shop "http://127.0.0.1:$SHOP_PORT/export/" --token "$SATCHMO_EXPORT_TOKEN" --tax-rules "$RUN/tax_rules.json"

cat <<TXT

Ready in $(( $(date +%s) - t0 )) s.
  OpenERP 7     http://127.0.0.1:$OE_PORT/   database $DB, login admin / admin
                (web client: open http://127.0.0.1:$OE_PORT/?db=$DB and log in; styled by the demo's own
                small stylesheet, as PyPI's OpenERP 7 has none: see README "The demo's web client")
                Satchmo: Sales > Satchmo (Import from Satchmo, Sync Logs, Records per Day, Sync States)
                (XML-RPC: http://127.0.0.1:$OE_PORT/xmlrpc/common and /xmlrpc/object)
                Satchmo backends: Sales > Configuration > Satchmo > Backends
  Satchmo store http://127.0.0.1:$SHOP_PORT/         admin: http://127.0.0.1:$SHOP_PORT/admin/ (admin / admin)
  Export        http://127.0.0.1:$SHOP_PORT/export/  header "Authorization: Token $SATCHMO_EXPORT_TOKEN"
  PostgreSQL    unix socket $PG_SOCKET (no TCP), role $PG_ROLE
  Logs          $RUN/openerp.log, $RUN/shop.log
Ctrl-C here, or 'make stop' elsewhere, stops everything.
TXT
# alive PIDFILE: the file is there and its process runs (a missing file is not "kill -0 0", which
# always succeeds: it signals our own process group)
alive() { local pid; pid=$(cat "$1" 2>/dev/null) && [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }
while alive "$RUN/openerp.pid" && alive "$RUN/shop.pid"; do
    sleep 1
done
say "a server stopped; stopping the rest"
stop_all
