"""Derived variables for a whole chunk of respondents at once.

Evaluating each derived variable per respondent (a closure call per condition
and answer) was most of the time it took to open a large store. The answers a
condition reads repeat a great deal across respondents (a gender identity, a
yes/no per life domain), so here each *test* in a condition (``q == 'x'``,
``selected(q, 'y')``, ``declined(m.row)``, …) is evaluated once per distinct
value of what it reads, by the very closure the per-respondent path uses, and
the answers are spread back over the chunk with numpy. ``and``, ``or`` and
``not`` then combine whole columns in Kleene's three-valued logic, coded as
0 = false, 1 = unknown, 2 = true so that ``and`` is the minimum, ``or`` the
maximum and ``not`` is ``2 - x``.

A condition whose tests yield something other than true/false/unknown under a
connective (conditions are type-checked, so this should not happen) is
evaluated per respondent instead, so the result is always the same as
:func:`instruments.derived.derived_value`'s.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from anonymize.columnar.chunks import Chunk, DictChunk
from anonymize.columnar.factorize import Factor, factorize, spread
from instruments.derived import compile_condition, derived_value, names_in
from instruments.expressions import syntax as ex
from instruments.expressions.evaluation import Compiled, compile_node, compiled
from instruments.model import BooleanDerived, CategoricalDerived

Derived = BooleanDerived | CategoricalDerived

_FALSE, _UNKNOWN, _TRUE = 0, 1, 2


class _IrregularError(Exception):
    """A test yields a value that is not true/false/unknown under a connective: evaluate per respondent."""


class _Leaf:
    """One test of a condition: what it reads, and the per-respondent closure that evaluates it."""

    def __init__(self, node: ex.Node) -> None:
        refs = {(r.name, r.row) for r in ex.references(node)}
        whole = {name for name, row in refs if row is None}
        # A test that reads a matrix as a whole and one of its rows reads the whole answer for both.
        self.reads = tuple(sorted({(name, None if name in whole else row) for name, row in refs}, key=str))
        self.test: Compiled = compile_node(node)

    def evaluate(self, columns: _Columns) -> tuple[np.ndarray, list[Any]]:
        """Per respondent, the number of their outcome; and the distinct outcomes."""
        factors = [columns.factor(name, row) for name, row in self.reads]
        if not factors:
            return np.zeros(columns.size, dtype=np.intp), [self.test({})]
        codes, combos = _combine(factors)
        outcomes = []
        for combo in combos:
            scope: dict[str, Any] = {}
            for (name, row), value in zip(self.reads, combo, strict=True):
                if row is None:
                    scope[name] = value
                else:
                    scope.setdefault(name, {})[row] = value
            outcomes.append(self.test(scope))
        return codes, outcomes


def _combine(factors: list[Factor]) -> tuple[np.ndarray, list[tuple[Any, ...]]]:
    """Respondents numbered by their distinct combination of values, and each combination."""
    if len(factors) == 1:
        codes, reps = factors[0]
        return codes, [(r,) for r in reps]
    stacked = np.stack([codes for codes, _ in factors], axis=1)
    unique, inverse = np.unique(stacked, axis=0, return_inverse=True)
    combos = [tuple(reps[c] for (_, reps), c in zip(factors, row, strict=True)) for row in unique.tolist()]
    return inverse.reshape(-1), combos


def _kleene(leaf: tuple[np.ndarray, list[Any]], *, top: bool = False) -> np.ndarray:
    """Kleene codes per respondent from a test's outcomes.

    At the top of a condition anything but true/false counts as unknown, as the
    per-respondent path reads it; under a connective it would not, so it is refused.
    """
    codes, outcomes = leaf
    if not top and not all(o is None or o is True or o is False for o in outcomes):
        raise _IrregularError
    table = np.array([_TRUE if o is True else _FALSE if o is False else _UNKNOWN for o in outcomes], dtype=np.int8)
    out: np.ndarray = table[codes]
    return out


class _Condition:
    def __init__(self, source: str) -> None:
        self.root = self._plan(compile_condition(source))

    def _plan(self, node: ex.Node) -> Any:
        if isinstance(node, ex.BoolOp):
            return (node.op, tuple(self._plan(o) for o in node.operands))
        if isinstance(node, ex.Not):
            return ("not", self._plan(node.operand))
        return _Leaf(node)

    def evaluate(self, columns: _Columns) -> np.ndarray:
        """Kleene codes per respondent."""
        if isinstance(self.root, _Leaf):
            return _kleene(self.root.evaluate(columns), top=True)
        return self._combined(self.root, columns)

    def _combined(self, plan: Any, columns: _Columns) -> np.ndarray:
        if isinstance(plan, _Leaf):
            return _kleene(plan.evaluate(columns))
        op, parts = plan
        if op == "not":
            negated: np.ndarray = _TRUE - self._combined(parts, columns)
            return negated
        values = [self._combined(p, columns) for p in parts]
        combine = np.minimum if op == "and" else np.maximum
        out = values[0]
        for v in values[1:]:
            out = combine(out, v)
        return out


class _Columns:
    """A chunk's answers and the derived variables worked out so far, as factors."""

    def __init__(self, chunk: Chunk) -> None:
        self.chunk = chunk
        self.size = chunk.size
        self._factors: dict[tuple[str, str | None], Factor] = {}
        self.results: dict[str, Factor] = {}

    def factor(self, name: str, row: str | None) -> Factor:
        found = self._factors.get((name, row))
        if found is None:
            if name in self.results:
                values = spread(self.results[name])  # a derived variable read by row: no row, so missing
                found = factorize([v.get(row) if type(v) is dict else None for v in values])
            elif row is None:
                found = self.chunk.factor(name)
            else:
                found = self.chunk.row_factor(name, row)
            self._factors[(name, row)] = found
        return found

    def set_result(self, name: str, factor: Factor) -> None:
        self._factors[(name, None)] = self.results[name] = factor


