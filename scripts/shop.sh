#!/usr/bin/env bash
# The Satchmo test/demo store (tests/store) on loopback.
#   scripts/shop.sh setup    -> satchmo_export installed, store database built once
#   scripts/shop.sh start    -> runserver on 127.0.0.1:$SHOP_PORT (pid in .build/run)
#   scripts/shop.sh stop
#   scripts/shop.sh manage ARGS...   -> the store's manage.py
#   scripts/shop.sh py CODE          -> Python in the store's database
. "$(dirname "$0")/common.sh"
export SATCHMO_DATA=$SHOP_DATA
export SATCHMO_EXPORT_TOKEN=${SATCHMO_EXPORT_TOKEN:-demo-export-token}
PY=$SHOP_VENV/bin/python
FIXTURES="l10n_data.xml sample-store-data.yaml products.yaml us_tax.yaml"
pidfile=$RUN/shop.pid

manage() { (cd "$SHOP_DATA" && exec "$PY" "$SHOP_DIR/manage.py" "$@"); }
# py CODE: Python in the store's database, its models loaded (e.g. teststore.scenario's functions)
py() {
    (cd "$SHOP_DATA" && DJANGO_SETTINGS_MODULE=teststore.settings PYTHONPATH="$SHOP_DIR" \
        exec "$PY" -c "from django.db.models.loading import get_models; get_models(); $1")
}

store_stamp() {
    (cd "$ROOT" && find tests/store -type f ! -name '*.pyc' | sort | xargs cat; cat "$0" "$SHOP_VENV/.stamp") | md5sum | cut -c1-32
}

setup() {
    if ! "$PY" -c 'import satchmo_export, sys; sys.exit(not satchmo_export.__file__.startswith(sys.argv[1]))' "$ROOT/satchmo_export/" 2>/dev/null; then
        say "installing satchmo_export into the shop virtualenv"
        "$PY" -m pip install -q --disable-pip-version-check --no-deps -e "$ROOT/satchmo_export" 2>&1 | { grep -v -E 'WARNING: Url|DEPRECATION' || true; }
    fi
    local stamp; stamp=$(store_stamp)
    if [ -f "$SHOP_DATA/store.db" ] && [ "$(cat "$SHOP_DATA/.stamp" 2>/dev/null)" = "$stamp" ]; then
        return 0
    fi
    say "building the Satchmo store database in $SHOP_DATA"
    rm -rf "$SHOP_DATA"; mkdir -p "$SHOP_DATA"
    local log=$SHOP_DATA/setup.log
    {
        manage satchmo_copy_static
        manage syncdb --noinput
        manage loaddata $FIXTURES
        manage satchmo_rebuild_pricing
        manage setup_demo_store
    } >"$log" 2>&1 || { tail -30 "$log" >&2; die "building the store failed, see $log"; }
    cp "$SHOP_DATA/store.db" "$SHOP_DATA/store.db.orig"
    echo "$stamp" > "$SHOP_DATA/.stamp"
}

# Puts the store database back as setup left it (the tests start from it).
reset() { cp "$SHOP_DATA/store.db.orig" "$SHOP_DATA/store.db"; }

start() {
    stop_pidfile "$pidfile"
    (cd "$SHOP_DATA" && exec "$PY" "$SHOP_DIR/manage.py" runserver "127.0.0.1:$SHOP_PORT" --noreload) >"$RUN/shop.log" 2>&1 &
    echo $! > "$pidfile"
    for _ in $(seq 1 100); do
        if "$PY" -c "import urllib2; urllib2.urlopen('http://127.0.0.1:$SHOP_PORT/', timeout=5)" 2>/dev/null; then return 0; fi
        kill -0 "$(cat "$pidfile")" 2>/dev/null || { tail -20 "$RUN/shop.log" >&2; die "the store did not start, see $RUN/shop.log"; }
        sleep 0.2
    done
    die "the store did not answer on 127.0.0.1:$SHOP_PORT, see $RUN/shop.log"
}


case ${1:-} in
  setup) setup ;;
  reset) reset ;;
  start) start ;;
  stop) stop_pidfile "$pidfile" ;;
  manage) shift; manage "$@" ;;
  py) py "$2" ;;
  *) die "usage: $0 setup|reset|start|stop|manage ARGS|py CODE" ;;
esac
