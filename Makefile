# The two commands: `make run` and `make test`. Everything else is for developers.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench screenshots clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Interface translations: Qt Linguist sources (.ts) compiled to .qm, rebuilt when a .ts changes.
TS := $(wildcard resources/i18n/*.ts)
QM := $(TS:.ts=.qm)
resources/i18n/%.qm: resources/i18n/%.ts $(STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

# `make run` opens the demo database (created, filled and routed on first start);
# `triage-app` alone opens your own database in the user-data folder.
DEMO_DB ?= var/triage-demo.db
DEMO_INCIDENTS ?= 5000

run: $(STAMP) $(QM)
	@mkdir -p $(dir $(DEMO_DB))
	@test -s $(DEMO_DB) || { $(BIN)/triage-app --db $(DEMO_DB) demo --incidents $(DEMO_INCIDENTS) \
		&& $(BIN)/triage-app --db $(DEMO_DB) route; }
	$(BIN)/triage-app --db $(DEMO_DB) $(ARGS)

test: $(STAMP) $(QM)
	$(BIN)/ruff check triage_app tests migrations bench
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check triage_app tests migrations bench

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/run_all.py

screenshots: $(STAMP) $(QM)
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/screenshots.py

clean:
	rm -rf $(VENV) build *.egg-info
