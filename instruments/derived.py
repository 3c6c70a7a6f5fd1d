"""Derived variables: evaluating them over one respondent's answers.

Derived variables (e.g. Washington Group disability status, TIN*/cis gender
groups) are declared in YAML and evaluated with the same condition language
as skip logic. A boolean variable is true/false, or missing when its condition
is unknown; a categorical one takes the code of the first case whose condition
is true, and is missing when none is.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from instruments.expressions import syntax as ex
from instruments.expressions.evaluation import compiled
from instruments.model import BooleanDerived, CategoricalDerived, Instrument
from instruments.questions import PRIVACY_ORDER, PrivacyClass


@lru_cache(maxsize=4096)
def compile_condition(source: str) -> ex.Node:
    """Parse once; instruments are validated at load, so this cannot fail for a loaded one."""
    return ex.parse(source)


def evaluate_derived(instrument: Instrument, answers: Mapping[str, object]) -> dict[str, bool | str | None]:
    """Every derived variable for one respondent, in declaration order.

    Later derived variables may use earlier ones, so each result is added to
    the answers before the next is evaluated.
    """
    scope: dict[str, object] = dict(answers)
    results: dict[str, bool | str | None] = {}
    for d in instrument.derived:
        results[d.id] = scope[d.id] = derived_value(d, scope)
    return results


def derived_value(d: BooleanDerived | CategoricalDerived, scope: Mapping[str, object]) -> bool | str | None:
    """One derived variable over answers that already hold the derived variables before it."""
    if isinstance(d, BooleanDerived):
        outcome = compiled(d.when)(scope)
        return outcome if isinstance(outcome, bool) else None
    return next((c.code for c in d.cases if compiled(c.when)(scope) is True), None)


def derived_refs(d: BooleanDerived | CategoricalDerived) -> tuple[tuple[str, str | None], ...]:
    """What a derived variable's conditions read: (question or earlier derived id, matrix row or None)."""
    sources = [d.when] if isinstance(d, BooleanDerived) else [c.when for c in d.cases]
    return tuple(sorted({(r.name, r.row) for s in sources for r in ex.references(compile_condition(s))}, key=str))


def scope_for(instrument: Instrument, answers: Mapping[str, object], *conditions: str | None) -> Mapping[str, object]:
    """The answers, plus derived variables if one of the conditions uses them.

    Skip logic may refer to derived variables (e.g. TIN*); evaluating every
    derived variable before every question would dominate the cost of checking
    and simulating responses, so it is done only where a condition needs it.
    """
    return with_derived(instrument, answers) if uses_derived(instrument, *conditions) else answers


def with_derived(instrument: Instrument, answers: Mapping[str, object]) -> Mapping[str, object]:
    return {**answers, **evaluate_derived(instrument, answers)}


def uses_derived(instrument: Instrument, *conditions: str | None) -> bool:
    """Whether any of the conditions refers to a derived variable."""
    if not instrument.derived:
        return False
    ids = {d.id for d in instrument.derived}
    return any(not names_in(c).isdisjoint(ids) for c in conditions if c)


@lru_cache(maxsize=4096)
def names_in(source: str) -> frozenset[str]:
    """Every id a condition refers to (the cache is per condition text)."""
    return frozenset(r.name for r in ex.references(compile_condition(source)))


def is_relevant(source: str | None, answers: Mapping[str, object]) -> bool:
    """Whether a question (or section, or matrix row) with this condition is asked: unknown means no."""
    return source is None or compiled(source)(answers) is True


def derived_privacy(instrument: Instrument, d: BooleanDerived | CategoricalDerived) -> PrivacyClass:
    """The most sensitive privacy class among the inputs, following other derived variables."""
    conditions = [d.when] if isinstance(d, BooleanDerived) else [c.when for c in d.cases]
    classes: set[PrivacyClass] = set()
    questions, derived = instrument.question_map, instrument.derived_map  # each built anew when asked for
    for source in conditions:
        for ref in ex.references(compile_condition(source)):
            if ref.name in questions:
                classes.add(questions[ref.name].privacy)
            elif ref.name in derived and ref.name != d.id:
                classes.add(derived_privacy(instrument, derived[ref.name]))
    return next((c for c in PRIVACY_ORDER if c in classes), "other")
