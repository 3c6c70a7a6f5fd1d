"""analysis: the differential-privacy layer (plans, accuracy preview, budget ledger, OpenDP releases).

Modules, subpackages and their roles:

- ``budget``: privacy budgets in zCDP (ρ, :class:`PrivacyBudget`, exact decimals
  from the kernel) and their (ε, δ) equivalent, as OpenDP converts them; the
  conventional level above which plans are warned about.
- ``ledger``: the budget ledger's interface (:class:`BudgetLedger`), which the
  response store implements; its rules (fit, fixed total) are ``kernel.ledger``'s.
- ``plans`` (package): ``model``, the analysis plan (tables: counts, matrices, means,
  representation, write-ins; publication rules; budget share); ``check``: a plan against its
  instrument (measures and breakdowns that exist and fit, no direct identifiers, reference
  shares, budget splits); ``scales``: the plan's budget against the noise it buys; ``loader``:
  plan YAML → model, every problem with file and line; ``dimensions``: how a variable sorts
  respondents into cells (status categories for multiple choice, the bound on how many one
  person is in); ``layout``: each table's cells, parts and sensitivities from the instrument
  alone, and the closed-form budget split; ``margins`` and ``calibration_check``: a calibrated
  plan's population margins (the CSV beside the plan) and its ``calibration`` block checked.
- ``preview`` (package): ``accuracy`` and ``pilot``: the accuracy a plan will have with N
  respondents (expected shares: stated defaults or a pilot CSV), before any data exist;
  ``assumed_shares``: which shares a preview takes and from where; ``verdicts``: per table
  publishable / only the largest groups / not publishable, and the respondents that make it so;
  ``weighted``: a calibrated plan's weighted tables previewed with the release's own weights.
- ``calibration/`` (package): calibration weighting under DP: ``weights`` (raking,
  post-stratification, bounded trimming), ``estimates`` (weighted shares and totals, linearised
  variance with sampling error and both noises), ``release`` (the weighted tables measured and
  published, and the release's ``weighting`` record).
- ``tally/`` (package): a release's exact cells in few passes over the data (``axes``: each
  variable as small codes read from the dataset's own arrays; ``patterns``: a multiple choice's
  answers as patterns, the multi-select bound enforced; ``passes``: blocks counted together, one
  ``bincount`` per slice of rows; ``tables``: every counted and mean table's parts).
- ``tabulate``: exact cell vectors from the dataset, the multi-select bound enforced (what ``tally``
  cannot count, calibrated tables, and the reference the benchmarks check against).
- ``mechanisms``: the OpenDP measurements (Gaussian; thresholded Gaussian for write-ins).
- ``consistency``: shared margins made to agree (post-processing, linear and
  unbiased; nothing clamped), and the exact noise of every consistent cell.
- ``intervals/``: the 95 % intervals: counts (unified interval, never below
  zero), shares, means, write-ins given their publication.
- ``suppression``: the suppression rule (a cell's status from its count and base:
  shown, uncertain, suppressed) and the imprecision flag of shares; ``published``: what
  each cell shows (counts, shares, means with their intervals) under those rules.
- ``compute``: one release of a plan over a dataset (exact vectors → noise → consistency →
  published cells).
- ``releases/`` (package): ``making`` (``make_release``: a release and its stored body),
  ``body`` (a stored body checked before anything reads it), ``guard`` (before a release
  spends: the minimum number of respondents, and when to ask first), and the release as
  typed, frozen values (``model``, ``tables``, ``cells``: ``Release``, ``PublishedTable``,
  ``PublishedCell``, ``CellStatus``, ``TableKind``), read from and written back to the
  stored JSON body exactly.
- ``tidy``: a stored release as one row per cell (CSV, JSON).
- ``changes``: changes between two survey waves' releases, each with a 95 % interval combining both
  waves' noise and sampling error (MOVER); codes of an earlier version through the version mapping.
- ``audit/``: the disclosure audit, an attacker's linear programs bounding
  every suppressed count cell from what releases publish.
- ``pooling/``: regional pools of several towns' releases (hidden cells' noisy values kept for
  them, contribution files, pooled count tables, the audit of the pool with every town's tables).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kernel.lazy import lazy_exports

_PUBLIC = {
    "AnalysisPlan": "analysis.plans.model",
    "BudgetError": "analysis.ledger",
    "BudgetLedger": "analysis.ledger",
    "CellStatus": "analysis.releases.cells",
    "LoadedPlan": "analysis.plans.loader",
    "PlanError": "analysis.plans.loader",
    "PrivacyBudget": "analysis.budget",
    "PublishedCell": "analysis.releases.cells",
    "PublishedTable": "analysis.releases.tables",
    "Release": "analysis.releases.model",
    "ShareStatus": "analysis.releases.cells",
    "TableKind": "analysis.releases.tables",
    "approx_dp_epsilon": "analysis.budget",
    "body_problems": "analysis.releases.body",
    "load_plan": "analysis.plans.loader",
    "make_release": "analysis.releases.making",
    "read_pilot": "analysis.preview.pilot",
    "parse_plan": "analysis.plans.loader",
    "public_body": "analysis.releases.body",
}

__all__ = [
    "AnalysisPlan",
    "BudgetError",
    "BudgetLedger",
    "CellStatus",
    "LoadedPlan",
    "PlanError",
    "PrivacyBudget",
    "PublishedCell",
    "PublishedTable",
    "Release",
    "ShareStatus",
    "TableKind",
    "approx_dp_epsilon",
    "body_problems",
    "load_plan",
    "make_release",
    "parse_plan",
    "public_body",
    "read_pilot",
]

if TYPE_CHECKING:  # the real types for type checkers; at run time each name is imported on first use
    from analysis.budget import PrivacyBudget, approx_dp_epsilon
    from analysis.ledger import BudgetError, BudgetLedger
    from analysis.plans.loader import LoadedPlan, PlanError, load_plan, parse_plan
    from analysis.plans.model import AnalysisPlan
    from analysis.preview.pilot import read_pilot
    from analysis.releases.body import body_problems, public_body
    from analysis.releases.cells import CellStatus, PublishedCell, ShareStatus
    from analysis.releases.making import make_release
    from analysis.releases.model import Release
    from analysis.releases.tables import PublishedTable, TableKind
else:
    __getattr__ = lazy_exports(__name__, _PUBLIC)
