"""Secondary suppression in plain words, where a release records it; nothing about it in older releases.

A release body may carry ``"suppression": {"primary", "secondary", "protection"}``:
cells hidden because their noisy count was under the threshold, cells hidden as
well so that those cannot be worked out from published figures, and the
protection width. Suppressed cells do not say which kind they are, so where
there is secondary suppression "not shown" can no longer be explained as "fewer
than 20 respondents" alone: the tables' notes, the charts' descriptions, the
summary and the methodology say both.
"""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from reports.catalogue import Catalogue
from reports.content import build_report
from reports.render import render_release
from tests.unit.analysis.synthetic import INSTRUMENT
from tests.unit.reports.releases import cells, release, typed

SECONDARY = {
    "de": "Einige weitere Zahlen sind verborgen, obwohl ihre Gruppen groß genug sind",
    "en": "Some further figures are hidden although their groups are large enough",
}
COUNTS = {
    "de": "wegen zu weniger Befragter verborgen sind: 154; Anzahl der Zahlen, die zusätzlich aus diesem Grund"
    " verborgen sind: 44.",
    "en": "hidden because of too few respondents: 154; number of figures hidden as well for this reason: 44.",
}
AUDIT = {"de": "auf eine Spanne von weniger als 20 Befragten eingrenzen", "en": "a range of fewer than 20 respondents"}
EITHER = {"de": "„nicht ausgewiesen“: entweder weniger als 20 Befragte", "en": "“not shown”: either fewer than 20"}


def _page(body: dict[str, Any], lang: str) -> str:
    return re.sub(r"[ \t\n]+", " ", html.unescape(str(render_release(typed(body), INSTRUMENT, lang, "html"))))


def _with(suppression: dict[str, Any] | None) -> dict[str, Any]:
    body = release()
    assert cells(body, "suppressed")  # 400 respondents: the small group's cells are hidden
    body.pop("suppression", None)  # releases made before secondary suppression have no such field
    if suppression is not None:
        body["suppression"] = suppression
    return body


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_release_with_secondary_suppression_explains_it_with_its_numbers(lang: str) -> None:
    body = _with({"primary": 154, "secondary": 44, "protection": 20.0})
    report = build_report(typed(body), INSTRUMENT, lang)
    rules = " ".join(report.method.rules)
    assert SECONDARY[lang] in rules and COUNTS[lang] in rules and AUDIT[lang] in rules
    t = Catalogue(lang)
    assert t("summary.protection_secondary") in report.protection
    hidden = [s.table for s in report.sections if any(r.status == "suppressed" for r in s.table.rows)]
    assert hidden
    for view in hidden:  # "not shown" may now be either kind: the note says so, not "fewer than 20" alone
        assert t("note.suppressed_secondary", below=20) in view.notes
        assert t("note.suppressed", below=20) not in view.notes
    figures = [s.figure for s in report.sections if s.figure is not None]
    assert any(t("chart.missing_secondary") in f.svg for f in figures)
    assert not any(t("chart.missing") in f.svg for f in figures)
    page = _page(body, lang)
    for sentence in (*report.method.rules, t("summary.protection_secondary"), EITHER[lang]):
        assert sentence in page


@pytest.mark.parametrize("lang", ["de", "en"])
def test_an_older_release_says_nothing_about_secondary_suppression(lang: str) -> None:
    body = _with(None)
    page = _page(body, lang)
    t = Catalogue(lang)
    assert SECONDARY[lang] not in page and AUDIT[lang] not in page and EITHER[lang] not in page
    assert t("summary.protection_secondary") not in page and t("chart.missing_secondary") not in page
    assert t("note.suppressed", below=20) in page


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_release_that_needed_no_secondary_suppression_states_its_audit_only(lang: str) -> None:
    body = _with({"primary": 30, "secondary": 0, "protection": 12.5})
    report = build_report(typed(body), INSTRUMENT, lang)
    rules = " ".join(report.method.rules)
    assert SECONDARY[lang] not in rules
    assert ("12,5 Befragten" if lang == "de" else "12.5 respondents") in rules
    page = _page(body, lang)
    assert EITHER[lang] not in page
    assert Catalogue(lang)("note.suppressed", below=20) in page


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_promise_about_small_figures_is_about_figures_and_holds_with_secondary_suppression(lang: str) -> None:
    # "Groups of fewer than 20 are not shown" read as "what is not shown is a small group"; with secondary
    # suppression a hidden figure may belong to a large group. The promise is about figures and stays true.
    for suppression in (None, {"primary": 154, "secondary": 44, "protection": 20.0}):
        page = _page(_with(suppression), lang)
        promise = {"de": "Zahlen zu weniger als 20 Personen werden nicht gezeigt",
                   "en": "Figures for fewer than 20 people are not shown"}  # fmt: skip
        assert promise[lang] in page
        assert "Groups of fewer than" not in page and "Gruppen mit weniger als" not in page
