"""Sealed rows as they come out of the store, checked into the typed objects everything after them trusts.

A store file can be damaged, or edited by hand with any SQLite tool: a nonce
emptied, a ciphertext stored as text, a suite no eqsurvey knows. Every read
of envelopes and sealed responses goes through here, so such a row is a
:class:`DamagedStoreError` naming its table and batch (and the command reading it
then says what is damaged and what still opens, see :mod:`.damage`), never a
TypeError deep inside decryption. Reading changes nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from anonymize.keys.pair import SuiteName
from anonymize.sealing import Envelope, SealedColumns
from kernel.errors import EqSurveyError, Location, Problem

NONCE_BYTES = 12
"""AES-GCM's nonce, as :class:`anonymize.sealing.Sealer` draws it for every row."""
TAG_BYTES = 16
"""AES-GCM's tag: a ciphertext is longer than this, as no sealed answer is empty."""

SUITES = tuple(s.value for s in SuiteName)

RESTORE = "restore the store from a backup made before the damage; reading it changed nothing"


class DamagedStoreError(EqSurveyError):
    """The store holds rows that eqsurvey did not write that way: damaged, or edited by hand."""


def damaged(table: str, batch: str | None, problem: str) -> DamagedStoreError:
    where = Location(field=f"batch {batch}") if batch is not None else Location()
    return DamagedStoreError([Problem("store-damaged", where, f"table {table}: {problem}", RESTORE)])


@contextmanager
def reading(table: str, batch: str | None = None) -> Iterator[None]:
    """Text that is not UTF-8 where bytes belong makes SQLite's driver fail while fetching: that is damage too."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        # The driver's message quotes the column's bytes; it is not repeated.
        if not str(exc).startswith("Could not decode to UTF-8"):
            raise
        raise damaged(table, batch, "a column holds text that is not UTF-8 where bytes belong") from None


def as_bytes(value: Any) -> bytes | None:
    """A bytes column's value (drivers give bytes or a buffer), or None if it is something else (text, a number)."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    return None


def envelope_of(row: Sequence[Any]) -> Envelope:
    """An ``envelopes`` row (envelope_id, key_id, suite, sealed_key) as an :class:`Envelope`."""
    envelope_id, key_id, suite, sealed = row
    batch = str(envelope_id)
    if not isinstance(envelope_id, str) or not isinstance(key_id, str) or not isinstance(suite, str):
        raise damaged("envelopes", batch, "its batch id, key id or suite is not text")
    if suite not in SUITES:
        raise damaged("envelopes", batch, f"its suite '{suite[:40]}' is none eqsurvey knows ({', '.join(SUITES)})")
    key = as_bytes(sealed)
    if not key:
        raise damaged("envelopes", batch, "its sealed batch key is empty or not bytes")
    return Envelope(envelope_id, key_id, SuiteName(suite), key)


def checked_responses(envelope_id: str, rows: list[Any]) -> list[Any]:
    """``responses`` rows (pseudonym, instrument id, version, nonce, ciphertext, day, source), bytes as bytes.

    Rows come back as they are when every one is well formed (the common case,
    checked without copying); a row that is not is a :class:`DamagedStoreError`.
    """
    for p, i, v, n, c, day, source in rows:
        if not (
            type(n) is bytes
            and len(n) == NONCE_BYTES
            and type(c) is bytes
            and len(c) > TAG_BYTES
            and type(p) is str
            and type(i) is str
            and type(v) is str
            and type(day) is str
            and type(source) is str
        ):
            return [_converted(envelope_id, row) for row in rows]
    return rows


@dataclass(frozen=True)
class StoredBatch:
    """The sealed responses of one envelope as columns, with the day each was received and its source."""

    sealed: SealedColumns
    days: list[str]
    sources: list[str]
    simulated: int = 0
    """How many of them were imported as simulated."""


def checked_columns(envelope_id: str, rows: list[Any]) -> StoredBatch:
    """``responses`` rows as :func:`checked_responses` checks them, turned into columns.

    Checked a column at a time (a set of types and of lengths per column); if
    one is off, the rows are checked one by one, which names the damage.
    """
    if not rows:
        return StoredBatch(SealedColumns(envelope_id, [], [], [], [], []), [], [])
    p, i, v, n, c, day, source = map(list, zip(*rows, strict=True))
    texts = set(map(type, p)) | set(map(type, i)) | set(map(type, v)) | set(map(type, day)) | set(map(type, source))
    if not (
        texts == {str}
        and set(map(type, n)) == {bytes}
        and set(map(len, n)) == {NONCE_BYTES}
        and set(map(type, c)) == {bytes}
        and min(map(len, c)) > TAG_BYTES
    ):
        p, i, v, n, c, day, source = map(list, zip(*checked_responses(envelope_id, rows), strict=True))
    return StoredBatch(SealedColumns(envelope_id, p, i, v, n, c), day, source)


def _converted(envelope_id: str, row: Sequence[Any]) -> tuple[Any, ...]:
    p, i, v, n, c, day, source = row
    problem = row_problem(as_bytes(n), as_bytes(c))
    if problem is None and not all(isinstance(x, str) for x in (p, i, v, day, source)):
        problem = "the pseudonym, survey, version, day or source is not text"
    if problem is not None:
        raise damaged("responses", envelope_id, f"a response cannot be opened because {problem}")
    return (p, i, v, as_bytes(n), as_bytes(c), day, source)


def row_problem(nonce: bytes | None, ciphertext: bytes | None) -> str | None:
    """What is wrong with a sealed row's nonce and ciphertext (as read, None if not bytes), if anything."""
    if nonce is None:
        return "the nonce is not bytes (stored as text or a number)"
    if len(nonce) != NONCE_BYTES:
        return f"the nonce is {len(nonce)} bytes long, not {NONCE_BYTES}"
    if ciphertext is None:
        return "the ciphertext is not bytes (stored as text or a number)"
    if len(ciphertext) <= TAG_BYTES:
        return f"the ciphertext is {len(ciphertext)} bytes long, too short to hold a sealed answer"
    return None
