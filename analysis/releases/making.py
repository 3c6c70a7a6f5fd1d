"""A release as it is stored: the published tables and everything needed to read them honestly.

The stored body carries the plan and its hash, a keyed MAC of the dataset
(``dataset.mac``, see :mod:`anonymize.dataset_mac`), the instrument id and
version, the community review of the instrument's content (:mod:`.review`), each table's mechanism and noise scale, the budget spent (ρ, and the
(ε, δ) it amounts to), the software versions and the time. It never holds a
noise seed (OpenDP draws from the operating system's randomness and has none
to keep) nor any exact count.

Which fields depend on the exact data: only the cells, and only through the
OpenDP mechanisms (estimates, intervals, n and bases are post-processed noisy
values; a cell's status, a share's status and whether a cell has a share at
all follow from those; which write-ins appear, and their order, from the
thresholded noisy counts). A suppressed cell keeps its labels and status only
(:func:`.estimates.hide`). Nothing else reads the data: the plan, its hash,
the instrument, the budget, δ and the thresholds, the noise scales and
sensitivities come from the plan and the instrument; the publisher, software
versions, id and time from the machine (the time is when the release was
made, not anything about the answers). There is no row count, no exact n and
no plain fingerprint. The dataset's MAC is the one exception, and it is never
published (:func:`.release_body.public_body` drops it); releases stored before
it carry a plain SHA-256 (``dataset.fingerprint``), read but likewise dropped.
``pooling`` keeps the noisy values of the hidden count cells (DP outputs, no
further budget) for a regional pool (:mod:`analysis.pooling`); it is dropped
from everything published and leaves only in a contribution file for a pool.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from analysis.audit.secondary_suppression import Suppression, protect
from analysis.audit.settings import Protection
from analysis.budget import DEFAULT_DELTA, approx_dp_epsilon
from analysis.calibration import weigh
from analysis.compute import Computed, compute
from analysis.plans.model import AnalysisPlan
from analysis.pooling.hidden import hidden_section
from analysis.releases.model import Release
from analysis.releases.review import review_body
from instruments.model import Instrument
from instruments.review import ReviewStatus

if TYPE_CHECKING:
    import pandas as pd

FORMAT = 1

INTERVALS = {
    "counts": "95 % interval of the differential-privacy noise: about the people who took part",
    "shares_and_means": (
        "95 % interval of noise and sampling error together; sampling error as if the respondents were a simple"
        " random sample"
    ),
}
NON_PROBABILITY = (
    "The respondents are a non-probability sample (they chose to take part): shares and means describe them, and"
    " the sampling part of the intervals assumes a random sample they are not. They do not represent the population."
)

WEIGHTED = (
    "Weighted tables: 95 % interval of noise and sampling error together, the sampling error under the weights"
    " (linearisation, as for a sample drawn with replacement within the calibration cells); the weights come from"
    " noisy counts only. Weighting corrects for the calibration variables, not for other reasons of taking part."
)


@dataclass(frozen=True)
class Made:
    """A computed release, ready for the ledger (which stores :attr:`body`, its JSON form)."""

    release: Release
    rho: float
    computed: Computed
    suppression: Suppression

    @property
    def release_id(self) -> str:
        return self.release.id

    @property
    def created_at(self) -> str:
        return self.release.created_at

    @property
    def body(self) -> dict[str, Any]:
        """The release as the ledger stores it (:meth:`.releases.model.Release.to_body`)."""
        return self.release.to_body()


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:  # pragma: no cover - running from a source tree that was never installed
        return "unknown"


def plan_hash(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def new_id(now: datetime) -> str:
    """Sortable by time, unguessable in its tail: ``r-20261122T101500-3f9a1c``."""
    return f"r-{now:%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"


def make_release(  # noqa: PLR0917 - each is a different thing, in the order of the pipeline
    plan: AnalysisPlan,
    plan_text: str,
    instrument: Instrument,
    frame: pd.DataFrame,
    dataset_mac: str,
    rho: float,
    publisher: str | None = None,
    total: dict[str, Any] | None = None,
    simulated: int = 0,
    review: ReviewStatus | None = None,
    wave: Mapping[str, Any] | None = None,
) -> Made:
    """Measure the plan with budget ``rho`` and describe the result for storing.

    ``dataset_mac``: the dataset's keyed MAC (:mod:`anonymize.dataset_mac`), stored, never published.
    ``publisher``: who publishes it (the project's name), so that releases of
    several municipalities can be told apart side by side. ``total``: the
    survey's total budget (``rho``) and each change of it after the first
    (``changes``: total, set_at, reason), stated by the release and its report.
    ``simulated``: how many of the dataset's responses were simulated; a
    release with any says so in every report and export made from it.
    ``review``: the community review of the instrument's content (:mod:`.review`), which every report of
    the release states; none: the release records nothing about it.
    """
    weighted_share = plan.calibration.share if plan.calibration is not None else 0.0
    computed = compute(plan, instrument, frame, rho * (1 - weighted_share))
    tables, suppression = protect(computed.tables, Protection(plan.publication.protection_width))
    # Weighted tables: their own measurements with the rest of ρ, and post-processing (analysis.calibration).
    weighting = weigh(plan, instrument, frame, rho * weighted_share, tables) if plan.calibration else None
    measured_rho = computed.rho + (weighting.rho if weighting is not None else 0.0)
    now = datetime.now(UTC)  # to the microsecond: the ledger lists releases in the order they were made
    delta = DEFAULT_DELTA + computed.delta
    body: dict[str, Any] = {
        "format": FORMAT,
        "publisher": publisher,
        "plan": plan.model_dump(mode="json", exclude_none=True),
        "plan_hash": plan_hash(plan_text),
        "instrument": {"id": instrument.id, "version": instrument.version},
        **({"review": review_body(review)} if review is not None else {}),
        "dataset": {"mac": dataset_mac},
        "privacy": {
            "unit": "one respondent (added or removed)",
            "rho": rho,
            "rho_measured": measured_rho,
            "epsilon": approx_dp_epsilon(rho, DEFAULT_DELTA),
            "delta": delta,
            "threshold_delta": computed.delta,
            **({"total": total} if total is not None else {}),
            "definition": "zero-concentrated DP: ρ as budgeted (the mechanisms' OpenDP privacy maps add up to"
            " rho_measured, at most ρ); (ε, δ) by OpenDP's zCDP → approximate-DP conversion, plus the write-in"
            " thresholds' δ",
        },
        "publication": plan.publication.model_dump(mode="json"),
        "suppression": suppression.as_json(),
        # Kept with the analysts (public_body drops it): hidden cells' noisy values, for a regional pool only.
        "pooling": hidden_section(plan, instrument, computed, tables),
        "sample": plan.sample,
        "simulated_responses": simulated,
        "intervals": INTERVALS
        | ({"sample": NON_PROBABILITY} if plan.sample == "non_probability" else {})
        | ({"weighted": WEIGHTED} if weighting is not None else {}),
        "software": {"eqsurvey": _version("eqsurvey"), "opendp": _version("opendp")},
        "created_at": now.isoformat(),
        "tables": [t.stored() for t in tables],
        **({"weighting": weighting.record} if weighting is not None else {}),
        **({"wave": dict(wave)} if wave is not None else {}),
    }
    return Made(Release.from_body(new_id(now), body), rho, computed, suppression)
