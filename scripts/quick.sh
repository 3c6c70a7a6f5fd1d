#!/usr/bin/env bash
# The quick inner loop: lint, then the unit tests that are not slow and need neither a browser nor
# PostgreSQL (markers in pyproject.toml, set in tests/conftest.py and on slow tests by hand).
# Arguments replace the default folder and go to pytest: `bash scripts/quick.sh tests/unit/analysis -x`,
# `bash scripts/quick.sh tests/integration` (the same markers left out there).
# Before you push, run the full check (scripts/check.sh): CI runs it, and it runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== ruff" >&2
ruff check .
ruff format --check .
echo "== pytest (not slow, browser or postgres)" >&2
python -m pytest -q -m "not slow and not browser and not postgres" "${@:-tests/unit}"
