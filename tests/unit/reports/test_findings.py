"""Main findings: the largest gaps between groups, only from sound comparisons, worded by their uncertainty.

Sound: both figures shown, each with every other answer of its group shown (a
share whose "no" is suppressed rests on a base that lost its other answers:
the demo's "100 % in the group 'African, Afro-diasporic…' (77.7–100 %)"), not
at 0 % or 100 % and not with an interval that spans nearly everything; and the
two groups differ in one breakdown only.
"""

from __future__ import annotations

import html
from typing import Any

import pytest

from reports.catalogue import Catalogue
from reports.charts.choice import chart_spec
from reports.content import build_report
from reports.labels import Labels
from reports.render import render_release
from reports.summary.findings import NEARLY_ALL, findings
from reports.tables import table_view
from tests.support.builders import example_instrument
from tests.unit.analysis.synthetic import INSTRUMENT
from tests.unit.reports.releases import PRIMARY_ONLY, hide, release, typed, typed_rules, typed_table

RULES = typed_rules({"suppress_below": 20, "flag_below": 50, "max_relative_error": 0.5})


def _cell(
    group: str, code: str, share: float | None, low: float = 0.0, high: float = 0.0, **extra: Any
) -> dict[str, Any]:
    if share is None:  # suppressed: labels and status, no numbers (as analysis.suppression.hide leaves it)
        return {"by": {"group": group}, "measure": code, "row": None, "status": "suppressed", "share": None,
                "estimate": None, "low": None, "high": None, "n": None, "base": None}  # fmt: skip
    cell = {"by": {"group": group}, "measure": code, "row": None, "estimate": 100.0, "low": 90.0, "high": 110.0,
            "n": 100.0, "base": 300.0, "share": share, "share_low": low, "share_high": high, "status": "shown",
            "share_status": "shown"}  # fmt: skip
    return cell | extra


def _findings(cells: list[dict[str, Any]], lang: str = "en", kind: str = "counts", measure: str = "discr") -> list[Any]:
    table = {"id": "d", "kind": kind, "measure": measure, "by": ["group"], "cells": cells, "noise": {}, "rho": 0.1}
    labels = Labels(INSTRUMENT, Catalogue(lang))
    return findings([table_view(typed_table(table), None, 3, labels, RULES)], labels, RULES)


def test_a_gap_larger_than_its_uncertainty_is_said_to_be_so() -> None:
    found = _findings([_cell("big", "yes", 0.30, 0.28, 0.32), _cell("small", "yes", 0.45, 0.40, 0.50)])
    assert len(found) == 1 and found[0].separated and found[0].number == 3
    assert "45.0% in the group “small” (95% interval 40.0–50.0%)" in found[0].sentence
    assert "compared with 30.0% in the group “big” (28.0–32.0%)" in found[0].sentence
    assert "15.0 percentage points is larger than the uncertainty" in found[0].qualifier
    german = _findings([_cell("big", "yes", 0.30, 0.28, 0.32), _cell("small", "yes", 0.45, 0.40, 0.50)], "de")
    assert (
        "„Diskriminierung“ – Antwort „Ja“: 45,0\u00a0% in der Gruppe „klein“" in german[0].sentence
        and "15,0 Prozentpunkten" in german[0].qualifier
    )


def test_overlapping_intervals_are_not_called_a_difference() -> None:
    found = _findings([_cell("big", "yes", 0.30, 0.25, 0.36), _cell("small", "yes", 0.45, 0.28, 0.62)])
    assert not found[0].separated
    assert "may be due to chance and to the protective noise" in found[0].qualifier
    uncertain = _findings(
        [_cell("big", "yes", 0.30, 0.25, 0.36), _cell("small", "yes", 0.45, 0.28, 0.62, status="uncertain")]
    )
    assert "fewer than 50 respondents" in uncertain[0].qualifier


def test_suppressed_imprecise_and_status_cells_are_never_compared() -> None:
    assert _findings([_cell("big", "yes", 0.30, 0.28, 0.32), _cell("small", "yes", None)]) == []
    imprecise = _cell("small", "yes", 0.9, 0.1, 1.0, share_status="imprecise")
    assert _findings([_cell("big", "yes", 0.30, 0.28, 0.32), imprecise]) == []
    no_answer = _cell("_no_answer", "yes", 0.9, 0.85, 0.95)
    assert _findings([_cell("big", "yes", 0.30, 0.28, 0.32), no_answer]) == []


def test_findings_of_a_real_release_quote_its_shown_cells() -> None:
    body = release(n=3000)
    labels = Labels(INSTRUMENT, Catalogue("en"))
    views = [
        table_view(typed_table(t), None, i, labels, typed_rules(body["publication"]))
        for i, t in enumerate(body["tables"], start=1)
    ]
    found = findings(views, labels, typed_rules(body["publication"]))
    assert 1 <= len(found) <= 5
    assert [f.separated for f in found] == sorted((f.separated for f in found), reverse=True)
    n = labels.t.numbers
    shown = {
        n.share(c["share"]) if c.get("share") is not None else n.decimal_number(c["estimate"])
        for t in body["tables"]
        for c in t["cells"]
        if c["status"] != "suppressed" and (c.get("share") is not None or t["kind"] == "mean")
    }
    for finding in found:
        quoted = [v for v in shown if v in finding.sentence]
        assert len(quoted) >= 2, finding.sentence


