"""How the attacker reads a release, and how wide a suppressed cell's range must stay.

Protection follows the sliding protection level of τ-Argus and sdcTable: the
interval a reader can work out for a suppressed cell from published figures
must be at least this wide. The upper and lower levels of those tools are
measured from the cell's true value, which a stored release no longer holds,
so the audit of a stored release can check only the width.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from kernel.errors import EqSurveyError

FLOAT_SLACK = 1e-6
"""Identities between stored floats hold to rounding error; counts are far above it and far below a person."""


@dataclass(frozen=True)
class Reading:
    """How precisely the attacker takes the published numbers: as stored, or only to the digits printed."""

    count_digits: int | None
    """Digits after the point counts and bases are trusted to; None: the stored floats, exactly."""
    share_digits: int | None
    """The same for shares as fractions (a percentage with one decimal is 3)."""

    @classmethod
    def exact(cls) -> Reading:
        """Every stored digit: a reader of the JSON or CSV export."""
        return cls(None, None)

    @classmethod
    def printed(cls) -> Reading:
        """As the reports print them: whole counts, percentages with one decimal."""
        return cls(0, 3)

    def count(self, value: float) -> tuple[float, float]:
        return _interval(value, self.count_digits)

    def share(self, value: float) -> tuple[float, float]:
        return _interval(value, self.share_digits)

    @property
    def name(self) -> str:
        return "exact" if self.count_digits is None and self.share_digits is None else "printed"


def _interval(value: float, digits: int | None) -> tuple[float, float]:
    if digits is None:
        return value - FLOAT_SLACK, value + FLOAT_SLACK
    half = 0.5 * 10.0**-digits
    shown = round(value, digits)
    # Either rounding of a tie lands inside the half unit, so the slack covers both conventions.
    return shown - half - FLOAT_SLACK, shown + half + FLOAT_SLACK


@dataclass(frozen=True)
class Protection:
    """A suppressed cell is disclosed when its implied interval is narrower than ``width`` respondents."""

    width: float

    def __post_init__(self) -> None:
        if not math.isfinite(self.width) or self.width < 0:
            raise EqSurveyError.single(
                "protection-width",
                f"a protection range of {self.width} respondents is not a width",
                "give a finite number of respondents, zero or more",
            )

    @classmethod
    def of_threshold(cls, suppress_below: float) -> Protection:
        """The default: a hidden cell must stay as uncertain as the threshold that hid it (0 … suppress_below)."""
        return cls(float(suppress_below))

    def discloses(self, low: float, high: float) -> bool:
        return high - low < self.width


@contextmanager
def quiet() -> Iterator[None]:
    """Silence file descriptor 1 while HiGHS starts: it prints its banner there before any option can stop it,
    and eqsurvey's standard output carries results (a release's id) that scripts read."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
