"""A first draft of a version mapping, from the instrument diff, for the officer to review.

Options and rows the diff matched by their wording are drafted as renamed;
everything else the earlier version has and the next does not is drafted as
removed, so that the draft is valid and loses nothing silently: its answers
are counted and reported until a person writes where they belong (a rename, a
merge). The comments say what to look at.
"""

from __future__ import annotations

import json
from typing import Any

from instruments.diff.changes import diff_instruments
from instruments.model import Instrument
from instruments.questions import Matrix, MultiChoice, Question, Scale, SingleChoice


def _q(code: Any) -> str:
    # JSON strings are YAML strings: codes such as 1 or true stay text.
    return json.dumps(code, ensure_ascii=False) if isinstance(code, str) else str(code)


def _label(q: Question, lang: str) -> str:
    text = q.label.get(lang) or next(iter(q.label.values()), "")
    return " ".join(text.split())[:70]


def draft_mapping(old: Instrument, new: Instrument) -> str:
    """YAML text of the mapping from ``old`` to ``new``, with review comments."""
    diff = diff_instruments(old, new)
    recoded: dict[tuple[str, str], dict[Any, Any]] = {}
    for c in diff.changes:
        if c.kind in ("option-recoded", "row-recoded"):
            recoded.setdefault((c.target, c.kind.split("-")[0]), {})[c.detail["old"]] = c.detail["new"]
    lang = new.default_language
    new_qs = new.question_map
    added_qs = [q for q in new.questions() if q.id not in old.question_map]
    lines = [
        f"# How answers collected under {old.id} {old.version} carry to {new.version}.",
        "# Drafted by `eqsurvey instrument versions draft` from the differences between the two versions.",
        "# Review every entry: 'removed' answers are never carried; `eqsurvey dataset export` counts and",
        "# reports them. Write renamed (old: new) or merged (new: [old, …]) where they belong elsewhere.",
        f"from: {_q(old.version)}",
        f"to: {_q(new.version)}",
        "questions:",
    ]
    body: list[str] = []
    for q in old.questions():
        target = new_qs.get(q.id)
        head = f"  {q.id}:  # {_label(q, lang)}"
        if target is None:
            body += [head, "    removed: true"]
            same_type = [a.id for a in added_qs if a.type == q.type]
            if same_type:
                body.append(
                    f"    # if it lives on under a new id, write instead: renamed_to: ONE OF {', '.join(same_type)}"
                )
            continue
        if not (type(q) is type(target) or (isinstance(q, SingleChoice) and isinstance(target, MultiChoice))):
            body += [head, f"    removed: true  # the type changed from {q.type} to {target.type}"]
            continue
        lists = _lists(q, target, recoded)
        if lists:
            body += [head, *lists]
    if not body:
        lines[-1] = "questions: {}  # every question, option, row and point of the earlier version is kept"
    return "\n".join(lines + body) + "\n"


def _lists(old: Question, new: Question, recoded: dict[tuple[str, str], dict[Any, Any]]) -> list[str]:
    out: list[str] = []
    pairs: list[tuple[str, list[Any], list[Any]]] = []
    if isinstance(old, (SingleChoice, MultiChoice, Matrix)) and isinstance(new, (SingleChoice, MultiChoice, Matrix)):
        pairs.append(("options", [o.code for o in old.options], [o.code for o in new.options]))
    if isinstance(old, Matrix) and isinstance(new, Matrix):
        pairs.append(("rows", [r.code for r in old.rows], [r.code for r in new.rows]))
    if isinstance(old, Scale) and isinstance(new, Scale):
        pairs.append(("points", [p.value for p in old.points], [p.value for p in new.points]))
    for key, old_codes, new_codes in pairs:
        renamed = recoded.get((old.id, key[:-1] if key != "points" else "point"), {})
        removed = [c for c in old_codes if c not in new_codes and c not in renamed]
        added = [c for c in new_codes if c not in old_codes and c not in renamed.values()]
        if not (renamed or removed or added):
            continue
        out.append(f"    {key}:")
        if renamed:
            out.append("      renamed: {" + ", ".join(f"{_q(a)}: {_q(b)}" for a, b in renamed.items()) + "}")
            out[-1] += "  # matched by the same wording"
        if removed:
            out.append("      removed: [" + ", ".join(map(_q, removed)) + "]")
            if added:
                out[-1] += "  # or merged into a new one: merged: {NEW: [OLD, …]}"
        if added:
            out.append("      added: [" + ", ".join(map(_q, added)) + "]")
    return out
