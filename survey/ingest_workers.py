"""Checking and sealing a large import in worker processes, one per core.

Parsing, checking and sealing cost far more than reading a file and storing
sealed rows. For a source that can hand over its rows unparsed (eqsurvey's
own CSV: cells as read), this process reads the cells and stores the sealed
batches in the file's order while workers parse, check, pseudonymise and seal
one batch each. Shipping parsed rows instead was tried and cost nearly what it
saved; cells are small and cheap to send.

Workers get the instrument, the public key and the pseudonym secret (what a
collecting server holds anyway), never a private key. They are fresh
interpreters ("spawn"), so nothing else of this process is copied into them.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any, Protocol, TypeVar, runtime_checkable

from .csv_format import CsvRow
from .open_workers import worker_count
from .prepare import Prepared, Preparer

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
    gc.disable()  # it only turns cells into sealed rows, which hold no cycles (see survey.bulk)
    _STATE = (preparer, parse)


def _prepare(packed: list[Any]) -> Prepared:
    if _STATE is None:
        raise RuntimeError("worker started without its state")
    preparer, parse = _STATE
    return preparer([parse(_unpacked(item)) for item in packed])


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
    """(prepared batch, rows in it), in the file's order; in this process when there is only one batch."""
    chunks = _chunks(rows.cells(), batch_size)
    first, second = next(chunks, None), next(chunks, None)
    if first is None:
        return
    parse = rows.parser()
    if second is None:  # one batch: starting workers would only cost time
        yield preparer([parse(c) for c in first]), len(first)
        return
    with multiprocessing.get_context("spawn").Pool(workers, _start, (preparer, parse)) as pool:
        pending: deque[tuple[Any, int]] = deque()
        for chunk in itertools.chain([first, second], chunks):
            pending.append((pool.apply_async(_prepare, ([_packed(c) for c in chunk],)), len(chunk)))
            if len(pending) > workers:  # read ahead a little, never the whole file
                result, size = pending.popleft()
                yield result.get(), size
        while pending:
            result, size = pending.popleft()
            yield result.get(), size
