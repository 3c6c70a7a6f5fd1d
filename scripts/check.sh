#!/usr/bin/env bash
# The one check: lint, types, import contracts (ARCHITECTURE.md, "Packages and their rules"), tests
# with line and branch coverage of the packages ([tool.coverage] in pyproject.toml; the check fails
# under its fail_under). CI runs exactly this, through the README's test command.
#
# The tests run as pytest sessions in two lanes side by side, one per core: the browser tests
# (tests/e2e, which wait on Chromium much of the time) then the unit tests in one lane, the integration
# tests in the other. One after the other under coverage they took 78 minutes of CI's 90 on the 2-core
# machine. Each session measures coverage into its own data file; the files are combined and the
# threshold is checked on the whole. Every test under tests/ is in exactly one session.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== ruff" >&2
ruff check .
ruff format --check .
echo "== mypy" >&2
mypy
echo "== import contracts" >&2
lint-imports
echo "== pytest, with coverage, in two lanes: tests/e2e then tests/unit | tests/integration" >&2
rm -f .coverage .coverage.*  # a data file left by a run that was stopped would be combined into this one
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
session() {  # NAME PATH…: one pytest session, its own coverage file and temporary folder
  local name="$1"
  shift
  # A --basetemp given in PYTEST_ADDOPTS would be shared, and cleared, by every session: each gets its own.
  COVERAGE_FILE=".coverage.$name" python -m pytest --cov --cov-report= --cov-fail-under=0 --durations=15 \
    --basetemp "$scratch/$name" "$@"
}
others=(tests --ignore=tests/e2e --ignore=tests/integration)
(
  status=0
  session browser tests/e2e || status=$?
  session unit "${others[@]}" || status=$?
  exit "$status"
) >"$scratch/lane.log" 2>&1 &
lane=$!
status=0
session integration tests/integration || status=$?
wait "$lane" || status=$?
echo "== the other lane: tests/e2e, then every test outside tests/e2e and tests/integration" >&2
cat "$scratch/lane.log"
echo "== coverage of every session" >&2
coverage combine -q .coverage.browser .coverage.unit .coverage.integration
coverage report --skip-covered || status=$?
exit "$status"
