"""The opened columns in pseudonym order: a pandas frame for the checks that read one, Arrow row groups for the file.

The Parquet file is written a row group at a time, each group's Arrow arrays
made from the compact column stores (see :mod:`.columns`) while the group
before it is written: the file holds the very cells and schema that
``pyarrow.Table.from_pandas`` of :meth:`OrderedColumns.frame` gives, without
the frame, its copy as a table, or the wait for one before writing begins.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING

import numpy as np

from anonymize.columnar.columns import ColumnStore

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa


class OrderedColumns:
    """Named column stores and the order their cells are read in (by pseudonym, see DatasetBuilder.finish)."""

    def __init__(self, names: list[str], stores: dict[str, ColumnStore], order: np.ndarray) -> None:
        self.names = names
        self._stores = stores
        self._order = order

    def __len__(self) -> int:
        return len(self._order)

    def without(self, gone: Collection[str]) -> OrderedColumns:
        return OrderedColumns([n for n in self.names if n not in gone], self._stores, self._order)

    def frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame({name: self._stores[name].series(self._order) for name in self.names})

    def schema(self) -> pa.Schema:
        """The Arrow schema of :meth:`frame`, pandas' metadata included, from a frame of no rows."""
        import pandas as pd
        import pyarrow as pa

        none = np.zeros(0, dtype=np.intp)
        empty = pd.DataFrame({name: self._stores[name].series(none) for name in self.names})
        return pa.Schema.from_pandas(empty, preserve_index=False)

    def row_groups(self, schema: pa.Schema, rows: int) -> Iterator[pa.Table]:
        """The cells ``rows`` at a time (the last group shorter), as tables of ``schema``; one empty table if none."""
        import pyarrow as pa

        kinds = [schema.field(name).type for name in self.names]
        for start in range(0, max(len(self._order), 1), rows):
            at = self._order[start : start + rows]
            arrays = [self._stores[name].arrow(at, kind) for name, kind in zip(self.names, kinds, strict=True)]
            yield pa.Table.from_arrays(arrays, schema=schema)
