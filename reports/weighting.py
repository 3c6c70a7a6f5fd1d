"""A calibrated release's weighted tables and what weighting does, in plain words.

The weighted tables are the release's (:mod:`analysis.calibration`): shown
like the plain ones, titled as weighted, their count column named for what
it is (people in the population, estimated), after the plain tables. The
paragraphs say what weighting corrects (the calibration variables only) and
what it cannot (taking part for other reasons), where the population figures
come from, how far the respondents were from the population (Kish's design
effect and the effective number of respondents, both from noisy counts), and
the trimming. Nothing is computed here but formatting.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.releases.model import Release, WeightingRecord
from kernel.i18n import Msg
from reports.catalogue import Catalogue
from reports.labels import Label, Labels
from reports.table_wording import TABLE_AND
from reports.tables import TableView, table_view

HEADING = Msg("weighting.heading", "Weighted tables")
INTRO = Msg(
    "weighting.intro",
    "The tables in this section are weighted: respondents from groups that took part less often than "
    "their share of the population (by {variables}) count for more, those from groups that took part "
    "more often count for less. The population figures come from: {source}.",
)
CORRECTS = Msg(
    "weighting.corrects",
    "Weighting corrects only for {variables}. It does not correct for people taking part for other "
    "reasons, for example because they experienced discrimination or care about the topic: such "
    "differences remain in the weighted figures too.",
)
DIAGNOSTIC = Msg(
    "weighting.diagnostic",
    "How far the respondents were from the population: the weights have a design effect of {deff}, so "
    "the {respondents} respondents in the weighting carry about as much information as {effective} "
    "respondents of a random sample would.",
)
TRIMMED = Msg(
    "weighting.trimmed",
    "So that a few respondents do not count for too many people, weights were kept between {low} and "
    "{high} times the average weight ({cells} groups of respondents were affected); the weighted "
    "figures then match the population a little less closely.",
)
INTERVALS = Msg(
    "weighting.intervals",
    "The intervals of weighted figures include the random noise, the sampling error under the weights "
    "and the uncertainty of the weights themselves, which also come from noisy figures.",
)
TITLE = Msg("weighting.table_title", "{title} (weighted)")
COLUMN_PEOPLE = Msg("weighting.column_people", "People in the population (weighted estimate)")
SUMMARY = Msg(
    "weighting.summary",
    "Tables marked “weighted” are adjusted to the population by {variables} (see “Weighted tables”); "
    "they do not correct for other reasons why people took part.",
)


@dataclass
class WeightingContent:
    heading: str
    paragraphs: list[str]
    views: list[TableView]


def variables(record: WeightingRecord, labels: Labels) -> str:
    return labels.t(TABLE_AND).join(str(labels.variable(v)) for v in record.variables)


def summary(release: Release, labels: Labels) -> str | None:
    """The summary's sentence on weighting, for a weighted release."""
    record = release.weighting
    return labels.t(SUMMARY, variables=variables(record, labels)) if record is not None else None


def weighting_content(release: Release, labels: Labels, first: int) -> WeightingContent | None:
    """The weighted section of a (public) release; its tables numbered from ``first``."""
    record = release.weighting
    if record is None:
        return None
    t: Catalogue = labels.t
    n = t.numbers
    named = variables(record, labels)
    paragraphs = [
        t(INTRO, variables=named, source=record.source),
        t(CORRECTS, variables=named),
        t(
            DIAGNOSTIC,
            deff=n.decimal_number(record.design_effect),
            respondents=n.count(record.respondents),
            effective=n.count(record.effective_respondents),
        ),
        *(
            [t(TRIMMED, low=n.decimal_number(record.trim[0], 1), high=n.decimal_number(record.trim[1], 1),
               cells=n.count(record.trimmed_cells))]
            if record.trimmed_cells
            else []
        ),
        t(INTERVALS),
    ]  # fmt: skip
    views = []
    for number, table in enumerate(record.tables, start=first):
        view = table_view(table, release.plan.table(table.id), number, labels, release.publication)
        view.id = f"weighted-{table.id}"
        view.title = Label(t(TITLE, title=str(view.title)), view.title.lang)
        view.value_columns = (t(COLUMN_PEOPLE), *view.value_columns[1:])
        views.append(view)
    return WeightingContent(t(HEADING), paragraphs, views)
