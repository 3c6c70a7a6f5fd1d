"""Guard rails before a release spends budget: what it is about to spend, on what, and whether it should.

Budget spent is gone for good, so ``eqsurvey release`` first says what it
is about to do and stops to ask when the spend buys little:

- **a stale dataset**: a file exported before responses the store now
  holds arrived (or before some were erased). The store keeps days, never
  times, so the age is told in days; what the dataset lacks is a lower
  bound: at least the responses received after its export day, and at least
  the difference in numbers (erasures can hide part of it);
- **a dataset too small for the plan**: the plan preview
  (:func:`analysis.preview.accuracy.preview`, with its stated default shares, so it
  reads nothing of the data but their number) expects more than half of the
  plan's cells (:data:`MOST_SUPPRESSED`) to be suppressed under the
  threshold: a report made mostly of empty cells. Secondary suppression
  hides more still;
- **a repeat**: the same plan (its text, or the same content written
  differently) was already released on the same dataset. A second release
  publishes the same tables with fresh noise; it informs nobody better than
  the stored one, which ``report build`` renders again at no cost, and the
  two together give every respondent's answers away more than either alone.

Below a minimum number of respondents it refuses outright. The minimum is
the plan's ``suppress_below``: with fewer respondents than that, every cell,
even the count of all respondents together, is under the threshold, so any
cell a release could show would be there by noise alone (a 1-respondent
dataset once gave "21 or more took part"). ``[analysis] min_respondents`` in
eqsurvey.toml can raise it, never lower it.

The respondent count decides only whether a release is made, and the
analysts know it anyway; whether a release exists tells a reader no more
than that at least this many people took part.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.budget import PrivacyBudget
from analysis.plans.model import AnalysisPlan, Publication
from analysis.preview.accuracy import preview
from instruments.model import Instrument
from kernel.errors import Location, Problem

MOST_SUPPRESSED = 0.5
"""Above this expected share of suppressed cells, a release asks first: most of its cells would be empty."""


@dataclass(frozen=True)
class Minimum:
    """The fewest respondents a release is made for, and why."""

    respondents: int
    threshold: int
    """The plan's ``suppress_below``."""
    configured: int | None = None
    """``[analysis] min_respondents``, when it raises the minimum above the plan's threshold."""

    def reason(self) -> str:
        if self.configured is not None:
            return f"the minimum set by [analysis] min_respondents = {self.configured} in eqsurvey.toml"
        return (
            f"the plan's suppression threshold (suppress_below: {self.threshold}): with fewer respondents every"
            " cell, even the count of all respondents, is under it, so any cell a release showed would be noise alone"
        )


def minimum(publication: Publication, configured: int | None) -> Minimum:
    """The plan's threshold (at least 1 respondent), raised by the config's minimum if that is higher."""
    floor = max(publication.suppress_below, 1)
    if configured is not None and configured > floor:
        return Minimum(configured, publication.suppress_below, configured)
    return Minimum(floor, publication.suppress_below)


def too_few(respondents: int, least: Minimum, where: Location) -> Problem | None:
    """The refusal below the minimum (no confirmation overrides it), or None."""
    if respondents >= least.respondents:
        return None
    return Problem(
        "too-few-respondents",
        where,
        f"the dataset holds {respondents} respondent(s), fewer than the {least.respondents} a release needs"
        f" ({least.reason()})",
        "collect more responses before releasing; nothing was spent (--yes does not override this)",
    )


@dataclass(frozen=True)
class Expected:
    """What the plan preview expects a release at this size to suppress (under the threshold)."""

    respondents: int
    cells: int
    suppressed: float
    """The expected share of the cells suppressed: the mean of each cell's chance."""


def expected_suppressed(plan: AnalysisPlan, instrument: Instrument, rho: float, respondents: int) -> Expected:
    """The preview at ``respondents`` (default shares): the expected share of cells under the threshold."""
    cells = [c for t in preview(plan, instrument, rho, respondents).tables for c in t.cells]
    share = sum(c.p_suppressed for c in cells) / len(cells) if cells else 0.0
    return Expected(respondents, len(cells), share)


@dataclass(frozen=True)
class Spend:
    rho: PrivacyBudget
    total: PrivacyBudget
    spent: PrivacyBudget

    @property
    def remaining(self) -> PrivacyBudget:
        return self.total.left_after(self.spent)

    def describe(self) -> str:
        rho, total, left = float(self.rho), float(self.total), float(self.remaining)
        of_left = f"{rho / left:.0%}" if left > 0 else "all"
        after = float(self.remaining.left_after(self.rho))
        return (
            f"ρ = {rho:g}: {rho / total:.0%} of the survey's total ρ = {total:g} and {of_left}"
            f" of the ρ = {left:.6g} that remains (ρ = {after:.6g} left after it)"
        )


