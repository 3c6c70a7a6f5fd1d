"""Translating LimeSurvey relevance equations (Expression Manager) into eqsurvey conditions.

LimeSurvey writes skip logic in its Expression Manager (EM) language, a
PHP/JavaScript-like syntax over *variable names*: a question's code
(``Q1``), a subquestion as ``Q1_SQ001``, the "other" text as ``Q1_other``,
with optional suffixes (``Q1.NAOK``, ``Q1.value``, ``Q1.code``). This module
reads the part of EM that means the same in eqsurvey and turns it into an
AST of :mod:`.expressions`:

==========================================  ========================================
EM                                          eqsurvey
==========================================  ========================================
``Q1 == "A1"``, ``Q1.NAOK eq 'A1'``         ``q1 == 'A1'``
``Q2_SQ001 == "Y"`` (multiple choice)       ``selected(q2, 'SQ001')``
``Q3_SQ001 == "A2"`` (array row)            ``q3.SQ001 == 'A2'``
``!is_empty(Q4)``, ``Q4 != ""``, ``Q4``      ``answered(q4)``
``N > 5``, ``N <= 10``                      ``n > 5``, ``n <= 10``
``Q1 != "A1"``                              ``not answered(q1) or q1 != 'A1'``
``and``/``&&``, ``or``/``||``, ``!``/``not``  ``and``, ``or``, ``not``
``1`` (the default)                         no condition (always asked)
==========================================  ========================================

EM compares an unanswered question as the empty text, so ``!=`` holds for
it; eqsurvey would call that comparison unknown (not asked), hence the
``not answered`` in front. (A ``!`` in front of a comparison stays as it is:
for an unanswered question EM asks, eqsurvey does not.)

SGQA codes (``123456X7X8SQ001.NAOK``, what LimeSurvey writes when it turns
conditions into an equation) are read as the question code they stand for
when the importer can resolve them. Everything else (arithmetic, ``if()``,
``count()``, regular expressions, ``.shown`` …) raises :class:`UntranslatableError` with the reason and
the part, which the importer turns into a note; it never guesses. Whether
the result is well typed (an option that exists, an earlier question) is
checked afterwards by the instrument checks, like any other condition.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal as TypingLiteral

from instruments.expressions import syntax as ex
from instruments.identifiers import to_code

__all__ = ["UntranslatableError", "Var", "compare_answer", "compare_answers", "translate"]

VarKind = TypingLiteral["choice", "item", "number", "text"]


@dataclass(frozen=True)
class Var:
    """What an EM variable name means in eqsurvey.

    ``choice``: a single choice or an array row (``ref`` names the row), whose
    values are option codes (``codes`` maps LimeSurvey's codes to eqsurvey's
    where they differ); ``item``: one option of a multiple choice question
    (``code``), "Y" when ticked; ``number``; ``text``.
    """

    kind: VarKind
    ref: ex.Ref
    code: str = ""
    codes: Mapping[str, str] = field(default_factory=dict)


class UntranslatableError(ValueError):
    """The equation (or a part of it) has no equivalent in eqsurvey's condition language."""

    def __init__(self, message: str, part: str) -> None:
        super().__init__(f"{message}: {part}")
        self.message = message
        self.part = part


_TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<sgqa>\d+X\d+X\d+\w*(?:\.[A-Za-z_]+)?)
  | (?P<number>-?(?:\d+(?:\.\d+)?|\.\d+))
  | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
  | (?P<op>===|!==|==|!=|<=|>=|&&|\|\||[<>!(),])
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_WORD_OPS = {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">=", "===": "==", "!==": "!="}
_LOGIC = {"and": "and", "AND": "and", "&&": "and", "or": "or", "OR": "or", "||": "or"}
_NOT = frozenset({"!", "not", "NOT"})
_FLIP = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
#: Suffixes that mean the answer itself (NAOK: "not applicable is OK", i.e. also when hidden).
_VALUE_SUFFIXES = frozenset({"NAOK", "value", "valueNAOK", "code"})


@dataclass(frozen=True)
class _Tok:
    kind: str
    text: str


@dataclass(frozen=True)
class _Lit:
    value: str | float
    text: str


@dataclass(frozen=True)
class _Name:
    text: str
    var: Var


@dataclass(frozen=True)
class _Bool:
    node: ex.Node


_Value = _Lit | _Name | _Bool


