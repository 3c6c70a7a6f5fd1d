"""A Musterstadt project as the console finds it mid-survey: keys, simulated responses, an opened dataset, a release.

Made once per test session with the real commands (``surveyed_project``) and copied for each
test (``copy_of``), since the pipeline takes seconds. ``state_of(project)`` is what must not
change when the console refuses a post: every file of the project by content, and the store's
rows (dumped as SQL, so that SQLite's own housekeeping of its files does not count as a change).
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.support.cli import Eqsurvey

PASSPHRASE = "five quiet words for the console"
RESPONDENTS = 300


def surveyed_project(root: Path, *, release: bool = True) -> Path:
    eqsurvey = Eqsurvey(root)
    eqsurvey("init", "musterstadt", "--example", "musterstadt")
    eqsurvey.cwd = root / "musterstadt"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("EQSURVEY_PASSPHRASE", PASSPHRASE)
        eqsurvey("keys", "init")
        eqsurvey("responses", "simulate", "--n", str(RESPONDENTS), "--seed", "1", "-o", "responses.csv")
        eqsurvey("responses", "import", "--simulated", "responses.csv")
        eqsurvey("dataset", "export", "-o", "data/dataset.parquet")
        if release:
            eqsurvey("release", "--dataset", "data/dataset.parquet", "--yes")
    return eqsurvey.cwd


def copy_of(project: Path, target: Path) -> Path:
    shutil.copytree(project, target, symlinks=False)
    return target


def state_of(project: Path) -> dict[str, str]:
    state: dict[str, str] = {}
    for path in sorted(project.rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(project).as_posix()
        if name.endswith((".sqlite-wal", ".sqlite-shm", ".sqlite-journal")):
            continue
        if name.endswith(".sqlite"):
            connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                dump = "\n".join(connection.iterdump())
            finally:
                connection.close()
            state[name] = hashlib.sha256(dump.encode()).hexdigest()
        else:
            state[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return state


__all__ = ["PASSPHRASE", "RESPONDENTS", "copy_of", "state_of", "surveyed_project"]
