"""Rows handed on as lines (split where they are parsed) are the records the file is read as, numbered alike."""

from __future__ import annotations

import csv
import io
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from survey.importers.csv_blocks import LineBlock, line_blocks
from survey.importers.csv_format import _records

BREAKS = ["\r", "\n", "\r\n", "\x0b", "\x1c", "\x85", "\u2028"]
pieces = st.lists(st.sampled_from(["a", "b", ",", '"', " ", "ü", "\x00", '""', "\x1f", *BREAKS, "a\n", "b,c\n"])).map(
    "".join
)


def outcome(read: object) -> object:
    try:
        return list(read)  # type: ignore[call-overload]
    except csv.Error as exc:
        return ("error", str(exc))


def _flat(text: str, size: int) -> object:
    def rows() -> object:
        for batch in line_blocks(io.StringIO(text, newline=""), size):
            yield from batch.items() if isinstance(batch, LineBlock) else batch

    return outcome(rows())


@settings(max_examples=600)
@given(pieces, st.integers(1, 5))
def test_batches_hold_the_records_after_the_header(text: str, size: int) -> None:
    expected = outcome(itertools.islice(_records(io.StringIO(text, newline="")), 1, None))
    assert _flat(text, size) == expected


@given(
    st.lists(st.lists(st.text(alphabet='ab,"\n ü', max_size=6), min_size=1, max_size=4), max_size=12), st.integers(1, 4)
)
def test_rows_written_by_the_csv_module_come_back_in_batches_of_a_size(rows: list[list[str]], size: int) -> None:
    out = io.StringIO()
    csv.writer(out).writerows([["h"], *rows])
    text = out.getvalue()
    batches = list(line_blocks(io.StringIO(text, newline=""), size))
    sizes = [b.count if isinstance(b, LineBlock) else len(b) for b in batches]
    assert all(s == size for s in sizes[:-1])  # a batch is a fixed number of records, whatever the lines hold
    assert _flat(text, size) == outcome(itertools.islice(_records(io.StringIO(text, newline="")), 1, None))


def test_plain_lines_travel_as_one_text() -> None:
    text = "h1,h2\r\na,b\n\nc,d"
    (block,) = line_blocks(io.StringIO(text, newline=""), 10)
    assert isinstance(block, LineBlock) and block.first == 2 and block.count == 3
    assert block.items() == [(2, ["a", "b"]), (3, []), (4, ["c", "d"])]
