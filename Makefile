# The README's two commands: `make demo` and `make test`. Both set up what they need.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
.DEFAULT_GOAL := demo

.PHONY: demo test lint bench clean

## lint: ruff and mypy only
lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy extractors

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

## demo: create the environment, install, ingest the bundled offline samples, show events
demo: $(VENV)/.installed
	$(BIN)/chipnews demo

## test: install the test extras, lint, and run the whole suite (SQLite and PostgreSQL)
test: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy extractors
	$(BIN)/pytest

## bench: extraction throughput and other benchmarks, results in bench/results.md
bench: $(VENV)/.test-installed
	$(BIN)/python bench/run.py
	$(BIN)/python bench/dedup.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .mypy_cache .hypothesis
