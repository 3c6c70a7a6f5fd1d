"""Long steps as console jobs: progress, a result, a user error's problems, a bug named without its text."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from eqsurvey.console.frame import Console
from eqsurvey.console.jobs import Job, JobResult, Jobs
from eqsurvey.console.messages import CATALOGUES, MESSAGES
from eqsurvey.console.section import Section, Wording
from kernel.errors import EqSurveyError
from tests.support.console import open_console

RELEASE = threading.Event()


def _work(kind: str):  # type: ignore[no-untyped-def]
    def work(job: Job) -> JobResult:
        job.progress(1, 4, "first part")
        RELEASE.wait(10)
        if kind == "user":
            raise EqSurveyError.single("bad-export", "row 7 has no answers", "export again with answers")
        if kind == "bug":
            raise ValueError("secret answer text")
        return JobResult("imported 12 responses", link="/", link_text="overview")

    return work


def _routes(console: Console) -> list[BaseRoute]:
    async def start(request: Request) -> Response:
        await console.form(request)
        return console.start("Import", _work(request.path_params["kind"]))

    return [Route("/demo/{kind}", start, methods=["POST"])]


DEMO = Section("demo", MESSAGES[0], Wording(CATALOGUES, MESSAGES), _routes, package="eqsurvey.console")


def _finish(console, location: str) -> str:  # type: ignore[no-untyped-def]
    RELEASE.set()
    for _ in range(200):
        page = console.client.get(location)
        if 'http-equiv="refresh"' not in page.text:
            return str(page.text)
        time.sleep(0.02)
    raise AssertionError("the job did not finish")


def test_a_job_shows_progress_then_its_result(tmp_path: Path) -> None:
    RELEASE.clear()
    with open_console(tmp_path, sections=(DEMO,)) as console:
        started = console.post("/demo/ok")
        assert started.status_code == 303
        location = started.headers["location"]
        for _ in range(200):
            running = console.client.get(location).text
            if "first part" in running:
                break
            time.sleep(0.02)
        assert 'http-equiv="refresh"' in running and "<progress" in running and 'role="status"' in running
        assert "imported 12 responses" in _finish(console, location)


def test_a_failed_job_shows_the_problem_and_its_fix(tmp_path: Path) -> None:
    RELEASE.clear()
    with open_console(tmp_path, sections=(DEMO,)) as console:
        page = _finish(console, console.post("/demo/user").headers["location"])
        assert "row 7 has no answers" in page and "export again with answers" in page and 'role="alert"' in page


def test_a_bug_in_a_job_is_named_by_type_and_place_only(tmp_path: Path) -> None:
    RELEASE.clear()
    with open_console(tmp_path, sections=(DEMO,)) as console:
        page = _finish(console, console.post("/demo/bug").headers["location"])
        assert "ValueError at test_jobs.py" in page and "secret answer text" not in page


def test_finished_jobs_are_forgotten_beyond_the_kept_number() -> None:
    jobs = Jobs()
    started = [jobs.start("job", lambda job: JobResult("done")) for _ in range(250)]
    while not all(job.finished for job in started):
        time.sleep(0.01)
    last = jobs.start("last", lambda job: JobResult("done"))
    jobs.close()
    assert jobs.get(started[0].id) is None and jobs.get(started[-1].id) is not None
    assert jobs.get(last.id) is not None
