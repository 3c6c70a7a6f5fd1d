"""One stored release + its instrument + a language → the report's content, ready to lay out.

Everything the templates show is decided here (and in :mod:`.tables`,
:mod:`.findings`, :mod:`.figures`, :mod:`.method`): which tables, in which
order, with which labels, numbers, flags and notes. Nothing is computed from
responses and no noise is drawn: the numbers are the release's, formatted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from analysis.release_body import public_body
from instruments.errors import EqSurveyError
from instruments.model import Instrument

from .catalogue import Catalogue
from .charts import render_svg
from .figures import chart_spec
from .findings import Finding, findings
from .labels import STATUS_CODES, Label, Labels
from .method import Methodology, methodology
from .tables import TableView, is_group, table_view


@dataclass(frozen=True)
class Figure:
    svg: str
    caption: str


@dataclass
class Section:
    table: TableView
    figure: Figure | None


@dataclass
class Participation:
    total: str | None
    """The noisy number of respondents, formatted; None when no table shows every part of it."""
    at_least: str | None
    groups: list[tuple[Label, list[tuple[Label, str]]]] = field(default_factory=list)


@dataclass
class Report:
    t: Catalogue
    release_id: str
    title: Label
    created: str
    participation: Participation
    findings: list[Finding]
    sections: list[Section]
    method: Methodology
    protection: list[str]
    sample: str | None
    """The non-probability caveat for the summary, where it applies."""

    @property
    def lang(self) -> str:
        return self.t.lang


def check_instrument(release: dict[str, Any], instrument: Instrument) -> None:
    """A user error unless the release was made with this instrument id and version."""
    made = release.get("instrument") or {}
    if (made.get("id"), made.get("version")) != (instrument.id, instrument.version):
        raise EqSurveyError.single(
            "release-instrument",
            f"release {release.get('id')} was made with instrument {made.get('id')} {made.get('version')},"
            f" but this project's instrument is {instrument.id} {instrument.version}",
            "render it with the instrument version it was made with (e.g. check that version out of version"
            " control), or make a new release with the current instrument",
        )


def _partition(measure: str, cells: list[dict[str, Any]], labels: Labels) -> list[dict[str, Any]]:
    """The cells every respondent of a group is in exactly one of: a multiple choice's status, else all."""
    if labels.is_multi(measure):
        return [c for c in cells if c["measure"] in STATUS_CODES]
    return cells


def _complete(cells: list[dict[str, Any]]) -> float | None:
    """The sum of the cells' estimates if every one is shown."""
    return sum(c["estimate"] for c in cells) if all(c["status"] != "suppressed" for c in cells) else None


def _group_sizes(release: dict[str, Any], labels: Labels) -> dict[str, dict[str, float | str]]:
    """Each breakdown's groups: the size a table without breakdown shows for it, else the sum of a table
    by it alone, else why there is none (``suppressed``: the group is too small; ``unknown``)."""
    counted = [tb for tb in release["tables"] if tb["kind"] in ("counts", "representation")]
    names = list(dict.fromkeys(b for tb in release["tables"] for b in tb["by"]))
    names += [
        tb["measure"] for tb in release["tables"] if tb["kind"] == "representation" and tb["measure"] not in names
    ]
    sizes: dict[str, dict[str, float | str]] = {name: {} for name in names}
    for tb in counted:  # a table of the breakdown itself: its cells are the groups
        if not tb["by"] and tb["measure"] in sizes and not labels.is_multi(tb["measure"]):
            for c in tb["cells"]:
                shown = c["status"] != "suppressed"
                sizes[tb["measure"]].setdefault(c["measure"], c["estimate"] if shown else "suppressed")
    for tb in counted:  # a table by the breakdown alone: a group is the sum of its cells
        if len(tb["by"]) == 1:
            groups: dict[str, list[dict[str, Any]]] = {}
            for c in _partition(tb["measure"], tb["cells"], labels):
                groups.setdefault(c["by"][tb["by"][0]], []).append(c)
            for code, members in groups.items():
                total = _complete(members)
                sizes[tb["by"][0]].setdefault(code, total if total is not None else "unknown")
                if sizes[tb["by"][0]][code] == "unknown" and total is not None:
                    sizes[tb["by"][0]][code] = total
    return sizes


