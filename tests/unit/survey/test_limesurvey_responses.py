"""LimeSurvey response CSVs: typed answers, metadata that never arrives, clear errors, and round trips."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from instruments.limesurvey.importer import import_lss
from instruments.loader import load_instrument
from instruments.model import Instrument
from instruments.submission import check_answers
from instruments.text import DECLINED
from kernel.errors import EqSurveyError
from survey.importers.csv_format import CsvRow
from survey.importers.limesurvey.responses import read_limesurvey_csv, sniff_limesurvey, write_limesurvey_csv
from survey.simulation.simulator import simulate
from tests.strategies import instruments

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "responses"
INSTRUMENT = load_instrument(FIXTURES / "limesurvey_instrument.yaml").instrument
EXAMPLE = load_instrument(ROOT / "examples" / "musterstadt" / "instrument.yaml").instrument


def read(path: Path, instrument: Instrument = INSTRUMENT) -> list[CsvRow]:
    return list(read_limesurvey_csv(instrument, path))


def write(tmp_path: Path, text: str, name: str = "responses.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path, instrument: Instrument = INSTRUMENT) -> EqSurveyError:
    with pytest.raises(EqSurveyError) as caught:
        read(path, instrument)
    (problem,) = caught.value.problems
    assert problem.fix and problem.where.file == str(path)
    return caught.value


# --- the hand-written export ------------------------------------------------------------------


def test_answers_come_back_typed() -> None:
    first, second, _, fourth = read(FIXTURES / "limesurvey_responses.csv")
    assert first == CsvRow(
        2,
        "TOK-AAA",
        {
            "consent": True,
            "g1": "A2",
            "g2": ["SQ001", "SQ003"],
            "arr": {"SQ001": "A1", "SQ002": "A3"},
            "age": 34,
            "trust": 4,
            "comments": "Mehr Beratung, bitte.",
        },
        [],
        "limesurvey:1",  # the response id: recognises the response in a later export
    )
    # "Other": the list cell holds -oth-, the text goes to g1_other; a multiple choice's "Other" text ticks 'other'.
    assert second.answers == {
        "consent": True,
        "g1": "other",
        "g1_other": "Hausboot am Kanal",
        "g2": ["SQ002", "other"],
        "g2_other": "Zirkussprache",
        "arr": {"SQ001": "A2"},
        "age": 41,  # LimeSurvey writes numbers as 41.0000000000
    }
    assert second.access_code == "TOK-BBB" and not second.problems
    assert check_answers(INSTRUMENT, first.answers).ok and check_answers(INSTRUMENT, second.answers).ok
    assert fourth.answers["trust"] == 5 and fourth.answers["arr"] == {"SQ001": "A1", "SQ002": "A1"}


def test_an_incomplete_response_is_a_row_problem() -> None:
    incomplete = read(FIXTURES / "limesurvey_responses.csv")[2]
    assert incomplete.number == 4 and incomplete.answers == {} and incomplete.access_code is None
    (problem,) = incomplete.problems
    assert (problem.code, problem.problem, problem.where.row, problem.where.field) == (
        "incomplete-response",
        "incomplete response",
        4,
        "submitdate",
    )


def test_a_bad_code_and_a_full_answer_are_reported_with_row_and_question() -> None:
    row = read(FIXTURES / "limesurvey_responses.csv")[3]
    (tick,) = row.problems
    assert (tick.where.row, tick.where.question, tick.code) == (5, "g2", "invalid-answer")
    assert "answer codes" in tick.fix
    checked = check_answers(INSTRUMENT, row.answers)
    assert [(p.code, p.where.question) for p in checked.problems] == [("unknown-option", "g1")]
    assert "A9" in checked.problems[0].problem


def test_metadata_never_reaches_the_rows() -> None:
    rows = read(FIXTURES / "limesurvey_responses.csv")
    seen = repr(rows) + "".join(p.render() for r in rows for p in r.problems)
    for value in (
        "203.0.113.77",
        "198.51.100.23",
        "192.0.2.201",
        "intranet.teststadt",
        "2024-03-01",
        "10:04:17",
        "1384201734",
        "375.2",
        "Kommentar",  # a comment column: free text nobody asked for
    ):
        assert value not in seen
    assert all(set(r.answers) <= set(INSTRUMENT.question_map) for r in rows)


def test_old_underscore_headings_semicolons_and_a_bom() -> None:
    (row,) = read(FIXTURES / "limesurvey_old.csv")
    assert row.answers == {
        "consent": True,
        "g1": "A3",
        "g2": ["SQ002", "other"],
        "g2_other": "Kurdisch",
        "arr": {"SQ001": "A3", "SQ002": "A2"},
        "age": 27,
        "trust": 2,
    }
    assert row.access_code is None and not row.problems


def test_other_text_without_a_question_for_it_is_a_row_problem(tmp_path: Path) -> None:
    text = "id,submitdate,ARR[SQ001],CONSENT[other]\n1,2024-01-01,A1,Meine Antwort\n2,2024-01-01,A2,\n"
    first, second = read(write(tmp_path, text))
    (problem,) = first.problems
    assert problem.code == "unknown-question" and problem.where.row == 2 and problem.where.question == "consent"
    assert "Meine Antwort" not in problem.render()
    assert second.answers == {"arr": {"SQ001": "A2"}} and not second.problems


def test_declined_answers(tmp_path: Path) -> None:
    instrument = load_instrument(FIXTURES / "limesurvey_instrument.yaml").instrument
    text = (
        "id,submitdate,CONSENT,G2[SQ001],G2[prefer_not_to_say],ARR[SQ001],ARR[SQ002],TRUST\n"
        f"1,2024-01-01,Y,,Y,{DECLINED},{DECLINED},{DECLINED}\n"
    )
    (row,) = read(write(tmp_path, text), instrument)
    assert row.answers == {"consent": True, "g2": [DECLINED], "arr": DECLINED, "trust": DECLINED}
    assert check_answers(instrument, row.answers).ok


def test_free_text_is_never_quoted_in_a_message(tmp_path: Path) -> None:
    text = "id,submitdate,AGE,G1,G2[SQ001]\n1,2024-01-01,Maria Muster,Zur Miete wohnend,Ja genau\n"
    (row,) = read(write(tmp_path, text))
    rendered = "".join(p.render() for p in row.problems)
    assert [p.where.question for p in row.problems] == ["age", "g1", "g2"]
    for secret in ("Maria", "Miete", "genau"):
        assert secret not in rendered


def test_responses_to_a_survey_imported_from_lss() -> None:
    """The naming contract with the .lss importer, on LimeSurvey's own demo survey."""
    demos = ROOT / "tests" / "fixtures" / "thirdparty" / "limesurvey" / "docs" / "demosurveys"
    lss = demos / "ls205_subquestion_relevance.lss"
    instrument = import_lss(lss).instrument
    (row,) = read(FIXTURES / "ls205_responses.csv", instrument)
    assert row.answers == {
        "afsrcfilter": ["sq1", "sq3", "other"],  # "Other" text given: 'other' ticked
        "afsrcfilter_other": "Something else",
        "min": 1,
        "max": 10,
        "afk_sq1": 3,  # multiple numerical input: afK[sq1] is the question afk_sq1
        "afk_sq3": 4,
        "afk_other": 5,
        "afek_sq2": 1,
        "afek_sq4": 2,
        "afek_sq5": 3,
    }
    assert not row.problems and check_answers(instrument, row.answers).ok
    assert "203.0.113.9" not in repr(row)


