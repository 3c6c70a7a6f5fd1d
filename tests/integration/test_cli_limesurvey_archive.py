"""LimeSurvey as municipalities have it: conditions, survey archives, XML responses, the tab-separated export.

Through the real commands on a real store, with the survey built by
tests/support/limesurvey_files.py (conditions table, .lsa, .lsr, CSV, .txt, .lsg,
.lsq, queXML; see tests/fixtures/limesurvey/README.md).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import yaml

from tests.support import limesurvey_files as lf
from tests.support.cli import Eqsurvey

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "limesurvey"
LSS = FIXTURES / "conditions_survey_123456.lss"
LSA = FIXTURES / "conditions_survey_123456.lsa"
LSR = FIXTURES / "conditions_survey_123456_responses.lsr"
CSV = FIXTURES / "conditions_responses.csv"
TSV = FIXTURES / "conditions_limesurvey_survey_123456.txt"
PASS = "a long passphrase for tests"


@pytest.fixture
def blank(eqsurvey: Eqsurvey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey("init", "p")
    eqsurvey.cwd = tmp_path / "p"
    eqsurvey("keys", "init")
    return tmp_path / "p"


def questions(path: Path) -> dict[str, dict[str, object]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {q["id"]: q for s in data["sections"] for q in s["questions"]}


def test_the_fixtures_are_what_the_generator_writes(tmp_path: Path) -> None:
    lf.write_all(tmp_path)
    for made in tmp_path.iterdir():
        assert made.read_bytes() == (FIXTURES / made.name).read_bytes(), made.name
    with zipfile.ZipFile(LSA) as archive:
        assert archive.read("survey_123456.lss") == LSS.read_bytes()


def test_conditions_table_is_carried_and_what_is_not_is_made_optional(eqsurvey: Eqsurvey, tmp_path: Path) -> None:
    out = tmp_path / "instrument.yaml"
    run = eqsurvey("instrument", "import", LSS, "-o", out)
    found = questions(out)
    assert found["sectors"]["relevant"] == "employed == 'A1'"
    assert found["hours"]["relevant"] == "employed == 'A1' or employed == 'A3'"  # same question: or
    assert found["ngoname"]["relevant"] == "selected(sectors, 'SQ003')"  # a tick, value = option code
    assert found["satisfaction"]["relevant"] == "employed == 'A1' and hours >= 10 or employed == 'A3'"  # scenarios
    assert found["describe"]["relevant"] == (
        "(not answered(satisfaction.SQ001) or satisfaction.SQ001 != 'AO1') and discrim == 'Y'"
    )
    assert found["ngorole"]["relevant"] == "selected(sectors, 'SQ003') and answered(hours)"  # '+' field; != ''
    for qid in ("hours", "ngoname", "satisfaction", "describe", "ngorole"):
        assert found[qid]["required"] is True
    assert "relevant" not in found["staffnote"] and "required" not in found["staffnote"]
    assert "[required-dropped]" in run.stderr and "{TOKEN:ATTRIBUTE_1}" in run.stderr
    assert "dropped-table" not in run.stderr, "the conditions table is read, not noted as left out"
    assert "'staffnote' is required in LimeSurvey only when its condition holds" in out.read_text(encoding="utf-8")


def test_the_surveys_own_responses_are_accepted_from_the_archive_then_the_csv_once(
    blank: Path, eqsurvey: Eqsurvey
) -> None:
    run = eqsurvey("instrument", "import", LSA, "-o", blank / "instrument.yaml", "--force")
    assert "[lsa-responses]" in run.stderr and "participant table" in run.stderr
    run = eqsurvey("responses", "import", LSA, expect=1)  # the fourth response was never submitted
    assert "stored 3, rejected 1" in run.stdout, str(run)
    assert "incomplete response" in run.stderr and "survey_123456_responses.lsr" in run.stderr
    assert "participant table" in run.stderr and "not read" in run.stderr
    # The CSV export of the same survey: the same three responses, recognised by LimeSurvey's response id.
    run = eqsurvey("responses", "import", CSV)
    assert "stored 0, rejected 0, unchanged 3" in run.stdout, str(run)
    count = eqsurvey("responses", "count")
    assert "3" in count.stdout
    raw = b"".join(p.read_bytes() for p in (blank / "data").rglob("*") if p.is_file())
    for secret in (b"198.51.100.7", b"p1@example.org", b"Name1", b"kT9pQ2", b"Tafel Musterstadt"):
        assert secret not in raw


def test_a_bare_lsr_needs_its_structure(blank: Path, eqsurvey: Eqsurvey) -> None:
    eqsurvey("instrument", "import", LSS, "-o", blank / "instrument.yaml", "--force")
    run = eqsurvey("responses", "import", LSR, expect=1)
    assert "[lsr-structure]" in run.stderr and "--structure" in run.stderr and "CSV header" not in run.stderr
    run = eqsurvey("responses", "import", LSR, "--structure", LSS, expect=1)
    assert "stored 3, rejected 1" in run.stdout
    run = eqsurvey("responses", "import", CSV, "--structure", LSS, expect=1)
    assert "[structure-unused]" in run.stderr


def test_without_the_conditions_the_responses_would_be_rejected(blank: Path, eqsurvey: Eqsurvey) -> None:
    """The failure the issue saw: drop the conditions and the survey's own complete responses are refused."""
    eqsurvey("instrument", "import", LSS, "-o", blank / "instrument.yaml", "--force")
    text = (blank / "instrument.yaml").read_text(encoding="utf-8")
    stripped = "\n".join(line for line in text.splitlines() if not line.strip().startswith("relevant:"))
    (blank / "instrument.yaml").write_text(stripped + "\n", encoding="utf-8")
    run = eqsurvey("responses", "import", CSV, expect=1)
    assert "stored 1, rejected 2" in run.stdout  # only the respondent asked everything gets through


