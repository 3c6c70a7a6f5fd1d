"""From rows of answers to sealed, stored responses.

Each row is checked against the instrument; rows with problems are reported
(row, question, reason) and not stored. Good rows are pseudonymised (keyed
hash of the access code, or a random value), their direct identifiers split
off into sealed contact records that carry no link to the answers, and sealed
in batches. Each batch is one transaction, recorded under the file's digest
and the batch number: importing the same file again stores nothing twice, and
an import that stopped halfway stores the missing batches when run again.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from anonymize.keys import PublicKey
from anonymize.pseudonyms import PseudonymSecret
from anonymize.sealing import RowContext, Sealer
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


def _split_identifiers(direct: frozenset[str], answers: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    return {k: v for k, v in answers.items() if k not in direct}, {k: v for k, v in answers.items() if k in direct}


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
    report = ImportReport()
    batch: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
    number = 0

    def flush() -> None:
        nonlocal number
        if not batch:
            return
        sealer, contact_sealer = Sealer(public_key), Sealer(public_key)
        sealed = [sealer.seal(RowContext(p, instrument.id, instrument.version), a) for p, a, _ in batch]
        # Contacts get their own envelope and random ids: nothing ties them to the answers.
        contacts = [
            (secrets.token_hex(16), contact_sealer.seal(RowContext("contact", instrument.id, instrument.version), c))
            for _, _, c in batch
            if c
        ]
        stored = store.add_batch(
            sealer.envelope,
            sealed,
            source=source,
            import_digest=f"{digest}:{number}",
            contacts=(contact_sealer.envelope, contacts) if contacts else None,
        )
        report.stored += stored
        report.skipped_as_duplicates += len(batch) - stored
        number += 1
        batch.clear()

    direct = frozenset(q.id for q in instrument.questions() if q.privacy == "direct_identifier")
    with collector_paused():  # see survey.bulk
        seen: set[str] = set()
        for row in rows:
            checked = check_answers(instrument, row.answers, Location(row=row.number))
            problems = row.problems + checked.problems
            pseudonym = (
                secret.pseudonym(instrument.id, row.access_code)
                if row.access_code
                else PseudonymSecret.random_pseudonym()
            )
            if row.access_code and pseudonym in seen:
                problems.append(
                    Problem(
                        "duplicate-code",
                        Location(row=row.number),
                        "this access code was already used in the file",
                        "keep one response per code",
                    )
                )
            if problems:
                report.rejected.extend(_with_row(p, row) for p in problems)
                report.rejected_rows.add(row.number)
                continue
            seen.add(pseudonym)
            answers, identifiers = _split_identifiers(direct, checked.answers)
            batch.append((pseudonym, answers, identifiers))
            if len(batch) >= batch_size:
                flush()
        flush()
    return report


def _with_row(problem: Problem, row: CsvRow) -> Problem:
    if problem.where.row is not None:
        return problem
    return replace(problem, where=replace(problem.where, row=row.number))
