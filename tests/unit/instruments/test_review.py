"""Community reviews are tied to the exact content approved."""

from __future__ import annotations

from pathlib import Path

import pytest

from instruments.loader import parse_instrument
from instruments.review import append_review, new_review, read_reviews, review_status
from kernel.errors import ProjectError
from tests.builders import GENDER, instrument_yaml


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
