"""The mapping file: strict keys, checks against the instrument with file:line, and the starter draft."""

from __future__ import annotations

import datetime
import textwrap
from pathlib import Path

import openpyxl
import pytest

from kernel.errors import EqSurveyError
from survey.importers.mapping.draft import draft_mapping
from survey.importers.mapping.model import MappingError, load_mapping
from survey.importers.mapping.responses import read_mapped
from tests.builders import example_instrument

EXAMPLE = example_instrument()


def _mapping(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mapping.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _problems(path: Path) -> list[tuple[str, int | None]]:
    with pytest.raises(MappingError) as exc:
        load_mapping(path, EXAMPLE)
    assert all(p.where.file == str(path) for p in exc.value.problems)
    return [(p.code, p.where.line) for p in exc.value.problems]


def test_unknown_keys_are_refused_at_their_line(tmp_path: Path) -> None:
    path = _mapping(
        tmp_path,
        """\
        acces_code: Code
        columns:
          Bezirk:
            question: ms_district
            seperator: ";"
        """,
    )
    assert _problems(path) == [("unknown-key", 1), ("unknown-key", 5)]
    with pytest.raises(MappingError) as exc:
        load_mapping(path, EXAMPLE)
    assert "did you mean 'access_code'" in exc.value.problems[0].problem


def test_references_to_the_instrument_are_checked_with_line_numbers(tmp_path: Path) -> None:
    path = _mapping(
        tmp_path,
        """\
        instrument: musterstadt-2026
        values:
          discr_5y: {Ja: "yes", Vielleicht: maybe}
        columns:
          Bezirk: ms_distrct
          Geschlecht:
            question: gi_gender
            values: {Frau: frau}
          Arbeit: {question: discr_5y, row: arbeit}
          Wohnen: {question: discr_5y}
          Religion: {question: rel_religion, option: katholisch}
          Alter: {question: age_band, row: work}
          Vertrauen: {question: ta_police, values: {sehr: 7}}
          Einwilligung: {question: ms_consent, values: {ja: "yes"}}
          Kein Multi: {question: ms_district, separator: ";"}
        """,
    )
    assert _problems(path) == [
        ("invalid-recode", 3),
        ("unknown-question", 5),
        ("invalid-recode", 8),
        ("unknown-row", 9),
        ("row-missing", 10),
        ("unknown-option", 11),
        ("not-a-matrix", 12),
        ("invalid-recode", 13),
        ("invalid-recode", 14),
        ("no-separator", 15),
    ]


def test_did_you_mean_and_the_wrong_instrument(tmp_path: Path) -> None:
    path = _mapping(tmp_path, "instrument: other-survey\ncolumns: {Bezirk: ms_distrct}\n")
    with pytest.raises(MappingError) as exc:
        load_mapping(path, EXAMPLE)
    wrong, unknown = exc.value.problems
    assert (wrong.code, wrong.where.line) == ("wrong-instrument", 1)
    assert "did you mean 'ms_district'" in unknown.problem


def test_a_question_is_filled_from_one_column(tmp_path: Path) -> None:
    path = _mapping(
        tmp_path,
        """\
        ignore: [Bezirk 2]
        columns:
          Bezirk: ms_district
          Bezirk alt: ms_district
          Geschlecht: {question: gi_gender, separator: ";"}
          Frau: {question: gi_gender, option: woman}
          Arbeit: {question: discr_5y, row: work}
          Arbeit 2: {question: discr_5y, row: work}
          Wohnen: {question: discr_5y, row: housing}
          "Bezirk  2": ms_district
        """,
    )
    assert _problems(path) == [("filled-twice", 4), ("filled-twice", 6), ("filled-twice", 8), ("column-twice", 10)]


def test_yaml_syntax_errors_are_located(tmp_path: Path) -> None:
    path = _mapping(tmp_path, "columns:\n  Bezirk: [ms_district\n")
    with pytest.raises(EqSurveyError) as exc:
        load_mapping(path, EXAMPLE)
    assert exc.value.problems[0].code == "yaml-syntax"
    assert exc.value.problems[0].where.file == str(path)


def test_the_draft_maps_ids_labels_and_compound_names_and_ignores_the_rest(tmp_path: Path) -> None:
    data = tmp_path / "export.csv"
    data.write_text(
        "Zugangscode,IP,In welchem Stadtbezirk wohnen Sie?,GI_GENDER/woman,gi_gender/man,discr_5y[work],"
        "rel_religion,ta_police\n"
        "A1,10.0.0.1,Altstadt,1,0,yes,Christlich – katholisch; Muslimisch,4\n"
        "A2,10.0.0.2,Mond,0,1,no,Jedi,5\n",
        encoding="utf-8",
    )
    draft = draft_mapping(EXAMPLE, data)
    assert "access_code: Zugangscode" in draft
    assert (
        '"In welchem Stadtbezirk wohnen Sie?":  # the name is the question\'s label\n    question: ms_district' in draft
    )
    assert "option: woman" in draft
    assert "option: man" in draft
    assert "row: work" in draft
    assert 'separator: ";"' in draft
    assert '#   "Jedi": CODE' in draft
    assert '#   "Mond": CODE' in draft
    assert "katholisch" not in draft  # an option label is no value to recode
    assert "  - IP  # matches no question" in draft
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(draft, encoding="utf-8")
    rows = list(read_mapped(EXAMPLE, data, mapping))
    assert rows[0].answers == {
        "ms_district": "altstadt",
        "gi_gender": ["woman"],
        "discr_5y": {"work": "yes"},
        "rel_religion": ["christian_catholic", "muslim"],
        "ta_police": 4,
    }
    assert rows[0].access_code == "A1"
    # The values the draft could not place are the ones the reader reports, without quoting them.
    assert [p.where.field for p in rows[1].problems] == ["In welchem Stadtbezirk wohnen Sie?", "rel_religion"]


def test_the_draft_lists_no_values_of_text_columns(tmp_path: Path) -> None:
    data = tmp_path / "export.csv"
    data.write_text("ms_suggestions,Name\nMehr Busse bitte,Erika Musterfrau\n", encoding="utf-8")
    draft = draft_mapping(EXAMPLE, data)
    assert "Mehr Busse" not in draft
    assert "Erika" not in draft
    assert "  - Name  # matches no question" in draft


def test_the_example_in_the_user_documentation_works(tmp_path: Path) -> None:
    docs = (Path(__file__).resolve().parents[3] / "docs" / "responses.md").read_text(encoding="utf-8")
    block = docs.split("```yaml\n# mapping-stadtteiltreff.yaml\n", 1)[1].split("```", 1)[0]
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(block, encoding="utf-8")
    header = [
        "Lfd. Nr.",
        "Datum",
        "Name (für Rückfragen)",
        "Einverstanden",
        "Stadtteil",
        "Geschlecht",
        "Religion: katholisch",
        "Religion: muslimisch",
        "Religion: keine Angabe",
        "Benachteiligt Arbeit",
        "Benachteiligt Wohnen",
        "Vertrauen Polizei",
        "Anregungen",
    ]
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Antworten"
    ws.append(["Befragung Stadtteiltreff Nordstadt, März 2026"])
    ws.append(header)
    day = datetime.date(2026, 3, 3)
    ws.append([1, day, "Erika M.", "ja", "Nordstadt", "Frau, trans", "x", None, None, "Ja", "Nein", 4, "Mehr Busse"])
    ws.append([2, day, None, "ja", "Altstadt", "k.A.", None, None, "x", "trifft nicht zu", "k.A.", 2, None])
    data = tmp_path / "antworten.xlsx"
    book.save(data)
    rows = list(read_mapped(EXAMPLE, data, mapping))
    assert [(r.number, r.problems) for r in rows] == [(3, []), (4, [])]
    assert rows[0].answers == {
        "ms_consent": True,
        "ms_district": "nordstadt",
        "gi_gender": ["woman", "trans"],
        "rel_religion": ["christian_catholic"],
        "discr_5y": {"work": "yes", "housing": "no"},
        "ta_police": 4,
        "ms_suggestions": "Mehr Busse",
    }
    assert rows[1].answers == {
        "ms_consent": True,
        "ms_district": "altstadt",
        "gi_gender": ["prefer_not_to_say"],
        "rel_religion": ["prefer_not_to_say"],
        "discr_5y": {"work": "not_applicable", "housing": "prefer_not_to_say"},
        "ta_police": 2,
    }
