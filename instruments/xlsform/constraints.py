"""Constraints: how eqsurvey's rules become XLSForm constraints, and how constraints come back.

Writing: a multi-choice question's exclusive options and selection limit, a
number's range and a text's length become one XPath constraint each, with a
message in every language (gettext catalogues in ``locales/``, see :mod:`kernel.i18n`;
a language without one gets its base language's messages, else English).

Reading: :func:`constraint_facts` finds those same patterns in any form's
constraint (``not(selected(., 'none') and count-selected(.) > 1)``,
``count-selected(.) <= 2``, ``. >= 0 and . <= 120``, ``string-length(.) <= 500``);
:func:`apply_constraint` moves them into the question and reports the rest.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from instruments.expressions import syntax as ex
from instruments.importing import PLACEHOLDER_BOUNDS, brief
from instruments.questions import MultiChoice, Number, Text
from instruments.text import DECLINED
from instruments.xlsform.questions import Context
from instruments.xlsform.reading import SheetRow
from instruments.xlsform.xpath import XPathError, read_constraint, xpath_number, xpath_string
from kernel.i18n import Catalogues, Msg

CATALOGUES = Catalogues("instruments.xlsform")

# The message written with each kind of constraint, in English; translations in
# instruments/xlsform/locales (a language without a catalogue gets its base language's, else English).
_EXCLUSIVE = Msg("constraint_exclusive", "“{option}” cannot be combined with other answers.")
_MOST = Msg("constraint_max_selections", "Maximum number of answers: {n}.")
_RANGE = Msg("constraint_range", "Enter a number from {min} to {max}.")
_LENGTH = Msg("constraint_max_length", "Maximum number of characters: {n}.")


def number_text(value: float) -> str:
    """A bound as XPath and people write it: 18 rather than 18.0."""
    return xpath_number(int(value)) if float(value).is_integer() else xpath_number(float(value))


def choice_constraint(
    q: MultiChoice, langs: Iterable[str], declined: Callable[[str], str]
) -> tuple[str | None, dict[str, str]]:
    """The constraint (and its message per language) that enforces exclusive options and the limit.

    ``declined`` words "prefer not to say" in a language (:meth:`.Instrument.declined_label`).
    """
    parts: list[str] = []
    messages: dict[str, list[str]] = {lang: [] for lang in langs}
    exclusive = [(o.code, o.label) for o in q.options if o.exclusive]
    if q.prefer_not_to_say:
        exclusive.append((DECLINED, {lang: declined(lang) for lang in messages}))
    for code, label in exclusive:
        parts.append(f"not(selected(., {xpath_string(code)}) and count-selected(.) > 1)")
        for lang, found in messages.items():
            found.append(CATALOGUES.translator(lang).gettext(_EXCLUSIVE, option=label.get(lang) or code))
    if q.max_selections is not None:
        parts.append(f"count-selected(.) <= {q.max_selections}")
        for lang, found in messages.items():
            found.append(CATALOGUES.translator(lang).gettext(_MOST, n=q.max_selections))
    return (" and ".join(parts) or None), {lang: " ".join(m) for lang, m in messages.items() if m}


def value_constraint(q: Number | Text, langs: Iterable[str]) -> tuple[str, dict[str, str]]:
    if isinstance(q, Number):
        lo, hi = number_text(q.min), number_text(q.max)
        return f". >= {lo} and . <= {hi}", {
            lang: CATALOGUES.translator(lang).gettext(_RANGE, min=lo, max=hi) for lang in langs
        }
    return f"string-length(.) <= {q.max_length}", {
        lang: CATALOGUES.translator(lang).gettext(_LENGTH, n=q.max_length) for lang in langs
    }


@dataclass
class Facts:
    """What a constraint says in eqsurvey's terms; ``rest`` holds the parts it cannot say."""

    exclusive: list[str] = field(default_factory=list)
    max_selections: int | None = None
    low: float | None = None
    high: float | None = None
    #: Whether the bound excludes itself (``. > 0``), which eqsurvey's ranges never do.
    low_strict: bool = False
    high_strict: bool = False
    max_length: int | None = None
    rest: int = 0


_SELF = ex.Ref("eqsurvey-self")


def _number(node: ex.Node) -> float | None:
    if isinstance(node, ex.Literal) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return float(node.value)
    return None


