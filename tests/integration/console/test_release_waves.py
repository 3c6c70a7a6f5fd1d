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


def _waves(folder: Path) -> list[tuple[int, int | None]]:
    """(release's wave number in the ledger, wave the release body states) of every release."""
    from eqsurvey.resources import project_store
    from instruments.loader import load_instrument

    loaded = load_project(folder)
    instrument = load_instrument(loaded.instrument_path).instrument
    store = project_store(loaded)
    try:
        return [(r.wave, (r.body.get("wave") or {}).get("number")) for r in store.releases(instrument.id)]
    finally:
        store.close()


def test_the_responses_of_one_wave_are_opened_and_released_with_that_waves_budget(
    console: OpenConsole,  # noqa: F811
    project: Path,  # noqa: F811
) -> None:
    from tests.support.release_console import PASSPHRASE

    start_wave(load_project(project), "2027", None, "second wave approved by the council")
    page = console.client.get("/release")
    # Both waves offered, the latest first and chosen; every response so far is the first wave's.
    options = page.text.split('<select id="wave" name="wave"')[1].split("</select>")[0]
    assert options.index("Wave 2: 2027") < options.index("Wave 1:") and "selected>Wave 2" in options
    assert "from the start of the survey to" in options and "to now" in options

    answer = console.post("/release/open", {"wave": "1", "passphrase": PASSPHRASE})
    assert answer.status_code == 303, answer.text
    job = job_of(console, answer.headers["location"])
    assert job.state == "done", (job.problems, job.failure)
    assert "The dataset holds wave 1:" in console.client.get("/release").text

    page = console.client.get("/release/new")
    assert "Wave 1 (1): this release measures its respondents and spends its own budget." in page.text
    assert "with 1,000 respondents" in page.text
    answer = console.post("/release/new", {"seen": seen_of(page.text), "confirm": "yes", "accept": ["simulated"]})
    assert answer.status_code == 303, answer.text
    job = job_of(console, answer.headers["location"])
    assert job.state == "done", (job.problems, job.failure)
    assert _waves(project) == [(1, 1)], "the release spends wave 1's budget and states wave 1"
    # The budget section shows each wave's budget, the latest first, and every release with its wave: the
    # release spent wave 1's budget, and wave 2's is whole.
    shown = console.client.get("/release").text
    assert "The figures above are the budget of the latest wave, wave 2: 2027." in shown
    table = shown.split('<caption id="waves-caption">Each wave&#39;s budget</caption>')[1].split("</table>")[0]
    rows = table.split("<tbody>")[1].split("</tr>")[:2]
    assert "Wave 2: 2027" in rows[0] and "Wave 1: 1" in rows[1]
    assert "to now" in rows[0] and "from the start of the survey" in rows[1]
    cells = [[c.split("</td>")[0] for c in row.split("<td>")[1:]] for row in rows]
    assert cells[0][3] == "ρ = 0" and cells[0][2] == cells[0][4], "wave 2: nothing spent, all left"
    assert cells[1][3] != "ρ = 0" and cells[1][2] != cells[1][4], "wave 1: its release's spend"
    assert cells[1][1] == "1,000", "wave 1 holds every response received so far"
    released = shown.split('<h2 id="releases">')[1].split("</table>")[0]
    assert released.count('href="/release/r/') == 1 and "<td>Wave 1: 1</td>" in released


def test_a_wave_the_survey_does_not_have_is_told_at_its_field_and_opens_nothing(
    console: OpenConsole,  # noqa: F811
    project: Path,  # noqa: F811
) -> None:
    from tests.support.release_console import PASSPHRASE

    start_wave(load_project(project), "2027", None, "second wave approved by the council")
    answer = console.post("/release/open", {"wave": "7", "passphrase": PASSPHRASE})
    assert answer.status_code == 422 and 'href="#field-wave"' in answer.text
    assert PASSPHRASE not in answer.text
    assert not (project / "data" / "dataset.parquet").exists()


def test_a_dataset_of_a_wave_whose_days_changed_since_is_refused(
    console: OpenConsole,  # noqa: F811
    project: Path,  # noqa: F811
) -> None:
    from tests.support.release_console import PASSPHRASE

    start_wave(load_project(project), "2027", None, "second wave approved by the council")
    answer = console.post("/release/open", {"wave": "2", "passphrase": PASSPHRASE})  # the latest: open-ended
    assert answer.status_code == 303, answer.text
    job = job_of(console, answer.headers["location"])
    assert job.state == "done", (job.problems, job.failure)
    start_wave(load_project(project), "2028", "2028-01-01", "third wave approved by the council")
    refused = console.client.get("/release/new")
    assert "holds wave 2 as its days were when it was opened" in refused.text and 'name="confirm"' not in refused.text
    assert ledger(project) == []
