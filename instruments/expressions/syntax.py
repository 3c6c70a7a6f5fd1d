"""The condition language: parsing to an AST and printing it back.

Skip logic (``relevant``) and derived variables are written in a small,
safe expression language. It is parsed into the frozen AST below and never
handed to ``eval``. Grammar (lowest precedence first)::

    expr       := and_expr ('or' and_expr)*
    and_expr   := not_expr ('and' not_expr)*
    not_expr   := 'not' not_expr | comparison
    comparison := operand (('==' | '!=' | '<' | '<=' | '>' | '>=') operand
                           | ['not'] 'in' list)?
    operand    := NUMBER | STRING | 'true' | 'false' | ref | call | '(' expr ')'
    ref        := IDENT ['.' ROWCODE]            # question, or a matrix row
    call       := IDENT '(' [expr (',' expr)*] ')'
    list       := '[' [literal (',' literal)*] ']'

Functions: ``selected(q, 'code')``, ``count_selected(q)``, ``answered(q)``,
``declined(q)``. Type checking and evaluation live in :mod:`.conditions`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

#: How deeply brackets and 'not's may nest (real conditions use a handful).
MAX_DEPTH = 50
FUNCTIONS = ("selected", "count_selected", "answered", "declined")
COMPARISONS = ("==", "!=", "<=", ">=", "<", ">")
_KEYWORDS = {"and", "or", "not", "in", "true", "false"}

_TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<rowref>[a-z][a-z0-9_]*\.[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?)
  | (?P<number>-?\d+(?:\.\d+)?)
  | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
  | (?P<op>==|!=|<=|>=|<|>|\(|\)|\[|\]|,|\.)
  | (?P<name>[A-Za-z0-9_][A-Za-z0-9_-]*)
    """,
    re.VERBOSE,
)


class ExpressionSyntaxError(ValueError):
    """The text is not a well-formed expression; ``pos`` is the 0-based offset."""

    def __init__(self, message: str, pos: int, fix: str) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos
        self.fix = fix


@dataclass(frozen=True)
class Literal:
    value: str | int | float | bool
    pos: int = 0


@dataclass(frozen=True)
class Ref:
    name: str
    row: str | None = None
    pos: int = 0


@dataclass(frozen=True)
class Call:
    func: str
    args: tuple[Node, ...]
    pos: int = 0


@dataclass(frozen=True)
class Compare:
    op: str
    left: Node
    right: Node
    pos: int = 0


@dataclass(frozen=True)
class In:
    operand: Node
    values: tuple[Literal, ...]
    negated: bool = False
    pos: int = 0


@dataclass(frozen=True)
class Not:
    operand: Node
    pos: int = 0


@dataclass(frozen=True)
class BoolOp:
    op: str  # "and" | "or"
    operands: tuple[Node, ...]
    pos: int = 0


Node = Literal | Ref | Call | Compare | In | Not | BoolOp


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    pos: int


