"""The state shared while a LimeSurvey survey is imported, for :mod:`.limesurvey_questions`.

:class:`LsContext` knows the survey's languages (LimeSurvey code → eqsurvey
tag), turns LimeSurvey's HTML texts into complete eqsurvey texts (always
with the default language), hands out unique question ids and option codes
by the naming rule (``to_identifier`` / ``to_code`` of LimeSurvey's codes),
remembers what each Expression Manager variable name means, holds the
conditions waiting to be translated (:class:`Pending`), and collects the
notes, each with the line of the file and the question.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from instruments.expressions import syntax as ex
from instruments.identifiers import to_code, unused_identifier
from instruments.importing import brief
from instruments.limesurvey.expressions import Var
from instruments.limesurvey.reading import LsCondition, LsQuestion
from instruments.limesurvey.text import placeholders, plain_text
from instruments.text import DECLINED, MAX_TEXT
from kernel.errors import Location, Problem
from kernel.i18n import SOURCE_LANGUAGE, Catalogues, Msg, base_language

__all__ = ["LsContext", "Pending"]

CATALOGUES = Catalogues("instruments.limesurvey")

# eqsurvey's labels for LimeSurvey's fixed answers, by LimeSurvey's code, in English; translations
# in instruments/limesurvey/locales.
_WORDS: dict[str, Msg] = {
    "Y": Msg("yes", "Yes"),
    "N": Msg("no", "No"),
    "U": Msg("uncertain", "Uncertain"),
    "F": Msg("female", "Female"),
    "M": Msg("male", "Male"),
    "I": Msg("increase", "Increase"),
    "S": Msg("same", "Same"),
    "D": Msg("decrease", "Decrease"),
    "other": Msg("other", "Other"),
}


def _word(msg: Msg, tag: str) -> str | None:
    """The label in a language that has it (its own or its base language's catalogue, or English)."""
    if CATALOGUES.resolve(tag) == SOURCE_LANGUAGE and base_language(tag) != SOURCE_LANGUAGE:
        return None
    return CATALOGUES.translator(tag).text(msg)


#: Attributes whose non-empty, non-default value changes what respondents are asked; noted when dropped.
_NOTED = {
    "em_validation_q": "a validation equation",
    "em_validation_sq": "a subquestion validation equation",
    "min_answers": "a minimum number of answers",
    "equals_num_value": "a required total",
    "min_num_value": "a minimum total",
    "max_num_value": "a maximum total",
    "random_order": "a random order",
    "time_limit": "a time limit",
}


@dataclass
class Pending:
    """A condition to attach once every question is known: EM texts and ready-made nodes, joined by 'and'."""

    owner: dict[str, Any]
    parts: list[str | ex.Node]
    line: int
    question: str | None
    #: Rows of LimeSurvey's conditions table for the owner's question (they take the place of its relevance).
    conditions: list[LsCondition] = field(default_factory=list)


@dataclass
class LsContext:
    """Languages, ids taken, EM names, conditions waiting and notes: what every question needs."""

    source: str
    tags: dict[str, str]  # LimeSurvey language code → eqsurvey tag
    default: str
    notes: list[Problem] = field(default_factory=list)
    used: set[str] = field(default_factory=set)
    names: dict[str, Var] = field(default_factory=dict)
    pending: list[Pending] = field(default_factory=list)
    lines: dict[int, int] = field(default_factory=dict)
    #: LimeSurvey code of a multiple choice question → (question id, LimeSurvey option code → eqsurvey code).
    filters: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict)
    #: Questions whose placeholders were already noted.
    piped: set[str] = field(default_factory=set)
    #: The conditions table by the qid of the question it governs.
    conditions: dict[str, list[LsCondition]] = field(default_factory=dict)

    @property
    def ls_default(self) -> str:
        """The LimeSurvey code of the default language."""
        return next((c for c, t in self.tags.items() if t == self.default), self.default)

    @property
    def langs(self) -> list[str]:
        return list(dict.fromkeys(self.tags.values()))

    def note(self, code: str, line: int | None, problem: str, fix: str, question: str | None = None) -> None:
        found = Problem(code, Location(file=self.source, line=line or None, question=question), problem, fix, "warning")
        if found not in self.notes:
            self.notes.append(found)

    def text(
        self, raw: dict[str, str], what: str, fallback: str, line: int, qid: str | None, *, optional: bool = False
    ) -> dict[str, str]:
        """Plain text per eqsurvey tag, with the default language; ``{}`` for an optional text that is empty."""
        found: dict[str, str] = {}
        for code, html in raw.items():
            tag = self.tags.get(code)
            value = plain_text(html)
            if tag is None or not value:
                continue
            if len(value) > MAX_TEXT:
                value = value[: MAX_TEXT - 1] + "…"
                self.note(
                    "long-text", line, f"the {tag} text of {what} was cut to {MAX_TEXT} characters", "shorten it", qid
                )
            found[tag] = value
            shown = placeholders(value)
            if shown and qid and qid not in self.piped:
                self.piped.add(qid)
                self.note(
                    "piping",
                    line,
                    f"the text of '{qid}' uses Expression Manager placeholders ({brief(', '.join(shown), 80)}); "
                    "eqsurvey shows them as written",
                    "reword the text without them",
                    qid,
                )
        if optional and not found:
            return {}
        if not found.get(self.default):
            other = next(iter(found.values()), None)
            self.note(
                "missing-text",
                line,
                f"{what} has no text in '{self.default}'; used "
                + ("another language's text" if other else f"'{fallback}'"),
                f"add the {self.default} text in LimeSurvey and export again",
                qid,
            )
            found[self.default] = other or fallback
        return {tag: found[tag] for tag in self.langs if tag in found}

    def words(self, key: str) -> dict[str, str]:
        """eqsurvey's own label for a fixed LimeSurvey answer (yes, female …) in every language it knows."""
        msg = _WORDS.get(key)
        found = {t: _word(msg, t) if msg else None for t in self.langs}
        found[self.default] = found.get(self.default) or (msg.text if msg else key)
        return {t: v for t, v in found.items() if v}

    def identifier(self, name: str, line: int, what: str = "question") -> str:
        new, base = unused_identifier(name, self.used)
        if new != base or base != name.lower():
            self.note(
                "renamed",
                line,
                f"the {what} code '{name}' "
                + ("is taken" if new != base else "is not a valid eqsurvey id")
                + f"; it is now '{new}'",
                "conditions, exports and response imports use the new id; rename it in LimeSurvey to keep them apart",
                new,
            )
        return new

    def codes(self, items: list[tuple[str, int]], qid: str, what: str) -> list[str]:
        """eqsurvey codes for LimeSurvey codes (with their lines): ``to_code``, made unique."""
        taken: set[str] = set()
        out = []
        for name, line in items:
            code, n = to_code(name), 2
            while code in taken or code == DECLINED:
                code = f"{to_code(name)[:60]}_{n}"
                n += 1
            taken.add(code)
            out.append(code)
            if code != name:
                self.note(
                    "renamed", line, f"{what} code '{name}' of '{qid}' is now '{code}'", "rename it in LimeSurvey", qid
                )
        return out

    def wait(
        self,
        owner: dict[str, Any],
        parts: list[str | ex.Node],
        line: int,
        question: str | None,
        conditions: list[LsCondition] | None = None,
    ) -> None:
        if parts or conditions:
            self.lines[id(owner)] = line
            self.pending.append(Pending(owner, parts, line, question, conditions or []))

    def own_condition(self, q: LsQuestion) -> tuple[list[str | ex.Node], list[LsCondition]]:
        """A question's relevance, or its rows of the conditions table, which LimeSurvey turns into it."""
        rows = self.conditions.get(q.qid, [])
        if rows:
            return [], rows
        return ([q.relevance] if q.relevance not in ("", "1") else []), []

    def dropped_attributes(self, q: LsQuestion, qid: str) -> None:
        for name, what in _NOTED.items():
            value = q.attributes.get(name, "").strip()
            if value and value not in ("0", "N"):
                self.note(
                    "dropped-attribute",
                    q.line,
                    f"'{qid}': {what} ({name} = {brief(value, 60)!r}) was not imported",
                    "eqsurvey has no equivalent; check it by hand",
                    qid,
                )
        if q.attributes.get("hidden", "").strip() == "1":
            self.note(
                "hidden",
                q.line,
                f"'{qid}' is hidden in LimeSurvey (prefilled or computed); it is an ordinary question here",
                "leave it out if respondents should not see it",
                qid,
            )
