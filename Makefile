# Neuvo — every target creates or refreshes .venv from pyproject.toml first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo run test lint imports deadcode typecheck pytest bench clean venv chromium

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/neuvo demo

run: $(STAMP)
	$(BIN)/neuvo run

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

imports: $(STAMP)
	$(BIN)/lint-imports

# Product code with a reviewed whitelist; the sandbox (a test tool) with the tests as its users.
VULTURE := $(BIN)/vulture --min-confidence 60 --exclude storage/migrations
deadcode: $(STAMP)
	$(VULTURE) --ignore-decorators "@field_validator,@model_validator,@*.command,@*.callback" \
		bot config storage themes scheduler digest safeguarding demo tools/vulture_whitelist.py
	@$(VULTURE) --ignore-decorators "@api_method,@*.fixture" sandbox tests tools/vulture_whitelist.py \
		| grep -E '^(sandbox|tools)/' && exit 1 || echo "vulture: sandbox clean"

typecheck: $(STAMP)
	$(BIN)/mypy

# The browser tests drive Debian's Chromium (never a downloaded browser); CI runs as root.
chromium:
	@command -v chromium >/dev/null || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium)

pytest: $(STAMP) chromium
	$(BIN)/pytest

test: lint imports deadcode typecheck pytest

bench: $(STAMP)
	$(BIN)/python -m bench.ingest

clean:
	rm -rf $(VENV) demo-output .pytest_cache .mypy_cache .ruff_cache
