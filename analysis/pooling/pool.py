"""A regional pool: the towns' releases checked, their count tables added up, audited together, and described.

The result is a :class:`Pool`: the contributors (each town's release id,
publisher, date and budget, listed and never added: each protects its own
respondents), the pooled count tables (published cells, as a town's release
has them), the rules they were published under, the audit, and what was not
pooled (tables other than counts, cells a plain release file leaves unknown).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from analysis.audit.settings import Protection
from analysis.plans.model import Publication
from analysis.pooling.combine import pool_tables, strictest
from analysis.pooling.means import answer_scales, mean_tables
from analysis.pooling.populations import Populations, weighted_shares, withheld
from analysis.pooling.protect import PoolAudit, protect_pool
from analysis.pooling.sources import Contribution, check_together
from analysis.releases.model import PlanRecord
from analysis.releases.tables import COUNTED, PublishedTable, TableKind
from instruments.model import Instrument

METHOD = "inverse_variance"
POPULATION_METHOD = "population_weighted"
COUNTS_NOTE = (
    "Counts are the towns' published noisy counts added up (post-processing: no budget spent); their noise is the"
    " towns' noise added up."
)
SHARES_NOTE = (
    "Shares are of the summed counts: the inverse-variance combination of the towns' shares under a common share"
    " (each town weighted by its respondents in the group)."
)
POPULATION_NOTE = (
    "Shares are the towns' published shares weighted by the towns' populations (source: {source}), where every town"
    " shows the share; a cell whose share some town does not show gives its pooled count only."
)
MEANS_NOTE = (
    "Means are the towns' published means weighted by their respondents, where every town shows the group's mean."
)
BUDGETS_NOTE = "Each town's budget protects its own respondents: the budgets are listed, not added."


@dataclass(frozen=True)
class Contributor:
    file: str
    release: str
    publisher: str | None
    created_at: str
    rho: float
    epsilon: float
    delta: float
    complete: bool
    """Whether the town gave its hidden cells' values (a contribution file), not only its public release."""


@dataclass(frozen=True)
class Pool:
    instrument: tuple[str, str]
    contributors: tuple[Contributor, ...]
    tables: tuple[PublishedTable, ...]
    rules: Publication
    audit: PoolAudit
    not_pooled: tuple[str, ...]
    """Tables of the towns' releases that are not pooled: write-ins, and means without a scale or not alike in every town."""
    plan: PlanRecord
    """The first town's plan (its tables' labels and reference shares)."""
    populations: Populations | None = None
    """The towns' populations, if shares are weighted by them (:mod:`.populations`)."""
    shares_withheld: tuple[str, ...] = ()
    """Tables with a shown count whose share is not shown: some town does not show it, so it is not weighted."""

    @property
    def method(self) -> str:
        return METHOD if self.populations is None else POPULATION_METHOD

    @property
    def note(self) -> str:
        """How the tables were pooled, in a few sentences (the report says it in its reader's language)."""
        shares = SHARES_NOTE if self.populations is None else POPULATION_NOTE.format(source=self.populations.source)
        return " ".join((COUNTS_NOTE, shares, MEANS_NOTE, BUDGETS_NOTE))

    @property
    def incomplete(self) -> bool:
        """Whether some town gave only its public release (its hidden cells unknown to the pool)."""
        return not all(c.complete for c in self.contributors)

    def table_by_id(self, table_id: str) -> PublishedTable:
        return next(t for t in self.tables if t.id == table_id)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": "regional pool of releases (eqsurvey report pool)",
            "instrument": {"id": self.instrument[0], "version": self.instrument[1]},
            "method": self.method,
            "contributors": [c.__dict__ for c in self.contributors],
            "publication": self.rules.model_dump(mode="json"),
            "suppression": {
                "town_hidden": self.audit.town_hidden,
                "primary": self.audit.primary,
                "secondary": self.audit.secondary,
                "protection": self.audit.protection,
                "hidden_where_a_town_hides": self.audit.floor,
            },
            "not_pooled": list(self.not_pooled),
            **({"shares_withheld": list(self.shares_withheld)} if self.populations is not None else {}),
            "note": self.note,
            **(
                {"populations": {"source": self.populations.source, **self.populations.by_release}}
                if self.populations is not None
                else {}
            ),
            "tables": [t.stored() for t in self.tables],
        }


def pool(
    contributions: Sequence[Contribution],
    instrument: Instrument | None = None,
    populations: Populations | None = None,
) -> Pool:
    """The pool of the towns' releases (checked first; see :mod:`analysis.pooling`).

    Mean tables are pooled given the ``instrument`` (their answer scales come from it); shares are weighted by
    the towns' ``populations`` if given (:mod:`.populations`), else by their respondents.
    """
    check_together(contributions)
    rules = strictest(contributions)
    counted = pool_tables(contributions, rules)
    counted, audit = protect_pool(contributions, counted, Protection(rules.protection_width))
    if populations is not None:
        weights = populations.weights([c.release.id for c in contributions])
        by_respondents, counted = counted, weighted_shares(counted, contributions, weights, rules)
        without_share = withheld(by_respondents, counted)
    else:
        without_share = ()
    first = contributions[0].release
    scales = answer_scales(first.tables, instrument) if instrument is not None else {}
    means, left = mean_tables(contributions, scales, rules)
    by_id = {t.id: t for t in (*counted, *means)}
    tables = tuple(by_id[t.id] for t in first.tables if t.id in by_id)
    contributors = tuple(
        Contributor(
            c.file,
            c.release.id,
            c.release.publisher,
            c.release.created_at,
            float(c.release.privacy.rho),
            float(c.release.privacy.epsilon),
            float(c.release.privacy.delta),
            c.hidden is not None,
        )
        for c in contributions
    )
    not_pooled = tuple(t.id for t in first.tables if t.kind not in COUNTED and t.kind is not TableKind.MEAN) + left
    made_with = (first.instrument.id, first.instrument.version)
    return Pool(made_with, contributors, tables, rules, audit, not_pooled, first.plan, populations, without_share)
