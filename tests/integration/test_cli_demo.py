"""eqsurvey demo: the whole pipeline through the real command, on a small population."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.integration.conftest import Eqsurvey


def test_the_demo_runs_every_step_and_prints_its_reports(eqsurvey: Eqsurvey, tmp_path: Path) -> None:
    before = os.environ.get("EQSURVEY_PASSPHRASE")
    run = eqsurvey("demo", "demo", "--n", "400", "--seed", "2")
    assert os.environ.get("EQSURVEY_PASSPHRASE") == before  # the demo's passphrase does not outlive it
    root = (tmp_path / "demo").resolve()
    paths = [Path(line) for line in run.stdout.splitlines()]
    assert paths == [
        root / "reports" / f"{name}-{lang}.{fmt}"
        for lang in ("de", "en")
        for name in ("summary", "report")
        for fmt in ("html", "pdf")
    ]
    for path in paths:
        assert path.stat().st_size > 10_000
    assert paths[1].read_bytes().startswith(b"%PDF")
    assert '<html lang="de"' in paths[0].read_text(encoding="utf-8")
    from pypdf import PdfReader

    for lang in ("de", "en"):  # the summary a council gets: at most eight A4 pages
        assert 1 <= len(PdfReader(root / "reports" / f"summary-{lang}.pdf").pages) <= 8, lang
    for step in range(1, 9):
        assert f"[{step}/8]" in run.stderr
    assert json.loads((root / "preview.json").read_text(encoding="utf-8"))["respondents"] == 400
    eqsurvey.cwd = root
    budget = json.loads(eqsurvey("budget", "--json").stdout)
    assert budget["rho_spent"] == 0.15 and len(budget["releases"]) == 1
    assert "400" in eqsurvey("responses", "count").stdout


def test_the_demo_refuses_a_folder_in_use(eqsurvey: Eqsurvey, tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine", encoding="utf-8")
    run = eqsurvey("demo", "taken", expect=1)
    assert "taken exists and is not empty" in run.stderr
    assert [p.name for p in (tmp_path / "taken").iterdir()] == ["notes.txt"]


def test_a_step_that_fails_stops_the_demo_with_its_message(
    eqsurvey: Eqsurvey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", "short")  # keys init refuses it: step 2 fails as a user error
    run = eqsurvey("demo", "weak", "--n", "100", expect=1)
    assert "[weak-passphrase]" in run.stderr and "[demo-step]" in run.stderr and "keys init" in run.stderr
    assert "[3/8]" not in run.stderr and run.stdout == ""
    assert not (tmp_path / "weak" / "reports").exists()
