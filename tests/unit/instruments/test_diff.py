"""Instrument diffs of options, questions and sections: the change kinds and the breaking rule."""

from __future__ import annotations

from instruments.diff.changes import diff_instruments
from tests.support.diff_builders import build, kinds, one, opt, q, section, t

# Expected changes are tables, and read best one case to a line.
# fmt: off
# --- no change --------------------------------------------------------------------------------------


def test_identical_instruments_have_no_changes_and_need_no_new_version() -> None:
    diff = diff_instruments(build(q("x")), build(q("x")))
    assert diff.changes == []
    assert diff.compatible and not diff.breaking
    assert diff.version_problem is None and diff.required_bump is None and diff.suggested_version is None
    assert "No changes." in diff.render_text()


def test_reformatted_conditions_and_rewrapped_text_are_not_changes() -> None:
    old = build(q("x", label=t("Wie  alt\nsind Sie?")), q("y", relevant="x=='a' and (answered(x) and not declined(x))"))
    new = build(q("x", label=t("Wie alt sind Sie?")), q("y", relevant='  x == "a" and answered(x)  and not declined( x )'))
    assert diff_instruments(old, new).changes == []


# --- options ---------------------------------------------------------------------------------------


def test_adding_an_option_is_compatible_but_needs_a_minor_version() -> None:
    old = build(q("x"))
    new = build(q("x", options=[opt("a"), opt("b"), opt("c", "Neu", "New")]), version="1.0.1")
    diff = diff_instruments(old, new)
    assert kinds(diff) == {("option-added", "x", False)}
    change = one(diff, "option-added")
    assert change.review and not change.wording
    assert change.detail == {"code": "c", "label": {"de": "Neu", "en": "New"}}
    assert diff.compatible and diff.required_bump == "minor" and diff.suggested_version == "1.1.0"
    assert diff.version_problem is not None and "1.1.0" in diff.version_problem


def test_removing_an_option_is_breaking_and_needs_a_major_version() -> None:
    old = build(q("x", options=[opt("a"), opt("b"), opt("c")]))
    diff = diff_instruments(old, build(q("x"), version="1.1.0"))
    assert kinds(diff) == {("option-removed", "x", True)}
    assert diff.breaking and not diff.compatible
    assert diff.version_problem is not None
    assert "major version was not raised" in diff.version_problem and "2.0.0" in diff.version_problem
    assert diff_instruments(old, build(q("x"), version="2.0.0")).version_problem is None


def test_an_option_with_the_same_wording_and_a_new_code_is_recoded_not_removed_and_added() -> None:
    old = build(q("x", options=[opt("a", "Ja", "Yes"), opt("b", "Nein", "No")]))
    new = build(q("x", options=[opt("yes", "Ja", "Yes"), opt("b", "Nein", "No")]))
    diff = diff_instruments(old, new)
    assert kinds(diff) == {("option-recoded", "x", True)}
    assert one(diff, "option-recoded").detail == {"old": "a", "new": "yes", "label": {"de": "Ja", "en": "Yes"}}
    # New code and new wording: removed and added.
    diff = diff_instruments(build(q("x")), build(q("x", options=[opt("a"), opt("c", "Anders", "Other")])))
    assert kinds(diff) == {("option-removed", "x", True), ("option-added", "x", False)}


def test_relabelled_option_is_a_wording_change_per_language() -> None:
    old = build(q("x", options=[opt("a", "Frau", "Woman"), opt("b")]))
    new = build(q("x", options=[opt("a", "Frau*", "Woman*"), opt("b")]), version="1.0.1")
    diff = diff_instruments(old, new)
    assert kinds(diff) == {("option-relabelled", "x", False)}
    assert sorted((c.detail["lang"], c.detail["old"], c.detail["new"]) for c in diff.changes) == [
        ("de", "Frau", "Frau*"), ("en", "Woman", "Woman*"),
    ]
    assert all(c.wording and c.review and c.detail["code"] == "a" for c in diff.changes)
    assert diff.required_bump == "patch" and diff.version_problem is None
    text = diff.render_text()
    assert '"Frau" → "Frau*"' in text and '"Woman" → "Woman*"' in text and "[wording]" in text
    english = diff.render_text("en")
    assert '"Woman" → "Woman*"' in english and "Frau*" not in english


def test_reordered_options_exclusive_and_max_selections() -> None:
    old = build(q("x", "multi_choice", options=[opt("a"), opt("b"), opt("c"), opt("n")], max_selections=3))
    new = build(q("x", "multi_choice", options=[opt("b"), opt("a"), opt("c"), opt("n", exclusive=True)],
                  max_selections=2))
    diff = diff_instruments(old, new)
    assert kinds(diff) == {
        ("options-reordered", "x", False), ("exclusive-changed", "x", True), ("max-selections-changed", "x", True),
    }
    assert one(diff, "max-selections-changed").detail == {"old": 3, "new": 2}
    assert one(diff, "exclusive-changed").detail == {"code": "n", "old": False, "new": True}
    # The other way round, loosening exclusivity and raising the bound keep old answers valid.
    assert {k for k in kinds(diff_instruments(new, old)) if k[0] != "options-reordered"} == {
        ("exclusive-changed", "x", False), ("max-selections-changed", "x", False),
    }


# --- questions ---------------------------------------------------------------------------------------


