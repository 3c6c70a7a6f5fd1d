"""eqsurvey's own CSV format for responses: one row per respondent.

Columns: an optional ``access_code`` and an optional ``response_id`` (the
response's id where it was collected: a later export of the same responses is
then recognised row by row), then one column per question, named by
its id; matrix rows as ``QUESTION__ROW``. Cells hold option codes; a
multi-choice cell holds the ticked codes separated by spaces (as KoboToolbox
writes them); numbers as decimals with a point; consent as ``yes``/``no``;
``prefer_not_to_say`` where the respondent declined; an empty cell is a
missing answer. Reading turns cells into typed answers; whether they fit the
instrument is checked afterwards by :func:`instruments.answers.submission.check_answers`.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from instruments.model import Instrument
from instruments.questions import Matrix, SingleChoice, Text
from instruments.text import DECLINED, column_name  # not instruments.dataset: its models cost every start
from kernel.errors import EqSurveyError, Location, Problem
from survey.importers.cells import parse_cell

if TYPE_CHECKING:
    from survey.importers.csv_blocks import LineBlock

ACCESS_CODE = "access_code"
RESPONSE_ID = "response_id"
"""An optional column: the response's own id where it was collected, which recognises it in a later export."""


def header(instrument: Instrument) -> list[str]:
    columns = [ACCESS_CODE]
    for q in instrument.questions():
        if isinstance(q, Matrix):
            columns.extend(column_name(q.id, r.code) for r in q.rows)
        else:
            columns.append(q.id)
    return columns


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return " ".join(value)
    return str(value)


