"""Fixtures of the integration tests: the real eqsurvey command in a temporary project, the PostgreSQL server.

What they are made of is in tests/support (``cli``, ``databases``, ``postgres_server``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.cli import Eqsurvey


@pytest.fixture
def eqsurvey(tmp_path: Path) -> Iterator[Eqsurvey]:
    yield Eqsurvey(tmp_path)


@pytest.fixture
def project(eqsurvey: Eqsurvey, tmp_path: Path) -> Path:
    eqsurvey("init", "proj", "--example", "musterstadt")
    eqsurvey.cwd = tmp_path / "proj"
    return tmp_path / "proj"


@pytest.fixture(scope="session")
def postgres() -> Iterator[tuple[str, Path]]:
    from tests.support.postgres_server import postgres_server

    with postgres_server() as server:
        yield server