def _tokens(source: str, sgqa: Callable[[str], str | None]) -> list[_Tok]:
    tokens: list[_Tok] = []
    for m in _TOKEN_RE.finditer(source):
        kind, text = m.lastgroup or "", m.group()
        if kind == "ws":
            continue
        if kind == "sgqa":
            code, dot, suffix = text.partition(".")
            name = sgqa(code)
            if name is None:
                raise UntranslatableError("this SGQA code (survey X group X question) names no imported question", text)
            kind, text = "name", name + dot + suffix
        if kind == "other":
            what = "arithmetic" if text in "+-*/%" else "assignment ('=')" if text == "=" else "the character"
            raise UntranslatableError(f"{what} has no equivalent in eqsurvey conditions", text)
        if kind == "name" and text in _WORD_OPS:
            kind, text = "op", _WORD_OPS[text]
        elif kind == "op" and text in _WORD_OPS:
            text = _WORD_OPS[text]
        tokens.append(_Tok(kind, text))
    tokens.append(_Tok("end", ""))
    return tokens


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text[1:-1])


class _Parser:
    def __init__(self, source: str, names: Mapping[str, Var], sgqa: Callable[[str], str | None]) -> None:
        self.source = source
        self.names = names
        self.toks = _tokens(source, sgqa)
        self.i = 0
        self.depth = 0

    @property
    def tok(self) -> _Tok:
        return self.toks[self.i]

    def take(self, *texts: str) -> _Tok | None:
        t = self.tok
        if t.kind in ("op", "name") and t.text in texts:
            self.i += 1
            return t
        return None

    def expr(self) -> ex.Node:
        self.depth += 1
        if self.depth > ex.MAX_DEPTH:
            raise UntranslatableError(f"the equation nests more than {ex.MAX_DEPTH} levels deep", self.source[:40])
        node = self.chain("or", self.and_expr)
        self.depth -= 1
        return node

    def and_expr(self) -> ex.Node:
        return self.chain("and", self.comparison)

    def chain(self, op: str, sub: Callable[[], ex.Node]) -> ex.Node:
        parts: list[ex.Node] = [sub()]
        while self.tok.kind in ("op", "name") and _LOGIC.get(self.tok.text) == op:
            self.i += 1
            parts.append(sub())
        return parts[0] if len(parts) == 1 else ex.BoolOp(op, tuple(parts))

    def comparison(self) -> ex.Node:
        if self.take(*_NOT):
            self.depth += 1
            if self.depth > ex.MAX_DEPTH:
                raise UntranslatableError(f"the equation nests more than {ex.MAX_DEPTH} levels deep", self.source[:40])
            node = _negate(self.comparison())
            self.depth -= 1
            return node
        left = self.value()
        t = self.tok
        if t.kind == "op" and t.text in _FLIP:
            self.i += 1
            return _compare(t.text, left, self.value())
        return _truth(left)

    def value(self) -> _Value:
        t = self.tok
        self.i += 1
        if t.kind == "number":
            return _Lit(float(t.text) if "." in t.text else int(t.text), t.text)
        if t.kind == "string":
            text = _unquote(t.text)
            return _Lit(text, text)
        if t.kind == "op" and t.text == "(":
            node = self.expr()
            self.expect(")")
            return _Bool(node)
        if t.kind == "op" and t.text in _NOT:
            raise UntranslatableError("'!' in front of a value that is compared is ambiguous", self.source[:60])
        if t.kind == "name":
            if self.take("("):
                return self.call(t.text)
            if t.text in ("true", "TRUE", "false", "FALSE"):
                return _Bool(ex.Literal(t.text.lower() == "true"))
            return _Name(t.text, self.variable(t.text))
        found = t.text or "the end"
        raise UntranslatableError(f"unexpected {found!r}", self.source[:60])

    def expect(self, text: str) -> None:
        if not self.take(text):
            raise UntranslatableError(f"expected '{text}' but found {self.tok.text or 'the end'!r}", self.source[:60])

    def variable(self, text: str) -> Var:
        name, _, suffix = text.partition(".")
        if suffix and suffix not in _VALUE_SUFFIXES:
            raise UntranslatableError(f"the property '.{suffix}' has no equivalent", text)
        var = self.names.get(name)
        if var is None:
            raise UntranslatableError("this is not an imported question", text)
        return var

    def call(self, func: str) -> _Value:
        if func not in ("is_empty", "empty"):
            raise UntranslatableError(f"the function '{func}()' has no equivalent in eqsurvey conditions", func)
        arg = self.value()
        self.expect(")")
        if not isinstance(arg, _Name):
            raise UntranslatableError(f"{func}() of something other than a question", self.source[:60])
        return _Bool(_negate(_truth(arg)))


