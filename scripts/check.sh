#!/usr/bin/env bash
# The one check: lint, types, import contracts (ARCHITECTURE.md, "Packages and their rules"), tests
# with line and branch coverage of the packages ([tool.coverage] in pyproject.toml; the check fails
# under its fail_under). CI runs exactly this, through the README's test command.
#
# The tests run as two pytest sessions side by side, one per core: the browser tests (tests/e2e, which
# wait on Chromium much of the time) and every other test. Run one after the other under coverage they
# took 78 minutes of CI's 90 on the 2-core machine. Each session measures coverage into its own data
# file; the two are combined and the threshold is checked on the whole.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== ruff" >&2
ruff check .
ruff format --check .
echo "== mypy" >&2
mypy
echo "== import contracts" >&2
lint-imports
echo "== pytest, with coverage: tests/e2e beside every other test" >&2
rm -f .coverage .coverage.*  # a data file left by a run that was stopped would be combined into this one
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
# Each session its own temporary folder (a --basetemp given in PYTEST_ADDOPTS would be shared and cleared by both).
COVERAGE_FILE=.coverage.browser python -m pytest --cov --cov-report= --cov-fail-under=0 \
  --basetemp "$scratch/browser" tests/e2e >"$scratch/browser.log" 2>&1 &
browser=$!
status=0
COVERAGE_FILE=.coverage.rest python -m pytest --cov --cov-report= --cov-fail-under=0 \
  --basetemp "$scratch/rest" tests --ignore=tests/e2e || status=$?
wait "$browser" || status=$?
echo "== the browser tests (tests/e2e), run beside the others" >&2
cat "$scratch/browser.log"
echo "== coverage of both sessions" >&2
coverage combine -q .coverage.browser .coverage.rest
coverage report --skip-covered || status=$?
exit "$status"
