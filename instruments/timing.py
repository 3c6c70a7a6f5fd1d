"""How long answering an instrument takes, as the welcome page states it before anyone starts.

The instrument's own ``estimated_minutes`` wins: its authors have timed it with test
respondents. Without it the estimate counts what a respondent reads and ticks, at
rates usual for self-completion questionnaires: a closed question about 15 seconds,
a row of a matrix about 8 seconds, a free-text answer about a minute. Every question
is counted, also those skip logic may pass over, so the figure is an upper estimate
for most respondents, which is the side a fair promise errs on.
"""

from __future__ import annotations

import math

from instruments.model import Instrument
from instruments.questions import Matrix, Question, Text

_SECONDS_CLOSED = 15
_SECONDS_ROW = 8
_SECONDS_TEXT = 60


def _seconds(q: Question) -> int:
    if isinstance(q, Matrix):
        return _SECONDS_CLOSED + _SECONDS_ROW * len(q.rows)
    if isinstance(q, Text):
        return _SECONDS_TEXT
    return _SECONDS_CLOSED


def estimated_minutes(instrument: Instrument) -> int:
    """The minutes to state: the instrument's own figure, else the count above rounded up (at least 1)."""
    if instrument.estimated_minutes is not None:
        return instrument.estimated_minutes
    return max(1, math.ceil(sum(_seconds(q) for q in instrument.questions()) / 60))
