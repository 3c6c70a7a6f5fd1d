"""The summary's main findings: the largest gaps between groups, as sentences with their uncertainty.

Only cells a reader can see in the tables are used: suppressed cells have no
numbers, and shares marked imprecise are too wide to compare. For every table
broken down by groups (intersections too), the answer with the largest gap
between its highest and lowest group is a candidate (of a matrix, its first
answer: "yes" of life domains, not "does not apply"); gaps larger than their
uncertainty come first, then the rest, each largest first. Each says both figures with their 95 % intervals and, in
words, whether the gap is larger than the uncertainty (the intervals do not
overlap) or may be chance and the protective noise (they overlap). Groups of
people who gave no breakdown answer are not compared.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from instruments.questions import Matrix

from .labels import STATUS_CODES, Labels
from .tables import TableView, is_group

MAX_FINDINGS = 5


@dataclass(frozen=True)
class Finding:
    table: str
    number: int
    sentence: str
    qualifier: str
    separated: bool
    """The two intervals do not overlap."""
    gap: float
    """The gap on a common footing: in shares, or as a fraction of a mean's scale range."""


@dataclass(frozen=True)
class _Candidate:
    view: TableView
    high: dict[str, Any]
    low: dict[str, Any]
    gap: float
    separated: bool


def _value(cell: dict[str, Any], mean: bool) -> tuple[float, float, float]:
    if mean:
        return cell["estimate"], cell["low"], cell["high"]
    return cell["share"], cell["share_low"], cell["share_high"]


def _comparable(view: TableView) -> list[dict[str, Any]]:
    mean = view.kind == "mean"
    out = []
    for row in view.rows:
        cell = row.cell
        if row.status == "suppressed" or not all(is_group(v) for v in (cell.get("by") or {}).values()):
            continue
        if mean or (cell.get("share") is not None and cell.get("share_status") != "imprecise"):
            out.append(cell)
    return out


def _candidate(view: TableView, labels: Labels) -> _Candidate | None:
    if view.kind not in ("counts", "matrix", "mean") or not view.by:
        return None
    mean = view.kind == "mean"
    span = 1.0
    if mean:
        scale = labels.scale(view.measure)
        span = float(scale.bounds[1] - scale.bounds[0]) if scale else 1.0
    boolean = labels.is_boolean(view.measure)
    matrix = labels.questions.get(view.measure)
    first = matrix.options[0].code if view.kind == "matrix" and isinstance(matrix, Matrix) else None
    groups: dict[tuple[Any, Any], list[dict[str, Any]]] = {}
    for cell in _comparable(view):
        if not mean and (cell["measure"] in STATUS_CODES or (boolean and cell["measure"] != "true")):
            continue
        if first is not None and cell["measure"] != first:
            continue  # a matrix of life domains: its first answer ("yes") is the finding, not "does not apply"
        groups.setdefault((cell.get("row"), cell.get("measure")), []).append(cell)
    best: _Candidate | None = None
    for cells in groups.values():
        if len(cells) < 2:
            continue
        high = max(cells, key=lambda c: _value(c, mean)[0])
        low = min(cells, key=lambda c: _value(c, mean)[0])
        gap = (_value(high, mean)[0] - _value(low, mean)[0]) / span
        separated = _value(low, mean)[2] < _value(high, mean)[1]
        if best is None or (separated, gap) > (best.separated, best.gap):
            best = _Candidate(view, high, low, gap, separated)
    return best


def _sentence(c: _Candidate, labels: Labels, rules: dict[str, Any]) -> Finding:
    t, view = labels.t, c.view
    mean = view.kind == "mean"
    n = t.numbers
    measure = labels.variable(view.measure)
    answer = labels.category(view.measure, c.high["measure"]) if not mean else ""
    if view.kind == "matrix":
        subject = t("finding.subject_row", measure=measure, row=labels.row(view.measure, c.high["row"]), answer=answer)
    elif mean or labels.is_boolean(view.measure):
        subject = t("finding.subject", measure=measure)
    else:
        subject = t("finding.subject_answer", measure=measure, answer=answer)
    (hv, hl, hh), (lv, ll, lh) = _value(c.high, mean), _value(c.low, mean)
    if mean:
        values = {"high_value": n.decimal_number(hv), "high_interval": n.decimal_range(hl, hh),
                  "low_value": n.decimal_number(lv), "low_interval": n.decimal_range(ll, lh)}  # fmt: skip
        scale = labels.scale(view.measure)
        lo, hi = scale.bounds if scale else (0, 1)
        sentence = t("finding.mean", subject=subject, scale_low=lo, scale_high=hi, **values, **_groups(c, labels))
        gap = n.decimal_number(hv - lv)
    else:
        values = {"high_value": n.share(hv), "high_interval": n.share_range(hl, hh),
                  "low_value": n.share(lv), "low_interval": n.share_range(ll, lh)}  # fmt: skip
        sentence = t("finding.share", subject=subject, **values, **_groups(c, labels))
        gap = n.points(hv - lv)
    apart = "finding.apart_mean" if mean else "finding.apart"
    qualifier = t(apart, gap=gap) if c.separated else t("finding.overlap")
    if "uncertain" in (c.high["status"], c.low["status"]):
        qualifier += " " + t("finding.small", flag=rules["flag_below"])
    return Finding(view.id, view.number, sentence, qualifier, c.separated, c.gap)


def _groups(c: _Candidate, labels: Labels) -> dict[str, str]:
    return {"high_group": labels.group(c.high.get("by") or {}), "low_group": labels.group(c.low.get("by") or {})}


def findings(views: list[TableView], labels: Labels, rules: dict[str, Any], limit: int = MAX_FINDINGS) -> list[Finding]:
    """At most ``limit`` findings, largest gap first, one per table."""
    candidates = [c for v in views if (c := _candidate(v, labels)) is not None and c.gap > 0]
    candidates.sort(key=lambda c: (not c.separated, -c.gap))
    return [_sentence(c, labels, rules) for c in candidates[:limit]]
