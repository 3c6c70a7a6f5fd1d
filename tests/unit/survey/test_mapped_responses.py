"""Reading any CSV or XLSX through a column mapping: real files in tmp_path, exact typed answers."""

from __future__ import annotations

import csv
import datetime
import json
import string
import textwrap
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from instruments.errors import EqSurveyError
from instruments.loader import load_instrument, parse_instrument
from instruments.model import Instrument
from instruments.questions import Consent, Matrix, MultiChoice, Number
from instruments.text import DECLINED
from survey.csv_format import CsvRow, write_csv
from survey.mapped_responses import read_mapped
from survey.mapping_draft import draft_mapping
from survey.simulate import simulate
from tests.builders import GENDER, instrument_yaml
from tests.strategies import instruments

EXAMPLE = load_instrument(
    Path(__file__).resolve().parents[3] / "examples" / "musterstadt" / "instrument.yaml"
).instrument

SMALL = parse_instrument(
    instrument_yaml(
        GENDER
        + """\
- id: agree
  type: consent
  label: {de: Einverstanden, en: I agree}
- id: visits
  type: number
  label: {de: Besuche, en: Visits}
  min: 0
  max: 100
- id: hours
  type: number
  label: {de: Stunden, en: Hours}
  min: 0
  max: 80
  integer: false
- id: trust
  type: scale
  label: {de: Vertrauen, en: Trust}
  points:
    - {value: 1, label: {de: gar nicht, en: not at all}}
    - {value: 2, label: {de: etwas, en: somewhat}}
    - {value: 3, label: {de: sehr, en: very}}
- id: note
  type: text
  label: {de: Anmerkung, en: Note}
"""
    ),
    "small.yaml",
).instrument


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(textwrap.dedent(text), encoding=encoding)
    return path


def _xlsx(path: Path, rows: list[list[Any]], sheet: str = "Antworten") -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def _read(instrument: Instrument, data: Path, mapping: Path) -> list[CsvRow]:
    return list(read_mapped(instrument, data, mapping))


def _problem(exc: pytest.ExceptionInfo[EqSurveyError], code: str) -> Any:
    return next(p for p in exc.value.problems if p.code == code)


MUSTERSTADT_MAPPING = """\
    instrument: musterstadt-2026
    access_code: Code
    ignore: [Zeitstempel, IP]
    missing: ["-"]
    values:
      discr_5y: {Ja: "yes", Nein: "no", "trifft nicht zu": not_applicable}
    columns:
      Einwilligung: ms_consent
      Bezirk: ms_district
      Geschlecht: {question: gi_gender, separator: ",", values: {Frau: woman, Mann: man}}
      "Religion: katholisch": {question: rel_religion, option: christian_catholic}
      "Religion: muslimisch": {question: rel_religion, option: muslim}
      "Arbeit": {question: discr_5y, row: work}
      "Wohnen": {question: discr_5y, row: housing}
      Vertrauen Polizei: ta_police
      Vorschlag: ms_suggestions
"""


def test_csv_with_semicolons_and_bom_gives_exact_typed_answers(tmp_path: Path) -> None:
    data = tmp_path / "export.csv"
    data.write_bytes(
        "\ufeffZeitstempel;IP;Code;Einwilligung;Bezirk;Geschlecht;Religion: katholisch;Religion: muslimisch;"
        "Arbeit;Wohnen;Vertrauen Polizei;Vorschlag\n"
        "2026-03-01;10.0.0.1;A1;ja;Altstadt;Frau, trans;x;;Ja;Nein;4;Mehr Beratung\n"
        "2026-03-02;10.0.0.2;A2;Ja;keine Angabe;Keine Angabe;;1;trifft nicht zu;-;3,0;\n"
        ";;;;;;;;;;;\n"
        "2026-03-03;10.0.0.3;;yes;am_hafen;-;;;;;;\n".encode()
    )
    mapping = _write(tmp_path / "mapping.yaml", MUSTERSTADT_MAPPING)
    rows = _read(EXAMPLE, data, mapping)
    assert [(r.number, r.access_code, r.problems) for r in rows] == [(2, "A1", []), (3, "A2", []), (5, None, [])]
    assert rows[0].answers == {
        "ms_consent": True,
        "ms_district": "altstadt",
        "gi_gender": ["woman", "trans"],
        "rel_religion": ["christian_catholic"],
        "discr_5y": {"work": "yes", "housing": "no"},
        "ta_police": 4,
        "ms_suggestions": "Mehr Beratung",
    }
    assert rows[1].answers == {
        "ms_consent": True,
        "ms_district": DECLINED,
        "gi_gender": [DECLINED],
        "rel_religion": ["muslim"],
        "discr_5y": {"work": "not_applicable"},
        "ta_police": 3,
    }
    assert rows[2].answers == {"ms_consent": True, "ms_district": "am_hafen"}


