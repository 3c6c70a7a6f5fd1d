"""Bundle files: what moves between the two sides, as a SQLite file written whole or not at all.

A *responses bundle* (server → analysts) holds a consistent snapshot of the
collection of one survey: sealed responses with their batch keys, receipts'
keyed hashes, contact records and erasure tombstones. Sealed rows stay sealed;
nothing of either side's ledger is in it. What must stay unlinked stays so in
the file: contacts are written after every response, in a random order, each
with its own data key, and no invitation is in it at all.

An *invitations bundle* (wherever codes were made → the server that serves
them) holds the keyed hashes of the codes, in a random order, never a code.

An *erasures bundle* (the analysts → the server) holds the erasure
tombstones made on the analysts' side: keyed hashes of pseudonyms and source
identities, nothing else (no response, no contact, no code).

Both carry a tag that only the same project (the same pseudonym secret and
survey) gives (``PseudonymSecret.bundle_tag``), the id of the store that
wrote them, and that store's count of bundles written, so that an older
bundle is not merged after a newer one. The file is written beside its
target under a temporary name, synced, and renamed into place: a bundle that
exists is complete.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kernel.errors import EqSurveyError, Location
from kernel.private_files import create_private_file

FORMAT = "eqsurvey-bundle"
VERSION = 1
KINDS = {"responses": "a responses bundle", "invitations": "an invitations bundle", "erasures": "an erasures bundle"}
_MAKE = {
    "responses": (
        "eqsurvey responses bundle -o FILE on the server (the collecting side)",
        "eqsurvey responses merge FILE",
    ),
    "invitations": (
        "eqsurvey invitations bundle -o FILE where the codes were made",
        "eqsurvey invitations merge FILE",
    ),
    "erasures": (
        "eqsurvey erasures bundle -o FILE on the analysts' computer",
        "eqsurvey erasures merge FILE",
    ),
}

_TOMBSTONES = [
    "CREATE TABLE erasures (instrument_id TEXT NOT NULL, pseudonym TEXT NOT NULL)",
    "CREATE TABLE erased_sources (instrument_id TEXT NOT NULL, source_identity TEXT NOT NULL)",
]

TABLES: dict[str, list[str]] = {
    "responses": [
        """CREATE TABLE envelopes (envelope_id TEXT PRIMARY KEY, key_id TEXT NOT NULL, suite TEXT NOT NULL,
            sealed_key BLOB NOT NULL, created_day TEXT NOT NULL)""",
        """CREATE TABLE responses (pseudonym TEXT NOT NULL, instrument_id TEXT NOT NULL,
            instrument_version TEXT NOT NULL, envelope_id TEXT NOT NULL, nonce BLOB NOT NULL, ciphertext BLOB NOT NULL,
            received_day TEXT NOT NULL, source TEXT NOT NULL, source_identity TEXT, answers_digest TEXT)""",
        "CREATE TABLE receipts (receipt_hash TEXT PRIMARY KEY, instrument_id TEXT NOT NULL, pseudonym TEXT NOT NULL)",
        """CREATE TABLE contacts (contact_id TEXT PRIMARY KEY, instrument_id TEXT NOT NULL,
            instrument_version TEXT NOT NULL, envelope_id TEXT NOT NULL, key_id TEXT NOT NULL, suite TEXT NOT NULL,
            sealed_key BLOB NOT NULL, nonce BLOB NOT NULL, ciphertext BLOB NOT NULL)""",
        *_TOMBSTONES,
    ],
    "invitations": [
        "CREATE TABLE invitations (code_hash TEXT PRIMARY KEY, instrument_id TEXT NOT NULL, created_day TEXT NOT NULL)",
    ],
    "erasures": _TOMBSTONES,
}

INSERT = {
    "envelopes": "INSERT INTO envelopes VALUES (?, ?, ?, ?, ?)",
    "responses": "INSERT INTO responses VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "receipts": "INSERT INTO receipts VALUES (?, ?, ?)",
    "contacts": "INSERT INTO contacts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "erasures": "INSERT INTO erasures VALUES (?, ?)",
    "erased_sources": "INSERT INTO erased_sources VALUES (?, ?)",
    "invitations": "INSERT INTO invitations VALUES (?, ?, ?)",
}


@dataclass(frozen=True)
class BundleHeader:
    kind: str
    instrument_id: str
    tag: str
    store: str
    seq: int
    made_day: str

    def rows(self) -> list[tuple[str, str]]:
        return [
            ("format", FORMAT),
            ("version", str(VERSION)),
            ("kind", self.kind),
            ("instrument", self.instrument_id),
            ("project", self.tag),
            ("store", self.store),
            ("seq", str(self.seq)),
            ("made_day", self.made_day),
        ]


class BundleWriter:
    """Fills a new bundle file under a temporary name; :meth:`finish` moves it into place."""

    def __init__(self, target: Path, header: BundleHeader) -> None:
        self.target = target
        self._partial = target.with_name(f".{target.name}.partial")
        try:
            self._partial.unlink(missing_ok=True)
            create_private_file(self._partial)
            self._conn = sqlite3.connect(self._partial, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise EqSurveyError.single(
                "write-failed",
                f"cannot write the bundle {target.name}: {getattr(exc, 'strerror', None) or exc}",
                "give a file in a folder you can write to",
                Location(file=str(target)),
            ) from None
        # A fresh file written once: no journal beside it, and no page left from anything deleted (nothing is).
        self._conn.execute("PRAGMA journal_mode=OFF")
        self._conn.execute("PRAGMA temp_store=MEMORY")
        self._conn.execute("BEGIN")
        self._conn.execute("CREATE TABLE bundle (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        for statement in TABLES[header.kind]:
            self._conn.execute(statement)
        self._conn.executemany("INSERT INTO bundle VALUES (?, ?)", header.rows())

    def add(self, table: str, rows: Iterable[Sequence[Any]]) -> None:
        self._conn.executemany(INSERT[table], rows)

    def finish(self) -> None:
        self._conn.execute("COMMIT")
        self._conn.close()
        with open(self._partial, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(self._partial, self.target)

    def abandon(self) -> None:
        self._conn.close()
        self._partial.unlink(missing_ok=True)


def _not_a_bundle(path: Path, kind: str, why: str) -> EqSurveyError:
    make, _ = _MAKE[kind]
    return EqSurveyError.single(
        "bundle-invalid",
        f"{path.name} is not {KINDS[kind]} eqsurvey wrote ({why})",
        f"write one with {make}, copy it here whole, and merge that file",
        Location(file=str(path)),
    )


@contextmanager
def opened_bundle(path: Path, kind: str) -> Iterator[tuple[BundleHeader, sqlite3.Connection]]:
    """The bundle's header and a read-only connection to it; a clear refusal if it is not one of ``kind``."""
    if not path.is_file():
        raise EqSurveyError.single(
            "bundle-missing", f"{path} does not exist or is not a file", "check the path", Location(file=str(path))
        )
    try:
        with path.open("rb") as f:
            magic = f.read(16)
    except OSError as exc:
        raise EqSurveyError.single(
            "unreadable", f"cannot read {path}: {exc.strerror}", "check the path", Location(file=str(path))
        ) from None
    if magic != b"SQLite format 3\x00":
        raise _not_a_bundle(path, kind, "it is not a database file")
    # immutable: nothing is written beside a file that may sit on a read-only stick.
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    with closing(conn):
        try:
            meta = dict(conn.execute("SELECT key, value FROM bundle").fetchall())
        except sqlite3.DatabaseError:
            raise _not_a_bundle(path, kind, "it has no bundle header") from None
        if meta.get("format") != FORMAT or meta.get("version") != str(VERSION):
            raise _not_a_bundle(path, kind, "its header names another format or version")
        if meta.get("kind") != kind:
            other = KINDS.get(str(meta.get("kind")), "something else")
            _, merge = _MAKE.get(str(meta.get("kind")), _MAKE[kind])
            raise EqSurveyError.single(
                "bundle-kind",
                f"{path.name} is {other}, not {KINDS[kind]}",
                f"merge it with {merge}",
                Location(file=str(path)),
            )
        try:
            header = BundleHeader(
                kind,
                str(meta["instrument"]),
                str(meta["project"]),
                str(meta["store"]),
                int(meta["seq"]),
                str(meta["made_day"]),
            )
        except (KeyError, ValueError):
            raise _not_a_bundle(path, kind, "its header is incomplete") from None
        yield header, conn


def check_project(path: Path, header: BundleHeader, instrument_id: str, tag: str) -> None:
    """Refuse a bundle of another survey or another project (another pseudonym secret)."""
    if header.instrument_id != instrument_id or header.tag != tag:
        what = (
            f"survey {header.instrument_id}, not this project's {instrument_id}"
            if header.instrument_id != instrument_id
            else f"another project of survey {instrument_id} (made with another pseudonym secret)"
        )
        raise EqSurveyError.single(
            "bundle-other-project",
            f"{path.name} was written by {what}; nothing was merged",
            "merge it into the project it came from, or write a bundle in this project's server folder",
            Location(file=str(path)),
        )