def _tokenize(source: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(source):
        m = _TOKEN_RE.match(source, pos)
        if m is None:
            ch = source[pos]
            fix = "write '==' to compare" if ch == "=" else "remove it, or quote it as text: 'like this'"
            raise ExpressionSyntaxError(f"unexpected character '{ch}'", pos, fix)
        kind = m.lastgroup or ""
        if kind != "ws":
            text = m.group()
            if kind == "name" and text in _KEYWORDS:
                kind = text
            tokens.append(_Token(kind, text, pos))
        pos = m.end()
    tokens.append(_Token("end", "", len(source)))
    return tokens


def _unquote(text: str) -> str:
    body = text[1:-1]
    return re.sub(r"\\(.)", r"\1", body)


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = _tokenize(source)
        self.i = 0
        self.depth = 0

    @property
    def tok(self) -> _Token:
        return self.tokens[self.i]

    def take(self, kind: str | None = None, text: str | None = None) -> _Token | None:
        t = self.tok
        if (kind is None or t.kind == kind) and (text is None or t.text == text):
            self.i += 1
            return t
        return None

    def expect(self, kind: str, text: str, what: str) -> _Token:
        t = self.take(kind, text)
        if t is None:
            found = self.tok.text or "the end"
            raise ExpressionSyntaxError(f"expected {what} but found {found!r}", self.tok.pos, f"add {what}")
        return t

    def parse(self) -> Node:
        if self.tok.kind == "end":
            raise ExpressionSyntaxError("the condition is empty", 0, "write a condition, or remove the key")
        node = self.expr()
        if self.tok.kind != "end":
            raise ExpressionSyntaxError(
                f"unexpected {self.tok.text!r}",
                self.tok.pos,
                "join conditions with 'and' / 'or', and check the quotes and brackets",
            )
        return node

    def nest(self, pos: int) -> None:
        # Every walker over the tree recurses; a bound here keeps them all clear of Python's stack limit.
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionSyntaxError(
                f"the condition nests more than {MAX_DEPTH} levels deep",
                pos,
                "simplify it, or split it into derived variables",
            )

    def expr(self) -> Node:
        self.nest(self.tok.pos)
        node = self._chain("or", self.and_expr)
        self.depth -= 1
        return node

    def and_expr(self) -> Node:
        return self._chain("and", self.not_expr)

    def _chain(self, op: str, sub: Callable[[], Node]) -> Node:
        start = self.tok.pos
        parts: list[Node] = [sub()]
        while self.take(op):
            parts.append(sub())
        return parts[0] if len(parts) == 1 else BoolOp(op, tuple(parts), start)

    def not_expr(self) -> Node:
        t = self.take("not")
        if t is not None:
            self.nest(t.pos)
            node = Not(self.not_expr(), t.pos)
            self.depth -= 1
            return node
        return self.comparison()

    def comparison(self) -> Node:
        left = self.operand()
        t = self.tok
        if t.kind == "op" and t.text in COMPARISONS:
            self.i += 1
            return Compare(t.text, left, self.operand(), t.pos)
        negated = False
        if t.kind == "not" and self.tokens[self.i + 1].kind == "in":
            self.i += 1
            negated = True
        if self.take("in"):
            return In(left, self.literal_list(), negated, t.pos)
        return left

    def literal_list(self) -> tuple[Literal, ...]:
        self.expect("op", "[", "'[' to start a list such as ['a', 'b']")
        items: list[Literal] = []
        if not self.take("op", "]"):
            while True:
                node = self.operand()
                if not isinstance(node, Literal):
                    raise ExpressionSyntaxError(
                        "a list may hold only fixed values",
                        self.tok.pos,
                        "write quoted codes or numbers, e.g. ['a', 'b']",
                    )
                items.append(node)
                if self.take("op", "]"):
                    break
                self.expect("op", ",", "',' or ']'")
        return tuple(items)

    def operand(self) -> Node:
        t = self.tok
        if t.kind == "number":
            self.i += 1
            return Literal(float(t.text) if "." in t.text else int(t.text), t.pos)
        if t.kind == "string":
            self.i += 1
            return Literal(_unquote(t.text), t.pos)
        if t.kind in ("true", "false"):
            self.i += 1
            return Literal(t.kind == "true", t.pos)
        if t.kind == "op" and t.text == "(":
            self.i += 1
            node = self.expr()
            self.expect("op", ")", "')'")
            return node
        if t.kind == "rowref":
            # One token, so that any option code can follow the dot: 1a, a.b, even 'in'.
            self.i += 1
            name, row = t.text.split(".", 1)
            return Ref(name, row, t.pos)
        if t.kind == "name":
            self.i += 1
            if self.take("op", "("):
                return self.call(t)
            if self.tok.kind == "op" and self.tok.text == ".":
                raise ExpressionSyntaxError(
                    "expected a row code right after '.'", self.tok.pos, "write question.row, e.g. discr_5y.work"
                )
            return Ref(t.text, None, t.pos)
        found = t.text or "the end of the condition"
        raise ExpressionSyntaxError(
            f"expected a question id, a value or '(' but found {found!r}",
            t.pos,
            "complete the condition, e.g. gender == 'woman'",
        )

    def call(self, name: _Token) -> Node:
        if name.text not in FUNCTIONS:
            raise ExpressionSyntaxError(
                f"unknown function '{name.text}'", name.pos, f"use one of: {', '.join(FUNCTIONS)}"
            )
        args: list[Node] = []
        if not self.take("op", ")"):
            while True:
                args.append(self.expr())
                if self.take("op", ")"):
                    break
                self.expect("op", ",", "',' or ')'")
        return Call(name.text, tuple(args), name.pos)


@lru_cache(maxsize=4096)
def parse(source: str) -> Node:
    """Parse a condition; raises :class:`ExpressionSyntaxError` with the offset.

    Cached (the trees are frozen): the checks, the form and the console parse the same
    conditions many times over, and a failed parse is not cached, so its error is raised each time.
    """
    return _Parser(source).parse()


def _quote(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _literal(value: str | int | float | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, float):
        # Plain decimal notation: the grammar has no exponents (repr(1e16) is '1e+16').
        text = format(Decimal(repr(value)), "f")
        return text if "." in text else text + ".0"
    return repr(value)


_PRECEDENCE = {"or": 1, "and": 2, "not": 3}


def unparse(node: Node, parent: int = 0) -> str:
    """The canonical text of an AST; ``parse(unparse(n))`` gives ``n`` back up to positions."""
    if isinstance(node, Literal):
        return _literal(node.value)
    if isinstance(node, Ref):
        return node.name if node.row is None else f"{node.name}.{node.row}"
    if isinstance(node, Call):
        return f"{node.func}({', '.join(unparse(a) for a in node.args)})"
    if isinstance(node, Compare):
        text = f"{unparse(node.left, 4)} {node.op} {unparse(node.right, 4)}"
        return f"({text})" if parent >= 4 else text
    if isinstance(node, In):
        values = ", ".join(_literal(v.value) for v in node.values)
        text = f"{unparse(node.operand, 4)} {'not in' if node.negated else 'in'} [{values}]"
        return f"({text})" if parent >= 4 else text
    if isinstance(node, Not):
        text = f"not {unparse(node.operand, _PRECEDENCE['not'])}"
        return f"({text})" if parent > _PRECEDENCE["not"] else text
    level = _PRECEDENCE[node.op]
    text = f" {node.op} ".join(unparse(o, level + 1) for o in node.operands)
    return f"({text})" if parent > level else text


def references(node: Node) -> list[Ref]:
    """Every question reference in the expression, in reading order."""
    if isinstance(node, Ref):
        return [node]
    if isinstance(node, Literal):
        return []
    if isinstance(node, Call):
        return [r for a in node.args for r in references(a)]
    if isinstance(node, Compare):
        return references(node.left) + references(node.right)
    if isinstance(node, In):
        return references(node.operand)
    if isinstance(node, Not):
        return references(node.operand)
    return [r for o in node.operands for r in references(o)]


def strip_positions(node: Node) -> Node:
    """The same tree with every position set to 0, for comparing trees."""
    if isinstance(node, Literal):
        return Literal(node.value)
    if isinstance(node, Ref):
        return Ref(node.name, node.row)
    if isinstance(node, Call):
        return Call(node.func, tuple(strip_positions(a) for a in node.args))
    if isinstance(node, Compare):
        return Compare(node.op, strip_positions(node.left), strip_positions(node.right))
    if isinstance(node, In):
        return In(strip_positions(node.operand), tuple(Literal(v.value) for v in node.values), node.negated)
    if isinstance(node, Not):
        return Not(strip_positions(node.operand))
    return BoolOp(node.op, tuple(strip_positions(o) for o in node.operands))
