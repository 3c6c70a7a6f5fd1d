"""The community review of the questionnaire, in the words every report states it (methodology and summary).

Which organisations approved, asked for changes to or commented on the exact content of the questionnaire
the release was made with, each with its version, a short content hash and the day; that none did, when
none did; and which earlier contents were reviewed, since their approvals do not carry over. A release made
before releases recorded reviews says that it records nothing, not that nobody reviewed.
"""

from __future__ import annotations

from analysis.releases.model import Release
from analysis.releases.review import ReviewEntry
from kernel.i18n import Msg
from reports.catalogue import Catalogue

#: Characters of the content hash a report shows: enough to tell contents apart and find them in reviews.jsonl.
SHORT_HASH = 12

REVIEW_NOT_RECORDED = Msg(
    "review.not_recorded",
    "Whether community organisations reviewed the questionnaire is not recorded for this release: it was "
    "made before eqsurvey recorded reviews in releases.",
)
REVIEW_NONE = Msg(
    "review.none",
    "No community organisation reviewed or approved version {version} of the questionnaire (content "
    "{hash}), the one these results come from.",
)
REVIEW_NOT_APPROVED = Msg(
    "review.not_approved",
    "No community organisation approved version {version} of the questionnaire (content {hash}), the one "
    "these results come from.",
)
REVIEW_APPROVE = Msg(
    "review.approve", "{organisation} approved version {version} of the questionnaire (content {hash}) on {date}."
)
REVIEW_CHANGES = Msg(
    "review.changes",
    "{organisation} asked for changes to version {version} of the questionnaire (content {hash}) on {date}.",
)
REVIEW_COMMENT = Msg(
    "review.comment",
    "{organisation} commented on version {version} of the questionnaire (content {hash}) on {date}, "
    "without approving it.",
)
REVIEW_EARLIER = Msg(
    "review.earlier",
    "Earlier versions of the questionnaire were also reviewed; an approval applies only to the exact "
    "content reviewed and does not carry over to a later version:",
)

_DECISION = {"approve": REVIEW_APPROVE, "changes": REVIEW_CHANGES, "comment": REVIEW_COMMENT}


def _sentence(entry: ReviewEntry, t: Catalogue) -> str:
    return t(
        _DECISION[entry.decision],
        organisation=entry.by,
        version=entry.version,
        hash=entry.content_hash[:SHORT_HASH],
        date=t.date(entry.on),
    )


def review_lines(release: Release, t: Catalogue) -> tuple[list[str], list[str]]:
    """What the report says of the review of the release's content, and the earlier contents' reviews."""
    record = release.review
    if record is None:
        return [t(REVIEW_NOT_RECORDED)], []
    version, short = release.instrument.version, record.content_hash[:SHORT_HASH]
    current = [_sentence(e, t) for e in record.current]
    if not record.current:
        current = [t(REVIEW_NONE, version=version, hash=short)]
    elif not record.approved_by:
        current.append(t(REVIEW_NOT_APPROVED, version=version, hash=short))
    earlier = [t(REVIEW_EARLIER), *(_sentence(e, t) for e in record.earlier)] if record.earlier else []
    return current, earlier
