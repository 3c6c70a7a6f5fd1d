"""Form fields to answers and back, for the questions asked on one page.

Field names: a question's id for its ticks or its text; ``ID:ROW`` for a matrix
row; ``ID:declined`` for "prefer not to say" beside a text or number box.
Neither ids nor codes contain ':', so names cannot collide. The form's own
fields (sealed state, button, access code) start with '_', which no question
id can (ids start with a letter), so any question id may be asked, 'state'
and 'action' too.

Two kinds of wrong input are told apart. What a person can do with the form
(tick an exclusive option beside others, type "zwölf" in a number box) gets
a message next to the field. What the form cannot produce (a field it never
showed, an option code it never offered, two values for one radio group) is
a hostile or broken post: :class:`HostilePostError`, an error page, nothing kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from instruments.questions import Consent, Matrix, MultiChoice, Number, Scale, SingleChoice, Text
from instruments.text import DECLINED
from survey.web.pages import Asked

Fields = dict[str, list[str]]
#: The sealed state, the button pressed, and the access code typed on the welcome page.
STATE_FIELD, ACTION_FIELD, CODE_FIELD = "_state", "_action", "_code"
#: Fields every form post has besides the answers.
CONTROL_FIELDS = frozenset({STATE_FIELD, ACTION_FIELD})
#: Every field the form names for itself, as the templates know them.
FORM_FIELDS = {"state_field": STATE_FIELD, "action_field": ACTION_FIELD, "code_field": CODE_FIELD}
_NUMBER_RE = re.compile(r"[+-]?\d{1,15}(?:[.,]\d{1,15})?")


class HostilePostError(Exception):
    """A post the form cannot have produced; the reason is for tests, never shown or logged with the post."""


@dataclass(frozen=True)
class Local:
    """A problem found reading a field, before the instrument's own checks: its message key and values."""

    key: str
    values: tuple[tuple[str, str], ...] = ()


def _one(fields: Fields, name: str) -> str | None:
    values = fields.get(name, [])
    if len(values) > 1:
        raise HostilePostError(f"{name}: several values for one answer")
    return values[0] if values else None


def _codes(item: Asked) -> list[str]:
    q = item.question
    declined = [DECLINED] if q.prefer_not_to_say and not isinstance(q, Consent) else []
    if isinstance(q, (SingleChoice, MultiChoice, Matrix)):
        offered = [o.code for o in q.options] if item.options is None else list(item.options)
        return offered + declined
    if isinstance(q, Scale):
        return [str(p.value) for p in q.points] + declined
    if isinstance(q, Consent):
        return ["yes", "no"]
    return []


def field_names(asked: Iterable[Asked]) -> set[str]:
    names: set[str] = set()
    for item in asked:
        q = item.question
        if isinstance(q, Matrix):
            names.update(f"{q.id}:{row}" for row in item.rows)
        else:
            names.add(q.id)
            if isinstance(q, (Text, Number)) and q.prefer_not_to_say:
                names.add(f"{q.id}:declined")
    return names


def read_page(asked: list[Asked], fields: Fields) -> tuple[dict[str, Any], dict[str, Local]]:
    """The answers given on a page (unanswered questions left out), and problems found reading them."""
    unknown = set(fields) - field_names(asked) - CONTROL_FIELDS
    if unknown:
        raise HostilePostError(f"fields the page does not have: {', '.join(sorted(unknown)[:5])}")
    answers: dict[str, Any] = {}
    problems: dict[str, Local] = {}
    for item in asked:
        q = item.question
        codes = _codes(item)
        if isinstance(q, Matrix):
            rows = {row: _one(fields, f"{q.id}:{row}") for row in item.rows}
            given = {row: code for row, code in rows.items() if code is not None}
            if any(code not in codes for code in given.values()):
                raise HostilePostError(f"{q.id}: not an option")
            if given:
                answers[q.id] = given
        elif isinstance(q, MultiChoice):
            ticked = fields.get(q.id, [])
            if any(code not in codes for code in ticked) or len(set(ticked)) != len(ticked):
                raise HostilePostError(f"{q.id}: not an option, or one ticked twice")
            if DECLINED in ticked and len(ticked) > 1:
                problems[q.id] = Local("declined_alone")
            elif ticked:
                answers[q.id] = ticked
        elif isinstance(q, (Text, Number)):
            _read_box(q, fields, answers, problems)
        else:
            code = _one(fields, q.id)
            if code is None:
                continue
            if code not in codes:
                raise HostilePostError(f"{q.id}: not an option")
            if isinstance(q, Consent):
                answers[q.id] = code == "yes"
            elif isinstance(q, Scale) and code != DECLINED:
                answers[q.id] = int(code)
            else:
                answers[q.id] = code
    return answers, problems


def _read_box(q: Text | Number, fields: Fields, answers: dict[str, Any], problems: dict[str, Local]) -> None:
    # Browsers send line breaks as CRLF while maxlength counts them as one character.
    text = (_one(fields, q.id) or "").replace("\r\n", "\n").strip()
    declined = _one(fields, f"{q.id}:declined")
    if declined not in (None, "1"):
        raise HostilePostError(f"{q.id}: not a tick")
    if declined and text:
        problems[q.id] = Local("text_and_declined")
    elif declined:
        answers[q.id] = DECLINED
    elif text and isinstance(q, Text):
        answers[q.id] = text
    elif text and isinstance(q, Number):
        if not _NUMBER_RE.fullmatch(text):
            problems[q.id] = Local("not_number")
            return
        value = float(text.replace(",", "."))
        if q.integer and not value.is_integer():
            problems[q.id] = Local("whole")
        else:
            answers[q.id] = int(value) if q.integer else value


def to_fields(asked: list[Asked], answers: Mapping[str, Any]) -> Fields:
    """The fields that show ``answers`` ticked and filled in on a page."""
    fields: Fields = {}
    for item in asked:
        q = item.question
        value = answers.get(q.id)
        if value is None:
            continue
        if isinstance(q, Matrix):
            for row in item.rows:
                code = DECLINED if value == DECLINED else value.get(row) if isinstance(value, dict) else None
                if code is not None:
                    fields[f"{q.id}:{row}"] = [code]
        elif isinstance(q, MultiChoice):
            fields[q.id] = list(value)
        elif isinstance(q, (Text, Number)) and value == DECLINED:
            fields[f"{q.id}:declined"] = ["1"]
        elif isinstance(q, Consent):
            fields[q.id] = ["yes" if value else "no"]
        else:
            fields[q.id] = [str(value)]
    return fields
