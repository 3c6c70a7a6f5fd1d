"""What the documents say about a project, as plain values gathered by the composition root.

:func:`eqsurvey.workflows.documents.gather` fills :class:`ProjectFacts` from the config, the
instrument, the plan, the partners' reviews and the public parts of the keys; this package never
reads a project itself (it may not import the stages that hold keys and stores). Nothing here is
a secret or a response.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from analysis.plans.model import AnalysisPlan
from instruments.model import Instrument
from instruments.review import Standing

Text = str | dict[str, str]
"""A statement from the config: one text for every language, or texts by language."""


@dataclass(frozen=True)
class Statements:
    """``[documents]`` of the config: what only the controller can state."""

    legal_basis: Literal["consent", "public_interest", "research"]
    statutory_provision: Text | None
    dpo: Text
    collector: Text
    key_holders: Text
    recipients: tuple[Text, ...]
    transfers: Text
    publication: Text
    special_categories: dict[str, tuple[str, ...]]
    """Art. 9(1) categories of questions the controller names itself (question id → codes)."""


@dataclass(frozen=True)
class KeyFacts:
    key_id: str
    suite: Literal["x25519", "mlkem768-x25519"]
    generations: int
    """How many key pairs the project has had (rotation keeps old private keys for old responses)."""
    folder: str
    """The key folder as the config names it, relative to the project."""


@dataclass(frozen=True)
class StoreFacts:
    kind: Literal["sqlite", "postgresql"]
    where: str
    """The SQLite file relative to the project, or the PostgreSQL server and database (never a password)."""


@dataclass(frozen=True)
class BudgetFacts:
    total_rho: str
    total_epsilon: float
    delta: float
    release_rho: str
    release_epsilon: float
    releases: int
    """How many releases of the plan the total allows."""
    minimum: int
    """The fewest respondents a release is made for."""
    minimum_configured: bool
    """Whether the config's ``min_respondents`` set the minimum (else the plan's ``suppress_below``)."""


@dataclass(frozen=True)
class ProjectFacts:
    project_name: str
    instrument: Instrument
    plan: AnalysisPlan
    statements: Statements
    keys: KeyFacts
    store: StoreFacts
    budget: BudgetFacts
    access: Literal["invitations", "open"] | None
    fieldwork: str | None
    simulated: bool
    standings: tuple[Standing, ...]
    state_hash: str
