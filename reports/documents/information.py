"""The information for respondents (GDPR Art. 13) with the consent statement, as a document.

Its text is :func:`instruments.respondent_info.respondent_info` laid out block by block: the web
form's welcome page renders the same items, so what the document prints and what respondents read
online cannot differ. Unlike the other documents it is made in every language of the instrument
(German Easy Language and right-to-left languages included), since respondents read it; eqsurvey
adds no wording of its own beyond what the respondent information holds.
"""

from __future__ import annotations

from itertools import groupby

from instruments.respondent_info import ConsentStatement, RespondentInfo, Text, respondent_info
from reports.documents.facts import ProjectFacts
from reports.documents.model import Block, Bullets, Document, Heading, Paragraph
from reports.documents.stamp import Stamp

KIND = "information"
#: An empty box before each answer, as on paper: the consent is given on the form, or on paper where the
#: municipality collects it so; U+2610 is in the fonts the documents use.
BOX = "\u2610"


def _other(text: Text, lang: str) -> str | None:
    """The text's language where it is not the document's (a fallback), for screen readers and Word."""
    return text.lang if text.lang != lang else None


def _consent(statement: ConsentStatement, lang: str) -> list[Block]:
    blocks: list[Block] = []
    if statement.intro is not None:
        blocks.append(Paragraph(statement.intro.text, _other(statement.intro, lang)))
    blocks.append(Paragraph(statement.statement.text, _other(statement.statement, lang)))
    blocks += [Paragraph(f"{BOX} {answer.text}", _other(answer, lang)) for answer in (statement.yes, statement.no)]
    return blocks


def blocks_of(info: RespondentInfo) -> list[Block]:
    """The information's items and consent statements as document blocks, in the welcome page's order."""
    lang = info.lang
    blocks: list[Block] = []
    for item in info.items:
        blocks.append(Heading(item.heading.text, 2, _other(item.heading, lang)))
        blocks += [Paragraph(p.text, _other(p, lang)) for p in item.paragraphs]
        # A list block has one language: points that fell back to another language (a section title not yet
        # translated) are a list of their own, so each is marked right.
        for other, points in groupby(item.points, key=lambda p: _other(p, lang)):
            blocks.append(Bullets(tuple(p.text for p in points), other))
    if info.consent:
        blocks.append(Heading(info.consent_heading.text, 2, _other(info.consent_heading, lang)))
        for statement in info.consent:
            blocks += _consent(statement, lang)
    return blocks


def build(facts: ProjectFacts, lang: str) -> Document:
    instrument = facts.instrument
    info = respondent_info(instrument, lang, facts.statements.dpo or None)
    stamp = Stamp(KIND, lang, instrument.id, instrument.version, instrument.content_hash(), facts.state_hash)
    return Document(KIND, lang, info.title.text, tuple(blocks_of(info)), stamp)
