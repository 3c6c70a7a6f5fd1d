"""Long steps of the console (imports, opening responses, releases, PDFs) as jobs in a worker thread.

A job runs to its end whether or not a page is watching: closing the tab
stops nothing half-way, and the library functions a job calls are
transactional themselves. Its page shows progress and refreshes itself
(a meta refresh, no script) until the job is done. What a job was given to
work with — a passphrase — lives only in the closure it runs, which is dropped
when it ends.
"""

from __future__ import annotations

import logging
import secrets
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from kernel.errors import EqSurveyError, Problem

_LOG = logging.getLogger("eqsurvey.console")
#: Jobs kept for their pages after they end; older ones are forgotten.
KEPT_JOBS = 200


@dataclass(frozen=True)
class JobResult:
    """What a finished job says, and where to go next (a page, or a file to download)."""

    message: str
    link: str | None = None
    link_text: str | None = None


@dataclass
class Job:
    id: str
    title: str
    state: Literal["waiting", "running", "done", "failed"] = "waiting"
    done: int = 0
    total: int | None = None
    note: str = ""
    result: JobResult | None = None
    problems: list[Problem] = field(default_factory=list)
    failure: str | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def progress(self, done: int, total: int | None = None, note: str = "") -> None:
        with self._lock:
            self.done, self.total = done, total
            if note:
                self.note = note

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")


Progress = Callable[[int, "int | None", str], None]
Work = Callable[[Job], JobResult]


class Jobs:
    """One worker thread by default: two releases must not race for the budget in one console."""

    def __init__(self, workers: int = 1) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="console-job")
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def start(self, title: str, work: Work) -> Job:
        job = Job(id=secrets.token_urlsafe(12), title=title)
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > KEPT_JOBS:
                oldest = next(iter(self._jobs))
                if not self._jobs[oldest].finished:
                    break
                del self._jobs[oldest]
        self._pool.submit(_run, job, work)
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def running(self) -> list[Job]:
        with self._lock:
            return [job for job in self._jobs.values() if not job.finished]

    def close(self) -> None:
        # Jobs under way finish (a release half-spent must not be cut off); new ones are not taken.
        self._pool.shutdown(wait=True, cancel_futures=True)


def _run(job: Job, work: Work) -> None:
    job.state = "running"
    try:
        job.result = work(job)
        job.state = "done"
    except EqSurveyError as exc:
        job.problems = list(exc.problems)
        job.state = "failed"
    except Exception as exc:  # a bug: named by type and place only, since its text could quote answers or secrets
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        job.failure = f"{type(exc).__name__} at {Path(frame.filename).name}:{frame.lineno}"
        _LOG.error("console job failed: %s", job.failure)
        job.state = "failed"
