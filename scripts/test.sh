#!/usr/bin/env bash
# `make test`: every suite, each under a timeout, then one summary line.
#   1. satchmo_export's Django tests (and the store's contract tests)
#   2. the addons' OpenERP tests, in-process on a clone of the shop template
#   3. the cross-system tests in tests/ (pytest): real PostgreSQL, OpenERP
#      server and Satchmo store
. "$(dirname "$0")/common.sh"
results=$BUILD/results
rm -rf "$results"; mkdir -p "$results"
trap '"$ROOT/scripts/pg.sh" stop' EXIT

"$ROOT/scripts/pg.sh" start
"$ROOT/scripts/template.sh" build
"$ROOT/scripts/shop.sh" setup

say "suite 1/3: satchmo_export (Django)"
OESYNC_RESULT=$results/django.json SATCHMO_CONSOLE_LOG=CRITICAL timeout 900 \
    "$ROOT/scripts/shop.sh" manage test satchmo_export teststore || true

say "suite 2/3: OpenERP addons"
"$ROOT/scripts/template.sh" clone oesync_test_addons
timeout 900 "$OE_VENV/bin/python" "$ROOT/scripts/run_addon_tests.py" -c "$(oe_conf)" -d oesync_test_addons \
    --result "$results/openerp.json" product_m2mcategories oesync_pull || true

say "suite 3/3: cross-system (pytest)"
(cd "$ROOT" && OESYNC_RESULT=$results/cross.json timeout 1800 \
    "$OE_VENV/bin/python" -m pytest -p no:cacheprovider -v tests/) || true

echo
echo "Summary:"
"$OE_VENV/bin/python" "$ROOT/scripts/summarize.py" "$results" django openerp cross
