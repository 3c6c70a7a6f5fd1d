"""The community review a release records: which organisations approved, asked for changes to, or commented
on the questionnaire's exact content it was made with, and what earlier contents were reviewed.

Only the organisation, its decision, the version, the content hash and the day are kept: comments stay in
the project's ``reviews.jsonl`` (:mod:`instruments.review`), since a release is published. Releases made
before reviews were recorded have no ``review`` field; the reports say so rather than "none".
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from analysis.releases.parts import AS_TUPLE, Part
from instruments.review import ReviewStatus, standings


class ReviewEntry(Part):
    """One organisation's standing on one content (:class:`instruments.review.Standing`)."""

    by: str = Field(min_length=1)
    decision: Literal["approve", "changes", "comment"]
    version: str
    content_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    on: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")


class ReviewRecord(Part):
    """The review status of the content the release was made with (``content_hash``) and of earlier ones."""

    content_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    current: tuple[ReviewEntry, ...] = AS_TUPLE
    earlier: tuple[ReviewEntry, ...] = AS_TUPLE

    @property
    def approved_by(self) -> list[str]:
        return [e.by for e in self.current if e.decision == "approve"]


def review_body(status: ReviewStatus) -> dict[str, Any]:
    """The ``review`` field of a release body, from the instrument's review status."""

    def entries(reviews: list[Any]) -> list[dict[str, str]]:
        return [
            {"by": s.by, "decision": s.decision, "version": s.version, "content_hash": s.content_hash,
             "on": s.at.date().isoformat()}
            for s in standings(reviews)
        ]  # fmt: skip

    return {"content_hash": status.content_hash, "current": entries(status.current), "earlier": entries(status.earlier)}
