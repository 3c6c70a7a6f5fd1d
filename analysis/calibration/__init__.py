"""Calibration weighting under differential privacy: weighted tables computed from noisy counts only.

A calibrated plan (``calibration:`` in :mod:`analysis.plans.model`) has each
weighted table measured once more, finer: the measure × the breakdowns × the
calibration cells (the cross of age group, gender, district …), through the
same Gaussian mechanism and with the same sensitivity as the plain table (a
respondent is in one calibration cell), and the calibration cells' own counts
once. Everything after that is post-processing of those noisy vectors, which
costs no budget: weights per calibration cell by post-stratification or
raking to the population margins, trimmed (:mod:`.weights`); weighted shares
and population totals with intervals that hold the sampling error under the
weights and the noise of both measurements (:mod:`.estimates`); the tables
and the weighting's record as a release stores them (:mod:`.release`).

Weighting corrects for the calibration variables only: respondents who chose
to take part for other reasons (the experience the survey asks about, among
them) are not made representative by it.
"""

from __future__ import annotations

from analysis.calibration.release import Weighting, weigh

__all__ = ["Weighting", "weigh"]
