"""From another platform to the analysis dataset: import the form, then its responses, then export.

The flow a municipality with a LimeSurvey or KoboToolbox survey follows, through
the real command on a real store, with our own small fixtures and, where
the platforms' real files (vendored under ``tests/fixtures/thirdparty``).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from tests.support.cli import Eqsurvey

OWN = Path(__file__).resolve().parents[1] / "fixtures"
THIRDPARTY = OWN / "thirdparty"
LS7 = THIRDPARTY / "limesurvey" / "docs" / "demosurveys" / "ls7_Samplesurvey_en_de.lss"
FORMPACK = THIRDPARTY / "formpack" / "tests" / "fixtures"
PASS = "a long passphrase for tests"


@pytest.fixture
def blank(eqsurvey: Eqsurvey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey("init", "p")
    eqsurvey.cwd = tmp_path / "p"
    eqsurvey("keys", "init")
    return tmp_path / "p"


def adopt(eqsurvey: Eqsurvey, project: Path, form: Path) -> None:
    eqsurvey("instrument", "import", form, "-o", project / "instrument.yaml", "--force")


#: The form version id KoboToolbox gave our fixture form when deployed (its submissions carry it in __version__).
OWN_DEPLOYED = "vQ9rT2bWc8"


def name_deployed_version(project: Path, version_id: str) -> None:
    """What the refusal of a file of unrecognised versions tells the officer to do: name the deployed form's id.

    Our fixture form states its own version (2.0.0) in its settings, as a hand-written XLSForm does, while
    its submissions carry KoboToolbox's id; without this a file with one bad row is refused whole.
    """
    path = project / "instrument.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nversion: ", f"\nsource_version: {version_id}\nversion: ", 1), encoding="utf-8")


def exported_rows(eqsurvey: Eqsurvey, project: Path) -> int:
    eqsurvey("dataset", "export", "-o", "ds.parquet")
    rows = len(pd.read_parquet(project / "ds.parquet"))
    assert json.loads((project / "ds.dictionary.json").read_text(encoding="utf-8"))["rows"] == rows
    return rows


@pytest.mark.parametrize("form", [OWN / "limesurvey" / "ls6_bilingual.lss", LS7], ids=["own", "ls7"])
def test_a_limesurvey_survey_end_to_end(blank: Path, eqsurvey: Eqsurvey, form: Path) -> None:
    adopt(eqsurvey, blank, form)
    eqsurvey("responses", "simulate", "--n", "120", "--seed", "5", "--format", "limesurvey", "-o", "export.csv")
    header = (blank / "export.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("id,submitdate"), "written as LimeSurvey writes its response export"
    run = eqsurvey("responses", "import", "export.csv")  # the format is recognised from the file
    assert "stored 120, rejected 0" in run.stdout
    assert exported_rows(eqsurvey, blank) == 120


def test_limesurvey_metadata_never_reaches_the_store(blank: Path, eqsurvey: Eqsurvey) -> None:
    adopt(eqsurvey, blank, OWN / "limesurvey" / "ls6_bilingual.lss")
    eqsurvey("responses", "simulate", "--n", "3", "--seed", "1", "--format", "limesurvey", "-o", "export.csv")
    lines = (blank / "export.csv").read_text(encoding="utf-8").splitlines()
    columns = lines[0].split(",")
    rows = [line.split(",") for line in lines[1:]]
    # What a real export carries about the respondent's device and visit.
    for name, value in (("ipaddr", "203.0.113.77"), ("refurl", "https://referrer.example/zq"), ("token", "")):
        if name not in columns:
            columns.append(name)
            rows = [[*r, value] for r in rows]
    (blank / "export.csv").write_text("\n".join(",".join(r) for r in [columns, *rows]) + "\n", encoding="utf-8")
    assert "stored 3" in eqsurvey("responses", "import", "export.csv", "--format", "limesurvey").stdout
    raw = b"".join(p.read_bytes() for p in (blank / "data").iterdir())
    assert b"203.0.113.77" not in raw and b"referrer.example" not in raw


@pytest.mark.parametrize(
    ("form", "submissions", "rejected"),
    [
        # Our fixture's third submission names an unknown district and an age out of range, on purpose.
        (OWN / "responses" / "kobo_form.json", OWN / "responses" / "kobo_submissions.json", 1),
        (FORMPACK / "grouped_translated" / "v1.json", FORMPACK / "grouped_translated" / "v1.json", 0),
        (FORMPACK / "dietary_needs" / "v1.json", FORMPACK / "dietary_needs" / "v1.json", 0),
    ],
    ids=["own", "grouped_translated", "dietary_needs"],
)
def test_a_kobo_survey_end_to_end(
    blank: Path, eqsurvey: Eqsurvey, form: Path, submissions: Path, rejected: int
) -> None:
    adopt(eqsurvey, blank, form)
    data = json.loads(submissions.read_text(encoding="utf-8"))
    total = len(data["submissions"] if "submissions" in data else data["results"])
    expected = total - rejected
    if rejected:
        refused = eqsurvey("responses", "import", submissions, expect=1)
        assert f"name form version(s) '{OWN_DEPLOYED}', none of which" in refused.stderr
        assert "nothing was stored" in refused.stderr and f"write source_version: '{OWN_DEPLOYED}'" in refused.stderr
        name_deployed_version(blank, OWN_DEPLOYED)
    run = eqsurvey("responses", "import", submissions, expect=1 if rejected else 0)
    assert f"stored {expected}, rejected {rejected}" in run.stdout, str(run)
    assert exported_rows(eqsurvey, blank) == expected
    # Re-exported as Kobo CSV from simulated respondents, the same form imports again.
    eqsurvey("responses", "simulate", "--n", "50", "--seed", "2", "--format", "kobo", "-o", "kobo.csv")
    assert "stored 50, rejected 0" in eqsurvey("responses", "import", "kobo.csv").stdout


def test_any_spreadsheet_with_a_drafted_mapping(blank: Path, eqsurvey: Eqsurvey) -> None:
    from openpyxl import Workbook

    (blank / "instrument.yaml").write_text(
        (OWN / "responses" / "limesurvey_instrument.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    eqsurvey("responses", "simulate", "--n", "40", "--seed", "3", "-o", "ours.csv")
    header, *rows = csv.reader(io.StringIO((blank / "ours.csv").read_text(encoding="utf-8")))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Zeitstempel", *header[1:]])  # a column no question answers, in place of the access code
    for row in rows:
        sheet.append(["2026-11-03 10:15", *row[1:]])
    book.save(blank / "umfrage.xlsx")
    refused = eqsurvey("responses", "import", "umfrage.xlsx", "--format", "csv", expect=1)
    assert "Traceback" not in refused.stderr
    eqsurvey("responses", "mapping", "umfrage.xlsx", "-o", "mapping.yaml")
    mapping = (blank / "mapping.yaml").read_text(encoding="utf-8")
    assert "Zeitstempel" in mapping, "every column of the file is listed for review"
    run = eqsurvey("responses", "import", "umfrage.xlsx", "--mapping", "mapping.yaml")
    assert "stored 40, rejected 0" in run.stdout
    raw = b"".join(p.read_bytes() for p in (blank / "data").iterdir())
    assert b"2026-11-03 10:15" not in raw


def test_columns_the_instrument_lacks_are_refused_or_left_out_unread(blank: Path, eqsurvey: Eqsurvey) -> None:
    adopt(eqsurvey, blank, OWN / "limesurvey" / "ls6_bilingual.lss")
    eqsurvey("responses", "simulate", "--n", "5", "--seed", "4", "--format", "limesurvey", "-o", "export.csv")
    header, *rows = list(csv.reader(io.StringIO((blank / "export.csv").read_text(encoding="utf-8"))))
    # A date question, which the instrument could not import, still sits in the export.
    with (blank / "export.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([[*header, "G9Q99"], *([*r, "1987-03-14"] for r in rows)])
    refused = eqsurvey("responses", "import", "export.csv", expect=1)
    assert "G9Q99" in refused.stderr and "--ignore" in refused.stderr
    assert "stored 5, rejected 0" in eqsurvey("responses", "import", "export.csv", "--ignore", "G9Q99").stdout
    raw = b"".join(p.read_bytes() for p in (blank / "data").iterdir())
    assert b"1987-03-14" not in raw
    misplaced = eqsurvey("responses", "import", "export.csv", "--format", "csv", "--ignore", "x", expect=1)
    assert "--mapping" in misplaced.stderr


def test_kobo_fields_can_be_left_out_unread(blank: Path, eqsurvey: Eqsurvey) -> None:
    adopt(eqsurvey, blank, OWN / "responses" / "kobo_form.json")
    name_deployed_version(blank, OWN_DEPLOYED)
    data = json.loads((OWN / "responses" / "kobo_submissions.json").read_text(encoding="utf-8"))
    for submission in data["results"]:
        submission["about/birthday"] = "1987-03-14"
    (blank / "subs.json").write_text(json.dumps(data), encoding="utf-8")
    assert "about/birthday" in eqsurvey("responses", "import", "subs.json", expect=1).stderr
    run = eqsurvey("responses", "import", "subs.json", "--ignore", "about/birthday", expect=1)
    assert "stored 2, rejected 1" in run.stdout  # the fixture's third submission is wrong on purpose
    assert b"1987-03-14" not in b"".join(p.read_bytes() for p in (blank / "data").iterdir())
