"""Property: carrying answers over v1 → v2 → v3 equals composing the mappings, and every loss is counted."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from instruments.answer_values import fit_value
from instruments.questions import MultiChoice
from instruments.versions.mapping import VersionBridge, VersionStep
from instruments.versions.mapping_file import build_step
from kernel.yaml_source import load_yaml
from tests.unit.instruments.versions_builders import version

CODES = list("abcdefgh")
Code = str | None


def _questions(single: list[str], multi: list[str], limit: int | None) -> str:
    def options(codes: list[str]) -> str:
        return "".join(f"    - {{code: {c}, label: {{de: {c}, en: {c}}}}}\n" for c in codes)

    cap = f"  max_selections: {limit}\n" if limit else ""
    return (
        "- id: s\n  type: single_choice\n  label: {de: S, en: S}\n  options:\n"
        + options(single)
        + "- id: m\n  type: multi_choice\n  label: {de: M, en: M}\n"
        + cap
        + "  options:\n"
        + options(multi)
    )


@st.composite
def _codes(draw: st.DrawFn) -> list[str]:
    return sorted(draw(st.sets(st.sampled_from(CODES), min_size=1)))


@st.composite
def _code_map(draw: st.DrawFn, old: list[str], new: list[str]) -> dict[str, Code]:
    """Where each old code goes: kept if the new version has it (or moved), else renamed or removed."""
    out: dict[str, Code] = {}
    for code in old:
        keep = code in new and draw(st.booleans())
        out[code] = code if keep else draw(st.one_of(st.none(), st.sampled_from(new)))
    return out


def _yaml(old_v: str, new_v: str, maps: dict[str, dict[str, Code]]) -> str:
    lines = [f"from: '{old_v}'", f"to: '{new_v}'", "questions:"]
    for qid, m in maps.items():
        renamed = {a: b for a, b in m.items() if b is not None and a != b}
        removed = [a for a, b in m.items() if b is None]
        lines += [f"  {qid}:", "    options:"]
        lines.append("      renamed: {" + ", ".join(f"{a}: {b}" for a, b in renamed.items()) + "}")
        lines.append("      removed: [" + ", ".join(removed) + "]")
    return "\n".join(lines) + "\n"


@st.composite
def _scenario(draw: st.DrawFn) -> tuple[VersionBridge, list[dict[str, dict[str, Code]]], dict[str, Any], int | None]:
    shapes = [(draw(_codes()), draw(_codes())) for _ in range(3)]
    last_multi = shapes[2][1]
    limit = draw(st.one_of(st.none(), st.integers(1, len(last_multi))))
    instruments = [
        version(_questions(s, m, limit if i == 2 else None), f"{i + 1}.0.0") for i, (s, m) in enumerate(shapes)
    ]
    maps = [
        {"s": draw(_code_map(shapes[i][0], shapes[i + 1][0])), "m": draw(_code_map(shapes[i][1], shapes[i + 1][1]))}
        for i in range(2)
    ]
    steps: dict[str, VersionStep] = {}
    for i in range(2):
        old, new = instruments[i], instruments[i + 1]
        text = _yaml(old.version, new.version, maps[i])
        steps[old.version] = build_step(load_yaml(text, f"m{i}.yaml"), f"m{i}.yaml", old, new)
    answers: dict[str, Any] = {}
    if draw(st.booleans()):
        answers["s"] = draw(st.sampled_from(shapes[0][0]))
    ticked = draw(st.sets(st.sampled_from(shapes[0][1])))
    if ticked:
        answers["m"] = [c for c in shapes[0][1] if c in ticked]
    return VersionBridge(instruments[2], steps), maps, answers, limit


def _through(maps: list[dict[str, dict[str, Code]]], qid: str, code: str) -> list[Code]:
    """The code after each step (None once removed)."""
    out: list[Code] = []
    current: Code = code
    for m in maps:
        current = m[qid].get(current) if current is not None else None
        out.append(current)
    return out


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(_scenario())
def test_chained_carry_equals_composed_mapping_and_counts_every_loss(
    scenario: tuple[VersionBridge, list[dict[str, dict[str, Code]]], dict[str, Any], int | None],
) -> None:
    bridge, maps, answers, limit = scenario
    carried, losses = bridge.carry("1.0.0", answers)
    lost = {(x.step, x.question, x.code, x.reason) for x in losses}
    steps = ["1.0.0 → 2.0.0", "2.0.0 → 3.0.0"]
    current = bridge.current.question_map

    # Whatever is carried fits the current version: its option sets and selection limit bound DP.
    for qid, value in carried.items():
        assert fit_value(current[qid], value)[1] is None

    expected: set[tuple[str, str, Code, str]] = set()
    if "s" in answers:
        path = _through(maps, "s", answers["s"])
        if path[-1] is not None:
            assert carried["s"] == path[-1]
        else:
            assert "s" not in carried
            at = path.index(None)
            expected.add((steps[at], "s", answers["s"] if at == 0 else path[at - 1], "option-removed"))
    if "m" in answers:
        paths = {c: _through(maps, "m", c) for c in answers["m"]}
        kept = {p[-1] for p in paths.values() if p[-1] is not None}
        for c, path in paths.items():
            if path[-1] is None:
                at = path.index(None)
                expected.add((steps[at], "m", c if at == 0 else path[at - 1], "option-removed"))
        multi = current["m"]
        assert isinstance(multi, MultiChoice)
        cap = limit or len(multi.options)
        if not kept:
            assert "m" not in carried
        elif len(kept) > cap:
            assert "m" not in carried
            expected.add((steps[1], "m", None, "too-many-selections"))
        else:
            assert set(carried["m"]) == kept
    # Every loss counted, once, and nothing counted that was carried.
    assert lost == expected
    assert len(losses) == len(lost)
