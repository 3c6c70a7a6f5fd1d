"""Type checking of conditions against an instrument's questions (evaluation: :mod:`.evaluation`).

Evaluation uses three-valued (Kleene) logic: a comparison with a missing or
declined ("prefer not to say") answer is *unknown* (``None``); ``and``/``or``
follow Kleene's tables; a question whose condition is unknown is not asked,
and a derived variable whose condition is unknown is missing.
``answered(q)`` and ``declined(q)`` are never unknown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal as TypingLiteral

from instruments.expressions import syntax as ex
from instruments.text import DECLINED

Kind = TypingLiteral["code", "codes", "number", "text", "bool", "matrix"]


@dataclass(frozen=True)
class VarType:
    """What a name in a condition stands for."""

    kind: Kind
    codes: frozenset[str] = frozenset()
    rows: frozenset[str] = frozenset()
    what: str = "question"


@dataclass(frozen=True)
class TypeProblem:
    message: str
    fix: str
    pos: int


@dataclass
class Scope:
    """The names a condition may use (earlier questions) and those it may not yet use."""

    names: dict[str, VarType] = field(default_factory=dict)
    later: set[str] = field(default_factory=set)
    current: str | None = None
    """The question the condition belongs to, which it cannot depend on."""


def _codes_text(codes: frozenset[str]) -> str:
    return ", ".join(sorted(codes)) or "(none)"


class _Checker:
    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.problems: list[TypeProblem] = []

    def fail(self, message: str, fix: str, pos: int) -> None:
        self.problems.append(TypeProblem(message, fix, pos))

    def ref_type(self, ref: ex.Ref) -> VarType | None:
        t = self.scope.names.get(ref.name)
        if t is None:
            if ref.name == self.scope.current:
                self.fail(
                    f"'{ref.name}' cannot depend on its own answer",
                    "refer only to questions asked before this one",
                    ref.pos,
                )
            elif ref.name in self.scope.later:
                self.fail(
                    f"'{ref.name}' is asked later, so this condition cannot depend on it (forward reference)",
                    f"move '{ref.name}' before this question, or refer only to earlier questions",
                    ref.pos,
                )
            else:
                known = ", ".join(sorted(self.scope.names)[:12])
                self.fail(f"unknown question id '{ref.name}'", f"use the id of an earlier question ({known})", ref.pos)
            return None
        if t.kind == "matrix":
            if ref.row is None:
                self.fail(
                    f"'{ref.name}' is a matrix; a condition must name one of its rows",
                    f"write {ref.name}.ROW with ROW one of: {_codes_text(t.rows)}",
                    ref.pos,
                )
                return None
            if ref.row not in t.rows:
                self.fail(
                    f"matrix '{ref.name}' has no row '{ref.row}'",
                    f"use one of its rows: {_codes_text(t.rows)}",
                    ref.pos,
                )
                return None
            return VarType("code", t.codes, what=f"row {ref.name}.{ref.row}")
        if ref.row is not None:
            self.fail(f"'{ref.name}' is not a matrix, so '.{ref.row}' means nothing", f"write just {ref.name}", ref.pos)
            return None
        return t

    def literal_type(self, lit: ex.Literal) -> VarType:
        v = lit.value
        if isinstance(v, bool):
            return VarType("bool", what="literal")
        if isinstance(v, str):
            return VarType("text", what="literal")
        return VarType("number", what="literal")

    def check_code(self, name: str, t: VarType, lit: ex.Literal) -> None:
        if not isinstance(lit.value, str):
            self.fail(
                f"'{name}' has option codes; {lit.value!r} is not one", f"quote a code: {_codes_text(t.codes)}", lit.pos
            )
        elif lit.value == DECLINED:
            self.fail(
                f"'{DECLINED}' is not compared like an option",
                f"write declined({name}) to test for 'prefer not to say'",
                lit.pos,
            )
        elif lit.value not in t.codes:
            self.fail(
                f"'{lit.value}' is not an option of '{name}'",
                f"use one of: {_codes_text(t.codes)}",
                lit.pos,
            )

    def value_type(self, node: ex.Node) -> VarType | None:
        """The type of an operand, or None after reporting a problem."""
        if isinstance(node, ex.Literal):
            return self.literal_type(node)
        if isinstance(node, ex.Ref):
            return self.ref_type(node)
        if isinstance(node, ex.Call):
            return self.call(node)
        self.condition(node)
        return VarType("bool", what="condition")

    def call(self, node: ex.Call) -> VarType | None:
        arity = {"selected": 2, "count_selected": 1, "answered": 1, "declined": 1}[node.func]
        if len(node.args) != arity or not isinstance(node.args[0], ex.Ref):
            usage = {
                "selected": "selected(question, 'code')",
                "count_selected": "count_selected(question)",
                "answered": "answered(question)",
                "declined": "declined(question)",
            }[node.func]
            self.fail(f"{node.func}() takes {arity} argument(s), a question first", f"write {usage}", node.pos)
            return None
        ref = node.args[0]
        t = self.ref_type(ref)
        if t is None:
            return None
        if node.func in ("answered", "declined"):
            return VarType("bool", what=f"{node.func}()")
        if node.func == "count_selected":
            if t.kind != "codes":
                self.fail(
                    f"count_selected() needs a multi-choice question; '{ref.name}' is not one",
                    "use it on a multi-choice question",
                    node.pos,
                )
            return VarType("number", what="count_selected()")
        if t.kind not in ("code", "codes"):
            self.fail(
                f"selected() needs a choice question; '{ref.name}' is not one",
                "compare the value instead, e.g. q == 1",
                node.pos,
            )
            return None
        code = node.args[1]
        if not isinstance(code, ex.Literal):
            self.fail(
                "selected() takes a quoted option code as its second argument",
                f"write selected({ref.name}, 'code')",
                node.pos,
            )
        else:
            self.check_code(ref.name, t, code)
        return VarType("bool", what="selected()")

    def compare(self, node: ex.Compare) -> None:
        lt, rt = self.value_type(node.left), self.value_type(node.right)
        if lt is None or rt is None:
            return
        if lt.kind == "codes" or rt.kind == "codes":
            self.fail(
                "a multi-choice answer is a set of options and cannot be compared with ==",
                "write selected(question, 'code')",
                node.pos,
            )
            return
        if node.op not in ("==", "!=") and (lt.kind != "number" or rt.kind != "number"):
            self.fail(f"'{node.op}' compares numbers only", "use == or != for options, text and true/false", node.pos)
            return
        for side, other, t in ((node.left, node.right, lt), (node.right, node.left, rt)):
            if t.kind == "code" and isinstance(other, ex.Literal):
                self.check_code(_name(side), t, other)
                return
        compatible = lt.kind == rt.kind or {lt.kind, rt.kind} == {"code", "text"}
        if not compatible:
            self.fail(
                f"cannot compare {lt.what} ({lt.kind}) with {rt.what} ({rt.kind})", "compare like with like", node.pos
            )

    def membership(self, node: ex.In) -> None:
        t = self.value_type(node.operand)
        if t is None:
            return
        if t.kind not in ("code", "number", "text"):
            self.fail(f"'in' needs a single answer; {t.what} is {t.kind}", "use selected() for multi-choice", node.pos)
            return
        for lit in node.values:
            if t.kind == "code":
                self.check_code(_name(node.operand), t, lit)
            elif t.kind == "number" and (isinstance(lit.value, (str, bool))):
                self.fail(f"{lit.value!r} is not a number", "list numbers without quotes", lit.pos)

    def condition(self, node: ex.Node) -> None:
        """Check a node that must be true/false."""
        if isinstance(node, ex.BoolOp):
            for o in node.operands:
                self.condition(o)
        elif isinstance(node, ex.Not):
            self.condition(node.operand)
        elif isinstance(node, ex.Compare):
            self.compare(node)
        elif isinstance(node, ex.In):
            self.membership(node)
        else:
            t = self.value_type(node)
            if t is not None and t.kind != "bool":
                self.fail(
                    f"{t.what} is not true/false by itself",
                    "compare it, e.g. q == 'yes', or use answered(q)",
                    getattr(node, "pos", 0),
                )


def _name(node: ex.Node) -> str:
    return node.name if isinstance(node, ex.Ref) else "the value"


def check(node: ex.Node, scope: Scope) -> list[TypeProblem]:
    """Every type problem in a condition (empty when it is well typed)."""
    checker = _Checker(scope)
    checker.condition(node)
    return checker.problems


# --- evaluation -------------------------------------------------------------
