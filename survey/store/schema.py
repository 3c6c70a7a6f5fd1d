"""The store's tables and their versioned migrations, for SQLite and PostgreSQL.

One schema, two dialects: the statements are written once with a few
placeholders for the types that differ. Nothing here holds an answer, a code
or an identifier in clear:

- ``envelopes``: one sealed data key per batch (see anonymize.sealing);
- ``responses``: sealed answers with their pseudonym, instrument, day received;
- ``contacts``: sealed direct identifiers under a random id, with no column
  that links them to a response;
- ``consents``: that consent was given, to which instrument version, on which day;
- ``receipts``: keyed hashes of erasure receipt codes, pointing at a pseudonym;
- ``access_codes``: (v1 to v3, never written) replaced by ``invitations`` in v4;
- ``imports``: digests of imported files, so a re-import stores nothing twice;
- ``audit_log``: exports, erasures, key operations, releases; append-only,
  enforced by the database itself;
- ``erasures`` (v2): the pseudonyms erased on request, so that importing an
  old export again cannot bring an erased response back. A pseudonym is a
  keyed hash and says nothing without the project's secret.
- ``releases`` (v3): the privacy budget ledger. Every differentially private
  release with the ρ it spent (as the exact decimal it was written as) and its
  immutable content; append-only like the audit log.
- ``invitations`` (v4): keyed hashes of single-use invitation codes (never a
  code), the day each was made and the day it was used. A used invitation
  cannot be changed again; the database itself refuses.

v5 takes out what linked contacts and used invitations to answers (see
``survey.store.unlinkable``): contacts lose their day and their shared batch
envelope (each is sealed on its own, its sealed key in its own row); an
invitation keeps only whether it was used, as a flag that changes in place,
not the day.

v6 adds ``budget_totals``: the survey's total privacy budget, written when
its first release is made and changed only by a new row with a reason
(append-only), so that editing the config cannot raise it.

v7 recognises imported responses exported again (see ``survey.store.identities``):
``responses`` gain ``source_identity`` (a keyed hash of the response's id at
its source: LimeSurvey's response id, KoboToolbox's uuid, a response id column),
unique per survey, and ``answers_digest`` (a keyed digest of its normalised
answers, salted with that identity, to tell a changed row); web responses have
neither. ``erased_sources`` keeps the identity of an erased response, like
``erasures`` its pseudonym, so that no export brings it back. ``imports`` gains
``identified``: 0 on the records of files imported before v7, whose batches
(recorded by the file's digest) are still not imported twice.

v8 lets several web server processes, and one restarted, work as one:
``web_sessions`` holds the keyed hash of each web form session that has been
sent (a random id the sealed form state carries, never anything of the
respondent), with the day, written in the transaction that stores the
response and deleted after two days, so a sent form replayed to any process
stores nothing. On PostgreSQL, ``web_limits`` holds the rate-limit buckets
the processes share (see ``survey.web.shared_limits``): UNLOGGED, so never in
the write-ahead log, and keyed by hashes, never by an address.
v9 keeps each side's own state (releases, budget totals, audit log, a kept
copy of the erasure tombstones) apart from the collection: see
``survey.store.sides_schema``.

v10 (PostgreSQL) stops the server sampling the store's columns for the query
planner: ``ANALYZE``, which autovacuum runs by itself, copies sampled values of
every column (ciphertexts, nonces, keyed hashes) into the system catalogue
``pg_statistic``, where an erasure cannot reach them. A statistics target of 0
makes ``ANALYZE`` leave a column out; the planner then uses its defaults, which
the store's lookups by key do not need. Every table a later migration adds
must do the same (a test checks every column of the schema).

v11 adds survey waves to the ledger (``waves``, ``release_waves``,
``wave_totals``): see ``survey.store.waves_schema``. No response gains a
column: a response's wave is the wave of the day it was received.
"""

from __future__ import annotations

from dataclasses import dataclass

from survey.store.planner_stats import NO_PLANNER_SAMPLES
from survey.store.sides_schema import POSTGRES_V9, SQLITE_V9
from survey.store.waves_schema import POSTGRES_V11

TYPES = {
    "sqlite": {
        "serial": "INTEGER PRIMARY KEY AUTOINCREMENT",
        "bytes": "BLOB",
        "int": "INTEGER",
        "today": "date('now')",
        "random": "random()",
    },
    "postgresql": {
        "serial": "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
        "bytes": "BYTEA",
        "int": "BIGINT",
        "today": "to_char(CURRENT_DATE, 'YYYY-MM-DD')",
        "random": "random()",
    },
}

