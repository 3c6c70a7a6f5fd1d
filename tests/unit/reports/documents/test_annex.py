"""The technical annex: storage, access and the budget stated with the project's own figures."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from anonymize.keys.keyring import Keyring
from anonymize.keys.pair import SuiteName
from eqsurvey.config import load_project
from eqsurvey.workflows.documents import gather
from instruments.text import pick
from reports.documents import annex
from tests.support.documents import FAST_SCRYPT, PASSPHRASE, edit, example_project


def annex_text(folder: Path, lang: str = "en") -> str:
    return "\n".join(annex.build(gather(load_project(folder)), lang).texts())


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    example_project(root)
    return root


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_annex_states_the_projects_figures(fresh: Path, lang: str) -> None:
    facts = gather(load_project(fresh))
    text = annex_text(fresh, lang)
    assert facts.keys.key_id in text and "keys/private/" in text and "keys/pseudonym-secret.json" in text
    assert "data/responses.sqlite" in text
    statements = load_project(fresh).config.documents
    for stated in (statements.collector, statements.key_holders):
        assert isinstance(stated, dict) and stated[lang] in text
    assert pick(facts.instrument.retention, lang) in text
    factor = round(math.exp(facts.budget.total_epsilon))
    assert f"{factor}" in text and ("5,22" if lang == "de" else "5.22") in text


def test_a_rotated_post_quantum_key_and_another_key_folder_change_the_annex(fresh: Path) -> None:
    before = annex_text(fresh)
    keyring = Keyring(fresh / "keys")
    old = keyring.current_key_id()
    keyring.rotate(PASSPHRASE, PASSPHRASE, SuiteName.mlkem768_x25519, scrypt_n=FAST_SCRYPT)
    after = annex_text(fresh)
    assert "ML-KEM-768 + X25519" in after and "ML-KEM" not in before
    assert old in before and old not in after and keyring.current_key_id() in after
    (fresh / "keys").rename(fresh / "secure-keys")
    edit(fresh / "eqsurvey.toml", "[store]", '[keys]\ndir = "secure-keys"\n\n[store]')
    moved = annex_text(fresh)
    assert "secure-keys/private/" in moved and "keys/private/" not in moved.replace("secure-keys/private/", "")


def test_a_postgresql_store_is_named_without_its_credentials(fresh: Path) -> None:
    edit(
        fresh / "eqsurvey.toml",
        'url = "sqlite:///data/responses.sqlite"',
        'url = "postgresql://survey:hunter2@db.example:5433/umfrage"',
    )
    text = annex_text(fresh)
    assert "“umfrage” on db.example:5433" in text and "hunter2" not in text and "survey:" not in text
    assert "write-ahead log and backups are kept by the database’s operator" in text
