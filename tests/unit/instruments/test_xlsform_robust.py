"""XLSForm export and import on hostile input: nothing is cut short, nothing crashes.

Export raises InstrumentError for text no cell can hold; import raises
InstrumentError (or notes) for any shape of file, never another exception.
"""

from __future__ import annotations

import copy
import csv
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from instruments.loader import parse_instrument
from instruments.model import Instrument
from instruments.questions import MultiChoice
from instruments.xlsform.export import export_xlsform, xlsform_bytes
from instruments.xlsform.importer import ImportResult, import_form
from kernel.errors import InstrumentError
from tests.builders import GENDER, instrument_yaml

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "xlsform"
KOBO = json.loads((FIXTURES / "kobo_asset.json").read_text(encoding="utf-8"))


def gender_instrument() -> Instrument:
    return parse_instrument(instrument_yaml(GENDER), "test.yaml").instrument


# --- export ------------------------------------------------------------------------------------------


def test_the_workbook_comes_as_bytes_and_export_writes_them(tmp_path: Path) -> None:
    data = xlsform_bytes(gender_instrument())
    assert data[:2] == b"PK"  # an .xlsx is a zip file
    assert openpyxl.load_workbook(io.BytesIO(data)).sheetnames == ["survey", "choices", "settings"]
    export_xlsform(gender_instrument(), tmp_path / "form.xlsx")
    assert import_form(tmp_path / "form.xlsx").instrument == gender_instrument()


def _relabel(inst: Instrument, text: str) -> Instrument:
    """The instrument with the gender label in German replaced, unvalidated (as the model may one day refuse it)."""
    section = inst.sections[0]
    question = section.questions[0].model_copy(update={"label": {"de": text, "en": "Gender"}})
    return inst.model_copy(update={"sections": [section.model_copy(update={"questions": [question]})]})


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("x" * 32_768, "32,768 characters"),
        ("😀" * 16_384, "32,768 characters"),  # Excel counts UTF-16 units: an emoji is two
        ("Geschlecht\x07", "U+0007 at position 11"),
        ("Geschlecht\r\n", "U+000D"),
        ("a\x00b", "U+0000"),
    ],
)
def test_text_no_cell_can_hold_is_refused_by_question(text: str, says: str) -> None:
    with pytest.raises(InstrumentError) as caught:
        xlsform_bytes(_relabel(gender_instrument(), text))
    [problem] = caught.value.problems
    assert problem.code == "unwritable-text"
    assert (problem.where.question, problem.where.field) == ("gender", "label::Deutsch (de)")
    assert says in problem.problem and "export again" in problem.fix


def test_the_longest_text_a_cell_holds_is_written_whole() -> None:
    book = openpyxl.load_workbook(io.BytesIO(xlsform_bytes(_relabel(gender_instrument(), "y" * 32_767))))
    header = [c.value for c in book["survey"][1]]
    labels = [r[header.index("label::Deutsch (de)")] for r in book["survey"].iter_rows(min_row=2, values_only=True)]
    assert "y" * 32_767 in labels


def test_options_and_metadata_are_named_too() -> None:
    inst = gender_instrument()
    gender = inst.sections[0].questions[0]
    assert isinstance(gender, MultiChoice)
    options = [gender.options[0].model_copy(update={"label": {"de": "Frau\x1b", "en": "Woman"}}), *gender.options[1:]]
    section = inst.sections[0].model_copy(update={"questions": [gender.model_copy(update={"options": options})]})
    broken = inst.model_copy(update={"sections": [section], "purpose": {"de": "z" * 40_000, "en": "Purpose"}})
    with pytest.raises(InstrumentError) as caught:
        xlsform_bytes(broken)
    found = {(p.where.question, p.where.field) for p in caught.value.problems}
    assert found == {(None, "label::Deutsch (de)"), ("gender", "label::Deutsch (de)")}
    texts = [p.problem for p in caught.value.problems]
    assert any("option 'woman' of 'gender'" in t for t in texts) and any("the instrument's purpose" in t for t in texts)


# --- KoboToolbox JSON of odd shapes ------------------------------------------------------------------


def _kobo(tmp_path: Path, change: dict[str, Any], item: tuple[str, int, str, Any] | None = None) -> Path:
    data = copy.deepcopy(KOBO)
    data["content"].update(change)
    if item is not None:
        sheet, index, key, value = item
        data["content"][sheet][index][key] = value
    path = tmp_path / "form.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "item", "says"),
    [
        ({"translated": 5}, None, "content.translated"),
        ({"translated": [1, "label"]}, None, "content.translated"),
        ({"translations": "x"}, None, "content.translations"),
        ({"translations": ["English (en)", 5]}, None, "content.translations"),
        ({"translations": ["en", "en"]}, None, "more than once"),
        ({"choices": 3}, None, "content.choices"),
        ({"survey": "text"}, None, "content.survey"),
        ({}, ("survey", 2, "label", ["Do you rent or own?"]), "one text per translation"),
        ({}, ("survey", 2, "label", ["a", "b", "c"]), "one text per translation"),
        ({}, ("choices", 1, "label", [["Own"], "Ev sahibi"]), "one text per translation"),
    ],
)
def test_odd_kobo_json_says_where_and_how_to_fix(
    tmp_path: Path, change: dict[str, Any], item: tuple[str, int, str, Any] | None, says: str
) -> None:
    path = _kobo(tmp_path, change, item)
    with pytest.raises(InstrumentError) as caught:
        import_form(path)
    problem = caught.value.problems[0]
    assert problem.code == "json-shape" and says in problem.problem and problem.fix
    assert problem.where.file == str(path)
    if item is not None:
        assert problem.where.row == item[1] + 1


