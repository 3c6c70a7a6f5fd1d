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

from . import expressions as ex
from .conditions import evaluate
from .model import BooleanDerived, CategoricalDerived, Instrument
from .questions import PRIVACY_ORDER, PrivacyClass


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
        value: bool | str | None
        if isinstance(d, BooleanDerived):
            outcome = evaluate(compile_condition(d.when), scope)
            value = outcome if isinstance(outcome, bool) else None
        else:
            value = next((c.code for c in d.cases if evaluate(compile_condition(c.when), scope) is True), None)
        results[d.id] = value
        scope[d.id] = value
    return results


def scope_for(instrument: Instrument, answers: Mapping[str, object], *conditions: str | None) -> Mapping[str, object]:
    """The answers, plus derived variables if one of the conditions uses them.

    Skip logic may refer to derived variables (e.g. TIN*); evaluating every
    derived variable before every question would dominate the cost of checking
    and simulating responses, so it is done only where a condition needs it.
    """
    derived = instrument.derived_map
    if derived and any(r.name in derived for c in conditions if c for r in ex.references(compile_condition(c))):
        return {**answers, **evaluate_derived(instrument, answers)}
    return answers


def is_relevant(source: str | None, answers: Mapping[str, object]) -> bool:
    """Whether a question (or section, or matrix row) with this condition is asked: unknown means no."""
    return source is None or evaluate(compile_condition(source), answers) is True


def derived_privacy(instrument: Instrument, d: BooleanDerived | CategoricalDerived) -> PrivacyClass:
    """The most sensitive privacy class among the inputs, following other derived variables."""
    conditions = [d.when] if isinstance(d, BooleanDerived) else [c.when for c in d.cases]
    classes: set[PrivacyClass] = set()
    for source in conditions:
        for ref in ex.references(compile_condition(source)):
            if ref.name in instrument.question_map:
                classes.add(instrument.question_map[ref.name].privacy)
            elif ref.name in instrument.derived_map and ref.name != d.id:
                classes.add(derived_privacy(instrument, instrument.derived_map[ref.name]))
    return next((c for c in PRIVACY_ORDER if c in classes), "other")
