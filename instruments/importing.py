"""What every importer of foreign survey files shares: the result, and validation that repairs.

An importer (:mod:`.xlsform_import`, :mod:`.limesurvey_import`) builds the
instrument as plain data, then calls :func:`validate_repairing`: pydantic
checks the shape (a failure there is the importer's or the file's fault and
stops the import), then the semantic checks of :mod:`.checks` run, and what
they reject that an import can do without (a condition that refers to a
later question or a missing option, an impossible selection limit, options
that are all exclusive, a derived variable that no longer fits) is dropped
with a note, until the instrument is valid. What a dropped condition guarded
is made voluntary: asked of everyone now, it must not be forced on anyone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from instruments.checks import Finding, check_instrument
from instruments.loader import problems_from_validation
from instruments.model import Instrument
from kernel.errors import InstrumentError, InternalError, Location, Problem

__all__ = ["ImportResult", "NoteAt", "validate_repairing"]

#: ``note(code, owner, problem, fix, name)``: record a note about ``owner``, the dict the
#: repair changed (a question, a matrix row, a section; None for the instrument itself).
NoteAt = Callable[[str, "dict[str, Any] | None", str, str, "str | None"], None]


@dataclass
class ImportResult:
    """The imported instrument and a warning for everything that could not be translated."""

    instrument: Instrument
    notes: list[Problem] = field(default_factory=list)


#: What an importer writes where a foreign file does not state a required text (title, purpose, ...).
PLACEHOLDER = "(not stated in the imported form)"
#: The range an importer gives a number question whose file states none (eqsurvey needs bounds for DP).
PLACEHOLDER_BOUNDS = (0.0, 1_000_000.0)


def brief(text: str, limit: int = 100) -> str:
    """A cell as an import note quotes it: whole when short, else its start and end around '…'."""
    return text if len(text) <= limit else f"{text[: limit * 2 // 3]}…{text[-(limit // 3) :]}"


def validate_repairing(data: dict[str, Any], source: str, note: NoteAt) -> Instrument:
    """Validate imported data, dropping with a note what the checks reject and an import can lose."""
    for _ in range(len(data["sections"]) * 64 + 64):
        try:
            instrument = Instrument.model_validate(data)
        except ValidationError as exc:
            problems = problems_from_validation(exc, data)
            raise InstrumentError(
                [Problem(p.code, Location(file=source, question=p.where.question), p.problem, p.fix) for p in problems]
            ) from None
        errors = [f for f in check_instrument(instrument) if f.severity == "error"]
        if not errors:
            return instrument
        if not _repair(data, errors, note):
            raise InstrumentError([Problem(f.code, Location(file=source), f.problem, f.fix) for f in errors])
    raise InternalError("repairing an imported form did not finish")


def _repair(data: dict[str, Any], errors: list[Finding], note: NoteAt) -> bool:
    """Drop what the checks reject (conditions, limits) with a note; False when nothing could be dropped."""
    changed = False
    dropped: set[int] = set()
    for f in errors:
        *head, last = f.path
        if head[:1] == ["derived"] and isinstance(head[1], int):
            dropped.add(head[1])
            continue
        parent: Any = data
        for part in head:
            parent = parent[part]
        name = parent.get("id") or parent.get("code") if isinstance(parent, dict) else None
        owner = parent if isinstance(parent, dict) else None
        if last == "relevant" and isinstance(parent, dict) and "relevant" in parent:
            note(
                "condition",
                owner,
                f"the condition '{parent.pop('relevant')}' of '{name}' was dropped: {f.problem}",
                f"{f.fix}; until then it is asked of everyone",
                name,
            )
            if "options" not in head:  # an option without its condition is offered, the question asked as before
                _voluntary(data, head, note)
        elif last == "max_selections" and isinstance(parent, dict) and "max_selections" in parent:
            del parent["max_selections"]
            note("constraint", owner, f"{f.problem}; the limit was dropped", f.fix, name)
        elif f.code == "no-inclusive-option" and isinstance(parent, dict):
            for option in parent["options"]:
                option.pop("exclusive", None)
            note("constraint", owner, f"{f.problem}; no option is exclusive now", f.fix, name)
        else:
            continue
        changed = True
    for di in sorted(dropped, reverse=True):
        d = data["derived"].pop(di)
        note(
            "derived",
            None,
            f"derived variable '{d['id']}' was left out: its condition no longer fits the imported questions",
            "define it again in eqsurvey",
            d["id"],
        )
        changed = True
    return changed


def _voluntary(data: dict[str, Any], head: list[Any], note: NoteAt) -> None:
    """Make voluntary what a dropped condition guarded (a section's questions, a question, a row's matrix)."""
    at: Any = data
    for part in head[:4] if len(head) > 4 else head:  # a matrix row's condition: up to its question
        at = at[part]
    questions = at.get("questions", [at])
    made = [q.get("id") for q in questions if q.get("required")]
    for q in questions:
        q["required"] = False
    if made:
        note(
            "required",
            at,
            f"{', '.join(map(str, made))} no longer required: the condition was dropped, so respondents it "
            "would skip are asked too, and must be able to leave it unanswered",
            "make it required again once the condition is restored",
            str(made[0]),
        )
