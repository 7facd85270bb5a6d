# essmed — the two set-up commands are `make run` and `make test` (see README.md).
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(CURDIR)/$(BIN)/python $(CURDIR)/manage.py

.PHONY: run test install quality format messages compilemessages migrate demo worker test-e2e clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

compilemessages: install
	cd essmed && $(MANAGE) compilemessages --verbosity 0

migrate: install
	$(MANAGE) migrate --verbosity 0

demo: migrate compilemessages
	$(MANAGE) load_demo

# The background worker runs beside the server; both stop with Ctrl-C.
run: demo
	@echo "essmed on http://127.0.0.1:$(PORT)/fr/ (also /ar/ and /en/), with its background worker."
	@$(MANAGE) db_worker --no-reload & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(MANAGE) runserver 127.0.0.1:$(PORT)

worker: migrate
	$(MANAGE) db_worker

quality: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/djlint --check essmed
	$(BIN)/djlint --lint essmed
	$(BIN)/mypy essmed tests
	DEBUG=true $(MANAGE) makemigrations --check --dry-run --verbosity 1

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	$(BIN)/djlint --reformat essmed

test: quality compilemessages
	$(BIN)/pytest -q

# The browser tests: Debian's chromium (apt-get install chromium), driven by playwright, checked with axe.
test-e2e: install compilemessages
	$(BIN)/pytest -q -m e2e tests/e2e

# The project's catalogue (essmed/locale), then the catalogues that apps keep beside their code.
APP_CATALOGUES := events funding incubator
messages: install
	cd essmed && $(MANAGE) makemessages -l fr -l ar -l en --no-obsolete --ignore 'static/*' --ignore '*/tests/*' \
		$(foreach app,$(APP_CATALOGUES),--ignore '$(app)/*')
	for app in $(APP_CATALOGUES); do \
		(cd essmed/$$app && env -u DJANGO_SETTINGS_MODULE $(CURDIR)/$(BIN)/django-admin makemessages \
			-l fr -l ar -l en --no-obsolete --ignore 'static/*' --ignore 'tests/*') || exit 1; \
	done

clean:
	rm -rf $(VENV) var staticfiles .mypy_cache .ruff_cache
