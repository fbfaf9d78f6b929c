# Lindungi: `make run` serves the demo, `make test` runs the whole suite. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
IS_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo yes)

.PHONY: install run test lint format browser messages bench clean

## install: create .venv and install Lindungi with its test and lint tools
install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Lindungi needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

.env:
	@echo "Writing .env for local development (DEBUG on, SQLite in var/)"
	@printf 'DEBUG=1\nSECRET_KEY=%s\nDATABASE_URL=sqlite:///%s/var/lindungi.sqlite3\n' \
		"$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" "$(CURDIR)" > $@

## run: set everything up and serve the demo at http://$(HOST):$(PORT)/
run: install .env
	$(BIN)/lindungi migrate --no-input -v 0
	$(BIN)/lindungi load-regions
	$(BIN)/lindungi seed-demo
	$(BIN)/lindungi collectstatic --no-input -v 0
	@echo "Serving Lindungi at http://$(HOST):$(PORT)/ with a background worker (Ctrl+C stops both)"
	$(BIN)/lindungi db_worker --interval 0.5 & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(BIN)/lindungi runserver $(HOST):$(PORT)

## browser: Debian's chromium for the real-browser tests (installed with apt-get when root)
browser:
	@if [ -x $(CHROMIUM) ]; then :; \
	elif [ "$(IS_ROOT)" = yes ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "NOTE: $(CHROMIUM) is missing and this is not root: the browser tests will be skipped" \
		     "(install it with: sudo apt-get install chromium)"; \
	fi

## test: the whole suite (SQLite; PostgreSQL when DATABASE_URL points at one). On a busy or
## slow machine HYPOTHESIS_PROFILE=slow lifts Hypothesis's deadline (CI=true selects `ci`).
## TEST_WORKERS processes share the tests (pytest-xdist; each has its own test database);
## TEST_WORKERS=0 runs them in this one process.
TEST_WORKERS ?= 2
test: install browser
	$(BIN)/pytest -n $(TEST_WORKERS)

## lint: ruff (lint + format check), mypy strict over src/ (migrations aside) and the import contracts
## (pyproject.toml's [tool.importlinter], docs/architecture.md)
lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src
	$(BIN)/lint-imports

## format: apply ruff's fixes and formatting
format: install
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

## messages: refresh and compile the translations (needs GNU gettext)
messages: install
	@command -v msgfmt >/dev/null || { [ "$(IS_ROOT)" = yes ] && apt-get install -y -qq gettext >/dev/null; }
	cd src/lindungi && ../../$(BIN)/lindungi makemessages -l id --no-obsolete --no-location
	cd src/lindungi && ../../$(BIN)/lindungi compilemessages

## bench: every benchmark in bench/ (prints its figures; see BENCHMARKS.md)
bench: install
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .mypy_cache
