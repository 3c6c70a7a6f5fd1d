"""A plan checked against its instrument: every table measures and breaks down what it can.

Problems carry the path into the plan (``tables.2.by.0``) so that the loader
can name the file and line.
"""

from __future__ import annotations

from collections.abc import Iterator

from analysis.plans.calibration_check import check_calibration
from analysis.plans.model import AnalysisPlan, Table, TableKind
from instruments.checks import Finding, Path
from instruments.model import BooleanDerived, CategoricalDerived, Instrument
from instruments.questions import Consent, Matrix, MultiChoice, Number, Question, Scale, SingleChoice, Text

Variable = Question | BooleanDerived | CategoricalDerived


_MEASURES: dict[TableKind, tuple[str, str]] = {
    "counts": ("a single or multiple choice, scale, consent, coarsened question or derived variable", "choice"),
    "matrix": ("a matrix question", "matrix"),
    "mean": ("a scale or number question", "bounded"),
    "representation": ("a single or multiple choice question or derived variable", "choice"),
    "write_ins": ("a free-text question (a self-description)", "text"),
}


KINDS: tuple[TableKind, ...] = tuple(_MEASURES)


def sorts_into_groups(v: Variable) -> bool:
    """Whether the variable sorts respondents into a few known groups (a breakdown or a counted measure)."""
    if isinstance(v, (BooleanDerived, CategoricalDerived, SingleChoice, MultiChoice, Consent, Scale)):
        return True
    return getattr(v, "coarsen", None) is not None


def can_measure(kind: TableKind, v: Variable) -> bool:
    """Whether a table of ``kind`` can measure the variable (its type; a direct identifier is never analysed)."""
    return _fits(kind, v) and getattr(v, "privacy", None) != "direct_identifier"


def can_break_down(v: Variable) -> bool:
    """Whether a table can break down by the variable (it sorts into groups and is no direct identifier)."""
    return sorts_into_groups(v) and getattr(v, "privacy", None) != "direct_identifier"


def _fits(kind: TableKind, v: Variable) -> bool:
    need = _MEASURES[kind][1]
    if need == "choice":
        return sorts_into_groups(v) and (kind == "counts" or not isinstance(v, (Scale, Consent)))
    if need == "matrix":
        return isinstance(v, Matrix)
    if need == "bounded":
        return isinstance(v, (Scale, Number))
    return isinstance(v, Text) and v.coarsen is None


def categories(v: Variable) -> list[str]:
    """The groups a variable sorts respondents into, as a representation table names them."""
    if isinstance(v, (BooleanDerived, Consent)):
        return ["true", "false"]
    if isinstance(v, CategoricalDerived):
        return [c.code for c in v.cases]
    return [o.code for o in getattr(v, "options", [])]


def check_plan(plan: AnalysisPlan, instrument: Instrument) -> list[Finding]:
    return list(_check(plan, instrument))


def _check(plan: AnalysisPlan, instrument: Instrument) -> Iterator[Finding]:
    if plan.instrument != instrument.id:
        yield Finding(
            ("instrument",),
            "wrong-instrument",
            f"the plan is for '{plan.instrument}', the project's instrument is '{instrument.id}'",
            f"set instrument: {instrument.id}, or use the plan of that survey",
        )
    variables: dict[str, Variable] = {**instrument.question_map, **instrument.derived_map}
    seen: set[str] = set()
    for i, table in enumerate(plan.tables):
        if table.id in seen:
            yield Finding(("tables", i, "id"), "duplicate-id", f"two tables are called '{table.id}'", "rename one")
        seen.add(table.id)
        yield from _check_table(("tables", i), table, variables)
    shares = [t.share for t in plan.tables]
    if any(s is not None for s in shares):
        if any(s is None for s in shares):
            yield Finding(
                ("tables",),
                "partial-split",
                "some tables give their share of the budget and some do not",
                "give every table a share, or none (then the split that minimises error is used)",
            )
        elif sum(s for s in shares if s is not None) > 1 + 1e-9:
            yield Finding(
                ("tables",),
                "overspent-split",
                f"the tables' shares add up to {sum(s for s in shares if s is not None):g}, more than the plan's budget",
                "make them add up to 1 at most",
            )
        elif sum(s for s in shares if s is not None) < 1 - 1e-9:
            yield Finding(
                ("tables",),
                "unused-budget",
                f"the tables' shares add up to {sum(s for s in shares if s is not None):g}: a release is charged"
                " the plan's whole budget_share but measures with less",
                "make the shares add up to 1, or lower budget_share",
                "warning",
            )
    yield from check_calibration(plan, instrument, {n: can_break_down(v) for n, v in variables.items()})


