"""The import and erasure workflows the command and the console share: progress told, problems per row, erasure."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from eqsurvey.config import load_project
from eqsurvey.workflows.responses import erase_response, import_responses
from kernel.errors import EqSurveyError
from survey.importers.formats import ImportFormat
from tests.integration.test_cli_responses import PASS
from tests.support.cli import Eqsurvey


@pytest.fixture
def keyed(project: Path, eqsurvey: Eqsurvey, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey("keys", "init")
    monkeypatch.delenv("EQSURVEY_PASSPHRASE")  # importing and erasing need no passphrase
    return project


def with_codes(eqsurvey: Eqsurvey, project: Path, n: int, broken: int | None = None) -> Path:
    rows = list(csv.DictReader(io.StringIO(eqsurvey("responses", "simulate", "--n", str(n), "--seed", "8").stdout)))
    for i, row in enumerate(rows, start=1):
        row["access_code"] = f"CODE-{i:04d}"
    if broken is not None:
        rows[broken]["ms_district"] = "atlantis"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    path = project / "export.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_import_tells_progress_and_lists_problems_by_row(keyed: Path, eqsurvey: Eqsurvey) -> None:
    source = with_codes(eqsurvey, keyed, 700, broken=4)
    told: list[int] = []
    imported = import_responses(load_project(keyed), source, progress=told.append)
    assert sum(told) == 700  # every row told, batch by batch
    assert imported.format is ImportFormat.csv and imported.report.stored == 699
    [problem] = imported.report.rejected
    assert problem.where.row == 6 and "atlantis" in problem.render()
    assert imported.summary.startswith("stored 699, rejected 1, unchanged 0")
    again = import_responses(load_project(keyed), source)
    assert again.report.stored == 0 and again.report.unchanged == 699


def test_erase_by_access_code_then_nothing_left_to_erase(keyed: Path, eqsurvey: Eqsurvey) -> None:
    import_responses(load_project(keyed), with_codes(eqsurvey, keyed, 3))
    erased = erase_response(load_project(keyed), access_code="code-0002")
    assert erased.count == 1 and not erased.carry_to_server
    with pytest.raises(EqSurveyError) as caught:
        erase_response(load_project(keyed), access_code="CODE-0002")
    assert caught.value.problems[0].code == "nothing-to-erase" and "CODE-0002" not in caught.value.render()
    with pytest.raises(EqSurveyError, match="nothing-to-erase"):
        erase_response(load_project(keyed), receipt="7K2Q-M9XD-4HTR-P0WZ-3FJC")
    assert "responses 2" in eqsurvey("responses", "count").stdout


def test_erase_needs_exactly_one_code(keyed: Path) -> None:
    for given in ({}, {"receipt": "A", "access_code": "B"}):
        with pytest.raises(EqSurveyError, match="erase-which"):
            erase_response(load_project(keyed), **given)
