"""Opening in worker processes gives exactly the dataset that opening in one process gives."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest

from anonymize.keys.pair import PrivateKey
from anonymize.pseudonyms import PseudonymSecret
from anonymize.redaction import Redactor
from anonymize.sealing import Opener
from instruments.loader import load_instrument
from instruments.model import Instrument
from instruments.questions import MultiChoice
from instruments.versions.draft import draft_mapping
from instruments.versions.mapping import VersionBridge
from instruments.versions.mapping_file import build_step
from kernel.errors import EqSurveyError
from kernel.yaml_source import load_yaml
from survey.importers.csv_format import read_csv, write_csv
from survey.intake.ingest import ingest
from survey.opening.export import open_dataset
from survey.simulation.simulator import simulate
from survey.store import open_store
from tests.support.databases import fresh_database

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


def _with_retired_option(current: Instrument) -> tuple[Instrument, str]:
    """An earlier version: one multiple-choice question (that no derived variable reads) had one option more."""
    derived = str(current.model_dump(include={"derived"}))
    target = next(q for q in current.questions() if isinstance(q, MultiChoice) and q.id not in derived)
    data = current.model_dump(mode="json")
    data["version"] = "0.9.0"
    for question in (q for s in data["sections"] for q in s["questions"] if q["id"] == target.id):
        question["options"].insert(0, {"code": "retired", "label": dict(target.label)})
    return Instrument.model_validate(data), target.id


def test_workers_carry_earlier_versions_as_one_process_does(tmp_path: Path, store_url: str) -> None:
    key = PrivateKey.generate()
    old, qid = _with_retired_option(INSTRUMENT)
    path = tmp_path / "r.csv"
    path.write_text(write_csv(old, simulate(old, 300, seed=3)), encoding="utf-8")
    step = build_step(load_yaml(draft_mapping(old, INSTRUMENT), "m.yaml"), "m.yaml", old, INSTRUMENT)
    bridge = VersionBridge(INSTRUMENT, {old.version: step})
    store = open_store(store_url, tmp_path)
    try:
        ingest(
            store, old, key.public_key(), PseudonymSecret.generate(), read_csv(old, path),
            digest="sha256:t", source="t", batch_size=40,
        )  # fmt: skip
        alone = open_dataset(store, INSTRUMENT, Opener([key]), Redactor(), workers=1, bridge=bridge)
        shared = open_dataset(store, INSTRUMENT, Opener([key]), Redactor(), workers=2, bridge=bridge)
    finally:
        store.close()
    pd.testing.assert_frame_equal(alone.frame, shared.frame)
    assert alone.carried == shared.carried and alone.carried is not None
    assert dict(alone.carried.responses) == {"0.9.0": 300}
    (loss,) = alone.carried.not_carried
    assert (loss.question, loss.code, loss.reason) == (qid, "retired", "option-removed")
    assert alone.carried.lost > 0


def _unlocked_later(opener: Callable[[], Opener]) -> Future[Opener]:
    """The key as the command hands it over: still being unlocked in a thread of its own."""

    def unlock() -> Opener:
        time.sleep(0.3)  # the workers are started before the key is there
        return opener()

    pool = ThreadPoolExecutor(1)
    try:
        return pool.submit(unlock)
    finally:
        pool.shutdown(wait=False)


def test_workers_start_while_the_key_unlocks_and_open_the_same_dataset(tmp_path: Path) -> None:
    key = PrivateKey.generate()
    path = tmp_path / "r.csv"
    path.write_text(write_csv(INSTRUMENT, simulate(INSTRUMENT, 200, seed=8)), encoding="utf-8")
    store = open_store("sqlite:///r.sqlite", tmp_path)
    try:
        ingest(
            store, INSTRUMENT, key.public_key(), PseudonymSecret.generate(), read_csv(INSTRUMENT, path),
            digest="sha256:t", source="t", batch_size=30,
        )  # fmt: skip
        alone = open_dataset(store, INSTRUMENT, Opener([key]), Redactor(), workers=1)
        shared = open_dataset(store, INSTRUMENT, _unlocked_later(lambda: Opener([key])), Redactor(), workers=2)

        def wrong() -> Opener:
            raise EqSurveyError.single("wrong-passphrase", "the passphrase is wrong", "type it again")

        with pytest.raises(EqSurveyError) as refused:
            open_dataset(store, INSTRUMENT, _unlocked_later(wrong), Redactor(), workers=2)
    finally:
        store.close()
    pd.testing.assert_frame_equal(alone.frame, shared.frame)
    assert refused.value.problems[0].code == "wrong-passphrase"


@pytest.mark.parametrize("workers", [1, 2])
def test_the_mapping_is_loaded_when_an_earlier_version_turns_up_and_nothing_is_opened_twice(
    tmp_path: Path, workers: int
) -> None:
    key = PrivateKey.generate()
    old, _ = _with_retired_option(INSTRUMENT)
    step = build_step(load_yaml(draft_mapping(old, INSTRUMENT), "m.yaml"), "m.yaml", old, INSTRUMENT)
    bridge = VersionBridge(INSTRUMENT, {old.version: step})
    store = open_store("sqlite:///r.sqlite", tmp_path)
    try:
        for instrument, seed in ((INSTRUMENT, 4), (old, 5), (INSTRUMENT, 6)):  # earlier responses among current
            path = tmp_path / f"r{seed}.csv"
            path.write_text(write_csv(instrument, simulate(instrument, 100, seed=seed)), encoding="utf-8")
            ingest(
                store, instrument, key.public_key(), PseudonymSecret.generate(), read_csv(instrument, path),
                digest=f"sha256:{seed}", source="t", batch_size=25,
            )  # fmt: skip
        known = open_dataset(store, INSTRUMENT, Opener([key]), Redactor(), workers=1, bridge=bridge)
        loaded: list[VersionBridge] = []
        counted: list[int] = []

        def find() -> VersionBridge:
            loaded.append(bridge)
            return bridge

        found = open_dataset(
            store, INSTRUMENT, Opener([key]), Redactor(), counted.append, workers=workers,
            bridge=VersionBridge(INSTRUMENT), find_bridge=find,
        )  # fmt: skip
        with pytest.raises(EqSurveyError) as refused:
            open_dataset(
                store, INSTRUMENT, Opener([key]), Redactor(), workers=workers, bridge=VersionBridge(INSTRUMENT)
            )
    finally:
        store.close()
    assert len(loaded) == 1 and sum(counted) == 300, "each response opened once, the mapping loaded once"
    pd.testing.assert_frame_equal(known.frame, found.frame)
    assert found.carried == known.carried
    assert refused.value.problems[0].code == "version-unmapped"
