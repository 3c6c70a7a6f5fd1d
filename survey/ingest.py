"""From rows of answers to sealed, stored responses.

Each row is checked against the instrument; rows with problems are reported
(row, question, reason) and not stored. Good rows are pseudonymised (keyed
hash of the access code, or a random value), their direct identifiers split
off into sealed contact records that carry no link to the answers, and sealed
in batches. Each batch is one transaction, recorded under the file's digest
and the batch number: importing the same file again stores nothing twice, and
an import that stopped halfway stores the missing batches when run again.

A batch is a fixed number of rows of the file (good or bad), so the numbering
depends only on the file. Checking and sealing a batch (:class:`_Preparer`) is
kept apart from storing it: the link between a response and its contact record
exists only in memory, between the two.

Worker processes were tried for checking and sealing: on two cores, shipping
rows to them and sealed rows back cost nearly what they saved (+12 % at
100,000 rows, with three times the memory), so one process does the work.
"""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from anonymize.keys import PublicKey
from anonymize.pseudonyms import PseudonymSecret
from anonymize.sealing import Envelope, RowContext, SealedRow, Sealer
from instruments.errors import Location, Problem
from instruments.model import Instrument
from instruments.submission import check_answers

from .bulk import collector_paused
from .csv_format import CsvRow
from .store import ResponseStore

BATCH_SIZE = 10_000


@dataclass
class ImportReport:
    stored: int = 0
    skipped_as_duplicates: int = 0
    rejected: list[Problem] = field(default_factory=list)
    rejected_rows: set[int] = field(default_factory=set)


@dataclass
class _Prepared:
    """One batch checked and sealed; the link from a row to its contact record lives only here, in memory."""

    envelope: Envelope
    sealed: list[SealedRow]
    numbers: list[int]
    coded: list[bool]
    contact_of: list[int | None]
    contacts: tuple[Envelope, list[tuple[str, SealedRow]]] | None
    rejected: list[Problem]
    rejected_rows: list[int]


@dataclass(frozen=True)
class _Preparer:
    instrument: Instrument
    public_key: PublicKey
    secret: PseudonymSecret

    def __call__(self, rows: list[CsvRow]) -> _Prepared:
        instrument, key = self.instrument, self.public_key
        direct = frozenset(q.id for q in instrument.questions() if q.privacy == "direct_identifier")
        sealer, contact_sealer = Sealer(key), Sealer(key)
        out = _Prepared(sealer.envelope, [], [], [], [], None, [], [])
        contacts: list[tuple[str, SealedRow]] = []
        for row in rows:
            checked = check_answers(instrument, row.answers, Location(row=row.number))
            problems = row.problems + checked.problems
            if problems:
                out.rejected.extend(_with_row(p, row.number) for p in problems)
                out.rejected_rows.append(row.number)
                continue
            code = row.access_code
            pseudonym = self.secret.pseudonym(instrument.id, code) if code else PseudonymSecret.random_pseudonym()
            answers = {k: v for k, v in checked.answers.items() if k not in direct}
            identifiers = {k: v for k, v in checked.answers.items() if k in direct}
            out.sealed.append(sealer.seal(RowContext(pseudonym, instrument.id, instrument.version), answers))
            out.numbers.append(row.number)
            out.coded.append(bool(code))
            out.contact_of.append(None)
            if identifiers:
                # Contacts get their own envelope and random ids: nothing stored ties them to the answers.
                out.contact_of[-1] = len(contacts)
                context = RowContext("contact", instrument.id, instrument.version)
                contacts.append((secrets.token_hex(16), contact_sealer.seal(context, identifiers)))
        if contacts:
            out.contacts = (contact_sealer.envelope, contacts)
        return out


def ingest(
    store: ResponseStore,
    instrument: Instrument,
    public_key: PublicKey,
    secret: PseudonymSecret,
    rows: Iterable[CsvRow],
    *,
    digest: str,
    source: str,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    """Check, pseudonymise, seal and store the good rows; report the others."""
    report = ImportReport()
    seen: set[str] = set()
    preparer = _Preparer(instrument, public_key, secret)
    batches = _batches(iter(rows), batch_size)
    with collector_paused():  # see survey.bulk
        for number, batch in enumerate(batches):
            _store(store, preparer(batch), seen, report, import_digest=f"{digest}:{number}", source=source)
    report.rejected.sort(key=lambda p: p.where.row or 0)
    return report


def _batches(rows: Iterator[CsvRow], size: int) -> Iterator[list[CsvRow]]:
    while batch := list(itertools.islice(rows, size)):
        yield batch


def _store(
    store: ResponseStore,
    prepared: _Prepared,
    seen: set[str],
    report: ImportReport,
    *,
    import_digest: str,
    source: str,
) -> None:
    report.rejected.extend(prepared.rejected)
    report.rejected_rows.update(prepared.rejected_rows)
    keep: list[int] = []
    for i, row in enumerate(prepared.sealed):
        pseudonym = row.context.pseudonym
        if prepared.coded[i] and pseudonym in seen:
            number = prepared.numbers[i]
            report.rejected.append(
                Problem(
                    "duplicate-code",
                    Location(row=number),
                    "this access code was already used in the file",
                    "keep one response per code",
                )
            )
            report.rejected_rows.add(number)
            continue
        seen.add(pseudonym)
        keep.append(i)
    if not keep:
        return
    contacts = None
    if prepared.contacts is not None:
        envelope, sealed = prepared.contacts
        kept = [sealed[j] for i in keep if (j := prepared.contact_of[i]) is not None]
        contacts = (envelope, kept) if kept else None
    rows = [prepared.sealed[i] for i in keep]
    stored = store.add_batch(prepared.envelope, rows, source=source, import_digest=import_digest, contacts=contacts)
    report.stored += stored
    report.skipped_as_duplicates += len(rows) - stored


def _with_row(problem: Problem, number: int) -> Problem:
    if problem.where.row is not None:
        return problem
    return replace(problem, where=replace(problem.where, row=number))
