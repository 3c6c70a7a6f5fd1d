"""A batch of eqsurvey CSV rows read column by column, for the batch check and coding.

:class:`~survey.importers.csv_format.CellsParser` turns one row's cells into answers;
on a large import that, and reading the answers back into columns, was a
large part of the work. Here the cells of a batch are turned into columns
with one ``zip``, each distinct cell text of a column is parsed once, and the
answers are handed on as factors (see :mod:`anonymize.columnar.chunks`).

A row whose cells do not fit the header, or a cell that does not parse, marks
its row ``full``: such rows go through the parser and ``check_answers`` one by
one, which report their problems. For every other row the answers here are
those the parser would give; the tests hold the two to that.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from anonymize.columnar.chunks import MATRIX_DECLINED, MATRIX_NONE, MATRIX_ROWS, Chunk
from anonymize.columnar.factorize import Factor, factorize, spread
from instruments.text import DECLINED
from kernel.errors import Location, Problem
from survey.importers.arrow_blocks import arrow_columns
from survey.importers.cells import parse_cell
from survey.importers.csv_blocks import LineBlock
from survey.importers.csv_format import CellsParser


class CellsChunk(Chunk):
    def __init__(self, parser: CellsParser, items: Sequence[tuple[int, list[str]]] | LineBlock) -> None:
        super().__init__(items.count if isinstance(items, LineBlock) else len(items))
        self.parser = parser
        layout = parser.layout
        width = layout.width
        self._texts: dict[int, Factor] = {}
        self._columns: list[tuple[str, ...]] = []
        # Lines without quotes are split and numbered column by column in C++ where every line fits the header.
        self._block = items if isinstance(items, LineBlock) else None
        split = None if self._block is None else arrow_columns(self._block.text, self._block.count, width)
        self._items = None if split is not None else items.items() if isinstance(items, LineBlock) else items
        if split is not None:
            self.full = np.zeros(self.size, dtype=bool)
            self._texts = {i: (codes, [t.strip() for t in distinct]) for i, (codes, distinct) in enumerate(split)}
        else:
            given = [] if self._items is None else self._items
            self.full = np.fromiter((len(cells) != width for _, cells in given), dtype=bool, count=self.size)
            blank = [""] * width
            rows = [blank if len(cells) != width else cells for _, cells in given]
            self._columns = list(zip(*rows, strict=True)) if rows else [()] * width
        self._where = {qid: i for i, qid in layout.as_written}
        self._parsed = {qid: (i, q) for i, qid, q in layout.parsed}
        self._matrices = dict(layout.matrices)
        self._declined: dict[str, np.ndarray] = {}
        self._parsed_factors: dict[str, Factor] = {}

    @property
    def items(self) -> Sequence[tuple[int, list[str]]]:
        """(row number, cells) of each row: split here only when a row must be read by the parser."""
        if self._items is None:
            self._items = self._block.items() if self._block is not None else []
        return self._items

    def _text(self, column: int) -> Factor:
        """The column's cells as their stripped text ('' for an empty cell), one entry per distinct raw cell."""
        found = self._texts.get(column)
        if found is None:
            codes, distinct = factorize(self._columns[column])
            found = self._texts[column] = (codes, [t.strip() for t in distinct])
        return found

    def needs_parser(self) -> np.ndarray:
        """Rows that must be read by the parser, one by one: cells that do not fit the header or do not parse."""
        for qid in self._parsed:
            self._parsed_factor(qid)
        return self.full

    def access_codes(self) -> list[str | None]:
        column = self.parser.layout.code
        if column is None:
            return [None] * self.size
        codes, texts = self._text(column)
        return spread((codes, [t or None for t in texts]))

    def source_ids(self) -> list[str | None]:
        """Each row's ``response_id`` as its source identity (see :func:`survey.importers.csv_format.source_id`)."""
        column = self.parser.layout.source
        if column is None:
            return [None] * self.size
        codes, texts = self._text(column)
        return spread((codes, [f"id:{t}" if t else None for t in texts]))

    # --- answers, as the parser gives them ----------------------------------

    def factor(self, qid: str) -> Factor:
        if qid in self._where:
            codes, texts = self._text(self._where[qid])
            return codes, [t or None for t in texts]
        if qid in self._parsed:
            return self._parsed_factor(qid)
        if qid in self._matrices:
            return factorize(self._column(qid))  # a whole matrix: rare (a condition on the matrix itself)
        return np.zeros(self.size, dtype=np.intp), [None]  # not a column of this file

    def _parsed_factor(self, qid: str) -> Factor:
        found = self._parsed_factors.get(qid)
        if found is None:
            column, q = self._parsed[qid]
            codes, texts = self._text(column)
            values: list[Any] = []
            for k, text in enumerate(texts):
                problems: list[Problem] = []
                values.append(parse_cell(q, text, Location(), problems) if text else None)
                if problems:  # the parser reports it, with its place, for each row that has it
                    self.full |= codes == k
            found = self._parsed_factors[qid] = (codes, values)
        return found

    def _column(self, qid: str) -> list[Any]:
        if qid in self._matrices:
            return [self.parser(item).answers.get(qid) for item in self.items]
        return spread(self.factor(qid))

    def answers(self) -> list[dict[str, Any]]:
        return [self.parser(item).answers for item in self.items]

    # --- matrices, row by row ---------------------------------------------------

    def _declined_whole(self, qid: str) -> np.ndarray:
        """Every row declined: how a declined matrix is written, read back as one answer."""
        found = self._declined.get(qid)
        if found is None:
            found = np.ones(self.size, dtype=bool)
            for column, _ in self._matrices[qid]:
                codes, texts = self._text(column)
                found &= np.array([t == DECLINED for t in texts], dtype=bool)[codes]
            self._declined[qid] = found
        return found

    def _row_text(self, qid: str, row: str) -> Factor | None:
        column = next((c for c, r in self._matrices.get(qid, []) if r == row), None)
        if column is None:
            return None
        codes, texts = self._text(column)
        return codes, [t or None for t in texts]

    def row_factor(self, qid: str, row: str) -> Factor:
        found = self._rows.get((qid, row))
        if found is None:
            text = self._row_text(qid, row)
            if text is None:
                return super().row_factor(qid, row)
            codes, values = text
            declined = self._declined_whole(qid)
            if declined.any():  # a matrix declined as a whole has no answer in any row
                codes = codes.copy()
                codes[declined] = len(values)
                values = [*values, None]
            found = self._rows[(qid, row)] = (codes, values)
        return found

    def matrix_cells(self, qid: str, row: str) -> Factor:
        # Declined as a whole shows as declined in every row: which is what every cell of it says.
        return self._row_text(qid, row) or super().matrix_cells(qid, row)

    def matrix_state(self, qid: str) -> tuple[np.ndarray, np.ndarray]:
        if qid not in self._matrices:
            return super().matrix_state(qid)
        size = np.zeros(self.size, dtype=np.intp)
        for column, _ in self._matrices[qid]:
            codes, texts = self._text(column)
            size += np.array([bool(t) for t in texts], dtype=np.intp)[codes]
        declined = self._declined_whole(qid)
        kind = np.where(declined, MATRIX_DECLINED, np.where(size > 0, MATRIX_ROWS, MATRIX_NONE)).astype(np.int8)
        return kind, np.where(kind == MATRIX_ROWS, size, -1)
