"""Plain-text rendering of an instrument diff for community reviewers.

Reviewers are not programmers: the text is grouped the way they read a
questionnaire (instrument, then section by section, question by question, then
derived groups), says in words what changed, shows changed wording as
``old → new`` per language, and marks what breaks comparability.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby
from typing import TYPE_CHECKING, Any

from instruments.text import pick
from kernel.i18n import SOURCE_LANGUAGE, Catalogues, Msg

if TYPE_CHECKING:  # diff.py imports this module to render, so the types are imported for checking only
    from instruments.diff.changes import InstrumentDiff
    from instruments.diff.compare import Change

_WIDE = 70  # wording longer than this is shown on two lines so old and new can be read one above the other
_TEXT_KEYS = frozenset({"lang", "old", "new"})
# The diff is written in English for its reviewers; its wording is marked for gettext (domain ``diff``,
# template in locales/diff.pot, see kernel.i18n) so that a language can be added as a catalogue.
CATALOGUES = Catalogues("instruments.diff")
_METADATA = {
    "id": Msg("metadata_id", "instrument id"),
    "legal_basis": Msg("metadata_legal_basis", "legal basis"),
    "rights": Msg("metadata_rights", "respondents' rights"),
    "estimated_minutes": Msg("metadata_estimated_minutes", "time estimate (minutes)"),
    "default_language": Msg("metadata_default_language", "default language"),
    "prefer_not_to_say_label": Msg("metadata_prefer_not_to_say_label", "'prefer not to say' answer"),
}
_WORDING = {
    "label-changed": Msg("label_changed", "wording of the question"),
    "hint-changed": Msg("hint_changed", "wording of the hint"),
    "unit-changed": Msg("unit_changed", "wording of the unit"),
    "title-changed": Msg("title_changed", "section title"),
    "intro-changed": Msg("intro_changed", "section introduction"),
}


def _said(table: dict[str, Msg], key: str) -> str:
    """The wording of ``key`` in a table of messages, in the diff's language; the key itself if it has none."""
    msg = table.get(key)
    return CATALOGUES.translator(SOURCE_LANGUAGE).text(msg) if msg is not None else key


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, list):
        return ", ".join(_value(x) for x in v) or "(none)"
    return "(none)" if v is None else str(v)


def _range(bounds: Any) -> str:
    if isinstance(bounds, list) and len(bounds) == 2:
        return f"{_value(bounds[0])} to {_value(bounds[1])}"
    return _value(bounds)


def _quoted(text: str | None) -> str:
    return "(none)" if text is None else f'"{" ".join(text.split())}"'


def _definition(d: dict[str, Any]) -> str:
    if d["type"] == "boolean":
        return f"true when {d['when']}"
    return "; ".join(f"{case['code']} when {case['when']}" for case in d["cases"])


def _wording(c: Change) -> str:
    d = c.detail
    if c.kind in ("option-relabelled", "row-relabelled"):
        return f"wording of {c.kind.split('-')[0]} {d.get('code')}"
    if c.kind == "point-relabelled":
        return f"wording of scale point {d.get('value')}"
    if c.kind == "metadata-changed":
        return f"wording of the {_said(_METADATA, c.target)}"
    if c.kind == "derived-relabelled":
        return f"wording of case {d.get('code')}" if d.get("field") == "case" else f"wording of the {d.get('field')}"
    return _said(_WORDING, c.kind)


def _describe(c: Change, label: Callable[[Any], str]) -> str:
    """One line saying in words what changed."""
    if c.wording:
        return _wording(c)
    d, k = c.detail, c.kind
    old, new = d.get("old"), d.get("new")
    if k == "question-moved":
        if d["from_section"] != d["to_section"]:
            return f"question moved from section {d['from_section']} to section {d['to_section']}"
        return f"question moved within the section: position {d['old_position']} → {d['new_position']}"
    if k == "relevance-changed":
        if "option" in d:
            return f"condition for offering option {d['option']} of this question changed"
        row = f" row {d['row']} of" if "row" in d else ""
        return f"condition for asking{row} this {'section' if c.scope == 'section' else 'question'} changed"
    noun = k.split("-")[0]  # option / row / section / question / derived / module / language
    item = f"{d.get('code')} {_quoted(label(d.get('label')))}"
    simple: dict[str, str] = {
        "language-added": f"language added: {c.target} (all its wording is new: review the rendered questionnaire)",
        "language-removed": f"language removed: {c.target}",
        "module-added": f"module {c.target} {d.get('version')} added",
        "module-removed": f"module {c.target} {d.get('version')} removed",
        "module-version-changed": f"module {c.target}: version {old} → {new}",
        "section-added": f"section added: {label(d.get('title'))}",
        "section-removed": f"section removed: {label(d.get('title'))}",
        "section-renamed": f"section id changed: {old} → {new}",
        "section-moved": "section moved to another place",
        "question-added": f"question added ({d.get('type')}; privacy: {d.get('privacy')}, "
        f"analysis role: {d.get('role')}): {label(d.get('label'))}",
        "question-removed": "question removed",
        "type-changed": f"answer type changed: {old} → {new}",
        "option-added": f"option added: {item}",
        "row-added": f"row added: {item}",
        "option-removed": f"option removed: {item}",
        "row-removed": f"row removed: {item}",
        f"{noun}-recoded": f"{noun} code changed: {old} → {new} (same wording: {_quoted(label(d.get('label')))})",
        f"{noun}s-reordered": f"{noun}s reordered: {_value(old)} → {_value(new)}",
        "exclusive-changed": f"option {d.get('code')} {'now excludes' if new else 'no longer excludes'} the others",
        "max-selections-changed": f"most options one person can tick: {old} → {new}",
        "scale-changed": f"scale points changed: {_value(old)} → {_value(new)}",
        "bounds-changed": f"allowed range changed: {_range(old)} → {_range(new)}",
        "integer-changed": f"whole numbers only: {_value(old)} → {_value(new)}",
        "max-length-changed": f"longest answer: {old} → {new} characters",
        "self-description-changed": f"free self-description: {_value(old)} → {_value(new)}",
        "required-changed": "an answer is now required" if new else "an answer is no longer required",
        "prefer-not-to-say-changed": f"'prefer not to say' is {'now' if new else 'no longer'} offered",
        "privacy-changed": f"privacy class: {old} → {new}",
        "role-changed": f"analysis role: {old} → {new}",
        "coarsening-changed": "how the analysis dataset coarsens this answer changed"
        + ("" if old else " (newly coarsened)")
        + ("" if new else " (no longer coarsened)"),
        "metadata-changed": f"{_said(_METADATA, c.target)}: {old} → {new}",
        "derived-added": f"derived variable added ({d.get('type')}): {label(d.get('label'))}",
        "derived-removed": "derived variable removed",
        "derived-changed": "definition changed",
    }
    return simple.get(k, k)


