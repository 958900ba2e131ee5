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

# Builds .bench/bench-20000-v2.db once (a few minutes), then measures; see tools/bench.py.
bench: sysdeps $(VENV)/.installed
	$(BIN)/python tools/bench.py

lint: $(VENV)/.installed
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .demo .pytest_cache .ruff_cache build dist *.egg-info

# -- Installers (issue 9; see installer/README.md) -------------------------------------------
# `make dist` freezes PeerDesk for this platform into dist/PeerDesk/ (PyInstaller, one folder;
# on macOS also dist/PeerDesk.app). `make dist-tarball` then packs the Linux tarball.
.PHONY: dist dist-tarball icons screenshots

$(VENV)/.dist-installed: pyproject.toml | $(VENV)/.installed
	$(BIN)/python -m pip install -q -e '.[dev,dist]'
	touch $@

dist: sysdeps $(VENV)/.dist-installed
	$(BIN)/python -m PyInstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build/pyinstaller installer/peerdesk.spec
	@if [ -x dist/PeerDesk/peerdesk ]; then dist/PeerDesk/peerdesk --version; fi
	@du -sh dist/PeerDesk

dist-tarball: dist
	installer/linux/make-tarball.sh

# Redraw peerdesk/resources/ (the icon) and docs/images/ (the guides' screenshots).
icons: $(VENV)/.installed
	$(BIN)/python tools/make_icons.py

screenshots: sysdeps $(VENV)/.installed
	$(BIN)/python tools/screenshots.py
