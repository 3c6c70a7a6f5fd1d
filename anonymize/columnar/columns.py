"""Compact column stores for building the analysis dataset.

A million respondents × 180 columns is 180 million cells. Kept as Python
objects until the end, they cost gigabytes and most of the time of turning
them into a table. Instead each categorical cell becomes its category number
and each boolean cell a byte (1, 0, or -1 for missing) as it arrives, worked
out once per distinct value of a chunk where the values come factorized, and
the table is made from those numpy arrays without another pass in Python.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from anonymize.columnar.factorize import factorize

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

# pandas is imported only where a column becomes a Series (in the process that makes the table):
# worker processes that only collect columns start a third of a second sooner without it.

_MISSING = -1
_STRAY = -2
_BOOL = {None: _MISSING, True: 1, False: 0}


class _Codes(dict[Any, int]):
    """Category → number; a value that is not a category is counted (or, for an open set, added)."""

    def __init__(self, categories: Iterable[str], open_set: bool) -> None:
        super().__init__({c: i for i, c in enumerate(categories)})
        self[None] = _MISSING
        self.open_set = open_set
        self.stray: Counter[Any] = Counter()

    def __missing__(self, value: Any) -> int:
        if self.open_set:
            code = self[value] = len(self) - 1  # None holds one entry
            return code
        self.stray[value] += 1
        return _STRAY

    def categories(self) -> list[Any]:
        return [c for c, _ in sorted(((c, i) for c, i in self.items() if c is not None), key=lambda p: p[1])]


def _validity(valid: np.ndarray) -> tuple[pa.Buffer | None, int]:
    """Arrow's validity bitmap (None when every cell is valid) and null count, for Array.from_buffers: packed by
    numpy, ten times faster than pyarrow.array(…, mask=…) makes it for booleans."""
    import pyarrow as pa

    nulls = len(valid) - int(np.count_nonzero(valid))
    return (pa.py_buffer(np.packbits(valid, bitorder="little")) if nulls else None), nulls


def _joined(chunks: list[np.ndarray], dtype: type[np.generic]) -> np.ndarray:
    """The chunks as one array, which then replaces them (a column is read a row group at a time)."""
    if len(chunks) != 1:
        chunks[:] = [np.concatenate(chunks) if chunks else np.zeros(0, dtype=dtype)]
    return chunks[0]


class CategoricalColumn:
    """Category numbers; ``categories`` empty means an open set, in sorted order at the end (e.g. months)."""

    def __init__(self, categories: tuple[str, ...]) -> None:
        self.chunks: list[np.ndarray] = []
        self.lookup = _Codes(categories, open_set=not categories)
        self._indices: tuple[np.dtype[Any], np.ndarray, pa.Array] | None = None  # see _arrow_parts

    def extend(self, values: Sequence[Any]) -> None:
        self._indices = None
        self.chunks.append(np.fromiter(map(self.lookup.__getitem__, values), dtype=np.int32, count=len(values)))

    def extend_factor(self, codes: np.ndarray, cells: Sequence[Any]) -> None:
        """Cells given once per distinct value (``cells[i]`` for every respondent with ``codes == i``)."""
        self._indices = None
        table = np.empty(len(cells), dtype=np.int32)
        counts: np.ndarray | None = None
        for i, value in enumerate(cells):
            number = self.lookup.get(value)
            if number is None:
                if not self.lookup.open_set:
                    # Counted per respondent, as the message about them reports.
                    counts = np.bincount(codes, minlength=len(cells)) if counts is None else counts
                    self.lookup.stray[value] += int(counts[i])
                number = self.lookup[value] if self.lookup.open_set else _STRAY
            table[i] = number
        self.chunks.append(table[codes])

    @property
    def stray(self) -> Counter[Any]:
        return self.lookup.stray

    def merge(self, other: CategoricalColumn) -> None:
        """Append another store's cells (built elsewhere, e.g. in a worker process)."""
        self._indices = None
        self.lookup.stray.update(other.lookup.stray)
        if not self.lookup.open_set:
            self.chunks.extend(other.chunks)  # the same categories, numbered the same way
            return
        # An open set numbers its categories as they come: renumber the other store's into ours.
        remap = np.array([self.lookup[c] for c in other.lookup.categories()] + [_MISSING], dtype=np.int32)
        self.chunks.extend(remap[chunk] for chunk in other.chunks)

    def _final(self) -> tuple[np.ndarray, list[Any]]:
        """Every cell's category number (-1: missing), and the categories, an open set's sorted."""
        codes = _joined(self.chunks, np.int32)
        categories = self.lookup.categories()
        if self.lookup.open_set:
            ordered = sorted(categories)
            remap = np.array([ordered.index(c) for c in categories] + [_MISSING], dtype=np.int32)
            codes = remap[codes]  # -1 indexes the appended _MISSING
            categories = ordered
        return codes, categories

    def series(self, order: np.ndarray) -> pd.Series:
        import pandas as pd

        codes, categories = self._final()
        # Every code was looked up in this store's categories (or is -1 for missing): not checked again.
        return pd.Series(pd.Categorical.from_codes(codes[order], dtype=pd.CategoricalDtype(categories), validate=False))

    def arrow(self, order: np.ndarray, kind: pa.DataType) -> pa.Array:
        """The cells at ``order`` as Arrow makes them from :meth:`series` (indices of the type pandas chose)."""
        import pyarrow as pa

        if not isinstance(kind, pa.DictionaryType):
            raise TypeError(f"a categorical column is a dictionary in Arrow, not {kind}")
        codes, dictionary = self._arrow_parts(kind)
        taken = codes[order]
        valid, nulls = _validity(taken >= 0)
        indices = pa.Array.from_buffers(kind.index_type, len(taken), [valid, pa.py_buffer(taken)], nulls)
        return pa.DictionaryArray.from_arrays(indices, dictionary)

    def _arrow_parts(self, kind: pa.DictionaryType) -> tuple[np.ndarray, pa.Array]:
        """Every cell's category number as the index type (the narrowest pandas chose, int8 mostly) and the
        categories as Arrow's dictionary: made once for all row groups, which take their cells from the whole
        column in pseudonym order, an order unrelated to where they lie; taken from bytes rather than 4-byte
        numbers, those scattered reads halve."""
        import pyarrow as pa

        dtype = np.dtype(kind.index_type.to_pandas_dtype())
        if self._indices is None or self._indices[0] != dtype or self._indices[2].type != kind.value_type:
            codes, categories = self._final()
            self._indices = (dtype, codes.astype(dtype), pa.array(categories, type=kind.value_type))
        return self._indices[1], self._indices[2]


