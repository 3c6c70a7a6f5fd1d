"""The summary's main findings: the largest gaps between groups, as sentences with their uncertainty.

Only sound comparisons become findings:

- a figure a reader can see in the tables (suppressed cells have no numbers;
  shares marked imprecise are too wide to compare), of a group of people who
  gave a breakdown answer (not "no answer");
- of a group whose share has all its parts shown: if any other answer to the
  same question in the same group is suppressed (the "no" of a yes/no, any
  other answer of a single choice, the group's respondents of a multiple
  choice), its share rests on a base that lost part of its answers, and a
  share of 0 % or 100 % is then an artefact of the suppression;
- not at 0 % or 100 % (or a scale's end), nor with an interval that spans
  (nearly) everything possible: such a figure rests on the noise alone;
- between two groups that differ in one respect only: in a table by an
  intersection, groups that share every breakdown but one (cis women and
  cis men who are both racialised; not racialised cis women against cis
  men who are not), and the sentence says which respect that is.

For every table broken down by groups, the answer and pair with the largest
gap is a candidate (of a matrix, its first answer: "yes" of life domains, not
"does not apply"); gaps larger than their uncertainty come first, then the
rest, each largest first. Each says both figures with their 95 % intervals
and, in words, whether the gap is larger than the uncertainty (the intervals
do not overlap) or may be chance and the protective noise (they overlap).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from analysis.releases.cells import Estimate, PublishedCell
from analysis.releases.model import PublicationRules
from instruments.questions import Matrix
from kernel.i18n import Msg
from reports.labels import STATUS_CODES, Label, Labels
from reports.tables import TableView, is_group, partial, place

_FINDING_AMONG = Msg(
    "finding.among",
    "{subject} — compared by “{respect}” among respondents in the group “{shared}” (the two "
    "groups differ in this only)",
)
_FINDING_MEAN = Msg(
    "finding.mean",
    "{subject} (scale {scale_low} to {scale_high}): average {high_value} in the group "
    "“{high_group}” (95% interval {high_interval}), compared with {low_value} in the group "
    "“{low_group}” ({low_interval}).",
)
_FINDING_SHARE = Msg(
    "finding.share",
    "{subject}: {high_value} in the group “{high_group}” (95% interval {high_interval}), "
    "compared with {low_value} in the group “{low_group}” ({low_interval}).",
)
_FINDING_APART_MEAN = Msg(
    "finding.apart_mean",
    "The difference of {gap} points on the scale is larger than the uncertainty: the two intervals do not overlap.",
)
_FINDING_APART = Msg(
    "finding.apart",
    "The difference of {gap} percentage points is larger than the uncertainty: the two intervals do not overlap.",
)
_FINDING_OVERLAP = Msg(
    "finding.overlap",
    "The intervals overlap, so this difference may be due to chance and to the protective "
    "noise; it should not be read as a clear difference.",
)
_FINDING_SMALL = Msg(
    "finding.small", "At least one of the groups has fewer than {flag} respondents, so its figure is uncertain."
)

MAX_FINDINGS = 5
NEARLY_ALL = 0.9
"""An interval at least this wide, as a fraction of what is possible (0–100 %, a scale's range), says nothing
beyond the noise."""


@dataclass(frozen=True)
class Side:
    """One of the two groups a finding compares: its name and its figure (a share or a mean) with its interval."""

    group: str
    value: float
    low: float
    high: float
    uncertain: bool
    """Fewer respondents than the flag threshold: the figure is shown but uncertain."""


@dataclass(frozen=True)
class Topic:
    """What a finding is about, in parts, for sentences other than the full report's (the summary's)."""

    title: str
    """The table's title."""
    measure: str
    answer: str | None
    """The answer whose share is compared (None for a yes/no variable and for means)."""
    row: str | None
    """The item of a matrix."""
    shared: str | None
    """In an intersection, the group both compared groups belong to."""
    mean: bool


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
    groups: tuple[dict[str, str], dict[str, str]] = ({}, {})
    """The breakdown codes of the higher and the lower group."""
    respect: str | None = None
    """The one breakdown the two groups differ in, where the table has several."""
    sides: tuple[Side, Side] = field(kw_only=True)
    """The higher and the lower group with their figures."""
    topic: Topic = field(kw_only=True)


