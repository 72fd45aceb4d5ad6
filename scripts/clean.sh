#!/usr/bin/env bash
# Removes everything the scripts built: virtualenvs, store, PostgreSQL cluster.
. "$(dirname "$0")/common.sh"
rm -rf "$BUILD" "$PG_HOME"
say "removed $BUILD and $PG_HOME"
