"""From rows of answers to sealed, stored responses.

Each row is checked against the instrument; rows with problems are reported
(row, question, reason) and not stored. Good rows are pseudonymised (keyed
hash of the access code, or a random value), their direct identifiers split
off into sealed contact records that carry no link to the answers, and sealed
in batches. Batches are stored a group at a time, each group one transaction
(see :class:`_Group`).

Each row is recognised by its identity at the source (LimeSurvey's response
id, KoboToolbox's uuid, a ``response_id`` column; see
:mod:`anonymize.source_identity`), kept only as a keyed hash: importing any
later export of the same responses, grown, re-saved or corrected, stores each
response once. A row stored before with other answers replaces the stored one
(the latest export wins), and is reported with its row number; rows rejected
before and valid now are stored. A row without an identity is recognised by
its answers and how many rows before it in the file had the same ones (weaker:
reported as such). The file's digest and batch number are recorded for the
audit, not to decide what was imported (see :mod:`survey.store.identities`).

A batch is a fixed number of rows of the file (good or bad), so the numbering
depends only on the file. Checking and sealing a batch (:class:`Preparer`) is
kept apart from storing it: the link between a response and its contact record
exists only in memory, between the two.

A row collected under an earlier instrument version (KoboToolbox's
``__version__``, see :mod:`survey.importers.kobo.versions`) is checked against that
version and stored under it.

Large imports of eqsurvey's CSV are parsed, checked and sealed in worker
processes (:mod:`survey.intake.workers`); storing stays here, in file order.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any

from anonymize.keys.pair import PublicKey
from anonymize.pseudonyms import PseudonymSecret
from anonymize.source_identity import SourceKey
from instruments.model import Instrument
from kernel.errors import Location, Problem
from survey.importers.csv_format import CsvRow
from survey.intake.bulk import collector_paused
from survey.intake.prepare import Prepared, Preparer
from survey.intake.workers import SplitRows, prepared_in_workers, worker_count
from survey.store import ImportColumns, ImportOutcome, Outcome, ResponseStore, Submission

BATCH_SIZE = 10_000
#: Stored together: at least a batch, and up to 1/GROUP_SHARE of the rows this import has stored so far (see :class:`_Group`),
#: but no more than GROUP_MOST rows (held in memory until stored: about 100 MB).
GROUP_SHARE = 3
GROUP_MOST = 100_000


@dataclass
class ImportReport:
    """What an import did, row by row where a row needs looking at."""

    stored: int = 0
    unchanged: int = 0
    replaced_rows: list[int] = field(default_factory=list)
    erased: int = 0
    code_used_rows: list[int] = field(default_factory=list)
    earlier_import: int = 0
    by_answers: int = 0
    rejected: list[Problem] = field(default_factory=list)
    rejected_rows: set[int] = field(default_factory=set)

    @property
    def skipped_as_duplicates(self) -> int:
        """Rows not stored because their response is stored already, or was erased."""
        return self.unchanged + self.erased + len(self.code_used_rows) + self.earlier_import


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
    seen = _Seen(SourceKey.of(secret))
    preparer = Preparer(instrument, public_key, secret)
    count = worker_count() if workers is None else workers
    with collector_paused():  # see survey.intake.bulk
        prepared: Iterator[tuple[list[Prepared], int]]
        if count > 1 and isinstance(rows, SplitRows):
            prepared = (([p], n) for p, n in prepared_in_workers(preparer, rows, batch_size, count))
        else:
            # One preparer per earlier version rows were collected under, kept for every batch: each keeps its
            # compiled checks and the answers it found valid.
            versions: dict[str, Preparer] = {}
            prepared = (
                (_by_version(preparer, batch, versions), len(batch)) for batch in _batches(iter(rows), batch_size)
            )
        group = _Group(store, report, source, batch_size)
        try:
            for number, (batches, size) in enumerate(prepared):
                for batch in batches:  # all of the batch under one digest: see `earlier-import` in survey.store
                    group.add(_screened(batch, seen, report), import_digest=f"{digest}:{number}")
                group.flush_if_due()
                if progress is not None:
                    progress(size)
        except BaseException:
            group.close(store_rest=False)
            raise
        group.close(store_rest=True)
        # Contacts went in batch by batch; once, at the end, they are rewritten in a random order (see
        # survey.store.contacts). An import that stopped halfway is reshuffled when it is run again.
        store.reshuffle_contacts()
    report.rejected.sort(key=lambda p: p.where.row or 0)
    return report


def _by_version(preparer: Preparer, batch: list[CsvRow], versions: dict[str, Preparer]) -> list[Prepared]:
    """The batch checked and sealed per instrument version its rows were collected under (see CsvRow).

    Each version is sealed under its own envelope (an envelope's layout is one version's), in the order
    the versions first come in the batch. ``versions``: the earlier versions' preparers, made once.
    """
    if all(row.collected_under is None for row in batch):
        return [preparer(batch)]
    groups: dict[str, tuple[Preparer, list[CsvRow]]] = {}
    for row in batch:
        under = row.collected_under
        key = preparer.instrument.version if under is None else under.version
        if key not in groups:
            groups[key] = (preparer if under is None else _preparer_for(preparer, under, versions), [])
        groups[key][1].append(row)
    return [own(rows) for own, rows in groups.values()]


def _preparer_for(preparer: Preparer, under: Instrument, versions: dict[str, Preparer]) -> Preparer:
    found = versions.get(under.version)
    if found is None or found.instrument is not under:
        found = versions[under.version] = replace(preparer, instrument=under)
    return found


def _batches(rows: Iterator[CsvRow], size: int) -> Iterator[list[CsvRow]]:
    while batch := list(itertools.islice(rows, size)):
        yield batch


@dataclass(frozen=True)
class WebAnswers:
    """One finished web form: its answers, the receipt code shown on the thank-you page, its invitation's hash."""

    answers: dict[str, Any]
    receipt: str
    invitation: str | None
    session: str | None = None  # the keyed hash of the form's session: sent twice, stored once


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
        contact = None if j is None else contacts[j]
        submissions.append(Submission(row, receipt_hash, form.invitation, contact, form.session))
        numbers.append(number)
    outcomes: list[Outcome | None] = [None] * len(forms)
    if submissions:
        stored = store.add_submissions(prepared.envelope, submissions, day=day)
        for number, outcome in zip(numbers, stored, strict=True):
            outcomes[number - 1] = outcome
    return outcomes


