"""``eqsurvey serve`` as a real process on a free loopback port, and respondents that speak HTTP to it.

For tests that need what the in-process TestClient cannot give: a server
that can be killed. Respondents are simulated people of the project's
survey; their answers become form fields through the form's own page and
field code, and each walk keeps its own cookie jar, as a browser does.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx2

from eqsurvey.config import load_project
from instruments.loader import load_instrument
from survey.simulation.simulator import simulate
from survey.web.fields import Fields, to_fields
from survey.web.pages import asked_on, next_page, pages_of

ROOT = Path(__file__).resolve().parents[3]
_STATE = re.compile(r'name="_state" value="([^"]+)"')
_RECEIPT = re.compile(r'class="receipt"><bdi>([0-9A-Z-]+)</bdi>')
#: Per-client limits turned off where the server has them: every test respondent comes from loopback.
_LIMITS = ("--requests-per-minute", "--submissions-per-hour")


def walks(project: Path, n: int, seed: int) -> list[list[Fields]]:
    """``n`` simulated respondents: the fields of each page they are shown, in order (skip logic applied)."""
    instrument = load_instrument(load_project(project).instrument_path).instrument
    pages = pages_of(instrument)
    found = []
    for answers in simulate(instrument, n, seed=seed):
        walk, index = [], next_page(instrument, pages, 0, answers)
        while index < len(pages):
            walk.append(to_fields(asked_on(instrument, pages[index], answers), answers))
            index = next_page(instrument, pages, index + 1, answers)
        found.append(walk)
    return found


def _env() -> dict[str, str]:
    # The collecting side never has the passphrase; this checkout's code, whatever is installed.
    env = {k: v for k, v in os.environ.items() if k != "EQSURVEY_PASSPHRASE"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return env


def _limits_off() -> list[str]:
    shown = subprocess.run(
        [sys.executable, "-m", "eqsurvey", "serve", "--help"],
        env=_env() | {"COLUMNS": "250"},  # wide enough that no option name is cut
        capture_output=True,
        text=True,
        check=True,
    )
    return [part for option in _LIMITS if option in shown.stdout for part in (option, "0")]


class Server:
    """The project's form served by a child process that can be started again on the same port, or killed."""

    def __init__(self, project: Path, log: IO[bytes], options: tuple[str, ...] = ()) -> None:
        """``options`` for ``eqsurvey serve``; a limit given there is kept, the others are turned off."""
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = int(s.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        off = _limits_off()
        kept = [part for i in range(0, len(off), 2) if off[i] not in options for part in off[i : i + 2]]
        self._project, self._log, self._options = project, log, [*kept, *options]
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [sys.executable, "-m", "eqsurvey", "serve", "--port", str(self.port), *self._options]
        process = subprocess.Popen(command, cwd=self._project, env=_env(), stdout=self._log, stderr=self._log)
        self._process = process
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert process.poll() is None, "the server stopped before it answered"
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise AssertionError("the server did not listen within 30 s")

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, nothing is flushed by the process."""
        assert self._process is not None
        self._process.send_signal(signal.SIGKILL)
        self._process.wait(timeout=10)
        self._process = None

    def stop(self) -> None:
        if self._process is not None:
            self._process.send_signal(signal.SIGINT)
            self._process.wait(timeout=30)
            self._process = None


@dataclass(frozen=True)
class Ready:
    """A respondent on the ready-to-send page: the cookie and the state a browser holds to press Send."""

    cookie: str
    state: str


class Respondents:
    """Respondents over one pool of connections (no TLS context each); a cookie jar per walk."""

    def __init__(self, url: str, connections: int) -> None:
        limits = httpx2.Limits(max_connections=connections, max_keepalive_connections=connections)
        self._transport = httpx2.AsyncHTTPTransport(limits=limits)
        self._url = url
        self._bare = self._client()

    def _client(self) -> httpx2.AsyncClient:
        return httpx2.AsyncClient(base_url=self._url, transport=self._transport, timeout=20)

    async def walk(self, walk: list[Fields]) -> Ready:
        client = self._client()
        page = await client.get("/")
        for action, fields in [("start", {}), *(("next", f) for f in walk)]:
            page = await client.post("/form", data={"_state": _state_of(page), "_action": action, **fields})
            assert page.status_code == 200, f"{action}: HTTP {page.status_code}"
        assert 'value="submit"' in page.text, "the walk did not end on the ready-to-send page"
        return Ready(client.cookies["eqs_csrf"], _state_of(page))

    async def send(self, ready: Ready) -> httpx2.Response:
        """Press Send (transport errors propagate: the server may be gone)."""
        cookie = {"cookie": f"eqs_csrf={ready.cookie}"}
        return await self._bare.post("/form", data={"_state": ready.state, "_action": "submit"}, headers=cookie)

    async def aclose(self) -> None:
        await self._bare.aclose()  # and the shared transport with it


def receipt_of(page: httpx2.Response) -> str | None:
    found = _RECEIPT.search(page.text) if page.status_code == 200 else None
    return found.group(1) if found else None


def _state_of(page: httpx2.Response) -> str:
    found = _STATE.search(page.text)
    assert found, f"HTTP {page.status_code}: a page without a state field"
    return found.group(1)
