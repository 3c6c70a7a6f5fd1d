"""The console's forms for own questions of the other common types: a scale, a number, a matrix added from the
section page, and their points, bounds, unit and rows edited on the question page; each problem at its field,
and malformed posts writing nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from instruments.loader import load_instrument
from instruments.questions import Matrix, Number, Scale
from tests.support.console import OpenConsole
from tests.unit.console.test_questionnaire import COMMENT, _digest, _yaml, console, project

__all__ = ["console", "project"]  # the fixtures, shared with the questionnaire's other tests

SECTION = "/questionnaire/sections/trust"
NEW = {
    "scale": {
        "new.id": "ms_satisfied",
        "new.type": "scale",
        "new.label.de": "Wie zufrieden sind Sie mit der Stadtverwaltung?",
        "new.label.en": "How satisfied are you with the city administration?",
        "new.points": "1: gar nicht\n2: etwas\n3: sehr\n",
        "new.role": "outcome",
    },
    "number": {
        "new.id": "ms_years",
        "new.type": "number",
        "new.label.de": "Seit wie vielen Jahren leben Sie in Musterstadt?",
        "new.min": "0",
        "new.max": "100",
        "new.unit.de": "Jahre",
        "new.unit.en": "years",
    },
    "matrix": {
        "new.id": "ms_safe",
        "new.type": "matrix",
        "new.label.de": "Wie sicher fühlen Sie sich hier?",
        "new.rows": "bus: Im Bus\nstreet: Auf der Straße\n",
        "new.options": "safe: Sicher\nunsafe: Unsicher\n",
    },
}

TEXT = {"new.id": "ms_note", "new.type": "text", "new.label.de": "Anmerkung"}


def _add(console: OpenConsole, fields: dict[str, str]) -> int:
    answer = console.post(SECTION, {"action": "add-question", **fields, "digest": _digest(console, SECTION)})
    return int(answer.status_code)


def test_a_scale_a_number_and_a_matrix_are_added_from_the_section_page(console: OpenConsole, project: Path) -> None:
    page = console.client.get(SECTION).text
    for kind in ("scale", "number", "matrix"):
        assert f'<option value="{kind}"' in page
    for fields in NEW.values():
        assert _add(console, fields) == 303
    inst = load_instrument(project / "instrument.yaml").instrument
    scale, number, matrix = (inst.question_map[q] for q in ("ms_satisfied", "ms_years", "ms_safe"))
    assert isinstance(scale, Scale) and (scale.points[0].value, scale.points[0].label["de"]) == (1, "gar nicht")
    assert scale.role == "outcome"
    assert isinstance(number, Number) and (number.min, number.max, number.unit) == (
        0,
        100,
        {"de": "Jahre", "en": "years"},
    )
    assert isinstance(matrix, Matrix) and [r.code for r in matrix.rows] == ["bus", "street"]
    assert [o.code for o in matrix.options] == ["safe", "unsafe"]
    assert inst.version == "1.1.0" and _yaml(project).startswith(COMMENT)
    assert "        min: 0\n        max: 100\n" in _yaml(project)
    # The rows and points in the default language are now translations to fill, on the translations page.
    translations = console.client.get("/questionnaire/translations").text
    assert 'name="question.ms_safe.row.bus.label.en"' in translations
    assert 'name="question.ms_satisfied.point.1.label.en"' in translations


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({**NEW["scale"], "new.points": "1: gar nicht\nzwei: etwas"}, "new.points", "Line 2 is not written as value"),
        ({**NEW["scale"], "new.points": "1: nur einer"}, "new.points", ""),
        ({**NEW["scale"], "new.rows": "bus: Im Bus"}, "new.rows", "does not use this field"),
        ({**NEW["matrix"], "new.rows": "-bus: Im Bus"}, "new.rows", "Line 1 is not written as code: text"),
        ({**NEW["number"], "new.min": "zehn"}, "new.min", "Write a number here"),
        ({**NEW["number"], "new.min": "100", "new.max": "10"}, "new.min", "is not below max"),
        ({**NEW["number"], "new.max": "1e9"}, "new.max", "Write a number here"),
        ({**NEW["number"], "new.options": "a: A"}, "new.options", "does not use this field"),
        ({**NEW["matrix"], "new.rows": "bus: Im Bus\nbus: Nochmal"}, "new.rows", "appears twice"),
        ({**NEW["matrix"], "new.rows": ""}, "new.rows", ""),
        ({**TEXT, "new.unit.en": "km"}, "new.unit.en", "does not use this field"),
    ],
)
def test_a_new_questions_problems_are_shown_at_the_add_forms_fields_and_nothing_is_written(
    console: OpenConsole, project: Path, fields: dict[str, str], field: str, words: str
) -> None:
    before = _yaml(project)
    answer = console.post(SECTION, {"action": "add-question", **fields, "digest": _digest(console, SECTION)})
    assert answer.status_code == 422
    assert f'id="problem-{field}-1"' in answer.text and words in answer.text
    assert _yaml(project) == before


def test_a_scale_centred_on_zero_has_negative_points_that_are_edited_like_any_other(
    console: OpenConsole, project: Path
) -> None:
    centred = {**NEW["scale"], "new.points": "-2: viel schlechter\n0: gleich\n2: viel besser\n"}
    assert _add(console, centred) == 303
    assert (
        _question(console, "ms_satisfied", {"action": "texts", "question.ms_satisfied.point.-2.label.en": "much worse"})
        == 303
    )
    scale = load_instrument(project / "instrument.yaml").instrument.question_map["ms_satisfied"]
    assert isinstance(scale, Scale) and [p.value for p in scale.points] == [-2, 0, 2]
    assert scale.points[0].label == {"de": "viel schlechter", "en": "much worse"}


def _question(console: OpenConsole, qid: str, fields: dict[str, str]) -> int:
    url = f"/questionnaire/questions/{qid}"
    return int(console.post(url, {**fields, "digest": _digest(console, url)}).status_code)


def test_points_bounds_unit_and_rows_are_edited_on_the_question_page(console: OpenConsole, project: Path) -> None:
    for fields in NEW.values():
        assert _add(console, fields) == 303
    page = console.client.get("/questionnaire/questions/ms_years").text
    assert 'value="0"' in page and 'name="question.ms_years.unit.en"' in page
    texts = {
        "action": "texts",
        "question.ms_years.min": "1",
        "question.ms_years.max": "99",
        "question.ms_years.unit.en": "years of residence",
    }
    assert _question(console, "ms_years", texts) == 303
    scale = {"action": "texts", "question.ms_satisfied.point.2.label.en": "somewhat"}
    assert _question(console, "ms_satisfied", scale) == 303
    row = {"action": "texts", "question.ms_safe.row.bus.label.en": "On the bus"}
    assert _question(console, "ms_safe", row) == 303
    new_row = {
        "action": "add-row",
        "new_row.code": "park",
        "new_row.label.de": "Im Park",
        "new_row.label.en": "In the park",
    }
    assert _question(console, "ms_safe", new_row) == 303
    new_point = {"action": "add-point", "new_point.value": "4", "new_point.label.de": "völlig"}
    assert _question(console, "ms_satisfied", new_point) == 303
    inst = load_instrument(project / "instrument.yaml").instrument
    number, scale_q, matrix = (inst.question_map[q] for q in ("ms_years", "ms_satisfied", "ms_safe"))
    assert isinstance(number, Number) and (number.min, number.max) == (1, 99)
    assert number.unit == {"de": "Jahre", "en": "years of residence"}
    assert isinstance(scale_q, Scale) and scale_q.points[1].label["en"] == "somewhat"
    assert [p.value for p in scale_q.points] == [1, 2, 3, 4]
    assert isinstance(matrix, Matrix) and [r.code for r in matrix.rows] == ["bus", "street", "park"]
    assert matrix.rows[0].label["en"] == "On the bus"
    assert inst.version == "1.1.0"  # all since the last version, 1.0.0
    assert _question(console, "ms_safe", {"action": "remove-row", "code": "street"}) == 303
    assert _question(console, "ms_satisfied", {"action": "remove-point", "value": "4"}) == 303
    inst = load_instrument(project / "instrument.yaml").instrument
    assert [r.code for r in inst.question_map["ms_safe"].rows] == ["bus", "park"]  # type: ignore[union-attr]
    assert [p.value for p in inst.question_map["ms_satisfied"].points] == [1, 2, 3]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("qid", "fields", "expected"),
    [
        (
            "ms_years",
            {"action": "texts", "question.ms_years.min": "abc", "question.ms_years.max": "9"},
            ("question.ms_years.min", "Write a number"),
        ),
        (
            "ms_years",
            {"action": "texts", "question.ms_years.min": "50", "question.ms_years.max": "10"},
            ("question.ms_years.min", "is not below max"),
        ),
        (
            "ms_years",
            {"action": "texts", "question.ms_years.min": "0.5", "question.ms_years.max": "10"},
            ("question.ms_years.min", "whole-number"),
        ),
        (
            "ms_safe",
            {"action": "add-row", "new_row.code": "bus", "new_row.label.de": "Bus"},
            ("new_row.code", "appears twice"),
        ),
        (
            "ms_safe",
            {"action": "add-row", "new_row.code": "", "new_row.label.de": "Bus"},
            ("new_row.code", "Give the new row a code"),
        ),
        (
            "ms_safe",
            {"action": "texts", "question.ms_safe.row.bus.label.de": ""},
            ("question.ms_safe.row.bus.label.de", "no text in"),
        ),
        (
            "ms_satisfied",
            {"action": "add-point", "new_point.value": "zwei", "new_point.label.de": "x"},
            ("new_point.value", "whole number"),
        ),
        (
            "ms_satisfied",
            {"action": "add-point", "new_point.value": "2", "new_point.label.de": "x"},
            ("new_point.value", "appears twice"),
        ),
        ("ms_satisfied", {"action": "remove-point", "value": "9"}, ("", "has no point")),
    ],
)
def test_what_is_wrong_with_points_bounds_and_rows_is_shown_at_its_field_and_nothing_is_written(
    console: OpenConsole, project: Path, qid: str, fields: dict[str, str], expected: tuple[str, str]
) -> None:
    field, words = expected
    for new in NEW.values():
        assert _add(console, new) == 303
    before = _yaml(project)
    url = f"/questionnaire/questions/{qid}"
    answer = console.post(url, {**fields, "digest": _digest(console, url)})
    assert answer.status_code == 422
    if field:
        assert f'id="problem-{field}-1"' in answer.text
    assert words in answer.text
    assert _yaml(project) == before


@pytest.mark.parametrize(
    ("qid", "fields"),
    [
        ("ms_satisfied", {"action": "texts", "question.ms_satisfied.point.two.label.de": "x"}),
        ("ms_satisfied", {"action": "texts", "question.ms_satisfied.point.1.label.fr": "x"}),
        ("ms_satisfied", {"action": "remove-point", "value": "1; drop"}),
        ("ms_satisfied", {"action": "texts", "question.ms_satisfied.min": "1"}),  # bounds on a scale
        ("ms_safe", {"action": "texts", "question.ms_safe.row.b@d.label.de": "x"}),
        ("ms_district", {"action": "texts", "question.ms_district.max": "3"}),
    ],
)
def test_malformed_posts_for_points_rows_and_bounds_are_refused_and_nothing_is_written(
    console: OpenConsole, project: Path, qid: str, fields: dict[str, str]
) -> None:
    for new in NEW.values():
        assert _add(console, new) == 303
    before = _yaml(project)
    url = f"/questionnaire/questions/{qid}"
    assert console.post(url, {**fields, "digest": _digest(console, url)}).status_code == 400
    assert _yaml(project) == before


def test_a_row_edit_on_a_library_modules_question_is_refused_with_the_reason(
    console: OpenConsole, project: Path
) -> None:
    before = _yaml(project)
    url = "/questionnaire/questions/ms_district"
    answer = console.post(
        url, {"action": "add-row", "new_row.code": "x", "new_row.label.de": "X", "digest": _digest(console, url)}
    )
    assert answer.status_code == 422 and "only matrix questions have rows" in answer.text
    assert _yaml(project) == before
