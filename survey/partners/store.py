"""Partner links and sealed notes in a SQLite file of their own, beside the collection store.

Apart from the responses on purpose: a partner's note is about the
questionnaire, not an answer, and keeping it out of the collection store
means that erasures, the responses bundle and the store's migrations never
touch it, nor it them. Links are few and written rarely; notes are sealed
before they reach this file. Like the collection store, the file is readable
by its owner only, keeps no write-ahead log, and overwrites deleted rows.

A link is kept as the keyed hash of its token (never the token), with the
organisation's name, the instrument id, version and content hash it is for,
the day it was made, and whether it was revoked. A revoked link stays
revoked: merging a bundle that still lists it open does not reopen it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from anonymize.partner_notes import SealedNote
from kernel.errors import EqSurveyError, Location
from kernel.private_files import create_private_file

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS partner_links (
        link_hash TEXT PRIMARY KEY,
        organisation TEXT NOT NULL,
        instrument_id TEXT NOT NULL,
        instrument_version TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        created_day TEXT NOT NULL,
        revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
    )""",
    """CREATE TABLE IF NOT EXISTS partner_notes (
        note_id TEXT PRIMARY KEY,
        instrument_id TEXT NOT NULL,
        key_id TEXT NOT NULL,
        suite TEXT NOT NULL,
        sealed BLOB NOT NULL
    )""",
)


@dataclass(frozen=True)
class PartnerLink:
    """One organisation's review link, as stored (the token itself is nowhere)."""

    link_hash: str
    organisation: str
    instrument_id: str
    instrument_version: str
    content_hash: str
    created_day: str
    revoked: bool


class PartnerStore:
    """The partners' file: open it, use it, close it (or use it as a context manager)."""

    def __init__(self, path: Path, timeout: float = 30) -> None:
        self.path = path
        try:
            create_private_file(path)
            self._conn = sqlite3.connect(path, isolation_level=None, timeout=timeout)
            self._conn.execute("PRAGMA secure_delete=ON")
            self._conn.execute("PRAGMA temp_store=MEMORY")
            self._conn.execute("PRAGMA journal_mode=DELETE")
            for statement in _SCHEMA:
                self._conn.execute(statement)
        except (sqlite3.DatabaseError, OSError) as exc:
            raise EqSurveyError.single(
                "partners-store",
                f"the partners' file cannot be opened ({exc.__class__.__name__}: {exc})",
                "restore it from a backup, or move it away to start the partners' links afresh",
                Location(file=str(path)),
            ) from None

    def __enter__(self) -> PartnerStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Cursor]:
        cur = self._conn.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            yield cur
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        cur.execute("COMMIT")

    def add_link(self, link: PartnerLink) -> None:
        """Store a new link; the organisation's earlier open links for the same survey are revoked with it
        (one working link per organisation, so that a new link replaces a lost one)."""
        with self._transaction() as cur:
            cur.execute(
                "UPDATE partner_links SET revoked = 1 WHERE organisation = ? AND instrument_id = ?",
                (link.organisation, link.instrument_id),
            )
            self._insert(cur, link)

    @staticmethod
    def _insert(cur: sqlite3.Cursor, link: PartnerLink) -> None:
        cur.execute(
            "INSERT INTO partner_links VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (link_hash) DO UPDATE"
            " SET revoked = 1 WHERE excluded.revoked = 1 AND partner_links.revoked = 0",  # a change only if one
            (link.link_hash, link.organisation, link.instrument_id, link.instrument_version, link.content_hash,
             link.created_day, int(link.revoked)),
        )  # fmt: skip

    def revoke(self, organisation: str, instrument_id: str) -> int:
        """Revoke the organisation's open links for the survey; how many were open."""
        with self._transaction() as cur:
            cur.execute(
                "UPDATE partner_links SET revoked = 1 WHERE organisation = ? AND instrument_id = ? AND revoked = 0",
                (organisation, instrument_id),
            )
            return cur.rowcount

    def links(self, instrument_id: str) -> list[PartnerLink]:
        rows = self._conn.execute(
            "SELECT * FROM partner_links WHERE instrument_id = ? ORDER BY created_day, organisation", (instrument_id,)
        ).fetchall()
        return [_link(row) for row in rows]

    def link(self, link_hash: str) -> PartnerLink | None:
        row = self._conn.execute("SELECT * FROM partner_links WHERE link_hash = ?", (link_hash,)).fetchone()
        return None if row is None else _link(row)

    def merge_links(self, links: list[PartnerLink]) -> int:
        """Links from a bundle: new ones added, revocations carried over (never undone); how many changed."""
        before = self._conn.total_changes
        with self._transaction() as cur:
            for link in links:
                self._insert(cur, link)
        return self._conn.total_changes - before

    def add_note(self, note: SealedNote) -> None:
        with self._transaction() as cur:
            self._insert_note(cur, note)

    @staticmethod
    def _insert_note(cur: sqlite3.Cursor, note: SealedNote) -> None:
        cur.execute(
            "INSERT INTO partner_notes VALUES (?, ?, ?, ?, ?) ON CONFLICT (note_id) DO NOTHING",
            (note.note_id, note.instrument_id, note.key_id, note.suite, note.sealed),
        )

    def notes(self, instrument_id: str) -> list[SealedNote]:
        rows = self._conn.execute(
            "SELECT note_id, instrument_id, key_id, suite, sealed FROM partner_notes WHERE instrument_id = ?"
            " ORDER BY rowid",  # the order they arrived in: notes of one second keep it
            (instrument_id,),
        ).fetchall()
        return [SealedNote(r[0], r[1], r[2], r[3], bytes(r[4])) for r in rows]

    def merge_notes(self, notes: list[SealedNote]) -> int:
        """Sealed notes from a bundle, each once; how many were new."""
        before = self._conn.total_changes
        with self._transaction() as cur:
            for note in notes:
                self._insert_note(cur, note)
        return self._conn.total_changes - before


def today() -> str:
    return datetime.now(UTC).date().isoformat()


def _link(row: tuple[object, ...]) -> PartnerLink:
    h, org, iid, version, content, day, revoked = row
    return PartnerLink(str(h), str(org), str(iid), str(version), str(content), str(day), bool(revoked))
