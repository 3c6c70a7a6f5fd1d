"""Draft translations: which languages of an instrument still await a check, and who checked the others.

A language is a *draft* when the instrument or a library module it uses marks
its translation ``status: draft`` (see :mod:`instruments.translation_status`)
and no check of it has been recorded for the instrument's present content. A
check is recorded with ``eqsurvey instrument translations --review LANG --by
ORG`` as a review record with a ``language`` (:mod:`instruments.review`),
against the content hash: any later change of the instrument needs a new check.
Languages no one marks are the authors' own (``original``), e.g. German and
English in the library.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from instruments.model import Instrument
from instruments.review import Review
from instruments.translation_status import TranslationStatus

Standing = Literal["original", "draft", "reviewed"]


@dataclass(frozen=True)
class LanguageStatus:
    """Where one language of an instrument stands."""

    lang: str
    standing: Standing
    drafts: tuple[str, ...]
    """The parts whose translation is marked draft in the files, e.g. ``module gender_identity@1``."""
    checked_by: tuple[str, ...]
    """Who checked it: named in the files, or recorded for this content."""
    earlier_by: tuple[str, ...]
    """Who checked it for earlier content only: their check does not carry over."""


def _parts(instrument: Instrument, lang: str) -> list[tuple[str, TranslationStatus]]:
    found = []
    own = (instrument.translations or {}).get(lang)
    if own is not None:
        found.append(("the instrument", own))
    for module in instrument.modules:
        status = (module.translations or {}).get(lang)
        if status is not None:
            found.append((f"module {module.id}@{module.version.split('.', maxsplit=1)[0]}", status))
    return found


def language_statuses(instrument: Instrument, reviews: Iterable[Review] = ()) -> dict[str, LanguageStatus]:
    """Every language of the instrument, in its order, with its standing."""
    digest = instrument.content_hash()
    checks = [r for r in reviews if r.instrument_id == instrument.id and r.language and r.decision == "approve"]
    result = {}
    for lang in instrument.languages:
        parts = _parts(instrument, lang)
        now = sorted({r.by for r in checks if r.language == lang and r.content_hash == digest})
        before = sorted({r.by for r in checks if r.language == lang and r.content_hash != digest} - set(now))
        drafts = tuple(name for name, status in parts if status.status == "draft")
        in_files = {status.by for _, status in parts if status.status == "reviewed" and status.by}
        standing: Standing
        if not parts:
            standing = "original"
        elif drafts and not now:
            standing = "draft"
        else:
            standing = "reviewed"
        result[lang] = LanguageStatus(lang, standing, drafts, tuple(sorted(in_files | set(now))), tuple(before))
    return result


def draft_languages(instrument: Instrument, reviews: Iterable[Review] = ()) -> frozenset[str]:
    """The languages whose translation still awaits a check (the form says so on its welcome page)."""
    return frozenset(s.lang for s in language_statuses(instrument, reviews).values() if s.standing == "draft")