_V1 = [
    """CREATE TABLE envelopes (
        envelope_id TEXT PRIMARY KEY,
        key_id TEXT NOT NULL,
        suite TEXT NOT NULL,
        sealed_key {bytes} NOT NULL,
        created_day TEXT NOT NULL
    )""",
    """CREATE TABLE responses (
        row_id {serial},
        pseudonym TEXT NOT NULL,
        instrument_id TEXT NOT NULL,
        instrument_version TEXT NOT NULL,
        envelope_id TEXT NOT NULL REFERENCES envelopes(envelope_id),
        nonce {bytes} NOT NULL,
        ciphertext {bytes} NOT NULL,
        received_day TEXT NOT NULL,
        source TEXT NOT NULL,
        UNIQUE (instrument_id, pseudonym)
    )""",
    "CREATE INDEX responses_envelope ON responses (envelope_id)",
    """CREATE TABLE contacts (
        contact_id TEXT PRIMARY KEY,
        instrument_id TEXT NOT NULL,
        instrument_version TEXT NOT NULL,
        envelope_id TEXT NOT NULL REFERENCES envelopes(envelope_id),
        nonce {bytes} NOT NULL,
        ciphertext {bytes} NOT NULL,
        received_day TEXT NOT NULL
    )""",
    """CREATE TABLE consents (
        consent_id {serial},
        instrument_id TEXT NOT NULL,
        instrument_version TEXT NOT NULL,
        given_day TEXT NOT NULL
    )""",
    """CREATE TABLE receipts (
        receipt_hash TEXT PRIMARY KEY,
        instrument_id TEXT NOT NULL,
        pseudonym TEXT NOT NULL
    )""",
    """CREATE TABLE access_codes (
        code_hash TEXT PRIMARY KEY,
        instrument_id TEXT NOT NULL,
        used_day TEXT
    )""",
    """CREATE TABLE imports (
        digest TEXT PRIMARY KEY,
        instrument_id TEXT NOT NULL,
        stored {int} NOT NULL,
        imported_day TEXT NOT NULL
    )""",
    """CREATE TABLE audit_log (
        entry_id {serial},
        at TEXT NOT NULL,
        action TEXT NOT NULL,
        detail TEXT NOT NULL
    )""",
]


def _append_only(table: str, function: str, message: str) -> dict[str, list[str]]:
    """Triggers by which the database itself refuses to change or delete a row of ``table``."""
    return {
        "sqlite": [
            f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
           BEGIN SELECT RAISE(ABORT, '{message}'); END""",
            f"""CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
           BEGIN SELECT RAISE(ABORT, '{message}'); END""",
        ],
        "postgresql": [
            f"""CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN RAISE EXCEPTION '{message}'; END $$""",
            f"""CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table}
           FOR EACH ROW EXECUTE FUNCTION {function}()""",
            f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
           FOR EACH STATEMENT EXECUTE FUNCTION {function}()""",
        ],
    }


_APPEND_ONLY = _append_only("audit_log", "audit_log_append_only", "the audit log is append-only")


_V2 = [
    """CREATE TABLE erasures (
        instrument_id TEXT NOT NULL,
        pseudonym TEXT NOT NULL,
        erased_day TEXT NOT NULL,
        PRIMARY KEY (instrument_id, pseudonym)
    )""",
]


_V3 = [
    """CREATE TABLE releases (
        release_id TEXT PRIMARY KEY,
        instrument_id TEXT NOT NULL,
        instrument_version TEXT NOT NULL,
        plan_id TEXT NOT NULL,
        plan_hash TEXT NOT NULL,
        dataset_fingerprint TEXT NOT NULL,
        rho TEXT NOT NULL,
        created_at TEXT NOT NULL,
        body TEXT NOT NULL
    )""",
    "CREATE INDEX releases_instrument ON releases (instrument_id)",
]

_RELEASES_APPEND_ONLY = _append_only("releases", "releases_immutable", "releases are immutable")


_V4 = [
    """CREATE TABLE invitations (
        code_hash TEXT PRIMARY KEY,
        instrument_id TEXT NOT NULL,
        created_day TEXT NOT NULL,
        used_day TEXT
    )""",
    "CREATE INDEX invitations_instrument ON invitations (instrument_id)",
    # v1's access_codes held the same thing without the day made (no eqsurvey wrote to it): keep any rows.
    """INSERT INTO invitations (code_hash, instrument_id, created_day, used_day)
        SELECT code_hash, instrument_id, COALESCE(used_day, {today}), used_day FROM access_codes""",
    "DROP TABLE access_codes",
]

