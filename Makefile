# Feltmappe. `make run` starts the app, `make test` runs every check CI runs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv run app server test lint bench clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[web,server,dev]"
	@touch $(STAMP)

# The app with a local demo sync server, already paired with it.
run: venv
	$(BIN)/python scripts/run_demo.py

# The app alone (works offline; pair it under Settings).
app: venv
	$(BIN)/python main.py

# The sync server alone (SQLite under ./server-data unless DATABASE_URL says otherwise).
server: venv
	$(BIN)/python -m server serve

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/lint-imports --no-cache

# One process by default. `make test PARALLEL="-n 2 --dist loadgroup"` runs two workers
# (one drives Chromium through the browser tests, one at a time; the other runs the rest
# beside it): 24 minutes instead of 33 here, but the browser tests of a "quiet" app are
# then run beside a busy worker, and the fast-typing ones lose keystrokes (issue 9).
PARALLEL ?=
test: lint
	$(BIN)/python -m pytest $(PARALLEL)

bench: venv
	@for b in bench/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
