"""``choice_filter``: which choices of a list a select question offers, and on which condition.

A filter is XPath read once per choice, where a bare name is a column of that
choice's row in the choices sheet and ``${q}`` an earlier answer. For each
choice the columns are put in and what no answer decides is worked out:

- a **fixed** filter (``pastel = 'yes'``) reads only the choice's own columns,
  so it keeps the same choices for everyone: the question offers exactly those;
- a filter that reads an answer (``${state} = cf``: a **cascading select**,
  state → county → city) leaves each choice a condition on earlier answers
  (``state == 'washington'``), carried as the option's own ``relevant``: the
  web form offers the counties of the state answered, the checks refuse any
  other, and the dataset keeps every county as a column.

Where a list names a choice twice (``allow_choice_duplicates``, the county
King in two states) and a question may offer both, the two become one option
offered under either condition, if their labels agree; else the form is
refused, naming the rows. A bare name that is no column of the choices sheet
is refused: XPath reads it as a column, so ``pastel=yes`` compares with a
column "yes" that does not exist and offers nothing in ODK Collect or Enketo.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from instruments.expressions import syntax as ex
from instruments.importing import brief
from instruments.text import DECLINED
from instruments.xlsform.questions import Context
from instruments.xlsform.reading import SheetRow
from instruments.xlsform.xpath import to_xpath
from instruments.xlsform.xpath_parse import XPathError, parse_xpath

__all__ = ["Offered", "offered_choices"]

# Columns become references with this mark; no field name starts with it.
_COLUMN = "@"


@dataclass
class Offered:
    """The choices a question offers, and for those offered on a condition, the condition as XPath."""

    choices: list[SheetRow]
    conditions: dict[int, str]  # choice row number → XPath on earlier answers


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
        node = parse_xpath(text, bare=bare)
    except XPathError as exc:
        raise _unreadable(ctx, row, f"{exc.message}: {brief(exc.part)}", exc.fix) from None
    calls = [n for n in _nodes(node) if isinstance(n, ex.Call) and n.func != "selected"]
    if calls:
        raise _unreadable(
            ctx, row, f"{calls[0].func}() has no meaning there", "filter with comparisons, and, or, not()"
        )
    return node


def _unreadable(ctx: Context, row: SheetRow, problem: str, fix: str) -> Exception:
    text = brief(row.get("choice_filter").strip())
    return ctx.fail(
        "choice-filter", row, f"the choice_filter '{text}' of '{row.get('name')}' cannot be read: {problem}", fix
    )


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


def _nodes(node: ex.Node) -> list[ex.Node]:
    return [node, *(n for child in _children(node) for n in _nodes(child))]


def offered_choices(ctx: Context, row: SheetRow, choices: list[SheetRow]) -> Offered:
    """The choices ``row``'s filter keeps, each with the condition it is offered under (none: always)."""
    if not row.get("choice_filter").strip():
        return Offered(choices, {})
    node = _read(ctx, row, _columns(ctx, choices))
    kept: dict[str, tuple[SheetRow, list[ex.Node]]] = {}
    for choice in choices:
        residual = _fold(_put_in(node, choice, ctx))
        if residual == ex.Literal(False):
            continue
        name = choice.get("name")
        first, conditions = kept.setdefault(name, (choice, []))
        if first is not choice and (ctx.text(first, "label") != ctx.text(choice, "label") or name == DECLINED):
            raise ctx.fail(
                "duplicate-choice",
                row,
                f"'{row.get('name')}' may offer the choice '{name}' of its list twice, worded differently (choices "
                f"sheet, rows {first.number} and {choice.number}); an answer '{name}' would not say which was meant",
                "give each its own name, or word them the same",
            )
        conditions.append(residual)
    left = [c.get("name") for c in choices if c.get("name") not in kept]
    reads = sorted({n.name for n in _nodes(node) if isinstance(n, ex.Ref) and not n.name.startswith(_COLUMN)})
    what = f"offers each choice on the answer to {', '.join(reads)} (a cascading select)" if reads else "keeps"
    ctx.note(
        "choice-filter",
        row,
        f"the choice_filter '{brief(row.get('choice_filter'))}' of '{row.get('name')}' {what}: "
        f"{len(kept)} of {len(choices)} choices"
        + (f"; never offered: {', '.join(left[:10])}{' …' if len(left) > 10 else ''}" if left else ""),
        "nothing to do: the question offers the choices the form offers"
        + (", each option with the condition it is offered under" if reads else ""),
        row.get("name") or None,
    )
    out = Offered([], {})
    for first, conditions in kept.values():
        out.choices.append(first)
        if ex.Literal(True) not in conditions:
            whole = conditions[0] if len(conditions) == 1 else ex.BoolOp("or", tuple(conditions))
            try:
                out.conditions[first.number] = to_xpath(whole)
            except XPathError as exc:
                raise _unreadable(ctx, row, f"{exc.message}: {brief(exc.part)}", exc.fix) from None
    return out