@dataclass(frozen=True)
class _Candidate:
    view: TableView
    high: PublishedCell
    low: PublishedCell
    gap: float
    separated: bool
    respect: str | None


def _value(cell: PublishedCell, mean: bool) -> Estimate:
    share = cell.share_shown
    if mean or share is None:  # a share's cell without a share is never comparable (see _comparable)
        return cell.shown
    return share


def _sound(cell: PublishedCell, mean: bool, span: tuple[float, float]) -> bool:
    """Not at an end of what is possible, nor with an interval that spans nearly all of it."""
    value, low, high = _value(cell, mean)
    lo, hi = span
    return lo < value < hi and (high - low) < NEARLY_ALL * (hi - lo)


def _comparable(view: TableView, labels: Labels, span: tuple[float, float]) -> list[PublishedCell]:
    mean = view.kind == "mean"
    hidden = partial(tuple(r.cell for r in view.rows), view.measure, labels)
    out = []
    for row in view.rows:
        cell = row.cell
        if cell.suppressed or not all(is_group(v) for v in cell.by.values()):
            continue
        if not mean and (cell.share is None or cell.imprecise):
            continue
        if (mean or place(cell) not in hidden) and _sound(cell, mean, span):
            out.append(cell)
    return out


def _pairs(cells: list[PublishedCell], by: tuple[str, ...]) -> list[tuple[str | None, list[PublishedCell]]]:
    """Sets of groups that differ in one breakdown only: per breakdown, the groups alike in all the others."""
    if len(by) <= 1:
        return [(None, cells)]
    out: list[tuple[str | None, list[PublishedCell]]] = []
    for name in by:
        alike: dict[tuple[Any, ...], list[PublishedCell]] = {}
        for c in cells:
            codes = c.by
            alike.setdefault(tuple(codes.get(b) for b in by if b != name), []).append(c)
        out += [(name, members) for members in alike.values()]
    return out


def _candidate(view: TableView, labels: Labels) -> _Candidate | None:
    if view.kind not in ("counts", "matrix", "mean") or not view.by:
        return None
    mean = view.kind == "mean"
    span = (0.0, 1.0)
    if mean:
        scale = labels.scale(view.measure)
        span = (float(scale.bounds[0]), float(scale.bounds[1])) if scale else (float("-inf"), float("inf"))
    width = span[1] - span[0] if mean and labels.scale(view.measure) else 1.0
    boolean = labels.is_boolean(view.measure)
    matrix = labels.questions.get(view.measure)
    first = matrix.options[0].code if view.kind == "matrix" and isinstance(matrix, Matrix) else None
    groups: dict[tuple[Any, Any], list[PublishedCell]] = {}
    for cell in _comparable(view, labels, span):
        if not mean and (cell.measure in STATUS_CODES or (boolean and cell.measure != "true")):
            continue
        if first is not None and cell.measure != first:
            continue  # a matrix of life domains: its first answer ("yes") is the finding, not "does not apply"
        groups.setdefault((cell.row, cell.measure), []).append(cell)
    best: _Candidate | None = None
    for answer in groups.values():
        for respect, cells in _pairs(answer, view.by):
            if len(cells) < 2:
                continue
            high = max(cells, key=lambda c: _value(c, mean)[0])
            low = min(cells, key=lambda c: _value(c, mean)[0])
            gap = (_value(high, mean)[0] - _value(low, mean)[0]) / width
            separated = _value(low, mean)[2] < _value(high, mean)[1]
            if best is None or (separated, gap) > (best.separated, best.gap):
                best = _Candidate(view, high, low, gap, separated, respect)
    return best


