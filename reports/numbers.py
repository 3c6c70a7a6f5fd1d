"""The numbers of a report as a language writes them, from CLDR through Babel.

:class:`Numbers` knows the kinds of number a report shows (noisy counts, shares, their
intervals, differences in percentage points, privacy parameters) and writes each with the
separators, grouping and percent pattern CLDR gives the language: 12,3 % and 1.234 in German,
12.3% and 1,234 in English, 12,3 % and 1 234 in French, %12,3 in Turkish. Any language tag
works (:func:`kernel.i18n.babel_locale`); the language's patterns are parsed once per object
(:class:`kernel.i18n.NumberFormat`), not once per number.

The digits are those of the language's default numbering system in CLDR: 0–9 for almost every
language (Arabic included: CLDR's ``ar`` writes 12.3‎%‎ with 0–9), Persian's own ۰–۹ with its
separators (۱۲٫۳٪, ۱٬۲۳۴), as Persian publications write them.

Two choices are the report's own, not CLDR's: a negative number takes the true minus sign
(U+2212, which screen readers say as "minus" and which never breaks from its digits) where
CLDR gives a hyphen, and a power of ten is written with "×" (1,0 × 10⁻⁶); Unicode has
superscripts of 0–9 only, so a language with digits of its own writes the power as CLDR's
exponent sign gives it (۱٫۰×۱۰^−۶ in Persian).
Rounding is of the exact value of the float, half to even, as Python's own formatting rounds.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, Context, Decimal

from kernel.i18n import NumberFormat

_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_EXACT = Context(prec=80)  # room for every digit of a float's exact value
MINUS = "−"
_QUANTA = tuple(Decimal(1).scaleb(-digits) for digits in range(8))


def _rounded(value: float | Decimal, digits: int) -> Decimal:
    """``value`` rounded to ``digits`` decimals from its exact binary value (as ``f"{value:.2f}"`` rounds).

    Babel reads a float through its shortest decimal form, so 2.675 (really 2.67499…) would round
    up there; rounding first keeps every report figure as it was. The rounded value goes to Babel
    as the exact decimal it is.
    """
    quantum = _QUANTA[digits] if digits < len(_QUANTA) else Decimal(1).scaleb(-digits)
    return Decimal(value).quantize(quantum, rounding=ROUND_HALF_EVEN, context=_EXACT)


class Numbers:
    """Numbers as the language of ``tag`` writes them (``en``, ``de``, ``fr``, ``de-AT`` …)."""

    def __init__(self, tag: str) -> None:
        self.tag = tag
        self._format = NumberFormat(tag, numbering="default")
        self._percent = self._format.percent_affixes
        self._minus = self._format.minus_sign
        self.own_digits = self._format.numbering != "latn"
        """Whether the language writes numbers with digits of its own (Persian ۰–۹), not 0–9."""

    def _fixed(self, value: float | Decimal, digits: int) -> str:
        if not math.isfinite(value):
            return str(value)
        # Babel writes the pattern's hyphen for some languages where CLDR's symbol is another sign (Arabic's
        # is a left-to-right mark and a hyphen): either becomes the one minus.
        return self._format.decimal(_rounded(value, digits), digits).replace(self._minus, MINUS).replace("-", MINUS)

    def _in_percent(self, number: str, negative: bool = False) -> str:
        prefix, suffix = self._percent
        return prefix[negative].replace("-", MINUS) + number + suffix[negative].replace("-", MINUS)

    def _percent_of(self, value: float, digits: int) -> str:
        """A number given as 0–100 in the percent pattern, the sign where the pattern puts it."""
        rounded = _rounded(value, digits)
        return self._in_percent(self._fixed(abs(rounded), digits), negative=rounded < 0)

    def digits(self, text: str) -> str:
        """``text`` (a date, a number written elsewhere) with the language's own digits where it has them."""
        return self._format.digits(text)

    def count(self, value: float) -> str:
        """A noisy count as a whole number."""
        return self._fixed(round(value), 0)

    def count_range(self, low: float, high: float) -> str:
        return f"{self.count(low)}–{self.count(high)}"

    def share(self, value: float) -> str:
        """A share (0.123) as a percentage with one decimal (12.3%)."""
        return self._percent_of(100 * value, 1)

    def share_range(self, low: float, high: float) -> str:
        """An interval of shares in one percent pattern: 6.5–13.3%."""
        return self._in_percent(f"{self._fixed(100 * low, 1)}–{self._fixed(100 * high, 1)}")

    def points(self, value: float) -> str:
        """A difference of two shares, in percentage points."""
        return self._fixed(100 * value, 1)

    def decimal_number(self, value: float, digits: int = 2) -> str:
        return self._fixed(value, digits)

    def decimal_range(self, low: float, high: float, digits: int = 2) -> str:
        return f"{self._fixed(low, digits)}–{self._fixed(high, digits)}"

    def whole_percent(self, value: float) -> str:
        """A percentage (given as 0–100) rounded to a whole number: axis ticks, rules."""
        return self._percent_of(value, 0)

    def significant(self, value: float, digits: int = 3) -> str:
        """ρ, ε, σ: a few significant digits; tiny or huge numbers as a power of ten (1.0 × 10⁻⁶)."""
        if value == 0 or not math.isfinite(value):
            return self._fixed(value, 0)
        exponent = math.floor(math.log10(abs(value)))
        if -3 <= exponent < 6:
            return self._fixed(value, max(digits - 1 - exponent, 0))
        return self._power(value / 10**exponent, exponent)

    def exp(self, power: float) -> str:
        """e to ``power`` (ε's factor e^ε), two significant digits; a power of ten where a float would overflow."""
        tens = power / math.log(10)
        if tens < 300:  # far below a float's limit of about 10³⁰⁸
            return self.significant(math.exp(power), 2)
        exponent = math.floor(tens)
        return self._power(10 ** (tens - exponent), exponent)

    def _power(self, mantissa: float, exponent: int) -> str:
        if self._format.numbering == "latn":
            return f"{self._fixed(mantissa, 1)} × 10{str(exponent).translate(_SUPERSCRIPT)}"
        times_ten = str(self._format.locale.number_symbols[self._format.numbering]["exponential"])
        power = self._format.integer(abs(exponent))
        return f"{self._fixed(mantissa, 1)}{times_ten}{MINUS if exponent < 0 else ''}{power}"
