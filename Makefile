# The two Quickstart commands (`make demo`, `make test`) and their set-up.
# Everything goes into a virtual environment in .venv; nothing is installed system-wide.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.app-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test,postgres,dev]'
	touch $@

## Set up, load the seed articles into a demo project and serve it on http://127.0.0.1:5000/
## (another port: make demo PORT=8080)
PORT ?= 5000
demo: $(VENV)/.app-installed
	$(BIN)/annotator demo --port $(PORT)

## Run the test suite (on SQLite; set ANNOTATOR_TEST_DATABASE_URL to run it on PostgreSQL)
test: $(VENV)/.test-installed
	$(BIN)/python -m pytest

## Lint: ruff (rules and format), the import contracts (layers, a core free of frameworks,
## no cycles; pyproject.toml [tool.importlinter]) and the type checker on the whole package
lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