class BooleanColumn:
    def __init__(self) -> None:
        self.chunks: list[np.ndarray] = []

    def extend(self, values: Sequence[Any]) -> None:
        self.chunks.append(np.fromiter(map(_BOOL.__getitem__, values), dtype=np.int8, count=len(values)))

    def extend_factor(self, codes: np.ndarray, cells: Sequence[Any]) -> None:
        self.chunks.append(np.array([_BOOL[v] for v in cells], dtype=np.int8)[codes])

    def merge(self, other: BooleanColumn) -> None:
        self.chunks.extend(other.chunks)

    def series(self, order: np.ndarray) -> pd.Series:
        import pandas as pd

        raw = _joined(self.chunks, np.int8)[order]
        return pd.Series(pd.arrays.BooleanArray(raw == 1, raw == _MISSING))

    def arrow(self, order: np.ndarray, kind: pa.DataType) -> pa.Array:
        import pyarrow as pa

        raw = _joined(self.chunks, np.int8)[order]
        valid, nulls = _validity(raw != _MISSING)
        truth = pa.py_buffer(np.packbits(raw == 1, bitorder="little"))
        return pa.Array.from_buffers(kind, len(raw), [valid, truth], nulls)


class NumberColumn:
    """Whole or decimal numbers: values and a missing-mask as numpy arrays, made where the cells arrive."""

    def __init__(self, integer: bool) -> None:
        self.integer = integer
        self.values: list[np.ndarray] = []
        self.masks: list[np.ndarray] = []

    def _number(self, cell: Any) -> int | float:
        # As strict as pandas' own conversion: no silent truncation of 1.5, no True for 1, no text.
        if type(cell) is bool or not isinstance(cell, (int, float)):
            raise TypeError(f"{cell!r} is not a number")
        if self.integer and isinstance(cell, float) and not cell.is_integer():
            raise TypeError(f"{cell!r} is not a whole number")
        return int(cell) if self.integer else float(cell)

    def extend(self, values: Sequence[Any]) -> None:
        self.extend_factor(*factorize(values))

    def extend_factor(self, codes: np.ndarray, cells: Sequence[Any]) -> None:
        mask = np.array([c is None for c in cells], dtype=bool)
        numbers = [0 if c is None else self._number(c) for c in cells]
        table = np.array(numbers, dtype=np.int64 if self.integer else np.float64)  # OverflowError past 64 bits
        self.values.append(table[codes])
        self.masks.append(mask[codes])

    def merge(self, other: NumberColumn) -> None:
        self.values.extend(other.values)
        self.masks.extend(other.masks)

    def series(self, order: np.ndarray) -> pd.Series:
        import pandas as pd

        values = _joined(self.values, np.int64 if self.integer else np.float64)[order]
        mask = _joined(self.masks, np.bool_)[order]
        array = pd.arrays.IntegerArray(values, mask) if self.integer else pd.arrays.FloatingArray(values, mask)
        return pd.Series(array)

    def arrow(self, order: np.ndarray, kind: pa.DataType) -> pa.Array:
        import pyarrow as pa

        values = _joined(self.values, np.int64 if self.integer else np.float64)[order]
        return pa.array(values, mask=_joined(self.masks, np.bool_)[order], type=kind)


class PlainColumn:
    """Free text, which has no small set of values: kept as each chunk's factor (numbers and distinct texts), so
    the column is made by Arrow from the distinct texts and numbers, not from a Python object per cell."""

    def __init__(self, dtype: str) -> None:
        self.codes: list[np.ndarray] = []
        self.cells: list[Any] = []
        self.dtype = dtype
        self._distinct: pa.Array | None = None  # the cells as Arrow makes them, once all are in

    def extend(self, values: Sequence[Any]) -> None:
        self.extend_factor(*factorize(values))

    def extend_factor(self, codes: np.ndarray, cells: Sequence[Any]) -> None:
        self.codes.append(np.asarray(codes, dtype=np.int64) + len(self.cells))  # numbered within all cells so far
        self.cells.extend(cells)

    def merge(self, other: PlainColumn) -> None:
        self.codes.extend(codes + len(self.cells) for codes in other.codes)
        self.cells.extend(other.cells)

    def series(self, order: np.ndarray) -> pd.Series:
        import pandas as pd
        import pyarrow as pa

        return pd.Series(pd.array(self.arrow(order, pa.large_string()), dtype=self.dtype))

    def arrow(self, order: np.ndarray, kind: pa.DataType) -> pa.Array:
        import pyarrow as pa

        if self._distinct is None or len(self._distinct) != len(self.cells):
            self._distinct = pa.array(self.cells, type=kind)
        return self._distinct.take(_joined(self.codes, np.int64)[order])


ColumnStore = CategoricalColumn | BooleanColumn | NumberColumn | PlainColumn
