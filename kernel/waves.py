"""Survey waves: successive fieldwork periods of one survey, each with its own respondents and budget.

A wave is a period of fieldwork, from the day it starts to the day before
the next one starts. A response belongs to the wave of the day it was
received: the store keeps that day for every response (web form, imports,
bundles carry it), so a wave needs nothing new stored with any response and
links nothing: every respondent of a wave shares it. Responses stored before
any wave was declared belong to the first wave, which starts with the survey.

Each wave's releases spend that wave's budget (its own total, fixed by its
first release and changed only with a reason, as the survey's was): a
release of one wave measures only that wave's respondents. A person who
answered in two waves is two respondents to the store (it cannot tell, and
must not), so their protection is the sum of both waves' budgets; every
statement of per-wave budgets says so.

Pure: the rules a declaration must meet, applied by the store inside its
transaction (:mod:`survey.store.waves`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kernel.errors import EqSurveyError

FIRST = 1
"""The first wave's number: the survey's fieldwork before any later wave started."""

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")

BOTH_WAVES = (
    "each wave's releases spend that wave's budget; someone who answered in two waves is protected by the sum"
    " of both waves' budgets (the store cannot tell, and must not)"
)


@dataclass(frozen=True)
class Wave:
    """One wave: its number (1, 2, …), name, the day it starts ('' for the first: with the survey), and why."""

    number: int
    name: str
    starts: str
    reason: str = ""

    def as_json(self) -> dict[str, object]:
        return {"number": self.number, "name": self.name, "starts": self.starts or None, "reason": self.reason}


FIRST_WAVE = Wave(FIRST, "1", "", "the survey's first fieldwork")


def wave_of(day: str, waves: list[Wave]) -> int:
    """The number of the wave a response received on ``day`` (YYYY-MM-DD) belongs to."""
    found = FIRST
    for wave in waves:
        if wave.starts and day >= wave.starts:
            found = wave.number
    return found


def days_of(number: int, waves: list[Wave]) -> tuple[str, str | None]:
    """The days of wave ``number``: (first day or '', the next wave's first day or None)."""
    ordered = sorted(waves, key=lambda w: w.number)
    this = next(w for w in ordered if w.number == number)
    later = [w.starts for w in ordered if w.number == number + 1]
    return this.starts, later[0] if later else None


def find(waves: list[Wave], wanted: str | None) -> Wave:
    """The wave named or numbered ``wanted`` (None: the latest); a user error naming the waves otherwise."""
    if wanted is None:
        return max(waves, key=lambda w: w.number)
    for wave in waves:
        if wanted in (wave.name, str(wave.number)):
            return wave
    known = ", ".join(f"{w.number} ({w.name})" for w in waves)
    raise EqSurveyError.single(
        "unknown-wave", f"this survey has no wave '{wanted}'; its waves: {known}", "name a wave by its number or name"
    )


def check_new_wave(waves: list[Wave], name: str, starts: str, last_release_day: str | None) -> None:
    """A new wave must have a new name and start after the latest wave, and after every release of it.

    A release of the latest wave measured every response received until it
    was made; were the new wave to start on or before that day, some of its
    respondents would already have been in a release of the wave before, and
    the new wave's budget would not be all that protects them.
    """
    if not NAME.match(name):
        raise EqSurveyError.single(
            "wave-name",
            f"the wave name {name[:60]!r} is not a short name",
            "use 1–40 letters, digits, '.', '_' or '-', starting with a letter or digit, e.g. 2027",
        )
    if any(name in (w.name, str(w.number)) for w in waves):
        raise EqSurveyError.single("wave-name", f"there is already a wave '{name}'", "choose another name")
    try:
        date.fromisoformat(starts)
    except ValueError:
        raise EqSurveyError.single(
            "wave-start", f"the start day {starts[:30]!r} is not a day", "write it as YYYY-MM-DD, e.g. 2027-03-01"
        ) from None
    latest = max(waves, key=lambda w: w.number)
    if latest.starts and starts <= latest.starts:
        raise EqSurveyError.single(
            "wave-start",
            f"wave {latest.number} ({latest.name}) starts on {latest.starts}; a later wave must start after it",
            f"give a start day after {latest.starts} (--from)",
        )
    if last_release_day is not None and starts <= last_release_day:
        raise EqSurveyError.single(
            "wave-start",
            f"a release of wave {latest.number} ({latest.name}) was made on {last_release_day} from every response"
            f" received until then; wave {latest.number + 1} cannot start on or before that day",
            f"start the new wave after {last_release_day} (--from YYYY-MM-DD); nothing was changed",
        )
