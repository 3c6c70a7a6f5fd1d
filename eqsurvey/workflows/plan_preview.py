"""The accuracy preview of a plan in a reader's language: what ``eqsurvey plan preview`` prints and the console shows.

It reads no responses, spends no budget and needs no key: the plan, its
instrument, the project's total budget and, if given, a pilot's group shares.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from analysis.plans.model import AnalysisPlan
    from analysis.preview.accuracy import Planned
    from analysis.preview.assumed_shares import AssumedShares
    from instruments.model import Instrument
    from kernel.privacy_budget import PrivacyBudget
    from reports.preview.page import PreviewWords


@dataclass(frozen=True)
class PreparedPreview:
    """A plan's preview worked out for any number of respondents: its layouts, budget split, noise scales and,
    once searched, each table's respondents needed (none of which depends on the number)."""

    file: Path
    instrument: Instrument
    total: PrivacyBudget
    shares: Path | None
    assumed: AssumedShares
    planned: Planned


def prepare_preview(
    file: Path, plan: AnalysisPlan, instrument: Instrument, total: PrivacyBudget, shares: Path | None = None
) -> PreparedPreview:
    """The preview of ``plan`` (from ``file``), ready for :func:`preview_words` at any number of respondents."""
    from analysis.preview.accuracy import Planned
    from analysis.preview.assumed_shares import assumed_shares
    from analysis.preview.pilot import read_pilot

    pilot = read_pilot(shares, instrument) if shares is not None else None
    assumed = assumed_shares(plan, instrument, pilot)
    planned = Planned(plan, instrument, float(total.share(plan.budget_share)), assumed.shares)
    return PreparedPreview(file, instrument, total, shares, assumed, planned)


def preview_words(prepared: PreparedPreview, *, respondents: int, lang: str) -> PreviewWords:
    """The preview for ``respondents`` people: verdicts, cells and the split, in ``lang``.

    Example: ``preview_words(prepare_preview(path, plan, instrument, total), respondents=1200, lang="de").verdict(0)``
    """
    from analysis.preview.verdicts import plan_verdict
    from reports.catalogue import Catalogue
    from reports.labels import Labels
    from reports.preview.page import PlanPreview, PreviewWords

    planned = prepared.planned
    result = planned.at(respondents)
    verdicts = plan_verdict(planned, result.tables)
    preview = PlanPreview(
        prepared.file, planned.plan, float(prepared.total), result, verdicts, prepared.assumed, prepared.shares
    )
    return PreviewWords(preview, Labels(prepared.instrument, Catalogue(lang)))
