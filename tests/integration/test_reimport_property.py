"""Any sequence of overlapping, grown, re-encoded and corrected exports stores each respondent once.

A Hypothesis property on real SQLite and PostgreSQL stores, with the exports
of :mod:`tests.integration.test_reimport`: the latest export of a respondent wins.
"""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anonymize.sealing import Opener
from survey.importers.limesurvey.responses import read_limesurvey_csv
from survey.intake.ingest import ingest
from survey.store import ResponseStore, open_store
from tests.integration.conftest import fresh_database
from tests.integration.test_reimport import INSTRUMENT, KEY, SECRET, Saved, respondent, write_export


@dataclass(frozen=True)
class Export:
    """One export: which respondents it holds (in its order), which were corrected, how it was saved."""

    who: list[int]
    corrected: frozenset[int]
    saved: Saved


def _exports(people: int) -> st.SearchStrategy[list[Export]]:
    saved = st.builds(
        Saved,
        delimiter=st.sampled_from([",", ";"]),
        newline=st.sampled_from(["\n", "\r\n"]),
        bom=st.booleans(),
        quote_all=st.booleans(),
    )
    one = st.builds(
        Export,
        who=st.lists(st.integers(1, people), unique=True, max_size=people),
        corrected=st.frozensets(st.integers(1, people)),
        saved=saved,
    )
    return st.lists(one, min_size=1, max_size=5)


def _opened(store: ResponseStore) -> dict[str, int]:
    opener = Opener([KEY])
    found: dict[str, int] = {}
    for envelope, rows in store.batches(INSTRUMENT.id):
        for r in rows:
            answers = opener.open(envelope, r.row)
            assert answers["comments"] not in found, "a respondent stored twice"
            found[answers["comments"]] = answers["age"]
    return found


def _check_sequence(store: ResponseStore, folder: Path, exports: list[Export]) -> None:
    version: dict[int, int] = {}  # respondent → how often corrected so far
    latest: dict[int, int] = {}
    for n, export in enumerate(exports):
        rows = []
        for k in export.who:
            if k in export.corrected:
                version[k] = version.get(k, 0) + 1
            age = 16 + (k * 7 + version.get(k, 0)) % 90
            rows.append(respondent(k, age=age))
            latest[k] = age
        path = write_export(folder / f"export{n}.csv", rows, export.saved)
        digest = f"sha256:{secrets.token_hex(8)}"
        report = ingest(
            store, INSTRUMENT, KEY.public_key(), SECRET, read_limesurvey_csv(INSTRUMENT, path),
            digest=digest, source="import:limesurvey", batch_size=7,
        )  # fmt: skip
        assert not report.rejected_rows
        assert store.count(INSTRUMENT.id) == len(latest)
        assert _opened(store) == {f"Antwort {k}": age for k, age in latest.items()}, "the latest export wins"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(exports=_exports(12))
def test_any_sequence_of_exports_stores_each_respondent_once_sqlite(exports: list[Export]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = open_store("sqlite:///responses.sqlite", Path(folder))
        try:
            _check_sequence(store, Path(folder), exports)
        finally:
            store.close()


@pytest.fixture(scope="module")
def pg_url(postgres: tuple[str, Path]) -> Iterator[str]:
    yield fresh_database(postgres, "reimport")


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(exports=_exports(8))
def test_any_sequence_of_exports_stores_each_respondent_once_postgresql(pg_url: str, exports: list[Export]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(pg_url, Path(folder))
        try:
            with store._transaction() as cur:  # each example starts from an empty store
                for statement in (
                    "DELETE FROM responses",
                    "DELETE FROM envelopes",
                    "DELETE FROM erased_sources",
                    "DELETE FROM imports",
                ):
                    cur.execute(statement)
            _check_sequence(store, Path(folder), exports)
        finally:
            store.close()
