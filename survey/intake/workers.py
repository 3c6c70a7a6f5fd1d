"""Checking and sealing a large import on every core.

Parsing, checking and sealing cost more than reading a file and storing
sealed rows. For a source that can hand over its rows unparsed (eqsurvey's
own CSV: cells as read), this process reads the cells and stores the sealed
batches in the file's order, while helper processes (one per further core)
parse, check, pseudonymise and seal batches; whenever the helpers have enough
waiting, this process prepares the next batch itself. A batch of lines without
quotes travels as the text read (see :mod:`survey.importers.csv_blocks`), split
into cells by whoever prepares it; any other row's cells travel as one string,
which pickles at a fraction of the cost of sixty.

Helpers get the instrument, the public key and the pseudonym secret (what a
collecting server holds anyway), never a private key. They are fresh
interpreters ("spawn"), so nothing else of this process is copied into them.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator
from multiprocessing.pool import AsyncResult
from typing import Any, Protocol, TypeVar, runtime_checkable

from survey.importers.csv_blocks import LineBlock
from survey.importers.csv_format import CellsParser, CsvRow
from survey.intake.prepare import Prepared, Preparer
from survey.opening.workers import worker_count

__all__ = ["SplitRows", "prepared_in_workers", "worker_count"]

Raw = TypeVar("Raw")


@runtime_checkable
class SplitRows(Protocol):
    """A source whose rows can be read here and parsed elsewhere."""

    def cells(self) -> Iterator[Any]: ...

    def parser(self) -> Callable[[Any], CsvRow]: ...


def _chunks(items: Iterator[Raw], size: int) -> Iterator[list[Raw]]:
    while chunk := list(itertools.islice(items, size)):
        yield chunk


_STATE: tuple[Preparer, Callable[[Any], CsvRow]] | None = None


def _start(preparer: Preparer, parse: Callable[[Any], CsvRow]) -> None:
    global _STATE  # noqa: PLW0603 - one state per worker process, set once when it starts
    gc.disable()  # it only turns cells into sealed rows, which hold no cycles (see survey.intake.bulk)
    _STATE = (preparer, parse)


def _prepare(packed: list[Any] | LineBlock) -> Prepared:
    if _STATE is None:
        raise RuntimeError("worker started without its state")
    preparer, parse = _STATE
    return _prepared(preparer, parse, packed if isinstance(packed, LineBlock) else [_unpacked(item) for item in packed])


def _prepared(preparer: Preparer, parse: Callable[[Any], CsvRow], items: list[Any] | LineBlock) -> Prepared:
    if isinstance(parse, CellsParser):  # eqsurvey CSV: read column by column (a block of plain lines as it is)
        return preparer.cells(parse, items)
    return preparer([parse(item) for item in _items(items)])


# A row's cells travel as one string: pickling a row of sixty strings cost more than reading it.
_SEPARATOR = "\x1f"  # ASCII unit separator, which no answer needs; a row that has one travels as it is


def _packed(item: Any) -> Any:
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], list):
        number, cells = item
        joined = _SEPARATOR.join(cells)
        if joined.count(_SEPARATOR) == len(cells) - 1:
            return (number, joined)
    return item


def _unpacked(item: Any) -> Any:
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], str):
        return (item[0], item[1].split(_SEPARATOR))
    return item


def prepared_in_workers(
    preparer: Preparer, rows: SplitRows, batch_size: int, workers: int
) -> Iterator[tuple[Prepared, int]]:
    """(prepared batch, rows in it), in the file's order, prepared by ``workers`` processes including this one.

    This process reads the file and stores the batches; while the helper
    processes have enough waiting for them, it prepares the next batch itself.
    On two cores that is one helper: a second would only compete with this
    process for a core, and cost most of a second to start.
    """
    # Lines without quotes travel as read, split into cells by whoever prepares them (see survey.importers.csv_blocks).
    batches = getattr(rows, "batches", None)
    chunks: Iterator[list[Any] | LineBlock] = (
        batches(batch_size) if callable(batches) else _chunks(rows.cells(), batch_size)
    )
    first, second = next(chunks, None), next(chunks, None)
    if first is None:
        return
    parse = rows.parser()
    if second is None:  # one batch: starting workers would only cost time
        yield _prepared(preparer, parse, first), _size(first)
        return
    helpers = max(1, workers - 1)
    with multiprocessing.get_context("spawn").Pool(helpers, _start, (preparer, parse)) as pool:
        pending: deque[tuple[AsyncResult[Prepared] | Prepared, int]] = deque()
        for chunk in itertools.chain([first, second], chunks):
            waiting = sum(1 for r, _ in pending if isinstance(r, AsyncResult) and not r.ready())
            if waiting < 2 * helpers:
                sent = chunk if isinstance(chunk, LineBlock) else [_packed(c) for c in chunk]
                pending.append((pool.apply_async(_prepare, (sent,)), _size(chunk)))
            else:
                pending.append((_prepared(preparer, parse, chunk), _size(chunk)))
            # Stored in the file's order; never more than a few batches read ahead.
            while pending and (_ready(pending[0][0]) or len(pending) > 2 * helpers + 1):
                yield _result(pending.popleft())
        while pending:
            yield _result(pending.popleft())


def _items(chunk: list[Any] | LineBlock) -> list[Any]:
    return chunk.items() if isinstance(chunk, LineBlock) else chunk


def _size(chunk: list[Any] | LineBlock) -> int:
    return chunk.count if isinstance(chunk, LineBlock) else len(chunk)


def _ready(result: AsyncResult[Prepared] | Prepared) -> bool:
    return not isinstance(result, AsyncResult) or result.ready()


def _result(item: tuple[AsyncResult[Prepared] | Prepared, int]) -> tuple[Prepared, int]:
    result, size = item
    return (result.get() if isinstance(result, AsyncResult) else result), size