@dataclass
class _Seen:
    """What the file has shown so far: access codes, source identities, how often each set of answers came."""

    key: SourceKey
    pseudonyms: set[str] = field(default_factory=set)
    identities: dict[str, int] = field(default_factory=dict)
    answers: dict[str, int] = field(default_factory=dict)

    def identity(self, given: str | None, digest: str, first: tuple[str, str] | None = None) -> tuple[str, str, bool]:
        """The row's identity hash, its answers' digest as stored, and whether it is the weaker identity.

        ``digest`` is what the preparer made: the stored digest of a row with an identity; of one without,
        the keyed digest of its answers, which makes its identity with how often they came before.
        ``first``: the identity and stored digest of such a row if its answers came first here, as the
        preparer worked them out (see :class:`~survey.intake.prepare.Prepared`).
        """
        if given is not None:
            return given, digest, False
        occurrence = self.answers[digest] = self.answers.get(digest, 0) + 1
        if occurrence == 1 and first is not None:
            return first[0], first[1], True
        identity = self.key.answers_identity(digest, occurrence)
        return identity, self.key.answers_digest(identity, digest.encode()), True


def _duplicate(number: int, code: str, problem: str, fix: str) -> Problem:
    return Problem(code, Location(row=number), problem, fix)


def _screened(prepared: Prepared, seen: _Seen, report: ImportReport) -> tuple[ImportColumns, list[int]] | None:
    """The batch's rows for the store, with their row numbers; rows the file holds twice are reported here."""
    report.rejected.extend(prepared.rejected)
    report.rejected_rows.update(prepared.rejected_rows)
    keep: list[int] = []  # the rows handed to the store, by their place in the batch
    identities: list[str] = []
    digests: list[str] = []
    given, firsts = prepared.identities, prepared.first
    for i, (pseudonym, number) in enumerate(zip(prepared.pseudonyms, prepared.numbers, strict=True)):
        if prepared.coded[i] and pseudonym in seen.pseudonyms:
            report.rejected.append(
                _duplicate(
                    number,
                    "duplicate-code",
                    "this access code was already used in the file",
                    "keep one response per code",
                )
            )
            report.rejected_rows.add(number)
            continue
        identity, digest, weak = seen.identity(given[i], prepared.digests[i], firsts[i])
        if not weak and identity in seen.identities:
            report.rejected.append(
                _duplicate(
                    number,
                    "duplicate-response-id",
                    f"this response id was already in row {seen.identities[identity]} of the file",
                    "keep one row per response (the latest version of it)",
                )
            )
            report.rejected_rows.add(number)
            continue
        seen.pseudonyms.add(pseudonym)
        seen.identities.setdefault(identity, number)
        report.by_answers += weak
        keep.append(i)
        identities.append(identity)
        digests.append(digest)
    if not keep:
        return None
    everyone = len(keep) == len(prepared.pseudonyms)
    contacts = prepared.contacts
    contact_of = [prepared.contact_of[i] for i in keep]
    batch = ImportColumns(
        prepared.envelope,
        prepared.instrument_id,
        prepared.pseudonyms if everyone else [prepared.pseudonyms[i] for i in keep],
        [prepared.version] * len(keep),
        prepared.nonces if everyone else [prepared.nonces[i] for i in keep],
        prepared.ciphertexts if everyone else [prepared.ciphertexts[i] for i in keep],
        identities,
        digests,
        prepared.replaces if everyone else [prepared.replaces[i] for i in keep],
        [None if j is None else contacts[j] for j in contact_of],
    )
    return batch, [prepared.numbers[i] for i in keep]