def _put_in(node: ex.Node, choice: SheetRow, ctx: Context) -> ex.Node:
    """The filter for one choice: its columns replaced by their values."""
    if isinstance(node, ex.Ref) and node.name.startswith(_COLUMN):
        column = node.name.removeprefix(_COLUMN)
        value = next(iter(ctx.text(choice, "label").values()), "") if column == "label" else choice.get(column)
        return ex.Literal(value)
    if isinstance(node, ex.Compare):
        return ex.Compare(node.op, _put_in(node.left, choice, ctx), _put_in(node.right, choice, ctx))
    if isinstance(node, ex.BoolOp):
        return ex.BoolOp(node.op, tuple(_put_in(o, choice, ctx) for o in node.operands))
    if isinstance(node, ex.Not):
        return ex.Not(_put_in(node.operand, choice, ctx))
    if isinstance(node, ex.Call):  # selected(${languages}, lang): the choices of the languages ticked before
        return ex.Call(node.func, tuple(_put_in(a, choice, ctx) for a in node.args))
    return node


def _fold(node: ex.Node) -> ex.Node:
    """Work out what no answer decides, with XPath 1.0's rules; what is left reads answers only."""
    if isinstance(node, ex.Compare):
        if isinstance(node.left, ex.Literal) and isinstance(node.right, ex.Literal):
            return ex.Literal(_compare(node.op, node.left.value, node.right.value))
        if isinstance(node.left, ex.Literal) and not isinstance(node.right, ex.Literal):
            flipped = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}.get(node.op, node.op)
            return ex.Compare(flipped, node.right, node.left)  # ${q} on the left, as eqsurvey writes it
        return node
    if isinstance(node, ex.Not):
        inner = _fold(node.operand)
        return ex.Literal(not inner.value) if isinstance(inner, ex.Literal) else ex.Not(inner)
    if isinstance(node, ex.BoolOp):
        decisive = node.op == "or"
        parts: list[ex.Node] = []
        for part in (_fold(o) for o in node.operands):
            if isinstance(part, ex.Literal):
                if bool(part.value) is decisive:
                    return ex.Literal(decisive)
                continue
            parts.append(part)
        if not parts:
            return ex.Literal(not decisive)
        return parts[0] if len(parts) == 1 else ex.BoolOp(node.op, tuple(parts))
    if isinstance(node, ex.Literal):
        return ex.Literal(bool(node.value) if not isinstance(node.value, str) else node.value != "")
    return node


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        return None


def _compare(op: str, a: object, b: object) -> bool:
    if isinstance(a, (int, float)) or isinstance(b, (int, float)) or op not in ("==", "!="):
        x, y = _number(a), _number(b)  # XPath compares as numbers when either side is one
        if x is None or y is None:
            return op == "!="
        return _COMPARE[op](x, y)
    return _COMPARE[op](a, b)


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}
