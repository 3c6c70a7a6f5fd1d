"""The Musterstadt example with keys and simulated responses, not yet opened or released: where the
console's release section starts. Made through the real commands, once per module, and copied per test."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

from eqsurvey.console.jobs import Job, Jobs
from tests.support.cli import Eqsurvey
from tests.support.console import OpenConsole

PASSPHRASE = "harbour lantern seven quiet meadows"


def simulated_project(root: Path, *, n: int = 1000, seed: int = 5) -> Path:
    """``root/proj``: the example, its keys, and ``n`` simulated responses imported as simulated."""
    eqsurvey = Eqsurvey(root)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("EQSURVEY_PASSPHRASE", PASSPHRASE)
        eqsurvey("init", "proj", "--example", "musterstadt")
        eqsurvey.cwd = root / "proj"
        eqsurvey("keys", "init")
        eqsurvey("responses", "simulate", "--n", str(n), "--seed", str(seed), "-o", "r.csv")
        assert f"stored {n}, rejected 0" in eqsurvey("responses", "import", "--simulated", "r.csv").stdout
    return root / "proj"


def copy_project(made: Path, to: Path) -> Path:
    """A test's own copy of a made project (the store and the keys with their modes)."""
    target = to / "proj"
    shutil.copytree(made, target)
    return target


def job_of(console: OpenConsole, location: str) -> Job:
    """The job a post started (from its redirect to ``/jobs/ID``), once it has finished."""
    found = re.fullmatch(r"/jobs/([\w-]+)", location)
    assert found, location
    jobs: Jobs = console.client.app.state.console.jobs  # type: ignore[attr-defined]
    job = jobs.get(found.group(1))
    assert job is not None
    deadline = time.monotonic() + 300
    while not job.finished:  # a wait for the worker thread, not a timed assertion
        assert time.monotonic() < deadline, "the job did not finish"
        time.sleep(0.05)
    return job


def seen_of(html: str) -> str:
    found = re.search(r'name="seen" value="([0-9a-f]+)"', html)
    assert found, "the page has no confirmation form"
    return found.group(1)