def test_no_finding_from_a_group_whose_no_is_suppressed() -> None:
    # The demo's headline: "yes" at 100 % (77.7–100 %) because the group's "no" was hidden.
    big = [_cell("big", "yes", 0.30, 0.28, 0.32), _cell("big", "no", 0.70, 0.68, 0.72)]
    hundred = [_cell("small", "yes", 1.0, 0.777, 1.0), _cell("small", "no", None)]
    assert _findings(big + hundred) == []
    # Not only at 100 %: a share whose base lost its other answer is not compared either.
    eighty = [_cell("small", "yes", 0.80, 0.72, 0.88), _cell("small", "no", None)]
    assert _findings(big + eighty) == []
    # The same share with its "no" shown is a finding; a hidden "prefer not to say" is not part of the base.
    whole = [_cell("small", "yes", 0.80, 0.72, 0.88), _cell("small", "no", 0.20, 0.12, 0.28),
             _cell("small", "prefer_not_to_say", None)]  # fmt: skip
    (found,) = _findings(big + whole)
    assert found.groups == ({"group": "small"}, {"group": "big"}) and "80.0% in the group “small”" in found.sentence


def test_no_finding_from_a_share_at_an_end_or_with_an_interval_that_spans_nearly_everything() -> None:
    big = [_cell("big", "yes", 0.30, 0.28, 0.32), _cell("big", "no", 0.70, 0.68, 0.72)]
    wide = [_cell("small", "yes", 0.80, 0.05, 0.05 + NEARLY_ALL), _cell("small", "no", 0.20, 0.0, 0.95)]
    assert _findings(big + wide) == []  # 5–95 %: the noise alone, though not marked imprecise
    narrower = [_cell("small", "yes", 0.80, 0.06, 0.05 + NEARLY_ALL), _cell("small", "no", 0.20, 0.1, 0.3)]
    assert len(_findings(big + narrower)) == 1
    ended = [_cell("small", "yes", 0.0, 0.0, 0.05), _cell("small", "no", 1.0, 0.95, 1.0)]
    assert _findings(big + ended) == []


def _mean(group: str, estimate: float, low: float, high: float) -> dict[str, Any]:
    return {"by": {"group": group}, "measure": None, "row": None, "estimate": estimate, "low": low, "high": high,
            "n": 80.0, "status": "shown"}  # fmt: skip


def test_a_mean_that_rests_on_the_noise_alone_is_not_compared() -> None:
    steady = _mean("big", 2.0, 1.9, 2.1)
    assert len(_findings([steady, _mean("small", 3.0, 2.5, 3.5)], kind="mean", measure="trust")) == 1
    # The scale runs 1 to 5: an interval of 1.2–4.9 is 92 % of it; a mean at the scale's end was clamped there.
    assert _findings([steady, _mean("small", 3.0, 1.2, 4.9)], kind="mean", measure="trust") == []
    assert _findings([steady, _mean("small", 5.0, 4.6, 5.0)], kind="mean", measure="trust") == []


GENDERS = {"tin": 0.55, "cis_woman": 0.70, "cis_man": 0.50}
RACIALISED = {"true": 0.0, "false": -0.25}
"""Shares of "yes" by gender group and racialisation: the widest gap of all pairs is racialised cis women (70 %)
against not racialised cis men (25 %), two groups that differ in both respects."""


def _intersection() -> dict[str, Any]:
    cells = []
    for gender, share in GENDERS.items():
        for racialised, shift in RACIALISED.items():
            p = share + shift
            by = {"gender_group": gender, "rac_racialised": racialised}
            for code, q in (("true", p), ("false", 1 - p)):
                cells.append({"by": by, "measure": code, "row": None, "estimate": 200 * q, "low": 200 * q - 10,
                              "high": 200 * q + 10, "n": 200 * q, "base": 200.0, "share": q, "share_low": q - 0.03,
                              "share_high": q + 0.03, "status": "shown", "share_status": "shown"})  # fmt: skip
    return {"id": "x", "kind": "counts", "measure": "discr_any_12m", "by": ["gender_group", "rac_racialised"],
            "cells": cells, "noise": {}, "rho": 0.1}  # fmt: skip


