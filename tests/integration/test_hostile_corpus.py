"""Every file of the hostile corpus through the real command, in a new process under a memory cap and a
time limit: exit 1 with a message that names the file, the problem and the fix; no traceback, no internal error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.hostile_corpus import (
    CASES,
    EXAMPLE_INSTRUMENT,
    MEMORY_CAP,
    TIME_LIMIT,
    Case,
    make_keyed_project,
    run,
    run_command,
)
from tests.support.hostile_files import CORPUS

PLAN = EXAMPLE_INSTRUMENT.with_name("plan.yaml")


@pytest.fixture(scope="module")
def keyed_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_keyed_project(tmp_path_factory.mktemp("hostile"))


def test_every_corpus_file_has_a_case() -> None:
    assert {c.file for c in CASES} == {p.name for p in CORPUS.iterdir()}


@pytest.mark.slow
def test_ordinary_commands_pass_under_the_cap(keyed_project: Path, tmp_path: Path) -> None:
    work = tmp_path / "project"
    shutil.copytree(keyed_project, work)
    commands = [
        ["instrument", "validate", str(EXAMPLE_INSTRUMENT)],
        ["plan", "validate", str(PLAN), "--instrument", str(EXAMPLE_INSTRUMENT)],
        ["instrument", "export", "--format", "xlsform", "-o", "form.xlsx"],
        ["instrument", "import", "form.xlsx", "-o", "again.yaml"],
        ["responses", "mapping", "form.xlsx"],
        ["keys", "list"],
        ["keys", "rotate"],  # opens the private key at the full scrypt cost
        ["responses", "simulate", "--n", "50", "-o", "simulated.csv"],
        ["responses", "import", "simulated.csv"],
    ]
    for args in commands:
        outcome = run_command(args, work)
        assert outcome.returncode == 0, (args, outcome.stderr)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_a_hostile_file_is_refused_quickly_and_plainly(
    case: Case, keyed_project: Path, request: pytest.FixtureRequest
) -> None:
    outcome = run(case, keyed_project)
    # On the test's report (junit XML with junit_family=xunit1); benchmarks/hostile_bench.py prints them.
    request.node.user_properties += [("seconds", round(outcome.seconds, 2)), ("peak_mib", round(outcome.peak_mib))]
    assert not outcome.timed_out, f"still running after {TIME_LIMIT} s"
    assert outcome.returncode == 1, outcome.stderr
    assert "Traceback" not in outcome.stderr and "internal error" not in outcome.stderr, outcome.stderr
    assert f"[{case.code}]" in outcome.stderr, outcome.stderr
    assert outcome.named in outcome.stderr, "the message names the file"
    assert "fix:" in outcome.stderr
    assert outcome.peak_mib < MEMORY_CAP / 2**20
