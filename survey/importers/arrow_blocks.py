"""A block of plain lines split into numbered columns by Arrow's CSV reader, in C++.

Splitting each line of a batch at its commas, turning the rows into columns
and numbering each column's distinct cells (see
:mod:`anonymize.columnar.factorize`) cost about half of preparing a batch in
Python. A :class:`~survey.importers.csv_blocks.LineBlock` holds lines without
quotes, so Arrow's reader with quoting switched off splits them exactly as
``line.split(",")`` does, and its dictionary encoding numbers the distinct
cells in the order they first come, as :func:`factorize` does.

Only a block whose every line has the header's number of cells is read so;
for any other (an empty line, a stray comma) this gives None and the caller
splits the lines itself, which reports each such row with its place.
"""

from __future__ import annotations

import numpy as np

from anonymize.columnar.factorize import Factor


def arrow_columns(text: str, count: int, width: int) -> list[Factor] | None:
    """Per column, (each line's number of its cell, the distinct cells as written); None unless every one of the
    ``count`` lines of ``text`` has ``width`` cells."""
    if width < 2 or _empty_line(text):  # Arrow reads an empty line as a row of empty cells; the parser, as none
        return None
    import pyarrow as pa
    import pyarrow.csv as pcsv

    data = text.encode("utf-8")
    names = [str(i) for i in range(width)]
    try:
        table = pcsv.read_csv(
            pa.py_buffer(data),
            read_options=pcsv.ReadOptions(column_names=names, use_threads=False, block_size=len(data) + 1),
            parse_options=pcsv.ParseOptions(
                quote_char=False, escape_char=False, newlines_in_values=False, ignore_empty_lines=False
            ),
            convert_options=pcsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False, check_utf8=False
            ),
        )
    except pa.ArrowInvalid:  # a line with another number of cells
        return None
    if table.num_rows != count:
        return None
    out: list[Factor] = []
    for column in table.columns:
        encoded = column.combine_chunks().dictionary_encode()
        indices = encoded.indices  # int32, no nulls; read from its buffer: to_numpy would import pandas (~0.5 s)
        codes = np.frombuffer(indices.buffers()[1], dtype=np.int32, count=len(indices), offset=4 * indices.offset)
        codes = codes.astype(np.intp)
        out.append((codes, encoded.dictionary.to_pylist()))
    return out


def _empty_line(text: str) -> bool:
    """Whether a line of ``text`` is empty: a line break first, or right after another (``\\r\\n`` is one)."""
    return text[:1] in ("\r", "\n") or "\n\n" in text or "\r\r" in text or "\n\r" in text
