# Shared settings of the project's scripts; sourced, never run.
# Everything the scripts build lives in $BUILD (inside the checkout) except
# the PostgreSQL cluster, which must be reachable by an unprivileged user and
# so lives under the system temp dir, one folder per checkout.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${OESYNC_BUILD:-$ROOT/.build}
OE_VENV=$BUILD/venv-openerp
SHOP_VENV=$BUILD/venv-satchmo
BENCH_VENV=$BUILD/venv-bench          # make bench's chart only
BROWSER_VENV=$BUILD/venv-browser      # Python 3: the browser walk (tests/browser/walk.py)
RUN=$BUILD/run                       # pid files, logs, configs of running servers
PG_HOME=${OESYNC_PG_HOME:-${TMPDIR:-/tmp}/oesync_pull-pg-$(printf %s "$ROOT" | md5sum | cut -c1-10)}
PG_DATA=$PG_HOME/data
PG_SOCKET=$PG_HOME/socket
PG_PORT=${OESYNC_PG_PORT:-5432}      # only names the socket file: no TCP listener
PG_ROLE=oesync
OE_TEMPLATE_DB=oesync_template
OE_PORT=${OE_PORT:-8069}
SHOP_PORT=${SHOP_PORT:-8000}
SHOP_DIR=$ROOT/tests/store
SHOP_DATA=${OESYNC_SHOP_DATA:-$BUILD/shop}   # the store's SQLite db, static and media
mkdir -p "$BUILD" "$RUN"

# Stops the server whose pid is in file $1 (TERM, then KILL after 10 s).
stop_pidfile() {
    [ -f "$1" ] || return 0
    local pid; pid=$(cat "$1")
    if kill -0 "$pid" 2>/dev/null; then
        kill "$pid"; for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$1"
}

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# Python 2.7: $PYTHON27, then python2.7 on PATH, then pyenv's versions.
find_python27() {
    local c
    for c in "${PYTHON27:-}" "$(command -v python2.7 2>/dev/null || true)" \
             "$( (pyenv root 2>/dev/null || echo "$HOME/.pyenv") )"/versions/2.7*/bin/python2.7 \
             /usr/bin/python2.7 /usr/local/bin/python2.7; do
        [ -n "$c" ] && [ -x "$c" ] || continue
        if "$c" -c 'import sys, ssl, zlib, sqlite3; sys.exit(sys.version_info[:2] != (2, 7))' 2>/dev/null; then
            echo "$c"; return 0
        fi
    done
    die "Python 2.7 (with ssl, zlib and sqlite3) not found. Install it, e.g. 'pyenv install 2.7.18', or point PYTHON27 at its python2.7: make test PYTHON27=/path/to/python2.7"
}

# The OpenERP configuration file of this checkout (written on every call).
oe_conf() {
    local conf=$RUN/openerp.conf addons
    addons=$("$OE_VENV/bin/python" -c 'import os, openerp.addons as a; print(os.path.dirname(a.__file__))')
    cat >"$conf" <<CONF
[options]
addons_path = $addons,$ROOT${OESYNC_EXTRA_ADDONS:+,$OESYNC_EXTRA_ADDONS}
db_host = $PG_SOCKET
db_port = $PG_PORT
db_user = $PG_ROLE
db_password = False
admin_passwd = admin
xmlrpc_interface = 127.0.0.1
xmlrpc_port = $OE_PORT
netrpc = False
xmlrpcs = False
without_demo = all
max_cron_threads = 1
CONF
    echo "$conf"
}
