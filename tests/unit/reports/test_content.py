"""The report's content: one section per table, labels from the instrument, numbers from the release only."""

from __future__ import annotations

import pytest

from kernel.errors import EqSurveyError
from reports.content import build_report
from tests.unit.analysis.synthetic import INSTRUMENT
from tests.unit.reports.formats import shown_values
from tests.unit.reports.releases import release, typed


def test_one_section_per_table_in_the_plans_order_with_instrument_labels() -> None:
    body = release()
    report = build_report(typed(body), INSTRUMENT, "en")
    assert [s.table.id for s in report.sections] == [t["id"] for t in body["tables"]]
    assert [s.table.number for s in report.sections] == list(range(1, len(body["tables"]) + 1))
    titles = {s.table.id: str(s.table.title) for s in report.sections}
    assert titles["discrimination"] == "Discrimination — by Group" and titles["grounds"] == "Grounds"
    assert titles["grounds_x"] == "Grounds — by Group and Discrimination"
    german = build_report(typed(body), INSTRUMENT, "de")
    assert str(german.sections[0].table.title) == "Diskriminierung – nach Gruppe"
    rows = german.sections[0].table.rows
    assert [str(h) for h in rows[0].headers] == ["groß", "Ja"]
    answers = {str(r.headers[-1]) for r in rows}
    assert answers == {"Ja", "Nein", "Keine Angabe", "Keine Antwort"}  # status codes in the catalogue's words
    domains = next(s.table for s in german.sections if s.table.id == "domains")
    assert {str(r.headers[0]) for r in domains.rows} == {"Arbeit", "Wohnen"}


def test_every_cell_has_a_row_shown_ones_with_their_numbers_suppressed_ones_with_none() -> None:
    body = release()
    report = build_report(typed(body), INSTRUMENT, "de")
    n = report.t.numbers
    for section, table in zip(report.sections, body["tables"], strict=True):
        assert len(section.table.rows) == len(table["cells"])
        for row, cell in zip(section.table.rows, table["cells"], strict=True):
            assert row.status == cell["status"]
            if cell["status"] == "suppressed":
                assert row.values == () and row.flags == ""
            else:
                assert set(shown_values(table["kind"], cell, n)) <= set(row.values)
            if cell["status"] == "uncertain":
                assert "unsicher" in row.flags


def test_summary_says_who_took_part_what_protection_does_and_what_the_sample_is() -> None:
    report = build_report(typed(release(n=3000)), INSTRUMENT, "en", fieldwork="May to June 2026")
    assert report.participation.total is not None and report.participation.total.replace(",", "").isdigit()
    assert report.participation.groups[0][0] == "Group"
    # The privacy parameters are explained in the methodology, never in the opening pages (issue 16).
    assert not any(symbol in line for line in report.protection for symbol in ("ρ", "ε", "δ"))
    assert "Methodology and data protection" in report.protection[-1]
    assert any("ρ = 1.00" in line and "ε = " in line for line in report.method.budget)
    assert report.sample is not None and "do not represent" in report.sample
    assert report.method.fieldwork[0] == "Fieldwork period: May to June 2026."
    assert "They do not represent the population" in " ".join(report.method.sample)
    assert [row.number for row in report.method.budget_rows] == list(range(1, 8))
    without = build_report(typed(release(n=3000)), INSTRUMENT, "en")
    assert len(without.method.fieldwork) == 1 and "computed and released on" in without.method.fieldwork[0]


def test_a_release_of_another_instrument_version_is_a_user_error() -> None:
    body = release()
    body["instrument"] = {"id": "test-survey", "version": "2.0.0"}
    with pytest.raises(EqSurveyError) as caught:
        build_report(typed(body), INSTRUMENT, "en")
    problem = caught.value.problems[0]
    assert problem.code == "release-instrument" and "2.0.0" in problem.problem and "1.0.0" in problem.problem
