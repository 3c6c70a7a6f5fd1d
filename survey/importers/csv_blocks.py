"""Rows of eqsurvey's CSV handed on as the lines they were read as, to be split into cells where they are parsed.

A large import reads the file in one process and parses it in others (see
:mod:`survey.intake.workers`). Splitting each line into its cells there, and
sending the cells on, cost the reading process more than anything else it did
but storing. Most batches of a response file are lines with no quote: each
line is one record, its cells what splitting it at the commas gives (as
:func:`~survey.importers.csv_format._records` reads such a line). Such a batch
travels as its text, read at the speed of the file, and is split by whoever
parses it. Any other batch (a quote, a NUL, a line break Python's
``splitlines`` knows but the file's reading does not) is read record by record
as before, a quoted cell running on into the next lines included.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from survey.importers.csv_format import _records

# Characters that str.splitlines breaks at but reading a file with newline="" does not, and the csv module's
# concerns: a text with none of these splits into exactly the records it was read as.
_NOT_PLAIN = ('"', "\x00", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


@dataclass(frozen=True)
class LineBlock:
    """Consecutive records of the file, each a line without a quote, as read (line breaks kept)."""

    first: int
    """The record number of the first line (the header is 1)."""
    text: str
    count: int

    def items(self) -> list[tuple[int, list[str]]]:
        """(record number, cells) of each line, as :func:`~survey.importers.csv_format._records` reads it."""
        lines = self.text.splitlines()
        return [(n, line.split(",") if line else []) for n, line in enumerate(lines, start=self.first)]


def plain(text: str) -> bool:
    """Whether the lines of ``text`` are records of their own whose cells are the line split at commas."""
    return not any(c in text for c in _NOT_PLAIN)


def line_blocks(handle: Iterator[str], size: int) -> Iterator[list[tuple[int, list[str]]] | LineBlock]:
    """The records after the header, ``size`` at a time: a :class:`LineBlock` where the lines allow it."""
    lines: Iterator[str] = iter(handle)
    first_line = next(lines, None)
    if first_line is None:
        return
    number = 2
    if not plain(first_line):  # a header with quotes (it may run on): the header is read as a record
        lines = itertools.chain([first_line], lines)
        records = _records(lines)
        next(records, None)
        yield from _sized(records, size)
        return
    while chunk := list(itertools.islice(lines, size)):
        text = "".join(chunk)
        if plain(text):
            yield LineBlock(number, text, len(chunk))
            number += len(chunk)
            continue
        # Record by record: a quoted cell may take further lines of the file.
        lines = itertools.chain(chunk, lines)
        batch = list(itertools.islice(_records(lines, start=number), size))
        number += len(batch)
        yield batch


def _sized(records: Iterator[tuple[int, list[str]]], size: int) -> Iterator[list[tuple[int, list[str]]]]:
    while batch := list(itertools.islice(records, size)):
        yield batch