def _check_table(at: Path, table: Table, variables: dict[str, Variable]) -> Iterator[Finding]:
    measure = variables.get(table.measure)
    if measure is None:
        yield _unknown((*at, "measure"), table.measure, variables)
    elif not _fits(table.kind, measure):
        yield Finding(
            (*at, "measure"),
            "wrong-measure",
            f"a {table.kind} table measures {_MEASURES[table.kind][0]}; '{table.measure}' is not one",
            "choose another measure, or another kind of table",
        )
    elif getattr(measure, "privacy", None) == "direct_identifier":
        yield _identifier((*at, "measure"), measure.id)
    if table.kind == "write_ins" and table.by:
        yield Finding(
            (*at, "by"),
            "write-ins-by",
            "write-ins are released for everyone together: a breakdown would make rare answers rarer",
            "remove 'by' from this table",
        )
    for j, name in enumerate(table.by):
        by = variables.get(name)
        if by is None:
            yield _unknown((*at, "by", j), name, variables)
        elif getattr(by, "privacy", None) == "direct_identifier":
            yield _identifier((*at, "by", j), name)
        elif not sorts_into_groups(by):
            yield Finding(
                (*at, "by", j),
                "wrong-breakdown",
                f"'{name}' does not sort respondents into groups (free text, a number or a matrix)",
                "break down by a choice question, a derived variable, or a question with a coarsening policy",
            )
        elif name == table.measure:
            yield Finding((*at, "by", j), "self-breakdown", f"'{name}' is both measured and the breakdown", "drop it")
        elif name in table.by[:j]:
            yield Finding(
                (*at, "by", j),
                "repeated-breakdown",
                f"'{name}' is listed twice in the breakdown",
                "list each group once",
            )
    yield from _check_reference(at, table, measure)


def _check_reference(at: Path, table: Table, measure: Variable | None) -> Iterator[Finding]:
    if table.kind != "representation":
        if table.reference is not None:
            yield Finding(
                (*at, "reference"),
                "stray-reference",
                "only representation tables compare with reference shares",
                "remove it, or make this a representation table",
            )
        return
    if table.reference is None:
        yield Finding(
            (*at, "reference"),
            "missing-reference",
            "a representation table needs the reference share of each group",
            "add reference: {GROUP: SHARE, …} (e.g. from the city's staff statistics)",
        )
        return
    if measure is not None:
        known = categories(measure)
        unknown = [g for g in table.reference if g not in known]
        if unknown:
            yield Finding(
                (*at, "reference"),
                "unknown-group",
                f"{', '.join(unknown)} not among the groups of '{table.measure}'",
                f"use: {', '.join(known)}",
            )
    if not isinstance(measure, MultiChoice) and sum(table.reference.values()) > 1 + 1e-9:
        yield Finding(
            (*at, "reference"),
            "reference-over-one",
            f"the reference shares add up to {sum(table.reference.values()):g}, more than everyone",
            "give each group's share of the reference population (together at most 1)",
        )


def _unknown(at: Path, name: str, variables: dict[str, Variable]) -> Finding:
    import difflib

    close = difflib.get_close_matches(name, list(variables), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return Finding(
        at, "unknown-id", f"'{name}' is no question or derived variable of the instrument{hint}", "correct it"
    )


def _identifier(at: Path, name: str) -> Finding:
    return Finding(
        at,
        "identifier-in-analysis",
        f"'{name}' is a direct identifier: it is split off at arrival and never analysed",
        "choose another question",
    )
