"""The console in Chromium: served by real uvicorn on a loopback port, opened through its one-time link.

``console_server(folder)`` serves the console for ``folder`` and yields its base URL and link;
``open_in(context_page, link)`` opens the link in a page as a person would (the link is spent).
``check_page(page)`` is what every console page must pass: axe-core clean, headings in order,
every control reachable by Tab in reading order.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import uvicorn

from eqsurvey.console.app import create_console
from eqsurvey.console.gate import Gate
from tests.support.accessibility import (
    axe_violations,
    describe_violations,
    heading_levels,
    skipped_heading_levels,
    walk_tab_order,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page


@dataclass(frozen=True)
class Served:
    base: str
    link: str


@contextmanager
def console_server(folder: Path) -> Iterator[Served]:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)  # TCP_NODELAY by asyncio
    listener.bind(("127.0.0.1", 0))  # bound here and handed over: the console knows its port before it starts
    port = int(listener.getsockname()[1])
    token = Gate.new_token()
    app = create_console(folder, port=port, link_token=token)
    config = uvicorn.Config(app, access_log=False, log_config=None, lifespan="on", server_header=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    base = f"http://127.0.0.1:{port}"
    try:
        yield Served(base, f"{base}/open?token={token}")
    finally:
        server.should_exit = True
        thread.join(timeout=60)
        listener.close()


def check_page(page: Page) -> list[str]:
    """What keeps the page from being usable by everyone; empty when it is."""
    problems = []
    violations = axe_violations(page)
    if violations:
        problems.append(describe_violations(violations))
    problems += skipped_heading_levels(heading_levels(page))
    problems += walk_tab_order(page).problems(page)
    return problems


def wait_for_job(page: Page, timeout_s: float = 120) -> None:
    """Stay on a job's page until it has finished (it refreshes itself until then)."""
    deadline = time.monotonic() + timeout_s
    while page.locator('meta[http-equiv="refresh"]').count():
        assert time.monotonic() < deadline, "the console's job did not finish"
        page.wait_for_timeout(500)
        page.reload()


_ACTIVE_NAME = """() => { const el = document.activeElement; if (!el || el === document.body) return '';
  const label = el.labels && el.labels.length ? el.labels[0].innerText : '';
  return (el.getAttribute('aria-label') || label || el.innerText || el.value || '').trim(); }"""


def tab_to(page: Page, name: str, limit: int = 80) -> None:
    """Press Tab (only) until the focused control's name starts with ``name``, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused: str = page.evaluate(_ACTIVE_NAME)
        if focused.startswith(name):
            return
    raise AssertionError(f"Tab never reaches a control named {name!r}")


_IMPORT_WORDS = {
    "en": ("Export file", "Import", "See the result of the import"),
    "de": ("Exportdatei", "Importieren", "Ergebnis des Imports ansehen"),
}


def import_file(page: Page, export: Path, lang: str = "en") -> None:
    """On the import page: choose the export, import it, wait for the job and open its result."""
    field, button, result = _IMPORT_WORDS[lang]
    page.get_by_label(field).set_input_files(str(export))
    page.get_by_role("button", name=button).click()
    wait_for_job(page)
    page.get_by_role("link", name=result).click()
