"""Importing a LimeSurvey survey structure as an eqsurvey instrument, with notes.

:func:`import_survey` takes the structure as :mod:`.limesurvey_read` gives it
(from an ``.lss``, the ``.lss`` in an ``.lsa`` archive, or the tab-separated
export read by :mod:`.limesurvey_tsv`), maps the survey's languages to BCP 47 tags
(:func:`.limesurvey_text.language_tag`), its groups to sections in order and
its questions with :class:`.limesurvey_questions.Builder`, then translates
skip logic: the ``conditions`` table where a question has rows in it
(:mod:`.limesurvey_conditions`), else its relevance equation, and group and
subquestion relevance and array filters (:mod:`.limesurvey_expressions`). It
validates the result through :func:`.import_common.validate_repairing`, the
same path the XLSForm import takes, so a condition that does not fit is
dropped with a note. A question whose condition was not carried, whole, is
asked of everyone, so a ``required`` on it (or on the questions of a group,
or on the matrix of a row, whose condition was lost) is taken off, with a
note: LimeSurvey never required it of those it skipped.

LimeSurvey says nothing of what eqsurvey must tell respondents (purpose,
controller, legal basis, retention, contact) nor of privacy classes; those
get placeholders and a note. The survey description and welcome text open
the first section; the end text, quotas, assessments and other tables are
noted. Every note names the line of the ``<row>`` in the file and the question.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from instruments.expressions import syntax as ex
from instruments.identifiers import to_identifier
from instruments.importing import PLACEHOLDER, ImportResult, brief, validate_repairing
from instruments.limesurvey.conditions import SgqaNames, translate_conditions
from instruments.limesurvey.context import Pending
from instruments.limesurvey.expressions import UntranslatableError, translate
from instruments.limesurvey.questions import Builder
from instruments.limesurvey.reading import LsSurvey, read_lss
from instruments.limesurvey.text import language_tag
from kernel.errors import InstrumentError, Location, Problem

__all__ = ["ImportResult", "import_lss", "import_survey"]

_META = ("purpose", "controller", "legal_basis", "retention", "contact")


def _builder(survey: LsSurvey) -> Builder:
    tags: dict[str, str] = {}
    for code in survey.languages:
        tag = language_tag(code)
        if tag in tags.values():
            continue
        tags[code] = tag
    b = Builder(survey.source, tags, tags[survey.default_language])
    for code, tag in tags.items():
        if tag != code:
            b.note(
                "language",
                None,
                f"LimeSurvey's language '{code}' is '{tag}' in eqsurvey (a BCP 47 language tag)",
                "nothing to do; keep the tag when you add translations",
            )
    return b


def _identity(survey: LsSurvey, b: Builder) -> dict[str, Any]:
    stem = Path(survey.source).stem
    iid = re.sub(r"[^a-z0-9_-]+", "-", stem.lower()).strip("-_")[:80] or f"limesurvey-{survey.sid or 'survey'}"
    fallback = f"LimeSurvey survey {survey.sid}".strip()
    title = b.text(survey.settings.get("surveyls_title", {}), "the survey title", fallback, 0, None)
    b.note(
        "missing-metadata",
        None,
        f"a LimeSurvey file does not state the {', '.join(_META)}; eqsurvey wrote '{PLACEHOLDER}'",
        "fill them in before collecting any answer: respondents must learn the purpose, controller, "
        "legal basis, retention and contact",
    )
    b.note(
        "privacy",
        None,
        "LimeSurvey does not classify questions: every imported question has privacy class 'other' and role 'none' "
        "(self-descriptions of 'other' answers are 'special_category')",
        "set privacy: special_category on questions about ethnic origin, religion, health, sexual orientation …, "
        "and role: breakdown/outcome on what the analysis counts",
    )
    return {
        "id": iid,
        "version": "1.0.0",
        "title": title,
        "languages": b.langs,
        "default_language": b.default,
        **{key: {b.default: PLACEHOLDER} for key in _META},
    }


def _intro(survey: LsSurvey, b: Builder) -> dict[str, str]:
    """The survey description and welcome text, which open the first section."""
    parts = [
        b.text(survey.settings.get(key, {}), what, "", 0, None, optional=True)
        for key, what in (("surveyls_description", "the description"), ("surveyls_welcometext", "the welcome text"))
    ]
    joined: dict[str, str] = {}
    for part in parts:
        for tag, text in part.items():
            if text:
                joined[tag] = f"{joined[tag]}\n\n{text}" if tag in joined else text
    return joined


def _leftovers(survey: LsSurvey, b: Builder) -> None:
    for key, what in (("surveyls_endtext", "end text"), ("surveyls_policy_notice", "data policy notice")):
        if any(v.strip() for v in survey.settings.get(key, {}).values()):
            b.note(
                "dropped-text",
                None,
                f"the survey's {what} was not imported",
                "eqsurvey states purpose, controller, legal basis, retention and contact itself; "
                "carry over what matters by hand",
            )
    for table in survey.other_tables:
        b.note(
            "dropped-table",
            None,
            f"the table '{table}' was not imported",
            "eqsurvey imports the survey, its groups, questions, subquestions, answers and attributes",
        )


def _sections(survey: LsSurvey, b: Builder, intro: dict[str, str]) -> list[dict[str, Any]]:
    built: list[tuple[Any, list[dict[str, Any]]]] = []
    for group in survey.groups:
        questions = [item for q in group.questions for item in b.build(q)]
        built.append((group, questions))
    sections: list[dict[str, Any]] = []
    for group, questions in built:
        name = b.text(group.name, f"group {group.gid}", f"Group {group.gid}", group.line, None)
        if not questions:
            b.note(
                "empty-group",
                group.line,
                f"group '{name[b.default]}' has no question eqsurvey can import, so it was left out",
                "nothing to do, unless it should hold questions",
            )
            continue
        ascii_name = unicodedata.normalize("NFKD", name[b.default]).encode("ascii", "ignore").decode()
        sid = b.identifier(to_identifier(ascii_name) if ascii_name.strip() else f"group_{group.gid}", 0, "group")
        section: dict[str, Any] = {"id": sid, "title": name, "questions": questions}
        description = b.text(
            group.description, f"the description of group {group.gid}", "", group.line, None, optional=True
        )
        if not sections and intro:
            tags = list(dict.fromkeys([*intro, *description]))
            description = {t: "\n\n".join(x for x in (intro.get(t, ""), description.get(t, "")) if x) for t in tags}
        if any(description.values()):
            section["intro"] = description
        if group.relevance not in ("", "1"):
            b.lines[id(section)] = group.line
            b.pending.append(Pending(section, [group.relevance], group.line, None))
        sections.append(section)
    return sections


def _conditions(b: Builder, sgqa: SgqaNames, optional: Callable[[dict[str, Any], str | None], None]) -> None:
    for p in b.pending:
        nodes: list[ex.Node] = []
        lost = False
        if p.conditions:
            try:
                nodes.append(translate_conditions(p.conditions, sgqa, b.names))
            except UntranslatableError as exc:
                lost = True
                rows = ", ".join(str(r.line) for r in p.conditions[:8])
                b.note(
                    "condition",
                    p.line,
                    f"the conditions of '{p.question}' (conditions table, rows at lines {rows}) were not imported: "
                    f"{exc.message}: {brief(exc.part, 60)}",
                    "write the condition in eqsurvey's language by hand; until then it is asked of everyone",
                    p.question,
                )
        for part in p.parts:
            if not isinstance(part, str):
                nodes.append(part)
                continue
            try:
                node = translate(part, b.names, sgqa)
            except UntranslatableError as exc:
                lost = True
                b.note(
                    "condition",
                    p.line,
                    f"the relevance equation '{brief(part)}' was not imported: {exc.message}: {brief(exc.part, 60)}",
                    "write the condition in eqsurvey's language by hand; until then it is asked of everyone",
                    p.question,
                )
                continue
            if node is not None:
                nodes.append(node)
        if lost:
            # Asked of everyone now, so it cannot stay required: those LimeSurvey skipped could not answer.
            optional(p.owner, p.question)
            continue
        if nodes:
            p.owner["relevant"] = ex.unparse(nodes[0] if len(nodes) == 1 else ex.BoolOp("and", tuple(nodes)))


def _optional_maker(b: Builder, sections: list[dict[str, Any]]) -> Callable[[dict[str, Any], str | None], None]:
    """What makes the question(s) under a condition's owner (question, matrix row, section) optional, with a note."""
    parent: dict[int, dict[str, Any]] = {}
    for section in sections:
        for question in section["questions"]:
            for row in question.get("rows", []):
                parent[id(row)] = question

    def optional(owner: dict[str, Any], name: str | None) -> None:
        questions = owner["questions"] if "questions" in owner else [parent.get(id(owner), owner)]
        for q in questions:
            if q.pop("required", False):
                b.note(
                    "required-dropped",
                    b.lines.get(id(q)),
                    f"'{q['id']}' is required in LimeSurvey only when its condition holds; that condition was not "
                    "imported, so the question is optional here",
                    "write the condition by hand, then set required: true again",
                    q["id"],
                )

    return optional


