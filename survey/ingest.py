"""From rows of answers to sealed, stored responses.

Each row is checked against the instrument; rows with problems are reported
(row, question, reason) and not stored. Good rows are pseudonymised (keyed
hash of the access code, or a random value), their direct identifiers split
off into sealed contact records that carry no link to the answers, and sealed
in batches. Each batch is one transaction, recorded under the file's digest
and the batch number: importing the same file again stores nothing twice, and
an import that stopped halfway stores the missing batches when run again.

A batch is a fixed number of rows of the file (good or bad), so the numbering
depends only on the file. Checking and sealing a batch (:class:`Preparer`) is
kept apart from storing it: the link between a response and its contact record
exists only in memory, between the two.

Large imports of eqsurvey's CSV are parsed, checked and sealed in worker
processes (:mod:`survey.ingest_workers`); storing stays here, in file order.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from anonymize.keys import PublicKey
from anonymize.pseudonyms import PseudonymSecret
from instruments.errors import Location, Problem
from instruments.model import Instrument

from .bulk import collector_paused
from .csv_format import CsvRow
from .ingest_workers import SplitRows, prepared_in_workers, worker_count
from .prepare import Prepared, Preparer
from .store import Outcome, ResponseStore, Submission

BATCH_SIZE = 10_000


@dataclass
class ImportReport:
    stored: int = 0
    skipped_as_duplicates: int = 0
    rejected: list[Problem] = field(default_factory=list)
    rejected_rows: set[int] = field(default_factory=set)


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
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Check, pseudonymise, seal and store the good rows; report the others.

    A source that hands over unparsed rows (eqsurvey's CSV) is parsed, checked
    and sealed by ``workers`` processes (default: one per core) when it has
    several batches; any other source in this process.
    """
    report = ImportReport()
    seen: set[str] = set()
    preparer = Preparer(instrument, public_key, secret)
    count = worker_count() if workers is None else workers
    with collector_paused():  # see survey.bulk
        if count > 1 and isinstance(rows, SplitRows):
            prepared = prepared_in_workers(preparer, rows, batch_size, count)
        else:
            prepared = ((preparer(batch), len(batch)) for batch in _batches(iter(rows), batch_size))
        for number, (batch, size) in enumerate(prepared):
            _store(store, batch, seen, report, import_digest=f"{digest}:{number}", source=source)
            if progress is not None:
                progress(size)
        # Contacts went in batch by batch; once, at the end, they are rewritten in a random order (see
        # survey.store.contacts). An import that stopped halfway is reshuffled when it is run again.
        store.reshuffle_contacts()
    report.rejected.sort(key=lambda p: p.where.row or 0)
    return report


def _batches(rows: Iterator[CsvRow], size: int) -> Iterator[list[CsvRow]]:
    while batch := list(itertools.islice(rows, size)):
        yield batch


@dataclass(frozen=True)
class WebAnswers:
    """One finished web form: its answers, the receipt code shown on the thank-you page, its invitation's hash."""

    answers: dict[str, Any]
    receipt: str
    invitation: str | None


def store_submissions(
    store: ResponseStore, preparer: Preparer, forms: Sequence[WebAnswers], *, day: str
) -> list[Outcome | None]:
    """Finished web forms through the same check and seal as an import, stored in one transaction.

    Each form's outcome, in order (None: refused by the instrument's checks).
    Web responses get random pseudonyms, never one derived from an access
    code: an invitation is marked used, but nothing links it to the answers.
    Receipt codes are stored as keyed hashes only, beside their response.
    """
    prepared = preparer([CsvRow(i + 1, None, form.answers, []) for i, form in enumerate(forms)])
    instrument_id = preparer.instrument.id
    submissions: list[Submission] = []
    numbers: list[int] = []
    contacts = prepared.contacts
    for i, (number, row) in enumerate(zip(prepared.numbers, prepared.sealed, strict=True)):
        form = forms[number - 1]
        receipt_hash = preparer.secret.receipt_hash(instrument_id, form.receipt)
        j = prepared.contact_of[i]
        submissions.append(Submission(row, receipt_hash, form.invitation, None if j is None else contacts[j]))
        numbers.append(number)
    outcomes: list[Outcome | None] = [None] * len(forms)
    if submissions:
        stored = store.add_submissions(prepared.envelope, submissions, day=day)
        for number, outcome in zip(numbers, stored, strict=True):
            outcomes[number - 1] = outcome
    return outcomes


def _store(
    store: ResponseStore,
    prepared: Prepared,
    seen: set[str],
    report: ImportReport,
    *,
    import_digest: str | None,
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
    contacts = [prepared.contacts[j] for i in keep if (j := prepared.contact_of[i]) is not None]
    rows = [prepared.sealed[i] for i in keep]
    stored = store.add_batch(
        prepared.envelope,
        rows,
        source=source,
        import_digest=import_digest,
        contacts=contacts,
        reshuffle_contacts=False,
    )
    report.stored += stored
    report.skipped_as_duplicates += len(rows) - stored
