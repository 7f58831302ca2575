# The book's runner. `make book` builds the HTML book, `make test` runs every test, `make lab`
# opens the notebooks in JupyterLab. Each installs what it needs into .venv on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check
BUILD  := _build
NOTEBOOKS := $(sort $(wildcard book/*.ipynb))

.PHONY: book test unit nbval browser lab execute chromium benchmark clean

book: $(VENV)/.book-deps
	$(BIN)/jupyter-book build . --builder html -W -n --keep-going
	@echo "The book is at $(abspath $(BUILD))/html/index.html"

test: $(VENV)/.test-deps chromium unit nbval book browser

unit: $(VENV)/.test-deps
	$(BIN)/pytest tests nblib --doctest-modules -m "not browser" -p no:cacheprovider

nbval: $(VENV)/.test-deps
	$(BIN)/pytest --nbval $(NOTEBOOKS) --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider

browser: $(VENV)/.test-deps chromium
	$(BIN)/pytest tests -m browser -p no:cacheprovider

lab: $(VENV)/.book-deps
	$(BIN)/jupyter lab book/ $$( [ "$$(id -u)" = 0 ] && echo --allow-root )

# Re-run every notebook top to bottom in a fresh kernel and store its outputs (for authors).
execute: $(VENV)/.book-deps
	$(BIN)/python tools/execute_notebooks.py $(NOTEBOOKS)

benchmark: $(VENV)/.test-deps chromium
	$(BIN)/python benchmarks/slider_update.py
	$(BIN)/python benchmarks/static_slider_step.py
	$(BIN)/python benchmarks/digits_vs_sklearn.py

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.book-deps: requirements.txt constraints.txt pyproject.toml | $(VENV)/bin/python
	$(PIP) install -r requirements.txt -c constraints.txt
	touch $@

$(VENV)/.test-deps: requirements-test.txt $(VENV)/.book-deps
	$(PIP) install -r requirements-test.txt -c constraints.txt
	touch $@

# Debian's Chromium drives the browser tests (no browser download). Needs root or sudo.
chromium:
	@command -v chromium >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }

clean:
	rm -rf $(BUILD) .pytest_cache
