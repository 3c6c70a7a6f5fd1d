"""The console's sections, in the order of a survey's steps (the navigation's order)."""

from __future__ import annotations

from eqsurvey.console.codesign import SECTION as CODESIGN
from eqsurvey.console.fieldwork import SECTION as FIELDWORK
from eqsurvey.console.plan import SECTION as PLAN
from eqsurvey.console.release import SECTION as RELEASE
from eqsurvey.console.section import Section

SECTIONS: tuple[Section, ...] = (CODESIGN, FIELDWORK, PLAN, RELEASE)
