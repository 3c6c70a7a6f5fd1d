"""Real Chromium for the browser tests: Debian's /usr/bin/chromium driven by Playwright's Python package.

The browser is never Playwright's own download (`playwright install` fetches a build from
elsewhere and fails on these machines); it is the system's Chromium, or the one named by
$EQSURVEY_CHROMIUM. On a developer's machine without Chromium or Playwright the browser tests
skip and say why; with CI=true they fail instead, so CI can never pass by skipping them.

Pages are opened offline: every request that is not for a local file or for this machine is
aborted and recorded, and a test (and, as a safety net, the fixture's teardown) asserts that
there were none. axe-core comes bundled inside axe-playwright-python and is injected as a
script, so the accessibility checks themselves fetch nothing either.

The pages and checks themselves are in tests/support (``browser``, ``accessibility``); this file
holds only the fixtures.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, NoReturn

import pytest

from tests.support.browser import CHROMIUM_ARGS, OfflinePage, chromium_path, offline_context

if TYPE_CHECKING:
    from playwright.sync_api import Browser


def _unavailable(reason: str) -> NoReturn:
    """Skip on a developer's machine; fail on CI, where a skipped browser test would hide a missing install."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(
            f"{reason} (CI=true: browser tests must run, not skip; .ci/run installs what they need)", pytrace=False
        )
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    for module, package in (("playwright", "playwright"), ("axe_playwright_python", "axe-playwright-python")):
        if importlib.util.find_spec(module) is None:
            _unavailable(f"browser tests need the Python package {package}: pip install -e '.[test]'")
    path = chromium_path()
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        _unavailable(
            f"browser tests need Chromium at {path}: apt-get install chromium, or set EQSURVEY_CHROMIUM "
            "to a Chromium binary (never `playwright install`)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def offline_page(browser: Browser) -> Iterator[OfflinePage]:
    with offline_context(browser) as offline:
        yield offline
    assert not offline.blocked, f"the page tried to reach the network: {offline.blocked}"
