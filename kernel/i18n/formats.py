"""Numbers, percentages and dates as a language writes them, from CLDR through Babel.

Any language tag works (:func:`.languages.babel_locale`): ``de`` writes 1.234,5 and 12,3 %,
``en`` 1,234.5 and 12.3%, ``fr`` 1 234,5 and 12,3 %. A value that rounds to zero is written
without a sign, so a tiny negative share never shows as "-0,0 %".

:class:`NumberFormat` is one language's formatter: its locale and its number and percent
patterns (one per number of decimals) are parsed once per object, and each value is written by
Babel's :meth:`~babel.numbers.NumberPattern.apply`. Code that writes many numbers (a report, a
printable questionnaire) holds one; the functions here build one per call, for a single value.
:func:`list_separator` is what a language puts between the items of a list (CLDR's list patterns).
"""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from typing import Literal

from babel import dates
from babel.numbers import NumberPattern

from kernel.i18n.languages import babel_locale

_REMEMBERED = 4096  # texts a NumberFormat keeps: a few hundred kilobytes at most

# The first digit of the numbering systems CLDR names as some language's default (Babel carries their
# symbols, not their digits); a language whose default is another system writes with 0–9 and its symbols.
_ZEROS = {"arab": 0x0660, "arabext": 0x06F0, "beng": 0x09E6, "deva": 0x0966, "mymr": 0x1040}

#: A value to write: a float, or an exact :class:`~decimal.Decimal` (already rounded, say).
Number = float | Decimal


def _unsigned_zero(value: Number, digits: int) -> Number:
    return 0.0 if round(value, digits) == 0 else value


def _with_decimals(pattern: NumberPattern, digits: int) -> NumberPattern:
    # The language's own pattern keeps its grouping (Hindi groups 10,00,000); only the decimals change.
    fixed = copy.copy(pattern)
    fixed.frac_prec = (digits, digits)
    return fixed


