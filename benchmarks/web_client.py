"""What the web benchmarks share: a throwaway project, `eqsurvey serve` as a child process, virtual respondents.

Used by ``web_load.py`` and ``web_crash.py`` (run by hand). Respondents speak
HTTP to a real server, as browsers would: a cookie jar each, the sealed
``_state`` field carried from page to page, answers that a simulated person
of the Musterstadt example gives (so skip logic sends walks different ways).
The answers are turned into fields by the form's own pages and field code;
the server is a separate process and is only ever spoken to over HTTP.
"""

from __future__ import annotations

import math
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from contextlib import closing
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import IO

import httpx2

ROOT = Path(__file__).resolve().parent.parent
# This checkout's code, in this process as in the server's (whatever version is installed).
if str(ROOT) not in sys.path:
    sys.path.insert(1, str(ROOT))
PASSPHRASE = "benchmark passphrase, not a secret"  # noqa: S105
STORE = Path("data") / "responses.sqlite"
_STATE = re.compile(r'name="_state" value="([^"]+)"')
_RECEIPT = re.compile(r'class="receipt"><bdi>([0-9A-Z-]+)</bdi>')

#: The fields of each page a respondent fills in, in the order the server shows them.
Plan = list[dict[str, list[str]]]


def _env(passphrase: bool) -> dict[str, str]:
    # This checkout's code first, whatever is installed; the server never gets the passphrase.
    env = {k: v for k, v in os.environ.items() if k != "EQSURVEY_PASSPHRASE"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    if passphrase:
        env["EQSURVEY_PASSPHRASE"] = PASSPHRASE
    return env


def _eqsurvey(cwd: Path, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "eqsurvey", *args], cwd=cwd, env=_env(True), check=True, capture_output=True)


def make_project(parent: Path) -> Path:
    """A new Musterstadt project with keys, in ``parent``/proj."""
    _eqsurvey(parent, "init", "proj", "--example", "musterstadt")
    _eqsurvey(parent / "proj", "keys", "init")
    return parent / "proj"


def plans(project: Path, n: int, seed: int) -> tuple[str, list[Plan]]:
    """The survey's id and ``n`` simulated respondents' walks through the form (varied answers, valid)."""
    from eqsurvey.config import load_project
    from instruments.loader import load_instrument
    from survey.simulation.simulator import simulate
    from survey.web.fields import to_fields
    from survey.web.pages import asked_on, next_page, pages_of

    instrument = load_instrument(load_project(project).instrument_path).instrument
    pages = pages_of(instrument)
    walks: list[Plan] = []
    for answers in simulate(instrument, n, seed=seed):
        walk: Plan = []
        index = next_page(instrument, pages, 0, answers)
        while index < len(pages):
            walk.append(to_fields(asked_on(instrument, pages[index], answers), answers))
            index = next_page(instrument, pages, index + 1, answers)
        walks.append(walk)
    return instrument.id, walks


#: Per-client limits of `eqsurvey serve`, turned off where the server has them: every virtual respondent
#: comes from loopback, so all would count as one client.
_LIMITS = ("--requests-per-minute", "--submissions-per-hour")


