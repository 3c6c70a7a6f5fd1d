"""Instrument diffs at the instrument's level: metadata, derived variables, version advice, JSON and reviewer text."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from instruments.diff.changes import KINDS, diff_instruments
from instruments.model import Instrument
from instruments.questions import Matrix, MultiChoice, SingleChoice
from tests.support.diff_builders import build, kinds, one, opt, q, section, t
from tests.support.strategies import instruments, local_texts

# Expected changes are tables, and read best one case to a line.
# fmt: off
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