# --- file-level errors ------------------------------------------------------------------------


def test_unknown_columns_stop_the_import(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, "id,submitdate,G1,Q99,G2[SQ009]\n1,2024-01-01,A1,x,Y\n"))
    (problem,) = error.problems
    assert problem.code == "csv-header" and problem.where.line == 1
    assert "Q99" in problem.problem and "G2[SQ009]" in problem.problem


def test_question_text_headings_ask_for_question_codes(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, '"Response ID","Date submitted","How do you live?"\n1,2024-01-01,Rent\n'))
    assert "Question code" in error.problems[0].fix


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\x01\x02\xff\xfe\x00garbage\x89PNG\r\n", b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4, b'"id,"sub\n'],
)
def test_junk_gives_an_eqsurvey_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "junk.csv"
    path.write_bytes(content)
    error_of(path)


def test_a_missing_file(tmp_path: Path) -> None:
    assert error_of(tmp_path / "nope.csv").problems[0].code == "unreadable"


def test_a_short_row_is_a_row_problem(tmp_path: Path) -> None:
    (row,) = read(write(tmp_path, "id,submitdate,G1,AGE\n1,2024-01-01,A1\n"))
    assert row.problems[0].code == "csv-row" and row.answers == {}


# --- sniffing ---------------------------------------------------------------------------------


def test_sniffing(tmp_path: Path) -> None:
    assert sniff_limesurvey(FIXTURES / "limesurvey_responses.csv")
    assert sniff_limesurvey(FIXTURES / "limesurvey_old.csv")
    assert not sniff_limesurvey(FIXTURES / "kobo_export.csv")
    assert not sniff_limesurvey(FIXTURES / "kobo_submissions.json")
    assert not sniff_limesurvey(write(tmp_path, "access_code,g1\n,A1\n"))
    assert not sniff_limesurvey(tmp_path / "missing.csv")
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(256)))
    assert not sniff_limesurvey(junk)


# --- round trips ------------------------------------------------------------------------------


def round_trip(instrument: Instrument, n: int, seed: int) -> None:
    people = simulate(instrument, n, seed)
    codes = [f"T{seed % 97}-{i}" for i in range(n)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.csv"
        path.write_text(write_limesurvey_csv(instrument, people, codes), encoding="utf-8")
        assert sniff_limesurvey(path)
        rows = read(path, instrument)
    assert [r.number for r in rows] == list(range(2, n + 2))
    for row, answers, code in zip(rows, people, codes, strict=True):
        assert row.problems == [] and row.access_code == code
        assert row.answers == answers
        assert check_answers(instrument, row.answers).ok


def test_the_example_instrument_round_trips() -> None:
    round_trip(EXAMPLE, 300, seed=11)


def test_the_limesurvey_instrument_round_trips() -> None:
    round_trip(INSTRUMENT, 200, seed=3)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instruments(), st.integers(0, 2**32))
def test_any_instrument_round_trips(instrument: Instrument, seed: int) -> None:
    round_trip(instrument, 8, seed)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(["", "id,submitdate,G1,AGE\n", "\ufeffid;G1;ARR[SQ001]\n"]))
def test_any_bytes_give_rows_or_an_eqsurvey_error(junk: bytes, prefix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "junk.csv"
        path.write_bytes(prefix.encode() + junk)
        try:
            rows = read(path)
        except EqSurveyError as exc:
            assert all(p.fix for p in exc.problems)
            return
    assert all(isinstance(r, CsvRow) for r in rows)
