"""The record of processing activities of the Musterstadt example: filled from the project, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from eqsurvey.config import load_project
from eqsurvey.workflows.documents import gather
from instruments.text import pick
from reports.documents import record
from reports.documents.model import Document
from tests.support.documents import edit, example_project


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("record") / "proj"
    example_project(root)
    return root


@pytest.fixture(scope="module")
def records(folder: Path) -> dict[str, Document]:
    facts = gather(load_project(folder))
    return {lang: record.build(facts, lang) for lang in ("de", "en")}


def text_of(doc: Document) -> str:
    return "\n".join(doc.texts())


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_field_comes_from_the_project(records: dict[str, Document], folder: Path, lang: str) -> None:
    doc = records[lang]
    text = text_of(doc)
    project = load_project(folder)
    facts = gather(project)
    i = facts.instrument
    for field in (i.controller, i.contact, i.purpose, i.retention, i.legal_basis):
        assert pick(field, lang) in text
    statements = project.config.documents
    for stated in (statements.dpo, statements.collector, statements.key_holders, statements.transfers):
        assert isinstance(stated, dict)
        assert stated[lang] in text
    for recipient in statements.recipients:
        assert isinstance(recipient, dict)
        assert recipient[lang] in text
    assert facts.keys.key_id in text and i.id in text and i.version in text
    assert "X25519" in text and "HMAC-SHA256" in text
    assert ("ρ = 0,5" if lang == "de" else "ρ = 0.5") in text
    assert ("ρ = 0,15" if lang == "de" else "ρ = 0.15") in text  # the plan's share: 0.3 of 0.5
    assert "20" in text and "50" in text  # suppress_below and flag_below of plan.yaml
    assert ("rassische und ethnische Herkunft" if lang == "de" else "racial or ethnic origin") in text
    assert ("Gesundheitsdaten" if lang == "de" else "data concerning health") in text
    assert doc.stamp.content == i.content_hash() and doc.stamp.state == facts.state_hash


def test_german_and_english_differ_in_wording_only(records: dict[str, Document]) -> None:
    de, en = records["de"], records["en"]
    assert de.title.startswith("Verzeichnis von Verarbeitungstätigkeiten")
    assert en.title.startswith("Record of processing activities")
    assert [type(b) for b in de.blocks] == [type(b) for b in en.blocks]
    assert de.stamp.state == en.stamp.state and de.stamp.lang == "de" and en.stamp.lang == "en"


def rebuilt(folder: Path, lang: str = "en") -> str:
    return text_of(record.build(gather(load_project(folder)), lang))


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    example_project(root)
    return root


def test_a_changed_budget_minimum_and_key_holder_change_the_record(fresh: Path) -> None:
    before = rebuilt(fresh)
    config = fresh / "eqsurvey.toml"
    edit(config, "total_rho = 0.5", "total_rho = 2")
    edit(config, "# min_respondents = 100", "min_respondents = 120")
    edit(config, "Two named members of staff of the statistics office", "The head of the statistics office alone")
    after = rebuilt(fresh)
    assert "ρ = 0.5 " in before and "ρ = 2 " in after and "ρ = 0.6 " in after  # 0.3 of 2 per release
    assert "fewer than 120 respondents" in after and "fewer than 120" not in before
    assert "The head of the statistics office alone" in after and "Two named members" not in after


def test_a_changed_retention_and_privacy_class_change_the_record(fresh: Path) -> None:
    instrument = fresh / "instrument.yaml"
    edit(instrument, "by 31 December 2027 at\n    the latest", "by 30 June 2028 at\n    the latest")
    edit(instrument, "        privacy: other\n", "        privacy: special_category\n")  # ms_discr_city_service
    after = rebuilt(fresh)
    assert "30 June 2028" in after and "31 December 2027" not in after
    assert "ms_discr_city_service: " in after  # now a row of the special categories' table
    assert "not narrowed down: the answers may reveal any special category" in after


def test_the_suppression_threshold_and_access_mode_come_from_plan_and_config(fresh: Path) -> None:
    edit(fresh / "plan.yaml", "suppress_below: 20", "suppress_below: 30")
    edit(fresh / "eqsurvey.toml", "[store]", '[collection]\naccess = "invitations"\n\n[store]')
    after = rebuilt(fresh)
    assert "fewer than 30 respondents is not shown" in after
    assert "People invited by letter" in after


def test_a_statutory_basis_is_named_as_the_config_states_it(fresh: Path) -> None:
    edit(
        fresh / "eqsurvey.toml",
        'legal_basis = "consent"',
        'legal_basis = "research"\nstatutory_provision = "§ 27 BDSG"',
    )
    after = rebuilt(fresh, "de")
    assert "Art. 9 Abs. 2 lit. j DSGVO" in after and "§ 27 BDSG" in after and "Art. 89" in after
