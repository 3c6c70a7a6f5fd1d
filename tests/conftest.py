"""Markers the quick loop selects on, set where they follow from what a test uses.

``browser``: every test under ``tests/e2e`` (they drive Chromium). ``postgres``: every test that
uses the ``postgres`` fixture (``tests/integration/conftest.py``), directly or through another
fixture, and every test run with a ``"postgresql"`` parameter, since store fixtures parametrized
over both dialects ask for the server only inside that case (``request.getfixturevalue``).
``slow`` is set by hand on each slow test. Markers only select: nothing here skips a test, and
under CI (``CI=true``) selecting by marker is refused, so CI always runs every test.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

_E2E = Path(__file__).parent / "e2e"


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("CI") == "true" and config.getoption("markexpr"):
        raise pytest.UsageError(
            f"-m {config.getoption('markexpr')!r} under CI=true: CI runs every test; run scripts/check.sh, "
            "or unset CI for the quick loop (scripts/quick.sh)"
        )


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(_E2E):
            item.add_marker(pytest.mark.browser)
        callspec = getattr(item, "callspec", None)
        params = callspec.params.values() if callspec is not None else ()
        if "postgres" in getattr(item, "fixturenames", ()) or "postgresql" in params:
            item.add_marker(pytest.mark.postgres)
