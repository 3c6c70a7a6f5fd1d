"""Checking, pseudonymising and sealing one batch of rows, apart from storing it.

Used by the import in this process, and by worker processes for large
imports (see :mod:`survey.ingest_workers`); everything here is picklable.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from functools import cached_property

from anonymize.chunks import DictChunk
from anonymize.coded_batch import encode_rows
from anonymize.keys import PublicKey
from anonymize.layout import Layout
from anonymize.pseudonyms import PseudonymSecret
from anonymize.sealing import Envelope, RowContext, SealedRow, Sealer
from instruments.errors import Location, Problem
from instruments.model import Instrument
from instruments.submission import CheckedAnswers, check_answers

from .batch_check import accepted_as_given
from .csv_format import CsvRow


@dataclass
class Prepared:
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
class Preparer:
    instrument: Instrument
    public_key: PublicKey
    secret: PseudonymSecret

    @cached_property
    def layout(self) -> Layout:
        return Layout.of(self.instrument)

    def __call__(self, rows: list[CsvRow]) -> Prepared:
        instrument, key = self.instrument, self.public_key
        direct = frozenset(q.id for q in instrument.questions() if q.privacy == "direct_identifier")
        # Answers are sealed coded (fast to open); contacts, a few free-text fields, as JSON.
        sealer, contact_sealer = Sealer(key, self.layout), Sealer(key)
        out = Prepared(sealer.envelope, [], [], [], [], None, [], [])
        contacts: list[tuple[str, SealedRow]] = []
        # Most rows pass as given: they are checked and coded as a batch, column by column.
        given = [row.answers for row in rows]
        chunk = DictChunk(given, list(instrument.question_map))
        fine = accepted_as_given(instrument, chunk)
        as_given = [i for i, row in enumerate(rows) if fine[i] and not row.problems]
        analysed = [q.id for q in instrument.questions() if q.privacy != "direct_identifier"]
        coded = dict(zip(as_given, encode_rows(self.layout, chunk, analysed, as_given), strict=True))
        for i, row in enumerate(rows):
            plain = coded.get(i)
            checked = (
                CheckedAnswers(row.answers)
                if plain is not None
                else check_answers(instrument, row.answers, Location(row=row.number))
            )  # the full check reports each problem with its place
            problems = row.problems + checked.problems
            if problems:
                out.rejected.extend(with_row(p, row.number) for p in problems)
                out.rejected_rows.append(row.number)
                continue
            code = row.access_code
            pseudonym = self.secret.pseudonym(instrument.id, code) if code else PseudonymSecret.random_pseudonym()
            identifiers = {k: checked.answers[k] for k in direct if k in checked.answers}
            context = RowContext(pseudonym, instrument.id, instrument.version)
            if plain is None:
                answers = {k: v for k, v in checked.answers.items() if k not in direct}
                out.sealed.append(sealer.seal(context, answers))
            else:
                out.sealed.append(sealer.seal_coded(context, plain))
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


def with_row(problem: Problem, number: int) -> Problem:
    if problem.where.row is not None:
        return problem
    return replace(problem, where=replace(problem.where, row=number))
