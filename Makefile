# Dugout: `make run` for the development site, `make test` for the whole suite.

SHELL := /bin/bash
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py

.DEFAULT_GOAL := help
.PHONY: help python-check install run test lint migrations-check pytest clean

help:
	@echo "make run    - set up and serve the development site on http://127.0.0.1:8000"
	@echo "make test   - lint, migrations check and the whole test suite"
	@echo "make serve  - production: collectstatic, migrate, gunicorn (needs SECRET_KEY)"
	@echo "make backup / make restore FILE=... - back up or restore the database"

# Stop early, with one clear line, on a Python older than 3.12.
python-check:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null || \
		{ echo "Dugout needs Python 3.12 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1). Install one, or run: make PYTHON=python3.13 ..."; exit 1; }

$(STAMP): requirements.txt requirements-dev.txt | python-check
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: python-check $(STAMP)

run: install
	DEBUG=true $(MANAGE) migrate --noinput
	DEBUG=true $(MANAGE) seed
	DEBUG=true $(MANAGE) runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

migrations-check: install
	SECRET_KEY=check $(MANAGE) makemigrations --check --dry-run

pytest: install browser-check node-tools
	$(BIN)/pytest $(PYTEST_ARGS)

test: lint migrations-check pytest

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

# --- Browser tests ------------------------------------------------------------
# pytest-playwright drives Debian's Chromium (never a downloaded browser); the Nu Html
# Checker comes from npm (vnu-jar, pinned in package-lock.json) and runs on Java.
CHROMIUM ?= /usr/bin/chromium
NODE_STAMP := node_modules/.installed

.PHONY: browser-check node-tools test-browser clean-browser

browser-check:
	@test -x "$(CHROMIUM)" || { echo "The browser tests need Debian's Chromium at $(CHROMIUM), which is missing. Install it with: sudo apt-get install chromium"; exit 1; }
	@command -v java >/dev/null || { echo "The HTML check needs Java 17 or newer, which is missing. Install it with: sudo apt-get install default-jre-headless"; exit 1; }
	@command -v npm >/dev/null || { echo "The HTML check is installed with npm, which is missing. Install it with: sudo apt-get install npm"; exit 1; }

# --ignore-scripts: vnu-jar's postinstall would try to download a Java runtime.
$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $(NODE_STAMP)

node-tools: $(NODE_STAMP)

test-browser: install browser-check node-tools
	$(BIN)/pytest -m browser $(PYTEST_ARGS)

clean-browser:
	rm -rf node_modules test-results screenshots

# --- Performance: page cache on Redis, benchmark -------------------------
.PHONY: test-cache bench bench-admin bench-mixed

# The page-cache tests against the cache in CACHE_URL (CI sets redis://127.0.0.1:6379/1).
test-cache: install
	$(BIN)/pytest tests/pagecache $(PYTEST_ARGS)

# Every kind of reader page served uncached (p50, one connection, wrk), its weight, and
# cached throughput, at seed and at populate scale, on SQLite and on PostgreSQL (started
# as .ci/run starts it) side by side; then the mixed run on both. BENCH_QUICK=1 for a
# short run; BENCH_DATABASES=sqlite (or postgres) for one database.
bench: install
	$(BIN)/python bench/run.py
	$(MAKE) --no-print-directory bench-mixed

# Readers over every public page (Zipf) while an editor saves once a second: hit rate,
# req/s, p50/p99 and the ratio to /healthz, on SQLite (file cache) and on PostgreSQL
# with Redis (started as .ci/run starts them).
bench-mixed: install
	$(BIN)/python bench/mixed.py
	BENCH_DATABASE=postgres $(BIN)/python bench/mixed.py

# Each admin page's time and query count at populate scale (clubs and managers with 5, 100
# and 1,000 spells, every list), on DATABASE_URL or bench/results/admin.sqlite3.
bench-admin: install
	$(BIN)/python bench/admin.py

# --- Production: serve, backup, restore ----------------------------------------
.PHONY: serve backup restore

# Production serving on this machine: static files, migrations, then gunicorn
# (gunicorn.conf.py: workers from the core count, logs to stdout/stderr, BIND or PORT).
# DEBUG is forced off; SECRET_KEY must come from the environment or .env.
serve: install
	@test -n "$$SECRET_KEY" || grep -Eqs '^SECRET_KEY=[^[:space:]#]+' .env || \
		{ echo "make serve needs SECRET_KEY in the environment (or .env): a long random string, see .env.example"; exit 1; }
	DEBUG=false $(MANAGE) collectstatic --noinput --verbosity 0
	DEBUG=false $(MANAGE) migrate --noinput
	DEBUG=false exec $(BIN)/gunicorn --config gunicorn.conf.py football.wsgi

# backups/dugout-<UTC time>.json.gz (dumpdata), or .dump (pg_dump -Fc) on PostgreSQL.
backup: install
	$(MANAGE) backup $(BACKUP_ARGS)

# Replace the database's contents with a backup: make restore FILE=backups/dugout-....json.gz
# (asks first; YES=1 to skip the question).
restore: install
	@test -n "$(FILE)" || { echo "Say which backup: make restore FILE=backups/dugout-<time>.json.gz (or .dump)"; exit 1; }
	$(MANAGE) restore "$(FILE)" $(if $(YES),--noinput)