def participation(release: dict[str, Any], labels: Labels) -> Participation:
    """How many took part, overall and in each breakdown's groups (noisy counts, as the tables show them)."""
    t, n = labels.t, labels.t.numbers
    total: float | None = None
    at_least = 0.0
    for tb in release["tables"]:
        if tb["kind"] not in ("counts", "representation") or any(labels.is_multi(b) for b in tb["by"]):
            continue  # the groups of a multiple choice overlap: their sum is not the number of people
        cells = _partition(tb["measure"], tb["cells"], labels)
        total = total if total is not None else _complete(cells)
        at_least = max(at_least, sum(c["estimate"] for c in cells if c["status"] != "suppressed"))
    words = {"suppressed": t("table.suppressed"), "unknown": t("summary.size_unknown")}
    groups = [
        (labels.variable(name), [(labels.category(name, code), words[v] if isinstance(v, str) else n.count(v))
                                 for code, v in found.items()])
        for name, found in _group_sizes(release, labels).items() if found
    ]  # fmt: skip
    return Participation(
        total=n.count(total) if total is not None else None,
        at_least=n.count(at_least) if total is None and at_least > 0 else None,
        groups=groups,
    )


def _figure(view: TableView, labels: Labels) -> Figure | None:
    spec = chart_spec(view, labels)
    if spec is None:
        return None
    t = labels.t
    caption = t("chart.caption", number=view.number, title=view.title)
    if any(not all(is_group(v) for v in (r.cell.get("by") or {}).values()) for r in view.rows):
        caption += " " + t("chart.caption_groups")
    return Figure(render_svg(spec), caption)


def protection(release: dict[str, Any], t: Catalogue) -> list[str]:
    """What the privacy protection means, in words and in the release's numbers."""
    n, privacy, rules = t.numbers, release["privacy"], release["publication"]
    epsilon, delta = privacy["epsilon"], privacy["delta"]
    return [
        t("summary.protection_words"),
        # (ε, δ) for one person: P(result | with you) ≤ e^ε P(result | without you) + δ, so the odds anyone
        # gives to your taking part move by at most e^ε; one answer against another is two such steps
        # (group privacy: e^2ε, δ (1 + e^ε)).
        t("summary.protection_meaning", epsilon=n.significant(epsilon), factor=n.exp(epsilon),
          factor2=n.exp(2 * epsilon), delta=n.significant(delta, 2),
          delta2=n.significant(delta * (1 + math.exp(min(epsilon, 700))), 2)),
        t("summary.protection_numbers", rho=n.significant(privacy["rho"]), epsilon=n.significant(privacy["epsilon"]),
          delta=n.significant(privacy["delta"], 2)),
        t("summary.protection_small", below=rules["suppress_below"], flag=rules["flag_below"]),
    ]  # fmt: skip


def build_report(release: dict[str, Any], instrument: Instrument, lang: str, fieldwork: str | None = None) -> Report:
    """The report's content (see the module docstring); ``release`` is ``{"id": …, **stored body}``."""
    check_instrument(release, instrument)
    release = public_body(release)
    t = Catalogue(lang)
    labels = Labels(instrument, t)
    rules = release["publication"]
    plans = {p["id"]: p for p in release["plan"]["tables"]}
    views = [
        table_view(table, plans.get(table["id"], {}), number, labels, rules)
        for number, table in enumerate(release["tables"], start=1)
    ]
    return Report(
        t=t,
        release_id=release["id"],
        title=labels.text(instrument.title),
        created=t.date(release["created_at"]),
        participation=participation(release, labels),
        findings=findings(views, labels, rules),
        sections=[Section(v, _figure(v, labels)) for v in views],
        method=methodology(release, instrument, labels, views, fieldwork),
        protection=protection(release, t),
        sample=t("summary.sample") if release.get("sample", "non_probability") == "non_probability" else None,
    )
