"""The garbage collector and a command: one that leaves nothing to close lets the ``eqsurvey`` process exit
without taking its objects apart, and ``responses simulate`` collects no cycles while it runs.

``responses simulate`` says it leaves nothing to close (kit.nothing_to_tear_down) and the process's
``main`` then freezes the garbage collector's objects: the process ends with the same output, and only
a run of ``main`` (the real process) is affected, never a command run in process (tests, the demo).
"""

from __future__ import annotations

import csv
import gc
import subprocess
import sys
from pathlib import Path

import pytest

from survey.intake.bulk import collector_paused
from tests.support.cli import Eqsurvey

#: Runs main() as the eqsurvey process does, and says at exit how many objects the collector had frozen.
_MAIN = (
    "import atexit, gc, sys\n"
    "atexit.register(lambda: print('frozen', gc.get_freeze_count(), file=sys.stderr))\n"
    "from eqsurvey.cli import main\n"
    "sys.argv = ['eqsurvey', *sys.argv[1:]]\n"
    "main()\n"
)


def _project(tmp_path: Path) -> Path:
    Eqsurvey(tmp_path)("-q", "init", "proj", "--example", "musterstadt")
    return tmp_path / "proj"


def _main(project: Path, *args: str) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-c", _MAIN, *args], check=False, cwd=project, capture_output=True, text=True
    )
    frozen = [line for line in done.stderr.splitlines() if line.startswith("frozen ")]
    assert done.returncode == 0, done.stderr
    return int(frozen[-1].split()[1]), done.stdout


def test_simulate_ends_its_process_frozen_and_writes_what_it_writes_in_process(tmp_path: Path) -> None:
    project = _project(tmp_path)
    frozen, _ = _main(project, "responses", "simulate", "--n", "300", "--seed", "4", "-o", "process.csv")
    assert frozen > 0
    Eqsurvey(project)("responses", "simulate", "--n", "300", "--seed", "4", "-o", "in-process.csv")
    written = (project / "process.csv").read_bytes()
    assert written == (project / "in-process.csv").read_bytes()
    assert len(list(csv.reader(written.decode("utf-8").splitlines()))) == 301
    # To stdout too: flushed before the objects are frozen.
    frozen, out = _main(project, "responses", "simulate", "--n", "300", "--seed", "4")
    assert frozen > 0
    assert out.encode("utf-8") == written


def test_a_command_that_did_not_say_so_ends_its_process_as_usual(tmp_path: Path) -> None:
    frozen, _ = _main(_project(tmp_path), "instrument", "validate")
    assert frozen == 0


def test_a_command_run_in_process_freezes_nothing(tmp_path: Path) -> None:
    before = gc.get_freeze_count()
    Eqsurvey(_project(tmp_path))("responses", "simulate", "--n", "20", "-o", "x.csv")
    assert gc.get_freeze_count() == before


def test_simulate_collects_no_cycles_while_it_runs_and_leaves_collection_as_it_was(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert gc.isenabled()
    Eqsurvey(project)("responses", "simulate", "--n", "20", "-o", "x.csv")
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # off before, off after
    finally:
        gc.enable()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError
    assert gc.isenabled()
