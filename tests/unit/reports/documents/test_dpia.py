"""The input for the DPIA: each risk with a likelihood that follows the project, and the provisions it chose."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from eqsurvey.config import load_project
from eqsurvey.workflows.documents import gather
from instruments.loader import load_instrument
from instruments.review import append_review, new_review
from reports.documents import dpia
from reports.documents.model import Table
from tests.support.documents import edit, example_project


def risks(folder: Path, lang: str = "en") -> dict[str, tuple[str, ...]]:
    doc = dpia.build(gather(load_project(folder)), lang)
    (table,) = [b for b in doc.blocks if isinstance(b, Table)]
    return {row[0]: row for row in table.rows}


def dpia_text(folder: Path, lang: str = "en") -> str:
    return "\n".join(dpia.build(gather(load_project(folder)), lang).texts())


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    example_project(root)
    return root


def test_every_risk_the_article_asks_about_has_a_likelihood_and_a_measure(fresh: Path) -> None:
    rows = risks(fresh)
    for risk in (
        "Re-identification of a respondent",
        "Re-identification by the analysts",
        "Linkage of contact",
        "Disclosure of small groups",
        "Coercion",
        "Breach",
    ):
        (row,) = [r for name, r in rows.items() if name.startswith(risk)]
        assert row[1] and len(row[2]) > 40
    text = dpia_text(fresh)
    assert "questions: 43; languages: de, en" in text and "special categories of personal data: 23." in text
    assert "“musterstadt-main”: 10;" in text and "releases the privacy budget allows: 3." in text


def test_likelihoods_follow_the_budget_and_the_threshold(fresh: Path) -> None:
    before = risks(fresh)
    reident = next(r for n, r in before.items() if n.startswith("Re-identification of a respondent"))
    small = next(r for n, r in before.items() if n.startswith("Disclosure"))
    assert reident[1].startswith("medium: the total budget is above ε = 3")  # ρ = 0.5 is ε ≈ 5.2
    assert small[1] == "low"
    edit(fresh / "eqsurvey.toml", "total_rho = 0.5", "total_rho = 0.1")
    edit(fresh / "plan.yaml", "suppress_below: 20", "suppress_below: 10")
    after = risks(fresh)
    assert next(r for n, r in after.items() if n.startswith("Re-identification of a respondent"))[1] == "low"
    small = next(r for n, r in after.items() if n.startswith("Disclosure"))
    assert small[1].startswith("medium") and "below 10 respondents" in small[1]


def test_partner_reviews_and_a_research_basis_are_stated(fresh: Path) -> None:
    assert "no partner organisation has yet recorded a review" in dpia_text(fresh)
    instrument = load_instrument(fresh / "instrument.yaml").instrument
    now = datetime(2026, 5, 1, tzinfo=UTC)
    for by, decision in (("Integrationsrat", "approve"), ("Beirat Inklusion", "changes")):
        append_review(fresh / "reviews.jsonl", new_review(instrument, by, decision, None, now=now))  # type: ignore[arg-type]
    edit(
        fresh / "eqsurvey.toml",
        'legal_basis = "consent"',
        'legal_basis = "research"\nstatutory_provision = "§ 27 BDSG"',
    )
    text = dpia_text(fresh)
    assert "recorded position on the questionnaire: 2;" in text and "approving its present content: 1." in text
    assert "Art. 9(2)(j)" in text and "§ 27 BDSG" in text and "Art. 89(1)" in text
    german = dpia_text(fresh, "de")
    assert "Art. 9 Abs. 2 lit. j" in german and "Art. 89 Abs. 1" in german
    assert json.loads((fresh / "reviews.jsonl").read_text().splitlines()[0])["by"] == "Integrationsrat"


def test_consent_names_no_research_safeguards(fresh: Path) -> None:
    text = dpia_text(fresh)
    assert "Art. 9(2)(a)" in text and "Art. 89(1)" not in text
