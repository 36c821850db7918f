# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
# Two workers, each with its own app server and Chromium: on two cores the suite took 0.65x one worker's
# wall time (back-to-back runs under the same other load); `worksteal` evens out the long browser tests.
TEST_WORKERS ?= 2
# Bytecode and pytest's rewritten test modules are cached in __pycache__ (git-ignored) even where the
# environment sets PYTHONDONTWRITEBYTECODE: each worker, app server and worker process re-compiled them.
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal

.PHONY: run replicas test test-fast lint bench clean

$(VENV)/.app-installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.app-installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m tests.torch_build  # fails loudly when no CPU build of torch could be installed
	touch $@

run: $(VENV)/.app-installed
	$(PY) -m streamlit run app.py --server.port $(PORT)

# Two app processes behind nginx (deploy/), on port 8500 unless PORT= is given; needs Debian's nginx.
replicas: $(VENV)/.app-installed
	PORT=$(if $(filter file,$(origin PORT)),8500,$(PORT)) $(PY) -m deploy.replicas

test: $(VENV)/.dev-installed
	$(PYTEST)

test-fast: $(VENV)/.dev-installed  ## everything but the browser tests
	$(PYTEST) -m "not e2e"

lint: $(VENV)/.dev-installed
	$(PY) -m ruff check .

bench: $(VENV)/.dev-installed
	$(PY) -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis artifacts
