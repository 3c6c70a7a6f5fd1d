"""Numbers, percentages and dates as a language writes them, from CLDR through Babel.

Any language tag works (:func:`.languages.babel_locale`): ``de`` writes 1.234,5 and 12,3 %,
``en`` 1,234.5 and 12.3%, ``fr`` 1 234,5 and 12,3 %. A value that rounds to zero is written
without a sign, so a tiny negative share never shows as "-0,0 %".
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Literal

from babel import dates, numbers

from kernel.i18n.languages import babel_locale


def _unsigned_zero(value: float, digits: int) -> float:
    return 0.0 if round(value, digits) == 0 else value


def _with_decimals(pattern: numbers.NumberPattern, digits: int) -> numbers.NumberPattern:
    # The language's own pattern keeps its grouping (Hindi groups 10,00,000); only the decimals change.
    fixed = copy.copy(pattern)
    fixed.frac_prec = (digits, digits)
    return fixed


def format_decimal(value: float, tag: str, digits: int = 2) -> str:
    """A number with exactly ``digits`` decimals and the language's grouping: ``1.234,50`` in German."""
    locale = babel_locale(tag)
    return str(_with_decimals(locale.decimal_formats[None], digits).apply(_unsigned_zero(value, digits), locale))


def format_integer(value: float, tag: str) -> str:
    """A whole number with the language's grouping: ``12.345`` in German, ``12,345`` in English."""
    return format_decimal(value, tag, digits=0)


def format_percent(share: float, tag: str, digits: int = 1) -> str:
    """A share (0.123 for 12.3 %) in the language's percent pattern, with ``digits`` decimals."""
    locale = babel_locale(tag)
    return str(_with_decimals(locale.percent_formats[None], digits).apply(_unsigned_zero(share, digits + 2), locale))


def format_date(day: dt.date, tag: str, length: Literal["full", "long", "medium", "short"] = "long") -> str:
    """A date in the language's words: ``6. Dezember 2026`` in German, ``December 6, 2026`` in English."""
    return dates.format_date(day, format=length, locale=babel_locale(tag))
