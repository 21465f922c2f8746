# The two commands: `make run` serves the portal with demo data; `make test` runs every check.
SHELL := /bin/bash
PYTHON_BIN ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
CELERY := $(VENV)/bin/celery
HOST ?= 127.0.0.1
PORT ?= 8000

# `make run` is the embedded default: SQLite under var/, Celery over kombu's filesystem transport,
# plain HTTP on the loopback, DEBUG on, calendar and feed links on HOST:PORT (PORTAL_BASE_URL). Any of these
# can be overridden from the environment.
RUN_ENV := DEBUG=$${DEBUG:-true} SECURE=$${SECURE:-false} PORTAL_BASE_URL=$${PORTAL_BASE_URL:-http://$(HOST):$(PORT)}

# `make test` uses PostgreSQL and Redis on the loopback when they answer (CI always sets them).
PG_UP := $(shell $(PYTHON_BIN) -c "import socket; socket.create_connection(('127.0.0.1', 5432), 1)" 2>/dev/null && echo yes)
REDIS_UP := $(shell $(PYTHON_BIN) -c "import socket; socket.create_connection(('127.0.0.1', 6379), 1)" 2>/dev/null && echo yes)
TEST_DATABASE_URL := $(or $(DATABASE_URL),$(if $(PG_UP),postgres://postgres@127.0.0.1:5432/lcoo,))
TEST_REDIS_URL := $(or $(REDIS_URL),$(if $(REDIS_UP),redis://127.0.0.1:6379/0,))
TEST_ENV := DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
	SECRET_KEY=$${SECRET_KEY:-test-only-secret-key-not-for-production-0123456789abcdef}

.PHONY: run test install install-dev lint check pytest bench bench-http clean backup restore

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

var:
	mkdir -p var/static var/celery/queue var/celery/processed

run: install var
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py load_demo
	$(RUN_ENV) $(PY) manage.py collectstatic --noinput -v0
	@echo "Serving the LCOO Portal at http://$(HOST):$(PORT)/ (one Celery worker and beat on the filesystem transport under var/celery; Ctrl-C stops all three)"
	@trap 'kill 0' EXIT INT TERM; \
	$(RUN_ENV) $(CELERY) -A lcoo_portal worker --pool=solo --loglevel=INFO > var/worker.log 2>&1 & \
	$(RUN_ENV) $(CELERY) -A lcoo_portal beat --loglevel=INFO --pidfile= > var/beat.log 2>&1 & \
	$(RUN_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: install-dev var
	$(TEST_ENV) $(PY) manage.py check --fail-level WARNING
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run

pytest: install-dev var
	@echo "Tests against: $(if $(TEST_DATABASE_URL),PostgreSQL,SQLite); Redis: $(if $(TEST_REDIS_URL),yes,no); CI=$${CI:-false}"
	$(TEST_ENV) $(VENV)/bin/pytest $(PYTEST_ARGS)

test: lint check pytest

# Benchmarks report figures; they assert nothing. See bench/README.md.
bench: install-dev var
	DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/lcoo_bench_pages} $(PY) bench/pages.py
	DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/lcoo_bench} \
	REDIS_URL=$${BENCH_REDIS_URL:-redis://127.0.0.1:6379/5} $(PY) bench/fanout.py

# The database to var/backups/lcoo-<time>.dump (pg_dump -Fc on PostgreSQL) or .sqlite3 (a copy of the
# SQLite file), with a manifest of row counts and checksums; `make restore FILE=…` puts one back and
# checks every table against its manifest. DATABASE_URL chooses the database, as for `make run`.
backup: install var
	$(RUN_ENV) $(PY) manage.py backup_database

restore: install var
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=var/backups/lcoo-….dump"; exit 2; }
	$(RUN_ENV) $(PY) manage.py restore_database "$(FILE)"

# Pages over HTTP: gunicorn (2 sync workers) and wrk at archive scale (SCALE=1 or 5). See bench/README.md.
SCALE ?= 1
bench-http: install-dev var
	DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/lcoo_bench_s$(SCALE)} \
	REDIS_URL=$${BENCH_REDIS_URL:-redis://127.0.0.1:6379/7} $(PY) bench/http_pages.py --scale $(SCALE) $(BENCH_ARGS)

clean:
	rm -rf var $(VENV)
