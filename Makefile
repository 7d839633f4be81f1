# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LINTED := $(wildcard src tests benchmarks scripts)

CORE_VENV := .venv-core

.PHONY: demo test lint typecheck unit unit-fast core-check docs clean

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

# The documentation site's tools (requirements-docs.txt), in .venv beside the package.
DOCS_STAMP := $(VENV)/.docs-installed
$(DOCS_STAMP): $(STAMP) requirements-docs.txt
	$(BIN)/pip install --quiet -r requirements-docs.txt -c requirements-dev.txt
	touch $(DOCS_STAMP)

demo: $(STAMP)
	OMP_WAIT_POLICY=PASSIVE $(BIN)/scalinglaws demo --out demo-output

lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

typecheck: $(STAMP)
	$(BIN)/mypy

# The docs tools too, so that the site's own tests (tests/test_docs_site.py) run, never skip.
# Two pytest-xdist workers, one per core of the 2-core CI machine (the suite passed so on a
# busy machine and in fresh-clone CI runs; a test must not depend on running alone).
unit: $(DOCS_STAMP)
	HF_HUB_OFFLINE=1 OMP_WAIT_POLICY=PASSIVE $(BIN)/pytest -q -n 2

# The quick loop while working: everything but the tests marked slow.
unit-fast: $(STAMP)
	HF_HUB_OFFLINE=1 OMP_WAIT_POLICY=PASSIVE $(BIN)/pytest -q -m "not slow"

test: lint typecheck unit

# `pip install .` alone (no extras) in a fresh venv: pulls nothing heavy, and the
# four fits, one CLI fit and the missing-extra messages work (run by .ci/run).
core-check:
	rm -rf $(CORE_VENV)
	$(PYTHON) -m venv $(CORE_VENV)
	$(CORE_VENV)/bin/pip install --quiet --dry-run --ignore-installed \
		--report $(CORE_VENV)/plan.json -c requirements.txt .
	$(CORE_VENV)/bin/python scripts/check_core_install.py plan $(CORE_VENV)/plan.json
	$(CORE_VENV)/bin/pip install --quiet -c requirements.txt .
	OMP_WAIT_POLICY=PASSIVE $(CORE_VENV)/bin/python scripts/check_core_install.py smoke

# The documentation site (mkdocs.yml): docs/ into site/ with --strict, every example
# executed; then the built site is opened from disk in Chromium and its links checked.
docs: $(DOCS_STAMP)
	NO_MKDOCS_2_WARNING=1 OMP_WAIT_POLICY=PASSIVE HF_HUB_OFFLINE=1 $(BIN)/mkdocs build --strict
	SCALINGLAWS_SITE=site OMP_WAIT_POLICY=PASSIVE HF_HUB_OFFLINE=1 $(BIN)/pytest -q tests/test_docs_site.py

clean:
	rm -rf $(VENV) $(CORE_VENV) site build dist .pytest_cache .mypy_cache .ruff_cache
