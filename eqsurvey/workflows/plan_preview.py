"""The accuracy preview of a plan in a reader's language: what ``eqsurvey plan preview`` prints and the console shows.

It reads no responses, spends no budget and needs no key: the plan, its
instrument, the project's total budget and, if given, a pilot's group shares.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from analysis.plans.model import AnalysisPlan
    from instruments.model import Instrument
    from kernel.privacy_budget import PrivacyBudget
    from reports.preview.page import PreviewWords


def preview_words(
    file: Path,
    plan: AnalysisPlan,
    instrument: Instrument,
    total: PrivacyBudget,
    *,
    respondents: int,
    lang: str,
    shares: Path | None = None,
) -> PreviewWords:
    """The preview of ``plan`` (from ``file``) for ``respondents`` people: verdicts, cells and the split, in ``lang``.

    Example: ``preview_words(path, plan, instrument, total, respondents=1200, lang="de").verdict(0)``
    """
    from analysis.preview.accuracy import Planned
    from analysis.preview.assumed_shares import assumed_shares
    from analysis.preview.pilot import read_pilot
    from analysis.preview.verdicts import plan_verdict
    from reports.catalogue import Catalogue
    from reports.labels import Labels
    from reports.preview.page import PlanPreview, PreviewWords

    pilot = read_pilot(shares, instrument) if shares is not None else None
    assumed = assumed_shares(plan, instrument, pilot)
    planned = Planned(plan, instrument, float(total.share(plan.budget_share)), assumed.shares)
    result = planned.at(respondents)
    verdicts = plan_verdict(planned, result.tables)
    return PreviewWords(
        PlanPreview(file, plan, float(total), result, verdicts, assumed, shares), Labels(instrument, Catalogue(lang))
    )
