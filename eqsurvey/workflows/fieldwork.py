"""How the fieldwork is going: invitations answered, responses received per ISO week.

For the municipality running the survey, on its own computer: the counts are
exact and unprotected (a week with one response shows 1), which is fine for
steering reminders and not for publication; published figures come from a
release. The store keeps the day a response arrived and nothing finer, so
weeks are the days' ISO weeks (Monday to Sunday), with weeks without
responses between the first and the last shown as 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from eqsurvey.config import Project


@dataclass(frozen=True)
class Week:
    year: int
    week: int
    monday: date
    responses: int

    @property
    def label(self) -> str:
        """``2026-W49``, as ISO 8601 writes a week."""
        return f"{self.year}-W{self.week:02d}"


@dataclass(frozen=True)
class FieldworkProgress:
    instrument: str
    invitations_created: int
    invitations_used: int
    responses: int
    weeks: list[Week]

    @property
    def invitations_unused(self) -> int:
        return self.invitations_created - self.invitations_used

    def as_json(self) -> dict[str, Any]:
        return {
            "instrument": self.instrument,
            "invitations": {
                "created": self.invitations_created,
                "used": self.invitations_used,
                "unused": self.invitations_unused,
            },
            "responses": self.responses,
            "weeks": [{"week": w.label, "monday": w.monday.isoformat(), "responses": w.responses} for w in self.weeks],
        }


def weekly(days: dict[str, int]) -> list[Week]:
    """The days' counts summed per ISO week, every week from the first to the last (empty ones as 0)."""
    per_monday: dict[date, int] = {}
    for day, n in days.items():
        when = date.fromisoformat(day)
        monday = when - timedelta(days=when.weekday())
        per_monday[monday] = per_monday.get(monday, 0) + n
    if not per_monday:
        return []
    weeks, monday, last = [], min(per_monday), max(per_monday)
    while monday <= last:
        year, week, _ = monday.isocalendar()
        weeks.append(Week(year, week, monday, per_monday.get(monday, 0)))
        monday += timedelta(weeks=1)
    return weeks


def fieldwork_progress(project: Project) -> FieldworkProgress:
    from eqsurvey.resources import project_store
    from instruments.loader import load_instrument

    instrument = load_instrument(project.instrument_path).instrument
    store = project_store(project)
    try:
        invitations = store.invitation_counts(instrument.id)
        days = store.received_days(instrument.id)
    finally:
        store.close()
    return FieldworkProgress(instrument.id, invitations.created, invitations.used, sum(days.values()), weekly(days))
