"""Applying the instrument's coarsening policies to answers as the dataset is opened.

The sealed answer keeps its full precision; only the opened dataset holds the
band or group. See :mod:`instruments.coarsening` for the policies.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

from instruments.coarsening import normalise
from instruments.dataset import coarse_categories
from instruments.questions import Number, Question, SingleChoice, Text
from instruments.text import DECLINED
from kernel.errors import InternalError

Coarsener = Callable[[object], str | None]


def coarsener(q: Question) -> Coarsener:
    """A function from one answer to its band or group code (None stays None, declined stays declined)."""
    policy = getattr(q, "coarsen", None)
    if policy is None:
        raise InternalError(f"question {q.id} has no coarsening policy")
    if isinstance(q, Number):
        bands = policy.band_codes(q.min, q.max, q.integer)
        uppers = [upper for _, upper, _ in bands[:-1]]
        codes: list[str] = [code for _, _, code in bands]

        def band(value: object) -> str | None:
            if value is None or value == DECLINED:
                return None if value is None else DECLINED
            # bisect_right: a value equal to a cut point opens the next band.
            position: int = bisect.bisect_right(uppers, float(value))  # type: ignore[arg-type]
            return codes[position]

        return band
    if not isinstance(q, (SingleChoice, Text)):
        raise InternalError(f"no coarsening for question type {q.type}")
    exact: dict[str, str] = {}
    prefixes: list[tuple[str, str]] = []
    for g in policy.groups or []:
        for v in g.values:
            key = normalise(v) if isinstance(q, Text) else v
            if isinstance(q, Text) and key.endswith("*"):
                prefixes.append((key[:-1], g.code))
            else:
                exact[key] = g.code
    # The longest prefix wins, so "1011*" can carve a district out of "101*".
    prefixes.sort(key=lambda p: len(p[0]), reverse=True)
    other = policy.other
    known = frozenset(coarse_categories(q))

    def group(value: object) -> str | None:
        if value is None or value == DECLINED:
            return None if value is None else DECLINED
        key = normalise(str(value)) if isinstance(q, Text) else str(value)
        found = exact.get(key)
        if found is None:
            found = next((code for prefix, code in prefixes if key.startswith(prefix)), other)
        if found not in known:
            raise InternalError(f"coarsening of {q.id} produced {found!r}, not one of its categories")
        return found

    return group