class DerivedColumns:
    """Every derived variable of an instrument, evaluated over chunks of respondents."""

    def __init__(self, derived: Sequence[Derived]) -> None:
        self.derived = tuple(derived)
        self._conditions: dict[str, _Condition] = {}
        for d in self.derived:
            for source in [d.when] if isinstance(d, BooleanDerived) else [c.when for c in d.cases]:
                self.condition(source)

    def condition(self, source: str) -> _Condition:
        """A condition compiled once, for every chunk (compiling is most of checking a handful of rows)."""
        found = self._conditions.get(source)
        if found is None:
            found = self._conditions[source] = _Condition(source)
        return found

    def evaluate(self, answers: Sequence[Mapping[str, Any]]) -> dict[str, list[Any]]:
        """Each derived variable's value per respondent."""
        return {name: spread(f) for name, f in self.factors(DictChunk(answers)).items()}

    def factors(self, chunk: Chunk) -> dict[str, Factor]:
        """Each derived variable's values over a chunk, as factors."""
        columns = _Columns(chunk)
        for d in self.derived:
            try:
                factor = self._factor(d, columns)
            except _IrregularError:
                factor = factorize(self._one_by_one(d, columns))
            columns.set_result(d.id, factor)
        return columns.results

    def _factor(self, d: Derived, columns: _Columns) -> Factor:
        if isinstance(d, BooleanDerived):
            truth = self._conditions[d.when].evaluate(columns)
            return truth.astype(np.intp), [False, None, True]
        chosen = np.full(columns.size, len(d.cases), dtype=np.intp)  # no case true: missing
        for i in reversed(range(len(d.cases))):
            truth = self._conditions[d.cases[i].when].evaluate(columns)
            chosen[truth == _TRUE] = i
        return chosen, [c.code for c in d.cases] + [None]

    def _one_by_one(self, d: Derived, columns: _Columns) -> list[Any]:
        earlier = {name: spread(f) for name, f in columns.results.items()}
        return [
            derived_value(d, {**answers, **{name: values[i] for name, values in earlier.items()}})
            for i, answers in enumerate(columns.chunk.answers())
        ]


class Conditions:
    """Conditions (skip logic) over a chunk, with the instrument's derived variables available to them."""

    def __init__(self, chunk: Chunk, derived: DerivedColumns) -> None:
        self._columns = _Columns(chunk)
        self._derived = derived
        self._ready = False

    def holds(self, source: str) -> np.ndarray:
        """Per respondent, whether the condition is true (unknown counts as not, as in skip logic)."""
        if not self._ready and not names_in(source).isdisjoint(d.id for d in self._derived.derived):
            for name, factor in self._derived.factors(self._columns.chunk).items():
                self._columns.set_result(name, factor)
            self._ready = True
        condition = self._derived.condition(source)
        try:
            out: np.ndarray = condition.evaluate(self._columns) == _TRUE
        except _IrregularError:
            test = compiled(source)
            out = np.array([test(scope) is True for scope in self._scopes()], dtype=bool)
        return out

    def _scopes(self) -> list[dict[str, Any]]:
        """Each respondent's answers with the derived variables so far (for the rare case that needs them)."""
        derived = {name: spread(f) for name, f in self._columns.results.items()}
        return [
            {**answers, **{name: values[i] for name, values in derived.items()}}
            for i, answers in enumerate(self._columns.chunk.answers())
        ]
