"""Plain lines split and numbered by Arrow are what splitting them at commas and numbering the cells gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from anonymize.columnar.factorize import factorize
from survey.importers.arrow_blocks import arrow_columns
from survey.importers.csv_blocks import LineBlock

cells = st.sampled_from(["", ",", " ", "a", "b", " a ", "ü", "not_applicable", "1.5", "\t", "x y", "\x1f"])
breaks = st.sampled_from(["\n", "\r\n", "\r"])


def _split(text: str, count: int, width: int) -> list[tuple[list[int], list[str]]] | None:
    rows = [cells for _, cells in LineBlock(2, text, count).items()]
    if len(rows) != count or any(len(r) != width for r in rows):
        return None
    return [(codes.tolist(), distinct) for codes, distinct in map(factorize, zip(*rows, strict=True))]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(cells, min_size=1, max_size=5), min_size=1, max_size=8), st.lists(breaks, min_size=8, max_size=8)
)
def test_columns_as_the_lines_split_give_them(rows: list[list[str]], ends: list[str]) -> None:
    text = "".join(",".join(r) + end for r, end in zip(rows, ends, strict=False))
    width = max(len(r) for r in rows)
    got = arrow_columns(text, len(rows), width)
    expected = _split(text, len(rows), width)
    if width < 2:
        assert got is None
        return
    # Arrow reads every block whose lines fit the header; any other is left to the caller.
    assert (None if got is None else [(c.tolist(), d) for c, d in got]) == expected


def test_an_empty_line_or_a_cell_too_many_is_left_to_the_caller() -> None:
    assert arrow_columns("a,b\n\nc,d\n", 3, 2) is None
    assert arrow_columns("a,b\nc,d,e\n", 2, 2) is None
    assert arrow_columns("a,b\nc\n", 2, 2) is None
    assert arrow_columns("\r\na,b\n", 2, 2) is None
    assert arrow_columns("a,b\r\n\r\nc,d", 3, 2) is None
    codes, distinct = arrow_columns("a,b\r\nc,b", 2, 2)[1]  # type: ignore[index]
    assert codes.tolist() == [0, 0] and distinct == ["b"]
