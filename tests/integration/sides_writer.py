"""A process that writes to a project's store while a test takes a bundle: run as ``python -m`` with a mode.

``serve ROOT``: stores one web response per transaction, as ``eqsurvey serve``'s store
step does, and prints each one's pseudonym once its commit has returned (the moment
the respondent is thanked), until it is killed.

``wal-crash ROOT N``: writes N responses the way an eqsurvey before v5 did, in WAL
mode with no checkpoint, prints their pseudonyms, and dies without closing the
store: the responses are committed, but only in the ``-wal`` file beside it.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
import sys
from pathlib import Path

from anonymize.keys.pair import PrivateKey
from anonymize.sealing import RowContext, Sealer
from survey.store import Submission, open_store

SURVEY = "musterstadt-2026"


def serve(root: Path) -> None:
    key = PrivateKey.generate().public_key()
    store = open_store("sqlite:///data/responses.sqlite", root)
    while True:
        sealer = Sealer(key)
        row = sealer.seal(RowContext(secrets.token_hex(32), SURVEY, "1.0.0"), {"q": 1})
        assert store.add_submissions(sealer.envelope, [Submission(row, None, None)], day="2027-05-02") == ["stored"]
        print(row.context.pseudonym, flush=True)


def wal_crash(root: Path, n: int) -> None:
    key = PrivateKey.generate().public_key()
    db = sqlite3.connect(root / "data" / "responses.sqlite", isolation_level=None)
    assert db.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"
    db.execute("PRAGMA wal_autocheckpoint=0")
    for _ in range(n):
        sealer = Sealer(key)
        row = sealer.seal(RowContext(secrets.token_hex(32), SURVEY, "1.0.0"), {"q": 1})
        e = sealer.envelope
        db.execute("BEGIN")
        db.execute(
            "INSERT INTO envelopes VALUES (?, ?, ?, ?, ?)",
            (e.envelope_id, e.key_id, str(e.suite), e.sealed_key, "2027-05-02"),
        )
        db.execute(
            "INSERT INTO responses (pseudonym, instrument_id, instrument_version, envelope_id, nonce, ciphertext,"
            " received_day, source) VALUES (?, ?, ?, ?, ?, ?, ?, 'web')",
            (row.context.pseudonym, SURVEY, "1.0.0", e.envelope_id, row.nonce, row.ciphertext, "2027-05-02"),
        )
        db.execute("COMMIT")
        print(row.context.pseudonym, flush=True)
    os._exit(0)  # no close, no checkpoint: the commits stay in the -wal file


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(Path(sys.argv[2]))
    else:
        wal_crash(Path(sys.argv[2]), int(sys.argv[3]))
