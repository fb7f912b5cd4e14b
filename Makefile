# Planverk: `make run` serves the demo, `make test` checks everything. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/planverk
export DJANGO_SETTINGS_MODULE := config.settings

.PHONY: install run test lint typecheck migrations-check test-sqlite test-postgres browser-deps pdf-deps messages bench clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed-runtime: requirements.txt | $(BIN)/activate
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/activate
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed-runtime

install: pdf-deps $(VENV)/.installed-dev

run: pdf-deps $(VENV)/.installed-runtime
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py createcachetable
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv --verbosity 0 2>/dev/null || true
	DEBUG=1 $(PY) manage.py load_demo_data
	@echo ""
	@echo "Planverk kjører på http://127.0.0.1:8000/  – logg inn på http://127.0.0.1:8000/konto/logg-inn/"
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

# Pango for WeasyPrint, which writes the status reports as PDF.
pdf-deps:
	@dpkg -s libpango-1.0-0 libpangoft2-1.0-0 >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; }

# Debian's chromium for browser tests (never a downloaded browser), axe-core from npm.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@test -f node_modules/axe-core/axe.min.js || npm ci --no-audit --no-fund --silent

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy planverk config

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

messages:
	$(PY) manage.py makemessages -l nb -l nn -l en --ignore=.venv --ignore=node_modules --ignore=tests --ignore=bench --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv

test-sqlite: install browser-deps
	$(BIN)/pytest

# PostgreSQL is the production database; CI always has it on 127.0.0.1:5432.
test-postgres: install browser-deps
	@if $(PY) -c "import psycopg,sys; psycopg.connect('postgres://postgres@127.0.0.1:5432/postgres', connect_timeout=3).close()" 2>/dev/null; then \
		DATABASE_URL=$(PG_URL) $(BIN)/pytest; \
	else \
		echo "PostgreSQL is not reachable on 127.0.0.1:5432: skipping the PostgreSQL run"; \
		if [ -n "$$CI" ]; then exit 1; fi; \
	fi

test: lint typecheck migrations-check test-sqlite test-postgres

bench: install
	$(PY) bench/run.py $(BENCH_ARGS)
	$(PY) bench/imports.py
	$(PY) bench/stats.py

clean:
	rm -rf $(VENV) node_modules planverk.sqlite3 staticfiles
