"""Checks of wording that ends up in reports: labels without form instructions, a neutral legal basis.

Reports print the labels of questions, options and rows, and the legal basis, as they
stand in the instrument. A label that carries an instruction for the form ("(please
describe below)") or a legal basis that speaks to respondents ("You can withdraw …")
reads wrongly there; the instruction belongs in the question's hint, what respondents
can do in ``rights``. These checks warn the author; they look for the usual words of
German and English and cannot understand every sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from instruments.model import Instrument
from instruments.questions import Matrix, MultiChoice, Scale, SingleChoice

# Words that turn a parenthesis into an instruction to the person filling in the form.
_INSTRUCTION_WORDS = (
    r"bitte|gerne|gern|please|you may|describe|beschreiben|below|unten|above|oben|tick|ankreuzen|kreuzen|"
    r"write|schreiben|eintragen|specify|angeben"
)
_PARENTHESISED = re.compile(rf"\([^()]*\b(?:{_INSTRUCTION_WORDS})\b[^()]*\)", re.IGNORECASE)
# An imperative sentence of its own inside a label, e.g. "… ? Please write the language here."
# (A question's label may itself begin with "Please …": that is the question, not an instruction about it.)
_IMPERATIVE = re.compile(r"(?<=[.?!:]\s)\s*(?:Bitte|Please)\b[^.?!]*[.?!]?")

# Second person, as a neutral statement would not use it: formal German ("Ihr…", "Ihnen", a capitalised
# "Sie" inside a sentence or before a verb that speaks to the reader), informal German and English.
_ADDRESS = {
    "de": re.compile(
        r"\b(?:Ihr(?:e|er|em|en|es)?|Ihnen|du|dich|dir|dein\w*|euch|euer\w*)\b"
        r"|(?<=[\w,;)–-]\s)Sie\b|\bSie\s+(?:können|haben|dürfen|müssen|entscheiden|erhalten|werden)\b"
    ),
    "en": re.compile(r"\b(?:you|your|yours|yourself)\b", re.IGNORECASE),
}


def instruction_in(text: str) -> str | None:
    """The part of a label that instructs the person filling in the form, if any."""
    found = _PARENTHESISED.search(text) or _IMPERATIVE.search(text)
    return found.group(0).strip() if found else None


def addressed_words(text: str, lang: str) -> list[str]:
    """Words by which ``text`` (in ``lang``) speaks to its reader: none in a neutral statement."""
    pattern = _ADDRESS.get(lang.split("-", maxsplit=1)[0])
    return [m.group(0) for m in pattern.finditer(text)] if pattern else []


def labels(instrument: Instrument) -> Iterator[tuple[tuple[str | int, ...], dict[str, str]]]:
    """Every label a report may print, with its path in the instrument."""
    for si, s in enumerate(instrument.sections):
        for qi, q in enumerate(s.questions):
            base: tuple[str | int, ...] = ("sections", si, "questions", qi)
            yield (*base, "label"), q.label
            if isinstance(q, (SingleChoice, MultiChoice, Matrix)):
                for oi, o in enumerate(q.options):
                    yield (*base, "options", oi, "label"), o.label
            if isinstance(q, Matrix):
                for ri, r in enumerate(q.rows):
                    yield (*base, "rows", ri, "label"), r.label
            if isinstance(q, Scale):
                for pi, p in enumerate(q.points):
                    yield (*base, "points", pi, "label"), p.label
