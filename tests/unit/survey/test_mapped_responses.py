"""Reading any CSV or XLSX through a column mapping: real files in tmp_path, exact typed answers."""

from __future__ import annotations

import datetime
import textwrap
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from instruments.loader import parse_instrument
from instruments.model import Instrument
from instruments.text import DECLINED
from kernel.errors import EqSurveyError
from survey.importers.csv_format import CsvRow
from survey.importers.mapping.responses import read_mapped
from tests.builders import GENDER, example_instrument, instrument_yaml

EXAMPLE = example_instrument()

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


def test_a_mapped_response_id_names_each_row_and_is_checked_like_the_access_code(tmp_path: Path) -> None:
    data = tmp_path / "export.csv"
    data.write_text("Laufnummer,Bezirk\n17,Altstadt\n,am_hafen\n", encoding="utf-8")
    mapping = _write(tmp_path / "mapping.yaml", "response_id: Laufnummer\ncolumns:\n  Bezirk: ms_district\n")
    rows = _read(EXAMPLE, data, mapping)
    assert [(r.source_id, r.access_code, r.answers) for r in rows] == [
        ("id:17", None, {"ms_district": "altstadt"}),
        (None, None, {"ms_district": "am_hafen"}),
    ]
    missing = _write(tmp_path / "missing.yaml", "response_id: Nummer\ncolumns:\n  Bezirk: ms_district\n")
    with pytest.raises(EqSurveyError) as caught:
        _read(EXAMPLE, data, missing)
    assert "no column 'Nummer'" in _problem(caught, "column-not-found").problem
    twice = _write(tmp_path / "twice.yaml", "response_id: Laufnummer\nignore: [Laufnummer]\ncolumns: {}\n")
    with pytest.raises(EqSurveyError) as caught:
        _read(EXAMPLE, data, twice)
    assert "both the response id and ignored" in _problem(caught, "column-twice").problem


def test_a_drafted_mapping_proposes_a_response_id_column(tmp_path: Path) -> None:
    from survey.importers.mapping.draft import draft_mapping

    data = tmp_path / "export.csv"
    data.write_text("Laufnummer,Bezirk\n17,Altstadt\n", encoding="utf-8")
    assert "response_id: Laufnummer" in draft_mapping(EXAMPLE, data)