def test_the_tab_separated_export_gives_the_same_instrument(eqsurvey: Eqsurvey, tmp_path: Path) -> None:
    eqsurvey("instrument", "import", LSS, "-o", tmp_path / "a.yaml")
    run = eqsurvey("instrument", "import", TSV, "-o", tmp_path / "b.yaml")
    a, b = questions(tmp_path / "a.yaml"), questions(tmp_path / "b.yaml")
    assert a.keys() == b.keys()
    # LimeSurvey's TSV export leaves condition values out, so an empty one is not trusted (and said so).
    assert "relevant" not in b["ngorole"] and "required" not in b["ngorole"]
    assert "tab-separated export leaves condition values out" in run.stderr
    a["ngorole"] = {k: v for k, v in a["ngorole"].items() if k not in ("relevant", "required")}
    assert a == b


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("conditions_group_11.lsg", "question group export (.lsg)"),
        ("conditions_question_100.lsq", "question export (.lsq)"),
        ("conditions_quexml_123456.xml", "queXML"),
        ("conditions_survey_123456_responses.lsr", "responses (.lsr)"),
    ],
)
def test_other_limesurvey_files_are_refused_naming_the_export_to_use(
    eqsurvey: Eqsurvey, tmp_path: Path, name: str, said: str
) -> None:
    run = eqsurvey("instrument", "import", FIXTURES / name, "-o", tmp_path / "x.yaml", expect=1)
    assert said in run.stderr and "Survey structure (.lss)" in run.stderr and ".lsa" in run.stderr
    assert "XLSForm" not in run.stderr and not (tmp_path / "x.yaml").exists()


def _zip(path: Path, entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize(
    ("entries", "code"),
    [
        ({"../survey_1.lss": b"x"}, "lsa-entry"),
        ({"/etc/survey_1.lss": b"x"}, "lsa-entry"),
        ({"survey_1.lss": b"x", "inner.zip": b"PK"}, "lsa-entry"),
        ({"survey_1_responses.lsr": b"<document/>"}, "lsa-no-structure"),
        ({"survey_1.lss": b"<a>" + b"a" * (40 << 20) + b"</a>"}, "archive-ratio"),
        ({f"survey_{i}.lss": b"x" for i in range(20)}, "archive-entries"),
    ],
    ids=["dot-dot", "absolute", "nested", "no-structure", "bomb", "entries"],
)
def test_hostile_archives_are_refused_before_reading(
    eqsurvey: Eqsurvey, tmp_path: Path, entries: dict[str, bytes], code: str
) -> None:
    bad = _zip(tmp_path / "bad.lsa", entries)
    run = eqsurvey("instrument", "import", bad, "-o", tmp_path / "x.yaml", expect=1)
    assert f"[{code}]" in run.stderr, run.stderr
    (tmp_path / "not.lsa").write_bytes(b"this is not a zip")
    run = eqsurvey("instrument", "import", tmp_path / "not.lsa", "-o", tmp_path / "x.yaml", expect=1)
    assert "[not-an-archive]" in run.stderr


def test_hostile_xml_in_an_archive_is_refused(blank: Path, eqsurvey: Eqsurvey, tmp_path: Path) -> None:
    eqsurvey("instrument", "import", LSS, "-o", blank / "instrument.yaml", "--force")
    laughs = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><document>&a;</document>'
    bad = _zip(tmp_path / "x.lsa", {"survey_123456.lss": LSS.read_bytes(), "survey_123456_responses.lsr": laughs})
    run = eqsurvey("responses", "import", bad, expect=1)
    assert "[hostile-xml]" in run.stderr
    other = _zip(
        tmp_path / "y.lsa",
        {
            "survey_123456.lss": LSS.read_bytes(),
            "survey_123456_responses.lsr": lf.lsr().replace("123456X", "654321X").encode(),
        },
    )
    run = eqsurvey("responses", "import", other, expect=1)
    assert "[lsr-other-survey]" in run.stderr


def test_an_archive_without_responses_says_so(blank: Path, eqsurvey: Eqsurvey, tmp_path: Path) -> None:
    eqsurvey("instrument", "import", LSS, "-o", blank / "instrument.yaml", "--force")
    bare = _zip(tmp_path / "inactive.lsa", {"survey_123456.lss": LSS.read_bytes()})
    run = eqsurvey("instrument", "import", bare, "-o", tmp_path / "i.yaml")
    assert "lsa-responses" not in run.stderr and "lsa-not-read" not in run.stderr
    run = eqsurvey("responses", "import", bare, expect=1)
    assert "[lsa-no-responses]" in run.stderr and "activated survey" in run.stderr


@pytest.mark.parametrize("name", ["conditions_survey_123456.lss", "conditions_limesurvey_survey_123456.txt"])
def test_a_survey_file_given_as_responses_is_named(blank: Path, eqsurvey: Eqsurvey, name: str) -> None:
    eqsurvey("instrument", "import", LSS, "-o", blank / "instrument.yaml", "--force")
    run = eqsurvey("responses", "import", FIXTURES / name, expect=1)
    assert "[limesurvey-not-responses]" in run.stderr and ".lsa" in run.stderr and "CSV header" not in run.stderr