def _sentence(c: _Candidate, labels: Labels, rules: PublicationRules) -> Finding:
    t, view = labels.t, c.view
    mean = view.kind == "mean"
    n = t.numbers
    measure = labels.variable(view.measure)
    answer = labels.category(view.measure, str(c.high.measure)) if not mean else ""
    shared: Label | None = None
    if view.kind == "matrix":
        subject = t(
            Msg("finding.subject_row", "“{measure}” — {row}: answer “{answer}”"),
            measure=measure,
            row=labels.row(view.measure, str(c.high.row)),
            answer=answer,
        )
    elif mean or labels.is_boolean(view.measure):
        subject = t(Msg("finding.subject", "“{measure}”"), measure=measure)
    else:
        subject = t(Msg("finding.subject_answer", "“{measure}” — answer “{answer}”"), measure=measure, answer=answer)
    if c.respect is not None:
        by = c.high.by
        shared = labels.group({b: code for b, code in by.items() if b != c.respect})
        subject = t(_FINDING_AMONG, subject=subject, respect=labels.variable(c.respect), shared=shared)
    (hv, hl, hh), (lv, ll, lh) = _value(c.high, mean), _value(c.low, mean)
    if mean:
        values = {"high_value": n.decimal_number(hv), "high_interval": n.decimal_range(hl, hh),
                  "low_value": n.decimal_number(lv), "low_interval": n.decimal_range(ll, lh)}  # fmt: skip
        scale = labels.scale(view.measure)
        lo, hi = scale.bounds if scale else (0, 1)
        sentence = t(_FINDING_MEAN, subject=subject, scale_low=lo, scale_high=hi, **values, **_groups(c, labels))
        gap = n.decimal_number(hv - lv)
    else:
        values = {"high_value": n.share(hv), "high_interval": n.share_range(hl, hh),
                  "low_value": n.share(lv), "low_interval": n.share_range(ll, lh)}  # fmt: skip
        sentence = t(_FINDING_SHARE, subject=subject, **values, **_groups(c, labels))
        gap = n.points(hv - lv)
    apart = _FINDING_APART_MEAN if mean else _FINDING_APART
    qualifier = t(apart, gap=gap) if c.separated else t(_FINDING_OVERLAP)
    if c.high.uncertain or c.low.uncertain:
        qualifier += " " + t(
            _FINDING_SMALL,
            flag=rules.flag_below,
        )
    groups = (dict(c.high.by), dict(c.low.by))
    names = _groups(c, labels)
    sides = (
        Side(names["high_group"], hv, hl, hh, c.high.uncertain),
        Side(names["low_group"], lv, ll, lh, c.low.uncertain),
    )
    boolean = labels.is_boolean(view.measure)
    topic = Topic(
        title=str(view.title),
        measure=str(measure),
        answer=str(answer) if answer and not boolean else None,
        row=str(labels.row(view.measure, str(c.high.row))) if view.kind == "matrix" else None,
        shared=str(shared) if shared is not None else None,
        mean=mean,
    )
    return Finding(
        view.id, view.number, sentence, qualifier, c.separated, c.gap, groups, c.respect, sides=sides, topic=topic
    )


def _groups(c: _Candidate, labels: Labels) -> dict[str, str]:
    """The two groups' names: of an intersection, only the breakdown they differ in (the rest is said once)."""
    high, low = dict(c.high.by), dict(c.low.by)
    if c.respect is not None:
        high, low = {c.respect: high[c.respect]}, {c.respect: low[c.respect]}
    return {"high_group": labels.group(high), "low_group": labels.group(low)}


def findings(
    views: list[TableView], labels: Labels, rules: PublicationRules, limit: int = MAX_FINDINGS
) -> list[Finding]:
    """At most ``limit`` findings, largest gap first, one per table."""
    candidates = [c for v in views if (c := _candidate(v, labels)) is not None and c.gap > 0]
    candidates.sort(key=lambda c: (not c.separated, -c.gap))
    return [_sentence(c, labels, rules) for c in candidates[:limit]]
