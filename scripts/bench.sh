#!/usr/bin/env bash
# `make bench`: the cost of a sync at several shop sizes, in one run on this machine.
#   BENCH_SCALES="1000 10000"  products, contacts and orders in each bench store (0: the demo store)
#   BENCH_LIMIT=1000           records of a resource pulled per scale (the first ones; the rest stay unpulled)
#   BENCH_ORDERS=100           orders booked fully per scale
#   BENCH_SAMPLE=30            records of the bare-ORM and push comparisons
#   BENCH_POLICIES="voucher/shop move/shop voucher/openerp move/openerp"
#                              payment route/deliveries of the booking policies measured (the first: the
#                              main run's; the others at the first scale only)
#   BENCH_WORKERS="1 2"        cron workers of the parallel-import runs (at the first scale only)
#   BENCH_RUNS=3               runs of each cron-worker count, per payment route
#   BENCH_PARALLEL_ROUTES="voucher move"   payment routes of the parallel-import runs
#   BENCH_PARALLEL_LIMIT=60    records of each listing those runs import
#   BENCH_LATENCY_ORDERS=20    paid orders of the shop-to-books latency run (at the first scale; 0: none)
#   BENCH_LATENCY_SECONDS=300  seconds over which they are placed, at random moments
#   BENCH_LATENCY_SERVER=""    options of that run's OpenERP server beside the configuration's (default: as
#                              make demo runs it, threaded with one cron thread; e.g. "--workers 2
#                              --max-cron-threads 2" as the README's parallel import)
#   BENCH_LATENCY_ONLY=1       the latency run alone (at the first scale): no pulls in-process, no policies,
#                              no parallel imports
# Per scale: a seeded bench store (teststore's bench_store), the store's export measured (bench_export),
# a fresh OpenERP database, scripts/bench.py (ours, no-op and 1%-changed pulls, bare ORM, push over
# XML-RPC against a server on that database, the books of both compared); at the first scale, the
# orders of each other policy booked in a fresh database (their books compared with the push's), and
# BENCH_RUNS parallel imports per cron-worker count and payment route (scripts/bench_parallel.py, a
# fresh database and a server with that many cron workers each), and the shop-to-books latency
# (scripts/bench_latency.py: a fresh database, a server with the cron thread `make demo` has, the backend's
# scheduled pulls on the default schedule, paid orders placed in the store at random moments, each timed
# until its invoice is paid in OpenERP).
# Then scripts/bench_report.py: .build/bench/bench.json, bench.png and a table on stdout.
. "$(dirname "$0")/common.sh"
SCALES=${BENCH_SCALES:-"1000 10000"}
LIMIT=${BENCH_LIMIT:-1000}
ORDERS=${BENCH_ORDERS:-100}
SAMPLE=${BENCH_SAMPLE:-30}
POLICIES=${BENCH_POLICIES:-"voucher/shop move/shop voucher/openerp move/openerp"}
WORKERS=${BENCH_WORKERS:-"1 2"}
RUNS=${BENCH_RUNS:-3}
PARALLEL_ROUTES=${BENCH_PARALLEL_ROUTES:-"voucher move"}
PARALLEL_LIMIT=${BENCH_PARALLEL_LIMIT:-60}
LATENCY_ORDERS=${BENCH_LATENCY_ORDERS:-20}
LATENCY_SECONDS=${BENCH_LATENCY_SECONDS:-300}
LATENCY_ONLY=${BENCH_LATENCY_ONLY:-}
LATENCY_SERVER=${BENCH_LATENCY_SERVER:-}
if [ -n "$LATENCY_ONLY" ]; then
    [ "$LATENCY_ORDERS" -gt 0 ] || die "BENCH_LATENCY_ONLY with BENCH_LATENCY_ORDERS=0: nothing to do"
    SCALES=${SCALES%% *}
fi
policy_args() { echo "--payment-route ${1%/*} --delivery-policy ${1#*/}"; }
OUT=$BUILD/bench
TOKEN=bench-export-token
mkdir -p "$OUT"
rm -f "$OUT"/parallel-*.json "$OUT"/result-*-*.json "$OUT"/latency.json
[ -z "$LATENCY_ONLY" ] || rm -f "$OUT"/result-*.json
pids=()
stop_pid() {   # TERM, then KILL after 10 s (an OpenERP server may linger)
    kill "$1" 2>/dev/null || return 0
    for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
    kill -9 "$1" 2>/dev/null || true
}
cleanup() { for p in "${pids[@]:-}"; do [ -n "$p" ] && stop_pid "$p"; done; "$ROOT/scripts/pg.sh" stop; }
trap cleanup EXIT

