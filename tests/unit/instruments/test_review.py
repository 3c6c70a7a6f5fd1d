"""Community reviews are tied to the exact content approved."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from instruments.loader import parse_instrument
from instruments.review import Decision, append_review, new_review, read_reviews, review_status, standings
from kernel.errors import ProjectError
from tests.support.builders import GENDER, instrument_yaml


def test_approval_applies_to_this_content_only(tmp_path: Path) -> None:
    v1 = parse_instrument(instrument_yaml(GENDER), "a.yaml").instrument
    v1b = parse_instrument(instrument_yaml(GENDER.replace("Geschlecht", "Geschlechtsidentität")), "b.yaml").instrument
    assert v1.content_hash() != v1b.content_hash()
    path = tmp_path / "reviews.jsonl"
    append_review(path, new_review(v1, "Verein A", "approve", None))
    append_review(path, new_review(v1, "Beirat B", "comment", "Bitte 'divers' ergänzen"))
    reviews = read_reviews(path)
    assert [r.by for r in reviews] == ["Verein A", "Beirat B"]
    assert review_status(v1, reviews).approved_by == ["Verein A"]
    changed = review_status(v1b, reviews)
    assert changed.approved_by == [] and len(changed.earlier) == 2


def test_a_damaged_review_file_names_the_line(tmp_path: Path) -> None:
    v1 = parse_instrument(instrument_yaml(GENDER), "a.yaml").instrument
    path = tmp_path / "reviews.jsonl"
    append_review(path, new_review(v1, "Verein A", "approve", None))
    with path.open("a", encoding="utf-8") as f:
        f.write("{not json\n")
    with pytest.raises(ProjectError) as info:
        read_reviews(path)
    assert info.value.problems[0].where.line == 2


OLD_RECORD = (
    '{"instrument_id":"t","instrument_version":"1.0.0","content_hash":"' + "a" * 64 + '","by":"Verein A",'
    '"decision":"comment","comment":null,"at":"2026-05-01T10:00:00Z"}\n'
)


def test_records_written_before_questions_and_requests_for_changes_still_read(tmp_path: Path) -> None:
    path = tmp_path / "reviews.jsonl"
    path.write_text(OLD_RECORD, encoding="utf-8")
    v1 = parse_instrument(instrument_yaml(GENDER), "a.yaml").instrument
    append_review(path, new_review(v1, "Beirat B", "changes", "Zu lang", question="gender"))
    old, new = read_reviews(path)
    assert (old.question, old.decision) == (None, "comment")
    assert (new.question, new.decision, new.comment) == ("gender", "changes", "Zu lang")
    assert '"question"' not in path.read_text(encoding="utf-8").splitlines()[0]


def _at(day: int) -> datetime:
    return datetime(2026, 5, day, 10, tzinfo=UTC)


def test_a_standing_is_the_last_decision_and_a_later_comment_does_not_undo_it() -> None:
    v1 = parse_instrument(instrument_yaml(GENDER), "a.yaml").instrument
    reviews = [
        new_review(v1, "Verein A", "comment", "erst", now=_at(1)),
        new_review(v1, "Verein A", "approve", None, now=_at(2)),
        new_review(v1, "Verein A", "comment", "danach", now=_at(3)),
        new_review(v1, "Beirat B", "approve", None, now=_at(1)),
        new_review(v1, "Beirat B", "changes", "doch nicht", now=_at(4)),
        new_review(v1, "Gruppe C", "comment", "nur ein Kommentar", now=_at(2)),
    ]
    found = {s.by: (s.decision, s.at.day) for s in standings(reviews)}
    assert found == {"Verein A": ("approve", 2), "Beirat B": ("changes", 4), "Gruppe C": ("comment", 2)}
    assert [s.by for s in standings(list(reversed(reviews)))] == ["Beirat B", "Gruppe C", "Verein A"]


DECISIONS: list[Decision] = ["approve", "comment", "changes"]


@given(st.lists(st.tuples(st.sampled_from(["A", "B"]), st.sampled_from(DECISIONS), st.integers(1, 28)), max_size=12))
def test_standings_keep_one_per_organisation_and_its_last_decision(events: list[tuple[str, Decision, int]]) -> None:
    v1 = parse_instrument(instrument_yaml(GENDER), "a.yaml").instrument
    reviews = [new_review(v1, by, decision, None, now=_at(day)) for by, decision, day in events]
    found = standings(reviews)
    assert sorted(s.by for s in found) == sorted({by for by, _, _ in events})
    for s in found:
        own = [r for r in reviews if r.by == s.by]
        decisive = [r for r in own if r.decision != "comment"]
        if decisive:
            assert s.decision != "comment" and s.at == max(r.at for r in decisive)
        else:
            assert s.decision == "comment"
