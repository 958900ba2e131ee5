# PeerDesk: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEMO_DB := .demo/peerdesk-demo.db

.PHONY: run test lint demo sysdeps clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Reinstall when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

sysdeps:
	@./tools/system-packages

$(DEMO_DB): | $(VENV)/.installed
	mkdir -p $(dir $(DEMO_DB))
	$(BIN)/peerdesk demo --db $(DEMO_DB)

demo: $(DEMO_DB)

run: sysdeps $(VENV)/.installed $(DEMO_DB)
	@echo "Sign in as admin (password: demo). Other demo users: supervisor, manager, jordan, sam, alex, casey, leah."
	$(BIN)/peerdesk --db $(DEMO_DB)

test: sysdeps $(VENV)/.installed
	$(BIN)/python -m pytest -q

# Builds .bench/bench-20000.db once (a few minutes), then measures; see tools/bench.py.
bench: sysdeps $(VENV)/.installed
	$(BIN)/python tools/bench.py

lint: $(VENV)/.installed
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .demo .pytest_cache .ruff_cache build dist *.egg-info