def _one(facts: Facts, node: ex.Node) -> bool:
    count = ex.Call("count_selected", (_SELF,))
    if isinstance(node, ex.Not) and isinstance(node.operand, ex.BoolOp) and node.operand.op == "and":
        parts = node.operand.operands
        if len(parts) == 2 and parts[1] == ex.Compare(">", count, ex.Literal(1)):
            pick = parts[0]
            code = DECLINED if isinstance(pick, ex.Call) and pick.func == "declined" else _code(pick)
            if isinstance(pick, ex.Call) and pick.args[:1] == (_SELF,) and code is not None:
                facts.exclusive.append(code)
                return True
    if not isinstance(node, ex.Compare):
        return False
    value = _number(node.right)
    if value is None or (node.left != _SELF and not value.is_integer()):
        return False  # counts and lengths are whole numbers; only a bound may be fractional
    if node.left == count and node.op in ("<=", "<"):
        facts.max_selections = int(value) - (node.op == "<")
    elif node.left == ex.Call("string-length", (_SELF,)) and node.op in ("<=", "<"):
        facts.max_length = int(value) - (node.op == "<")
    elif node.left == _SELF and node.op in (">=", ">"):
        facts.low, facts.low_strict = value, node.op == ">"
    elif node.left == _SELF and node.op in ("<=", "<"):
        facts.high, facts.high_strict = value, node.op == "<"
    else:
        return False
    return True


def _code(node: ex.Node) -> str | None:
    """The code in ``selected(., 'code')``."""
    if isinstance(node, ex.Call) and node.func == "selected" and len(node.args) == 2:
        arg = node.args[1]
        if isinstance(arg, ex.Literal) and isinstance(arg.value, str):
            return arg.value
    return None


def constraint_facts(text: str) -> Facts:
    """Read a constraint; raises :class:`XPathError` when it is not XPath eqsurvey reads at all."""
    node = read_constraint(text, _SELF)
    parts = node.operands if isinstance(node, ex.BoolOp) and node.op == "and" else (node,)
    facts = Facts()
    for part in parts:
        if not _one(facts, part):
            facts.rest += 1
    return facts


def apply_constraint(ctx: Context, row: SheetRow, q: dict[str, Any], ours: bool) -> None:
    """Move what the constraint says into the question; report what it cannot say."""
    text = row.get("constraint").strip()
    facts = Facts()
    if text:
        try:
            facts = constraint_facts(text)
        except XPathError as exc:
            facts.rest = 1
            ctx.note("constraint", row, f"the constraint '{brief(text)}' was not imported: {exc}", exc.fix, q["id"])
            text = ""
    codes = {o["code"]: o for o in q.get("options", [])}
    renamed = ctx.renamed_codes.get(q["id"], {})
    for code in facts.exclusive:
        option = codes.get(renamed.get(code, code))
        if q["type"] == "multi_choice" and option is not None:
            option["exclusive"] = True
        elif code != DECLINED:
            facts.rest += 1
    if facts.max_selections is not None and q["type"] == "multi_choice" and facts.max_selections >= 1:
        q["max_selections"] = facts.max_selections
    elif facts.max_selections is not None:
        facts.rest += 1
    if facts.max_length is not None and q["type"] == "text":
        q["max_length"] = min(max(facts.max_length, 1), 20000)
    elif facts.max_length is not None:
        facts.rest += 1
    if q["type"] == "number":
        _bounds(ctx, row, q, facts)
    elif facts.low is not None or facts.high is not None:
        facts.rest += 1
    if text and facts.rest:
        ctx.note(
            "constraint",
            row,
            f"the constraint '{brief(text)}' is only partly expressed in eqsurvey",
            "check the question's options, limits and bounds",
            q["id"],
        )
    messages = [h for h in row.cells if ctx.columns.get(h, (h, None))[0] == "constraint_message"]
    if messages and not ours:
        ctx.note(
            "constraint-message",
            row,
            "the constraint message was not imported: eqsurvey words its own messages",
            "nothing to do, unless the message said more than the rule",
            q["id"],
        )


def _bounds(ctx: Context, row: SheetRow, q: dict[str, Any], facts: Facts) -> None:
    low, high = facts.low, facts.high
    whole = q["integer"]
    if whole and low is not None:
        low = float(low + 1 if facts.low_strict and low.is_integer() else math.ceil(low))
    if whole and high is not None:
        high = float(high - 1 if facts.high_strict and high.is_integer() else math.floor(high))
    if low is None or high is None or low >= high:
        q["min"], q["max"] = (
            (low if low is not None else PLACEHOLDER_BOUNDS[0]),
            (high if high is not None else max(PLACEHOLDER_BOUNDS[1], (low or 0) + 1)),
        )
        if q["min"] >= q["max"]:
            q["min"], q["max"] = PLACEHOLDER_BOUNDS
        ctx.note(
            "number-bounds",
            row,
            f"the form gives no complete range for '{q['id']}'; eqsurvey uses "
            f"{number_text(q['min'])} to {number_text(q['max'])}",
            "set min and max: differential privacy needs real bounds",
            q["id"],
        )
        return
    q["min"], q["max"] = low, high
    if (facts.low_strict or facts.high_strict) and not whole:
        ctx.note(
            "number-bounds",
            row,
            f"the range of '{q['id']}' excludes its ends; eqsurvey ranges include them",
            "check min and max",
            q["id"],
        )