@cache
def _serve_options() -> tuple[str, ...]:
    shown = subprocess.run(
        [sys.executable, "-m", "eqsurvey", "serve", "--help"],
        env=_env(False) | {"COLUMNS": "250"},  # wide enough that no option name is cut
        capture_output=True,
        text=True,
        check=True,
    )
    return tuple(part for option in _LIMITS if option in shown.stdout for part in (option, "0"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``eqsurvey serve`` on a loopback port, started, stopped, or killed like a crash."""

    def __init__(self, project: Path, log: IO[bytes], options: tuple[str, ...] = ()) -> None:
        """``options`` for ``eqsurvey serve``; a limit given there replaces the default of turning it off."""
        self.project = project
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = log
        off = _serve_options()
        kept = [part for i in range(0, len(off), 2) if off[i] not in options for part in off[i : i + 2]]
        self._options = (*kept, *options)
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def process(self) -> subprocess.Popen[bytes]:
        if self._process is None:
            raise RuntimeError("the server is not running")
        return self._process

    def start(self, timeout: float = 30) -> None:
        command = [sys.executable, "-m", "eqsurvey", "serve", "--port", str(self.port), *self._options]
        self._process = subprocess.Popen(command, cwd=self.project, env=_env(False), stdout=self._log, stderr=self._log)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server stopped at start (exit {self.process.returncode})")
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError(f"the server did not listen within {timeout} s")

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as when the machine's OOM killer or a power cut ends it."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self._process = None

    def stop(self) -> None:
        if self._process is None:  # killed and not started again
            return
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=30)
        self._process = None

    def peak_rss_mib(self) -> float:
        return _proc_status_kib(self.process.pid, "VmHWM") / 1024

    def cpu_seconds(self) -> float:
        """CPU time of the server and of every process it started (the workers of ``--workers``)."""
        return sum(_cpu_of(pid) for pid in _tree(self.process.pid))


def _stat(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _cpu_of(pid: int) -> float:
    try:
        fields = _stat(pid)
    except OSError:  # ended meanwhile
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _tree(root: int) -> list[int]:
    """``root`` and its descendants, from /proc (parent id is the stat file's second field after the name)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                children.setdefault(int(_stat(int(entry.name))[1]), []).append(int(entry.name))
            except OSError:
                continue
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _proc_status_kib(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


@dataclass
class Latencies:
    seconds: list[float] = field(default_factory=list)

    def add(self, started: float) -> None:
        self.seconds.append(time.perf_counter() - started)

    def ms(self, q: float) -> float:
        """The ``q`` quantile in milliseconds (nearest rank); NaN with no samples."""
        if not self.seconds:
            return math.nan
        ordered = sorted(self.seconds)
        return 1000 * ordered[max(0, math.ceil(q * len(ordered)) - 1)]


class WalkError(Exception):
    """The server answered a step with something other than the next page."""


@dataclass(frozen=True)
class Ready:
    """A respondent on the ready-to-send page: what the browser holds to press Send."""

    cookie: str
    state: str


class Respondents:
    """Virtual respondents over one pool of ``connections``; each respondent has its own cookie jar."""

    def __init__(self, url: str, connections: int, timeout: float = 30) -> None:
        limits = httpx2.Limits(max_connections=connections, max_keepalive_connections=connections)
        # One transport for all: respondents share connections (and no TLS context is built per respondent).
        self._transport = httpx2.AsyncHTTPTransport(limits=limits, retries=0)
        self._url = url
        self._timeout = timeout
        self._bare = self._client()

    def _client(self) -> httpx2.AsyncClient:
        return httpx2.AsyncClient(base_url=self._url, transport=self._transport, timeout=self._timeout)

    async def walk(self, plan: Plan, lang: str, timings: Latencies) -> Ready:
        """Welcome page, start, every page of ``plan``: the respondent is then on the ready-to-send page."""
        client = self._client()
        started = time.perf_counter()
        page = await client.get("/", params={"lang": lang})
        timings.add(started)
        steps: list[tuple[str, dict[str, list[str]]]] = [("start", {}), *(("next", fields) for fields in plan)]
        for action, fields in steps:
            page = await self._post(client, page, action, fields, timings)
        if 'value="submit"' not in page.text:
            raise WalkError("the walk did not end on the ready-to-send page")
        return Ready(client.cookies["eqs_csrf"], _state_of(page))

    async def _post(
        self,
        client: httpx2.AsyncClient,
        page: httpx2.Response,
        action: str,
        fields: dict[str, list[str]],
        timings: Latencies,
    ) -> httpx2.Response:
        started = time.perf_counter()
        answer = await client.post("/form", data={"_state": _state_of(page), "_action": action, **fields})
        timings.add(started)
        if answer.status_code != 200:
            raise WalkError(f"{action}: HTTP {answer.status_code}")
        return answer

    async def submit(self, ready: Ready, timings: Latencies, since: float | None = None) -> str:
        """Press Send; the receipt code of the thank-you page (WalkError without one).

        The latency counts from ``since`` if given (an open loop's planned arrival), else from sending.
        """
        started = time.perf_counter() if since is None else since
        answer = await self._bare.post(
            "/form", data={"_state": ready.state, "_action": "submit"}, headers={"cookie": f"eqs_csrf={ready.cookie}"}
        )
        timings.add(started)
        found = _RECEIPT.search(answer.text)
        if answer.status_code != 200 or not found:
            raise WalkError(f"submit: HTTP {answer.status_code} without a receipt")
        return found.group(1)

    async def aclose(self) -> None:
        await self._bare.aclose()  # closes the shared transport too


def _state_of(page: httpx2.Response) -> str:
    found = _STATE.search(page.text)
    if not found:
        raise WalkError(f"HTTP {page.status_code}: a page without a state field")
    return found.group(1)


@dataclass(frozen=True)
class Stored:
    """What the store holds of the receipts given out, read in SQLite directly."""

    receipts_found: int  # receipts given out whose keyed hash is stored with a stored response
    receipts_twice: int  # receipts given out more than once, or hashes stored more than once
    responses: int
    integrity: str

    def problems(self, thanked: int) -> list[str]:
        """What is wrong with the store, for ``thanked`` receipts given out (the counts are the caller's to judge)."""
        found = []
        if self.receipts_found != thanked:
            found.append(f"{thanked - self.receipts_found} thanked submissions are not stored")
        if self.receipts_twice:
            found.append(f"{self.receipts_twice} receipts twice")
        if self.integrity != "ok":
            found.append(f"integrity check: {self.integrity}")
        return found


def stored(project: Path, survey_id: str, receipts: list[str]) -> Stored:
    from anonymize.keys.keyring import Keyring

    secret = Keyring(project / "keys").pseudonym_secret()
    given = Counter(secret.receipt_hash(survey_id, r) for r in receipts)
    # Read-write like any client of the store (a read-only one cannot recover a log left by a killed server).
    with closing(sqlite3.connect(project / STORE)) as db:
        hashes = Counter(
            h
            for (h,) in db.execute(
                "SELECT r.receipt_hash FROM receipts r JOIN responses s"
                " ON s.instrument_id = r.instrument_id AND s.pseudonym = r.pseudonym"
            )
        )
        (responses,) = db.execute("SELECT count(*) FROM responses WHERE instrument_id = ?", (survey_id,)).fetchone()
        (integrity,) = db.execute("PRAGMA integrity_check").fetchone()
    found = sum(1 for h in given if hashes[h] >= 1)
    twice = sum(1 for n in given.values() if n > 1) + sum(1 for n in hashes.values() if n > 1)
    return Stored(found, twice, int(responses), str(integrity))
