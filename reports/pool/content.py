"""A regional pool as the content of a report: the contributors, the method, and the pooled tables.

The tables are shown as a town's report shows its own (:func:`reports.tables.table_view`):
the same columns, flags and "not shown" marks, under the pool's rules. The
contributors are listed with the budget each spent, never added up.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from analysis import tidy
from analysis.pooling.pool import Pool
from analysis.releases.model import PublicationRules
from analysis.releases.tables import TableKind
from instruments.model import Instrument
from kernel.errors import EqSurveyError
from kernel.formula_safe import safe_row
from reports.catalogue import Catalogue
from reports.labels import Label, Labels
from reports.pool import wording as words
from reports.tables import TableView, table_view


@dataclass(frozen=True)
class ContributorRow:
    release: str
    publisher: str
    created: str
    budget: str
    hidden_given: str


@dataclass
class PoolReport:
    t: Catalogue
    title: Label
    contributors: list[ContributorRow]
    budgets: str
    method: list[str]
    tables: list[TableView]
    words: dict[str, str]


def check_pool_instrument(pool: Pool, instrument: Instrument) -> None:
    """A user error unless the pooled releases were made with this instrument id and version."""
    if pool.instrument != (instrument.id, instrument.version):
        made = " ".join(pool.instrument)
        raise EqSurveyError.single(
            "pool-instrument",
            f"the pooled releases were made with instrument {made}, but this project's instrument is"
            f" {instrument.id} {instrument.version}",
            "make the pooled report in a project with the instrument version the towns used",
        )


def build_pool_report(pool: Pool, instrument: Instrument, lang: str) -> PoolReport:
    """The report's content in ``lang`` (labels from the instrument)."""
    check_pool_instrument(pool, instrument)
    t = Catalogue(lang)
    labels = Labels(instrument, t)
    n = t.numbers
    rows = [
        ContributorRow(
            c.release,
            c.publisher or "–",
            t.date(c.created_at),
            f"ρ = {n.significant(c.rho)} (ε = {n.significant(c.epsilon)}, δ = {n.significant(c.delta, 2)})",
            t(words.YES) if c.complete else t(words.NO),
        )
        for c in pool.contributors
    ]
    rules = PublicationRules.model_validate(pool.rules.model_dump(mode="json"))
    views = [
        table_view(table, pool.plan.table(table.id), number, labels, rules, hidden_more=pool.audit.secondary > 0)
        for number, table in enumerate(pool.tables, start=1)
    ]
    for view in views:
        if view.id in pool.shares_withheld:
            view.notes.append(t(words.NOTE_SHARE_WITHHELD))
    method = [
        t(words.METHOD_COUNTS),
        _shares_method(pool, t),
        *([t(words.METHOD_MEANS)] if any(table.kind is TableKind.MEAN for table in pool.tables) else []),
        t(words.METHOD_RULES, below=pool.rules.suppress_below, flag=pool.rules.flag_below),
        t(words.METHOD_AUDIT, secondary=pool.audit.secondary, width=n.significant(pool.audit.protection)),
        *([t(words.METHOD_INCOMPLETE)] if pool.incomplete else []),
        *([t(words.NOT_POOLED, tables=", ".join(pool.not_pooled))] if pool.not_pooled else []),
    ]
    title = t(words.TITLE, count=len(pool.contributors), title=labels.text(instrument.title))
    heading = {
        name: t(msg)
        for name, msg in {
            "subtitle": words.SUBTITLE,
            "contributors": words.CONTRIBUTORS,
            "contributors_caption": words.CONTRIBUTORS_CAPTION,
            "release": words.RELEASE,
            "publisher": words.PUBLISHER,
            "created": words.CREATED,
            "budget": words.BUDGET,
            "hidden_given": words.HIDDEN_GIVEN,
            "tables": words.TABLES,
            "method": words.METHOD,
        }.items()
    }
    return PoolReport(t, Label(title, t.source), rows, t(words.BUDGETS), method, views, heading)


def _shares_method(pool: Pool, t: Catalogue) -> str:
    """How the shares were pooled: by the respondents (the summed counts) or by the towns' populations."""
    if pool.populations is None:
        return t(words.METHOD_SHARES)
    listed = ", ".join(
        f"{c.release}: {t.numbers.count(pool.populations.by_release[c.release])}" for c in pool.contributors
    )
    return t(words.METHOD_POPULATION_SHARES, populations=listed, source=pool.populations.source)


def pool_csv(pool: Pool) -> str:
    """Every pooled cell, one row each, in the tidy columns of a release's export."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=tidy.COLUMNS, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writeheader()
    for table in pool.tables:
        for row in tidy.table_rows(table):
            by = row.pop("by")
            flat = {k: ("" if v is None else v) for k, v in row.items()}
            for i, (name, value) in enumerate(by.items(), start=1):
                flat[f"by_{i}"], flat[f"by_{i}_value"] = name, value
            writer.writerow(safe_row(flat))
    return buffer.getvalue()


def pool_json(pool: Pool) -> str:
    """The pool: contributors, method, rules, the audit's counts and every pooled table."""
    return json.dumps(pool.as_json(), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def render_pool_html(report: PoolReport) -> str:
    """The pooled report as one self-contained, accessible HTML page (``templates/pool.html.j2``)."""
    from reports.render import page

    return page("pool.html.j2", report.t, r=report)
