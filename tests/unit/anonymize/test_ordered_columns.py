"""The Parquet row groups made from the column stores hold what Arrow makes of the pandas frame, cell for cell."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from anonymize.analysis_dataset import DatasetBuilder
from anonymize.columnar.columns import CategoricalColumn
from instruments.loader import load_instrument
from survey.simulation.simulator import simulate

ROOT = Path(__file__).resolve().parents[3]
INSTRUMENT = load_instrument(ROOT / "examples" / "musterstadt" / "instrument.yaml").instrument


@pytest.mark.parametrize("rows", [7, 64, 1000])
def test_row_groups_hold_the_frame_as_arrow_makes_it(rows: int) -> None:
    people = simulate(INSTRUMENT, 150, seed=5)  # declined, skipped and free-text answers among them
    builder = DatasetBuilder(INSTRUMENT)
    # Two chunks, received in several months (an open set of categories, sorted at the end).
    for part, month in ((people[:90], "2026-11"), (people[90:], "2026-09")):
        builder.add([(f"p{hash(str(a)) % 10**9:09d}-{i}", a, f"{month}-03") for i, a in enumerate(part)])
    columns = builder.finish().columns
    expected = pa.Table.from_pandas(columns.frame(), preserve_index=False)

    schema = columns.schema()
    groups = list(columns.row_groups(schema, rows))

    assert schema.equals(expected.schema, check_metadata=True)
    assert [g.num_rows for g in groups] == [min(rows, 150 - start) for start in range(0, 150, rows)]
    assert pa.concat_tables(groups).equals(expected)


def test_no_rows_is_one_empty_group_of_the_same_schema() -> None:
    columns = DatasetBuilder(INSTRUMENT).finish().columns
    expected = pa.Table.from_pandas(columns.frame(), preserve_index=False)
    (group,) = columns.row_groups(columns.schema(), 10)
    assert group.num_rows == 0
    assert group.schema.equals(expected.schema, check_metadata=True)


def test_dropped_columns_leave_the_frame_and_the_groups_alike() -> None:
    builder = DatasetBuilder(INSTRUMENT)
    builder.add([(f"p{i:03d}", a, "2026-11-05") for i, a in enumerate(simulate(INSTRUMENT, 30, seed=2))])
    columns = builder.finish().columns
    kept = columns.without({"received_month", columns.names[0]})
    assert kept.names == [n for n in columns.names[1:] if n != "received_month"]
    assert list(kept.frame().columns) == kept.names
    assert pa.concat_tables(kept.row_groups(kept.schema(), 8)).equals(
        pa.Table.from_pandas(kept.frame(), preserve_index=False)
    )


@pytest.mark.parametrize("categories", [("a", "b", "c"), ()])  # a closed set, and an open one sorted at the end
def test_a_category_column_read_then_added_to_gives_its_new_cells(categories: tuple[str, ...]) -> None:
    # Its Arrow indices and dictionary are made once for every row group: cells added later must not be lost.
    store = CategoricalColumn(categories)
    store.extend(["b", None, "a"])
    kind = pa.dictionary(pa.int8(), pa.string())
    assert store.arrow(np.arange(3), kind).to_pylist() == ["b", None, "a"]
    store.extend_factor(np.array([0, 1, 0]), ["c", None])
    other = CategoricalColumn(categories)
    other.extend(["a", "c"])
    store.merge(other)
    assert store.arrow(np.arange(8)[::-1], kind).to_pylist() == ["c", "a", "c", None, "c", "a", None, "b"]
    assert store.arrow(np.arange(2), pa.dictionary(pa.int16(), pa.string())).type.index_type == pa.int16()
