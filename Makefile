# oesync_pull: the two commands of README.md, and their parts.
SHELL := /bin/bash

.PHONY: demo test bench soak stop setup clean

## demo: the whole stack on the embedded default (Ctrl-C or `make stop` ends it)
demo: setup
	@scripts/demo.sh

## test: every suite; ends with "N passed, N failed"
test: setup
	@scripts/mkvenv.sh browser
	@scripts/test.sh

## bench: the cost of a sync at two shop sizes (not part of test); figures in .build/bench
bench: setup
	@scripts/mkvenv.sh bench
	@scripts/bench.sh

## soak: the long soak (random shop activity in rounds, a pull after each, then the health check)
soak: setup
	@scripts/soak.sh

## setup: the two virtualenvs (skipped when the requirement files are unchanged)
setup:
	@scripts/mkvenv.sh openerp
	@scripts/mkvenv.sh satchmo

## stop: the servers `make demo` started, and PostgreSQL
stop:
	@scripts/demo.sh stop

## clean: everything built (virtualenvs, databases, store)
clean: stop
	@scripts/clean.sh
