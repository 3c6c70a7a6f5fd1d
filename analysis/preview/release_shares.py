"""Group shares from a pilot's release: the published noisy counts of an earlier (or a pilot) survey.

A pilot that went through eqsurvey has a release file (``eqsurvey release show
ID --json``), with noisy counts only. Reading shares from them is
post-processing of DP outputs: it spends no budget and sees no response.
Per variable:

- a variable that breaks a table down alone (``by: [v]``) gets each group's
  share of everyone in the table: the sum of the group's published counts
  over the table's total;
- a table without breakdown (a single choice, or a representation table)
  gives its measure's shares the same way.

Everyone is the largest total of a table without breakdown (its cells are
everyone's answers, "no answer" included), else the table's own total. Of the
tables that give a variable, the one showing most of its groups wins (the
first of those): one table's secondary suppression may hide a whole group that
another table shows. A suppressed cell has no count
(fewer than the release's ``suppress_below``, or hidden to protect another):
it is taken as 0, which makes its group look smaller than it was (the
planner then asks for more respondents: the safe side); a group all of whose
cells are suppressed is left out, so that its share is what the others leave
(the pilot file's own rule). When every group keeps some published cell but the
suppressed ones make the groups add up to less than everyone, "no answer" is
left out so that it takes what is missing (the groups again look smaller). A
breakdown by a multiple choice gives its options' shares (ticked by, of
everyone) and its status groups'; everyone is then the sum of the status
groups, as options overlap, and an option whose noisy count passes the noisy
"answered" is capped at it. A multiple choice measure is left out (its options are no parts of one
whole), and so is a matrix. Noisy counts below zero are published as 0, and
so taken. The result is checked as a pilot file is
(:func:`analysis.preview.pilot.parse_pilot`): it names the release file on any problem.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict

from analysis.plans.dimensions import ANSWERED, NO_ANSWER, Dimension
from analysis.preview.pilot import TOLERANCE, Pilot, answered_share, category_shares, parse_pilot, variables
from analysis.releases.cells import CellStatus
from analysis.releases.model import Release
from analysis.releases.tables import PublishedTable
from instruments.dataset import dataset_schema
from instruments.model import Instrument


def release_shares(release: Release, instrument: Instrument, source: str) -> Pilot:
    """Per variable, the shares of its categories that ``release``'s noisy counts show (see the module)."""
    known = variables(dataset_schema(instrument))
    found: dict[str, dict[str, float]] = {}
    single = [t for t in release.tables if _whole(t) and not t.by]
    everyone = max((sum(_published(t).values()) for t in single), default=0.0)
    for table in release.tables:
        if table.kind not in ("counts", "representation") or len(table.by) > 1:
            continue
        variable = table.by[0] if table.by else table.measure
        if not table.by and not _whole(table):
            continue
        dims = known.get(variable)
        shares = _shares(table, everyone, dims[0] if dims else None)
        # The table that shows most of the variable's groups: secondary suppression may hide a whole large group
        # in one table (its share then left to what the others leave) that another shows.
        if shares and len(shares) > len(found.get(variable, {})):
            found[variable] = shares
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["variable", "category", "share"])
    for variable, shares in found.items():
        fitted = _fitted(known[variable][0], shares) if variable in known else shares
        writer.writerows([variable, code, repr(share)] for code, share in fitted.items())
    return parse_pilot(out.getvalue(), source, instrument)


def _whole(table: PublishedTable) -> bool:
    """Whether the table's cells are parts of one whole (no multiple choice, whose options overlap)."""
    return table.kind in ("counts", "representation") and all(c.measure != ANSWERED for c in table.cells)


def _published(table: PublishedTable) -> dict[str, float]:
    """Per group (or answer, without breakdown), the sum of its published counts."""
    sums: dict[str, float] = defaultdict(float)
    for cell in table.cells:
        code = next(iter(cell.by.values())) if table.by else cell.measure
        if code is not None and cell.status is not CellStatus.SUPPRESSED and cell.n is not None:
            sums[code] += float(cell.n)
    return dict(sums)


def _shares(table: PublishedTable, everyone: float, dim: Dimension | None) -> dict[str, float]:
    """Each group's (or answer's) share of everyone: of the largest total a table without breakdown shows,
    else of the table's own (secondary suppression may hide whole groups of a breakdown): the sum of the groups
    everyone is in one of (a multiple choice's options overlap)."""
    sums = _published(table)
    whole = {dim.categories[i] for i in dim.partition} if dim is not None else set(sums)
    total = max(sum(v for code, v in sums.items() if code in whole), everyone)
    if total <= 0:
        return {}
    return {code: value / total for code, value in sums.items()}


def _fitted(dim: Dimension, shares: dict[str, float]) -> dict[str, float]:
    """The shares made a pilot's: what suppression hides goes to "no answer", no option above "answered"."""
    parts = [dim.categories[i] for i in dim.partition]
    if all(c in shares for c in parts) and sum(shares[c] for c in parts) < 1 - TOLERANCE:
        shares = {c: v for c, v in shares.items() if c != NO_ANSWER}
    if dim.multi:
        answered = answered_share(dim, category_shares(dim, shares))
        options = {dim.categories[i] for i in dim.substantive}
        shares = {c: min(v, answered) if c in options else v for c, v in shares.items()}
    return shares
