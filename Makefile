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

## install: create .venv and install what serving Lindungi needs (`make test` and `make lint`
## add their tools: pyproject.toml's extras `test`, `lint`; each install leaves a stamp in .venv)
install: $(VENV)/.installed

# pip's "Collecting X" lines, shortened, so that a first install shows it is moving.
PIP_INSTALL := set -o pipefail; $(BIN)/python -m pip install --disable-pip-version-check
SHOW_PACKAGES := awk '/^Collecting / { print "      " $$2; fflush() }'

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Lindungi needs Python 3.11 or newer")'
	@test -x $(BIN)/python || { echo "    Membuat lingkungan Python di $(VENV)"; $(PYTHON) -m venv $(VENV); }
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	@echo "    Memasang Lindungi dan pustaka yang dibutuhkan untuk melayani (pertama kali: beberapa menit)"
	@$(PIP_INSTALL) -e . | $(SHOW_PACKAGES)
	@touch $@

$(VENV)/.installed-%: $(VENV)/.installed pyproject.toml
	@echo "    Memasang alat tambahan '$*' (pyproject.toml: [project.optional-dependencies])"
	@$(PIP_INSTALL) -e '.[$*]' | $(SHOW_PACKAGES)
	@touch $@

.env:
	@echo "    Menulis .env untuk pengembangan lokal (DEBUG aktif, SQLite di var/)"
	@printf 'DEBUG=1\nSECRET_KEY=%s\nDATABASE_URL=sqlite:///%s/var/lindungi.sqlite3\n' \
		"$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" "$(CURDIR)" > $@

## run: set everything up and serve the demo at http://$(HOST):$(PORT)/ (steps 1/5 … 5/5;
## a second run skips what is done already)
run:
	@echo "1/5 Memasang Lindungi di $(VENV) (dilewati bila sudah terpasang)"
	@$(MAKE) --no-print-directory -s $(VENV)/.installed .env
	@echo "2/5 Menyiapkan basis data (migrasi)"
	@$(BIN)/lindungi migrate --no-input -v 0
	@echo "3/5 Memuat daftar wilayah Kemendagri (provinsi sampai desa)"
	@$(BIN)/lindungi load-regions
	@echo "4/5 Mengisi data demo Kabupaten Sumedang (pertama kali: beberapa menit)"
	@$(BIN)/lindungi seed-demo
	@echo "5/5 Menyiapkan berkas statis"
	@$(BIN)/lindungi collectstatic --no-input -v 0
	@echo "Lindungi siap: buka http://$(HOST):$(PORT)/ dan masuk dengan salah satu akun di atas."
	@echo "Pekerja latar belakang ikut berjalan; Ctrl+C menghentikan keduanya."
	@$(BIN)/lindungi db_worker --interval 0.5 & worker=$$!; \
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
test: $(VENV)/.installed-test browser
	$(BIN)/pytest -n $(TEST_WORKERS)

## lint: ruff (lint + format check), mypy strict over src/ (migrations aside) and the import contracts
## (pyproject.toml's [tool.importlinter], docs/architecture.md)
lint: $(VENV)/.installed-lint
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src
	$(BIN)/lint-imports

## format: apply ruff's fixes and formatting
format: $(VENV)/.installed-lint
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

## messages: refresh and compile the translations (needs GNU gettext)
messages: install
	@command -v msgfmt >/dev/null || { [ "$(IS_ROOT)" = yes ] && apt-get install -y -qq gettext >/dev/null; }
	cd src/lindungi && ../../$(BIN)/lindungi makemessages -l id --no-obsolete --no-location
	cd src/lindungi && ../../$(BIN)/lindungi compilemessages

## bench: every benchmark in bench/ (prints its figures; see BENCHMARKS.md)
bench: $(VENV)/.installed-dev
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .mypy_cache