_USED_ONCE = "an invitation is used once and then never changed"
_INVITATIONS_USED_ONCE = {
    "sqlite": [
        f"""CREATE TRIGGER invitations_used_once BEFORE UPDATE ON invitations
           WHEN OLD.used_day IS NOT NULL OR NEW.code_hash IS NOT OLD.code_hash
             OR NEW.instrument_id IS NOT OLD.instrument_id OR NEW.created_day IS NOT OLD.created_day
           BEGIN SELECT RAISE(ABORT, '{_USED_ONCE}'); END""",
    ],
    "postgresql": [
        f"""CREATE FUNCTION invitations_used_once() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN
             IF OLD.used_day IS NOT NULL OR NEW.code_hash IS DISTINCT FROM OLD.code_hash
                OR NEW.instrument_id IS DISTINCT FROM OLD.instrument_id
                OR NEW.created_day IS DISTINCT FROM OLD.created_day THEN
               RAISE EXCEPTION '{_USED_ONCE}';
             END IF;
             RETURN NEW;
           END $$""",
        """CREATE TRIGGER invitations_used_once BEFORE UPDATE ON invitations
           FOR EACH ROW EXECUTE FUNCTION invitations_used_once()""",
    ],
}


_V5 = [
    # Each contact sealed on its own (its data key in its row), with no day and no instrument version.
    """CREATE TABLE contacts_v5 (
        contact_id TEXT PRIMARY KEY,
        instrument_id TEXT NOT NULL,
        instrument_version TEXT NOT NULL,
        envelope_id TEXT NOT NULL,
        key_id TEXT NOT NULL,
        suite TEXT NOT NULL,
        sealed_key {bytes} NOT NULL,
        nonce {bytes} NOT NULL,
        ciphertext {bytes} NOT NULL
    )""",
    # Contacts stored before v5 keep the batch key they were sealed under (only the analysts could re-seal them).
    """INSERT INTO contacts_v5
        SELECT c.contact_id, c.instrument_id, c.instrument_version, c.envelope_id, e.key_id, e.suite, e.sealed_key,
               c.nonce, c.ciphertext
        FROM contacts c JOIN envelopes e ON e.envelope_id = c.envelope_id ORDER BY {random}""",
    "DROP TABLE contacts",
    "ALTER TABLE contacts_v5 RENAME TO contacts",
    "DELETE FROM envelopes WHERE envelope_id NOT IN (SELECT envelope_id FROM responses)",
    # Used or not, as a flag of fixed size: SQLite overwrites it in place, so nothing shows when it changed.
    """CREATE TABLE invitations_v5 (
        code_hash TEXT PRIMARY KEY,
        instrument_id TEXT NOT NULL,
        created_day TEXT NOT NULL,
        used {int} NOT NULL DEFAULT 0 CHECK (used IN (0, 1))
    )""",
    """INSERT INTO invitations_v5 (code_hash, instrument_id, created_day, used)
        SELECT code_hash, instrument_id, created_day, CASE WHEN used_day IS NULL THEN 0 ELSE 1 END
        FROM invitations ORDER BY {random}""",
    "DROP TABLE invitations",
    "ALTER TABLE invitations_v5 RENAME TO invitations",
    "CREATE INDEX invitations_of_instrument ON invitations (instrument_id)",
]

_INVITATIONS_USED_FLAG_ONCE = {
    "sqlite": [
        f"""CREATE TRIGGER invitations_used_once BEFORE UPDATE ON invitations
           WHEN OLD.used = 1 OR NEW.code_hash IS NOT OLD.code_hash
             OR NEW.instrument_id IS NOT OLD.instrument_id OR NEW.created_day IS NOT OLD.created_day
           BEGIN SELECT RAISE(ABORT, '{_USED_ONCE}'); END""",
    ],
    "postgresql": [
        f"""CREATE OR REPLACE FUNCTION invitations_used_once() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN
             IF OLD.used = 1 OR NEW.code_hash IS DISTINCT FROM OLD.code_hash
                OR NEW.instrument_id IS DISTINCT FROM OLD.instrument_id
                OR NEW.created_day IS DISTINCT FROM OLD.created_day THEN
               RAISE EXCEPTION '{_USED_ONCE}';
             END IF;
             RETURN NEW;
           END $$""",
        """CREATE TRIGGER invitations_used_once BEFORE UPDATE ON invitations
           FOR EACH ROW EXECUTE FUNCTION invitations_used_once()""",
    ],
}


