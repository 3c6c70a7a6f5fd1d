#!/usr/bin/env bash
# The one check: lint, types, import contracts (ARCHITECTURE.md, "Packages and their rules"), tests
# with line and branch coverage of the packages ([tool.coverage] in pyproject.toml; the check fails
# under its fail_under). CI runs exactly this, through the README's test command.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== ruff" >&2
ruff check .
ruff format --check .
echo "== mypy" >&2
mypy
echo "== import contracts" >&2
lint-imports
echo "== pytest, with coverage" >&2
rm -f .coverage .coverage.*  # a data file left by a run that was stopped would be combined into this one
python -m pytest --cov --cov-report=term:skip-covered