def _number(lit: _Lit) -> int | float | None:
    if isinstance(lit.value, (int, float)):
        return lit.value
    try:
        return int(lit.value) if re.fullmatch(r"-?\d+", lit.value.strip()) else float(lit.value)
    except ValueError:
        return None


def _negate(node: ex.Node) -> ex.Node:
    return node.operand if isinstance(node, ex.Not) else ex.Not(node)


def _truth(value: _Value) -> ex.Node:
    """A value used as true/false: EM treats an empty answer as false, anything else as true."""
    if isinstance(value, _Bool):
        return value.node
    if isinstance(value, _Lit):
        return ex.Literal(value.text not in ("", "0"))
    var = value.var
    if var.kind == "item":
        return ex.Call("selected", (var.ref, ex.Literal(var.code)))
    return ex.Call("answered", (var.ref,))


def _compare(op: str, left: _Value, right: _Value) -> ex.Node:
    if isinstance(left, _Lit) and isinstance(right, _Name):
        left, right, op = right, left, _FLIP[op]
    if isinstance(left, _Name) and isinstance(right, _Name):
        kinds = {left.var.kind, right.var.kind}
        if "item" in kinds or len(kinds) > 1:
            raise UntranslatableError("two questions of different kinds are compared", f"{left.text} {op} {right.text}")
        if op not in ("==", "!=") and kinds != {"number"}:
            raise UntranslatableError(f"'{op}' compares numbers only", f"{left.text} {op} {right.text}")
        return ex.Compare(op, left.var.ref, right.var.ref)
    if not (isinstance(left, _Name) and isinstance(right, _Lit)):
        raise UntranslatableError("only a question can be compared with a value", op)
    var, lit = left.var, right
    if lit.text == "" and op in ("==", "!="):
        truth = _truth(left)
        return truth if op == "!=" else _negate(truth)
    node = _compare_value(op, var, lit, f"{left.text} {op} {right.text!r}")
    if op != "!=":
        return node
    # EM holds 'Q1 != "A1"' for an unanswered Q1 (its value is ""); eqsurvey's comparison would be unknown.
    return ex.BoolOp("or", (ex.Not(ex.Call("answered", (var.ref,))), node))


def _compare_value(op: str, var: Var, lit: _Lit, part: str) -> ex.Node:
    if var.kind == "item":
        if op not in ("==", "!=") or lit.text != "Y":
            raise UntranslatableError("a multiple-choice option is compared with something other than 'Y' or ''", part)
        picked = ex.Call("selected", (var.ref, ex.Literal(var.code)))
        return picked if op == "==" else _negate(picked)
    if var.kind == "number":
        number = _number(lit)
        if number is None:
            raise UntranslatableError("a number is compared with text", part)
        return ex.Compare(op, var.ref, ex.Literal(number))
    if op not in ("==", "!="):
        raise UntranslatableError(f"'{op}' compares numbers only, and this question's answer is a code or text", part)
    if var.kind == "choice":
        return ex.Compare(op, var.ref, ex.Literal(var.codes.get(lit.text, to_code(lit.text))))
    return ex.Compare(op, var.ref, ex.Literal(lit.text))


def _no_sgqa(code: str) -> str | None:
    return None


def compare_answer(name: str, var: Var, op: str, value: str) -> ex.Node:
    """``name op 'value'`` as EM means it (``op``: == != < <= > >=); raises :class:`UntranslatableError`."""
    return _compare(_WORD_OPS.get(op, op), _Name(name, var), _Lit(value, value))


def compare_answers(name: str, var: Var, op: str, other: str, other_var: Var) -> ex.Node:
    """``name op other``: two answers compared; raises :class:`UntranslatableError`."""
    return _compare(_WORD_OPS.get(op, op), _Name(name, var), _Name(other, other_var))


def translate(source: str, names: Mapping[str, Var], sgqa: Callable[[str], str | None] = _no_sgqa) -> ex.Node | None:
    """The condition an EM equation means, or None when it always holds (``1``, empty).

    ``names`` maps EM variable names (``Q1``, ``Q1_SQ001``) to what they are in
    the instrument; ``sgqa`` turns an SGQA code into such a name (None: unknown).
    Raises :class:`UntranslatableError` for anything else.
    """
    text = source.strip()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1].strip()
    if text in ("", "1", "true", "TRUE"):
        return None
    try:
        parser = _Parser(text, names, sgqa)
        node = parser.expr()
    except RecursionError:
        raise UntranslatableError("the equation nests too deeply", text[:40]) from None
    if parser.tok.kind != "end":
        raise UntranslatableError(f"unexpected {parser.tok.text!r}", text[:60])
    return None if node == ex.Literal(True) else node