def write_csv(instrument: Instrument, respondents: list[dict[str, Any]], codes: list[str] | None = None) -> str:
    """Respondents in this format; written for synthetic respondents, so not formula-neutralised (see survey.simulation.simulator)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header(instrument))
    for i, answers in enumerate(respondents):
        row = [codes[i] if codes else ""]
        for q in instrument.questions():
            value = answers.get(q.id)
            if isinstance(q, Matrix):
                rows = value if isinstance(value, dict) else {}
                row.extend(DECLINED if value == DECLINED else _cell(rows.get(r.code)) for r in q.rows)
            else:
                row.append(_cell(value))
        writer.writerow(row)
    return out.getvalue()


@dataclass(frozen=True)
class CsvRow:
    """One response as read: its answers, access code, and the identity its platform gave it (if any).

    ``source_id`` names the response at its source (``limesurvey:17``, ``kobo:UUID``, ``id:R-0042``), so that
    it is recognised when exported again (see :mod:`anonymize.source_identity`); ``replaces`` names the
    earlier version of the same response that an edit on the platform replaced (KoboToolbox's deprecatedID).
    ``collected_under`` is the earlier instrument version the row was collected under (KoboToolbox's
    ``__version__``, see :mod:`survey.importers.kobo.versions`); None: the instrument the import checks against.
    """

    number: int
    access_code: str | None
    answers: dict[str, Any]
    problems: list[Problem]
    source_id: str | None = None
    replaces: str | None = None
    collected_under: Instrument | None = None


def source_id(cell: str) -> str | None:
    """A ``response_id`` cell (here or in a mapped column) as the response's source identity; empty: none."""
    text = cell.strip()
    return f"id:{text}" if text else None


def read_csv(instrument: Instrument, path: Path) -> CsvSource:
    """Rows with typed answers and the problems found reading them (row numbers count the header as 1)."""
    return CsvSource(instrument, path)


def _records(handle: Iterable[str], start: int = 1) -> Iterator[tuple[int, list[str]]]:
    """(record number from ``start``, cells) exactly as ``csv.reader`` reads them, mostly without it.

    A line with no quote (and no NUL) is its cells split at the commas, which
    is what the reader would make of it at a tenth of the cost; any other line
    goes to the reader, which takes further lines itself when a quoted cell
    runs on. (Lines are split at any line break, so none is left inside one.)
    """
    lines = iter(handle)
    queue: deque[str] = deque()
    reader = csv.reader(_fed(queue, lines))
    for number, line in enumerate(lines, start=start):
        body = line[:-2] if line.endswith("\r\n") else line[:-1] if line.endswith(("\r", "\n")) else line
        if '"' in body or "\x00" in body:
            queue.append(line)
            yield number, next(reader)
        else:
            yield number, body.split(",") if body else []


def _fed(queue: deque[str], lines: Iterator[str]) -> Iterator[str]:
    """The reader's input: the line handed to it, then (for a cell running on) the next lines of the file."""
    while True:
        if queue:
            yield queue.popleft()
            continue
        line = next(lines, None)
        if line is None:
            return
        yield line


def _unreadable(path: Path, exc: OSError) -> EqSurveyError:
    return EqSurveyError.single(
        "unreadable", f"cannot read {path}: {exc.strerror}", "check the path", Location(file=str(path))
    )


class CsvSource:
    """A response CSV whose header has been checked: iterate it for typed rows.

    Reading the cells and parsing them are separate steps (:meth:`cells`,
    :meth:`parser`), so a large import can parse in worker processes.
    """

    def __init__(self, instrument: Instrument, path: Path) -> None:
        self.path = path
        columns = self._header(instrument)
        questions = instrument.question_map
        self._parser = CellsParser(questions, _plan(questions, columns), path)

    def _header(self, instrument: Instrument) -> list[str]:
        where = Location(file=str(self.path), line=1)
        try:
            with self.path.open(encoding="utf-8-sig", newline="") as handle:
                columns = next(csv.reader(handle), None)
        except OSError as exc:
            raise _unreadable(self.path, exc) from None
        except (csv.Error, UnicodeDecodeError):
            columns = None
        known = {*header(instrument), RESPONSE_ID}
        if not columns or not (set(columns) & known):
            raise EqSurveyError.single(
                "csv-header",
                "the first row does not name any question of the instrument",
                "export with `eqsurvey responses simulate` to see the expected columns",
                where,
            )
        unknown = [c for c in columns if c not in known]
        if unknown:
            raise EqSurveyError.single(
                "csv-header",
                f"unknown column(s): {', '.join(unknown[:5])}",
                "remove them or check the instrument version",
                where,
            )
        return columns

    def cells(self) -> Iterator[tuple[int, list[str]]]:
        """(row number, cells) of every row after the header."""
        with self._opened() as handle:
            yield from itertools.islice(_records(handle), 1, None)

    def batches(self, size: int) -> Iterator[list[tuple[int, list[str]]] | LineBlock]:
        """The rows after the header, ``size`` at a time: as :meth:`cells` gives them, or as a
        :class:`~survey.importers.csv_blocks.LineBlock` where they can be split later (see there)."""
        from survey.importers.csv_blocks import line_blocks  # it reads records as this module does

        with self._opened() as handle:
            yield from line_blocks(handle, size)

    @contextmanager
    def _opened(self) -> Iterator[Iterator[str]]:
        """The file's lines; a file that is not UTF-8 or not CSV is the user's error, wherever it shows."""
        try:
            handle = self.path.open(encoding="utf-8-sig", newline="")
        except OSError as exc:
            raise _unreadable(self.path, exc) from None
        with handle:
            try:
                yield handle
            except (csv.Error, UnicodeDecodeError) as exc:
                raise EqSurveyError.single(
                    "csv-syntax",
                    f"the file cannot be read as CSV: {exc}",
                    "save it as UTF-8 CSV",
                    Location(file=str(self.path)),
                ) from None

    def parser(self) -> CellsParser:
        return self._parser

    def __iter__(self) -> Iterator[CsvRow]:
        return map(self._parser, self.cells())


# question id, matrix row, question, is a matrix, cell is the answer as written; None: the access code;
# RESPONSE_ID: the response's id at its source
_Column = tuple[str, str, Any, bool, bool] | str | None


def _plan(questions: dict[str, Any], columns: list[str]) -> list[_Column]:
    """What each column holds, worked out once per file rather than once per cell."""
    plan: list[_Column] = []
    for column in columns:
        if column == ACCESS_CODE:
            plan.append(None)
            continue
        if column == RESPONSE_ID:
            plan.append(RESPONSE_ID)
            continue
        qid, _, row = column.partition("__")
        q = questions[qid]
        # Codes and text are answers as written (prefer_not_to_say included); only other types are parsed.
        plan.append((qid, row, q, isinstance(q, Matrix), isinstance(q, (SingleChoice, Matrix, Text))))
    return plan


@dataclass(frozen=True)
class _Layout:
    """Which cells hold what, grouped so that a row is read with a few comprehensions, not a branch per cell."""

    width: int
    code: int | None
    source: int | None
    as_written: list[tuple[int, str]]
    matrices: list[tuple[str, list[tuple[int, str]]]]
    parsed: list[tuple[int, str, Any]]


def _layout(plan: list[_Column]) -> _Layout:
    code, source, as_written, parsed = None, None, [], []
    matrices: dict[str, list[tuple[int, str]]] = {}
    for i, column in enumerate(plan):
        if column is None:
            code = i
            continue
        if isinstance(column, str):
            source = i
            continue
        qid, row, q, matrix, written = column
        if matrix:
            matrices.setdefault(qid, []).append((i, row))
        elif written:
            as_written.append((i, qid))
        else:
            parsed.append((i, qid, q))
    return _Layout(len(plan), code, source, as_written, list(matrices.items()), parsed)


@dataclass(frozen=True)
class CellsParser:
    """Turns one row's cells into typed answers; picklable, so that worker processes can use it."""

    questions: dict[str, Any]
    plan: list[_Column]
    path: Path

    @cached_property
    def layout(self) -> _Layout:
        """Where each kind of cell is in a row, worked out from the plan once (and pickled with the parser)."""
        return _layout(self.plan)

    def __call__(self, item: tuple[int, list[str]]) -> CsvRow:
        number, cells = item
        return _row(self.questions, self.layout, cells, number, self.path)


def _row(questions: dict[str, Any], layout: _Layout, cells: list[str], number: int, path: Path) -> CsvRow:
    problems: list[Problem] = []
    if len(cells) != layout.width:
        where = Location(file=str(path), row=number)
        problems.append(
            Problem(
                "csv-row", where, f"{len(cells)} cells for {layout.width} columns", "check for stray commas or quotes"
            )
        )
        return CsvRow(number, None, {}, problems)
    cells = [c.strip() for c in cells]
    code = (cells[layout.code] or None) if layout.code is not None else None
    source = source_id(cells[layout.source]) if layout.source is not None else None
    # Codes and text are the answers as written; an empty cell is no answer.
    answers: dict[str, Any] = {qid: cells[i] for i, qid in layout.as_written if cells[i]}
    for qid, rows in layout.matrices:
        ticked = {row: cells[i] for i, row in rows if cells[i]}
        if ticked:
            # Every row declined is how a declined matrix is written: read it back as one answer.
            declined = len(ticked) == len(rows) and all(v == DECLINED for v in ticked.values())
            answers[qid] = DECLINED if declined else ticked
    row_place = Location(file=str(path), row=number)
    for i, qid, q in layout.parsed:
        if not cells[i]:
            continue
        before = len(problems)
        value = parse_cell(q, cells[i], row_place, problems)
        if len(problems) > before:  # the precise place is worked out only for cells with a problem
            where = replace(row_place, question=qid, field=qid)
            problems[before:] = [replace(p, where=where) for p in problems[before:]]
        if value is not None:
            answers[qid] = value
    return CsvRow(number, code, answers, problems, source)
