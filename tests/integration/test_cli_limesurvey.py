"""``eqsurvey instrument import FILE.lss`` end to end: the real command, real files, then validate."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests.support.cli import Eqsurvey

DEMOS = Path(__file__).resolve().parents[1] / "fixtures" / "thirdparty" / "limesurvey" / "docs" / "demosurveys"
LS7 = DEMOS / "ls7_Samplesurvey_en_de.lss"
OWN = Path(__file__).resolve().parents[1] / "fixtures" / "limesurvey" / "ls6_bilingual.lss"


def test_import_the_ls7_sample_survey_and_validate_it(eqsurvey: Eqsurvey, tmp_path: Path) -> None:
    out = tmp_path / "instrument.yaml"
    run = eqsurvey("instrument", "import", LS7, "-o", out)
    assert "wrote" in run.stderr and "38 questions" in run.stderr
    assert "[unsupported-type]" in run.stderr and "G05Q33" in run.stderr  # the ranking, noted on stderr
    header = out.read_text(encoding="utf-8").split("\nid:", 1)[0]
    assert header.startswith("# Imported from ls7_Samplesurvey_en_de.lss")
    assert "question 'G01Q12'" in header and "array of numbers" in header
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["languages"] == ["en", "de"]
    summary = json.loads(eqsurvey("instrument", "validate", out, "--json").stdout)
    assert summary["questions"] == 38 and summary["sections"] == 6
    assert summary["question_types"] == {
        "matrix": 6,
        "multi_choice": 4,
        "number": 7,
        "scale": 1,
        "single_choice": 8,
        "text": 12,
    }


def test_import_keeps_conditions_and_refuses_to_overwrite(eqsurvey: Eqsurvey, tmp_path: Path) -> None:
    out = tmp_path / "instrument.yaml"
    eqsurvey("instrument", "import", OWN, "-o", out)
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["default_language"] == "de"
    assert "valid" in eqsurvey("instrument", "validate", out).stdout
    run = eqsurvey("instrument", "import", OWN, "-o", out, expect=1)
    assert "already exists" in run.stderr and "--force" in run.stderr
    run = eqsurvey("--quiet", "instrument", "import", OWN, "-o", out, "--force")
    assert "wrote" not in run.stderr


def test_hostile_and_broken_files_exit_1_without_traceback(eqsurvey: Eqsurvey, tmp_path: Path) -> None:
    hostile = tmp_path / "evil.lss"
    hostile.write_text(
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><document>&x;</document>',
        encoding="utf-8",
    )
    run = eqsurvey("instrument", "import", hostile, "-o", tmp_path / "a.yaml", expect=1)
    assert "[hostile-xml]" in run.stderr and "fix:" in run.stderr and "root:" not in run.stderr
    broken = tmp_path / "cut.lss"
    broken.write_text("<document><LimeSurveyDocType>Survey</LimeSurveyDocType>\n<groups>", encoding="utf-8")
    run = eqsurvey("instrument", "import", broken, "-o", tmp_path / "b.yaml", expect=1)
    assert "[xml-syntax]" in run.stderr and f"{broken}:2" in run.stderr
    assert not (tmp_path / "a.yaml").exists() and not (tmp_path / "b.yaml").exists()
