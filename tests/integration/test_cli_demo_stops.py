"""eqsurvey demo stops at the first step that fails: named, with that step's exit code, nothing listed as written.

Each failure here is real: a file where the demo's folder should be, a
parent that is a file, a passphrase that ``keys init`` refuses, and writes
that the file system refuses (a file size limit, which binds root too, as
a full disk would).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support.cli import Eqsurvey, Run

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="file size limits are POSIX")


@contextmanager
def file_size_limit(size: int) -> Iterator[None]:
    """No file this process writes may grow past ``size`` bytes (Python ignores SIGXFSZ: writes fail with EFBIG)."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


def stopped_at(run: Run, step: int) -> str:
    """The demo's stop message, after checking it names ``step`` and that no later step began or was listed."""
    assert run.stdout == ""  # no report path: none was written
    assert f"[{step}/8]" in run.stderr and f"[{step + 1}/8]" not in run.stderr
    match = re.search(r"error \[demo-step\] the demo stopped at step (\d)/8: (.*)\n    fix: (.*)", run.stderr)
    assert match is not None, run.stderr
    assert int(match.group(1)) == step
    assert "run the demo again in a new folder" in match.group(3)
    assert run.stderr.rstrip().endswith(match.group(3))  # the last word is what to do
    return match.group(2)


def test_a_file_where_the_demo_folder_should_be_is_a_user_error(eqsurvey: Eqsurvey, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    run = eqsurvey("demo", "notes.txt", expect=1)
    assert "[demo-folder] notes.txt is a file, not a folder" in run.stderr and "internal error" not in run.stderr
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine" and run.stdout == ""


def test_a_failing_first_step_stops_the_demo_there(eqsurvey: Eqsurvey, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    run = eqsurvey("demo", "notes.txt/demo", "--n", "100", expect=1)
    assert "[cannot-create]" in run.stderr  # init's own message, then the demo's
    what = stopped_at(run, 1)
    assert what.startswith("create the project") and "`eqsurvey init " in what
    assert "holds what the steps before" not in run.stderr  # there is nothing before the first step


def test_a_quiet_demo_still_says_where_it_stopped(eqsurvey: Eqsurvey, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    run = eqsurvey("--quiet", "demo", "notes.txt/demo", "--n", "100", expect=1)
    assert "[1/8]" not in run.stderr and "[cannot-create]" in run.stderr
    assert "[demo-step] the demo stopped at step 1/8: create the project" in run.stderr and run.stdout == ""


def test_an_invalid_number_of_respondents_starts_nothing(eqsurvey: Eqsurvey, tmp_path: Path) -> None:
    run = eqsurvey("demo", "few", "--n", "5", expect=2)
    assert "--n" in run.stderr and "[1/8]" not in run.stderr
    assert not (tmp_path / "few").exists()


def test_a_step_of_the_demos_own_work_that_fails_stops_it(eqsurvey: Eqsurvey, tmp_path: Path) -> None:
    # 20 KiB holds the example's files (step 1), not the store keys init would open for its audit
    # note (it warns and goes on: the keys are made) nor the simulated responses (step 3): the
    # demo's own write, not a command's, is the first failure that stops it.
    with file_size_limit(20 * 1024):
        run = eqsurvey("demo", "full", "--n", "100", expect=1)
    assert "[write-failed] cannot write " in run.stderr and "responses.csv: File too large" in run.stderr
    assert stopped_at(run, 3) == "simulate 100 respondents"
    assert "internal error" not in run.stderr and f"{tmp_path / 'full'} holds what the steps before" in run.stderr
    assert (tmp_path / "full" / "instrument.yaml").exists()  # the steps before are kept …
    assert not (tmp_path / "full" / "responses.csv").exists()  # … and no half-written file is left
    assert not [p.name for p in (tmp_path / "full").iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize(
    "case",
    [
        # The store's first write of the import (the keys' audit note before it only warns).
        (96, 4, "import them", "[store-write-failed] the disk refused to write the response store"),
        # The analysis dataset: the store fits, the Parquet file does not.
        (200, 5, "open the sealed responses", "[write-failed] cannot write"),
    ],
)
def test_a_full_disk_under_a_command_stops_the_demo_there_with_that_commands_user_error(
    eqsurvey: Eqsurvey, tmp_path: Path, case: tuple[int, int, str, str]
) -> None:
    kib, step, begins, refused = case
    # A write the disk refuses inside a command was once a bug's exit (70, "internal error") from
    # SQLite's and pyarrow's own exceptions: it is the machine's state, which the user can fix.
    with file_size_limit(kib * 1024):
        run = eqsurvey("demo", "full", "--n", "100", expect=1)
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr
    assert refused in run.stderr and "fix: free space on the disk" in run.stderr
    what = stopped_at(run, step)
    assert what.startswith(begins) and what.endswith("` failed")
    assert not [p.name for p in (tmp_path / "full").rglob("*") if p.name.endswith(".tmp")]
    assert not (tmp_path / "full" / "data" / "dataset.parquet").exists()
