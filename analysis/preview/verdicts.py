"""Is the sample large enough? A verdict per table of a preview, and how many respondents would do.

A table's verdict looks at the cells people read: those whose answer and
groups are all answers (cells of "no answer", "prefer not to say" and the
multiple-choice base "answered" are left out; they are small by nature and
nobody reads a table for them). Of these cells:

- **suppressed share**: the expected fraction suppressed, the mean of the
  preview's ``p_suppressed`` (noise and sampling, as :mod:`analysis.preview.accuracy`
  works them out);
- **flagged share**: the fraction not shown plainly at the expected counts
  (suppressed, flagged as uncertain, or a share flagged as imprecise);
- **unusable share**: the expected fraction suppressed or, if shown, with a
  share flagged as imprecise (its interval wider than the plan's
  ``max_relative_error`` allows): cells that tell a reader nothing. Noise can
  make a cell as likely shown as suppressed, so suppression alone would call
  a table of pure noise half publishable.

The verdict, with the thresholds below:

- ``publishable``: nearly all cells shown: at most :data:`PUBLISHABLE_SUPPRESSED`
  (5 %) expected suppressed and at most :data:`PUBLISHABLE_FLAGGED` (10 %)
  flagged;
- ``not_publishable``: most cells suppressed or too imprecise to read: an
  unusable share above :data:`UNPUBLISHABLE` (50 %);
- ``largest_groups_only``: in between: the largest groups show, some smaller
  ones are suppressed or flagged.

The plan's overall verdict: ``publishable`` when every table is,
``not_publishable`` when more than half the tables are not, otherwise
``largest_groups_only``.

Write-in tables get no verdict: whether an answer shows depends on how many
people give it, not on how many take part.

Every count grows with the number of respondents, and with it every interval
narrows and every chance of suppression falls, so a table's verdict can only
improve as the number grows. :func:`respondents_needed` therefore finds the
smallest number at which a table is publishable by bisection over whole
numbers: at the number it returns the table is publishable, one fewer it is
not. Beyond :data:`MAX_RESPONDENTS` it says only "more than that".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from analysis.plans.dimensions import ANSWERED, NO_ANSWER
from analysis.preview.accuracy import CellPreview, Planned, TablePreview
from instruments.text import DECLINED

PUBLISHABLE_SUPPRESSED = 0.05
PUBLISHABLE_FLAGGED = 0.10
UNPUBLISHABLE = 0.5
MAX_RESPONDENTS = 100_000
"""The search for respondents needed stops here: more than a large city's survey ever reaches."""

NOT_ANSWERS = frozenset({NO_ANSWER, DECLINED, ANSWERED})


class Verdict(StrEnum):
    """Stable identifiers, ordered from best to worst."""

    PUBLISHABLE = "publishable"
    LARGEST_GROUPS_ONLY = "largest_groups_only"
    NOT_PUBLISHABLE = "not_publishable"

    @property
    def rank(self) -> int:
        return list(Verdict).index(self)


@dataclass(frozen=True)
class TableVerdict:
    verdict: Verdict
    suppressed_share: float
    flagged_share: float
    unusable_share: float
    cells: int
    """How many cells the verdict looked at (cells of answers only)."""


def is_answer_cell(cell: CellPreview) -> bool:
    """A cell whose answer and groups are all answers, not "no answer", "prefer not to say" or "answered"."""
    return cell.measure not in NOT_ANSWERS and cell.row not in NOT_ANSWERS and not NOT_ANSWERS & set(cell.by.values())


def table_verdict(table: TablePreview) -> TableVerdict | None:
    """The verdict on one previewed table; None for write-ins (and a table with no cell of answers)."""
    cells = [c for c in table.cells if is_answer_cell(c)]
    if table.kind == "write_ins" or not cells:
        return None
    suppressed = sum(c.p_suppressed for c in cells) / len(cells)
    flagged = sum(c.status != "shown" or c.share_status == "imprecise" for c in cells) / len(cells)
    unusable = sum(1.0 if c.share_status == "imprecise" else c.p_suppressed for c in cells) / len(cells)
    if unusable > UNPUBLISHABLE:
        verdict = Verdict.NOT_PUBLISHABLE
    elif suppressed <= PUBLISHABLE_SUPPRESSED and flagged <= PUBLISHABLE_FLAGGED:
        verdict = Verdict.PUBLISHABLE
    else:
        verdict = Verdict.LARGEST_GROUPS_ONLY
    return TableVerdict(verdict, suppressed, flagged, unusable, len(cells))


def _publishable(planned: Planned, index: int, respondents: int) -> bool:
    found = table_verdict(planned.table(index, respondents))
    return found is not None and found.verdict is Verdict.PUBLISHABLE


def respondents_needed(planned: Planned, index: int) -> int | None:
    """The fewest respondents for which table ``index`` is publishable; None beyond :data:`MAX_RESPONDENTS`.

    Example: ``respondents_needed(Planned(plan, instrument, 0.15), 0)`` → e.g. 236.
    """
    if index not in planned.needed:
        planned.needed[index] = _search(planned, index)
    return planned.needed[index]


def _search(planned: Planned, index: int) -> int | None:
    if not _publishable(planned, index, MAX_RESPONDENTS):
        return None
    low, high = 0, MAX_RESPONDENTS  # not publishable at low (none take part), publishable at high
    while high - low > 1:
        middle = (low + high) // 2
        if _publishable(planned, index, middle):
            high = middle
        else:
            low = middle
    return high


@dataclass(frozen=True)
class PlanVerdict:
    """The overall verdict (see the module), and the respondents that make every table publishable."""

    verdict: Verdict
    tables: tuple[TableVerdict | None, ...]
    needed: tuple[int | None, ...]
    """Per table, :func:`respondents_needed` (None for write-ins and beyond the maximum)."""
    respondents_needed: int | None
    """The most any table needs; None if some table needs more than :data:`MAX_RESPONDENTS`."""
    counts: dict[Verdict, int]


def plan_verdict(planned: Planned, tables: tuple[TablePreview, ...]) -> PlanVerdict:
    """Verdicts on ``tables`` (a preview of ``planned`` at some number of respondents) and respondents needed."""
    verdicts = tuple(table_verdict(t) for t in tables)
    needed = tuple(respondents_needed(planned, i) if v is not None else None for i, v in enumerate(verdicts))
    judged = [v for v in verdicts if v is not None]
    counts = {v: sum(1 for j in judged if j.verdict is v) for v in Verdict}
    if counts[Verdict.PUBLISHABLE] == len(judged):
        overall = Verdict.PUBLISHABLE
    elif counts[Verdict.NOT_PUBLISHABLE] > len(judged) / 2:
        overall = Verdict.NOT_PUBLISHABLE
    else:
        overall = Verdict.LARGEST_GROUPS_ONLY
    beyond = any(v is not None and n is None for v, n in zip(verdicts, needed, strict=True))
    most = max((n for n in needed if n is not None), default=None)
    return PlanVerdict(overall, verdicts, needed, None if beyond else most, counts)