def _extra_lines(c: Change) -> list[str]:
    """Lines under the description: old and new conditions or definitions."""
    if c.kind == "relevance-changed":
        return [f"old: {c.detail['old'] or '(always asked)'}", f"new: {c.detail['new'] or '(always asked)'}"]
    if c.kind == "derived-changed":
        return [f"old: {_definition(c.detail['old'])}", f"new: {_definition(c.detail['new'])}"]
    return []


def _wording_lines(items: list[Change]) -> list[str]:
    lines: list[str] = []
    for c in items:
        lang, old, new = c.detail["lang"], _quoted(c.detail["old"]), _quoted(c.detail["new"])
        if len(old) + len(new) > _WIDE:
            lines += [f"{lang}: {old}", f"{' ' * len(lang)}  → {new}"]
        else:
            lines.append(f"{lang}: {old} → {new}")
    return lines


def _mark(c: Change) -> str:
    return "[BREAKING] " if c.breaking else "[wording] " if c.wording else "[review] " if c.review else ""


def _entries(changes: list[Change], label: Callable[[Any], str], indent: str) -> list[str]:
    """One entry per change; the per-language changes of one text are merged into one entry."""
    lines: list[str] = []

    def key(c: Change) -> tuple[Any, ...]:
        if not c.wording:
            return (id(c),)
        return (c.kind, c.target, tuple(sorted((k, str(v)) for k, v in c.detail.items() if k not in _TEXT_KEYS)))

    for _, group in groupby(changes, key=key):
        items = list(group)
        first = items[0]
        lines.append(f"{indent}- {_mark(first)}{_describe(first, label)}")
        body = _wording_lines(items) if first.wording else _extra_lines(first)
        lines += [f"{indent}    {line}" for line in body]
    return lines


def _summary(diff: InstrumentDiff) -> list[str]:
    n = len(diff.changes)
    counts = [sum(getattr(c, flag) for c in diff.changes) for flag in ("breaking", "review", "wording")]
    lines = [
        f"Instrument {diff.instrument_id}: changes from version {diff.old_version} to {diff.new_version}",
        f"Content hash: {diff.old_hash[:12]} → {diff.new_hash[:12]} (reviews and approvals name the hash)",
    ]
    if not n:
        return [*lines, "", "No changes."]
    lines.append(f"{n} change(s): {counts[0]} breaking, {counts[1]} to review ({counts[2]} of them wording).")
    if counts[0]:
        lines.append(
            f"BREAKING means answers collected with version {diff.old_version} cannot be compared or pooled "
            f"with answers collected with version {diff.new_version}."
        )
    problem = diff.version_problem
    lines.append(f"Version problem: {problem}." if problem else f"Version: {diff.new_version} fits these changes.")
    return lines


def render_diff(diff: InstrumentDiff, lang: str | None = None) -> str:
    """The diff as plain text; with ``lang``, wording is shown in that language only."""
    shown = lang or diff.default_language

    def label(text: Any) -> str:
        return pick(text, shown, diff.default_language) if isinstance(text, dict) else ""

    out = _summary(diff)
    visible = [c for c in diff.changes if lang is None or not c.wording or c.detail.get("lang") == lang]

    def group(c: Change) -> tuple[str, str]:
        return ("section", c.section) if c.section is not None else (c.scope, "")

    for (scope, section), items in groupby(visible, key=group):
        block = list(items)
        out.append("")
        if scope == "section":
            out.append(f"Section {section}: {label(diff.section_titles.get(section))}")
        else:
            out.append("Instrument" if scope == "instrument" else "Derived variables (groups computed for analysis)")
        for (kind, target), sub in groupby(block, key=lambda c: (c.scope, c.target)):
            entries = list(sub)
            if kind in ("question", "derived"):
                noun = "Question" if kind == "question" else "Derived variable"
                out.append(f"  {noun} {target}: {label(diff.labels.get(target))}")
                out += _entries(entries, label, "    ")
            else:
                out += _entries(entries, label, "  ")
    return "\n".join(out) + "\n"
