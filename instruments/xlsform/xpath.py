"""Translation between eqsurvey conditions and XLSForm (ODK XPath) expressions.

:func:`to_xpath` writes a condition AST (:mod:`.expressions`) as the XPath an
XLSForm ``relevant`` or ``calculation`` cell holds; :func:`from_xpath` reads
the subset of XPath that real forms use back into an AST and raises
:class:`XPathError`, naming the part, for anything outside it.

XPath has no ``in`` and no ``answered()``, so they are written out
(``q in ['a', 'b']`` as ``${q} = 'a' or ${q} = 'b'``). Reading cannot tell the
written-out form from a hand-written one, so :func:`from_xpath` returns the
*canonical* tree (:func:`canonical`): the same meaning, with every such pattern
folded back: ``from_xpath(to_xpath(n)) == canonical(n)`` for every tree
:func:`to_xpath` accepts.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from decimal import Decimal

from instruments.expressions import syntax as ex
from instruments.text import COLUMN_SEP, DECLINED
from instruments.xlsform.xpath_parse import XPathError, parse_xpath

__all__ = [
    "XPathError",
    "canonical",
    "field_name",
    "from_xpath",
    "read_constraint",
    "to_xpath",
    "xpath_number",
    "xpath_string",
]

_AND, _OR, _CMP = 2, 1, 4
_XPATH_OPS = {"==": "=", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


# --- writing ---------------------------------------------------------------------------------


def field_name(ref: ex.Ref) -> str:
    """The XLSForm field a reference points to: the question, or ``QID__ROW`` for a matrix row."""
    return ref.name if ref.row is None else f"{ref.name}{COLUMN_SEP}{ref.row}"


def xpath_string(value: str) -> str:
    # XPath 1.0 literals have no escapes: pick the quote the text lacks, or concatenate.
    # pyxform reads "${" as a field reference even inside quotes, so it is split too.
    chunks = re.split(r"(?<=\$)(?=\{)", value)
    if len(chunks) > 1:
        return f"concat({', '.join(xpath_string(c) for c in chunks)})"
    if "'" not in value:
        return f"'{value}'"
    if '"' not in value:
        return f'"{value}"'
    parts = [xpath_string(p) for p in re.split(r"(')", value) if p]
    return f"concat({', '.join(parts)})"


def xpath_number(value: float) -> str:
    """A number as XPath writes it: no exponent; a float keeps its point so it reads back as a float."""
    if isinstance(value, bool) or not math.isfinite(value):
        raise XPathError("XPath has no literal for this number", repr(value), "use a finite number")
    if isinstance(value, int):
        return str(value)
    text = repr(value)
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    return text if "." in text else text + ".0"


def _literal(value: str | int | float | bool) -> str:
    if isinstance(value, bool):
        return "true()" if value else "false()"
    if isinstance(value, str):
        return xpath_string(value)
    return xpath_number(value)


def _expand(node: ex.Node) -> ex.Node:
    """Rewrite the constructs XPath lacks (in-lists, answered) into ones it has."""
    if isinstance(node, ex.In):
        op = "!=" if node.negated else "=="
        parts = tuple(ex.Compare(op, node.operand, v) for v in node.values)
        if not parts:
            return ex.Literal(node.negated)
        return parts[0] if len(parts) == 1 else ex.BoolOp("and" if node.negated else "or", parts)
    if isinstance(node, ex.Call) and node.func == "answered":
        ref = _only_ref(node)
        declined = ex.Call("declined", (ref,))
        return ex.BoolOp("and", (ex.Compare("!=", ref, ex.Literal("")), ex.Not(declined)))
    return node


def _only_ref(node: ex.Call) -> ex.Ref:
    if len(node.args) != 1 or not isinstance(node.args[0], ex.Ref):
        raise XPathError(f"{node.func}() takes one question", ex.unparse(node), f"write {node.func}(question)")
    return node.args[0]


class _Writer:
    def __init__(self, flags: Mapping[str, str]) -> None:
        self.flags = flags

    def flag(self, node: ex.Node) -> str | None:
        if isinstance(node, ex.Ref) and node.row is None and node.name in self.flags:
            return node.name
        return None

    def condition(self, node: ex.Node, parent: int) -> str:
        """A node in a true/false position: a flag reference is compared with its 'true' value."""
        name = self.flag(node)
        if name is not None:
            text = f"${{{name}}} = {xpath_string(self.flags[name])}"
            return f"({text})" if parent >= _CMP else text
        return self.emit(node, parent)

    def emit(self, node: ex.Node, parent: int = 0) -> str:
        node = _expand(node)
        if isinstance(node, ex.Literal):
            return _literal(node.value)
        if isinstance(node, ex.Ref):
            return f"${{{field_name(node)}}}"
        if isinstance(node, ex.Call):
            return self.call(node)
        if isinstance(node, ex.Not):
            return f"not({self.condition(node.operand, 0)})"
        if isinstance(node, ex.Compare):
            text = self.compare(node)
            return f"({text})" if parent >= _CMP else text
        if isinstance(node, ex.BoolOp):
            level = _AND if node.op == "and" else _OR
            text = f" {node.op} ".join(self.condition(o, level + 1) for o in node.operands)
            return f"({text})" if parent > level else text
        raise XPathError("an 'in' list must follow a value", ex.unparse(node), "write q in ['a', 'b']")

    def compare(self, node: ex.Compare) -> str:
        for side, other in ((node.left, node.right), (node.right, node.left)):
            name = self.flag(side)
            if name is not None and isinstance(other, ex.Literal) and isinstance(other.value, bool):
                holds = other.value == (node.op == "==")
                if node.op in ("==", "!="):
                    return f"${{{name}}} {'=' if holds else '!='} {xpath_string(self.flags[name])}"
        return f"{self.emit(node.left, _CMP)} {_XPATH_OPS[node.op]} {self.emit(node.right, _CMP)}"

    def call(self, node: ex.Call) -> str:
        if node.func == "declined":
            return f"selected(${{{field_name(_only_ref(node))}}}, {xpath_string(DECLINED)})"
        if node.func not in ("selected", "count_selected"):
            raise XPathError("unknown function", node.func, f"use one of: {', '.join(ex.FUNCTIONS)}")
        name = "count-selected" if node.func == "count_selected" else "selected"
        return f"{name}({', '.join(self.emit(a) for a in node.args)})"


def to_xpath(node: ex.Node, *, flags: Mapping[str, str] | None = None) -> str:
    """The XPath for a condition, e.g. ``q == 'a'`` → ``${q} = 'a'``.

    ``flags`` maps names that are true/false by themselves (a consent, a boolean
    derived variable) to the text their XLSForm field holds when true: XPath
    would count any non-empty text as true.
    """
    return _Writer(flags or {}).condition(node, 0)


# --- reading ---------------------------------------------------------------------------------


def _string_length(node: ex.Node) -> ex.Node:
    """``string-length(${q}) > 0`` means 'answered'; any other use of string-length has no equivalent."""
    if isinstance(node, ex.Compare) and isinstance(node.left, ex.Call) and node.left.func == "string-length":
        arg = node.left.args[0] if len(node.left.args) == 1 else None
        if isinstance(arg, ex.Ref) and isinstance(node.right, ex.Literal) and not isinstance(node.right.value, bool):
            value, op = node.right.value, node.op
            if (op in (">", "!=") and value == 0) or (op == ">=" and value == 1):
                return ex.Call("answered", (arg,))
            if (op in ("==", "<=") and value == 0) or (op == "<" and value == 1):
                return ex.Not(ex.Call("answered", (arg,)))
    if isinstance(node, ex.Call) and node.func == "string-length":
        raise XPathError(
            "string-length() has an equivalent only as string-length(${q}) > 0", ex.unparse(node), "test answered(q)"
        )
    return _map_children(node, _string_length)


def _map_children(node: ex.Node, f: Callable[[ex.Node], ex.Node]) -> ex.Node:
    if isinstance(node, ex.Call):
        return ex.Call(node.func, tuple(f(a) for a in node.args))
    if isinstance(node, ex.Compare):
        return ex.Compare(node.op, f(node.left), f(node.right))
    if isinstance(node, ex.In):
        return ex.In(f(node.operand), node.values, node.negated)
    if isinstance(node, ex.Not):
        return ex.Not(f(node.operand))
    if isinstance(node, ex.BoolOp):
        return ex.BoolOp(node.op, tuple(f(o) for o in node.operands))
    return node


def _unflag(node: ex.Node, flags: Mapping[str, str]) -> ex.Node:
    if isinstance(node, ex.Compare) and node.op in ("==", "!=") and isinstance(node.left, ex.Ref):
        name, right = node.left.name, node.right
        if name in flags and node.left.row is None and isinstance(right, ex.Literal) and right.value == flags[name]:
            return node.left if node.op == "==" else ex.Not(node.left)
    return _map_children(node, lambda n: _unflag(n, flags))


def canonical(node: ex.Node) -> ex.Node:
    """The tree :func:`from_xpath` gives back for ``to_xpath(node)``: same meaning, patterns folded.

    Or-chains of ``x == literal`` become ``x in [...]``, and-chains of ``x != literal``
    ``x not in [...]``, ``x != '' and not declined(x)`` becomes ``answered(x)``,
    ``selected(x, 'prefer_not_to_say')`` becomes ``declined(x)``; positions are dropped.
    """
    node = _map_children(ex.strip_positions(node), canonical)
    if isinstance(node, ex.In):
        op = "!=" if node.negated else "=="
        if not node.values:
            return ex.Literal(node.negated)
        if len(node.values) == 1:
            return ex.Compare(op, node.operand, node.values[0])
        return node
    if isinstance(node, ex.Call) and node.func == "selected" and len(node.args) == 2:
        ref, code = node.args
        if isinstance(ref, ex.Ref) and isinstance(code, ex.Literal) and code.value == DECLINED:
            return ex.Call("declined", (ref,))
    if isinstance(node, ex.BoolOp):
        return _fold(node)
    return node


def _fold(node: ex.BoolOp) -> ex.Node:
    op = "==" if node.op == "or" else "!="
    ops = node.operands
    if all(isinstance(o, ex.Compare) and o.op == op and isinstance(o.right, ex.Literal) for o in ops):
        compares = [o for o in ops if isinstance(o, ex.Compare)]
        first = compares[0].left
        if all(c.left == first for c in compares):
            values = tuple(c.right for c in compares if isinstance(c.right, ex.Literal))
            return ex.In(first, values, negated=node.op == "and")
    if node.op == "and" and len(ops) == 2:
        test, guard = ops
        if (
            isinstance(test, ex.Compare)
            and test.op == "!="
            and isinstance(test.left, ex.Ref)
            and test.right == ex.Literal("")
            and guard == ex.Not(ex.Call("declined", (test.left,)))
        ):
            return ex.Call("answered", (test.left,))
    return node


def from_xpath(
    text: str,
    *,
    fields: Mapping[str, ex.Ref] | None = None,
    flags: Mapping[str, str] | None = None,
    self_ref: ex.Ref | None = None,
) -> ex.Node:
    """The condition an XLSForm expression means, e.g. ``${q} = 'a'`` → ``q == 'a'``.

    ``fields`` maps XLSForm field names to references (imported forms rename
    fields); without it ``${q__row}`` is matrix row ``q.row``. ``flags`` is as for
    :func:`to_xpath`. ``self_ref`` is what ``.`` means (in a constraint).
    Raises :class:`XPathError` naming the part that has no translation.
    """
    node = parse_xpath(text, fields, self_ref)
    node = _string_length(node)
    if flags:
        node = _unflag(node, flags)
    return canonical(node)


def read_constraint(text: str, self_ref: ex.Ref) -> ex.Node:
    """A constraint as a tree, ``.`` read as ``self_ref``; ``string-length()`` calls are kept for the caller."""
    return canonical(parse_xpath(text, None, self_ref))
