"""Instrument diffs: the change kinds, the breaking rule, version advice, JSON and reviewer text."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from instruments.diff.changes import KINDS, InstrumentDiff, diff_instruments
from instruments.loader import parse_instrument
from instruments.model import Instrument
from instruments.questions import Matrix, MultiChoice, SingleChoice
from tests.strategies import instruments, local_texts

# Expected changes are tables, and read best one case to a line.
# fmt: off
# --- building instruments -------------------------------------------------------------------------


def t(de: str, en: str | None = None) -> dict[str, str]:
    return {"de": de, "en": en if en is not None else de.upper()}


def opt(code: str, de: str | None = None, en: str | None = None, **kw: Any) -> dict[str, Any]:
    return {"code": code, "label": t(de or f"Option {code}", en), **kw}


def q(qid: str, qtype: str = "single_choice", **kw: Any) -> dict[str, Any]:
    """A question with a label and, for choice questions, options a and b unless given."""
    base: dict[str, Any] = {"id": qid, "type": qtype, "label": t(f"Frage {qid}")}
    if qtype in ("single_choice", "multi_choice", "matrix"):
        base["options"] = [opt("a"), opt("b")]
    if qtype == "matrix":
        base["rows"] = [{"code": "r1", "label": t("Zeile 1")}, {"code": "r2", "label": t("Zeile 2")}]
    if qtype == "scale":
        base["points"] = [{"value": v, "label": t(f"Punkt {v}")} for v in (1, 2, 3)]
    if qtype == "number":
        base |= {"min": 0, "max": 120}
    return base | kw


def section(sid: str, *questions: dict[str, Any], **kw: Any) -> dict[str, Any]:
    return {"id": sid, "title": t(f"Teil {sid}"), "questions": list(questions), **kw}


def build(*questions: dict[str, Any], version: str = "1.0.0", sections: list[dict[str, Any]] | None = None,
          **top: Any) -> Instrument:
    """A minimal valid instrument (German and English) with the given questions, through the real loader."""
    data: dict[str, Any] = {
        "id": "test-survey", "version": version, "title": t("Befragung"), "languages": ["de", "en"],
        "default_language": "de", "purpose": t("Zweck"), "controller": t("Stadt"), "legal_basis": t("Einwilligung"),
        "retention": t("Zwei Jahre"), "contact": t("daten@example.org"),
        "sections": sections or [section("main", *questions)],
    }
    data |= top
    return parse_instrument(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "test.yaml").instrument


def kinds(diff: InstrumentDiff) -> set[tuple[str, str, bool]]:
    """(kind, target, breaking) of every change."""
    return {(c.kind, c.target, c.breaking) for c in diff.changes}


def one(diff: InstrumentDiff, kind: str) -> Any:
    found = [c for c in diff.changes if c.kind == kind]
    assert len(found) == 1, [c.kind for c in diff.changes]
    return found[0]


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


# --- instrument level ---------------------------------------------------------------------------------


def test_metadata_and_languages() -> None:
    old = build(q("x"))
    new = build(q("x"), purpose=t("Neuer Zweck", "PURPOSE"), retention=t("Zwei Jahre", "Three years"),
                languages=["de", "en", "tr"], default_language="en", prefer_not_to_say_label={"de": "Lieber nicht"})
    diff = diff_instruments(old, new)
    assert kinds(diff) == {
        ("metadata-changed", "purpose", False), ("metadata-changed", "retention", False),
        ("metadata-changed", "default_language", False), ("language-added", "tr", False),
        ("metadata-changed", "prefer_not_to_say_label", False),
    }
    declined = next(c for c in diff.changes if c.target == "prefer_not_to_say_label")
    assert declined.review and declined.detail == {"lang": "de", "old": None, "new": "Lieber nicht"}
    purpose = next(c for c in diff.changes if c.target == "purpose")
    assert purpose.wording and purpose.detail == {"lang": "de", "old": "Zweck", "new": "Neuer Zweck"}
    assert kinds(diff_instruments(new, old)) >= {("language-removed", "tr", True)}


def test_derived_variables() -> None:
    derived: list[dict[str, Any]] = [
        {"id": "is_a", "type": "boolean", "label": t("A gewählt"), "when": "x == 'a'"},
        {"id": "grp", "type": "categorical", "label": t("Gruppe"),
         "cases": [{"code": "g1", "label": t("Eins"), "when": "x == 'a'"},
                   {"code": "g2", "label": t("Zwei"), "when": "x == 'b'"}]},
        {"id": "gone", "type": "boolean", "label": t("Weg"), "when": "answered(x)"},
    ]
    old = build(q("x"), derived=derived)
    new_derived: list[dict[str, Any]] = [
        {**derived[0], "when": "(x=='a')", "role": "none"},
        {**derived[1], "cases": [{"code": "g1", "label": t("Erste"), "when": "x == 'a'"},
                                 {"code": "g2", "label": t("Zwei"), "when": "x != 'a'"}]},
        {"id": "new_one", "type": "boolean", "label": t("Neu"), "when": "declined(x)"},
    ]
    diff = diff_instruments(old, build(q("x"), derived=new_derived))
    assert kinds(diff) == {
        ("role-changed", "is_a", True), ("derived-changed", "grp", True), ("derived-relabelled", "grp", False),
        ("derived-added", "new_one", False), ("derived-removed", "gone", True),
    }
    assert one(diff, "derived-changed").detail["new"]["cases"][1] == {"code": "g2", "when": "x != 'a'"}
    assert one(diff, "derived-added").review and one(diff, "derived-added").detail["role"] == "breakdown"
    assert "Derived variables" in diff.render_text()


# --- version advice -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("old_v", "new_v", "problem"), [
    ("1.0.0", "1.0.0", "still 1.0.0"),
    ("1.2.0", "1.1.0", "lower"),
    ("1.0.0", "2.0.0", None),
    ("1.0.0", "1.0.1", "only the patch"),
    ("1.0.0", "1.1.0", None),
    ("1.1.0-rc.1", "1.1.0", None),
    ("0.1.0", "0.1.1", None),  # drafts: only breaking changes need the minor number
])
def test_version_advice_for_a_compatible_structural_change(old_v: str, new_v: str, problem: str | None) -> None:
    diff = diff_instruments(build(q("x"), version=old_v), build(q("x"), q("y"), version=new_v))
    if problem is None:
        assert diff.version_problem is None
    else:
        assert diff.version_problem is not None and problem in diff.version_problem


def test_breaking_changes_in_a_draft_need_the_minor_number() -> None:
    old = build(q("x", options=[opt("a"), opt("b"), opt("c")]), version="0.3.1")
    diff = diff_instruments(old, build(q("x"), version="0.3.2"))
    assert diff.required_bump == "major" and diff.suggested_version == "0.4.0"
    assert diff.version_problem is not None and "minor version was not raised" in diff.version_problem
    assert diff_instruments(old, build(q("x"), version="0.4.0")).version_problem is None


# --- JSON and text ------------------------------------------------------------------------------------------


def test_json_shape_is_stable_and_serialisable() -> None:
    old = build(q("x", options=[opt("a"), opt("b"), opt("c")]))
    new = build(q("x", label=t("Neu", "FRAGE X")), version="1.1.0")
    data = diff_instruments(old, new).to_json()
    assert json.loads(json.dumps(data)) == data
    assert set(data) == {"format", "format_version", "instrument", "old", "new", "breaking", "compatible", "required_bump",
                         "suggested_version", "version_problem", "summary", "changes"}
    assert data["format"] == "eqsurvey-instrument-diff" and data["format_version"] == 1
    assert data["old"]["version"] == "1.0.0" and len(data["new"]["content_hash"]) == 64
    assert (data["breaking"], data["compatible"], data["required_bump"]) == (True, False, "major")
    assert data["suggested_version"] == "2.0.0" and "major" in data["version_problem"]
    assert data["summary"] == {"changes": 2, "breaking": 1, "review": 2, "wording": 1}
    assert data["changes"][0] == {
        "kind": "label-changed", "scope": "question", "target": "x", "section": "main",
        "breaking": False, "review": True, "wording": True, "detail": {"lang": "de", "old": "Frage x", "new": "Neu"},
    }
    assert {c["kind"] for c in data["changes"]} <= set(KINDS)


def test_text_groups_by_section_and_question_and_marks_breaking_changes() -> None:
    old = build(sections=[section("s1", q("a"), q("b", options=[opt("a"), opt("b"), opt("c", "Drei", "Three")]))])
    new = build(sections=[section("s1", q("a", label=t("Erste Frage", "First question")), q("b"))])
    text = diff_instruments(old, new).render_text()
    lines = text.splitlines()
    assert "Section s1: Teil s1" in lines
    assert lines.index("  Question a: Erste Frage") < lines.index("  Question b: Frage b")
    assert '    - [BREAKING] option removed: c "Drei"' in lines
    assert '        de: "Frage a" → "Erste Frage"' in lines
    assert '        en: "FRAGE A" → "First question"' in lines
    assert "1 breaking" in text and "BREAKING means answers collected with version 1.0.0" in text


# --- properties ---------------------------------------------------------------------------------------------

@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instruments())
def test_an_instrument_does_not_differ_from_itself(inst: Instrument) -> None:
    assert diff_instruments(inst, inst).changes == []
    copy = Instrument.model_validate(inst.model_dump())
    diff = diff_instruments(inst, copy)
    assert diff.changes == [] and diff.version_problem is None and "No changes." in diff.render_text()


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(instruments(), st.data())
def test_adding_any_option_is_never_breaking(inst: Instrument, data: st.DataObject) -> None:
    choice = [q for q in inst.questions() if isinstance(q, (SingleChoice, MultiChoice, Matrix))]
    assume(choice)
    target = data.draw(st.sampled_from(choice))
    existing = {o.code for o in target.options}
    code = data.draw(st.from_regex(r"new[a-z0-9]{0,4}", fullmatch=True).filter(lambda c: c not in existing))
    option = {
        "code": code, "label": data.draw(local_texts(inst.languages)),
        "exclusive": isinstance(target, MultiChoice) and data.draw(st.booleans()),
    }
    raw = inst.model_dump()
    for sec in raw["sections"]:
        for question in sec["questions"]:
            if question["id"] == target.id:
                question["options"].insert(data.draw(st.integers(0, len(target.options))), option)
    diff = diff_instruments(inst, Instrument.model_validate(raw))
    assert not diff.breaking, [c.to_json() for c in diff.changes if c.breaking]
    assert ("option-added", target.id, False) in kinds(diff)


def test_the_reviewer_text_names_changed_fields_in_words() -> None:
    old = build(q("x"))
    new = build(
        q("x", label=t("Frage x, neu")), version="1.0.1", legal_basis=t("Gesetz"), estimated_minutes=12,
        prefer_not_to_say_label=t("Keine Antwort"),
    )
    text = diff_instruments(old, new).render_text()
    assert "[wording] wording of the question" in text
    assert "[wording] wording of the legal basis" in text
    assert "[wording] wording of the 'prefer not to say' answer" in text
    assert "[review] time estimate (minutes): None → 12" in text
