#!/usr/bin/env bash
# The one check: lint, types, import contracts (ARCHITECTURE.md, "Packages and their rules"), tests.
# CI runs exactly this, through the README's test command.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== ruff" >&2
ruff check .
ruff format --check .
echo "== mypy" >&2
mypy
echo "== import contracts" >&2
lint-imports
echo "== pytest" >&2
python -m pytest