@dataclass(frozen=True)
class Freshness:
    """A dataset file against the store it was exported from, in days (the store keeps no times)."""

    exported_day: str | None
    """The file's export day, from its own metadata (None: the file does not say)."""
    rows: int
    stored: int
    """Responses of the survey the store holds now."""
    latest_day: str | None
    """The day the store's latest response was received."""
    received_after: int
    """Responses the store received after the export day (0 when that day is unknown)."""

    @property
    def missing(self) -> int:
        """At least this many responses in the store are not in the dataset."""
        return max(self.stored - self.rows, self.received_after)

    @property
    def erased(self) -> int:
        """At least this many respondents in the dataset are no longer in the store (erased since)."""
        return max(self.rows - self.stored, 0)

    def describe(self) -> str:
        exported = (
            f"exported on {self.exported_day}" if self.exported_day else "exported on a day the file does not record"
        )
        latest = f", the latest received on {self.latest_day}" if self.latest_day else ""
        return f"{exported} with {self.rows} respondent(s); the store holds {self.stored} response(s) now{latest}"


@dataclass(frozen=True)
class Earlier:
    """A stored release of the same plan on the same dataset."""

    release_id: str
    created_at: str


@dataclass(frozen=True)
class Facts:
    plan_id: str
    plan_file: str
    dataset: str | None
    """The dataset file, or None: the store's responses, opened now."""
    spend: Spend
    respondents: int
    expected: Expected
    freshness: Freshness | None = None
    repeats: tuple[Earlier, ...] = ()


def statement(facts: Facts) -> list[str]:
    """What the release is about to spend, and on what."""
    source = facts.dataset if facts.dataset is not None else "the responses in the store, opened now"
    lines = [
        f"about to release plan {facts.plan_id} ({facts.plan_file}) on {source}:",
        f"  spend {facts.spend.describe()}",
        f"  respondents in the dataset: {facts.respondents}",
    ]
    if facts.freshness is not None:
        lines.append(f"  dataset {facts.freshness.describe()}")
    e = facts.expected
    lines.append(
        f"  expected suppressed: about {e.suppressed:.0%} of the plan's {e.cells} cells under the threshold (plan"
        f" preview at {e.respondents} respondents, answers equally likely; secondary suppression hides more)"
    )
    return lines


def warnings(facts: Facts) -> list[Problem]:
    """Each reason to ask before spending; empty when the release can go ahead."""
    found: list[Problem] = []
    anyway = f"or add --yes to spend ρ = {float(facts.spend.rho):g} on it anyway"
    fresh = facts.freshness
    if fresh is not None and (fresh.missing or fresh.erased):
        where = Location(file=facts.dataset)
        if fresh.missing:
            problem = (
                f"the dataset is older than the store ({fresh.describe()}): at least {fresh.missing} response(s) in"
                " the store are not in the dataset"
            )
        else:
            problem = (
                f"the dataset holds more respondents than the store ({fresh.describe()}): at least {fresh.erased}"
                " were erased since it was exported, and a release from it would include them"
            )
        found.append(
            Problem(
                "dataset-older-than-store",
                where,
                problem,
                "export it again (eqsurvey dataset export -o FILE) and release that file, or release from the store"
                f" (leave out --dataset); {anyway}",
                "warning",
            )
        )
    e = facts.expected
    if e.suppressed > MOST_SUPPRESSED:
        found.append(
            Problem(
                "dataset-too-small",
                Location(file=facts.plan_file),
                f"with {e.respondents} respondents about {e.suppressed:.0%} of the plan's {e.cells} cells are"
                f" expected to be suppressed (more than {MOST_SUPPRESSED:.0%}): the release would spend its budget on"
                " a report made mostly of empty cells",
                "wait for more responses (eqsurvey plan preview --respondents N shows what more would give), or"
                f" plan fewer and coarser tables; {anyway}",
                "warning",
            )
        )
    if facts.repeats:
        first = facts.repeats[0]
        others = f" (and {len(facts.repeats) - 1} more)" if len(facts.repeats) > 1 else ""
        found.append(
            Problem(
                "release-repeated",
                Location(file=facts.plan_file),
                f"release {first.release_id} of {first.created_at[:10]}{others} already measured this plan on this"
                " same dataset: another release buys nothing new, only the same tables with fresh noise, and"
                " together the releases give respondents' answers away more than one alone",
                f"render the stored release again (eqsurvey report build {first.release_id} -o report.html), {anyway}",
                "warning",
            )
        )
    return found
