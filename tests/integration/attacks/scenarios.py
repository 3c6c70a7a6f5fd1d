"""Stores filled through the real paths (import; the web form's store step), and what an attacker sees of them.

Respondent i answers ``note = r{i}`` and leaves ``p{i}@example.org`` for a
prize draw; with invitations, respondent i holds letter i. The attacker holds
every key (the analysts' private key, the pseudonym secret) and the letters'
codes, so they open every response and contact and know each used
invitation's letter: what they must not learn is which goes with which. The
scenario keeps that truth for scoring, and nothing of it goes into the store.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from anonymize.invitations import new_invitation_codes
from anonymize.keys.pair import PrivateKey
from anonymize.pseudonyms import PseudonymSecret, new_receipt_code
from anonymize.sealing import Opener
from instruments.loader import parse_instrument
from instruments.model import Instrument
from survey.importers.csv_format import CsvRow
from survey.intake.ingest import WebAnswers, ingest, store_submissions
from survey.intake.prepare import Preparer
from survey.store import ResponseStore
from tests.builders import GENDER, instrument_yaml
from tests.integration.attacks import disk
from tests.integration.attacks.guesses import Seen

KEY = PrivateKey.generate()
SECRET = PseudonymSecret.generate()
QUESTIONS = (
    GENDER
    + """\
- id: note
  type: text
  label: {de: Notiz, en: Note}
- id: email
  type: text
  label: {de: E-Mail für die Verlosung, en: E-mail for the prize draw}
  privacy: direct_identifier
