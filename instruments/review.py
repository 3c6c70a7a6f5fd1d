"""Community review: comments and approvals recorded against an instrument's content hash.

Co-design is a principle of equality data. Partners' approvals apply to the
exact content they saw: any change to the instrument (a word, an option, a
condition) gives a new content hash, and earlier approvals no longer count
for it. Records are appended to ``reviews.jsonl`` in the project, one JSON
object per line, so the file can be kept in version control and diffed.

A record may concern one question (``question``) rather than the whole
questionnaire, and its decision is an approval, a comment, or a request for
changes (``changes``); records written before either existed read as they are.
:func:`standings` reduces the records to where each organisation stands on
each content, which releases record and reports state. A record with a
``language`` is a check of that translation by a qualified translator or
community partner (:mod:`instruments.drafts`); it approves the translation of
that content only, not the questionnaire, so the functions here leave it out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from instruments.model import Instrument
from kernel.errors import Location, ProjectError
from kernel.files import read_text

Decision = Literal["approve", "comment", "changes"]
#: Decisions that say where an organisation stands (a comment alone does not).
DECISIVE: frozenset[str] = frozenset({"approve", "changes"})


class Review(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    instrument_id: str
    instrument_version: str
    content_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    by: str = Field(min_length=1, max_length=200)
    decision: Decision
    comment: str | None = Field(default=None, max_length=10_000)
    question: str | None = Field(default=None, min_length=1, max_length=200)
    """The question commented on; none: the questionnaire as a whole."""
    note: str | None = Field(default=None, pattern=r"^[0-9a-f]{32}$")
    """The id of the partner's note it came from (a review link), so that each note is taken once."""
    language: str | None = Field(default=None, pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
    """The translation checked (see :mod:`instruments.drafts`); none: a review of the questionnaire."""
    at: datetime


@dataclass(frozen=True)
class ReviewStatus:
    current: list[Review]
    """Reviews of exactly this content."""
    earlier: list[Review]
    """Reviews of other versions or content of the same instrument."""
    content_hash: str
    """The content the status is of."""

    @property
    def approved_by(self) -> list[str]:
        return sorted({r.by for r in self.current if r.decision == "approve"})


@dataclass(frozen=True)
class Standing:
    """Where one organisation stands on one content of the instrument: its last approval or request for
    changes, or (if it only commented) its last comment."""

    by: str
    decision: Decision
    version: str
    content_hash: str
    at: datetime


def of_questionnaire(reviews: list[Review]) -> list[Review]:
    """The reviews of the questionnaire itself: a check of one translation approves no more than that."""
    return [r for r in reviews if r.language is None]


def standings(reviews: list[Review]) -> list[Standing]:
    """Per organisation and content hash, its standing (see :class:`Standing`), by organisation then date."""
    latest: dict[tuple[str, str], Review] = {}
    for r in sorted(of_questionnaire(reviews), key=lambda r: r.at):
        key = (r.by, r.content_hash)
        known = latest.get(key)
        # A later comment does not undo an approval or a request for changes; a later decision replaces both.
        if known is None or r.decision in DECISIVE or known.decision not in DECISIVE:
            latest[key] = r
    found = [Standing(r.by, r.decision, r.instrument_version, r.content_hash, r.at) for r in latest.values()]
    return sorted(found, key=lambda s: (s.by.casefold(), s.at))


def new_review(
    instrument: Instrument,
    by: str,
    decision: Decision,
    comment: str | None,
    *,
    now: datetime | None = None,
    question: str | None = None,
    language: str | None = None,
) -> Review:
    return Review(
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        content_hash=instrument.content_hash(),
        by=by.strip(),
        decision=decision,
        comment=comment,
        question=question,
        language=language,
        at=(now or datetime.now(UTC)).replace(microsecond=0),
    )


def read_reviews(path: Path) -> list[Review]:
    if not path.exists():
        return []
    reviews: list[Review] = []
    for number, line in enumerate(read_text(path, ProjectError).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            reviews.append(Review.model_validate(json.loads(line)))
        # ValueError: JSONDecodeError and pydantic's ValidationError are ValueErrors, and so is a number of thousands
        # of digits; RecursionError: JSON nested past Python's limit.
        except (ValueError, RecursionError) as exc:
            raise ProjectError.single(
                "review-record",
                f"line {number} is not a review record ({str(exc).splitlines()[0]})",
                "restore the line from version control; records are written by `eqsurvey instrument review`",
                Location(file=str(path), line=number),
            ) from None
    return reviews


def append_review(path: Path, review: Review) -> None:
    # One line per record, appended: an interrupted write can damage only the last line.
    with path.open("a", encoding="utf-8") as handle:
        handle.write(review.model_dump_json(exclude_none=True) + "\n")


def review_status(instrument: Instrument, reviews: list[Review]) -> ReviewStatus:
    digest = instrument.content_hash()
    mine = [r for r in of_questionnaire(reviews) if r.instrument_id == instrument.id]
    return ReviewStatus(
        [r for r in mine if r.content_hash == digest], [r for r in mine if r.content_hash != digest], digest
    )


@dataclass(frozen=True)
class ReviewRound:
    """The reviews of one content of the instrument: each organisation's standing, and every record."""

    version: str
    content_hash: str
    current: bool
    """Whether it is the content the instrument has now."""
    standings: list[Standing]
    records: list[Review]
    """Oldest first."""


def review_rounds(instrument: Instrument, reviews: list[Review]) -> list[ReviewRound]:
    """The instrument's reviews by content: the present content first (even unreviewed), then earlier ones,
    the most recently reviewed first."""
    digest = instrument.content_hash()
    mine = sorted((r for r in of_questionnaire(reviews) if r.instrument_id == instrument.id), key=lambda r: r.at)
    groups: dict[str, list[Review]] = {digest: []}
    for r in mine:
        groups.setdefault(r.content_hash, []).append(r)
    earlier = sorted((h for h in groups if h != digest), key=lambda h: groups[h][-1].at, reverse=True)
    return [
        ReviewRound(
            instrument.version if h == digest else groups[h][-1].instrument_version,
            h,
            h == digest,
            standings(groups[h]),
            groups[h],
        )
        for h in [digest, *earlier]
    ]
