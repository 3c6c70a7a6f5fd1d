"""KoboToolbox submissions (JSON, CSV): typed answers, metadata that never arrives, clear errors, round trips.

The formpack fixtures are vendored under ``tests/fixtures/thirdparty/formpack`` (GPL-3.0, see
``tests/fixtures/thirdparty/SOURCES.md``).
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from instruments.loader import load_instrument
from instruments.model import Instrument
from instruments.submission import check_answers
from instruments.text import DECLINED
from instruments.xlsform.importer import import_form
from kernel.errors import EqSurveyError
from survey.importers.csv_format import CsvRow
from survey.importers.kobo.responses import read_kobo, sniff_kobo
from survey.importers.kobo.write import write_kobo_csv, write_kobo_json
from survey.simulation.simulator import simulate
from tests.strategies import instruments

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "responses"
FORMPACK = ROOT / "tests" / "fixtures" / "thirdparty" / "formpack" / "tests" / "fixtures"
FORM = import_form(FIXTURES / "kobo_form.json").instrument
EXAMPLE = load_instrument(ROOT / "examples" / "musterstadt" / "instrument.yaml").instrument

FIRST = {
    "district": "harbour_side",  # the choice 'harbour__side', named by to_code as the importer did
    "age": 34,
    "languages": ["german", "turkish"],
    "lang_other": "Plattdeutsch",
    "freq": {"work": "often", "housing": "never"},  # the table-list group freq/freq_work …
    "hours": 12.5,
}
SECOND = {"district": DECLINED, "age": 61, "languages": [DECLINED], "freq": {"work": "sometimes"}, "hours": 40.0}
#: Metadata of the fixtures: none of it may reach a row.
META_VALUES = (
    "0f4c2a1e",
    "a81e0c55",
    "2024-05-02",
    "09:13:44",
    "enumerator_kim",
    "Zq81TtPv0LmN",
    "5550123",
    "53.5461",
    "aMx7Hn2LkPq",
    "vQ9rT2bWc8",
    "48151",
)


def read(path: Path, instrument: Instrument = FORM) -> list[CsvRow]:
    return list(read_kobo(instrument, path))


def write(folder: Path, content: str | bytes, name: str) -> Path:
    path = folder / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def error_of(path: Path, instrument: Instrument = FORM) -> EqSurveyError:
    with pytest.raises(EqSurveyError) as caught:
        read(path, instrument)
    (problem,) = caught.value.problems
    assert problem.fix and problem.where.file == str(path)
    return caught.value


def seen(rows: list[CsvRow]) -> str:
    """Everything a row carries on to checking and sealing, but its source identity (hashed before it is stored)."""
    return repr([(r.number, r.access_code, r.answers, r.problems) for r in rows]) + "".join(
        p.render() for r in rows for p in r.problems
    )


# --- JSON -------------------------------------------------------------------------------------


def test_api_json_with_groups_and_meta() -> None:
    first, second, third = read(FIXTURES / "kobo_submissions.json")
    edited = "kobo:0f4c2a1e-9d7b-4e55-a1f0-7c1d2e3f4a5b", "kobo:77aa3c1e-0000-4e55-a1f0-7c1d2e3f4a5b"
    assert first == CsvRow(1, "K7-QX2", FIRST, [], *edited)  # an edit: it replaces its deprecatedID
    assert second == CsvRow(2, "P3-ZR8", SECOND, [], "kobo:a81e0c55-3b2d-4f0e-9a66-1d2c3b4a5f60")
    assert check_answers(FORM, first.answers).ok and check_answers(FORM, second.answers).ok
    assert third.answers == {"district": "west", "age": 15, "languages": ["german"], "freq": {"housing": "often"}}
    checked = check_answers(FORM, third.answers)
    assert [(p.code, p.where.question) for p in checked.problems] == [
        ("unknown-option", "district"),
        ("out-of-range", "age"),
    ]


def test_meta_never_reaches_the_rows() -> None:
    for name in ("kobo_submissions.json", "kobo_export.csv"):
        rows = read(FIXTURES / name)
        text = seen(rows)
        for value in META_VALUES:
            assert value not in text, (name, value)
        assert all(set(r.answers) <= set(FORM.question_map) for r in rows)
        # The submission's uuid alone goes on, as its source identity (only its keyed hash is stored).
        assert rows[0].source_id == "kobo:0f4c2a1e-9d7b-4e55-a1f0-7c1d2e3f4a5b"


@pytest.mark.parametrize("shape", ["list", "formpack"])
def test_other_json_shapes(tmp_path: Path, shape: str) -> None:
    submissions = json.loads((FIXTURES / "kobo_submissions.json").read_text())["results"]
    data: Any = submissions if shape == "list" else {"content": {"survey": []}, "submissions": submissions}
    path = write(tmp_path, json.dumps(data), "subs.json")
    assert [r.answers for r in read(path)][:2] == [FIRST, SECOND]
    assert sniff_kobo(path)


def test_a_submission_that_is_not_an_object_or_holds_a_repeat(tmp_path: Path) -> None:
    path = write(tmp_path, json.dumps([["x"], {"about/age": [{"x": 1}], "hours": "2"}]), "subs.json")
    first, second = read(path)
    assert first.problems[0].code == "json-shape" and first.problems[0].where.row == 1
    assert second.answers == {"hours": 2.0}
    (problem,) = second.problems
    assert (problem.where.row, problem.where.question, problem.where.field) == (2, "age", "about/age")


def test_free_text_is_never_quoted_in_a_message(tmp_path: Path) -> None:
    path = write(tmp_path, json.dumps([{"about/District": "Harbour side", "about/age": "Maria Muster"}]), "s.json")
    (row,) = read(path)
    assert [p.where.question for p in row.problems] == ["district", "age"]
    text = "".join(p.render() for p in row.problems)
    assert "Harbour" not in text and "Maria" not in text and "labels" in row.problems[0].fix


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ('{"count": 1, "results": [{"about/age": "3', "json-syntax"),
        ('{"count": 0}', "json-shape"),
        ('{"results": "none"}', "json-shape"),
        ("[1, 2", "json-syntax"),
        ('"just text"', "csv-header"),
        (b"{\xff\xfe\x00\x01", "json-syntax"),
        ("[" * 100_000, "json-shape"),
        ('[{"about/age": "3", "about/photo": "x.jpg", "calc_total": "7"}]', "unknown-field"),
    ],
)
def test_malformed_json_gives_an_eqsurvey_error(tmp_path: Path, content: str | bytes, code: str) -> None:
    error = error_of(write(tmp_path, content, "subs.json"))
    assert error.problems[0].code == code


def test_a_truncated_export_names_the_line(tmp_path: Path) -> None:
    text = (FIXTURES / "kobo_submissions.json").read_text()
    error = error_of(write(tmp_path, text[: len(text) // 2], "cut.json"))
    assert error.problems[0].where.line is not None and "again" in error.problems[0].fix


def test_unknown_fields_are_named(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, '[{"about/age": "30", "grp/photo": "x.jpg"}]', "subs.json"))
    assert "grp/photo" in error.problems[0].problem and "x.jpg" not in error.render()


# --- CSV --------------------------------------------------------------------------------------


def test_csv_export_with_semicolons_and_per_choice_columns() -> None:
    first, second, third = read(FIXTURES / "kobo_export.csv")
    own = "kobo:0f4c2a1e-9d7b-4e55-a1f0-7c1d2e3f4a5b"
    assert first == CsvRow(2, "K7-QX2", {**FIRST, "lang_other": "Plattdeutsch; ein bisschen"}, [], own)
    assert second == CsvRow(3, "P3-ZR8", SECOND, [], "kobo:a81e0c55-3b2d-4f0e-9a66-1d2c3b4a5f60")
    assert third == CsvRow(
        4,
        None,
        {"district": "south", "languages": ["arabic"], "freq": {"housing": "often"}, "hours": 7.5},
        [],
        "kobo:c3d4e5f6-0718-4293-a4b5-c6d7e8f90a1b",
    )


def test_per_choice_columns_stand_in_for_a_missing_combined_column(tmp_path: Path) -> None:
    rows = list(csv.reader(io.StringIO((FIXTURES / "kobo_export.csv").read_text()), delimiter=";"))
    drop = rows[0].index("about/Languages")
    kept = [[c for i, c in enumerate(r) if i != drop] for r in rows]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(kept)  # and with commas this time
    first, second, third = read(write(tmp_path, out.getvalue(), "export.csv"))
    assert (first.answers["languages"], second.answers["languages"], third.answers["languages"]) == (
        ["german", "turkish"],
        [DECLINED],
        ["arabic"],
    )


def test_label_headers_ask_for_xml_names() -> None:
    error = error_of(FIXTURES / "kobo_labels.csv")
    assert "XML values and headers" in error.problems[0].fix


def test_unknown_csv_columns_stop_the_import(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, "about/age;about/photo;_id\n30;x.jpg;1\n", "export.csv"))
    assert error.problems[0].code == "csv-header" and "about/photo" in error.problems[0].problem


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02\xff\xfe\x00garbage", b"\x89PNG\r\n\x1a\n" + bytes(range(256))])
def test_binary_junk_gives_an_eqsurvey_error(tmp_path: Path, content: bytes) -> None:
    error_of(write(tmp_path, content, "junk.csv"))


def test_a_missing_file(tmp_path: Path) -> None:
    assert error_of(tmp_path / "nope.json").problems[0].code == "unreadable"


# --- sniffing ---------------------------------------------------------------------------------


def test_sniffing(tmp_path: Path) -> None:
    for name in ("kobo_submissions.json", "kobo_export.csv", "kobo_labels.csv"):
        assert sniff_kobo(FIXTURES / name), name
    for name in ("limesurvey_responses.csv", "limesurvey_old.csv", "kobo_form.json"):
        assert not sniff_kobo(FIXTURES / name), name
    assert not sniff_kobo(write(tmp_path, "access_code,age\n,30\n", "ours.csv"))
    assert not sniff_kobo(write(tmp_path, bytes(range(256)), "junk.bin"))
    assert not sniff_kobo(tmp_path / "missing.json")
    # Kobo writes its meta columns last: a long heading row is still recognised.
    long = ";".join(f"grp/question_{i}" for i in range(2000)) + ";_id;_uuid\n"
    assert sniff_kobo(write(tmp_path, long, "wide.csv"))


# --- the formpack fixtures (third-party, with real submissions) --------------------------------


def formpack(name: str) -> tuple[Instrument, list[dict[str, Any]], list[CsvRow]]:
    path = FORMPACK / name / "v1.json"
    instrument = import_form(path).instrument
    return instrument, json.loads(path.read_text())["submissions"], read(path, instrument)


def test_formpack_dietary_needs() -> None:
    instrument, submissions, rows = formpack("dietary_needs")
    assert len(rows) == len(submissions) == 3
    for row, sub in zip(rows, submissions, strict=True):
        assert row.answers == {
            "restaurant_name": sub["restaurant_name"],
            "dietary_accommodations": sub["dietary_accommodations"].split(),
        }
        assert not row.problems and check_answers(instrument, row.answers).ok


def test_formpack_grouped_translated() -> None:
    instrument, submissions, rows = formpack("grouped_translated")
    assert len(rows) == len(submissions) == 3
    renamed: dict[str | None, str] = {"yes__and_some_": "yes_and_some", "no___unsure": "no_unsure"}
    for row, sub in zip(rows, submissions, strict=True):
        expected: dict[str, Any] = {}
        symmetry = sub.get("external_characteristics/What_kind_of_symmetry_do_you_have")
        if symmetry:
            expected["what_kind_of_symmetry_do_you_have"] = symmetry.split()
        segments = sub.get("external_characteristics/How_many_segments_does_your_body_have")
        if segments:
            expected["how_many_segments_does_your_body_have"] = int(segments)
        fluids = sub.get("Do_you_have_body_flu_intracellular_space")
        expected["do_you_have_body_flu_intracellular_space"] = renamed.get(fluids, fluids)
        if "Do_you_descend_from_unicellular_organism" in sub:
            expected["do_you_descend_from_unicellular_organism"] = sub["Do_you_descend_from_unicellular_organism"]
        assert row.answers == expected and row.access_code is None
        assert not row.problems and check_answers(instrument, row.answers).ok
        for key, value in sub.items():
            if key.startswith(("_", "meta/", "formhub/")) or key in ("start", "end"):
                assert value not in seen([row]), key


# --- round trips ------------------------------------------------------------------------------


def round_trip(instrument: Instrument, n: int, seed: int) -> None:
    people = simulate(instrument, n, seed)
    codes = [f"K{seed % 89}-{i}" for i in range(n)]
    for name, writer, first in (("export.json", write_kobo_json, 1), ("export.csv", write_kobo_csv, 2)):
        with tempfile.TemporaryDirectory() as folder:
            path = write(Path(folder), writer(instrument, people, codes), name)
            assert sniff_kobo(path)
            rows = read(path, instrument)
        assert [r.number for r in rows] == list(range(first, n + first))
        for row, answers, code in zip(rows, people, codes, strict=True):
            assert row.problems == [] and row.access_code == code
            assert row.answers == answers
            assert check_answers(instrument, row.answers).ok


def test_the_example_instrument_round_trips() -> None:
    round_trip(EXAMPLE, 300, seed=11)


def test_the_kobo_form_round_trips() -> None:
    round_trip(FORM, 200, seed=5)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instruments(), st.integers(0, 2**32))
def test_any_instrument_round_trips(instrument: Instrument, seed: int) -> None:
    round_trip(instrument, 8, seed)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300), st.sampled_from([b"", b"[", b'{"results": [{"about/age": ', b"about/age;_id\n"]))
def test_any_bytes_give_rows_or_an_eqsurvey_error(junk: bytes, prefix: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), prefix + junk, "junk")
        try:
            rows = read(path)
        except EqSurveyError as exc:
            assert all(p.fix for p in exc.problems)
            return
    assert all(isinstance(r, CsvRow) for r in rows)
