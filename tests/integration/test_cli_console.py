"""``eqsurvey console`` as a person starts it: a process on loopback that prints a one-time link."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from email.message import Message
from pathlib import Path

import pytest


def _start(folder: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "eqsurvey", "console", *args],
        cwd=folder,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=env,
    )


def _link(process: subprocess.Popen[str]) -> str:
    assert process.stderr is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        found = re.search(r"(http://127\.0\.0\.1:\d+/open\?token=\S+)", line)
        if found:
            return found.group(1)
    raise AssertionError("the console printed no link")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _get(url: str, cookie: str = "") -> tuple[int, Message]:
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers={"cookie": cookie} if cookie else {})  # noqa: S310 - a loopback http URL
    for _ in range(100):
        try:
            with opener.open(request, timeout=10) as answer:
                return answer.status, answer.headers
        except urllib.error.HTTPError as exc:
            exc.close()
            return exc.code, exc.headers
        except ConnectionError:
            time.sleep(0.1)
    raise AssertionError(f"no answer from {url}")


def test_the_console_listens_on_loopback_and_its_link_works_once(project: Path) -> None:
    process = _start(project, "--port", "0")
    try:
        link = _link(process)
        base = link.split("/open")[0]
        assert _get(base + "/")[0] == 403
        status, headers = _get(link)
        assert status == 303
        cookie = str(headers.get("set-cookie")).split(";")[0]
        assert _get(base + "/", cookie)[0] == 200
        assert _get(link)[0] == 403  # spent
    finally:
        process.terminate()
        process.wait(timeout=30)
        assert process.stderr is not None
        process.stderr.close()
    assert process.returncode in (0, -15)


def test_a_port_in_use_is_a_clear_error(project: Path) -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    port = taken.getsockname()[1]
    try:
        done = subprocess.run(
            [sys.executable, "-m", "eqsurvey", "console", "--port", str(port)],
            cwd=project,
            check=False,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        taken.close()
    assert done.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr and "--port" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("flag", ["--host"])
def test_there_is_no_way_to_listen_beyond_loopback(project: Path, flag: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "eqsurvey", "console", flag, "0.0.0.0"],  # noqa: S104 - the refused address
        cwd=project,
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "No such option" in done.stderr
