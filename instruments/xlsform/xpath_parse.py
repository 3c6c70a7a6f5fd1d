"""Reading XLSForm XPath text into a raw condition tree, for :mod:`.xpath`.

The grammar is the subset of XPath 1.0 that relevance and constraint cells
use: comparisons (``=``, ``!=``, ``<`` …) of ``${field}`` references, ``.``,
numbers and strings; ``and``, ``or``, ``not()`` and brackets; the functions
``selected()``, ``count-selected()``, ``string-length()``, ``concat()`` of
strings, ``true()`` and ``false()``. Anything else raises :class:`XPathError`
naming the part. :func:`.xpath.from_xpath` folds the raw tree into eqsurvey's
own terms.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from instruments.expressions import syntax as ex
from instruments.text import COLUMN_SEP

#: How deeply brackets and function calls may nest; real forms use a handful, and the reader recurses.
MAX_DEPTH = 50
_OUR_OPS = {"=": "==", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


class XPathError(ValueError):
    """An expression (or part of one) that has no translation; ``part`` is the offending text."""

    def __init__(self, message: str, part: str, fix: str, pos: int = 0) -> None:
        super().__init__(f"{message}: {part!r}")
        self.message = message
        self.part = part
        self.fix = fix
        self.pos = pos


_TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<ref>\$\{[^}]*\})
  | (?P<number>-?(?:\d+(?:\.\d*)?|\.\d+))
  | (?P<string>'[^']*'|"[^"]*")
  | (?P<op>!=|<=|>=|=|<|>|\(|\)|,)
  | (?P<name>[A-Za-z_][A-Za-z0-9_.:-]*)
  | (?P<self>\.)
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class _Tok:
    kind: str
    text: str
    pos: int


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN_RE.match(text, pos)
        if m is None:
            raise XPathError(
                "this XPath has no equivalent in eqsurvey conditions (arithmetic, paths and predicates do not)",
                text[pos : pos + 20],
                "rewrite it as comparisons of ${fields} with values, joined by and/or/not()",
                pos,
            )
        kind = m.lastgroup or ""
        if kind != "ws":
            word = m.group()
            if kind == "name" and word in ("and", "or"):
                kind = word
            elif kind == "name" and word in ("div", "mod"):
                raise XPathError(
                    "arithmetic has no equivalent in eqsurvey conditions", word, "compare values instead", pos
                )
            out.append(_Tok(kind, word, pos))
        pos = m.end()
    out.append(_Tok("end", "", len(text)))
    return out


class _Reader:
    def __init__(
        self,
        text: str,
        fields: Mapping[str, ex.Ref] | None,
        self_ref: ex.Ref | None,
        bare: Callable[[str, int], ex.Node] | None = None,
    ) -> None:
        self.bare = bare
        self.text = text
        self.toks = _tokens(text)
        self.i = 0
        self.depth = 0
        self.fields = fields
        self.self_ref = self_ref

    @property
    def tok(self) -> _Tok:
        return self.toks[self.i]

    def fail(self, message: str, fix: str) -> XPathError:
        t = self.tok
        return XPathError(message, t.text or "the end", fix, t.pos)

    def take(self, kind: str, text: str | None = None) -> _Tok | None:
        t = self.tok
        if t.kind == kind and (text is None or t.text == text):
            self.i += 1
            return t
        return None

    def need(self, text: str) -> None:
        if self.take("op", text) is None:
            raise self.fail(f"expected '{text}'", "check the brackets and commas")

    def parse(self) -> ex.Node:
        if self.tok.kind == "end":
            raise XPathError("the expression is empty", self.text, "write a condition or leave the cell empty")
        node = self.disjunction()
        if self.tok.kind != "end":
            raise self.fail("unexpected text", "join conditions with and / or")
        return node

    def chain(self, op: str, sub: Callable[[], ex.Node]) -> ex.Node:
        parts: list[ex.Node] = [sub()]
        while self.take(op):
            parts.append(sub())
        return parts[0] if len(parts) == 1 else ex.BoolOp(op, tuple(parts))

    def disjunction(self) -> ex.Node:
        return self.chain("or", self.conjunction)

    def nested(self) -> ex.Node:
        """A bracketed expression or a function's argument: one level deeper."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail(
                f"the expression nests brackets and functions more than {MAX_DEPTH} levels deep",
                "simplify it: real conditions need only a few levels",
            )
        node = self.disjunction()
        self.depth -= 1
        return node

    def conjunction(self) -> ex.Node:
        return self.chain("and", self.equality)

    def equality(self) -> ex.Node:
        return self.compare(("=", "!="), self.relation)

    def relation(self) -> ex.Node:
        return self.compare(("<", "<=", ">", ">="), self.primary)

    def compare(self, ops: tuple[str, ...], sub: Callable[[], ex.Node]) -> ex.Node:
        left: ex.Node = sub()
        t = self.tok
        if t.kind == "op" and t.text in ops:
            self.i += 1
            left = ex.Compare(_OUR_OPS[t.text], left, sub())
            if self.tok.kind == "op" and self.tok.text in ops:
                raise self.fail("chained comparisons have no equivalent", "bracket each comparison: (a = b) = c")
        return left

    def primary(self) -> ex.Node:
        t = self.tok
        if self.take("number"):
            return ex.Literal(float(t.text) if "." in t.text else int(t.text))
        if self.take("string"):
            return ex.Literal(t.text[1:-1])
        if self.take("ref"):
            return self.ref(t)
        if self.take("self"):
            if self.self_ref is None:
                raise XPathError(
                    "'.' (this answer) only has a meaning in a constraint", ".", "name the field: ${q}", t.pos
                )
            return self.self_ref
        if self.take("op", "("):
            node = self.nested()
            self.need(")")
            return node
        if self.take("name"):
            if self.take("op", "("):
                return self.call(t)
            if self.bare is not None:
                return self.bare(t.text, t.pos)
            raise XPathError("a bare name is an XPath path, which has no equivalent", t.text, "write ${name}", t.pos)
        raise self.fail("expected a value, a ${field} or a function", "complete the expression")

    def ref(self, t: _Tok) -> ex.Ref:
        name = t.text[2:-1].strip()
        if self.fields is not None:
            if name not in self.fields:
                raise XPathError(
                    "no question eqsurvey imported has this name", t.text, "refer to an imported question", t.pos
                )
            return self.fields[name]
        cut = name.rfind(COLUMN_SEP)
        if cut > 0 and cut + len(COLUMN_SEP) < len(name):
            return ex.Ref(name[:cut], name[cut + len(COLUMN_SEP) :])
        return ex.Ref(name)

    def call(self, name: _Tok) -> ex.Node:
        args: list[ex.Node] = []
        if self.take("op", ")") is None:
            while True:
                args.append(self.nested())
                if self.take("op", ")"):
                    break
                self.need(",")
        func = name.text
        if func in ("true", "false") and not args:
            return ex.Literal(func == "true")
        if func == "not" and len(args) == 1:
            return ex.Not(args[0])
        if func == "selected":
            return ex.Call("selected", tuple(args))
        if func == "count-selected":
            return ex.Call("count_selected", tuple(args))
        if func == "string-length":
            return ex.Call("string-length", tuple(args))
        if func == "concat" and args and all(isinstance(a, ex.Literal) and isinstance(a.value, str) for a in args):
            return ex.Literal("".join(str(a.value) for a in args if isinstance(a, ex.Literal)))
        raise XPathError(
            "this XPath function has no equivalent in eqsurvey conditions",
            f"{func}()",
            "use selected(), count-selected(), not(), string-length(${q}) > 0 or comparisons",
            name.pos,
        )


def parse_xpath(
    text: str,
    fields: Mapping[str, ex.Ref] | None = None,
    self_ref: ex.Ref | None = None,
    bare: Callable[[str, int], ex.Node] | None = None,
) -> ex.Node:
    """The raw tree of an XPath expression; ``string-length()`` stays a call named so.

    ``bare`` reads a bare name (an XPath path, such as a choices column in a
    ``choice_filter``); without it a bare name is an error.
    """
    return _Reader(text, fields, self_ref, bare).parse()
