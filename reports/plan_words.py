"""An analysis plan in plain words, for community partners who review what will be published.

Each planned table gets its title (the plan's label, else "measure by
groups") and one sentence on what it shows; the publication rules are said in
two sentences without the privacy parameters. The same catalogue as the
reports (``reports``), in the language asked for or the nearest one eqsurvey
has wording for (:attr:`PlanWords.lang` says which).
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.plans.model import AnalysisPlan, Table
from instruments.model import Instrument
from kernel.i18n import Msg
from reports.catalogue import Catalogue
from reports.labels import Labels

_KIND = {
    "counts": Msg(
        "plan_words.counts", "How many people gave each answer to “{measure}”, and what share of them that is{by}."
    ),
    "matrix": Msg("plan_words.matrix", "For each part of “{measure}”: how many people gave each answer{by}."),
    "mean": Msg("plan_words.mean", "The average answer to “{measure}”{by}."),
    "representation": Msg(
        "plan_words.representation",
        "How the people who answered are spread over the groups of “{measure}”, compared with the population.",
    ),
    "write_ins": Msg(
        "plan_words.write_ins",
        "Answers to “{measure}” in people's own words that many gave alike; rare answers are never shown.",
    ),
}
_BY = Msg("plan_words.by", ", separately for each group of {groups}")
_AND = Msg("plan_words.and", " and ")
_QUOTED = Msg("plan_words.quoted", "“{name}”")
_TITLE = Msg("plan_words.title", "{measure} by {groups}")
_RULES = Msg(
    "plan_words.rules",
    "Only figures about groups are published. Groups of fewer than {below} people are never shown, and "
    "figures for {below} to {flag} people are marked as uncertain.",
)
_NOISE = Msg(
    "plan_words.noise",
    "Every figure is changed by a small random amount before publication, so that it reveals next to nothing "
    "about any one person.",
)


@dataclass(frozen=True)
class PlanWords:
    lang: str
    """The language the words are in."""
    rules: list[str]
    tables: list[tuple[str, str]]


def plan_words(plan: AnalysisPlan, instrument: Instrument, lang: str) -> PlanWords:
    t = Catalogue(lang)
    labels = Labels(instrument, t)

    def title(table: Table) -> str:
        if table.label:
            return str(labels.text(table.label))
        measure = labels.variable(table.measure)
        if not table.by:
            return str(measure)
        return t(_TITLE, measure=measure, groups=t(_AND).join(labels.variable(b) for b in table.by))

    def sentence(table: Table) -> str:
        groups = t(_AND).join(t(_QUOTED, name=labels.variable(b)) for b in table.by)
        return t(
            _KIND[table.kind], measure=labels.variable(table.measure), by=t(_BY, groups=groups) if table.by else ""
        )

    rules = plan.publication
    return PlanWords(
        t.source,
        [t(_RULES, below=rules.suppress_below, flag=rules.flag_below - 1), t(_NOISE)],
        [(title(table), sentence(table)) for table in plan.tables],
    )
