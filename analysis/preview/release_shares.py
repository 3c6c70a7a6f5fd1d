"""Group shares from a pilot's release: the published noisy counts of an earlier (or a pilot) survey.

A pilot that went through eqsurvey has a release file (``eqsurvey release show
ID --json``), with noisy counts only. Reading shares from them is
post-processing of DP outputs: it spends no budget and sees no response.

Every table shows a lower bound of each group's size (the sum of its
published cells: a suppressed cell has no count, a mean's group counts only
those who gave a value) and of everyone's (the sum of the cells each
respondent is in exactly one of). Tables that give a variable's groups are
those broken down by it alone (``by: [v]``), and those without breakdown whose
measure it is (a single choice, a representation table). Per group, the
largest of its tables' bounds is taken, and its share is that of the largest
number of respondents any table shows, so that one table's secondary
suppression, which may hide its largest cell, costs little. Suppressed cells
thus make groups look smaller than they were (the planner then asks for more
respondents: the safe side).

A group no table shows is left out, so that it shares what the others leave
(the pilot file's own rule); when every group is shown but they add up to less
than everyone, "no answer" is left out to take what is missing. A breakdown
by a multiple choice gives its options' shares (ticked by, of everyone) and
its status groups'; an option whose noisy count passes the noisy "answered"
is capped at it. A multiple choice measure is left out (its options are no
parts of one whole), and so is a matrix. Noisy counts below zero are published
as 0, and so taken. The result is checked as a pilot file is
(:func:`analysis.preview.pilot.parse_pilot`): it names the release file on any
problem.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict

from analysis.plans.dimensions import NO_ANSWER, Dimension
from analysis.preview.pilot import TOLERANCE, Pilot, PilotError, answered_share, category_shares, parse_pilot, variables
from analysis.releases.cells import CellStatus
from analysis.releases.model import Release
from analysis.releases.tables import PublishedTable
from instruments.dataset import dataset_schema
from instruments.model import Instrument
from kernel.errors import Location, Problem


def release_shares(release: Release, instrument: Instrument, source: str) -> Pilot:
    """Per variable, the shares of its categories that ``release``'s noisy counts show (see the module)."""
    known = {n: dims[0] for n, dims in variables(dataset_schema(instrument)).items() if len(dims) == 1}
    everyone = 0.0
    sizes: dict[str, dict[str, float]] = {}
    for table in release.tables:
        names = _names(table)
        if names is None:
            continue
        unknown = [n for n in names if n not in known]
        if unknown:
            raise PilotError([_foreign(table, unknown[0], source)])
        groups, total = _counted(table, names, {n: known[n] for n in names})
        everyone = max(everyone, total)
        if groups is not None:
            variable, counted = groups
            seen = sizes.setdefault(variable, {})
            for code, size in counted.items():
                seen[code] = max(seen.get(code, 0.0), size)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["variable", "category", "share"])
    for variable, seen in sizes.items():
        dim = known[variable]
        parts = {dim.categories[i] for i in dim.partition}
        whole = max(everyone, sum(v for c, v in seen.items() if c in parts))
        if whole > 0:
            shares = {code: size / whole for code, size in seen.items()}
            if set(shares) <= set(dim.categories):  # else the check names the category no instrument's
                shares = _fitted(dim, shares)
            writer.writerows([variable, code, repr(share)] for code, share in shares.items())
    return parse_pilot(out.getvalue(), source, instrument)


def _foreign(table: PublishedTable, name: str, source: str) -> Problem:
    return Problem(
        "pilot-variable",
        Location(source),
        f"the release's table '{table.id}' counts '{name}', which is no question or derived variable of this"
        " instrument that sorts respondents into groups",
        "give the release file of a survey made with this instrument (eqsurvey release show ID --json)",
    )


def _names(table: PublishedTable) -> list[str] | None:
    """The variables the table's cells are in: its breakdown's and a counted measure's (None: no groups)."""
    if table.kind == "mean":
        return list(table.by)
    if table.kind in ("counts", "representation"):
        return [*table.by, str(table.measure)]
    return None


def _counted(
    table: PublishedTable, names: list[str], dims: dict[str, Dimension]
) -> tuple[tuple[str, dict[str, float]] | None, float]:
    """The groups' sizes the table shows (of its one breakdown, or of a whole measure without one), and everyone.

    Only cells each respondent is in exactly one of count (a multiple choice's status groups, not its options),
    except that a multiple choice breakdown's options are sized too: each by those who ticked it."""
    parts = {n: {d.categories[i] for i in d.partition} for n, d in dims.items()}
    measured = table.kind != "mean"
    if len(table.by) == 1:
        variable: str | None = table.by[0]
    elif not table.by and measured and not dims[names[-1]].multi:
        variable = names[-1]
    else:
        variable = None
    total = 0.0
    sizes: dict[str, float] = defaultdict(float)
    for cell in table.cells:
        if cell.status is CellStatus.SUPPRESSED or cell.n is None:
            continue
        where = {**cell.by, **({names[-1]: cell.measure} if measured else {})}
        if all(where.get(n) in parts[n] for n in names):
            total += float(cell.n)
        if variable is not None and all(where.get(n) in parts[n] for n in names if n != variable):
            sizes[str(where.get(variable))] += float(cell.n)
    return ((variable, dict(sizes)) if variable is not None else None), total


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