def test_xlsx_cell_types_sheet_and_header_row(tmp_path: Path) -> None:
    data = _xlsx(
        tmp_path / "liste.xlsx",
        [
            ["Befragung im Stadtteiltreff"],
            [],
            ["Nr", "OK?", "Besuche", "Stunden", "Vertrauen", "Anmerkung", "Geschlecht"],
            [1, True, 12.0, 7.5, "sehr", 12345, "woman man"],
            [2, "nein", "3", "2,25", 2.0, "alles gut", "Frau"],
            [],
            [3, 1, 4, datetime.date(2026, 3, 1), 1, "", ""],
        ],
    )
    _xlsx(tmp_path / "other.xlsx", [["x"]])  # another file: the sheet name must be found in data
    mapping = _write(
        tmp_path / "m.yaml",
        """\
        sheet: Antworten
        header_row: 3
        ignore: [Nr]
        columns:
          OK?: agree
          Besuche: visits
          Stunden: hours
          Vertrauen: trust
          Anmerkung: note
          Geschlecht: gender
        """,
    )
    rows = _read(SMALL, data, mapping)
    assert [r.number for r in rows] == [4, 5, 7]
    assert rows[0].answers == {
        "agree": True,
        "visits": 12,
        "hours": 7.5,
        "trust": 3,
        "note": "12345",
        "gender": ["woman", "man"],
    }
    assert type(rows[0].answers["visits"]) is int
    assert rows[1].answers == {
        "agree": False,
        "visits": 3,
        "hours": 2.25,
        "trust": 2,
        "note": "alles gut",
        "gender": ["woman"],
    }
    assert type(rows[1].answers["trust"]) is int
    assert rows[2].answers == {"agree": True, "visits": 4, "trust": 1}
    [date] = rows[2].problems
    assert (date.code, date.where.row, date.where.question, date.where.field) == ("date-cell", 7, "hours", "Stunden")


def test_every_column_must_be_mapped_or_ignored(tmp_path: Path) -> None:
    data = _write(tmp_path / "d.csv", "Name,E-Mail,Geschlecht\nAnna,anna@example.org,woman\n")
    mapping = _write(tmp_path / "m.yaml", "columns:\n  Geschlecht: gender\n")
    with pytest.raises(EqSurveyError) as exc:
        read_mapped(SMALL, data, mapping)
    problem = _problem(exc, "unmapped-columns")
    assert "Name, E-Mail" in problem.problem
    assert "ignore" in problem.fix
    assert (problem.where.file, problem.where.row) == (str(data), 1)
    _write(tmp_path / "m.yaml", "ignore: [Name, E-Mail]\ncolumns:\n  Geschlecht: gender\n")
    assert _read(SMALL, data, mapping)[0].answers == {"gender": ["woman"]}


def test_a_mapped_column_missing_from_the_file_points_at_the_mapping(tmp_path: Path) -> None:
    data = _write(tmp_path / "d.csv", "Geschlecht\nwoman\n")
    mapping = _write(tmp_path / "m.yaml", "columns:\n  Geschlecht: gender\n  Alter: visits\n")
    with pytest.raises(EqSurveyError) as exc:
        read_mapped(SMALL, data, mapping)
    problem = _problem(exc, "column-not-found")
    assert (problem.where.file, problem.where.line) == (str(mapping), 3)
    assert "Alter" in problem.problem


def test_per_option_columns_ticks_and_declined(tmp_path: Path) -> None:
    data = _write(
        tmp_path / "d.csv",
        """\
        Frau,Mann,nicht-binär,Keine Angabe
        1,0,,
        Y,,X,
        ,,,ja
        0,0,0,0
        Frau,,,
        1,,,1
        vielleicht,,,
        """,
    )
    mapping = _write(
        tmp_path / "m.yaml",
        """\
        columns:
          Frau: {question: gender, option: woman}
          Mann: {question: gender, option: man, ticked: ["ja"]}
          nicht-binär: {question: gender, option: nonbinary}
          Keine Angabe: {question: gender, option: prefer_not_to_say}
        """,
    )
    rows = _read(SMALL, data, mapping)
    assert [r.answers for r in rows] == [
        {"gender": ["woman"]},
        {"gender": ["woman", "nonbinary"]},
        {"gender": [DECLINED]},
        {},
        {"gender": ["woman"]},  # the option's own label counts as a tick
        {},
        {},
    ]
    assert [p.code for r in rows for p in r.problems] == ["declined-and-ticked", "not-a-tick"]
    tick = rows[6].problems[0]
    assert (tick.where.row, tick.where.question, tick.where.field) == (8, "gender", "Frau")


