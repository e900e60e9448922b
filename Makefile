# fieldapp: `make run` serves the app on http://127.0.0.1:5000, `make test` runs the whole suite.
# Every target works from a fresh clone; stamps keep repeated runs fast.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check --quiet
FLASK := $(VENV)/bin/flask --app wsgi
PYBABEL := $(VENV)/bin/pybabel
TRANSLATIONS := fieldapp/translations
MO_FILES := $(patsubst %.po,%.mo,$(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po))
NPM_STAMP := node_modules/.fieldapp-installed

# `make test` runs pytest once per database engine; the PostgreSQL fixtures create and drop
# their own database through this admin URL.
FIELDAPP_TEST_PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres
export FIELDAPP_TEST_PG_URL
# The browser tests drive Debian's chromium (installed by .ci/run).
ifneq ($(wildcard /usr/bin/chromium),)
FIELDAPP_CHROMIUM ?= /usr/bin/chromium
endif
ifdef FIELDAPP_CHROMIUM
export FIELDAPP_CHROMIUM
endif
PYTEST_ARGS ?=
# The front end's pure modules (coverage rule, text folding, search) under Node's own runner.
NODE_TEST := node --test static/app/tests/

.PHONY: help run test test-js lint assets translations messages install install-test system clean

help:
	@echo "make run           set everything up and serve on http://127.0.0.1:5000 (debug)"
	@echo "make test          the whole suite, on SQLite and PostgreSQL side by side"
	@echo "make test-js       the front end's unit tests (node --test)"
	@echo "make lint          ruff check fieldapp tests bench scripts"
	@echo "make assets        npm ci and copy the front-end libraries into static/vendor/"
	@echo "make translations  compile the message catalogs (.po -> .mo)"
	@echo "make messages      extract messages.pot and update the catalogs"
	@echo "make clean         remove built files (keeps .venv and instance/)"

# --- Python ---------------------------------------------------------------------------------
$(PY):
	$(PYTHON) -m venv $(VENV)

# The app alone (make run), and the app with the test tools (make test, make lint).
$(VENV)/.installed: $(PY) setup.cfg pyproject.toml
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-test: $(PY) setup.cfg pyproject.toml
	$(PIP) install -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# --- Front end ------------------------------------------------------------------------------
$(NPM_STAMP): package.json $(wildcard package-lock.json)
	if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; \
	else npm install --no-audit --no-fund; fi
	touch $@

# The copy itself runs every time: it only writes what changed, in a few milliseconds.
assets: $(NPM_STAMP)
	$(PYTHON) scripts/copy_vendor.py

# --- Translations ---------------------------------------------------------------------------
translations: $(MO_FILES)

$(TRANSLATIONS)/%/LC_MESSAGES/messages.mo: $(TRANSLATIONS)/%/LC_MESSAGES/messages.po | install
	$(PYBABEL) compile -d $(TRANSLATIONS) -l $*
	@test -f $@ || { echo "$@ was not written: is the catalog header marked fuzzy?" >&2; exit 1; }

messages: install
	$(PYBABEL) extract -F babel.cfg -k _l -k lazy_gettext -o messages.pot .
	$(PYBABEL) update --ignore-pot-creation-date --no-fuzzy-matching -i messages.pot -d $(TRANSLATIONS)

# --- Run ------------------------------------------------------------------------------------
# Debug mode: no SECRET_KEY needed, cookies not marked Secure (plain http on localhost).
# seed-demo --if-empty prints the demo logins only when it seeds; they are kept in
# instance/demo-logins.txt so every later `make run` shows them again.
run: install assets translations
	mkdir -p instance
	FLASK_DEBUG=1 $(FLASK) db upgrade
	umask 077; FLASK_DEBUG=1 $(FLASK) seed-demo --if-empty > instance/demo-logins.tmp
	if [ -s instance/demo-logins.tmp ]; then mv instance/demo-logins.tmp instance/demo-logins.txt; \
	else rm -f instance/demo-logins.tmp; fi
	@if [ -f instance/demo-logins.txt ]; then echo; cat instance/demo-logins.txt; echo; fi
	FLASK_DEBUG=1 $(FLASK) run --host 127.0.0.1 --port 5000

# --- Checks ---------------------------------------------------------------------------------
# What the machine must have for the tests (chromium, a running PostgreSQL...): installed or
# started when missing, or a one-line instruction where this user cannot install.
system:
	bash scripts/system_setup.sh

# The JS tests and both engines run even when one fails; the target fails if any did. The two
# engines run side by side (each into its own log, printed when it ends) because the machine
# has two cores; TEST_ENGINES_IN_TURN=1 runs them one after the other with live output.
ENGINES := sqlite postgresql
test: system install-test assets translations
	@status=0; logs=$$(mktemp -d); trap 'kill $$(jobs -p) 2>/dev/null || true; rm -rf "$$logs"' EXIT; \
	echo "=== node --test (front end) ==="; \
	$(NODE_TEST) || status=1; \
	if [ -n "$${TEST_ENGINES_IN_TURN:-}" ]; then \
	  for engine in $(ENGINES); do \
	    echo "=== pytest on $$engine ==="; \
	    FIELDAPP_TEST_DATABASE=$$engine $(PY) -m pytest $(PYTEST_ARGS) || status=1; \
	  done; \
	else \
	  echo "=== pytest on $(ENGINES), side by side (started $$(date +%T)) ==="; \
	  for engine in $(ENGINES); do \
	    FIELDAPP_TEST_DATABASE=$$engine $(PY) -m pytest $(PYTEST_ARGS) \
	      > "$$logs/$$engine.log" 2>&1 & echo $$! > "$$logs/$$engine.pid"; \
	  done; \
	  for engine in $(ENGINES); do \
	    wait "$$(cat "$$logs/$$engine.pid")" || status=1; \
	    echo "=== pytest on $$engine (ended $$(date +%T)) ==="; \
	    cat "$$logs/$$engine.log"; \
	  done; \
	fi; \
	if [ $$status -ne 0 ]; then echo "=== make test: FAILED ===" >&2; fi; \
	exit $$status

test-js:
	$(NODE_TEST)

lint: install-test
	$(VENV)/bin/ruff check fieldapp tests bench scripts

clean:
	rm -rf static/vendor node_modules .pytest_cache .ruff_cache .coverage htmlcov messages.pot
	find $(TRANSLATIONS) -name '*.mo' -delete 2>/dev/null || true
	find fieldapp tests bench -name __pycache__ -type d -prune -exec rm -rf {} + 2>/dev/null || true
