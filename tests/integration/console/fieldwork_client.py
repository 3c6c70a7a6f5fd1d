"""Driving the fieldwork section through a TestClient: its jobs waited for, its pages' tables read."""

from __future__ import annotations

import time
from typing import Any

from eqsurvey.console.jobs import Job
from tests.support.console import OpenConsole


def job_of(console: OpenConsole, answer: Any) -> Job:
    """The job a post started (its redirect names it), once it has finished."""
    assert answer.status_code == 303 and answer.headers["location"].startswith("/jobs/"), answer.text
    job_id = answer.headers["location"].rsplit("/", 1)[1]
    jobs = console.client.app.state.console.jobs  # type: ignore[attr-defined]
    deadline = time.monotonic() + 120
    while True:
        job = jobs.get(job_id)
        assert job is not None
        if job.finished:
            return job  # type: ignore[no-any-return]
        assert time.monotonic() < deadline, "the job did not finish"
        time.sleep(0.05)


def upload(console: OpenConsole, name: str, data: bytes, *, csrf: str | None = None, **more: tuple[str, bytes]) -> Any:
    files = {"export": (name, data, "application/octet-stream")}
    files.update({key: (n, d, "application/octet-stream") for key, (n, d) in more.items()})
    return console.client.post(
        "/fieldwork/import",
        data={"csrf": console.csrf if csrf is None else csrf},
        files=files,
        follow_redirects=False,
    )
