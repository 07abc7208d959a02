# newsloom: `make demo` and `make test` do everything on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= newsloom.db

.PHONY: demo test test-all bench bench-scale lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { \
	  echo "python3 -m venv failed; installing Debian's python3-venv"; \
	  apt-get update && apt-get install -y python3-venv && $(PYTHON) -m venv $(VENV); }

$(STAMP): pyproject.toml setup.py src/newsloom/cluster/_sparse.c | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,spark]'
	touch $(STAMP)

demo: $(STAMP)
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/newsloom --db $(DB) ingest examples/seeds
	$(BIN)/newsloom --db $(DB) stories
	$(BIN)/newsloom --db $(DB) show

# the PostgreSQL tests start (and stop) their own throwaway server on loopback
test: $(STAMP)
	sh scripts/install-browser.sh
	sh scripts/install-postgres.sh
	NEWSLOOM_REQUIRE_POSTGRES=1 $(BIN)/python -m pytest -q

test-all: $(STAMP)
	sh scripts/install-browser.sh
	sh scripts/install-postgres.sh
	NEWSLOOM_REQUIRE_POSTGRES=1 $(BIN)/python -m pytest -q -m ''

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# 1k to 1M articles, local and Spark local[2]: about two hours on 2 cores (1M alone ~1 h)
bench-scale: $(STAMP)
	$(BIN)/python benchmarks/bench_scale.py --sizes 1000 10000 100000 1000000

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm .pytest_cache .mypy_cache .ruff_cache
