"""Fixtures of the web tests: a real project (eqsurvey init, keys init) served in-process by Starlette's TestClient.

The form driver, the small survey and what a form stored are in tests/support/web_form.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from eqsurvey.workflows.form_app import create_app
from tests.support.builders import instrument_yaml
from tests.support.cli import Eqsurvey
from tests.support.web_form import PASS, SMALL


@pytest.fixture
def keyed(project: Path, eqsurvey: Eqsurvey, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey("keys", "init")
    return project


@pytest.fixture
def client(keyed: Path) -> Iterator[TestClient]:
    with TestClient(create_app(keyed)) as test_client:
        yield test_client


@pytest.fixture
def small(eqsurvey: Eqsurvey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey("init", "small")
    project = tmp_path / "small"
    (project / "instrument.yaml").write_text(instrument_yaml(SMALL), encoding="utf-8")
    eqsurvey.cwd = project
    eqsurvey("keys", "init")
    return project