def import_lss(path: Path) -> ImportResult:
    """Import a LimeSurvey ``.lss`` file as an instrument with notes; a broken file raises InstrumentError."""
    return import_survey(read_lss(Path(path)))


def import_survey(survey: LsSurvey) -> ImportResult:
    """Import a survey structure read from any LimeSurvey file (``.lss``, ``.lsa``, tab-separated ``.txt``)."""
    b = _builder(survey)
    for row in survey.conditions:
        b.conditions.setdefault(row.qid, []).append(row)
    data = _identity(survey, b)
    sections = _sections(survey, b, _intro(survey, b))
    _leftovers(survey, b)
    if not sections:
        raise InstrumentError(
            [
                Problem(
                    "no-questions",
                    Location(file=survey.source),
                    "the survey has no question eqsurvey can import",
                    "add choice, array, text or number questions in LimeSurvey and export the structure again",
                )
            ]
        )
    optional = _optional_maker(b, sections)
    _conditions(b, SgqaNames(survey.questions(), survey.sid), optional)
    data["sections"] = sections

    def note_at(code: str, owner: dict[str, Any] | None, problem: str, fix: str, name: str | None) -> None:
        b.note(code, b.lines.get(id(owner)) if owner is not None else None, problem, fix, name)
        if code == "condition" and owner is not None:
            optional(owner, name)

    instrument = validate_repairing(data, survey.source, note_at)
    return ImportResult(instrument, b.notes)
