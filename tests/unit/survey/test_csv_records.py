"""Reading CSV records mostly without the csv module gives exactly what the csv module reads."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from hypothesis import given, settings
from hypothesis import strategies as st

from survey.importers.csv_format import _records

pieces = st.lists(st.sampled_from(["a", "b", ",", '"', "\r", "\n", "\r\n", " ", "ü", "\x00", '""', "\x1f"])).map(
    "".join
)


def outcome(read: Iterable[object]) -> object:
    try:
        return list(read)
    except csv.Error as exc:
        return ("error", str(exc))


@settings(max_examples=500)
@given(pieces)
def test_any_text_is_read_as_the_csv_module_reads_it(text: str) -> None:
    expected = outcome(enumerate(csv.reader(io.StringIO(text, newline="")), start=1))
    assert outcome(_records(io.StringIO(text, newline=""))) == expected


@given(st.lists(st.lists(st.text(max_size=8), max_size=5), max_size=8))
def test_rows_written_by_the_csv_module_come_back(rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    expected = outcome(enumerate(csv.reader(io.StringIO(out.getvalue(), newline="")), start=1))
    assert outcome(_records(io.StringIO(out.getvalue(), newline=""))) == expected
