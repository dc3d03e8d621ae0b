# Every target installs what it needs into .venv first; nothing is installed by hand.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench format clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)  ## run the approval-workflow scenario
	$(BIN)/mlgov-sim run scenarios/approval-workflow.yaml

test: $(STAMP)  ## lint, then the whole test suite
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .

format: $(STAMP)
	$(BIN)/ruff format .

bench: $(STAMP)  ## speed figures, printed (not asserted)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]' && $(BIN)/python benchmarks/bench.py && $(BIN)/python benchmarks/bench_server.py
	$(BIN)/python benchmarks/bench_lineage.py && $(BIN)/python benchmarks/bench_monitor.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
