"""The group shares a preview assumes, and where each comes from: a pilot file, the plan, or the defaults.

Before fielding nobody knows how many respondents each group will have. The
preview takes, per variable, the first of:

1. a pilot file's shares (``--shares pilot.csv``, :mod:`analysis.preview.pilot`);
2. the plan's own reference shares: a representation table states each
   group's share of the population (``reference``); among those who answer,
   the preview expects the same shares (the survey reaches the population as
   it is, which is what the representation table will check);
3. the defaults of :mod:`analysis.preview.pilot` (3 % no answer, 2 % prefer not to
   say, the rest evenly over the answers; variables independent).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from analysis.plans.model import AnalysisPlan
from analysis.preview.pilot import Pilot, answered_share, category_shares, variables
from instruments.dataset import dataset_schema
from instruments.model import Instrument


class Source(StrEnum):
    PILOT = "pilot"
    PLAN = "plan"
    DEFAULTS = "defaults"


@dataclass(frozen=True)
class AssumedShares:
    shares: Pilot
    """Per variable, the expected fraction of all respondents in the categories given (see :mod:`analysis.preview.pilot`)."""
    sources: dict[str, Source] = field(default_factory=dict)
    """Variables whose shares come from the pilot or the plan; every other variable has the defaults."""
    plan_tables: dict[str, str] = field(default_factory=dict)
    """Per variable taken from the plan, the id of the representation table that states its reference shares."""


def assumed_shares(
    plan: AnalysisPlan, instrument: Instrument, pilot: Mapping[str, Mapping[str, float]] | None
) -> AssumedShares:
    """The shares for :func:`analysis.preview.accuracy.preview`: the pilot's, else the plan's reference shares, else defaults."""
    schema = dataset_schema(instrument)
    known = variables(schema)
    shares: Pilot = {name: dict(given) for name, given in (pilot or {}).items()}
    sources = dict.fromkeys(shares, Source.PILOT)
    tables: dict[str, str] = {}
    for table in plan.tables:
        name = table.measure
        if table.kind != "representation" or not table.reference or name in shares or name not in known:
            continue
        dim = known[name][0]
        answering = answered_share(dim, category_shares(dim))
        shares[name] = {code: share * answering for code, share in table.reference.items() if code in dim.categories}
        sources[name], tables[name] = Source.PLAN, table.id
    return AssumedShares(shares, sources, tables)
