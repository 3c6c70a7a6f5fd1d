"""Screening free text for personal data and redacting it.

People write more than asked: "my neighbour Herr Yilmaz at Lindenstraße 12
said …". Before free text enters the analysis dataset, e-mail addresses,
phone numbers, IBANs, web addresses, postal addresses and names from an
optional list are replaced by a marker such as ``[E-MAIL]``; the counts per
kind let the analysts report what was removed. When in doubt, redact: a
wrongly removed year costs little, a missed phone number identifies someone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
# An IBAN: country, check digits, 11–30 letters/digits, possibly in groups of four.
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b", re.IGNORECASE)
# A phone number: optional +country or leading 0, then digits in groups; seven digits at least.
_PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\d[\d ()/.-]{5,}\d(?!\w)")
_STREET = re.compile(
    r"\b[\wÄÖÜäöüß.-]*(?:stra(?:ß|ss)e|str\.|weg|platz|allee|gasse|ring|damm|ufer|chaussee|street|road|avenue)"
    r"\s+\d+\s?[a-zA-Z]?\b",
    re.IGNORECASE,
)
_POSTCODE_CITY = re.compile(r"\b\d{5}\s+[A-ZÄÖÜ][\wäöüß-]+")

MARKERS = {
    "email": "[E-MAIL]",
    "url": "[URL]",
    "iban": "[IBAN]",
    "phone": "[PHONE]",
    "address": "[ADDRESS]",
    "name": "[NAME]",
}


def _iban_valid(candidate: str) -> bool:
    compact = candidate.replace(" ", "").upper()
    if not 15 <= len(compact) <= 34:
        return False
    rearranged = compact[4:] + compact[:4]
    digits = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(digits) % 97 == 1


@dataclass(frozen=True)
class Redacted:
    text: str
    counts: Counter[str] = field(default_factory=Counter)


class Redactor:
    """Redacts one text at a time; ``names`` are people's names to remove as whole words."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        cleaned = sorted({n.strip() for n in names if len(n.strip()) >= 2}, key=len, reverse=True)
        self.names = tuple(cleaned)
        self._names = (
            re.compile(r"\b(?:" + "|".join(map(re.escape, cleaned)) + r")\b", re.IGNORECASE) if cleaned else None
        )

    def redact(self, text: str) -> Redacted:
        counts: Counter[str] = Counter()

        def replace(kind: str, pattern: re.Pattern[str], value: str, check: object = None) -> str:
            def sub(match: re.Match[str]) -> str:
                if callable(check) and not check(match.group()):
                    return match.group()
                counts[kind] += 1
                return MARKERS[kind]

            return pattern.sub(sub, value)

        # Order matters: e-mail and web addresses contain what looks like names and numbers.
        text = replace("email", _EMAIL, text)
        text = replace("url", _URL, text)
        text = replace("iban", _IBAN, text, _iban_valid)
        text = replace("address", _STREET, text)
        text = replace("address", _POSTCODE_CITY, text)
        text = replace("phone", _PHONE, text, lambda s: sum(ch.isdigit() for ch in s) >= 7)
        if self._names is not None:
            text = replace("name", self._names, text)
        return Redacted(text, counts)
