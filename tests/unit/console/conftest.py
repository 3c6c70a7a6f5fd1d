"""A surveyed Musterstadt project, made once per session and copied for each test that changes it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.console_project import copy_of, surveyed_project


@pytest.fixture(scope="session")
def surveyed_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return surveyed_project(tmp_path_factory.mktemp("surveyed"))


@pytest.fixture
def surveyed(surveyed_once: Path, tmp_path: Path) -> Path:
    return copy_of(surveyed_once, tmp_path / "musterstadt")
