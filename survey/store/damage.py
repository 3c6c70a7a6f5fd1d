"""What is damaged in a store, and what still opens: the report a command gives instead of a partial dataset.

Opening stops at the first damaged row (see :mod:`.rows`), and responses whose
envelope row is gone are in no batch the store hands over at all. Either way
the command must not go on with what it has: people would be missing from the
dataset without anyone knowing. Instead it inspects every batch of the survey,
row by row, and refuses with the damage named (table, batch, rows, how many)
and what still opens. It only reads: the store stays as it was, to be restored
from a backup or examined.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from anonymize.sealing import Opener, RowContext, SealedRow, SealError
from kernel.errors import Location, Problem
from survey.store.base import ResponseStore
from survey.store.rows import RESTORE, DamagedStoreError, as_bytes, envelope_of, reading, row_problem
from survey.store.sqlite_store import SQLiteStore

SHOWN = 20
"""Damaged batches named one by one; beyond them a count (a store can be damaged all over)."""
SHOWN_ROWS = 5


@dataclass(frozen=True)
class Damage:
    batch: str
    responses: int
    because: str
    """Why they cannot be opened, as a clause: "because their batch key is missing (…)"."""
    rows: tuple[int, ...] = ()
    """The damaged rows' row_id in table responses; empty when the whole batch is damaged."""


@dataclass(frozen=True)
class Inspection:
    instrument_id: str
    responses: int
    batches: int
    damage: tuple[Damage, ...]

    @property
    def unopened(self) -> int:
        return sum(d.responses for d in self.damage)

    def refusal(self, store: str) -> DamagedStoreError:
        """The user error: each damaged batch (up to :data:`SHOWN`), then how much is damaged and what opens."""
        problems = [_problem(store, d) for d in self.damage[:SHOWN]]
        if len(self.damage) > SHOWN:
            more = self.damage[SHOWN:]
            problems.append(
                Problem(
                    "store-damaged",
                    Location(file=store),
                    f"… and {sum(d.responses for d in more)} more in {len({d.batch for d in more})} more batch(es)",
                    RESTORE,
                )
            )
        whole = self.batches - len({d.batch for d in self.damage})
        rest = self.responses - self.unopened
        opened = f"the other {rest} open" if rest else "none opens"
        problems.append(
            Problem(
                "store-damaged",
                Location(file=store),
                f"{self.unopened} of {self.responses} responses of survey {self.instrument_id} cannot be opened;"
                f" {opened} ({whole} of {self.batches} batches undamaged). Nothing was written: a dataset"
                " without them would leave people out unseen",
                RESTORE,
            )
        )
        return DamagedStoreError(problems)


def _problem(store: str, d: Damage) -> Problem:
    shown = ", ".join(map(str, d.rows[:SHOWN_ROWS])) + (", …" if len(d.rows) > SHOWN_ROWS else "")
    rows = f" (table responses, row_id {shown})" if d.rows else ""
    s = "" if d.responses == 1 else "s"
    return Problem(
        "store-damaged",
        Location(file=store, field=f"batch {d.batch}"),
        f"{d.responses} response{s} cannot be opened {d.because}{rows}",
        RESTORE,
    )


def store_name(store: ResponseStore) -> str:
    """The store as a person finds it: its file, or (never its URL, which may hold a password) its kind."""
    return str(store.path) if isinstance(store, SQLiteStore) else "the PostgreSQL store"


def inspect(store: ResponseStore, instrument_id: str, opener: Opener) -> Inspection:
    """Every batch of the survey's responses, each row read and opened on its own: what is damaged, and how."""
    with reading("responses"):
        counts = store._query(
            "SELECT envelope_id, COUNT(*) FROM responses WHERE instrument_id = ? GROUP BY envelope_id"
            " ORDER BY envelope_id",
            (instrument_id,),
        )
    damage: list[Damage] = []
    for batch, n in counts:
        damage += _batch(store, instrument_id, str(batch), int(n), opener)
    return Inspection(instrument_id, sum(int(n) for _, n in counts), len(counts), tuple(damage))


def _batch(store: ResponseStore, instrument_id: str, batch: str, n: int, opener: Opener) -> list[Damage]:
    try:
        with reading("envelopes", batch):
            found = store._query(
                "SELECT envelope_id, key_id, suite, sealed_key FROM envelopes WHERE envelope_id = ?", (batch,)
            )
        if not found:
            return [Damage(batch, n, "because their batch key is missing (table envelopes has no row for this batch)")]
        envelope = envelope_of(found[0])
        opener.data_key(envelope)
    except DamagedStoreError as exc:
        return [Damage(batch, n, f"because their batch key is damaged ({exc.problems[0].problem})")]
    except SealError as exc:
        return [Damage(batch, n, f"because their batch key does not open ({exc.problems[0].problem})")]
    try:
        rows = _sealed(store, instrument_id, batch)
    except DamagedStoreError as exc:
        return [Damage(batch, n, f"because their rows cannot be read ({exc.problems[0].problem})")]
    by_problem: dict[str, list[int]] = {}
    for row_id, context, nonce, ciphertext in rows:
        problem = (
            row_problem(nonce, ciphertext) if context is not None else "the pseudonym, survey or version is not text"
        )
        if problem is None and context is not None and nonce is not None and ciphertext is not None:
            try:
                opener.open(envelope, SealedRow(batch, context, nonce, ciphertext))
            except SealError:
                problem = "the sealed answers do not open: altered, or moved from another row, batch or survey"
        if problem is not None:
            by_problem.setdefault(problem, []).append(row_id)
    return [Damage(batch, len(ids), f"because {problem}", tuple(ids)) for problem, ids in by_problem.items()]


_SEALED = {
    # SQLite keeps whatever type a value was written with: the bytes columns' types are read beside them, and
    # every column is read as bytes (text that is not UTF-8 would stop the driver; it is decoded here).
    "sqlite": "SELECT row_id, CAST(pseudonym AS BLOB), CAST(instrument_id AS BLOB), CAST(instrument_version AS BLOB),"
    " typeof(nonce), CAST(nonce AS BLOB), typeof(ciphertext), CAST(ciphertext AS BLOB) FROM responses"
    " WHERE envelope_id = ? AND instrument_id = ? ORDER BY row_id",
    # PostgreSQL's bytea columns hold bytes and nothing else.
    "postgresql": "SELECT row_id, pseudonym, instrument_id, instrument_version, 'blob', nonce, 'blob', ciphertext"
    " FROM responses WHERE envelope_id = ? AND instrument_id = ? ORDER BY row_id",
}


def _sealed(
    store: ResponseStore, instrument_id: str, batch: str
) -> list[tuple[int, RowContext | None, bytes | None, bytes | None]]:
    with reading("responses", batch):
        found = store._query(_SEALED[store.dialect], (batch, instrument_id))
    out: list[tuple[int, RowContext | None, bytes | None, bytes | None]] = []
    for row_id, p, i, v, nonce_type, nonce, cipher_type, ciphertext in found:
        pseudonym, instrument, version = _text(p), _text(i), _text(v)
        context = None
        if pseudonym is not None and instrument is not None and version is not None:
            context = RowContext(pseudonym, instrument, version)
        out.append((int(row_id), context, _bytes(nonce_type, nonce), _bytes(cipher_type, ciphertext)))
    return out


def _bytes(kind: Any, value: Any) -> bytes | None:
    return as_bytes(value) if kind == "blob" else None


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    raw = as_bytes(value)
    try:
        return None if raw is None else raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
