"""Evaluating conditions: each parsed condition is compiled once into a Python closure.

Semantics are three-valued (Kleene): a comparison with a missing or declined
("prefer not to say") answer is *unknown* (``None``); ``and``/``or`` follow
Kleene's tables (``false and unknown`` is false, ``true or unknown`` true);
``answered(q)`` and ``declined(q)`` are never unknown. Conditions are checked
against the instrument before they are evaluated, so a mismatch of types at
this point means unknown, not a crash.

Why closures: checking a response evaluates a hundred or so conditions
(sections, questions, matrix rows), and imports check hundreds of thousands of
responses. Walking the syntax tree for every evaluation cost most of an
import; a closure tree built once per condition does the same work without
re-dispatching on node types. Nothing is ever passed to ``eval``.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from instruments.expressions import syntax as ex
from instruments.text import DECLINED
from kernel.errors import InternalError

Value = str | int | float | bool | frozenset[str] | None
Answers = Mapping[str, object]
Compiled = Callable[[Answers], Value]

_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_MANY = (frozenset, set, list, tuple)


def _is_declined(value: object) -> bool:
    if isinstance(value, _MANY):
        return DECLINED in value
    return value == DECLINED


def _lookup(ref: ex.Ref) -> Callable[[Answers], object]:
    name, row = ref.name, ref.row
    if row is None:
        return lambda answers: answers.get(name)

    def in_row(answers: Answers) -> object:
        value = answers.get(name)
        return value.get(row) if isinstance(value, Mapping) else None

    return in_row


def _reader(ref: ex.Ref) -> Callable[[Answers], object]:
    """A reference's value as conditions see it: None when missing, empty or declined; selections as a set."""
    name, row = ref.name, ref.row

    def read(answers: Answers) -> object:
        value = answers.get(name)
        if row is not None:
            # A dict (as answers come from JSON) is tested first: the Mapping check is an ABC lookup.
            value = value.get(row) if type(value) is dict or isinstance(value, Mapping) else None
        if value is None or value == "":
            return None
        if isinstance(value, (list, tuple, set)):
            return frozenset(value) if value and DECLINED not in value else None
        if isinstance(value, frozenset):
            return None if DECLINED in value else value
        return None if value == DECLINED else value

    return read


def _operand(node: ex.Node) -> Callable[[Answers], object]:
    if isinstance(node, ex.Literal):
        constant = node.value
        return lambda _: constant
    if isinstance(node, ex.Ref):
        return _reader(node)
    return compile_node(node)


def _bool_op(node: ex.BoolOp) -> Compiled:
    parts = tuple(compile_node(o) for o in node.operands)
    decisive = node.op == "or"

    def kleene(answers: Answers) -> Value:
        unknown = False
        for part in parts:
            result = part(answers)
            if result is decisive:
                return decisive
            if result is None:
                unknown = True
        return None if unknown else not decisive

    return kleene


def _compare(node: ex.Compare) -> Compiled:
    op = _COMPARE[node.op]
    if isinstance(node.left, ex.Ref) and isinstance(node.right, ex.Literal):
        # The common shape (`q == 'yes'`, `m.row == 'yes'`) in one closure: half the calls per evaluation.
        read, constant = _reader(node.left), node.right.value

        def compare_constant(answers: Answers) -> Value:
            a = read(answers)
            if a is None:
                return None
            try:
                return bool(op(a, constant))
            except TypeError:
                return None

        return compare_constant
    left, right = _operand(node.left), _operand(node.right)

    def compare(answers: Answers) -> Value:
        a, b = left(answers), right(answers)
        if a is None or b is None:
            return None
        try:
            return bool(op(a, b))
        except TypeError:  # e.g. text stored where a number belongs: unknown, not a crash
            return None

    return compare


def _in(node: ex.In) -> Compiled:
    operand, values, negated = _operand(node.operand), tuple(v.value for v in node.values), node.negated

    def member(answers: Answers) -> Value:
        value = operand(answers)
        if value is None:
            return None
        hit = any(value == v for v in values)
        return not hit if negated else hit

    return member


def _call(node: ex.Call) -> Compiled:
    ref = node.args[0]
    if not isinstance(ref, ex.Ref):
        raise InternalError(f"{node.func}() evaluated without a type check")
    lookup, func = _lookup(ref), node.func
    if func == "declined":
        return lambda answers: _is_declined(lookup(answers))
    code: object = None
    if func == "selected":
        literal = node.args[1]
        if not isinstance(literal, ex.Literal):
            raise InternalError("selected() evaluated without a type check")
        code = literal.value

    def call(answers: Answers) -> Value:
        raw = lookup(answers)
        empty = raw is None or (isinstance(raw, (str, *_MANY)) and len(raw) == 0)
        substantive = not empty and not _is_declined(raw)
        if func == "answered":
            return substantive
        if not substantive:
            return None
        if func == "count_selected":
            return len(raw) if isinstance(raw, _MANY) else 1
        if isinstance(raw, _MANY):
            return code in raw
        return raw == code

    return call


def compile_node(node: ex.Node) -> Compiled:
    """A function from one respondent's answers to the condition's value."""
    if isinstance(node, ex.BoolOp):
        return _bool_op(node)
    if isinstance(node, ex.Not):
        inner = compile_node(node.operand)

        def negate(answers: Answers) -> Value:
            value = inner(answers)
            return None if value is None else not value

        return negate
    if isinstance(node, ex.Compare):
        return _compare(node)
    if isinstance(node, ex.In):
        return _in(node)
    if isinstance(node, ex.Call):
        return _call(node)
    operand = _operand(node)

    def bare(answers: Answers) -> Value:
        value = operand(answers)
        return value if isinstance(value, (bool, int, float, str, frozenset)) or value is None else None

    return bare


@lru_cache(maxsize=4096)
def compiled(source: str) -> Compiled:
    """Parse and compile once per condition text; instruments are validated at load, so this cannot fail then."""
    return compile_node(ex.parse(source))


def evaluate(node: ex.Node, answers: Answers) -> Value:
    """Evaluate a well-typed condition once (callers that repeat one should keep :func:`compile_node`'s result)."""
    return compile_node(node)(answers)
