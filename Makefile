# The Majlis newsroom: `make run` serves it locally, `make test` checks everything.
#
# Both targets set up the virtual environment in .venv first. It is created
# with `python3 -m venv` if missing and the project is (re)installed whenever
# pyproject.toml is newer than the stamp file in .venv.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
PYTEST_ARGS ?=
# pytest-xdist: one worker per core, each with its own test database (pytest-django
# suffixes its name). PYTEST_WORKERS=0 runs the tests in this process, one by one.
PYTEST_WORKERS ?= auto

.DEFAULT_GOAL := help
.PHONY: help venv compilemessages makemessages run test serve

help:
	@echo "make run    set up .venv, migrate, load sample content, print demo accounts, serve on http://127.0.0.1:8000/"
	@echo "make test   set up .venv, then: check, makemigrations --check, ruff check, ruff format --check, lint-imports, pytest"
	@echo "            (extra pytest arguments: make test PYTEST_ARGS='-k demo')"
	@echo "            (on every core; one by one: make test PYTEST_WORKERS=0)"
	@echo "make serve  production: set up .venv, migrate, collectstatic, then gunicorn with the production"
	@echo "            settings (README \"Running in production\": SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS ...)"
	@echo "make makemessages     update the translations (locale/*/LC_MESSAGES/django.po) from the code"
	@echo "make compilemessages  compile them for Django (make run and make test do it first)"

venv: $(STAMP)

$(STAMP): pyproject.toml
	@if ! $(BIN)/python -m pip --version >/dev/null 2>&1; then \
		echo "Creating $(VENV) with $(PYTHON) -m venv"; \
		$(PYTHON) -m venv --clear $(VENV) 2>/dev/null || { \
			bin/ensure-debian-packages python3-venv && $(PYTHON) -m venv --clear $(VENV); }; \
	fi
	$(BIN)/python -m pip install -e ".[test]"
	touch $(STAMP)

# The interface's translations (docs/languages.md). Both commands need GNU gettext
# (xgettext, msgfmt): Debian's gettext, installed once if missing.
# makemessages reads the code and the templates, not the tests, benchmarks or data.
MESSAGES_IGNORE := $(VENV) tests bench build fixtures docs static '*.egg-info'

makemessages: $(STAMP)
	@command -v xgettext >/dev/null 2>&1 || bin/ensure-debian-packages gettext
	$(MANAGE) makemessages -l az -l ru $(addprefix --ignore=,$(MESSAGES_IGNORE))

# The .mo files Django reads are build products, not in git; those up to date are kept.
compilemessages: $(STAMP)
	@command -v msgfmt >/dev/null 2>&1 || bin/ensure-debian-packages gettext
	$(MANAGE) compilemessages --ignore=$(VENV) --ignore=build

run: $(STAMP) compilemessages
	$(MANAGE) migrate
	$(MANAGE) loaddata fixtures/sample.json
	$(MANAGE) reindex_releases
	$(MANAGE) demo_accounts
	$(MANAGE) runserver 127.0.0.1:8000

test: $(STAMP) compilemessages
	@# The browser tests drive Debian's Chromium; install it once if missing.
	@test -x /usr/bin/chromium || bin/ensure-debian-packages chromium
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/pytest --numprocesses=$(PYTEST_WORKERS) $(PYTEST_ARGS)

# Production from a checkout (README "Running in production"): the settings read every
# machine's value from the environment; gunicorn reads gunicorn.conf.py.
serve: export DJANGO_SETTINGS_MODULE = majlis_site.settings.prod
serve: $(STAMP) compilemessages
	$(MANAGE) check --deploy
	$(MANAGE) migrate --no-input
	$(MANAGE) collectstatic --no-input
	$(BIN)/gunicorn --config gunicorn.conf.py
