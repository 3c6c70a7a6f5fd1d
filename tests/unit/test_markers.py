"""The markers the quick loop selects on are set where they belong, and CI cannot select by them.

Each case collects real test files with pytest in a new process (nothing runs), as a developer's
``scripts/quick.sh`` or CI's ``scripts/check.sh`` would.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def collect(*args: str, ci: bool = False) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"} | ({"CI": "true"} if ci else {})
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *args],
        check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def collected(run: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in run.stdout.splitlines() if "::" in line]


@pytest.mark.slow
def test_browser_tests_are_marked_by_their_folder() -> None:
    marked = collected(collect("tests/e2e/test_welcome_page.py", "-m", "browser"))
    assert marked and all(t.startswith("tests/e2e/") for t in marked)
    assert not collected(collect("tests/e2e/test_welcome_page.py", "-m", "not browser"))


@pytest.mark.slow
def test_postgres_tests_are_marked_by_fixture_and_by_parameter() -> None:
    # test_ledger runs each test on both dialects through a parametrized fixture; test_cli_damaged asks
    # for the `postgres` fixture by name in one test.
    files = ("tests/integration/test_ledger.py", "tests/integration/test_cli_damaged.py")
    marked, unmarked = collected(collect(*files, "-m", "postgres")), collected(collect(*files, "-m", "not postgres"))
    assert "tests/integration/test_cli_damaged.py::test_a_damaged_postgresql_store_is_named_too" in marked
    assert any(t.startswith("tests/integration/test_ledger.py") and t.endswith("[postgresql]") for t in marked)
    assert unmarked and not any("postgres" in t for t in unmarked)
    assert any(t.endswith("[sqlite]") for t in unmarked)


def test_under_ci_selecting_by_marker_is_refused() -> None:
    run = collect("tests/unit/test_documents.py", "-m", "not slow", ci=True)
    assert run.returncode == 4, run.stdout + run.stderr  # pytest's usage error
    assert "CI runs every test" in run.stderr
    assert collect("tests/unit/test_documents.py", ci=True).returncode == 0