def test_odd_but_readable_kobo_values_import(tmp_path: Path) -> None:
    path = _kobo(tmp_path, {"survey": {"type": "text", "name": 5, "label": ["Five", "Beş"]}})
    result = import_form(path)
    assert [q.id for q in result.instrument.questions()] == ["q_5"]


def test_json_nested_beyond_reason_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "form.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(InstrumentError) as caught:
        import_form(path)
    assert caught.value.problems[0].code == "json-shape"


_odd_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.floats(allow_nan=False) | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=6,
)
_keys = st.sampled_from(
    ["type", "name", "label", "hint", "list_name", "select_from_list_name", "relevant", "constraint", "required",
     "translations", "translated", "survey", "choices", "settings", "content", "$autoname", "appearance"]
)  # fmt: skip


def _places(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, child in children:
        found += _places(child, (*path, key))
    return found


@st.composite
def _mutated_kobo(draw: st.DrawFn) -> Any:
    data = copy.deepcopy(KOBO)
    for _ in range(draw(st.integers(1, 4))):
        places = [p for p in _places(data) if p]
        if not places:
            break
        *head, last = draw(st.sampled_from(places))
        parent = data
        for key in head:
            parent = parent[key]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "delete":
            del parent[last]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(_keys)] = draw(_odd_values)
        else:
            parent[last] = draw(_odd_values)
    return data


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_mutated_kobo())
def test_any_mutated_kobo_form_imports_or_says_what_is_wrong(tmp_path: Path, data: Any) -> None:
    path = tmp_path / "form.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    try:
        assert isinstance(import_form(path), ImportResult)
    except InstrumentError as exc:
        assert all(p.problem and p.fix and p.where.file == str(path) for p in exc.problems)


_cells = st.one_of(
    st.sampled_from(["survey", "choices", "settings", "type", "name", "label", "list_name", "text", "integer",
                     "select_one l", "begin group", "end group", "l", "x", "${x} = 1", "label::de", "", "|"]),
    st.text(max_size=6),
)  # fmt: skip
_tables = st.lists(st.lists(_cells, max_size=5), max_size=8)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_tables, st.sampled_from(["csv", "md"]))
def test_any_csv_or_markdown_table_imports_or_says_what_is_wrong(
    tmp_path: Path, table: list[list[str]], layout: str
) -> None:
    path = tmp_path / f"form.{layout}"
    if layout == "csv":
        out = io.StringIO()
        csv.writer(out).writerows(table)
        path.write_text(out.getvalue(), encoding="utf-8")
    else:
        lines = ["| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in row) + " |" for row in table]
        path.write_text("\n".join(lines), encoding="utf-8")
    try:
        assert isinstance(import_form(path), ImportResult)
    except InstrumentError as exc:
        assert all(p.problem and p.fix for p in exc.problems)


# --- conditions nested too deeply, odd versions --------------------------------------------------------


@pytest.mark.parametrize("depth", [400, 5000])
def test_a_deeply_nested_condition_is_dropped_with_a_note(tmp_path: Path, depth: int) -> None:
    relevant = "(" * depth + "${a} = 1" + ")" * depth
    path = tmp_path / "form.md"
    path.write_text(
        f"| survey |\n| | type | name | label | relevant |\n| | integer | a | A | |\n| | text | b | B | {relevant} |\n",
        encoding="utf-8",
    )
    result = import_form(path)
    assert result.instrument.question_map["b"].relevant is None
    [note] = [n for n in result.notes if n.code == "condition"]
    assert note.where.row == 4 and "more than 50 levels" in note.problem
    assert len(note.problem) < 400  # the condition is quoted shortened, not 10,000 brackets long


def test_a_condition_nested_50_deep_is_kept(tmp_path: Path) -> None:
    relevant = "(" * 50 + "${a} = 1" + ")" * 50
    path = tmp_path / "form.md"
    path.write_text(
        f"| survey |\n| | type | name | label | relevant |\n| | integer | a | A | |\n| | text | b | B | {relevant} |\n",
        encoding="utf-8",
    )
    assert import_form(path).instrument.question_map["b"].relevant == "a == 1"


@pytest.mark.parametrize(
    ("written", "version"),
    [
        ("2.1.0", "2.1.0"),
        ("7", "7.0.0"),
        ("007", "1.0.0+007"),
        ("fcv1", "1.0.0+fcv1"),
        ("v2 (2024-03-01)", "1.0.0+v2-2024-03-01.2a2c1e094d"),
    ],
)
def test_versions_are_read_or_kept_beside_a_semantic_version(tmp_path: Path, written: str, version: str) -> None:
    path = _kobo(tmp_path, {"settings": {"form_id": "neighbourhood", "version": written}})
    result = import_form(path)
    assert result.instrument.version == version
    assert result.instrument.source_version == (None if written == version else written)
    assert ("version" in [n.code for n in result.notes]) == (written != version)


def test_two_platform_versions_never_become_one(tmp_path: Path) -> None:
    # Kobo's fcv1 and fcv2 both became 1.0.0, so answers of both were stored as one version.
    seen: dict[str, str] = {}
    for i, written in enumerate(("fcv1", "fcv2", "fcv 1", "fcv-1", "fcv.1", "1", "01", "2", "1.0.0-rc1")):
        folder = tmp_path / str(i)
        folder.mkdir()
        settings = {"form_id": "f", "version": written}
        version = import_form(_kobo(folder, {"settings": settings})).instrument.version
        assert version not in seen, (written, seen.get(version))
        seen[version] = written