@dataclass
class _Group:
    """Screened batches waiting to be stored together, in one transaction.

    Pseudonyms and identities are random, so every batch inserts all over the store's indexes; each
    transaction writes each index page it touches twice (its old content to the rollback journal, then the
    page), however few rows it added there. Storing a tenth of what this import has stored so far at a time, a
    million rows took about half the time of one transaction per batch; once groups were stored in a thread
    of their own (below), a third took 0.96 x the time of a tenth at 100,000 rows (8 pairs) and 0.93 x at a
    million (one pair). A small import still stores batch by batch, while the next batches are prepared.
    Durability is as before: each transaction whole or not at all, and an import that stopped halfway is
    completed by running it again.

    A group is stored in a thread of its own while the next one is screened and prepared: the store's
    driver waits for the disk and for SQLite without Python's lock, so storing and preparing overlap. At
    most one group is being stored and one gathered, and only that thread uses the store until the
    group is stored (:meth:`wait`).
    """

    store: ResponseStore
    report: ImportReport
    source: str
    batch_size: int
    waiting: list[tuple[ImportColumns, str]] = field(default_factory=list)
    numbers: list[list[int]] = field(default_factory=list)
    rows: int = 0
    stored: int = 0
    storing: tuple[Future[list[list[ImportOutcome]]], list[list[int]]] | None = None
    pool: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(1, thread_name_prefix="store"))

    def add(self, screened: tuple[ImportColumns, list[int]] | None, *, import_digest: str) -> None:
        if screened is not None:
            self.waiting.append((screened[0], import_digest))
            self.numbers.append(screened[1])
            self.rows += len(screened[1])

    def flush_if_due(self) -> None:
        if self.rows >= max(self.batch_size, min(self.stored // GROUP_SHARE, GROUP_MOST)):
            self.flush()

    def flush(self) -> None:
        if not self.waiting:
            return
        self.wait()
        self.storing = (self.pool.submit(self.store.add_import_group, self.waiting, source=self.source), self.numbers)
        self.stored += self.rows
        self.waiting, self.numbers, self.rows = [], [], 0

    def wait(self) -> None:
        """Until the group being stored is stored (its outcomes counted); its error, if it failed."""
        if self.storing is None:
            return
        future, numbers = self.storing
        self.storing = None
        for batch_numbers, batch_outcomes in zip(numbers, future.result(), strict=True):
            for number, outcome in zip(batch_numbers, batch_outcomes, strict=True):
                _count(self.report, number, outcome)

    def close(self, *, store_rest: bool) -> None:
        """Waits for the group being stored, after storing what is left if ``store_rest``.

        After an error elsewhere nothing more is stored (as before groups were stored in a thread), but the
        group already handed over is waited for: it is then whole in the store or absent.
        """
        try:
            if store_rest:
                self.flush()
            self.wait()
        finally:
            self.pool.shutdown(wait=True)


def _count(report: ImportReport, number: int, outcome: ImportOutcome) -> None:
    if outcome == "stored":
        report.stored += 1
    elif outcome == "unchanged":
        report.unchanged += 1
    elif outcome == "replaced":
        report.replaced_rows.append(number)
    elif outcome == "erased":
        report.erased += 1
    elif outcome == "code-used":
        report.code_used_rows.append(number)
    else:
        report.earlier_import += 1
