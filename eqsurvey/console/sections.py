"""The console's sections, in the order of a survey's steps (the navigation's order)."""

from __future__ import annotations

from eqsurvey.console import plan
from eqsurvey.console.section import Section

SECTIONS: tuple[Section, ...] = (plan.SECTION,)
