#!/usr/bin/env bash
# Builds the shop database template (once; again when the addons, the
# requirements or this recipe change) and clones databases from it.
#   scripts/template.sh build          -> template "oesync_template"
#   scripts/template.sh clone NAME     -> fresh database NAME (dropped first)
. "$(dirname "$0")/common.sh"
export PGOPTIONS="-c client_min_messages=warning"
PSQL="$ROOT/scripts/pg.sh psql -d postgres -q"
stamp_file=$PG_HOME/template.stamp

template_stamp() {
    (cd "$ROOT" && find oesync_pull product_m2mcategories -type f ! -name '*.pyc' | sort | xargs cat
     cat requirements/openerp*.txt scripts/build_template.py scripts/template.sh) | md5sum | cut -c1-32
}

drop() {
    $PSQL -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$1' AND pid <> pg_backend_pid()" >/dev/null
    $PSQL -c "DROP DATABASE IF EXISTS \"$1\""
}

build() {
    local stamp conf t0
    stamp=$(template_stamp)
    if [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp" ] \
       && $PSQL -tAc "SELECT 1 FROM pg_database WHERE datname='$OE_TEMPLATE_DB'" | grep -q 1; then
        return 0
    fi
    t0=$(date +%s)
    say "building the OpenERP shop template database (about a minute)"
    rm -f "$stamp_file"
    drop "$OE_TEMPLATE_DB"
    $PSQL -c "CREATE DATABASE \"$OE_TEMPLATE_DB\" ENCODING 'UTF8' TEMPLATE template0"
    conf=$(oe_conf)
    rm -f "$RUN/template-install.log"
    "$OE_VENV/bin/python" "$ROOT/scripts/openerp-server" -c "$conf" -d "$OE_TEMPLATE_DB" \
        -i l10n_us,product_m2mcategories,oesync_pull --without-demo=all --stop-after-init \
        --logfile "$RUN/template-install.log" --log-level=warn \
        || die "installing the modules failed, see $RUN/template-install.log"
    # errors, and our addons' data naming fields of modules they do not depend on
    if grep -E -q ' (ERROR|CRITICAL) |No such field' "$RUN/template-install.log"; then
        grep -E ' (ERROR|CRITICAL) |No such field' -A15 "$RUN/template-install.log" | head -40 >&2
        die "installing the modules logged errors, see $RUN/template-install.log"
    fi
    "$OE_VENV/bin/python" "$ROOT/scripts/build_template.py" -c "$conf" -d "$OE_TEMPLATE_DB" \
        --logfile "$RUN/template-setup.log" || die "setting up the template failed, see $RUN/template-setup.log"
    echo "$stamp" > "$stamp_file"
    say "template ready in $(( $(date +%s) - t0 )) s"
}

clone() {
    drop "$1"
    $PSQL -c "CREATE DATABASE \"$1\" TEMPLATE \"$OE_TEMPLATE_DB\""
}

case ${1:-} in
  build) build ;;
  clone) [ -n "${2:-}" ] || die "usage: $0 clone NAME"; clone "$2" ;;
  drop) drop "$2" ;;
  *) die "usage: $0 build|clone NAME|drop NAME" ;;
esac
