"""XLSForm and KoboToolbox logic through the real commands: carried over where eqsurvey can, refused by name where not.

A Kobo asset with ``_or_other`` and a relevance written with typographic
quotes is imported, then a Kobo export of it: every respondent is stored,
the "other" text kept. pyxform's loop is refused, naming the rows; its
cascading select is carried, and an answer it never offers is refused.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml

from tests.support.cli import Eqsurvey

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
KOBO_FORM = FIXTURES / "xlsform" / "kobo_or_other.json"
KOBO_EXPORT = FIXTURES / "responses" / "kobo_or_other_submissions.json"
PYXFORM = FIXTURES / "xlsform" / "pyxform"
PASS = "a long passphrase for tests"


@pytest.fixture
def blank(eqsurvey: Eqsurvey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey("init", "p")
    eqsurvey.cwd = tmp_path / "p"
    eqsurvey("keys", "init")
    return tmp_path / "p"


def test_kobo_or_other_answers_are_stored_with_their_text(blank: Path, eqsurvey: Eqsurvey) -> None:
    eqsurvey("instrument", "import", KOBO_FORM, "-o", blank / "instrument.yaml", "--force")
    data = yaml.safe_load((blank / "instrument.yaml").read_text(encoding="utf-8"))
    assert data["default_language"] == "de", "KoboToolbox's first translation"
    questions = {q["id"]: q for s in data["sections"] for q in s["questions"]}
    assert [o["code"] for o in questions["wohnform"]["options"]] == ["miete", "eigentum", "other"]
    assert questions["wohnform_other"]["relevant"] == "selected(wohnform, 'other')"
    assert questions["miete"]["relevant"] == "wohnform == 'miete'", "typographic quotes read as straight ones"
    assert questions["miete"]["required"] is True
    run = eqsurvey("responses", "import", KOBO_EXPORT)
    assert "stored 4, rejected 0" in run.stdout, str(run)
    eqsurvey("dataset", "export", "-o", "ds.parquet")
    frame = pd.read_parquet(blank / "ds.parquet")
    assert len(frame) == 4
    assert int(frame["wohnform"].eq("other").sum()) == 2
    assert int(frame["sprachen__other"].sum()) == 1
    texts = set(frame["wohnform_other"].dropna()) | set(frame["sprachen_other"].dropna())
    assert {"Wohngemeinschaft im Genossenschaftshaus", "Bauwagen", "Kurmancî"} <= texts
    # Kobo's CSV export (a column per choice of a select_multiple, 'other' among them) comes in the same way.
    eqsurvey("responses", "simulate", "--n", "60", "--seed", "7", "--format", "kobo", "-o", "kobo.csv")
    header = (blank / "kobo.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "sprachen/other" in header and "wohnform_other" in header
    assert "stored 60, rejected 0" in eqsurvey("responses", "import", "kobo.csv").stdout


def test_a_required_conditional_question_is_checked_against_its_condition(blank: Path, eqsurvey: Eqsurvey) -> None:
    eqsurvey("instrument", "import", KOBO_FORM, "-o", blank / "instrument.yaml", "--force")
    export = json.loads(KOBO_EXPORT.read_text(encoding="utf-8"))
    renter = export["results"][0]
    del renter["miete"]  # asked (wohnform = 'miete') and required, yet missing
    (blank / "export.json").write_text(json.dumps(export), encoding="utf-8")
    run = eqsurvey("responses", "import", "export.json", expect=1)
    assert "stored 3, rejected 1" in run.stdout
    assert "miete" in run.stderr and "required" in run.stderr


def test_other_wording_is_left_missing_where_eqsurvey_has_none(blank: Path, eqsurvey: Eqsurvey) -> None:
    eqsurvey("instrument", "import", KOBO_FORM, "-o", blank / "instrument.yaml", "--force")
    data = yaml.safe_load((blank / "instrument.yaml").read_text(encoding="utf-8"))
    questions = {q["id"]: q for s in data["sections"] for q in s["questions"]}
    other = questions["wohnform"]["options"][-1]["label"]
    assert other == {"de": "Sonstiges", "en": "Other"}, "no English passed off as Kiswahili"
    assert set(questions["wohnform_other"]["label"]) == {"de", "en"}
    run = eqsurvey("instrument", "translations", blank / "instrument.yaml", expect=1)
    listed = [line for line in run.stdout.splitlines() + run.stderr.splitlines() if "'sw'" in line]
    assert any("wohnform_other" in line for line in listed), str(run)


def test_pyxform_loop_is_refused_naming_the_rows(blank: Path, eqsurvey: Eqsurvey) -> None:
    loop = eqsurvey("instrument", "import", PYXFORM / "loop.md", "-o", "loop.yaml", expect=1)
    assert "loop 'loop_toilet_types' over list 'toilet_type' (rows 4-6)" in loop.stderr
    assert "Traceback" not in loop.stderr and not (blank / "loop.yaml").exists()


def test_a_cascading_select_is_carried_and_its_answers_checked(blank: Path, eqsurvey: Eqsurvey) -> None:
    eqsurvey("instrument", "import", PYXFORM / "choice_filter_test.xlsx", "-o", blank / "instrument.yaml", "--force")
    data = yaml.safe_load((blank / "instrument.yaml").read_text(encoding="utf-8"))
    county = next(q for s in data["sections"] for q in s["questions"] if q["id"] == "county")
    offered = {o["code"]: o.get("relevant") for o in county["options"]}
    assert offered == {
        "king": "state in ['washington', 'texas']",  # one county name in two states: one option, either state
        "pierce": "state == 'washington'",
        "cameron": "state == 'texas'",
    }
    eqsurvey("responses", "simulate", "--n", "80", "--seed", "3", "-o", "sim.csv")
    assert "stored 80, rejected 0" in eqsurvey("responses", "import", "sim.csv").stdout
    eqsurvey("dataset", "export", "-o", "ds.parquet")
    frame = pd.read_parquet(blank / "ds.parquet")
    # The dataset (and so the bounds DP derives from it) keeps every county, offered or not.
    assert set(frame["county"].cat.categories) >= {"king", "pierce", "cameron"}
    pairs = set(zip(frame["state"].astype(str), frame["county"].astype(str), strict=True))
    assert not pairs & {("texas", "pierce"), ("washington", "cameron")}, "simulated as the form offers"
    header, *rows = (blank / "sim.csv").read_text(encoding="utf-8").splitlines()
    columns = header.split(",")
    wrong = rows[0].split(",")
    wrong[columns.index("state")], wrong[columns.index("county")], wrong[columns.index("city")] = "texas", "pierce", ""
    wrong[0] = "manual-1"
    (blank / "wrong.csv").write_text("\n".join([header, ",".join(wrong)]) + "\n", encoding="utf-8")
    run = eqsurvey("responses", "import", "wrong.csv", expect=1)
    assert "stored 0, rejected 1" in run.stdout
    assert "pierce" in run.stderr and "not offer" in run.stderr
