"""eqsurvey serve as a real uvicorn process: it answers without the passphrase and logs nothing about respondents."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.integration.conftest import Eqsurvey

CANARIES = {
    "User-Agent": "UA-CANARY-7f3a",
    "X-Forwarded-For": "203.0.113.77",
    "Referer": "https://referrer.example/canary-page",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, data: bytes | None = None) -> int:
    request = urllib.request.Request(url, data=data, headers=CANARIES)  # noqa: S310 - http on loopback
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - a local test server
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def _wait_for(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server stopped before it answered"
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    pytest.fail("the server did not start listening within 30 s")


def test_the_server_needs_no_passphrase_and_logs_no_address_agent_or_referrer(keyed: Path, tmp_path: Path) -> None:
    project = keyed  # the Musterstadt example with keys; the server itself runs without the passphrase
    log = tmp_path / "server.log"
    with _serving(project, log) as base:
        assert _get(base + "/") == 200
        assert _get(base + "/?lang=en") == 200
        assert _get(base + "/no-such-page") == 404
        assert _get(base + "/form", b"_state=forged&_action=next") in (400, 403)
    text = log.read_text(encoding="utf-8", errors="replace")
    assert "serving the survey" in text  # the log is there and was read
    for value in CANARIES.values():
        assert value not in text, f"the server logged {value!r}:\n{text}"
    assert not re.search(r"\d+\.\d+\.\d+\.\d+:\d+ - ", text), text  # uvicorn's access-log line
    assert "HTTP/1.1" not in text and "GET /" not in text and "POST /form" not in text, text
    store = project / "data" / "responses.sqlite"
    if store.exists():
        assert b"UA-CANARY" not in store.read_bytes() and b"203.0.113.77" not in store.read_bytes()


def test_access_and_rate_limit_options_reach_the_server_and_refusals_log_nothing(keyed: Path, tmp_path: Path) -> None:
    project = keyed  # the Musterstadt example with keys; the server itself runs without the passphrase
    log = tmp_path / "server.log"
    with _serving(project, log, "--access", "codes", "--requests-per-minute", "3") as base:
        with urllib.request.urlopen(base + "/", timeout=10) as page:  # noqa: S310 - a local test server
            assert b'name="_code"' in page.read(), "codes required although the survey has no invitations yet"
        assert [_get(base + "/") for _ in range(3)] == [200, 200, 429]
    text = log.read_text(encoding="utf-8", errors="replace")
    assert "invitations only" in text
    assert not any(value in text for value in CANARIES.values()) and "429" not in text, text


@contextmanager
def _serving(project: Path, log: Path, *options: str) -> Iterator[str]:
    """``eqsurvey serve`` in the project, without the passphrase, its output in ``log``; yields its base URL."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "EQSURVEY_PASSPHRASE"}  # the collector never has it
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "eqsurvey", "serve", "--port", str(port), *options],
            cwd=project,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_for(port, server)
            yield f"http://127.0.0.1:{port}"
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=20)


def test_serve_without_keys_is_a_clear_error(eqsurvey: Eqsurvey, tmp_path: Path) -> None:
    eqsurvey("init", "bare", "--example", "musterstadt")
    eqsurvey.cwd = tmp_path / "bare"
    run = eqsurvey("serve", "--port", str(_free_port()), expect=1)
    assert "keys" in run.stderr and "Traceback" not in run.stderr
