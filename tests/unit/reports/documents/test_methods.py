"""The methods note: the plan's tables, the sample, the partners' standings and the schedule from the project."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from eqsurvey.config import load_project
from eqsurvey.workflows.documents import gather
from instruments.loader import load_instrument
from instruments.review import append_review, new_review
from reports.documents import methods
from reports.documents.model import Table
from tests.support.documents import edit, example_project


def note(folder: Path, lang: str = "en") -> tuple[str, list[Table]]:
    doc = methods.build(gather(load_project(folder)), lang)
    return "\n".join(doc.texts()), [b for b in doc.blocks if isinstance(b, Table)]


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    example_project(root)
    return root


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_note_lists_the_plans_tables_and_the_schedule(fresh: Path, lang: str) -> None:
    text, tables = note(fresh, lang)
    facts = gather(load_project(fresh))
    assert len(tables[0].rows) == len(facts.plan.tables)
    for table in facts.plan.tables:
        assert table.label is not None and table.label[lang] in text
    publication = load_project(fresh).config.documents.publication
    assert isinstance(publication, dict) and publication[lang] in text
    assert ("keine Zufallsstichprobe" if lang == "de" else "not a random sample") in text


def test_fieldwork_sample_and_reviews_change_the_note(fresh: Path) -> None:
    before, _ = note(fresh)
    assert "No partner organisation has recorded a review yet" in before and "Fieldwork" not in before
    edit(fresh / "eqsurvey.toml", "[store]", '[survey]\nfieldwork = "1 May to 30 June 2026"\n\n[store]')
    edit(fresh / "plan.yaml", "budget_share: 0.3", "sample: probability\nbudget_share: 0.3")
    instrument = load_instrument(fresh / "instrument.yaml").instrument
    at = datetime(2026, 4, 1, tzinfo=UTC)
    append_review(fresh / "reviews.jsonl", new_review(instrument, "Integrationsrat", "approve", None, now=at))
    append_review(fresh / "reviews.jsonl", new_review(instrument, "Beirat Inklusion", "changes", "Frage 3", now=at))
    after, tables = note(fresh)
    assert "Fieldwork: 1 May to 30 June 2026." in after and "drawn at random" in after
    standings = {row[0]: row for row in tables[1].rows}
    assert standings["Integrationsrat"][1:] == ("approved", "1.0.0", "the present content")
    assert standings["Beirat Inklusion"][1] == "asked for changes"
    edit(fresh / "instrument.yaml", "Stabsstelle Gleichstellung und Vielfalt, Telefon", "Stabsstelle Vielfalt, Telefon")
    _, tables = note(fresh)
    assert {row[3] for row in tables[1].rows} == {"an earlier content"}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_calibrated_plan_says_what_weighting_corrects_and_where_the_figures_come_from(fresh: Path, lang: str) -> None:
    example = Path(__file__).resolve().parents[4] / "examples" / "calibration"
    before, _ = note(fresh, lang)
    (fresh / "plan.yaml").write_text((example / "plan.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (fresh / "population.csv").write_text((example / "population.csv").read_text(encoding="utf-8"), encoding="utf-8")
    after, _ = note(fresh, lang)
    facts = gather(load_project(fresh))
    assert facts.plan.calibration is not None
    source = facts.plan.calibration.source
    words = "gewichtet veröffentlicht" if lang == "de" else "also published weighted"
    assert words not in before and source not in before
    assert words in after and source in after
    age = next(q for q in facts.instrument.questions() if q.id == "age_band").label
    wording = age[lang] if isinstance(age, dict) else age
    assert (f"„{wording}“" if lang == "de" else f"“{wording}”") in after.split(words)[1]
