"""Browser pages that stay offline: Debian's Chromium, every request seen, non-local ones aborted.

The ``browser`` and ``offline_page`` fixtures (tests/e2e/conftest.py) are made from these.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

DEFAULT_CHROMIUM = "/usr/bin/chromium"
# No sandbox: CI runs as root in a container. The rest keeps Chromium from calling home
# (component updates, sync, field trials) so the only traffic is what the page itself asks for.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
LOCAL_SCHEMES = {"file", "data", "blob", "about"}


def chromium_path() -> str:
    return os.environ.get("EQSURVEY_CHROMIUM") or DEFAULT_CHROMIUM


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or (parts.scheme in ("http", "https") and parts.hostname in LOCAL_HOSTS)


@dataclass
class OfflinePage:
    """A fresh page in its own browser context, with every request seen and non-local ones aborted."""

    page: Page
    requests: list[str] = field(default_factory=list)  # every request the page made, in order
    blocked: list[str] = field(default_factory=list)  # the ones that would have left this machine

    def open(self, path: Path) -> str:
        """Load a local file; its file:// URL is returned."""
        url = path.resolve().as_uri()
        self.page.goto(url, wait_until="load")
        return url

    def requests_besides(self, url: str) -> list[str]:
        return [r for r in self.requests if r != url]


@contextmanager
def offline_context(browser: Browser, *, javascript: bool = True) -> Iterator[OfflinePage]:
    """A fresh page in its own browser context; JavaScript on for axe-core, off to prove the form needs none."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        service_workers="block",
        java_script_enabled=javascript,
    )
    offline = OfflinePage(context.new_page())

    def route(r: Route) -> None:
        if is_local(r.request.url):
            r.continue_()
        else:
            offline.blocked.append(r.request.url)
            r.abort("internetdisconnected")

    context.on("request", lambda request: offline.requests.append(request.url))
    context.route("**/*", route)
    try:
        yield offline
    finally:
        context.close()