"$ROOT/scripts/pg.sh" start
"$ROOT/scripts/template.sh" build
"$ROOT/scripts/shop.sh" setup

free_port() { "$OE_VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_http() { for _ in $(seq 1 300); do curl -s -o /dev/null "$1" && return 0; sleep 0.2; done; die "$1 did not answer"; }

for scale in $SCALES; do
    data=$OUT/shop-$scale
    rm -rf "$data"; mkdir -p "$data"
    cp "$BUILD/shop/store.db.orig" "$data/store.db"
    ln -s "$BUILD/shop/static" "$data/static"
    export OESYNC_SHOP_DATA=$data SATCHMO_DATA=$data SATCHMO_EXPORT_TOKEN=$TOKEN
    if [ "$scale" != 0 ]; then
        say "scale $scale: building the bench store"
        "$ROOT/scripts/shop.sh" manage bench_store --products "$scale" --contacts "$scale" --orders "$scale" \
            --seed 7 > "$OUT/store-$scale.json"
        say "scale $scale: measuring the export"
        "$ROOT/scripts/shop.sh" manage bench_export > "$OUT/export-$scale.json"
    fi
    "$ROOT/scripts/shop.sh" py 'import json; from teststore.scenario import tax_rules; print json.dumps(tax_rules())' \
        > "$OUT/tax_rules-$scale.json"
    shop_port=$(free_port)
    (cd "$data" && exec "$SHOP_VENV/bin/python" "$SHOP_DIR/manage.py" runserver "127.0.0.1:$shop_port" --noreload) \
        > "$RUN/bench-shop.log" 2>&1 &
    pids+=($!)
    wait_http "http://127.0.0.1:$shop_port/"
    db=oesync_bench_$scale
    if [ -z "$LATENCY_ONLY" ]; then   # the in-process pulls, the policies, the parallel imports
        "$ROOT/scripts/template.sh" clone "$db"
        oe_port=$(free_port)
        "$OE_VENV/bin/python" "$ROOT/scripts/openerp-server" -c "$(oe_conf)" -d "$db" --db-filter "^$db\$" \
            --xmlrpc-port "$oe_port" --max-cron-threads 0 --logfile "$RUN/bench-openerp.log" &
        pids+=($!)
        wait_http "http://127.0.0.1:$oe_port/xmlrpc/common"
        say "scale $scale: pulling into $db"
        "$OE_VENV/bin/python" "$ROOT/scripts/bench.py" -c "$(oe_conf)" -d "$db" \
            --shop "http://127.0.0.1:$shop_port/export/" --token "$TOKEN" --tax-rules "$OUT/tax_rules-$scale.json" \
            --shop-data "$data" --limit "$LIMIT" --orders "$ORDERS" --sample "$SAMPLE" \
            --push-url "http://127.0.0.1:$oe_port" --push-db "$db" --profile 10 --profile-out "$OUT/profile-$scale.txt" \
            $(policy_args "${POLICIES%% *}") --out "$OUT/result-$scale.json" > "$OUT/bench-$scale.log"
        if [ "$scale" = "${SCALES%% *}" ]; then
            for policy in ${POLICIES#* }; do
                [ "$policy" = "${POLICIES%% *}" ] && continue
                say "scale $scale: booking orders with policy $policy"
                pdb=oesync_bench_policy
                "$ROOT/scripts/template.sh" clone "$pdb"
                "$OE_VENV/bin/python" "$ROOT/scripts/bench.py" -c "$(oe_conf)" -d "$pdb" \
                    --shop "http://127.0.0.1:$shop_port/export/" --token "$TOKEN" --tax-rules "$OUT/tax_rules-$scale.json" \
                    --shop-data "$data" --orders "$ORDERS" --sample "$SAMPLE" --orders-only \
                    --push-books "$OUT/result-$scale.json" $(policy_args "$policy") \
                    --out "$OUT/result-$scale-${policy/\//-}.json" >> "$OUT/bench-$scale.log"
                "$ROOT/scripts/template.sh" drop "$pdb"
            done
            for run in $(seq 1 "$RUNS"); do for route in $PARALLEL_ROUTES; do for k in $WORKERS; do
                say "scale $scale: parallel import with $k cron workers, payments as $route (run $run of $RUNS)"
                pdb=oesync_bench_parallel_$k
                "$ROOT/scripts/template.sh" clone "$pdb"
                oe_port=$(free_port)
                server_log=$RUN/bench-openerp-parallel-$k.log
                rm -f "$server_log"
                "$OE_VENV/bin/python" "$ROOT/scripts/openerp-server" -c "$(oe_conf)" -d "$pdb" --db-filter "^$pdb\$" \
                    --xmlrpc-port "$oe_port" --workers 1 --max-cron-threads "$k" --limit-time-cpu 3600 \
                    --limit-time-real 3600 --logfile "$server_log" &
                server=$!
                pids+=($server)
                wait_http "http://127.0.0.1:$oe_port/xmlrpc/common"
                "$OE_VENV/bin/python" "$ROOT/scripts/bench_parallel.py" -c "$(oe_conf)" -d "$pdb" \
                    --shop "http://127.0.0.1:$shop_port/export/" --token "$TOKEN" --tax-rules "$OUT/tax_rules-$scale.json" \
                    --workers "$k" --limit "$PARALLEL_LIMIT" --server-log "$server_log" --payment-route "$route" \
                    --out "$OUT/parallel-$route-$k-$run.json" >> "$OUT/bench-$scale.log"
                stop_pid "$server"
                "$ROOT/scripts/template.sh" drop "$pdb"
            done; done; done
        fi
    fi
    if [ "$scale" = "${SCALES%% *}" ] && [ "$LATENCY_ORDERS" -gt 0 ]; then
        say "scale $scale: shop-to-books latency of $LATENCY_ORDERS paid orders placed over $LATENCY_SECONDS s"
        ldb=oesync_bench_latency
        "$ROOT/scripts/template.sh" clone "$ldb"
        oe_port=$(free_port)
        server_log=$RUN/bench-openerp-latency.log
        rm -f "$server_log"
        # by default as scripts/oe.sh runs it for make demo: threaded, the configuration's cron thread
        cron_threads=$(sed -n 's/^max_cron_threads = //p' "$(oe_conf)")
        server_options=${LATENCY_SERVER:-"threaded, max_cron_threads $cron_threads"}
        # shellcheck disable=SC2086 # LATENCY_SERVER: options, split on spaces
        "$OE_VENV/bin/python" "$ROOT/scripts/openerp-server" -c "$(oe_conf)" -d "$ldb" --db-filter "^$ldb\$" \
            --xmlrpc-port "$oe_port" --logfile "$server_log" $LATENCY_SERVER &
        server=$!
        pids+=($server)
        wait_http "http://127.0.0.1:$oe_port/xmlrpc/common"
        "$OE_VENV/bin/python" "$ROOT/scripts/bench_latency.py" -c "$(oe_conf)" -d "$ldb" \
            --url "http://127.0.0.1:$oe_port" --shop "http://127.0.0.1:$shop_port/export/" --token "$TOKEN" \
            --tax-rules "$OUT/tax_rules-$scale.json" --shop-data "$data" --server-log "$server_log" \
            --orders "$LATENCY_ORDERS" --over "$LATENCY_SECONDS" --server-options "$server_options" \
            --out "$OUT/latency.json" >> "$OUT/bench-$scale.log"
        stop_pid "$server"
        "$ROOT/scripts/template.sh" drop "$ldb"
    fi
    for p in "${pids[@]}"; do stop_pid "$p"; done
    pids=()
done
BENCH_WORKERS="$WORKERS" BENCH_RUNS="$RUNS" BENCH_POLICIES="$POLICIES" BENCH_PARALLEL_ROUTES="$PARALLEL_ROUTES" \
    BENCH_LATENCY_ONLY="$LATENCY_ONLY" "$BENCH_VENV/bin/python" "$ROOT/scripts/bench_report.py" "$OUT" $SCALES