_V6 = [
    # The survey's total budget, fixed by its first release; each later change a row of its own, with its reason.
    """CREATE TABLE budget_totals (
        instrument_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        total TEXT NOT NULL,
        set_at TEXT NOT NULL,
        reason TEXT NOT NULL,
        PRIMARY KEY (instrument_id, seq)
    )""",
]

_BUDGET_TOTALS_APPEND_ONLY = _append_only(
    "budget_totals", "budget_totals_immutable", "a budget total is changed only by a new row"
)


_V7 = [
    "ALTER TABLE responses ADD COLUMN source_identity TEXT",
    "ALTER TABLE responses ADD COLUMN answers_digest TEXT",
    "CREATE UNIQUE INDEX responses_source ON responses (instrument_id, source_identity)",
    """CREATE TABLE erased_sources (
        instrument_id TEXT NOT NULL,
        source_identity TEXT NOT NULL,
        PRIMARY KEY (instrument_id, source_identity)
    )""",
    "ALTER TABLE imports ADD COLUMN identified {int} NOT NULL DEFAULT 0",
]


_V8 = [
    """CREATE TABLE web_sessions (
        session_hash TEXT PRIMARY KEY,
        day TEXT NOT NULL
    )""",
]
_V8_POSTGRESQL = [
    """CREATE UNLOGGED TABLE web_limits (
        kind TEXT NOT NULL,
        bucket BYTEA NOT NULL,
        tokens DOUBLE PRECISION NOT NULL,
        at DOUBLE PRECISION NOT NULL,
        capacity DOUBLE PRECISION NOT NULL,
        rate DOUBLE PRECISION NOT NULL,
        granted DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (kind, bucket)
    )""",
]


@dataclass(frozen=True)
class Migration:
    version: int
    description: str

    def statements(self, dialect: str) -> list[str]:
        if self.version == 1:
            return [s.format(**TYPES[dialect]) for s in _V1] + _APPEND_ONLY[dialect]
        if self.version == 2:
            return [s.format(**TYPES[dialect]) for s in _V2]
        if self.version == 3:
            return [s.format(**TYPES[dialect]) for s in _V3] + _RELEASES_APPEND_ONLY[dialect]
        if self.version == 4:
            return [s.format(**TYPES[dialect]) for s in _V4] + _INVITATIONS_USED_ONCE[dialect]
        if self.version == 5:
            return [s.format(**TYPES[dialect]) for s in _V5] + _INVITATIONS_USED_FLAG_ONCE[dialect]
        if self.version == 6:
            return [s.format(**TYPES[dialect]) for s in _V6] + _BUDGET_TOTALS_APPEND_ONLY[dialect]
        if self.version == 7:
            return [s.format(**TYPES[dialect]) for s in _V7]
        if self.version == 8:
            return [s.format(**TYPES[dialect]) for s in _V8] + (_V8_POSTGRESQL if dialect == "postgresql" else [])
        if self.version == 9:
            return list(SQLITE_V9 if dialect == "sqlite" else POSTGRES_V9)
        if self.version == 10:
            return [NO_PLANNER_SAMPLES] if dialect == "postgresql" else []
        if self.version == 11:  # SQLite: the ledger file's tables are made whenever the store opens
            return [*POSTGRES_V11, NO_PLANNER_SAMPLES] if dialect == "postgresql" else []
        raise ValueError(self.version)


MIGRATIONS = (
    Migration(1, "sealed responses, contacts, consents, receipts, access codes, imports, audit log"),
    Migration(2, "erased pseudonyms, so an erased response cannot be imported again"),
    Migration(3, "the privacy budget ledger: releases and the budget each spent"),
    Migration(4, "single-use invitations: keyed hashes of access codes, day made, day used"),
    Migration(5, "contacts sealed one by one without a day; invitations used or not, without the day"),
    Migration(6, "the survey's total budget, fixed at its first release and changed only with a reason"),
    Migration(7, "imported responses carry a keyed hash of their source identity and of their answers"),
    Migration(8, "web form sessions sent, and rate limits shared by several server processes"),
    Migration(9, "each side's ledger (releases, budget, audit log, kept tombstones) apart from the collection"),
    Migration(10, "PostgreSQL: no column of the store sampled into the planner's statistics"),
    Migration(11, "survey waves: later waves, the wave of each release, each later wave's budget total"),
)
LATEST = MIGRATIONS[-1].version
