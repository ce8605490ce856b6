# Aegis: build and test. `make test` is what CI runs (.ci/run).
#
#   make venv        .venv from build/requirements-test.lock (hash-checked; re-run only when the lock changes)
#   make pyz         fresh reproducible build -> $(PYZ_OUT) (default build/out/aegis.pyz)
#   make update-pyz  release a new runtime/aegis.pyz (the committed zipapp) under a new
#                    version, recorded in runtime/releases.txt (build/release.py)
#   make check-pyz   fail unless a fresh build is byte-identical to runtime/aegis.pyz
#   make test        venv + pyz + pytest against the fresh pyz + check-pyz
#   make e2e         pinned Claude Code CLI (npm, into .cache/claude) + the end-to-end tests only
#   make bench       run every bench/*.py against the fresh pyz
#   make portability the fresh pyz on every interpreter here, CPython 3.14/3.15 from a cached
#                    Debian sid chroot included (needs root; not part of CI): prints a table
#   make lock        re-resolve build/requirements*.in into the hash-pinned locks (needs network)
#
# Extending: add targets below (e.g. an e2e target that installs the pinned Claude Code CLI
# into $(CACHE_DIR)) and list test prerequisites in TEST_DEPS.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := test

PYTHON ?= python3
VENV ?= .venv
VENV_PY := $(VENV)/bin/python
VENV_STAMP := $(VENV)/.installed
CACHE_DIR ?= .cache
TEST_LOCK := build/requirements-test.lock
PYZ_OUT ?= build/out/aegis.pyz
COMMITTED_PYZ := runtime/aegis.pyz
PYTEST_ARGS ?=
TEST_DEPS ?=

# The pinned Claude Code CLI for the end-to-end tests (tests/e2e), installed with npm into
# $(CLAUDE_DIR) once per version (stamp). The tests find it through CLAUDE_BIN.
CLAUDE_CODE_VERSION := 2.1.332
CLAUDE_DIR ?= $(CACHE_DIR)/claude
CLAUDE_STAMP := $(CLAUDE_DIR)/.installed-$(CLAUDE_CODE_VERSION)
CLAUDE_BIN ?= $(abspath $(CLAUDE_DIR))/node_modules/.bin/claude
export CLAUDE_BIN
TEST_DEPS += claude

.PHONY: venv pyz update-pyz check-pyz test bench lock clean claude e2e portability

venv: $(VENV_STAMP)

# Rebuilt from scratch whenever the lock changes, so .venv never drifts from it.
$(VENV_STAMP): $(TEST_LOCK)
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV) && $(PYTHON) -m venv --without-pip $(VENV) \
	    && $(PYTHON) -m pip --python $(VENV_PY) install --quiet pip; }
	$(VENV_PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
	    -r $(TEST_LOCK)
	touch $@

pyz: $(VENV_STAMP)
	$(VENV_PY) build/build_pyz.py -o $(PYZ_OUT)

update-pyz: $(VENV_STAMP)
	$(VENV_PY) build/release.py

# Compare the fresh build with the committed zipapp; used by check-pyz and at the end of test.
define compare_pyz
	@if ! cmp -s $(PYZ_OUT) $(COMMITTED_PYZ); then \
	    echo "check-pyz: $(COMMITTED_PYZ) is stale or missing: a fresh build differs" \
	         "(fresh $$(sha256sum $(PYZ_OUT) | cut -c1-16)," \
	         "committed $$(sha256sum $(COMMITTED_PYZ) 2>/dev/null | cut -c1-16 || echo none))." \
	         "Run 'make update-pyz' and commit what it names." >&2; \
	    exit 1; \
	fi
	@echo "check-pyz: $(COMMITTED_PYZ) matches a fresh build"
endef

check-pyz: pyz
	$(compare_pyz)

test: $(VENV_STAMP) pyz $(TEST_DEPS)
	AEGIS_PYZ=$(abspath $(PYZ_OUT)) $(VENV_PY) -m pytest $(PYTEST_ARGS)
	$(compare_pyz)

claude: $(CLAUDE_STAMP)

$(CLAUDE_STAMP):
	mkdir -p $(CLAUDE_DIR)
	npm install --prefix $(CLAUDE_DIR) --no-save --no-audit --no-fund --loglevel=error \
	    @anthropic-ai/claude-code@$(CLAUDE_CODE_VERSION)
	touch $@

e2e: $(VENV_STAMP) pyz claude
	AEGIS_PYZ=$(abspath $(PYZ_OUT)) $(VENV_PY) -m pytest tests/e2e $(PYTEST_ARGS)

bench: $(VENV_STAMP) pyz
	for script in bench/[!_]*.py; do AEGIS_PYZ=$(abspath $(PYZ_OUT)) $(VENV_PY) "$$script"; done

portability: $(VENV_STAMP) pyz
	$(VENV_PY) build/portability.py --pyz $(PYZ_OUT)

lock: $(VENV_STAMP)
	cd build && ../$(VENV)/bin/uv pip compile --quiet --universal --python-version 3.10 \
	    --generate-hashes --no-header requirements.in -o requirements.lock
	cd build && ../$(VENV)/bin/uv pip compile --quiet --universal --python-version 3.10 \
	    --generate-hashes --no-header requirements-test.in -o requirements-test.lock

clean:
	rm -rf build/out $(VENV)
