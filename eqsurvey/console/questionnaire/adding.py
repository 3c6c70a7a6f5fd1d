"""A question of one's own as the section page's add form posts it: the question's YAML shape, or the problems
with what was typed, each at its field (``new.…``), before the validator sees it."""

from __future__ import annotations

import re

from eqsurvey.console.forms import Form, RefusedError
from eqsurvey.console.questionnaire.messages import WORDING
from eqsurvey.console.questionnaire.posted import number
from instruments.model import Instrument
from kernel.errors import Location, Problem

#: The question types a question of one's own can be started as (consent is the survey's own, written once).
NEW_TYPES = ("single_choice", "multi_choice", "text", "scale", "number", "matrix")
#: The add form's fields each type uses beside id, type, label, privacy and role.
_TYPE_FIELDS: dict[str, tuple[str, ...]] = {
    "single_choice": ("options",),
    "multi_choice": ("options",),
    "text": (),
    "scale": ("points",),
    "number": ("min", "max", "unit"),
    "matrix": ("rows", "options"),
}
#: What a new question's answers are, for the dataset's protection; a direct identifier is not asked here.
NEW_PRIVACY = ("other", "special_category", "quasi_identifier")
#: What a new question is for in the analysis plan's tables.
NEW_ROLES = ("none", "breakdown", "outcome")
_OPTION_LINE = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9_.-]*)\s*[:=]\s*(.+?)\s*")
#: A scale point's line: its value may be negative (e.g. -2 … 2).
_POINT_LINE = re.compile(r"\s*(-?[A-Za-z0-9][A-Za-z0-9_.-]*)\s*[:=]\s*(.+?)\s*")
_WHOLE = re.compile(r"-?[0-9]{1,6}")


def new_question(form: Form, instrument: Instrument, lang: str) -> tuple[dict[str, object], list[Problem]]:
    """A new own question from the section page's form: id, type, label per language, and what its type needs:
    options and matrix rows one ``code: text`` per line, scale points one ``value: text`` per line, a number's
    lowest and highest answer and unit."""
    qid, kind = form.text("new.id"), form.text("new.type")
    privacy, role = form.text("new.privacy", "other"), form.text("new.role", "none")
    problems: list[Problem] = []
    if kind not in NEW_TYPES or privacy not in NEW_PRIVACY or role not in NEW_ROLES:
        raise RefusedError("malformed", 400)
    spec: dict[str, object] = {
        "id": qid,
        "type": kind,
        "label": {x: form.text(f"new.label.{x}") for x in instrument.languages if form.text(f"new.label.{x}")},
    }
    # Only what differs from the defaults is written, as a person would write the file.
    spec.update({k: v for k, v in (("privacy", privacy), ("role", role)) if v not in ("other", "none")})
    used = _TYPE_FIELDS[kind]
    for name in ("rows", "points", "options"):
        if name in used:
            spec[name] = _lines(form, name, instrument, lang, problems)
    if "min" in used:
        for name in ("min", "max"):
            value = number(form.text(f"new.{name}"))
            if value is None:
                problems.append(_at(f"new.{name}", WORDING.text(lang, "not_a_number")))
            else:
                spec[name] = int(value) if value.is_integer() else value
        unit = {x: form.text(f"new.unit.{x}") for x in instrument.languages if form.text(f"new.unit.{x}")}
        if unit:
            spec["unit"] = unit
    # A field the chosen type has no use for is said so, not silently dropped.
    for name in ("options", "rows", "points", "min", "max"):
        if name not in used and form.text(f"new.{name}").strip():
            problems.append(_at(f"new.{name}", WORDING.text(lang, "not_for_type")))
    for x in instrument.languages:
        if "unit" not in used and form.text(f"new.unit.{x}").strip():
            problems.append(_at(f"new.unit.{x}", WORDING.text(lang, "not_for_type")))
    return spec, problems


def _at(key: str, text: str) -> Problem:
    return Problem("form-field", Location(field=key), text, "")


def _lines(
    form: Form, name: str, instrument: Instrument, lang: str, problems: list[Problem]
) -> list[dict[str, object]]:
    """``code: text`` lines (``value: text`` for scale points, the value a whole number) as the list's entries."""
    entries: list[dict[str, object]] = []
    for n, line in enumerate(form.text(f"new.{name}").splitlines(), start=1):
        if not line.strip():
            continue
        found = (_POINT_LINE if name == "points" else _OPTION_LINE).fullmatch(line)
        ident: object = found.group(1) if found else None
        if found is not None and name == "points":
            ident = int(found.group(1)) if _WHOLE.fullmatch(found.group(1)) else None
        if found is None or ident is None:
            key = "point_line" if name == "points" else "option_line"
            problems.append(_at(f"new.{name}", WORDING.text(lang, key, n=n)))
            continue
        entries.append(
            {"value" if name == "points" else "code": ident, "label": {instrument.default_language: found.group(2)}}
        )
    return entries


def as_new_question(problems: list[Problem], qid: str) -> list[Problem]:
    """The validator's problems with a question being added, placed at the add form's fields (``new.…``)."""
    prefix = f"question.{qid}"
    placed = []
    for p in problems:
        key = p.where.field or ""
        if key == prefix:
            key = "new.id"
        elif key.startswith((prefix + ".option.", prefix + ".row.", prefix + ".point.")):
            key = "new." + key[len(prefix) + 1 :].split(".")[0] + "s"
        elif key.startswith(prefix + "."):
            key = "new." + key[len(prefix) + 1 :]
        placed.append(Problem(p.code, Location(field=key or None), p.problem, p.fix, p.severity))
    return placed