class NumberFormat:
    """Numbers and percentages as the language of ``tag`` writes them, its patterns parsed once.

    ``numbering`` is the CLDR numbering system of the digits and symbols: ``latn`` (0–9, the default:
    what a form's number field takes) or ``default``, the one CLDR names as the language's own
    (Persian writes ۱۲٫۵٪ with its own digits; Arabic, in CLDR, with 0–9).
    """

    def __init__(self, tag: str, numbering: Literal["latn", "default"] = "latn") -> None:
        self.tag = tag
        self.locale = babel_locale(tag)
        own = self.locale.default_numbering_system if numbering == "default" else "latn"
        self.numbering = own if own in _ZEROS else "latn"
        zero = _ZEROS.get(self.numbering)
        self._digits = str.maketrans("0123456789", "".join(chr(zero + i) for i in range(10))) if zero else None
        symbols = self.locale.number_symbols.get(self.numbering) or self.locale.number_symbols["latn"]
        self._number = self.locale.decimal_formats[None]
        self._percent = self.locale.percent_formats[None]
        # Filled as numbers of decimals are asked for; a benign race fills a key twice with equal patterns.
        self._patterns: dict[tuple[bool, int], NumberPattern] = {}
        # What this object has written, by (percent, decimals, kind, value): a report repeats its shares and
        # counts many times (0.0 % to 100.0 % are 1,001 texts). Bounded; emptied when full.
        self._written: dict[tuple[bool, int, bool, Number], str] = {}
        self.minus_sign: str = str(symbols["minusSign"])
        """The sign CLDR puts before a negative number in this language (a hyphen in most)."""
        sign = str(symbols["percentSign"])
        prefix, suffix = self._percent.prefix, self._percent.suffix
        self.percent_affixes: tuple[tuple[str, str], tuple[str, str]] = (
            (prefix[0].replace("%", sign), prefix[1].replace("%", sign)),
            (suffix[0].replace("%", sign), suffix[1].replace("%", sign)),
        )
        """The percent pattern's prefixes and suffixes, each (positive, negative), with the language's percent
        sign: German's suffix is a no-break space and ``%`` for both, its prefix nothing or ``-``; Persian's
        suffix is ``٪``."""

    def _native(self, written: str) -> str:
        return str(written) if self._digits is None else str(written).translate(self._digits)

    def digits(self, text: str) -> str:
        """``text`` with 0–9 written in this numbering system's digits (a date Babel wrote with 0–9, say)."""
        return self._native(text)

    def _pattern(self, percent: bool, digits: int) -> NumberPattern:
        found = self._patterns.get((percent, digits))
        if found is None:
            found = self._patterns[percent, digits] = _with_decimals(self._percent if percent else self._number, digits)
        return found

    def _write(self, percent: bool, digits: int, value: Number) -> str:
        # A float and a Decimal may be equal yet round differently (Babel reads a float by its shortest
        # form, 2.675, a Decimal by its digits, 2.67499…), so the kind of value is part of the key.
        key = (percent, digits, isinstance(value, Decimal), value)
        found = self._written.get(key)
        if found is None:
            if len(self._written) >= _REMEMBERED:
                self._written.clear()
            shown = _unsigned_zero(value, digits + 2 if percent else digits)
            pattern = self._pattern(percent, digits)
            found = self._written[key] = self._native(
                pattern.apply(shown, self.locale, numbering_system=self.numbering)
            )
        return found

    def decimal(self, value: Number, digits: int = 2) -> str:
        """A number with exactly ``digits`` decimals and the language's grouping: ``1.234,50`` in German."""
        return self._write(False, digits, value)

    def integer(self, value: Number) -> str:
        """A whole number with the language's grouping: ``12.345`` in German, ``12,345`` in English."""
        return self.decimal(value, 0)

    def plain(self, value: Number) -> str:
        """A number as a sentence about a form writes it: its own decimals, no grouping (1500, 0,25 in German).

        For bounds and values in questions and conditions ("a number from 0 to 1500"): people type
        them into a number field, where a group separator would be read as a decimal sign or refused.
        """
        return self._native(self._number.apply(0 if value == 0 else value, self.locale, decimal_quantization=False,
                                               group_separator=False, numbering_system=self.numbering))  # fmt: skip

    def percent(self, share: Number, digits: int = 1) -> str:
        """A share (0.123 for 12.3 %) in the language's percent pattern, with ``digits`` decimals."""
        return self._write(True, digits, share)


def format_decimal(value: float, tag: str, digits: int = 2) -> str:
    """A number with exactly ``digits`` decimals and the language's grouping: ``1.234,50`` in German."""
    return NumberFormat(tag).decimal(value, digits)


def format_integer(value: float, tag: str) -> str:
    """A whole number with the language's grouping: ``12.345`` in German, ``12,345`` in English."""
    return NumberFormat(tag).integer(value)


def format_percent(share: float, tag: str, digits: int = 1) -> str:
    """A share (0.123 for 12.3 %) in the language's percent pattern, with ``digits`` decimals."""
    return NumberFormat(tag).percent(share, digits)


def format_date(day: dt.date, tag: str, length: Literal["full", "long", "medium", "short"] = "long") -> str:
    """A date in the language's words: ``6. Dezember 2026`` in German, ``December 6, 2026`` in English."""
    return dates.format_date(day, format=length, locale=babel_locale(tag))


def list_separator(tag: str, style: Literal["standard", "or"] = "standard") -> str:
    """What stands between two items inside a list in a language (CLDR), the last pair aside.

    ``", "`` in English and German, ``"، "`` in Persian, ``" و"`` in Arabic (which joins every item with
    "and"); ``style="or"`` for a list of alternatives (Arabic ``" أو "``).
    """
    pattern: str = babel_locale(tag).list_patterns[style]["middle"]
    return pattern.replace("{0}", "", 1).replace("{1}", "", 1)
