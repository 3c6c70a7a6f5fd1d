"""``choice_filter``: which choices of a list a select question offers.

A filter is XPath read once per choice, where a bare name is a column of that
choice's row in the choices sheet (``pastel = 'yes'``) and ``${q}`` an earlier
answer. Two kinds are told apart:

- a **fixed** filter reads only the choice's own columns, so it selects the
  same choices for everyone: eqsurvey applies it when importing, and the
  question offers exactly those choices;
- a filter that reads an answer (``${state} = cf``: a **cascading select**,
  state → county → city) offers choices by what someone answered before.
  eqsurvey's options are the same for every respondent, so the form is refused,
  naming every question of the cascade, its row and the list, rather than
  offering all counties of every state (answers the form never allowed) or
  none.

A bare name that is no column of the choices sheet is refused too: in XPath it
names a column, so ``pastel=yes`` compares with a column "yes" that does not
exist and offers no choice at all in ODK Collect or Enketo (write ``'yes'``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import expressions as ex
from .errors import InstrumentError, Problem
from .xlsform_questions import Context, XlsType, brief, parse_type
from .xlsform_read import SheetRow
from .xpath_parse import XPathError, parse_xpath

__all__ = ["offered_choices", "refuse_cascades"]

# Columns become references with this mark; no question id starts with it.
_COLUMN = "@"


def _columns(ctx: Context, choices: list[SheetRow]) -> set[str]:
    return {ctx.columns.get(h, (h, None))[0] for c in choices for h in c.cells} | {"name", "label"}


def _read(ctx: Context, row: SheetRow, columns: set[str]) -> ex.Node:
    text = row.get("choice_filter").strip()

    def bare(name: str, pos: int) -> ex.Node:
        if name not in columns:
            raise XPathError(
                "this bare name is not a column of the choices sheet; XPath reads it as one, so the filter "
                "would offer no choice",
                name,
                f"quote a value ('{name}'), or add a column '{name}' to the choices sheet",
                pos,
            )
        return ex.Ref(_COLUMN + name, pos=pos)

    try:
        return parse_xpath(text, bare=bare)
    except XPathError as exc:
        raise ctx.fail(
            "choice-filter",
            row,
            f"the choice_filter '{brief(text)}' of '{row.get('name')}' cannot be read: {exc.message}: "
            f"{brief(exc.part)}",
            exc.fix,
        ) from None


def _answers(node: ex.Node) -> list[str]:
    """The fields (``${q}``) a filter reads."""
    refs = [n.name for n in _nodes(node) if isinstance(n, ex.Ref) and not n.name.startswith(_COLUMN)]
    return list(dict.fromkeys(refs))


def _children(n: ex.Node) -> tuple[ex.Node, ...]:
    if isinstance(n, ex.Compare):
        return (n.left, n.right)
    if isinstance(n, ex.BoolOp):
        return n.operands
    if isinstance(n, ex.Not):
        return (n.operand,)
    if isinstance(n, ex.Call):
        return n.args
    if isinstance(n, ex.In):
        return (n.operand, *n.values)
    return ()


def _cascade(name: str, readers: dict[str, list[str]]) -> list[str]:
    """The chain of questions a filtered question belongs to: state → county → city."""
    chain = [name]
    while chain[0] in readers and readers[chain[0]][0] not in chain:
        chain.insert(0, readers[chain[0]][0])
    while True:
        after = [n for n, fields in readers.items() if chain[-1] in fields and n not in chain]
        if not after:
            return chain
        chain.append(after[0])


def refuse_cascades(ctx: Context, rows: list[SheetRow]) -> None:
    """Refuse the form if a choice_filter reads an answer, naming each question of every cascade."""
    found: list[tuple[SheetRow, XlsType, list[str]]] = []
    for row in rows:
        t = parse_type(row.get("type"))
        if not row.get("choice_filter").strip() or not t.base.startswith("select") or t.list_name not in ctx.lists:
            continue
        fields = _answers(_read(ctx, row, _columns(ctx, ctx.lists[t.list_name or ""])))
        if fields:
            found.append((row, t, fields))
    readers = {row.get("name"): fields for row, _, fields in found}
    problems = [
        Problem(
            "cascading-select",
            ctx.where(row, row.get("name")),
            f"'{row.get('name')}' offers the choices of list '{t.list_name}' that fit the answer to "
            f"{', '.join(fields)} (choice_filter '{brief(row.get('choice_filter'))}'), a cascading select "
            f"({' → '.join(_cascade(row.get('name'), readers))}); eqsurvey offers a question the same options "
            "whatever was answered before, so it would accept answers this form never allows",
            f"ask one question per answer to {fields[0]}, each with its own list and relevant "
            f"${{{fields[0]}}} = '…'; or delete the choice_filter cell to offer every choice of "
            f"'{t.list_name}' to everyone",
        )
        for row, t, fields in found
    ]
    if problems:
        raise InstrumentError(problems)


def offered_choices(ctx: Context, row: SheetRow, choices: list[SheetRow]) -> list[SheetRow]:
    """The choices a fixed filter keeps (all of them without a filter); cascades were refused before."""
    if not row.get("choice_filter").strip():
        return choices
    node = _read(ctx, row, _columns(ctx, choices))
    calls = [n for n in _nodes(node) if isinstance(n, ex.Call)]
    if calls:
        raise ctx.fail(
            "choice-filter",
            row,
            f"the choice_filter of '{row.get('name')}' uses {calls[0].func}(), which eqsurvey does not read there",
            "filter with comparisons of the choices' columns, and, or and not()",
        )
    kept = [c for c in choices if _holds(node, c, ctx) is True]
    left = [c.get("name") for c in choices if c not in kept]
    ctx.note(
        "choice-filter",
        row,
        f"the choice_filter '{brief(row.get('choice_filter'))}' keeps {len(kept)} of {len(choices)} choices; "
        f"'{row.get('name')}' does not offer {', '.join(left[:10])}{' …' if len(left) > 10 else ''}",
        "nothing to do: the question offers the choices the form offers",
        row.get("name") or None,
    )
    return kept


def _value(node: ex.Node, choice: SheetRow, ctx: Context) -> object:
    if isinstance(node, ex.Literal):
        return node.value
    if isinstance(node, ex.Ref):
        name = node.name.removeprefix(_COLUMN)
        if name == "label":
            return next(iter(ctx.text(choice, "label").values()), "")
        return choice.get(name)
    return _holds(node, choice, ctx)


def _holds(node: ex.Node, choice: SheetRow, ctx: Context) -> object:
    """A fixed filter for one choice, with XPath 1.0's rules: a missing column is an empty text."""
    if isinstance(node, ex.BoolOp):
        results = [bool(_holds(o, choice, ctx)) for o in node.operands]
        return all(results) if node.op == "and" else any(results)
    if isinstance(node, ex.Not):
        return not _holds(node.operand, choice, ctx)
    if isinstance(node, ex.Compare):
        a, b = _value(node.left, choice, ctx), _value(node.right, choice, ctx)
        if isinstance(a, (int, float)) or isinstance(b, (int, float)) or node.op not in ("==", "!="):
            a, b = _number(a), _number(b)  # XPath compares as numbers when either side is one
            if a is None or b is None:
                return node.op == "!="
        return _COMPARE[node.op](a, b)
    return bool(_value(node, choice, ctx))


def _nodes(node: ex.Node) -> list[ex.Node]:
    return [node, *(n for child in _children(node) for n in _nodes(child))]


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        return None


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}
