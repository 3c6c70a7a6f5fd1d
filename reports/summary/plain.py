"""Figures in plain words for the summary: "about 1 in 4", whole percentages, ranges that never narrow.

The summary rounds what the annex gives to one decimal: a share to a whole
percentage, a mean to one decimal. A range is rounded outwards (its lower end
down, its upper end up), so the rounded range always holds the published one
and rounding never makes a figure look more certain than it is.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

from instruments.questions import Scale
from kernel.i18n import Msg
from reports.catalogue import Catalogue
from reports.labels import Labels

#: The fractions a share between 1 in 10 and 9 in 10 is said as: 1 in 2, 1 in 3, 2 in 3, 1 in 4, …, 9 in 10.
SIMPLE = tuple(sorted({Fraction(a, b) for b in (2, 3, 4, 5, 6, 10) for a in range(1, b)}))
NEARLY_ALL = (Fraction(9, 10), Fraction(19, 20), Fraction(49, 50), Fraction(99, 100))
"""Above 9 in 10, the share is said as the nearest of these (not as "18 in 19")."""
SIMPLER = 0.004
"""How much closer (per step of denominator) a less simple fraction must be to be chosen: 27 % is "1 in 4",
not "3 in 10"; 10 % is "1 in 10", not "1 in 6"."""


def fraction(share: float) -> tuple[int, int] | None:
    """The share as "a in b" people, or None below 1 in 100 or above 99 in 100 (said as "fewer/more than")."""
    if share < 0.01 or share > 0.99:
        return None
    if share < 0.1:  # 1 in 10 or fewer: one in so many
        return 1, round(1 / share)
    if share > 0.9:
        near = min(NEARLY_ALL, key=lambda f: abs(share - f))
        return near.numerator, near.denominator
    found = min(SIMPLE, key=lambda f: abs(share - f) + SIMPLER * f.denominator)
    return found.numerator, found.denominator


def share_words(share: float, t: Catalogue) -> str:
    """ "about 1 in 4", "fewer than 1 in 100", "more than 99 in 100" in the catalogue's language."""
    found = fraction(share)
    if found is None:
        return t(
            Msg("digest.fewer", "fewer than 1 in 100") if share < 0.01 else Msg("digest.more", "more than 99 in 100")
        )
    return t(Msg("digest.about", "about {part}"), part=t(Msg("digest.fraction", "{a} in {b}"), a=found[0], b=found[1]))


def percent(share: float, t: Catalogue) -> str:
    """A share as a whole percentage: 25 % / 25%."""
    return t.numbers.whole_percent(round(100 * share))


def percent_range(low: float, high: float, t: Catalogue) -> tuple[str, str]:
    """The ends of a share's range as whole percentages, rounded outwards (never narrower than published)."""
    # A hair of tolerance: 0.29 is stored as 0.28999999999999998, which must stay 29, not become 28.
    down = math.floor(100 * low + 1e-9)
    up = math.ceil(100 * high - 1e-9)
    return t.numbers.whole_percent(max(down, 0)), t.numbers.whole_percent(min(up, 100))


def decimal(value: float, t: Catalogue) -> str:
    return t.numbers.decimal_number(value, 1)


def decimal_range(low: float, high: float, t: Catalogue) -> tuple[str, str]:
    """The ends of a mean's range to one decimal, rounded outwards."""
    return (
        t.numbers.decimal_number(math.floor(10 * low + 1e-9) / 10, 1),
        t.numbers.decimal_number(math.ceil(10 * high - 1e-9) / 10, 1),
    )


def _end(scale: Scale, value: int, labels: Labels) -> str:
    """A scale point's label without the number the questionnaire put before it ("1 – not at all" → "not at all")."""
    point = next(p for p in scale.points if p.value == value)
    text = str(labels.text(point.label)).strip()
    bare = re.sub(rf"^\s*{value}\s*(?:[–—=:.)-]\s*)?", "", text) if text.startswith(str(value)) else text
    return bare or text


def scale_ends(scale: Scale, labels: Labels) -> dict[str, object]:
    """The scale's lowest and highest point with their labels: ``low``, ``low_label``, ``high``, ``high_label``."""
    low, high = scale.bounds
    return {"low": low, "low_label": _end(scale, low, labels), "high": high, "high_label": _end(scale, high, labels)}
