"""Opening in worker processes gives exactly the dataset that opening in one process gives."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from anonymize.keys import PrivateKey
from anonymize.pseudonyms import PseudonymSecret
from anonymize.redaction import Redactor
from anonymize.sealing import Opener
from instruments.loader import load_instrument
from survey.csv_format import read_csv, write_csv
from survey.dataset_export import open_dataset
from survey.ingest import ingest
from survey.simulate import simulate
from survey.store import open_store
from tests.integration.conftest import fresh_database

ROOT = Path(__file__).resolve().parents[2]
INSTRUMENT = load_instrument(ROOT / "examples" / "musterstadt" / "instrument.yaml").instrument


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest) -> str:
    if request.param == "sqlite":
        return "sqlite:///r.sqlite"
    return fresh_database(request.getfixturevalue("postgres"), "w")


def test_workers_and_one_process_open_the_same_dataset(tmp_path: Path, store_url: str) -> None:
    key = PrivateKey.generate()
    people = simulate(INSTRUMENT, 300, seed=12)
    for person in people[::7]:
        person["ms_suggestions"] = "Bitte melden: rat@example.org, Herr Qwertz"
    path = tmp_path / "r.csv"
    path.write_text(write_csv(INSTRUMENT, people), encoding="utf-8")
    store = open_store(store_url, tmp_path)
    try:
        ingest(
            store, INSTRUMENT, key.public_key(), PseudonymSecret.generate(), read_csv(INSTRUMENT, path),
            digest="sha256:t", source="t", batch_size=40,
        )  # fmt: skip
        assert len(store.envelopes(INSTRUMENT.id)) == 8, "several batches, so workers share them"
        alone = open_dataset(store, INSTRUMENT, Opener([key]), Redactor(["Qwertz"]), workers=1)
        shared = open_dataset(store, INSTRUMENT, Opener([key]), Redactor(["Qwertz"]), workers=2)
    finally:
        store.close()
    pd.testing.assert_frame_equal(alone.frame, shared.frame)
    assert alone.redactions == shared.redactions == {"ms_suggestions": {"email": 43, "name": 43}}
    assert list(shared.frame["received_month"].cat.categories) == sorted(shared.frame["received_month"].cat.categories)
