"""``dataset export`` reads and opens the store a column at a time: the dataset is the one opened row by row.

The reference here takes the slow road on purpose: every sealed row opened on
its own into its answers (JSON-like mappings), the table made from those
answers. The command reads each batch as columns, decrypts it in one pass and
decodes the coded bytes with numpy. On the Musterstadt example with simulated
respondents (who decline, skip by the questionnaire's conditions and write free
text) and a second import of responses that are not simulated, the two must agree
column for column and value for value, and the simulated rows counted as they
were opened must be those the store holds.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from anonymize.analysis_dataset import DatasetBuilder
from anonymize.keys.keyring import Keyring
from anonymize.sealing import Opener
from instruments.loader import load_instrument
from survey.store import open_store
from tests.support.cli import Eqsurvey

PASS = "a long passphrase for tests"


@pytest.fixture
def musterstadt(eqsurvey: Eqsurvey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey("init", "p", "--example", "musterstadt")
    project = tmp_path / "p"
    eqsurvey.cwd = project
    eqsurvey("keys", "init")
    eqsurvey("responses", "simulate", "--n", "700", "--seed", "3", "-o", "simulated.csv")
    assert "stored 700, rejected 0" in eqsurvey("responses", "import", "--simulated", "simulated.csv").stdout
    eqsurvey("responses", "simulate", "--n", "150", "--seed", "4", "-o", "other.csv")
    assert "stored 150, rejected 0" in eqsurvey("responses", "import", "other.csv").stdout
    return project


def _opened_row_by_row(project: Path) -> pd.DataFrame:
    instrument = load_instrument(project / "instrument.yaml").instrument
    opener = Opener(Keyring(project / "keys").private_keys(PASS))
    store = open_store("sqlite:///data/responses.sqlite", project)
    try:
        rows = [
            (r.row.context.pseudonym, opener.open(envelope, r.row), r.received_day)
            for envelope, stored in store.batches(instrument.id)
            for r in stored
        ]
    finally:
        store.close()
    builder = DatasetBuilder(instrument)
    builder.add(rows)
    return builder.finish().frame


def test_the_export_is_the_dataset_opened_row_by_row(musterstadt: Path, eqsurvey: Eqsurvey) -> None:
    eqsurvey("dataset", "export", "-o", "out/ds.parquet")
    exported = pd.read_parquet(musterstadt / "out" / "ds.parquet")
    expected = _opened_row_by_row(musterstadt)
    assert len(exported) == 850
    pd.testing.assert_frame_equal(exported, expected)
    # The store's answers are not trivially alike: declines, skipped questions and free text all occur.
    assert exported.isna().any().sum() > 10
    assert any(c.endswith("__prefer_not_to_say") and exported[c].eq(True).any() for c in exported.columns)
    dictionary = json.loads((musterstadt / "out" / "ds.dictionary.json").read_text(encoding="utf-8"))
    assert dictionary["simulated_responses"] == 700
    assert dictionary["notice"].startswith("SIMULATED DATA: 700 of the 850 responses")


def test_statistics_are_written_for_numbers_and_text_only(musterstadt: Path, eqsurvey: Eqsurvey) -> None:
    eqsurvey("dataset", "export", "-o", "out/ds.parquet")
    file = pq.ParquetFile(musterstadt / "out" / "ds.parquet")
    schema, group = file.schema_arrow, file.metadata.row_group(0)
    kinds: dict[str, set[bool]] = {"dictionary": set(), "boolean": set(), "number": set(), "text": set()}
    for i in range(group.num_columns):
        column = group.column(i)
        kind = schema.field(column.path_in_schema).type
        if pa.types.is_dictionary(kind):
            kinds["dictionary"].add(column.is_stats_set)
        elif pa.types.is_boolean(kind):
            kinds["boolean"].add(column.is_stats_set)
        elif pa.types.is_integer(kind) or pa.types.is_floating(kind):
            kinds["number"].add(column.is_stats_set)
            # What a reader filtering on a number's range reads: the row group's true minimum and maximum.
            values = file.read_row_group(0, columns=[column.path_in_schema]).column(0).drop_null()
            if len(values) and column.statistics.has_min_max:
                assert column.statistics.min == pc.min(values).as_py()
                assert column.statistics.max == pc.max(values).as_py()
        else:
            kinds["text"].add(column.is_stats_set)
    assert kinds == {"dictionary": {False}, "boolean": {False}, "number": {True}, "text": {True}}