def test_question_attributes() -> None:
    old = build(q("x", hint=t("Hinweis")), q("y", "number", role="outcome", privacy="other"),
                q("z", role="none", privacy="other"))
    new = build(q("x", "multi_choice", label=t("Neue Frage", "New question"), prefer_not_to_say=False,
                  required=True),
                q("y", "number", min=18, max=150, integer=False, role="none", privacy="special_category"),
                q("z", role="breakdown", privacy="quasi_identifier"))
    assert kinds(diff_instruments(old, new)) == {
        ("type-changed", "x", True), ("label-changed", "x", False), ("hint-changed", "x", False),
        ("prefer-not-to-say-changed", "x", True), ("required-changed", "x", False),
        ("bounds-changed", "y", True), ("integer-changed", "y", False),
        ("role-changed", "y", True), ("privacy-changed", "y", False),
        ("role-changed", "z", False), ("privacy-changed", "z", True),
    }


def test_widened_bounds_and_offered_prefer_not_to_say_are_compatible() -> None:
    old = build(q("y", "number", prefer_not_to_say=False))
    new = build(q("y", "number", min=-10, max=200))
    diff = diff_instruments(old, new)
    assert kinds(diff) == {("bounds-changed", "y", False), ("prefer-not-to-say-changed", "y", False)}
    assert one(diff, "bounds-changed").detail == {"old": [0, 120], "new": [-10, 200]}


def test_scale_points_changed_is_breaking_but_point_wording_is_not() -> None:
    five = [{"value": v, "label": t(f"Punkt {v}")} for v in range(1, 6)]
    assert kinds(diff_instruments(build(q("s", "scale")), build(q("s", "scale", points=five)))) == {
        ("scale-changed", "s", True),
    }
    reworded = [{"value": v, "label": t(f"Stufe {v}", f"Punkt {v}".upper())} for v in (1, 2, 3)]
    diff = diff_instruments(build(q("s", "scale")), build(q("s", "scale", points=reworded)))
    assert kinds(diff) == {("point-relabelled", "s", False)}
    assert sorted(c.detail["value"] for c in diff.changes) == [1, 2, 3]


def test_text_and_number_wording() -> None:
    old = build(q("n", "number", unit=t("Jahre", "years")), q("f", "text", max_length=500))
    new = build(q("n", "number", unit=t("Monate", "years")),
                q("f", "text", max_length=200, self_description=True, privacy="special_category"))
    assert kinds(diff_instruments(old, new)) == {
        ("unit-changed", "n", False), ("max-length-changed", "f", True), ("self-description-changed", "f", False),
        ("privacy-changed", "f", False),
    }


def test_relevance_change_is_compatible_but_to_review() -> None:
    diff = diff_instruments(build(q("x"), q("y", relevant="x == 'a'")), build(q("x"), q("y", relevant="x == 'b'")))
    assert kinds(diff) == {("relevance-changed", "y", False)}
    change = one(diff, "relevance-changed")
    assert change.review and change.detail == {"old": "x == 'a'", "new": "x == 'b'"}
    assert "old: x == 'a'" in diff.render_text() and "new: x == 'b'" in diff.render_text()


def test_matrix_rows() -> None:
    rows = [
        {"code": "r1", "label": t("Zeile eins", "ZEILE 1"), "relevant": "answered(x)"},
        {"code": "r3", "label": t("Zeile 3")},
    ]
    diff = diff_instruments(build(q("x"), q("m", "matrix")), build(q("x"), q("m", "matrix", rows=rows)))
    assert kinds(diff) == {
        ("row-removed", "m", True), ("row-added", "m", False), ("row-relabelled", "m", False),
        ("relevance-changed", "m", False),
    }
    assert one(diff, "relevance-changed").detail == {"row": "r1", "old": None, "new": "answered(x)"}
    assert "condition for asking row r1 of this question changed" in diff.render_text()


def test_questions_added_removed_and_moved() -> None:
    old = build(sections=[section("s1", q("a"), q("b"), q("c"), q("f")), section("s2", q("d"))])
    email = q("e", "text", privacy="direct_identifier", label=t("E-Mail"))
    new = build(sections=[section("s1", q("b"), q("f"), q("a"), email), section("s2", q("d"), q("c"))])
    diff = diff_instruments(old, new)
    assert kinds(diff) == {("question-moved", "a", False), ("question-added", "e", False), ("question-moved", "c", False)}
    added = one(diff, "question-added")
    assert added.section == "s1" and added.review and (added.detail["privacy"], added.detail["role"]) == ("direct_identifier", "none")
    assert "question added (text; privacy: direct_identifier, analysis role: none): E-Mail" in diff.render_text()
    moved_c = next(c for c in diff.changes if c.target == "c")
    assert moved_c.detail == {"from_section": "s1", "to_section": "s2", "old_position": 3, "new_position": 2}
    removed = diff_instruments(old, build(sections=[section("s1", q("a"), q("b"), q("f")), section("s2", q("d"))]))
    assert kinds(removed) == {("question-removed", "c", True)}



def test_sections_added_removed_renamed_and_reworded() -> None:
    old = build(sections=[section("s1", q("a"), relevant="true"), section("s2", q("b")), section("s3", q("c"))])
    new = build(sections=[
        section("s1", q("a"), title=t("Über Sie", "About you")),
        section("renamed", q("b"), title=t("Teil s2")), section("s4", q("d")),
    ])
    diff = diff_instruments(old, new)
    assert kinds(diff) == {
        ("title-changed", "s1", False), ("relevance-changed", "s1", False), ("section-renamed", "renamed", False),
        ("section-added", "s4", False), ("question-added", "d", False),
        ("section-removed", "s3", False), ("question-removed", "c", True),
    }
    assert one(diff, "section-renamed").detail == {"old": "s2", "new": "renamed"}
    assert one(diff, "section-added").review and one(diff, "question-added").review
