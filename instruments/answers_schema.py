"""JSON Schema (draft 2020-12) of one respondent's answers to an instrument.

Other tools (a web form in another stack, an import script, a partner
organisation's pipeline) can check answers against it without running Python.
It states types, option codes, bounds, selection limits and exclusivity.

What it cannot state is skip logic: whether a question was asked depends on
earlier answers through conditions that JSON Schema has no way to evaluate in
Kleene logic. So a question with a ``relevant`` condition is never required
here, and answers to questions that should not have been asked are not
rejected; eqsurvey's own validation of a submission does both. The schema's
description says so, so nobody mistakes it for the whole check.

Shape of the answers: an object keyed by question id; a question not answered
is left out (not null, not an empty list or string); "prefer not to say" is
the code ``prefer_not_to_say`` in place of the answer (per row for a matrix).
"""

from __future__ import annotations

from typing import Any

from instruments.model import Instrument
from instruments.questions import Consent, Matrix, MultiChoice, Number, Option, Question, Scale, SingleChoice, Text
from instruments.text import DECLINED, pick
from kernel.errors import InternalError

DRAFT = "https://json-schema.org/draft/2020-12/schema"

_SKIP_NOTE = (
    "Skip logic is not expressible in JSON Schema: questions asked only under a condition ('relevant') "
    "are never required here, and answers to questions that should have been skipped are not rejected. "
    "Validate submissions with eqsurvey for the full check."
)
_SHAPE_NOTE = (
    "Leave out a question that was not answered; give 'prefer_not_to_say' for an explicit "
    "'prefer not to say' where the question offers it."
)


def answers_json_schema(instrument: Instrument) -> dict[str, Any]:
    """The schema of one respondent's answers, keyed by question id, in question order."""
    lang = instrument.default_language
    title = pick(instrument.title, lang)
    conditional_sections = {s.id for s in instrument.sections if s.relevant is not None}
    properties: dict[str, Any] = {}
    required: list[str] = []
    for section in instrument.sections:
        for q in section.questions:
            properties[q.id] = _question_schema(q, lang)
            # A required question inside a conditional section is not always asked either, nor a choice
            # whose every option is offered on a condition (offering none, it is not asked).
            options = getattr(q, "options", [])
            always_offered = not options or any(o.relevant is None for o in options)
            if q.required and q.relevant is None and section.id not in conditional_sections and always_offered:
                required.append(q.id)
    return {
        "$schema": DRAFT,
        "$id": f"urn:eqsurvey:answers:{instrument.id}:{instrument.version}",
        "title": f"Answers to {title} ({instrument.id} {instrument.version})",
        "description": f"One respondent's answers to instrument {instrument.id} version {instrument.version}. "
        f"{_SHAPE_NOTE} {_SKIP_NOTE}",
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _describe(q: Question, lang: str, extra: str = "") -> dict[str, Any]:
    """Title and description in the default language, plus a note on how the answer is coded."""
    out: dict[str, Any] = {"title": pick(q.label, lang)}
    parts = [pick(q.hint, lang), extra]
    if q.relevant is not None:
        parts.append(f"Asked only if: {q.relevant}.")
    description = " ".join(p for p in parts if p)
    if description:
        out["description"] = description
    return out


def _codes(options: list[Option], declined: bool) -> list[str]:
    return [o.code for o in options] + ([DECLINED] if declined else [])


def _option_labels(options: list[Option], lang: str) -> str:
    return "; ".join(f"{o.code} = {pick(o.label, lang)}" for o in options)


def _question_schema(q: Question, lang: str) -> dict[str, Any]:
    declined = q.prefer_not_to_say and not isinstance(q, Consent)
    if isinstance(q, SingleChoice):
        return {
            **_describe(q, lang, _option_labels(q.options, lang)),
            "type": "string",
            "enum": _codes(q.options, declined),
        }
    if isinstance(q, MultiChoice):
        return _multi_schema(q, lang, declined)
    if isinstance(q, Scale):
        # An enum may mix the integer points with the declined code; booleans never equal 1 in JSON Schema.
        points = "; ".join(f"{p.value} = {pick(p.label, lang)}" for p in q.points)
        values: list[Any] = [p.value for p in q.points] + ([DECLINED] if declined else [])
        typed = {} if declined else {"type": "integer"}
        return {**_describe(q, lang, points), **typed, "enum": values}
    if isinstance(q, Number):
        bound: dict[str, Any] = {
            "type": "integer" if q.integer else "number",
            "minimum": _json_number(q.min),
            "maximum": _json_number(q.max),
        }
        unit = pick(q.unit, lang)
        info = _describe(q, lang, f"Unit: {unit}." if unit else "")
        return {**info, "anyOf": [bound, {"const": DECLINED}]} if declined else {**info, **bound}
    if isinstance(q, Text):
        # A text answer equal to the declined code reads as declined; nothing more can be said here.
        return {**_describe(q, lang), "type": "string", "minLength": 1, "maxLength": q.max_length}
    if isinstance(q, Matrix):
        row_schema = {"type": "string", "enum": _codes(q.options, declined)}
        rows = {r.code: {"title": pick(r.label, lang), **row_schema} for r in q.rows}
        conditional = [r.code for r in q.rows if r.relevant is not None]
        extra = _option_labels(q.options, lang)
        if conditional:
            extra += f". Rows asked only under a condition: {', '.join(conditional)}."
        return {
            **_describe(q, lang, extra),
            "type": "object",
            "properties": rows,
            "additionalProperties": False,
            "minProperties": 1,
        }
    if isinstance(q, Consent):
        return {**_describe(q, lang, "true: consent given; false: consent refused."), "type": "boolean"}
    raise InternalError(f"answers_json_schema has no rule for question type {q.type}")


def _multi_schema(q: MultiChoice, lang: str, declined: bool) -> dict[str, Any]:
    exclusive = [o.code for o in q.options if o.exclusive] + ([DECLINED] if declined else [])
    note = f"At most {q.selection_limit} options."
    if exclusive:
        note += f" Only on their own: {', '.join(exclusive)}."
    schema: dict[str, Any] = {
        **_describe(q, lang, f"{_option_labels(q.options, lang)}. {note}"),
        "type": "array",
        "items": {"type": "string", "enum": _codes(q.options, declined)},
        "uniqueItems": True,
        "minItems": 1,
        "maxItems": q.selection_limit,
    }
    if exclusive:
        # "If the list contains an exclusive code, it contains nothing else."
        schema["allOf"] = [{"if": {"contains": {"const": code}}, "then": {"maxItems": 1}} for code in exclusive]
    return schema


def _json_number(value: float) -> int | float:
    # 16 rather than 16.0 keeps the schema readable; both mean the same in JSON Schema.
    return int(value) if value.is_integer() else value