"""
)
_DAY = re.compile(rb"^\d{4}-\d{2}-\d{2}$")
# Each table with the order it gives its rows: SQLite's rowid, PostgreSQL's ctid (block, line).
_ROWS = {
    "sqlite": {
        "responses": "SELECT rowid, envelope_id, pseudonym FROM responses",
        "contacts": "SELECT rowid, * FROM contacts",
        "invitations": "SELECT rowid, * FROM invitations",
    },
    "postgresql": {
        "responses": "SELECT ctid, envelope_id, pseudonym FROM responses",
        "contacts": "SELECT ctid, * FROM contacts",
        "invitations": "SELECT ctid, * FROM invitations",
    },
}


@cache
def instrument() -> Instrument:
    return parse_instrument(instrument_yaml(QUESTIONS), "attack.yaml").instrument


def answers(i: int) -> dict[str, Any]:
    return {"gender": ["woman" if i % 2 else "man"], "note": f"r{i}", "email": f"p{i}@example.org"}


def preparer() -> Preparer:
    return Preparer(instrument(), KEY.public_key(), SECRET)


def imported(store: ResponseStore, n: int, batch_size: int) -> None:
    """``n`` respondents imported from one file, ``batch_size`` rows per transaction."""
    rows = [CsvRow(i + 2, None, answers(i), []) for i in range(n)]
    report = ingest(
        store,
        instrument(),
        KEY.public_key(),
        SECRET,
        rows,
        digest=f"file-{n}",
        source="import",
        batch_size=batch_size,
        workers=1,
    )
    assert report.stored == n, report.rejected[:3]


def invited(store: ResponseStore, n: int) -> list[str]:
    """``n`` letters, made before fieldwork; the keyed hash of each letter's code, in the letters' order."""
    codes = new_invitation_codes(n)
    hashes = [SECRET.invitation_hash(instrument().id, c) for c in codes]
    store.add_invitations(hashes, instrument().id, day="2026-02-27")
    return hashes


def sent_on_the_web(store: ResponseStore, n: int, *, group: int, letters: Sequence[str] | None, days: int) -> None:
    """``n`` forms through the web form's store step, ``group`` per transaction, in the letters' order.

    Answering in the letters' order is the worst case for a store that keeps
    invitations in that order; arrivals are spread over ``days`` days.
    """
    for start in range(0, n, group):
        forms = [
            WebAnswers(answers(i), new_receipt_code(), None if letters is None else letters[i])
            for i in range(start, min(start + group, n))
        ]
        day = f"2026-03-{1 + (start * days // n):02d}"
        outcomes = store_submissions(store, preparer(), forms, day=day)
        assert outcomes == ["stored"] * len(forms), outcomes


@dataclass
class Sight:
    """What the attacker sees: responses, contacts and used invitations, each with its features."""

    responses: list[Seen] = field(default_factory=list)
    contacts: list[Seen] = field(default_factory=list)
    invitations: list[Seen] = field(default_factory=list)


def _where(marker: bytes, files: Sequence[bytes], page: int) -> tuple[int, tuple[int, int]]:
    """Where ``marker`` lies, and the slot that suggests: rows fill a page from its end (SQLite and PostgreSQL)."""
    for number, data in enumerate(files):
        found = data.find(marker)
        if found >= 0:
            return number * 2**40 + found, (number * 2**40 + found // page, -(found % page))
    return -1, (-1, 0)


def _commit_of(marker: bytes, commits: list[list[bytes]]) -> dict[str, int]:
    for number, pages in enumerate(commits):
        if any(marker in page for page in pages):
            return {"commit": number}
    return {}


def _days(values: Sequence[Any]) -> dict[str, Any]:
    found = tuple(v for v in values if isinstance(v, str) and _DAY.match(v.encode()))
    return {"day": found} if found else {}


def seen(store: ResponseStore, letters: Sequence[str] = ()) -> Sight:
    """Everything the attacker reads from the store's files, opened with every key they hold."""
    opener = Opener([KEY])
    letter_of = {h: i for i, h in enumerate(letters)}
    sqlite = store.dialect == "sqlite"
    if sqlite:
        files = disk.sqlite_files(store)
        main = [files[store.path.name]]  # type: ignore[attr-defined]
        wal = next((data for name, data in files.items() if name.endswith("-wal")), b"")
        commits = disk.wal_commits(wal)
    else:
        commits = []
    statements = _ROWS[store.dialect]
    page = int(store._query("PRAGMA page_size" if sqlite else "SELECT current_setting('block_size')")[0][0])
    sight = Sight()

    def located(table: str) -> tuple[list[bytes], dict[bytes, int]]:
        if sqlite:
            return main, {}
        xmins = {t.data: t.xmin for t in disk.postgres_tuples(store, table)}
        return [disk.postgres_table_bytes(store, table)], {k: v for k, v in xmins.items()}

    def xmin_of(marker: bytes, xmins: dict[bytes, int]) -> dict[str, int]:
        found = [x for data, x in xmins.items() if marker in data]
        return {"xmin": min(found)} if found else {}

    files_r, xmins_r = located("responses")
    envelopes = {e.envelope_id: e for e in store.envelopes(instrument().id)}
    rows = store._query(statements["responses"])
    for rank, (_, envelope_id, pseudonym) in enumerate(sorted(rows, key=lambda r: _ordinal(r[0]))):
        stored = next(b for b in store.responses_in(envelope_id) if b.row.context.pseudonym == pseudonym)
        note = opener.open(envelopes[envelope_id], stored.row)["note"]
        marker = bytes(stored.row.ciphertext[:32])
        sight.responses.append(
            Seen(
                note,
                *_where(marker, files_r, page),
                rank,
                {
                    "batch": envelope_id,
                    **_days([stored.received_day]),
                    **_commit_of(marker, commits),
                    **xmin_of(marker, xmins_r),
                },
            )
        )

    files_c, xmins_c = located("contacts")
    by_id = {c.contact_id: c for c in store.sealed_contacts(instrument().id)}
    contact_rows = store._query(statements["contacts"])
    for rank, row in enumerate(sorted(contact_rows, key=lambda r: _ordinal(r[0]))):
        contact = by_id[row[1]]
        email = opener.open(contact.envelope, contact.row)["email"]
        marker = contact.row.ciphertext[:32]
        sight.contacts.append(
            Seen(
                "r" + email.split("@")[0][1:],
                *_where(marker, files_c, page),
                rank,
                {
                    "batch": contact.envelope.sealed_key,
                    **_days(row[1:]),
                    **_commit_of(marker, commits),
                    **xmin_of(marker, xmins_c),
                },
            )
        )

    files_i, xmins_i = located("invitations")
    invitation_rows = store._query(statements["invitations"])
    for rank, row in enumerate(sorted(invitation_rows, key=lambda r: _ordinal(r[0]))):
        code_hash, used = row[1], row[-1]
        if not used or code_hash not in letter_of:
            continue
        marker = code_hash.encode()
        sight.invitations.append(
            Seen(
                f"r{letter_of[code_hash]}",
                *_where(marker, files_i, page),
                rank,
                {**_days(row[1:]), **_commit_of(marker, commits), **xmin_of(marker, xmins_i)},
            )
        )
    return sight


def _ordinal(value: Any) -> tuple[int, ...]:
    """A rowid, or a ctid such as '(3,17)', as something to sort by."""
    if isinstance(value, int):
        return (value,)
    return tuple(int(part) for part in str(value).strip("()").split(","))
