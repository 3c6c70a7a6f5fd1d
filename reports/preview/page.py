"""An accuracy preview for people: the verdicts and cells of :mod:`analysis.preview.accuracy` in the reader's language.

Everything the preview says comes from the catalogue (``preview.*``) or, for
questions, answers and groups, from the instrument through :class:`Labels`,
so no code of the instrument or the plan reaches the reader
(:mod:`reports.preview.text` prints it). ``as_json``
gives the same content for scripts: codes *and* labels, verdicts as the stable
identifiers of :class:`analysis.preview.verdicts.Verdict`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.plans.model import AnalysisPlan, Table
from analysis.preview.accuracy import CellPreview, Preview, TablePreview
from analysis.preview.assumed_shares import AssumedShares, Source
from analysis.preview.pilot import DECLINED_SHARE, MISSING_SHARE
from analysis.preview.verdicts import (
    MAX_RESPONDENTS,
    PUBLISHABLE_FLAGGED,
    PUBLISHABLE_SUPPRESSED,
    UNPUBLISHABLE,
    PlanVerdict,
    Verdict,
    is_answer_cell,
)
from instruments.text import COLUMN_SEP
from kernel.i18n import Msg
from reports.labels import Labels
from reports.preview import wording as words


@dataclass(frozen=True)
class PlanPreview:
    """One preview with its verdicts, and what it assumed."""

    file: Path
    plan: AnalysisPlan
    total_rho: float
    result: Preview
    verdicts: PlanVerdict
    assumed: AssumedShares
    shares_file: Path | None


def table_title(labels: Labels, table: Table) -> str:
    """A table's title: its own label, else "MEASURE by GROUPS" from the instrument's wording."""
    if table.label:
        return labels.text(table.label)
    measure = labels.variable(table.measure)
    if not table.by:
        return measure
    groups = str(labels.ui(Msg("preview.and", " and "))).join(labels.variable(b) for b in table.by)
    return str(labels.ui(Msg("preview.by", "{measure} by {groups}"), measure=measure, groups=groups))


class PreviewWords:
    """The words of one preview in one language."""

    def __init__(self, preview: PlanPreview, labels: Labels) -> None:
        self.p, self.labels = preview, labels
        self.numbers = labels.t.numbers

    def t(self, msg: Msg, **values: object) -> str:
        """The catalogue's wording of ``msg``."""
        return str(self.labels.ui(msg, **values))

    def title(self, table: Table) -> str:
        return table_title(self.labels, table)

    def answer(self, table: TablePreview, cell: CellPreview) -> str:
        if cell.measure is None:
            return ""
        variable = f"{table.measure}{COLUMN_SEP}{cell.row}" if cell.row else table.measure
        return self.labels.category(variable, cell.measure)

    def row(self, table: TablePreview, cell: CellPreview) -> str:
        return self.labels.row(table.measure, cell.row) if cell.row else ""

    def group(self, cell: CellPreview) -> str:
        return self.labels.group(cell.by) if cell.by else self.t(Msg("preview.everyone", "Everyone"))

    def percent(self, value: float) -> str:
        return self.numbers.whole_percent(100 * value)

    def header(self) -> list[str]:
        """The title, the overall verdict, what a release spends, and the group sizes assumed."""
        p, v, n = self.p, self.p.verdicts, self.numbers
        counts = {
            "publishable": v.counts[Verdict.PUBLISHABLE],
            "largest": v.counts[Verdict.LARGEST_GROUPS_ONLY],
            "unpublishable": v.counts[Verdict.NOT_PUBLISHABLE],
            "tables": sum(v.counts.values()),
        }
        return [
            self.t(
                Msg("preview.title", "Accuracy preview of {plan} for {respondents} respondents"),
                plan=p.file.name,
                respondents=n.count(p.result.respondents),
            ),
            self.t(words.OVERALL[v.verdict], **counts),
            self.t(
                Msg("preview.needed_all", "With {needed} or more respondents every table would be publishable."),
                needed=n.count(v.respondents_needed),
            )
            if v.respondents_needed is not None
            else self.t(
                Msg("preview.needed_beyond", "Even {cap} respondents would not make every table publishable."),
                cap=n.count(MAX_RESPONDENTS),
            ),
            self.t(
                words.PREVIEW_SPEND,
                share=n.share(p.plan.budget_share),
                rho=n.significant(p.result.rho),
                total=n.significant(p.total_rho),
            ),
        ]

    def assumptions(self) -> list[str]:
        a, out = self.p.assumed, []
        defaults = {"missing": self.percent(MISSING_SHARE), "declined": self.percent(DECLINED_SHARE)}
        if not a.sources:
            return [self.t(words.PREVIEW_SHARES_ALL_DEFAULTS, **defaults)]
        for name, source in a.sources.items():
            variable = self.labels.variable(name)
            if source is Source.PILOT:
                out.append(
                    self.t(
                        Msg("preview.shares_pilot", "{variable}: the shares in {file}."),
                        variable=variable,
                        file=self.p.shares_file,
                    )
                )
            else:
                table = next(t for t in self.p.plan.tables if t.id == a.plan_tables[name])
                out.append(
                    self.t(
                        Msg("preview.shares_plan", "{variable}: the population shares the plan gives for “{table}”."),
                        variable=variable,
                        table=self.title(table),
                    )
                )
        return [*out, self.t(words.PREVIEW_SHARES_DEFAULTS, **defaults)]

    def verdict(self, index: int) -> list[str]:
        """One table's verdict and the respondents it needs, or what a write-in table shows."""
        table, judged = self.p.result.tables[index], self.p.verdicts.tables[index]
        if judged is None:
            floor = math.ceil(table.threshold or 0)
            return [self.t(words.PREVIEW_WRITE_INS, floor=self.numbers.count(floor))]
        needed = self.p.verdicts.needed[index]
        return [
            self.t(
                words.PREVIEW_TABLE_VERDICT,
                verdict=self.t(words.VERDICT[judged.verdict]),
                meaning=self.t(words.MEANING[judged.verdict]),
                suppressed=self.percent(judged.suppressed_share),
                flagged=self.percent(judged.flagged_share),
                unusable=self.percent(judged.unusable_share),
            ),
            self.t(
                Msg("preview.table_needed", "Publishable from {needed} respondents."), needed=self.numbers.count(needed)
            )
            if needed is not None
            else self.t(
                Msg("preview.table_needed_beyond", "Not publishable even with {cap} respondents."),
                cap=self.numbers.count(MAX_RESPONDENTS),
            ),
        ]

    def suppressed(self, index: int) -> list[str]:
        """The groups (or, in a table without groups, the answers) with a cell expected to be suppressed at this size."""
        table, out = self.p.result.tables[index], []
        for cell in table.cells:
            if cell.status != "suppressed" or not is_answer_cell(cell):
                continue
            named = (
                self.group(cell)
                if cell.by
                else " – ".join(filter(None, (self.row(table, cell), self.answer(table, cell))))
            )
            if named and named not in out:
                out.append(named)
        return out

    def thresholds(self) -> str:
        return self.t(
            words.PREVIEW_THRESHOLDS,
            suppressed=self.percent(PUBLISHABLE_SUPPRESSED),
            flagged=self.percent(PUBLISHABLE_FLAGGED),
            most=self.percent(UNPUBLISHABLE),
            cap=self.numbers.count(MAX_RESPONDENTS),
        )

    def split(self) -> str:
        r = self.p.result
        if r.own_split:
            gain = 1 - r.optimal_weighted_error / r.weighted_error
            return self.t(words.PREVIEW_SPLIT_OWN, gain=self.numbers.share(gain))
        return self.t(words.PREVIEW_SPLIT_BEST)

    def status(self, cell: CellPreview) -> str:
        said = self.t(words.STATUS[cell.status])
        if cell.share_status == "imprecise":
            said += ", " + self.t(Msg("preview.status.imprecise", "share imprecise"))
        return said

    def as_json(self) -> dict[str, Any]:
        """The preview for scripts: every table and cell with codes and labels, verdicts as identifiers."""
        p, v = self.p, self.p.verdicts
        body: dict[str, Any] = {
            "file": str(p.file),
            "plan": p.plan.id,
            "shares_file": str(p.shares_file) if p.shares_file else None,
            "lang": self.labels.lang,
        }
        body |= p.result.as_dict()
        body |= {
            "verdict": v.verdict.value,
            "verdict_label": self.t(words.VERDICT[v.verdict]),
            "verdict_counts": {k.value: n for k, n in v.counts.items()},
            "respondents_needed": v.respondents_needed,
            "respondents_searched_up_to": MAX_RESPONDENTS,
            "thresholds": {
                "publishable_max_suppressed": PUBLISHABLE_SUPPRESSED,
                "publishable_max_flagged": PUBLISHABLE_FLAGGED,
                "not_publishable_above_unusable": UNPUBLISHABLE,
            },
            "summary": self.header()[1:],
            "assumed_shares": {
                "pilot": [n for n, s in p.assumed.sources.items() if s is Source.PILOT],
                "plan": {n: p.assumed.plan_tables[n] for n, s in p.assumed.sources.items() if s is Source.PLAN},
                "defaults": {"no_answer": MISSING_SHARE, "prefer_not_to_say": DECLINED_SHARE},
                "shares": p.assumed.shares,
                "description": self.assumptions(),
            },
        }
        for index, table in enumerate(body["tables"]):
            body["tables"][index] = self._table_json(index, table)
        return body

    def _table_json(self, index: int, out: dict[str, Any]) -> dict[str, Any]:
        table, judged = self.p.result.tables[index], self.p.verdicts.tables[index]
        out |= {
            "label": self.title(self.p.plan.tables[index]),
            "measure_label": self.labels.variable(table.measure),
            "by_labels": {b: self.labels.variable(b) for b in table.by},
            "verdict": judged.verdict.value if judged else None,
            "verdict_label": self.t(words.VERDICT[judged.verdict]) if judged else None,
            "suppressed_share": judged.suppressed_share if judged else None,
            "flagged_share": judged.flagged_share if judged else None,
            "unusable_share": judged.unusable_share if judged else None,
            "cells_judged": judged.cells if judged else 0,
            "respondents_needed": self.p.verdicts.needed[index],
            "suppressed_groups": self.suppressed(index),
            "words": self.verdict(index),
        }
        for cell, made in zip(table.cells, out["cells"], strict=True):
            made |= {
                "row_label": self.row(table, cell) or None,
                "measure_label": self.answer(table, cell) or None,
                "group_label": self.group(cell),
                "status_label": self.status(cell),
            }
        return out
