"""Population-weighted pooled shares: each town's published share weighted by the town's population.

The default pooled share is of the summed counts: every respondent weighs the
same, so a town where many took part weighs more than its population would
(:mod:`.combine`). Given the towns' populations (a small CSV with its source,
:func:`read_populations`), a pooled share is instead Σ Wₕ pₕ, Wₕ = Nₕ / Σ N,
the towns' published shares weighted by their populations, the estimate of the
region's share where each town counts as many times as it has residents. Its
variance is Σ Wₕ² seₕ², each town's standard error read from its published
interval (Wilson's, noise and sampling), and its interval Wilson's at the
effective sample size p(1 − p) / V (:func:`analysis.calibration.estimates.share_interval`).

Only published shares go in, so such a share is post-processing of what every
town shows. A cell whose share some town does not show keeps its pooled count
and shows no share: the town's hidden figures would enter it with a weight the
sums do not have, a second equation beside the pooled count that could separate
two towns' hidden cells.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from analysis.calibration.estimates import share_interval
from analysis.intervals import Z95
from analysis.plans.model import Publication
from analysis.pooling.sources import Contribution
from analysis.releases.cells import PublishedCell, ShareStatus
from analysis.releases.tables import PublishedTable
from analysis.suppression import imprecise
from kernel.errors import EqSurveyError, Location, Problem
from kernel.files import read_text

MAX_BYTES = 1_000_000
_FIX = "write a comment line naming the source, then: release,population (one row per pooled release)"
_SHARE_KEYS = ("share", "share_low", "share_high", "share_status", "share_unclamped", "share_coverage")
_RATIO_KEYS = ("reference", "ratio", "ratio_low", "ratio_high")


@dataclass(frozen=True)
class Populations:
    """Each pooled release's town population, and where the figures come from."""

    source: str
    by_release: Mapping[str, float]

    def weights(self, releases: Sequence[str]) -> list[float]:
        total = sum(self.by_release[r] for r in releases)
        return [self.by_release[r] / total for r in releases]


def read_populations(path: Path, releases: Sequence[str]) -> Populations:
    """The file's populations for ``releases``; a user error naming the file and line for every problem."""
    # Excel's "CSV UTF-8" starts with a byte-order mark, which would hide the header.
    text = read_text(path, EqSurveyError, MAX_BYTES, "give the towns' populations as a small CSV file").removeprefix(
        "\ufeff"
    )
    where = str(path)
    numbered = list(enumerate(text.splitlines(), 1))
    source = " ".join(line.lstrip("#").strip() for _, line in numbered if line.startswith("#")).strip()
    lines = [(n, line) for n, line in numbered if line.strip() and not line.startswith("#")]
    problems: list[Problem] = []
    if not source:
        problems.append(Problem("pool-populations", Location(where), "the file does not name its source", _FIX))
    if not lines or [h.strip() for h in next(csv.reader([lines[0][1]]))] != ["release", "population"]:
        first = lines[0][0] if lines else None
        problems.append(Problem("pool-populations", Location(where, first), "no header 'release,population'", _FIX))
        raise EqSurveyError(problems)
    found: dict[str, float] = {}
    for number, line in lines[1:]:
        values = [v.strip() for v in next(csv.reader(io.StringIO(line)), [])]
        place = Location(where, number)
        if len(values) != 2:
            problems.append(Problem("pool-populations", place, f"{len(values)} fields, the header has 2", _FIX))
            continue
        release, count = values
        number_value = _count(count)
        if number_value is None:
            fix = "give the town's number of residents, a number above 0 without thousands separators"
            problems.append(Problem("pool-populations", place, f"population {count!r} is not a number of people", fix))
        elif release not in releases:
            problems.append(
                Problem(
                    "pool-populations", place, f"release {release!r} is not in the pool", "name pooled releases only"
                )
            )
        elif release in found:
            problems.append(Problem("pool-populations", place, f"release {release} is listed twice", "list it once"))
        else:
            found[release] = number_value
    missing = [r for r in releases if r not in found and not any(r in p.problem for p in problems)]
    if missing:
        fix = "add a row for each: release,population"
        problems.append(Problem("pool-populations", Location(where), f"no population for {', '.join(missing)}", fix))
    if problems:
        raise EqSurveyError(problems)
    return Populations(source, found)


def _count(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and value > 0 else None


def weighted_shares(
    tables: Sequence[PublishedTable],
    contributions: Sequence[Contribution],
    weights: Sequence[float],
    rules: Publication,
) -> tuple[PublishedTable, ...]:
    """The pooled count tables with each share replaced by the population-weighted one (see the module)."""
    out = []
    for table in tables:
        towns = [c.release.table(table.id) for c in contributions]
        by_place = [{cell.place: cell for cell in t.cells} if t is not None else {} for t in towns]
        cells = tuple(_cell(cell, [b.get(cell.place) for b in by_place], weights, rules) for cell in table.cells)
        out.append(table.model_copy(update={"cells": cells}))
    return tuple(out)


def withheld(before: Sequence[PublishedTable], after: Sequence[PublishedTable]) -> tuple[str, ...]:
    """The tables in which some shown cell had a share by respondents and has none weighted by population."""
    return tuple(
        b.id
        for b, a in zip(before, after, strict=True)
        if any(x.share is not None and y.share is None for x, y in zip(b.cells, a.cells, strict=True))
    )


def _cell(
    pooled: PublishedCell, towns: list[PublishedCell | None], weights: Sequence[float], rules: Publication
) -> PublishedCell:
    if pooled.suppressed or pooled.share is None:
        return pooled
    shares = [t.share_shown if t is not None and not t.suppressed else None for t in towns]
    fields = pooled.model_dump(exclude_none=True)
    for key in _SHARE_KEYS + _RATIO_KEYS:
        fields.pop(key, None)
    if all(s is not None for s in shares):
        p = sum(w * s.value for w, s in zip(weights, shares, strict=True) if s is not None)
        variance = sum((w * (s.high - s.low) / (2 * Z95)) ** 2 for w, s in zip(weights, shares, strict=True) if s)
        low, high = share_interval(p, variance)
        rough = imprecise(p, low, high, rules)
        fields |= {
            "share": p,
            "share_low": low,
            "share_high": high,
            "share_status": ShareStatus.IMPRECISE if rough else ShareStatus.SHOWN,
        }
        if pooled.reference is not None:
            ref = pooled.reference
            fields |= {"reference": ref, "ratio": p / ref, "ratio_low": low / ref, "ratio_high": high / ref}
    return PublishedCell.model_validate(fields)
