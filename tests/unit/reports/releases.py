"""Real releases of the synthetic survey (tests/unit/analysis/synthetic.py), made with OpenDP, for report tests.

Every kind of table is there: counts by a group, a multiple choice overall and
by an intersection, a mean, a matrix, a representation table and write-ins.
With 400 respondents and the default rules the small group's cells fall under
20 (suppressed) or 20–49 (uncertain), so every status occurs.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

import numpy as np

from analysis.releases.cells import PublishedCell
from analysis.releases.making import make_release
from analysis.releases.model import PublicationRules, Release
from analysis.releases.tables import PublishedTable
from tests.unit.analysis.synthetic import INSTRUMENT, draw, frame, plan

PRIMARY_ONLY = "{suppress_below: 20, flag_below: 50, protection: 0}"
"""Publication rules without secondary suppression: for tests that hide cells by hand, so that theirs are the
only hidden cells besides those under the threshold."""

TABLES = """\
  - {id: discrimination, kind: counts, measure: discr, by: [group]}
  - {id: grounds, kind: counts, measure: grounds}
  - {id: grounds_x, kind: counts, measure: grounds, by: [group, discr]}
  - {id: trust, kind: mean, measure: trust, by: [group]}
  - {id: domains, kind: matrix, measure: domains, by: [group]}
  - {id: representation, kind: representation, measure: group, reference: {big: 0.7, small: 0.3}}
  - {id: notes, kind: write_ins, measure: note}
"""


@cache
def _made(seed: int, n: int, publication: str) -> dict[str, Any]:
    made = make_release(
        plan(TABLES, publication), TABLES, INSTRUMENT, frame(draw(np.random.default_rng(seed), n)), "sha256:test", 1.0
    )
    return {"id": made.release_id, **made.body}


def release(seed: int = 1, n: int = 400, publication: str = "{suppress_below: 20, flag_below: 50}") -> dict[str, Any]:
    """A stored release as the report commands get it: ``{"id": …, **body}`` (a fresh copy)."""
    return copy.deepcopy(_made(seed, n, publication))


def cells(body: dict[str, Any], status: str | None = None) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(table, cell) pairs of the release, optionally only those of one status."""
    return [(t, c) for t in body["tables"] for c in t["cells"] if status is None or c["status"] == status]


def typed(release: dict[str, Any]) -> Release:
    """A release in the ``{"id": …, **body}`` form the tests edit, as the reports take it."""
    return Release.from_shown(release)


def typed_all(releases: list[dict[str, Any]]) -> list[Release]:
    return [typed(r) for r in releases]


def typed_table(table: dict[str, Any]) -> PublishedTable:
    return PublishedTable.model_validate(table)


def typed_rules(rules: dict[str, Any]) -> PublicationRules:
    return PublicationRules.model_validate(rules)


def hide(cell: dict[str, Any]) -> dict[str, Any]:
    """A stored cell as suppression leaves it (:meth:`analysis.releases.cells.PublishedCell.hidden`)."""
    return PublishedCell.model_validate(cell).hidden().stored()
