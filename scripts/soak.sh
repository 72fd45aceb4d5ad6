#!/usr/bin/env bash
# `make soak`: the long soak. Seeded rounds of random shop activity with a pull after each round, then
# the health check (tests/test_soak.py; `make test` runs its short form).
#   OESYNC_SOAK_ROUNDS=60  OESYNC_SOAK_OPERATIONS=20  OESYNC_SOAK_SEED=11
# The run's report (actions, pulls, differences): .build/run/soak-report.json
. "$(dirname "$0")/common.sh"
trap '"$ROOT/scripts/pg.sh" stop' EXIT
"$ROOT/scripts/pg.sh" start
"$ROOT/scripts/template.sh" build
"$ROOT/scripts/shop.sh" setup
cd "$ROOT"
OESYNC_SOAK_ROUNDS=${OESYNC_SOAK_ROUNDS:-60} OESYNC_SOAK_OPERATIONS=${OESYNC_SOAK_OPERATIONS:-20} \
OESYNC_SOAK_SEED=${OESYNC_SOAK_SEED:-11} timeout 3600 \
    "$OE_VENV/bin/python" -m pytest -p no:cacheprovider -v tests/test_soak.py
