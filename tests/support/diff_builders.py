"""Small instruments for diff tests: built from a few keywords, through the real loader."""

from __future__ import annotations

from typing import Any

import yaml

from instruments.diff.changes import InstrumentDiff
from instruments.loader import parse_instrument
from instruments.model import Instrument


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


def build(
    *questions: dict[str, Any], version: str = "1.0.0", sections: list[dict[str, Any]] | None = None, **top: Any
) -> Instrument:
    """A minimal valid instrument (German and English) with the given questions, through the real loader."""
    data: dict[str, Any] = {
        "id": "test-survey",
        "version": version,
        "title": t("Befragung"),
        "languages": ["de", "en"],
        "default_language": "de",
        "purpose": t("Zweck"),
        "controller": t("Stadt"),
        "legal_basis": t("Einwilligung"),
        "retention": t("Zwei Jahre"),
        "contact": t("daten@example.org"),
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
