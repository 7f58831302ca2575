# The book's runner. `make book` builds the HTML book, `make test` runs every test, `make lab`
# opens the notebooks in JupyterLab. Each installs what it needs into .venv on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check
BUILD  := _build
NOTEBOOKS := $(sort $(wildcard book/*.ipynb))
CHAPTERS  := $(sort $(wildcard book/[0-9][0-9]_*.ipynb))
# Processes for the test stages and the book build: one per CPU.
JOBS   ?= $(shell $(PYTHON) -c "import os; print(os.cpu_count() or 1)")
# ... and one BLAS thread in each: OpenBLAS threads spin while they wait, so two processes with
# two threads each on two cores run the chapters' small matrix products many times slower.
export OPENBLAS_NUM_THREADS ?= 1
export OMP_NUM_THREADS ?= 1
export MKL_NUM_THREADS ?= 1
PYTEST := $(BIN)/pytest -p no:cacheprovider
# xdist hands out whole notebooks in the order given: later (slower) chapters first, then the
# other pages (the book build's order without earlier runtimes, bookext/parallel_read.py), so that
# the stage does not end on one long notebook while the other process idles.
NBVAL  := $(PYTEST) -n $(JOBS) --dist loadfile \
          --nbval $(shell printf '%s\n' $(CHAPTERS) | sort -r) $(filter-out $(CHAPTERS),$(NOTEBOOKS)) \
          --nbval-sanitize-with tests/nbval_sanitize.cfg
# The second numeric back-end (x86-64): NumPy without its AVX2 and AVX-512 code paths, and
# OpenBLAS's SSE-only Nehalem kernels on one thread. Results differ from the native ones in the
# last bits, as they do on another CPU; every stored output must survive that (CONTRIBUTING.md).
BASELINE := OPENBLAS_CORETYPE=Nehalem OPENBLAS_NUM_THREADS=1 \
            NPY_DISABLE_CPU_FEATURES="X86_V3 X86_V4 AVX512_ICL AVX512_SPR"

.PHONY: book test test-latest unit nbval nbval-baseline browser reader lab present setup-check execute nbdime chromium benchmark clean

# Authors' rebuilds use myst-nb's execution cache: a notebook runs again only when its code, or
# nblib, bookext or the pinned versions, changed (make book EXECUTE=force runs every one).
# make test, and so CI, always executes all.
EXECUTE ?= cache
book: $(VENV)/.book-deps
	$(BIN)/python tools/build_book.py --jobs $(JOBS) --execute $(EXECUTE)

# The last two stages run side by side: the browser tests keep both cores busy, and the set-up
# check is mostly one pip process (each stage's output is printed whole when it ends).
test: EXECUTE = force
test: $(VENV)/.test-deps chromium unit nbval nbval-baseline book
	$(MAKE) --jobs 2 --output-sync=target browser setup-check

unit: $(VENV)/.test-deps
	$(PYTEST) -n $(JOBS) tests nblib --doctest-modules -m "not browser and not book"

nbval: $(VENV)/.test-deps
	$(NBVAL)

nbval-baseline: $(VENV)/.test-deps
	env $(BASELINE) $(NBVAL)

browser: $(VENV)/.test-deps chromium $(BUILD)/html/index.html
	$(PYTEST) -n $(JOBS) --dist worksteal tests -m "browser or book"  # tests of 1 s and of 30 s: idle workers steal

$(BUILD)/html/index.html $(BUILD)/html/notebooks.zip:
	$(MAKE) book

# The reader notebooks (bookext/reader_notebooks.py), not the MyST sources in book/, from a working
# copy in $(READER)/: a notebook the book build adds is copied in, one already there (a student's
# edits) is never overwritten; delete it to get the book's version again.
READER := notebooks
reader: $(BUILD)/html/notebooks.zip
	mkdir -p $(READER) && cp -n $(BUILD)/html/notebooks/* $(READER)/

lab: $(VENV)/.book-deps reader
	$(BIN)/jupyter lab $(READER)/ $$( [ "$$(id -u)" = 0 ] && echo --allow-root )

# Teachers: JupyterLab on one chapter (make present CHAPTER=06_gradient_descent), ready for its
# RISE slideshow: Run All, then Alt+R (README.md, "Teaching with the book").
CHAPTER ?= 01_predictor
present: $(VENV)/.book-deps reader
	$(BIN)/jupyter lab $(READER)/$(CHAPTER).ipynb $$( [ "$$(id -u)" = 0 ] && echo --allow-root )

# The book against the newest releases within the pinned major versions, in a fresh virtual
# environment: unit tests, and every notebook executed with errors and warnings failing
# (tools/test_latest.py). CI runs it after make test.
test-latest: $(VENV)/.test-deps
	$(BIN)/python tools/test_latest.py --jobs $(JOBS)

# The set-ups without make, as documented (the notebooks bundle's README, then README.md), in a
# fresh virtual environment made by $(PYTHON): pip install, import nblib, execute chapter 1
# (tools/setup_check.py).
setup-check: $(BUILD)/html/notebooks.zip
	$(PYTHON) tools/setup_check.py

# Authors: re-run notebooks top to bottom in fresh kernels and store their outputs normalised
# (all of them, or some: make execute NOTEBOOKS=book/01_predictor.ipynb).
execute: $(VENV)/.test-deps
	$(BIN)/python tools/execute_notebooks.py --jobs $(JOBS) $(NOTEBOOKS)

# Authors: diff and merge notebooks cell by cell in git (nbdime's drivers, this clone only).
nbdime: $(VENV)/.test-deps
	$(BIN)/nbdime config-git --enable

benchmark: $(VENV)/.test-deps chromium $(BUILD)/html/index.html
	$(BIN)/python benchmarks/slider_update.py
	$(BIN)/python benchmarks/static_slider_step.py
	$(BIN)/python benchmarks/digits_vs_sklearn.py
	$(BIN)/python benchmarks/train_vs_numpy.py
	$(BIN)/python benchmarks/autodiff_vs_backprop.py

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.book-deps: requirements.txt constraints.txt pyproject.toml | $(VENV)/bin/python
	$(PIP) install -r requirements.txt -c constraints.txt
	touch $@

$(VENV)/.test-deps: requirements-test.txt $(VENV)/.book-deps
	$(PIP) install -r requirements-test.txt -c constraints.txt
	touch $@

# Debian's Chromium drives the browser tests (no browser download), without the recommended
# packages (a desktop's daemons); poppler-utils reads the PDFs the print tests make. Needs root or sudo.
chromium:
	@command -v chromium >/dev/null && command -v pdftotext >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	  $$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core poppler-utils; }

clean:
	rm -rf $(BUILD) .pytest_cache