def test_declined_and_missing_values_per_file_and_column(tmp_path: Path) -> None:
    data = _write(
        tmp_path / "d.csv",
        """\
        Besuche,Vertrauen,Anmerkung
        k.A.,-99,prefer_not_to_say
        weiß nicht,k.A.,Keine Angabe
        """,
    )
    mapping = _write(
        tmp_path / "m.yaml",
        """\
        declined: ["k.A."]
        missing: ["weiß nicht"]
        columns:
          Besuche: visits
          Vertrauen: {question: trust, missing: ["-99"]}
          Anmerkung: note
        """,
    )
    rows = _read(SMALL, data, mapping)
    assert rows[0].answers == {"visits": DECLINED, "note": DECLINED}
    # Keine Angabe is no longer a declined word once the mapping lists its own: it is the text written.
    assert rows[1].answers == {"trust": DECLINED, "note": "Keine Angabe"}


def test_row_problems_never_quote_the_cell(tmp_path: Path) -> None:
    data = _write(tmp_path / "d.csv", "Geschlecht,Besuche,OK,\nMax Mustermann,Hauptstr. 5,vielleicht,Erika\n")
    mapping = _write(tmp_path / "m.yaml", "columns: {Geschlecht: gender, Besuche: visits, OK: agree}\n")
    [row] = _read(SMALL, data, mapping)
    assert [p.code for p in row.problems] == ["unknown-value", "invalid-answer", "invalid-answer", "unnamed-column"]
    text = "\n".join(p.render() for p in row.problems)
    for secret in ("Max", "Mustermann", "Hauptstr", "vielleicht", "Erika"):
        assert secret not in text
    assert row.problems[-1].where.field == "column D"


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16"])
def test_other_encodings_are_refused_with_a_fix(tmp_path: Path, encoding: str) -> None:
    data = _write(tmp_path / "d.csv", "Geschlecht;Anmerkung\nwoman;Grüße aus Köln\n", encoding=encoding)
    mapping = _write(tmp_path / "m.yaml", "columns: {Geschlecht: gender, Anmerkung: note}\n")
    with pytest.raises(EqSurveyError) as exc:
        read_mapped(SMALL, data, mapping)
    assert exc.value.problems[0].code == "encoding"
    assert "UTF-8" in exc.value.problems[0].fix


def test_tab_separated_and_unknown_sheet(tmp_path: Path) -> None:
    data = _write(tmp_path / "d.tsv", "Geschlecht\tBesuche\nwoman\t1.5e1\n")
    mapping = _write(tmp_path / "m.yaml", "columns: {Geschlecht: gender, Besuche: visits}\n")
    assert _read(SMALL, data, mapping)[0].answers == {"gender": ["woman"], "visits": 15}
    book = _xlsx(tmp_path / "b.xlsx", [["Geschlecht"], ["woman"]], sheet="Tabelle1")
    _write(tmp_path / "m.yaml", "sheet: Antworten\ncolumns: {Geschlecht: gender}\n")
    with pytest.raises(EqSurveyError) as exc:
        read_mapped(SMALL, book, mapping)
    assert exc.value.problems[0].code == "unknown-sheet"
    assert "Tabelle1" in exc.value.problems[0].fix


# --- round trip: simulated respondents, renamed headers, a matching mapping ---------------------------

_header_text = st.text(
    st.characters(whitelist_categories=("L", "N", "P", "Zs", "S"), blacklist_characters="="), min_size=1, max_size=12
).filter(lambda s: bool(s.split()))


def _layout(instrument: Instrument, per_option: set[str]) -> list[tuple[str, str | None]]:
    """(question id, row or option) per answer column, in questionnaire order."""
    out: list[tuple[str, str | None]] = []
    for q in instrument.questions():
        if isinstance(q, Matrix):
            out += [(q.id, r.code) for r in q.rows]
        elif isinstance(q, MultiChoice) and q.id in per_option:
            out += [(q.id, o.code) for o in q.options] + ([(q.id, DECLINED)] if q.prefer_not_to_say else [])
        else:
            out.append((q.id, None))
    return out


