"""The stamp every document carries: which instrument and which project state it was made from.

It is one line without commas or quotes (so it survives a PDF's keywords, a DOCX's core
properties and an HTML ``meta`` unchanged), e.g.
``eqsurvey-document/1;kind=record;lang=de;instrument=musterstadt-2026;version=1.0.0;content=…;state=…``.
``content`` is the instrument's content hash, ``state`` the hash of the project state the
document was made from (config, instrument, plan, reviews, public keys: never a secret, never
a response); ``eqsurvey documents check`` compares it with the project's state now.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PREFIX = "eqsurvey-document/1"
_FIELDS = ("kind", "lang", "instrument", "version", "content", "state")
_VALUE = re.compile(r"[A-Za-z0-9._+@-]{1,200}")


@dataclass(frozen=True)
class Stamp:
    kind: str
    lang: str
    instrument: str
    version: str
    content: str
    state: str

    def __post_init__(self) -> None:
        for name in _FIELDS:
            if not _VALUE.fullmatch(getattr(self, name)):
                raise ValueError(f"stamp field {name} = {getattr(self, name)!r} cannot be written into a stamp")

    def text(self) -> str:
        return ";".join([PREFIX, *(f"{name}={getattr(self, name)}" for name in _FIELDS)])

    @staticmethod
    def parse(text: str) -> Stamp | None:
        """The stamp in ``text`` (anywhere in it: a keywords list may hold others), or None."""
        start = text.find(PREFIX)
        if start < 0:
            return None
        parts = re.split(r"[;\s,]+", text[start + len(PREFIX) :].lstrip(";"))
        values = dict(part.split("=", 1) for part in parts if "=" in part)
        try:
            return Stamp(**{name: values[name] for name in _FIELDS})
        except (KeyError, ValueError):
            return None
