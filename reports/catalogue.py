"""Message catalogues (``messages/<lang>.yaml``) and numbers written the way each language writes them.

Every sentence of a report that is not a label from the instrument comes from a
catalogue. A report may be asked for in any language of its instrument; where
eqsurvey has no catalogue for it, the catalogue of its base language or else
English is used, and :attr:`Catalogue.part` gives the ``lang``/``dir``
attributes that mark such text as being in another language (WCAG 3.1.2).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

import yaml

from instruments.text import is_rtl
from kernel.errors import InternalError

#: Languages eqsurvey has report wording for.
LANGUAGES = ("de", "en")
_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat |= _flatten(value, name + ".")
        else:
            flat[name] = value
    return flat


@cache
def load_messages(lang: str) -> dict[str, Any]:
    """The catalogue of one of :data:`LANGUAGES`, flattened to dotted keys (``summary.heading``)."""
    if lang not in LANGUAGES:
        raise InternalError(f"no report catalogue for '{lang}'")
    text = resources.files("reports").joinpath("messages", f"{lang}.yaml").read_text(encoding="utf-8")
    return _flatten(yaml.safe_load(text))


def catalogue_language(lang: str) -> str:
    """The language a report in ``lang`` has its wording in: ``lang``, its base language, or English."""
    base = lang.split("-", maxsplit=1)[0]
    return lang if lang in LANGUAGES else base if base in LANGUAGES else "en"


@dataclass(frozen=True)
class Numbers:
    """Numbers as the catalogue's language writes them: 12,3 % and 1.234 in German, 12.3% and 1,234 in English."""

    decimal: str
    group: str
    percent: str
    """A pattern with ``{}`` for the number, e.g. ``{} %`` (with a no-break space) or ``{}%``."""

    def _fixed(self, value: float, digits: int) -> str:
        text = f"{abs(value):,.{digits}f}".replace(",", "\0").replace(".", self.decimal).replace("\0", self.group)
        negative = value < 0 and text.strip("0" + self.decimal + self.group) != ""
        return ("−" if negative else "") + text

    def count(self, value: float) -> str:
        """A noisy count as a whole number."""
        return self._fixed(round(value), 0)

    def count_range(self, low: float, high: float) -> str:
        return f"{self.count(low)}–{self.count(high)}"

    def share(self, value: float) -> str:
        return self.percent.format(self._fixed(100 * value, 1))

    def share_range(self, low: float, high: float) -> str:
        return self.percent.format(f"{self._fixed(100 * low, 1)}–{self._fixed(100 * high, 1)}")

    def points(self, value: float) -> str:
        """A difference of two shares, in percentage points."""
        return self._fixed(100 * value, 1)

    def decimal_number(self, value: float, digits: int = 2) -> str:
        return self._fixed(value, digits)

    def decimal_range(self, low: float, high: float, digits: int = 2) -> str:
        return f"{self._fixed(low, digits)}–{self._fixed(high, digits)}"

    def whole_percent(self, value: float) -> str:
        """A percentage (given as 0–100) rounded to a whole number: axis ticks, rules."""
        return self.percent.format(self._fixed(value, 0))

    def significant(self, value: float, digits: int = 3) -> str:
        """ρ, ε, σ: a few significant digits; tiny or huge numbers as a power of ten (1,0 × 10⁻⁶)."""
        if value == 0 or not math.isfinite(value):
            return self._fixed(value, 0) if value == 0 else str(value)
        exponent = math.floor(math.log10(abs(value)))
        if -3 <= exponent < 6:
            places = max(digits - 1 - exponent, 0)
            return self._fixed(value, places)
        mantissa = value / 10**exponent
        return f"{self._fixed(mantissa, 1)} × 10{str(exponent).translate(_SUPERSCRIPT)}"

    def exp(self, power: float) -> str:
        """e to ``power`` (ε's factor e^ε), two significant digits; a power of ten where a float would overflow."""
        tens = power / math.log(10)
        if tens < 300:  # far below a float's limit of about 10³⁰⁸
            return self.significant(math.exp(power), 2)
        exponent = math.floor(tens)
        return f"{self._fixed(10 ** (tens - exponent), 1)} × 10{str(exponent).translate(_SUPERSCRIPT)}"


class Catalogue:
    """The wording of a report in one language, with its number conventions."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.source = catalogue_language(lang)
        self.messages = load_messages(self.source)
        self.numbers = Numbers(
            decimal=str(self.messages["numbers.decimal"]),
            group=str(self.messages["numbers.group"]),
            percent=str(self.messages["numbers.percent"]),
        )
        self.dir = "rtl" if is_rtl(lang) else "ltr"
        self.part: dict[str, str] = {} if self.source == lang else {"lang": self.source, "dir": "ltr"}
        """Attributes for elements holding catalogue text, when it is not in the page's language."""

    def __call__(self, key: str, **values: object) -> str:
        try:
            text = self.messages[key]
        except KeyError:
            raise InternalError(f"report message '{key}' is missing from the {self.source} catalogue") from None
        return str(text).format(**values) if values else str(text)

    def date(self, iso: str) -> str:
        """A date (ISO 8601, with or without time) as the language writes it: 22. November 2026."""
        when = datetime.fromisoformat(iso)
        months = self.messages["dates.months"]
        return str(self.messages["dates.pattern"]).format(day=when.day, month=months[when.month - 1], year=when.year)
