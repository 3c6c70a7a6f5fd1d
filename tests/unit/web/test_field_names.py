"""No field a question is asked in can take the name of one of the form's own fields.

The form names its sealed state, its buttons and the access code for itself;
a question's fields are named after its id (``ID``, ``ID:ROW``,
``ID:declined``). The ids are drawn from the id grammar, from the form's own
names and from any text, and kept only where the instrument model accepts
them, so the property holds for whatever the model lets an instrument call a
question, and breaks if the grammar ever admits one of the form's names.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from instruments.questions import Question
from instruments.text import Code, Identifier
from survey.web.fields import ACTION_FIELD, CODE_FIELD, CONTROL_FIELDS, FORM_FIELDS, STATE_FIELD, field_names
from survey.web.pages import Asked

OWN = frozenset(FORM_FIELDS.values())
_ids: TypeAdapter[str] = TypeAdapter(Identifier)
_codes: TypeAdapter[str] = TypeAdapter(Code)
_questions: TypeAdapter[Any] = TypeAdapter(Question)

_near_own = st.sampled_from(sorted(OWN)).flatmap(
    lambda name: st.sampled_from([name, name.lstrip("_"), name.upper(), f"{name}_", f"_{name}", f"{name}:declined"])
)
_names = st.one_of(st.from_regex(r"[a-z][a-z0-9_]{0,63}", fullmatch=True), _near_own, st.text(max_size=70))
_row_codes = st.one_of(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,10}", fullmatch=True), _near_own, st.text())


def _accepted(adapter: TypeAdapter[str], value: str) -> bool:
    try:
        adapter.validate_python(value)
    except ValidationError:
        return False
    return True


def _asked(qid: str, rows: list[str]) -> list[Asked]:
    label = {"de": "Frage"}
    options = [{"code": "a", "label": label}]
    matrix = _questions.validate_python(
        {
            "type": "matrix",
            "id": qid,
            "label": label,
            "rows": [{"code": r, "label": label} for r in rows],
            "options": options,
        }
    )
    return [
        Asked(_questions.validate_python({"type": "single_choice", "id": qid, "label": label, "options": options})),
        Asked(_questions.validate_python({"type": "text", "id": qid, "label": label, "prefer_not_to_say": True})),
        Asked(
            _questions.validate_python(
                {"type": "number", "id": qid, "label": label, "min": 0, "max": 9, "prefer_not_to_say": True}
            )
        ),
        Asked(matrix, tuple(rows)),
    ]


def test_the_forms_own_names_are_no_ids() -> None:
    assert {STATE_FIELD, ACTION_FIELD, CODE_FIELD} == OWN and CONTROL_FIELDS <= OWN
    assert not any(_accepted(_ids, name) for name in OWN)
    # The names the form used before are ids an instrument may use now, as pyxform's cascading select does.
    assert all(_accepted(_ids, name) for name in ("state", "action", "code", "csrf", "lang"))


@given(_names, st.lists(_row_codes, min_size=1, max_size=4, unique=True))
def test_no_question_is_asked_in_a_field_of_the_forms_own(name: str, rows: list[str]) -> None:
    rows = [r for r in rows if _accepted(_codes, r)] or ["row"]
    if not _accepted(_ids, name):
        return  # no instrument can hold it
    names = field_names(_asked(name, rows))
    assert name in names and not names & OWN, names & OWN
