# Every target does its own set-up: a fresh clone needs only `make demo` or `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TODAY ?= 2026-11-25
DEMO := $(VENV)/demo-vault
DEMO_LOGSEQ := $(VENV)/demo-logseq
DEMO_FOAM := $(VENV)/demo-foam
# The demo's cache stays beside it: `make demo` leaves nothing in your user cache folder.
DEMO_CACHE := $(VENV)/demo-cache

.PHONY: demo test lint typecheck unit bench golden mutate clean

# The build runs with the venv's own setuptools (no isolated build env to fetch each time); the
# editable install is a plain path entry, not an import hook (pyproject.toml: package-dir).
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip 'setuptools>=77'
	$(BIN)/python -m pip install --quiet --no-build-isolation -e '.[test]'
	touch $(STAMP)

## demo: sync a copy of examples/vault (the repo stays clean) and show the result; then the
## same people as a Logseq graph and a Foam workspace (examples/logseq, examples/foam)
demo: export VAULTKIT_CACHE_DIR = $(abspath $(DEMO_CACHE))
# `cp -p`: the copied notes keep their times (a person block waits for a note saved in the last 2 s)
demo: $(STAMP)
	rm -rf $(DEMO) $(DEMO_LOGSEQ) $(DEMO_FOAM) $(DEMO_CACHE) && cp -Rp examples/vault $(DEMO)
	$(BIN)/vaultkit sync --vault $(DEMO) --today $(TODAY)
	@echo
	$(BIN)/vaultkit overdue --vault $(DEMO) --today $(TODAY)
	@echo
	$(BIN)/vaultkit digest --vault $(DEMO) --today $(TODAY)
	@echo
	@echo "Pages written to $(DEMO)/Vaultkit/:"
	@ls -1 $(DEMO)/Vaultkit
	@echo
	@cat "$(DEMO)/Vaultkit/Overdue check-ins.md"
	@echo
	@cp -Rp examples/logseq $(DEMO_LOGSEQ) && cp -Rp examples/foam $(DEMO_FOAM)
	@for name in logseq foam; do demo=$(VENV)/demo-$$name; \
	  out=$$($(BIN)/vaultkit sync --vault $$demo --today $(TODAY)); \
	  late=$$($(BIN)/vaultkit overdue --vault $$demo --today $(TODAY) | sed -n '3s/  .*//p'); \
	  echo "examples/$$name ($$(echo "$$out" | sed -n '2s/^ *//p')): $$(echo "$$out" | sed -n 1p); most overdue: $$late"; \
	done

## test: linters, type checks and the whole test suite
test: $(STAMP) lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check vaultkit tests benchmarks tools
	$(BIN)/ruff format --check vaultkit tests benchmarks tools
	$(BIN)/python tools/layers.py

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest

## golden: rewrite the golden pages of examples/ (vault, logseq, foam) after a reviewed rendering change
golden: $(STAMP)
	$(BIN)/pytest tests/test_golden.py --update-golden

## bench: the benchmark table (sizes for a 2-core machine)
bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

## mutate: mutation testing of dates, people, reports, links and write; a score per module
## (mutmut, about 10 minutes on 2 cores; settings in [tool.mutmut] of pyproject.toml)
MUTATE_JOBS ?= 2
$(VENV)/.mutate-installed: $(STAMP)
	$(BIN)/python -m pip install --quiet --no-build-isolation -e '.[test,mutate]'
	touch $@

mutate: $(VENV)/.mutate-installed
	rm -rf mutants
	$(BIN)/mutmut run --max-children $(MUTATE_JOBS)
	@echo
	$(BIN)/mutmut results --all true | $(BIN)/python tools/mutation_score.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache mutants