def _cell(instrument: Instrument, qid: str, part: str | None, answers: dict[str, Any], xlsx: bool) -> Any:
    q = instrument.question_map[qid]
    value = answers.get(qid)
    if value is None:
        return None
    if isinstance(q, Matrix):
        return DECLINED if value == DECLINED else value.get(part)
    if isinstance(q, MultiChoice):
        return ("x" if part in value else None) if part is not None else ";".join(value)
    if isinstance(q, Consent):
        return value if xlsx else ("ja" if value else "nein")
    if isinstance(q, Number) and not xlsx:
        return str(value).replace(".", ",")
    return value


def _as_kept(people: list[dict[str, Any]]) -> None:
    """What a spreadsheet keeps, in place: 15 significant digits (Excel's precision); cells read without
    leading or trailing spaces (simulated text cut to its maximum length can end in one)."""
    for answers in people:
        for qid, value in answers.items():
            if isinstance(value, float):
                answers[qid] = float(f"{value:.15g}")
            elif isinstance(value, str):
                answers[qid] = value.strip()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(st.just(EXAMPLE), instruments()),
    st.integers(0, 2**16),
    st.booleans(),
    st.data(),
)
def test_simulated_respondents_come_back_exactly(
    tmp_path_factory: pytest.TempPathFactory, instrument: Instrument, seed: int, xlsx: bool, data: st.DataObject
) -> None:
    people = simulate(instrument, 15, seed)
    _as_kept(people)
    multis = sorted(q.id for q in instrument.questions() if isinstance(q, MultiChoice))
    per_option = set(data.draw(st.lists(st.sampled_from(multis), unique=True))) if multis else set()
    layout = _layout(instrument, per_option)
    names = data.draw(
        st.lists(
            _header_text, min_size=len(layout) + 2, max_size=len(layout) + 2, unique_by=lambda s: " ".join(s.split())
        )
    )
    code_column, junk, answer_names = names[0], names[1], names[2:]
    codes = [
        data.draw(st.none() | st.text(string.ascii_letters + string.digits, min_size=1, max_size=8)) for _ in people
    ]
    header = [code_column, junk, *answer_names]
    rows = [
        [codes[i], "203.0.113.7", *(_cell(instrument, qid, part, p, xlsx) for qid, part in layout)]
        for i, p in enumerate(people)
    ]
    folder = tmp_path_factory.mktemp("roundtrip")
    if xlsx:
        path = _xlsx(folder / "data.xlsx", [header, *rows])
    else:
        path = folder / "data.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, delimiter=";").writerows([header, *[["" if c is None else c for c in r] for r in rows]])
    columns = {}
    for name, (qid, part) in zip(answer_names, layout, strict=True):
        q = instrument.question_map[qid]
        spec: dict[str, Any] = {"question": qid}
        if isinstance(q, Matrix):
            spec["row"] = part
        elif isinstance(q, MultiChoice):
            spec |= {"option": part} if part is not None else {"separator": ";"}
        columns[name] = spec
    mapping = folder / "mapping.yaml"
    mapping.write_text(
        json.dumps(
            {"access_code": code_column, "ignore": [junk], "delimiter": ";", "columns": columns}, ensure_ascii=False
        ),
        encoding="utf-8",
    )
    got = _read(instrument, path, mapping)
    empty = [i for i, r in enumerate(rows) if all(c is None for c in r)]
    assert not empty  # an IP column is always filled: no row is skipped as empty
    assert [r.problems for r in got] == [[] for _ in people]
    assert [r.answers for r in got] == people
    assert [r.access_code for r in got] == codes
    assert [r.number for r in got] == list(range(2, len(people) + 2))


def test_a_draft_for_a_file_named_by_question_ids_reads_it_back(tmp_path: Path) -> None:
    people = simulate(EXAMPLE, 120, seed=5)
    data = _write(tmp_path / "pilot.csv", write_csv(EXAMPLE, people, [f"c{i}" for i in range(len(people))]))
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(draft_mapping(EXAMPLE, data), encoding="utf-8")
    rows = _read(EXAMPLE, data, mapping)
    assert [r.problems for r in rows] == [[] for _ in people]
    assert [r.answers for r in rows] == people
    assert [r.access_code for r in rows] == [f"c{i}" for i in range(len(people))]
