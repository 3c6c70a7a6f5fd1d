"""The instrument: metadata, sections, questions, derived variables, modules used.

This is the validated, fully resolved form: ``use:`` references to library
modules have already been replaced by the module's questions (see
:mod:`.loader`), and the modules used are listed in ``modules``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from instruments.option_defaults import DECLINED_LABEL, declined_label, text_in
from instruments.questions import AnalysisRole, Question, Strict
from instruments.text import Code, Identifier, LangTag, LocalText, Slug
from instruments.translation_status import Translations

# Build metadata (``+fcv1``) is part of SemVer 2.0: it keeps an imported form's own version distinct.
_SEMVER_RE = re.compile(
    r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?"
)


def is_semver(value: str) -> bool:
    return _SEMVER_RE.fullmatch(value) is not None


def _check_semver(value: str) -> str:
    if not is_semver(value):
        raise PydanticCustomError(
            "eqsurvey",
            "'{value}' is not a semantic version",
            {"value": value, "fix": "write MAJOR.MINOR.PATCH, e.g. 1.0.0 (quote it in YAML: '1.0.0')"},
        )
    return value


SemVer = Annotated[str, AfterValidator(_check_semver)]

#: Bounds of a stated time estimate: under a minute says nothing, over four hours is no survey to answer online.
MAX_MINUTES = 240


def _check_minutes(value: int) -> int:
    if not 1 <= value <= MAX_MINUTES:
        raise PydanticCustomError(
            "eqsurvey",
            "estimated_minutes is {value}, outside 1 to {most}",
            {
                "value": value,
                "most": MAX_MINUTES,
                "fix": "give the time most respondents need in whole minutes, e.g. 15, or leave it out: "
                "eqsurvey then estimates it from the questions",
            },
        )
    return value


Minutes = Annotated[int, AfterValidator(_check_minutes)]

#: Optional keys added after instruments were first approved: left out of the content hash while unset,
#: so an approval given before they existed still holds.
_LATER_OPTIONAL = ("source_version", "estimated_minutes", "rights")


class Source(Strict):
    """Where a module's questions come from."""

    citation: str
    url: str | None = None
    notes: str | None = None


class ModuleInfo(Strict):
    """A library module used by the instrument (filled in by the loader from ``use:``)."""

    id: Identifier
    version: SemVer
    title: LocalText
    source: Source
    locked: bool = False
    questions: list[Identifier] = Field(default_factory=list)
    derived: list[Identifier] = Field(default_factory=list)
    translations: Translations | None = Field(
        default=None,
        description="The module's draft or reviewed translations, for the instrument's languages (from the library).",
    )


class Section(Strict):
    id: Identifier
    title: LocalText
    intro: LocalText | None = None
    relevant: str | None = None
    questions: list[Question] = Field(min_length=1)


class Case(Strict):
    """One group of a categorical derived variable; the first case whose condition holds wins."""

    code: Code
    label: LocalText
    when: str


class BooleanDerived(Strict):
    id: Identifier
    type: Literal["boolean"]
    label: LocalText
    description: LocalText | None = None
    when: str
    role: AnalysisRole = "breakdown"


class CategoricalDerived(Strict):
    id: Identifier
    type: Literal["categorical"]
    label: LocalText
    description: LocalText | None = None
    cases: list[Case] = Field(min_length=1)
    role: AnalysisRole = "breakdown"


Derived = Annotated[BooleanDerived | CategoricalDerived, Field(discriminator="type")]


class Instrument(Strict):
    """A questionnaire: everything later stages need to collect, store and analyse answers."""

    id: Slug
    version: SemVer
    source_version: str | None = Field(
        default=None,
        max_length=200,
        description="The form's own version on the platform it was imported from (KoboToolbox's version id, "
        "XLSForm settings `version`), exactly as given there; Kobo submissions naming it are stored under this version.",
    )
    title: LocalText
    languages: list[LangTag] = Field(min_length=1)
    default_language: LangTag
    purpose: LocalText
    controller: LocalText
    legal_basis: LocalText = Field(
        description="The legal basis, stated neutrally (e.g. 'Consent of the respondents under Art. 9(2)(a) GDPR'): "
        "reports and documents print it as it is, so it does not address respondents.",
    )
    rights: LocalText | None = Field(
        default=None,
        description="What respondents can do, addressed to them (withdraw consent, access, erasure, complaint): "
        "shown on the form beside the legal basis, never in reports.",
    )
    retention: LocalText
    contact: LocalText
    estimated_minutes: Minutes | None = Field(
        default=None,
        description="How long answering takes, in minutes, shown on the welcome page; "
        "without it eqsurvey estimates it from the questions.",
    )
    prefer_not_to_say_label: LocalText | None = Field(
        default=None,
        description="Your own wording of 'prefer not to say' (e.g. for a language eqsurvey has no wording for).",
    )
    sections: list[Section] = Field(min_length=1)
    derived: list[Derived] = Field(default_factory=list)
    modules: list[ModuleInfo] = Field(default_factory=list)
    translations: Translations | None = Field(
        default=None,
        description="Per language: whether the instrument's own translation is a draft awaiting review "
        "by a qualified translator or community partner, or who checked it.",
    )

    @model_validator(mode="after")
    def _languages_consistent(self) -> Instrument:
        if len(set(self.languages)) != len(self.languages):
            raise PydanticCustomError(
                "eqsurvey", "a language is listed twice in languages", {"fix": "list each language once"}
            )
        if self.default_language not in self.languages:
            raise PydanticCustomError(
                "eqsurvey",
                "default_language '{lang}' is not in languages",
                {"lang": self.default_language, "fix": "add it to languages or pick one that is listed"},
            )
        unlisted = sorted(set(self.translations or {}) - set(self.languages))
        if unlisted:
            raise PydanticCustomError(
                "eqsurvey",
                "translations names {langs}, which languages does not list",
                {"langs": ", ".join(unlisted), "fix": "add the language to languages or remove its entry"},
            )
        return self

    def declined_label(self, lang: str) -> str:
        """The wording of "prefer not to say" in ``lang``: the instrument's own, else eqsurvey's, else English."""
        own = (self.prefer_not_to_say_label or {}).get(lang)
        return own or declined_label(lang) or text_in(DECLINED_LABEL, "en")

    def questions(self) -> Iterator[Question]:
        for section in self.sections:
            yield from section.questions

    # Plain properties, not cached: model_copy(update=…) would carry a stale cache along.
    @property
    def question_map(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions()}

    @property
    def derived_map(self) -> dict[str, BooleanDerived | CategoricalDerived]:
        return {d.id: d for d in self.derived}

    def section_of(self, question_id: str) -> Section:
        for section in self.sections:
            if any(q.id == question_id for q in section.questions):
                return section
        raise KeyError(question_id)

    def content_hash(self) -> str:
        """SHA-256 of the canonical JSON of the resolved instrument: what reviewers approve."""
        # Translation status is review metadata, not content: marking a language checked changes no wording.
        exclude: dict[str, Any] = {key: True for key in _LATER_OPTIONAL if getattr(self, key) is None}
        exclude |= {"translations": True, "modules": {"__all__": {"translations"}}}
        canonical = json.dumps(
            self.model_dump(mode="json", exclude=exclude), sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
