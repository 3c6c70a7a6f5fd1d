"""Checking, pseudonymising and sealing one batch of rows, apart from storing it.

Used by the import in this process, and by worker processes for large
imports (see :mod:`survey.intake.workers`); everything here is picklable.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

import numpy as np

from anonymize.columnar.chunks import MATRIX_DECLINED, MATRIX_ROWS, Chunk, DictChunk
from anonymize.columnar.coded_batch import encode_rows
from anonymize.columnar.layout import Layout
from anonymize.keys.pair import PublicKey
from anonymize.pseudonyms import PseudonymSecret
from anonymize.sealing import Envelope, RowContext, SealedRow, Sealer
from anonymize.source_identity import (
    SourceKey,
    assembled_rows,
    fragments,
    normalised_answers,
    normalised_rows,
    quoted,
)
from instruments.answers.submission import SubmissionChecker
from instruments.model import Instrument
from instruments.questions import Matrix
from instruments.text import DECLINED
from kernel.errors import Location, Problem
from survey.importers.cells_chunk import CellsChunk
from survey.importers.csv_blocks import LineBlock
from survey.importers.csv_format import CellsParser, CsvRow
from survey.intake.batch_check import BatchCheck, same_answers
from survey.store.contacts import SealedContact

#: Up to this many rows (a web form's group) are checked one by one: setting up the column-wise check of
#: :mod:`.batch_check` costs more than it saves on a handful of rows.
ONE_BY_ONE = 8


@dataclass
class Prepared:
    """One batch checked and sealed; the link from a row to its contact record lives only here, in memory.

    Sealed rows are held as columns (pseudonym, nonce, ciphertext), all under ``envelope``, of
    ``instrument_id`` at ``version``: a batch travels from a worker process and is stored without an object
    per row (:attr:`sealed` makes them, for whoever wants rows).

    Per sealed row also: the keyed hash of its source identity (None: the row named none), of the
    identity it replaces (KoboToolbox's edits), and the keyed digest of its normalised answers: salted
    with its identity, as stored; for a row without one, its :meth:`~anonymize.source_identity.SourceKey.answers_mac`,
    from which the import makes its identity (see :mod:`anonymize.source_identity`). For such a row,
    ``first`` holds the identity and stored digest it has if no row before it in the file had the same
    answers (nearly always): worked out here, on every core, rather than by the one process that stores.
    """

    envelope: Envelope
    instrument_id: str
    version: str
    pseudonyms: list[str] = field(default_factory=list)
    nonces: list[bytes] = field(default_factory=list)
    ciphertexts: list[bytes] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    coded: list[bool] = field(default_factory=list)
    contact_of: list[int | None] = field(default_factory=list)
    contacts: list[SealedContact] = field(default_factory=list)
    rejected: list[Problem] = field(default_factory=list)
    rejected_rows: list[int] = field(default_factory=list)
    identities: list[str | None] = field(default_factory=list)
    replaces: list[str | None] = field(default_factory=list)
    digests: list[str] = field(default_factory=list)
    first: list[tuple[str, str] | None] = field(default_factory=list)

    @property
    def sealed(self) -> list[SealedRow]:
        """The sealed rows, one object each."""
        envelope_id, instrument_id, version = self.envelope.envelope_id, self.instrument_id, self.version
        return [
            SealedRow(envelope_id, RowContext(p, instrument_id, version), n, c)
            for p, n, c in zip(self.pseudonyms, self.nonces, self.ciphertexts, strict=True)
        ]


@dataclass(frozen=True)
class Preparer:
    instrument: Instrument
    public_key: PublicKey
    secret: PseudonymSecret

    @cached_property
    def layout(self) -> Layout:
        return Layout.of(self.instrument)

    @cached_property
    def source_key(self) -> SourceKey:
        return SourceKey.of(self.secret)

    @cached_property
    def checker(self) -> SubmissionChecker:
        """The row-by-row check, kept for every batch (and the web form's every submission)."""
        return SubmissionChecker(self.instrument)

    @cached_property
    def batch_check(self) -> BatchCheck:
        return BatchCheck(self.instrument)

    def __call__(self, rows: list[CsvRow]) -> Prepared:
        chunk = DictChunk([row.answers for row in rows], list(self.instrument.question_map))
        clean = np.array([not row.problems for row in rows], dtype=bool)
        sources = [(r.source_id, r.replaces) for r in rows]
        numbers, codes = [r.number for r in rows], [r.access_code for r in rows]
        return self._prepare(chunk, rows.__getitem__, clean, numbers, codes, sources=sources)

    def cells(self, parser: CellsParser, items: list[tuple[int, list[str]]] | LineBlock) -> Prepared:
        """Like calling it with the parsed rows, reading the cells column by column (see survey.importers.cells_chunk)."""
        chunk = CellsChunk(parser, items)
        numbers = _numbers(items)
        sources = [(s, None) for s in chunk.source_ids()]
        clean = ~chunk.needs_parser()
        return self._prepare(
            chunk, lambda i: parser(chunk.items[i]), clean, numbers, chunk.access_codes(), sources=sources
        )

    def _as_given(self, row: CsvRow) -> bool:
        """What :meth:`BatchCheck.accepted_as_given` says of one row, by the reference check itself."""
        checked = self.checker.check(row.answers)
        return not row.problems and not checked.problems and same_answers(checked.answers, row.answers)

    def _prepare(
        self,
        chunk: Chunk,
        row: Callable[[int], CsvRow],
        clean: np.ndarray,
        numbers: list[int],
        codes: list[str | None],
        *,
        sources: Sequence[tuple[str | None, str | None]],
    ) -> Prepared:
        """``row(i)`` parses row i one by one (with its problems); ``clean`` rows parsed without one."""
        instrument, key = self.instrument, self.public_key
        direct = {q.id for q in instrument.questions() if q.privacy == "direct_identifier"}
        # Answers are sealed coded (fast to open); contacts, a few free-text fields, as JSON.
        sealer = Sealer(key, self.layout)
        out = Prepared(sealer.envelope, instrument.id, instrument.version)
        # Most rows pass as given: they are checked and coded as a batch, column by column; the others are
        # checked one by one, which reports each problem with its place.
        if chunk.size > ONE_BY_ONE:
            as_given = np.flatnonzero(self.batch_check.accepted_as_given(chunk) & clean).tolist()
        else:
            as_given = [i for i in range(chunk.size) if clean[i] and self._as_given(row(i))]
        analysed = [q.id for q in instrument.questions() if q.privacy != "direct_identifier"]
        coded = dict(zip(as_given, encode_rows(self.layout, chunk, analysed, as_given), strict=True))
        # What recognises each row in a later export: its answers, normalised once per distinct answer.
        rendered = [_rendered(chunk, instrument, qid) for qid in analysed] if coded else []
        normal = dict(zip(as_given, normalised_rows(rendered, as_given) if coded else [], strict=True))
        # Rows not coded as a batch are parsed and checked one by one, which reports each problem with its place.
        kept: list[int] = []  # the rows stored, by their place in the batch
        own: dict[int, tuple[CsvRow, dict[str, Any], dict[str, Any]]] = {}  # of them, those checked one by one
        for i in range(chunk.size):
            if i in coded:
                kept.append(i)
                continue
            parsed = row(i)
            checked = self.checker.check(parsed.answers, Location(row=parsed.number))
            problems = parsed.problems + checked.problems
            if problems:
                out.rejected.extend(with_row(p, parsed.number) for p in problems)
                out.rejected_rows.append(parsed.number)
                continue
            identifiers = {k: checked.answers[k] for k in direct if k in checked.answers}
            answered = {k: v for k, v in checked.answers.items() if k not in direct}
            own[i] = (parsed, identifiers, answered)
            kept.append(i)
        self._keyed(
            out,
            kept=kept,
            own=own,
            numbers=[numbers[i] if i not in own else own[i][0].number for i in kept],
            codes=[codes[i] if i not in own else own[i][0].access_code for i in kept],
            normal=normal,
            sources=sources,
        )
        # Sealed a batch at a time where coded as a batch; each row checked one by one on its own.
        context = (instrument.id, instrument.version)
        bulk = [j for j, i in enumerate(kept) if i not in own]
        pseudonyms, plains = [out.pseudonyms[j] for j in bulk], [coded[kept[j]] for j in bulk]
        nonces, ciphertexts = sealer.seal_coded_many(*context, pseudonyms, plains) if bulk else ([], [])
        if own:
            out.nonces, out.ciphertexts = [b""] * len(kept), [b""] * len(kept)
            for j, nonce, ciphertext in zip(bulk, nonces, ciphertexts, strict=True):
                out.nonces[j], out.ciphertexts[j] = nonce, ciphertext
            for j, i in enumerate(kept):
                if i in own:
                    sealed = sealer.seal(RowContext(out.pseudonyms[j], *context), own[i][2])
                    out.nonces[j], out.ciphertexts[j] = sealed.nonce, sealed.ciphertext
        else:
            out.nonces, out.ciphertexts = nonces, ciphertexts
        given_identifiers = [(qid, chunk.values(qid)) for qid in direct] if coded else []
        out.contact_of = [None] * len(kept)
        for j, i in enumerate(kept):
            identifiers = (
                own[i][1] if i in own else {k: values[i] for k, values in given_identifiers if values[i] is not None}
            )
            if identifiers:
                # Each contact sealed on its own, under a random id: nothing stored ties it to the answers.
                out.contact_of[j] = len(out.contacts)
                out.contacts.append(SealedContact.seal(key, instrument.id, identifiers))
        return out

    def _keyed(
        self,
        out: Prepared,
        *,
        kept: list[int],
        own: dict[int, tuple[CsvRow, dict[str, Any], dict[str, Any]]],
        numbers: list[int],
        codes: list[str | None],
        normal: dict[int, bytes],
        sources: Sequence[tuple[str | None, str | None]],
    ) -> None:
        """The kept rows' numbers, keyed hashes (see :class:`Prepared`) and pseudonyms, a batch at a time."""
        domain, keyed = self.instrument.id, self.source_key
        canonical = [normal[i] if i not in own else normalised_answers(own[i][2]) for i in kept]
        out.numbers = numbers
        out.identities = keyed.identities(domain, [sources[i][0] for i in kept])
        out.replaces = keyed.identities(domain, [sources[i][1] for i in kept])
        out.digests = [""] * len(kept)
        out.first = [None] * len(kept)
        named = [j for j, identity in enumerate(out.identities) if identity is not None]
        named_digests = keyed.answers_digests([out.identities[j] or "" for j in named], [canonical[j] for j in named])
        for j, digest in zip(named, named_digests, strict=True):
            out.digests[j] = digest
        anonymous = [j for j, identity in enumerate(out.identities) if identity is None]
        macs = keyed.answers_macs(domain, [canonical[j] for j in anonymous])
        firsts = keyed.first_identities(macs)
        first_digests = keyed.answers_digests(firsts, [mac.encode() for mac in macs])
        for j, mac, first, first_digest in zip(anonymous, macs, firsts, first_digests, strict=True):
            out.digests[j], out.first[j] = mac, (first, first_digest)
        randoms = iter(PseudonymSecret.random_pseudonyms(sum(1 for code in codes if not code)))  # drawn at once
        out.pseudonyms = [self.secret.pseudonym(domain, code) if code else next(randoms) for code in codes]
        out.coded = [bool(code) for code in codes]


def _numbers(items: list[tuple[int, list[str]]] | LineBlock) -> list[int]:
    if isinstance(items, LineBlock):
        return list(range(items.first, items.first + items.count))
    return [number for number, _ in items]


def _rendered(chunk: Chunk, instrument: Instrument, qid: str) -> tuple[str, np.ndarray, list[str | None]]:
    """(question id, each row's number of its answer, the answers as canonical text), rendered once per distinct
    answer."""
    q = instrument.question_map[qid]
    if isinstance(q, Matrix):
        return qid, np.arange(chunk.size), _matrix_rendered(chunk, q)
    codes, distinct = chunk.factor(qid)
    return qid, codes, fragments(distinct)


def _matrix_rendered(chunk: Chunk, q: Matrix) -> list[str | None]:
    """A matrix per row, from its rows' distinct answers (a matrix's answers as a whole are nearly all distinct)."""
    kind, _ = chunk.matrix_state(q.id)
    rows = []
    for code in sorted(r.code for r in q.rows):
        codes, distinct = chunk.row_factor(q.id, code)
        rows.append((quoted(code), codes, fragments(distinct)))
    out: list[str | None] = list(assembled_rows(rows, np.arange(chunk.size)))
    other = np.flatnonzero(kind != MATRIX_ROWS).tolist()
    if other:
        (declined,) = fragments([DECLINED])
        values = None if isinstance(chunk, CellsChunk) else chunk.values(q.id)
        for i in other:
            if kind[i] == MATRIX_DECLINED:
                out[i] = declined
            else:  # nothing, or something irregular: as it is
                out[i] = None if values is None else fragments([values[i]])[0]
    return out


def with_row(problem: Problem, number: int) -> Problem:
    if problem.where.row is not None:
        return problem
    return replace(problem, where=replace(problem.where, row=number))
