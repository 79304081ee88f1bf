# Two commands for a fresh machine with Python 3.11, pip and make:
#   make sample   install, then run the pipeline on the bundled sample corpus
#   make test     install, then lint, type-check and run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: sample test lint install clean ner notebooks lock

# Installs the exact versions of requirements.lock (pip constraints) within pyproject's ranges.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

sample: $(STAMP)
	$(BIN)/foi-extract run data/raw/sample --out data/processed

lint: $(STAMP)
	$(BIN)/ruff check foi_extract tests pipelines scripts
	$(BIN)/ruff format --check foi_extract tests pipelines scripts
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

# Open the analysis notebooks in JupyterLab on the sample run's tables (installs the
# `analysis` extra: duckdb, polars, jupyterlab).
notebooks: sample
	$(BIN)/pip install --quiet -c requirements.lock -e ".[analysis]"
	FOI_EXTRACT_OUT=$(CURDIR)/data/processed $(BIN)/jupyter lab notebooks/

# Re-resolve pyproject's ranges in a fresh environment and write requirements.lock from it.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --upgrade pip
	.lock-venv/bin/pip install --quiet -e ".[dev]"
	{ head -2 requirements.lock; .lock-venv/bin/pip freeze --all --exclude-editable | grep -v "^pip=="; } > requirements.lock.new
	mv requirements.lock.new requirements.lock && rm -rf .lock-venv

clean:
	rm -rf $(VENV) data/processed/*.parquet

# Train the NER model from scratch (not run by CI; about 5 minutes on 2 cores).
ner: $(STAMP)
	$(BIN)/python pipelines/ner/make_data.py
	$(BIN)/python -m spacy train pipelines/ner/config.cfg --output pipelines/ner/training
	$(BIN)/python pipelines/ner/package.py
	$(BIN)/python pipelines/ner/evaluate.py