@pytest.mark.parametrize("lang", ["de", "en"])
def test_an_intersection_compares_groups_that_differ_in_one_breakdown_and_says_which(lang: str) -> None:
    labels = Labels(example_instrument(), Catalogue(lang))
    (found,) = findings([table_view(typed_table(_intersection()), None, 4, labels, RULES)], labels, RULES)
    high, low = found.groups
    differ = [b for b in high if high[b] != low[b]]
    assert differ == [found.respect] and set(high) == set(low) == {"gender_group", "rac_racialised"}
    # The largest gap among groups alike in all but one respect: racialised or not, in any gender group (25
    # points; cis women against cis men, alike in racialisation, 20); never the 45 points across both.
    assert round(found.gap, 2) == 0.25 and found.gap < 0.70 - 0.25
    respect = str(labels.variable(str(found.respect)))
    shared = {b: c for b, c in high.items() if b != found.respect}
    assert respect in found.sentence and str(labels.group(shared)) in found.sentence
    only = {"de": "nur darin unterscheiden sich die beiden Gruppen", "en": "the two groups differ in this only"}
    assert only[lang] in found.sentence


def test_a_real_intersection_and_the_rendered_summary_compare_groups_alike_but_in_one_respect() -> None:
    body = release(n=3000)
    report = build_report(typed(body), INSTRUMENT, "en")
    by = {t["id"]: t["by"] for t in body["tables"]}
    crossed = [f for f in report.findings if len(by[f.table]) > 1]
    assert crossed, [f.table for f in report.findings]  # grounds_x is by group and discrimination
    for f in report.findings:
        high, low = f.groups
        assert sum(high[b] != low[b] for b in high) == 1, f.sentence
        assert (f.respect is not None) == (len(by[f.table]) > 1)
    page = html.unescape(str(render_release(typed(body), INSTRUMENT, "en", "html")))
    for f in crossed:
        assert f.sentence in page


def test_a_real_release_with_a_suppressed_no_gives_no_finding_from_that_group() -> None:
    body = release(n=3000)
    (table,) = [t for t in body["tables"] if t["id"] == "discrimination"]
    for i, cell in enumerate(table["cells"]):  # the small group: "no" hidden, "yes" at 100 % as the demo's
        if cell["by"] == {"group": "small"} and cell["measure"] == "no":
            table["cells"][i] = hide(cell)
        elif cell["by"] == {"group": "small"} and cell["measure"] == "yes":
            # (secondary suppression may have hidden it too: give it the numbers a shown cell has)
            cell |= {"status": "shown", "estimate": 60.0, "low": 50.0, "high": 70.0, "n": 60.0, "base": 60.0}
            cell |= {"share": 1.0, "share_low": 0.777, "share_high": 1.0, "share_status": "shown"}
    for lang in ("de", "en"):
        report = build_report(typed(body), INSTRUMENT, lang)
        for f in report.findings:
            if f.table == "discrimination":
                assert {"group": "small"} not in f.groups, f.sentence
        assert "100.0%" not in " ".join(f.sentence for f in report.findings)
        assert "100,0\u00a0%" not in " ".join(f.sentence for f in report.findings)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_share_whose_group_has_another_answer_hidden_is_flagged_in_its_table(lang: str) -> None:
    body = release(n=3000, publication=PRIMARY_ONLY)
    (table,) = [t for t in body["tables"] if t["id"] == "discrimination"]
    table["cells"] = [hide(c) if c["by"] == {"group": "small"} and c["measure"] == "no" else c for c in table["cells"]]
    report = build_report(typed(body), INSTRUMENT, lang)
    view = report.sections[0].table
    t = report.t
    groups = ({"group": "big"}, {"group": "small"})
    flagged = [(dict(r.cell.by), r.cell.measure) for r in view.rows if t("flag.partial") in r.flags]
    # The small group's "yes" (its base counts the hidden "no"), not its "prefer not to say" (no share), not "big".
    assert [f for f in flagged if f[0] in groups] == [({"group": "small"}, "yes")]
    hidden = {(str(c["by"]), c["measure"]) for c in table["cells"] if c["status"] == "suppressed"}
    for by, code in flagged:  # the groups of people without a group answer: flagged where their other answer is hidden
        assert (str(by), "yes" if code == "no" else "no") in hidden
    assert t("note.partial") in view.notes
    assert t("note.partial") in html.unescape(str(render_release(typed(body), INSTRUMENT, lang, "html")))
    whole = build_report(typed(release(n=3000)), INSTRUMENT, lang).sections[0].table
    assert not any(t("flag.partial") in r.flags for r in whole.rows if r.cell.by in groups)
    # The chart draws it hollow, and its legend says hollow may mean that.
    labels = Labels(INSTRUMENT, t)
    spec = chart_spec(view, labels)
    assert spec is not None and spec.words["uncertain"] == t("chart.uncertain_partial")
    (yes,) = [p for p in spec.panels if p.title == labels.category("discr", "yes")]
    small = spec.rows.index(str(labels.group({"group": "small"})))
    assert [p.uncertain for p in yes.points if p.row == small] == [True]
    figure = report.sections[0].figure
    assert figure is not None
    assert t("chart.uncertain_partial") in html.unescape(figure.svg)
    plain = chart_spec(whole, labels)
    assert plain is not None and plain.words["uncertain"] == t("chart.uncertain")
