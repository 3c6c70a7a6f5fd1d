"""A bundle is one consistent snapshot: every response thanked before it began is in it, a server writing or not.

A copy of the store file taken while a server runs is not: the old README's
``cp data/responses.sqlite`` missed every response still in a WAL file.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from tests.support.cli import Eqsurvey

ROOT = Path(__file__).resolve().parents[2]


def writer(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.integration.sides_writer", *args],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


def bundled(path: Path) -> set[str]:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        return {p for (p,) in db.execute("SELECT pseudonym FROM responses")}


@pytest.fixture
def keyed(project: Path, eqsurvey: Eqsurvey, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", "correct horse battery staple")
    eqsurvey("keys", "init")
    eqsurvey("responses", "count")  # the store exists, at the latest schema
    return project


def test_a_bundle_taken_while_the_server_stores_forms_holds_every_thanked_one(keyed: Path, eqsurvey: Eqsurvey) -> None:
    running = writer("serve", str(keyed))
    assert running.stdout is not None
    try:
        thanked = [running.stdout.readline().strip() for _ in range(40)]
        for n in (1, 2, 3):
            before = list(thanked)
            eqsurvey("responses", "bundle", "-o", f"b{n}.eqbundle")
            inside = bundled(keyed / f"b{n}.eqbundle")
            assert set(before) <= inside, "every response thanked before the bundle began is in it"
            thanked += [running.stdout.readline().strip() for _ in range(20)]
            assert running.poll() is None, "the server kept storing forms while the bundle was written"
    finally:
        running.kill()
        running.wait()
        running.stdout.close()
    assert len(inside) >= 80


def test_a_bundle_holds_the_commits_a_crashed_server_left_in_its_wal(keyed: Path, eqsurvey: Eqsurvey) -> None:
    crashed = writer("wal-crash", str(keyed), "5")
    out, _ = crashed.communicate(timeout=120)
    thanked = set(out.split())
    store = keyed / "data" / "responses.sqlite"
    assert len(thanked) == 5 and Path(f"{store}-wal").stat().st_size > 0, "the commits sit in the WAL file"

    copied = keyed / "copied.sqlite"
    shutil.copy(store, copied)  # what README step 5 used to say
    with closing(sqlite3.connect(copied)) as db:
        assert db.execute("SELECT COUNT(*) FROM responses").fetchone()[0] == 0, "a copy of the file misses them"

    eqsurvey("responses", "bundle", "-o", "after-crash.eqbundle")
    assert bundled(keyed / "after-crash.eqbundle") == thanked
    assert not Path(f"{store}-wal").exists(), "the store left WAL mode when it was opened"
