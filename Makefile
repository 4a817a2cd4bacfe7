# The two Quickstart commands (`make demo`, `make test`) and their set-up.
# Everything goes into a virtual environment in .venv; nothing is installed system-wide.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint test-lowest

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

## The lowest versions: install the app with every dependency at the lowest version that
## pyproject.toml allows (.ci/lowest_constraints.py; the test extras at their newest) into a
## virtualenv of its own, and run the tests of the database, the API, the agreement code and
## the other dependencies' uses on it (docs/dependencies.md, "The lowest versions")
LOWEST_VENV ?= .venv-lowest
# The database (migrations, writes, connections), the API and the server (gunicorn), the
# agreement code (NumPy), forms and uploads (WTForms, Flask-WTF), guidelines (markdown-it),
# the command line, exports and imports (tqdm), suggestions (python-crfsuite), sentences
# (nupunkt), YAML schemas and a select choice offered disabled (WTForms before 3.3 takes it as a
# tuple): a third of the tests, in a tenth of the whole run's time.
LOWEST_TESTS ?= tests/test_migrations.py tests/test_services_annotation.py \
	tests/test_api_write_queries.py tests/test_thread_connections.py tests/test_sqlite_write_lock.py \
	tests/test_api_annotations.py tests/test_api_review.py tests/test_api_openapi.py \
	tests/test_api_tokens.py tests/test_api_access.py tests/test_body_limit_live.py \
	tests/test_server_durability.py tests/test_views_annotate.py tests/test_cli.py \
	tests/test_agreement_report.py tests/test_agreement_vectorised.py \
	tests/test_agreement_labels.py tests/test_agreement_spans.py \
	tests/test_views_auth.py tests/test_project_file_faces.py tests/test_views_projects_admin.py \
	tests/test_export.py tests/test_export_datasets.py tests/test_imports.py tests/test_cli_admin.py \
	tests/test_assist_tagger.py tests/test_segmentation.py tests/test_schema_text.py \
	tests/test_export_missing_package.py

$(LOWEST_VENV)/.lowest-installed: pyproject.toml .ci/lowest_constraints.py
	rm -rf $(LOWEST_VENV)
	$(PYTHON) -m venv $(LOWEST_VENV)
	$(LOWEST_VENV)/bin/python -m pip install -q --upgrade pip
	$(PYTHON) .ci/lowest_constraints.py >$(LOWEST_VENV)/constraints.txt
	$(LOWEST_VENV)/bin/pip install -q --constraint $(LOWEST_VENV)/constraints.txt -e '.[test,postgres]'
	touch $@

test-lowest: $(LOWEST_VENV)/.lowest-installed
	$(LOWEST_VENV)/bin/python -m pytest $(LOWEST_TESTS)
