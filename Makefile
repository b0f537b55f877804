# CareThread: `make run` serves the demo forum, `make test` runs every test.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help venv run migrate seed seed-scale bench resilience test test-pg check lint format clean screenshots messages eval-safety lighthouse dark-css

help:
	@echo "make run      create .venv, install, migrate SQLite, load demo data, serve on http://$(HOST):$(PORT)"
	@echo "make test     the full test suite (SQLite; set DATABASE_URL for PostgreSQL)"
	@echo "make test-pg  the full test suite on the local PostgreSQL"
	@echo "make check    ruff format + lint, migrations in sync, system checks, the layers contract, tests"
	@echo "make screenshots  every main page, desktop and phone, English and French, light and dark, with axe, in test-artifacts/screenshots/"
	@echo "make lighthouse   Lighthouse (mobile) on five pages signed out and in, production settings (needs npm)"
	@echo "make seed-scale  large generated forum (SEED_SCALE_ARGS='--users 2000 ...')"
	@echo "make bench    load test with gunicorn + PostgreSQL + wrk (BENCH_SCALE=small: quick)"
	@echo "make resilience  two app nodes, a worker, and a PostgreSQL, Redis, S3 endpoint and SMTP server of its own; faults injected"
	@echo "make messages refresh locale/fr/LC_MESSAGES/django.po and compile django.mo (needs GNU gettext)"
	@echo "make eval-safety  crisis detector and personal-data guard on the evaluation sets (EVAL_SAFETY_ARGS=--final adds the final held-out set, measured once)"

$(STAMP): requirements.txt requirements-dev.txt
	@set -e; if [ ! -x $(PY) ]; then \
	  interp="$$(scripts/find-python)"; \
	  echo "Creating $(VENV) with $$interp"; \
	  "$$interp" -m venv $(VENV); \
	fi
	@$(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' || \
	  { echo "error: $(VENV) uses Python < 3.12; remove it and retry."; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

venv: $(STAMP)

migrate: venv
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

# Large deterministic data set for load tests (set DATABASE_URL for PostgreSQL).
SEED_SCALE_ARGS ?= --users 2000 --threads 20000 --posts 200000 --seed 1
seed-scale: migrate
	$(PY) manage.py seed_scale $(SEED_SCALE_ARGS)

# Lighthouse from npm (bench/lighthouse/package.json) driving Debian's Chromium,
# against gunicorn with production settings and the demo data; see
# bench/lighthouse.py. Writes bench/results/lighthouse-latest.json.
lighthouse: venv
	$(PY) bench/lighthouse.py

# Bootstrap's dark colour mode as a stylesheet for prefers-color-scheme: dark.
dark-css: venv
	$(PY) scripts/build_dark_css.py

# Production settings, gunicorn, PostgreSQL (DATABASE_URL, default
# carethread_bench) and wrk; see bench/run.py. Writes bench/results/latest.json.
bench: venv
	$(PY) bench/run.py

# Two app nodes and a task worker; a PostgreSQL, a Redis, an S3 endpoint (moto)
# and an SMTP server of its own. Shared sessions, limits and files; the worker
# SIGKILLed; Redis stopped and frozen; PostgreSQL stopped and started
# (bench/resilience.py).
# RESILIENCE_SHORT=1: the short run CI makes.
resilience: venv
	$(PY) bench/resilience.py

# Precision, recall and false alarms of the crisis detector and the
# personal-data guard, per set, language and kind, on the tuning and the
# held-out parts; and the time to screen a 20,000-character post.
eval-safety: venv
	$(PY) manage.py eval_safety $(EVAL_SAFETY_ARGS)

run: seed
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: venv
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -q $(PYTEST_ARGS)

# Full-page PNGs of the main pages at 1280x800 and 390x844 (Chromium), and a
# check that nothing scrolls sideways on the phone.
screenshots: venv
	DJANGO_ALLOW_ASYNC_UNSAFE=true CARETHREAD_SCREENSHOTS=1 $(PY) -m pytest -q -m screenshots tests/browser/test_screenshots.py $(PYTEST_ARGS)
	@echo "Screenshots in test-artifacts/screenshots/"

test-pg: venv
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/carethread $(MAKE) test

lint: venv
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: lint
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check
	$(VENV)/bin/lint-imports
	$(MAKE) test

# Translations: refresh the French catalogue from templates and Python code,
# then compile it. Needs GNU gettext (apt-get install gettext); the compiled
# django.mo is committed, so running the site or the tests does not.
MESSAGES_IGNORE := --ignore=$(VENV) --ignore=tests --ignore=bench --ignore=staticfiles
messages: venv
	$(PY) manage.py makemessages -l fr $(MESSAGES_IGNORE)
	$(PY) manage.py compilemessages -l fr $(MESSAGES_IGNORE)
	msgfmt --check --statistics -o /dev/null locale/fr/LC_MESSAGES/django.po

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
