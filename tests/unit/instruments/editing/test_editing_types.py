"""Own questions of the other common types (scale, number, matrix): added, and their points, bounds and rows edited."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from instruments.editing import (
    AddPoint,
    AddQuestion,
    AddRow,
    RemovePoint,
    RemoveRow,
    SetBounds,
    SetPointLabel,
    SetQuestionText,
    SetRowLabel,
    edit_instrument,
    read_instrument_file,
)
from instruments.editing.edits import Edit
from instruments.editing.saving import EditResult
from instruments.loader import load_instrument
from instruments.questions import Matrix, Number, Scale

EXAMPLE = Path(__file__).resolve().parents[4] / "examples" / "musterstadt" / "instrument.yaml"
SCALE = {
    "id": "q_satisfied",
    "type": "scale",
    "label": {"de": "Wie zufrieden sind Sie?", "en": "How satisfied are you?"},
    "points": [
        {"value": 1, "label": {"de": "gar nicht", "en": "not at all"}},
        {"value": 2, "label": {"de": "etwas", "en": "somewhat"}},
        {"value": 3, "label": {"de": "sehr", "en": "very"}},
    ],
}
NUMBER = {
    "id": "q_years",
    "type": "number",
    "label": {"de": "Seit wie vielen Jahren leben Sie hier?", "en": "For how many years have you lived here?"},
    "min": 0,
    "max": 100,
    "unit": {"de": "Jahre", "en": "years"},
}
MATRIX = {
    "id": "q_places",
    "type": "matrix",
    "label": {"de": "Wie sicher fühlen Sie sich?", "en": "How safe do you feel?"},
    "rows": [{"code": "bus", "label": {"de": "im Bus", "en": "on the bus"}}],
    "options": [
        {"code": "safe", "label": {"de": "sicher", "en": "safe"}},
        {"code": "unsafe", "label": {"de": "unsicher", "en": "unsafe"}},
    ],
}


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "instrument.yaml"
    shutil.copy(EXAMPLE, target)
    return target


def _edit(path: Path, *edits: Edit, published: tuple[str, ...] = ()) -> EditResult:
    read = read_instrument_file(path)
    return edit_instrument(path, list(edits), read_digest=read.digest, root=path.parent, published=published)


def _with_all(path: Path) -> None:
    result = _edit(path, *(AddQuestion("trust", spec) for spec in (SCALE, NUMBER, MATRIX)))
    assert result.saved and result.new_version == "1.1.0", result.problems


def test_scale_number_and_matrix_questions_are_added_in_the_models_shape(path: Path) -> None:
    _with_all(path)
    inst = load_instrument(path).instrument
    scale, number, matrix = (inst.question_map[q] for q in ("q_satisfied", "q_years", "q_places"))
    assert isinstance(scale, Scale) and [p.value for p in scale.points] == [1, 2, 3]
    assert scale.points[2].label == {"de": "sehr", "en": "very"}
    assert isinstance(number, Number) and (number.min, number.max) == (0, 100) and number.unit == NUMBER["unit"]
    assert isinstance(matrix, Matrix) and [r.code for r in matrix.rows] == ["bus"]
    text = path.read_text(encoding="utf-8")
    assert "        min: 0\n        max: 100\n        unit:\n          de: Jahre\n" in text
    assert "          - value: 3\n            label:\n              de: sehr\n" in text


def test_point_labels_bounds_unit_and_rows_are_edited_in_place(path: Path) -> None:
    _with_all(path)
    result = _edit(
        path,
        SetPointLabel("q_satisfied", 2, "en", "a little"),
        SetBounds("q_years", 1, 99),
        SetQuestionText("q_years", "unit", "en", "years of age"),
        AddRow("q_places", "street", {"de": "auf der Straße", "en": "in the street"}),
        SetRowLabel("q_places", "bus", "de", "in Bus und Bahn"),
    )
    assert result.saved, result.problems
    inst = load_instrument(path).instrument
    scale, number, matrix = (inst.question_map[q] for q in ("q_satisfied", "q_years", "q_places"))
    assert isinstance(scale, Scale) and scale.points[1].label["en"] == "a little"
    assert isinstance(number, Number) and (number.min, number.max) == (1, 99)
    assert number.unit == {"de": "Jahre", "en": "years of age"}
    assert isinstance(matrix, Matrix) and [r.code for r in matrix.rows] == ["bus", "street"]
    assert matrix.rows[0].label["de"] == "in Bus und Bahn"
    assert "        min: 1\n        max: 99\n" in path.read_text(encoding="utf-8")  # written as whole numbers


def test_a_new_point_goes_in_order_of_value_and_a_removed_one_leaves(path: Path) -> None:
    _with_all(path)
    assert _edit(path, AddPoint("q_satisfied", 0, {"de": "weiß nicht", "en": "don't know"})).saved
    assert _edit(path, RemovePoint("q_satisfied", 2)).saved
    scale = load_instrument(path).instrument.question_map["q_satisfied"]
    assert isinstance(scale, Scale) and [p.value for p in scale.points] == [0, 1, 3]


def test_removing_a_row_or_point_of_a_published_version_raises_the_major_version(path: Path) -> None:
    _with_all(path)
    result = _edit(
        path,
        RemoveRow("q_places", "bus"),
        AddRow("q_places", "work", {"de": "Arbeit", "en": "work"}),
        published=("1.1.0",),
    )
    assert result.saved and result.new_version == "2.0.0"
    result = _edit(path, RemovePoint("q_satisfied", 3), published=("2.0.0",))
    assert result.saved and result.new_version == "3.0.0"
    result = _edit(path, SetPointLabel("q_satisfied", 1, "de", "überhaupt nicht"), published=("3.0.0",))
    assert result.saved and result.new_version == "3.0.1"  # wording alone


def test_narrowed_bounds_are_breaking_and_widened_ones_are_not(path: Path) -> None:
    _with_all(path)
    assert _edit(path, SetBounds("q_years", 0, 120), published=("1.1.0",)).new_version == "1.2.0"
    assert _edit(path, SetBounds("q_years", 5, 120), published=("1.2.0",)).new_version == "2.0.0"


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (SetBounds("q_years", 100, 5), "question.q_years.min"),
        (SetBounds("q_years", 0.5, 10), "question.q_years.min"),
        (AddRow("q_places", "bus", {"de": "doppelt", "en": "twice"}), "question.q_places.row.bus.code"),
        (AddPoint("q_satisfied", 2, {"de": "doppelt", "en": "twice"}), "question.q_satisfied.point.2.value"),
        (SetRowLabel("q_places", "bus", "de", "  "), "question.q_places.row.bus.label.de"),
        (SetPointLabel("q_satisfied", 1, "de", ""), "question.q_satisfied.point.1.label.de"),
        (RemoveRow("q_places", "bus"), "question.q_places.rows"),
    ],
)
def test_what_the_validator_refuses_is_keyed_by_its_field_and_nothing_is_written(
    path: Path, edit: Edit, field: str
) -> None:
    _with_all(path)
    before = path.read_bytes()
    result = _edit(path, edit)
    assert not result.saved
    errors = {k for k, ps in result.problems.items() if any(p.severity == "error" for p in ps)}
    assert errors == {field}
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("edit", "code", "field"),
    [
        (SetBounds("q_satisfied", 1, 5), "not-a-number-question", "question.q_satisfied"),
        (AddRow("q_years", "x", {"de": "x"}), "no-rows", "question.q_years"),
        (SetPointLabel("q_places", 1, "de", "x"), "no-points", "question.q_places"),
        (RemoveRow("q_places", "nope"), "unknown-row", "question.q_places.row.nope"),
        (RemovePoint("q_satisfied", 9), "unknown-point", "question.q_satisfied.point.9"),
        (SetRowLabel("wg_seeing", "x", "de", "x"), "locked-module", "question.wg_seeing"),
    ],
)
def test_an_edit_that_names_what_the_question_has_not_is_refused_at_its_field(
    path: Path, edit: Edit, code: str, field: str
) -> None:
    _with_all(path)
    before = path.read_bytes()
    result = _edit(path, edit)
    assert not result.saved
    assert {k: [p.code for p in ps] for k, ps in result.problems.items()} == {field: [code]}
    assert path.read_bytes() == before


def test_a_comment_above_the_next_question_stays_there_when_the_last_point_goes_or_a_point_is_added(
    path: Path,
) -> None:
    _with_all(path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("      - id: q_years\n", "      # asked of everyone\n      - id: q_years\n"), "utf-8")
    above = "              en: very\n      # asked of everyone\n      - id: q_years\n"
    assert _edit(path, AddPoint("q_satisfied", 4, {"de": "völlig", "en": "completely"})).saved
    assert "              en: completely\n      # asked of everyone\n      - id: q_years\n" in path.read_text("utf-8")
    assert _edit(path, RemovePoint("q_satisfied", 4)).saved
    assert above in path.read_text(encoding="utf-8")
    assert _edit(path, SetPointLabel("q_satisfied", 3, "en", "")).saved
    assert "              de: sehr\n      # asked of everyone\n      - id: q_years\n" in path.read_text("utf-8")


def test_points_shared_with_another_question_by_a_yaml_anchor_are_not_edited_through_one_of_them(
    path: Path,
) -> None:
    other = {**SCALE, "id": "q_content", "label": {"de": "Wie zufrieden mit dem Angebot?", "en": "How content?"}}
    assert _edit(path, AddQuestion("trust", SCALE), AddQuestion("trust", other)).saved
    text = path.read_text(encoding="utf-8")
    head, tail = text.split("      - id: q_content\n")
    shared = head.replace("        points:\n", "        points: &satisfaction\n")
    tail = tail[: tail.index("        points:\n")] + "        points: *satisfaction\n"
    path.write_text(shared + "      - id: q_content\n" + tail, encoding="utf-8")
    before = path.read_bytes()
    result = _edit(path, SetPointLabel("q_content", 1, "en", "not at all content"))
    assert not result.saved
    assert [p.code for p in result.problems["question.q_content"]] == ["shared-list"]
    assert "q_satisfied" in result.problems["question.q_content"][0].problem
    assert path.read_bytes() == before
