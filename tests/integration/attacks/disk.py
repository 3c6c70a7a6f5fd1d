"""What an attacker holding the store's files reads: the bytes of every file, and on PostgreSQL each row's xmin.

SQLite: the main file and whatever lies beside it (rollback journal, WAL,
WAL index). A WAL is also replayed commit by commit, as the attack that
found the original leak did. PostgreSQL: the table files themselves (after a
CHECKPOINT, so that they hold what the server has in memory), and through
``pageinspect`` every tuple on every page, dead ones included, with the id
of the transaction that wrote it.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from survey.store import ResponseStore
from survey.store.sqlite_store import SQLiteStore


@dataclass(frozen=True)
class Tuple:
    """One row version in a PostgreSQL table file (live or dead), as pageinspect shows it."""

    block: int
    line: int
    xmin: int
    xmax: int
    data: bytes


def sqlite_files(store: ResponseStore) -> dict[str, bytes]:
    """Every file of the SQLite store: the main file and anything named after it (journal, -wal, -shm)."""
    assert isinstance(store, SQLiteStore)
    path = store.path
    return {p.name: p.read_bytes() for p in sorted(path.parent.iterdir()) if p.name.startswith(path.name)}


def _admin(store: ResponseStore) -> Any:
    return store._conn  # type: ignore[attr-defined]


def postgres_table_bytes(store: ResponseStore, table: str) -> bytes:
    """The table's main file(s) (all segments), after a checkpoint, in block order."""
    conn = _admin(store)
    conn.execute("CHECKPOINT")
    (data_dir,) = conn.execute("SHOW data_directory").fetchone()
    (relative,) = conn.execute("SELECT pg_relation_filepath(%s)", (table,)).fetchone()
    first = Path(data_dir) / relative
    segments = [first, *sorted(first.parent.glob(first.name + ".[0-9]*"), key=lambda p: int(p.suffix[1:]))]
    return b"".join(p.read_bytes() for p in segments if p.exists())


def postgres_data_files(store: ResponseStore) -> dict[str, bytes]:
    """Every file of the store's database folder (tables, indexes, TOAST, maps), after a checkpoint."""
    conn = _admin(store)
    conn.execute("CHECKPOINT")
    (data_dir,) = conn.execute("SHOW data_directory").fetchone()
    (oid,) = conn.execute("SELECT oid FROM pg_database WHERE datname = current_database()").fetchone()
    folder = Path(data_dir) / "base" / str(oid)
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def postgres_tuples(store: ResponseStore, table: str) -> list[Tuple]:
    """Every tuple of every page of ``table``, dead ones included."""
    conn = _admin(store)
    conn.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
    (blocks,) = conn.execute("SELECT pg_relation_size(%s) / current_setting('block_size')::int", (table,)).fetchone()
    found = []
    for block in range(int(blocks)):
        rows = conn.execute(
            "SELECT lp, t_xmin, t_xmax, t_data FROM heap_page_items(get_raw_page(%s, %s)) WHERE t_data IS NOT NULL",
            (table, block),
        ).fetchall()
        found += [Tuple(block, int(lp), int(xmin), int(xmax), bytes(data)) for lp, xmin, xmax, data in rows]
    return found


def wal_commits(wal: bytes) -> list[list[bytes]]:
    """A SQLite WAL file replayed: for each commit, the pages it wrote (frames past the last valid one ignored)."""
    if len(wal) < 32:
        return []
    page_size = struct.unpack(">I", wal[8:12])[0]
    salt = wal[16:24]
    commits: list[list[bytes]] = []
    pending: list[bytes] = []
    offset = 32
    while offset + 24 + page_size <= len(wal):
        header = wal[offset : offset + 24]
        if header[8:16] != salt:
            break
        pending.append(wal[offset + 24 : offset + 24 + page_size])
        if struct.unpack(">I", header[4:8])[0] != 0:  # a commit frame: the database size after it
            commits.append(pending)
            pending = []
        offset += 24 + page_size
    return commits
