"""The console releases from its dataset file, which cannot tell survey waves apart: refused once there are two."""

from __future__ import annotations

from pathlib import Path

from eqsurvey.config import load_project
from eqsurvey.workflows.waves import start_wave
from tests.integration.console.test_release_budget import (  # noqa: F401 - the same fixtures
    console,
    ledger,
    made,
    opened,
    project,
)
from tests.support.console import OpenConsole
from tests.support.release_console import job_of, seen_of


def test_a_second_wave_stops_the_consoles_release_from_its_dataset_file(console: OpenConsole, project: Path) -> None:  # noqa: F811
    opened(console)
    page = console.client.get("/release/new")
    assert page.status_code == 200 and 'name="confirm"' in page.text
    seen = seen_of(page.text)

    start_wave(load_project(project), "2027", None, "second wave approved by the council")

    refused = console.client.get("/release/new")
    assert "cannot tell them apart" in refused.text and 'name="confirm"' not in refused.text
    answer = console.post("/release/new", {"seen": seen, "confirm": "yes"})
    if answer.status_code == 303:  # made a job: it must fail, and say why
        job = job_of(console, answer.headers["location"])
        assert job.state != "done" and "wave-dataset-file" in str(job.problems), (job.state, job.problems)
    else:
        assert answer.status_code == 422 and "cannot tell them apart" in answer.text
    assert ledger(project) == [], "nothing was released from the file of two waves"
