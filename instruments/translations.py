"""Missing translations: every text a language of the instrument lacks, as the validator finds them.

The validator (:mod:`instruments.checks`) reports a missing text in the default
language as an error and a missing translation as a warning, so an instrument
being translated still loads; this module picks those warnings out and counts
them per language, for ``eqsurvey instrument translations`` and the console.
"""

from __future__ import annotations

import re

from instruments.loader import LoadedInstrument
from kernel.errors import Problem

#: The validator's codes for a text missing in a language, or given in one the instrument does not list.
CODES = ("missing-translation", "undeclared-language")
_LANG = re.compile(r"in '([^']+)'$")


def missing_translations(loaded: LoadedInstrument) -> list[Problem]:
    """The loaded instrument's missing translations (and texts in undeclared languages), in file order."""
    return [w for w in loaded.warnings if w.code in CODES]


def missing_language(problem: Problem) -> str | None:
    """The language a missing-translation problem is about."""
    found = _LANG.search(problem.problem) if problem.code == "missing-translation" else None
    return found.group(1) if found else None


def missing_per_language(loaded: LoadedInstrument) -> dict[str, int]:
    """How many texts each of the instrument's languages lacks (0 for a complete one)."""
    counts = dict.fromkeys(loaded.instrument.languages, 0)
    for problem in missing_translations(loaded):
        lang = missing_language(problem)
        if lang in counts:
            counts[lang] += 1
    return counts
