"""Stored answers holding codes the instrument does not have: the refusal that says so.

Answers are checked against the version they were collected under, so such a
code means the instrument changed without a new version (or the store was
written by another instrument). Turning it into a missing answer or an
unticked option would lose it without a trace, so the export names it,
counts it and stops.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from instruments.dataset import Column
from kernel.errors import Location, Problem

_STRAY_FIX = (
    "restore the option in the instrument (answers were checked against the version they were given under); or "
    "give the changed instrument a new version, keep the earlier one and map its answers "
    "(`eqsurvey instrument versions draft`)"
)


def ticked_problem(qid: str, stray: Counter[str]) -> Problem:
    return Problem(
        "dataset-stray-codes",
        Location(question=qid),
        f"{sum(stray.values())} stored tick(s) of option(s) the instrument no longer has, under its own version: "
        + ", ".join(f"{code} ({n})" for code, n in sorted(stray.items())[:5]),
        _STRAY_FIX,
    )


def stray_problem(c: Column, stray: Counter[Any]) -> Problem:
    return Problem(
        "dataset-stray-codes",
        Location(question=c.source, field=c.name),
        f"{sum(stray.values())} stored answer(s) use code(s) the instrument no longer has: "
        + ", ".join(sorted(map(str, stray))[:5]),
        _STRAY_FIX,
    )
