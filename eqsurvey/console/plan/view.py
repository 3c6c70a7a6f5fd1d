"""What the plan page shows of the preview, and the expected number of respondents it is asked for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from eqsurvey.console.plan.messages import WORDING
from kernel.errors import Location, Problem

if TYPE_CHECKING:
    from reports.preview.page import PreviewWords

DEFAULT_RESPONDENTS = 1000
MOST_RESPONDENTS = 10_000_000
"""The largest number the field takes: more than any city has people."""


@dataclass(frozen=True)
class TableVerdictView:
    """One table's verdict as the page says it: its identifier (publishable, …), its sentences, its suppressed groups."""

    code: str
    lines: list[str]
    suppressed: list[str]


@dataclass(frozen=True)
class PreviewView:
    """The preview's sentences for the page, as ``eqsurvey plan preview`` says them."""

    respondents: str
    header: list[str]
    tables: dict[str, TableVerdictView]
    assumptions: list[str]
    split: str
    thresholds: str


def expected_respondents(given: str, lang: str) -> tuple[int | None, list[Problem]]:
    """The number typed in the field, or the problem shown at it (whole numbers from 1 to :data:`MOST_RESPONDENTS`)."""
    from reports.catalogue import Catalogue

    text = given.strip()
    if text.isascii() and text.isdigit() and 1 <= int(text) <= MOST_RESPONDENTS:
        return int(text), []
    problem = Problem(
        "bad-respondents",
        Location(field="respondents"),
        WORDING.text(lang, "respondents_bad", value=given[:40]),
        WORDING.text(lang, "respondents_fix", most=Catalogue(lang).numbers.count(MOST_RESPONDENTS)),
    )
    return None, [problem]


def preview_view(words: PreviewWords) -> PreviewView:
    """The preview's sentences for the page: the header, each table's verdict and suppressed groups, the assumptions."""
    numbers = words.numbers
    result = words.p.result
    tables = {}
    for index, table in enumerate(result.tables):
        judged = words.p.verdicts.tables[index]
        tables[table.id] = TableVerdictView(
            judged.verdict.value if judged else "write_ins", words.verdict(index), words.suppressed(index)
        )
    return PreviewView(
        respondents=numbers.count(result.respondents),
        header=words.header()[1:],
        tables=tables,
        assumptions=words.assumptions(),
        split=words.split(),
        thresholds=words.thresholds(),
    )
