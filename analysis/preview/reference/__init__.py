"""The sourced reference shares of city types: the target planner's defaults where no pilot says otherwise.

``city_types.yaml`` holds, per city type, shares of the population in groups
of the instrument library's questions, each with its source (publication,
table or passage, year, address). Only checked figures are in it; groups
without one are left to the preview's defaults. :func:`reference_shares`
turns a type's population shares into expected shares of *respondents* the
way :mod:`analysis.preview.assumed_shares` does with a plan's reference
shares: among those who answer, the population's shares.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from ruamel.yaml import YAML

from analysis.preview.pilot import Pilot, answered_share, category_shares, variables
from instruments.dataset import dataset_schema
from instruments.model import Instrument
from kernel.errors import EqSurveyError, Location, Problem

FILE = "city_types.yaml"


@dataclass(frozen=True)
class ReferenceShare:
    variable: str
    category: str
    share: float
    """Of the population."""
    source: dict[str, Any]
    note: str | None = None


def city_types() -> dict[str, dict[str, Any]]:
    """The reference file as read: per city type, its label and shares with their sources."""
    text = (files(__package__) / FILE).read_text(encoding="utf-8")
    data: dict[str, Any] = YAML(typ="safe").load(text)
    types: dict[str, dict[str, Any]] = data["city_types"]
    return types


def reference_figures(city_type: str) -> list[ReferenceShare]:
    """The checked figures of ``city_type``; a user error naming the known types if there is no such type."""
    types = city_types()
    if city_type not in types:
        raise EqSurveyError(
            [
                Problem(
                    "unknown-city-type",
                    Location(field="city-type"),
                    f"there is no city type '{city_type}' in the reference file",
                    f"use one of: {', '.join(types)} (or give your own figures as a pilot file with --shares)",
                )
            ]
        )
    return [
        ReferenceShare(s["variable"], s["category"], float(s["share"]), dict(s["source"]), s.get("note"))
        for s in types[city_type].get("shares", [])
    ]


def reference_shares(city_type: str, instrument: Instrument) -> tuple[Pilot, list[ReferenceShare]]:
    """Expected shares of respondents from the type's figures, for the variables ``instrument`` has; and the
    figures used (with their sources). Figures of variables the instrument does not ask are left out."""
    known = variables(dataset_schema(instrument))
    shares: Pilot = {}
    used = []
    for figure in reference_figures(city_type):
        dims = known.get(figure.variable)
        if dims is None or figure.category not in dims[0].categories:
            continue
        answering = answered_share(dims[0], category_shares(dims[0]))
        shares.setdefault(figure.variable, {})[figure.category] = figure.share * answering
        used.append(figure)
    return shares, used
