"""The console's sections, in the order of a survey's steps (the navigation's order)."""

from __future__ import annotations

from eqsurvey.console.codesign import SECTION as CODESIGN
from eqsurvey.console.documents import SECTION as DOCUMENTS
from eqsurvey.console.fieldwork import SECTION as FIELDWORK
from eqsurvey.console.plan import SECTION as PLAN
from eqsurvey.console.questionnaire import SECTION as QUESTIONNAIRE
from eqsurvey.console.release import SECTION as RELEASE
from eqsurvey.console.section import Section

SECTIONS: tuple[Section, ...] = (QUESTIONNAIRE, CODESIGN, DOCUMENTS, FIELDWORK, PLAN, RELEASE)
