"""Checking, pseudonymising and sealing one batch of rows, apart from storing it.

Used by the import in this process, and by worker processes for large
imports (see :mod:`survey.intake.workers`); everything here is picklable.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

from anonymize.columnar.chunks import MATRIX_DECLINED, MATRIX_ROWS, Chunk, DictChunk
from anonymize.columnar.coded_batch import encode_rows
from anonymize.columnar.layout import Layout
from anonymize.keys.pair import PublicKey
from anonymize.pseudonyms import PseudonymSecret
from anonymize.sealing import Envelope, RowContext, SealedRow, Sealer
from anonymize.source_identity import SourceKey, fragments, normalised_matrix, normalised_rows, quoted
from instruments.answers.submission import SubmissionChecker
from instruments.model import Instrument
from instruments.questions import Matrix
from instruments.text import DECLINED
from kernel.errors import Location, Problem
from survey.importers.cells_chunk import CellsChunk
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

    def cells(self, parser: CellsParser, items: list[tuple[int, list[str]]]) -> Prepared:
        """Like calling it with the parsed rows, reading the cells column by column (see survey.importers.cells_chunk)."""
        chunk = CellsChunk(parser, items)
        numbers = [number for number, _ in items]
        sources = [(s, None) for s in chunk.source_ids()]
        clean = ~chunk.needs_parser()
        return self._prepare(chunk, lambda i: parser(items[i]), clean, numbers, chunk.access_codes(), sources=sources)

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
        given_identifiers = [(qid, chunk.values(qid)) for qid in direct] if coded else []
        # What recognises each row in a later export: its answers, normalised once per distinct answer.
        rendered = [_rendered(chunk, instrument, qid) for qid in analysed] if coded else []
        normal = dict(zip(as_given, normalised_rows(rendered, as_given) if coded else [], strict=True))
        keyed = self.source_key
        randoms = PseudonymSecret.random_pseudonyms(sum(1 for c in codes if not c))  # drawn at once: see there
        bulk: list[tuple[int, bytes]] = []  # (place in the batch, coded answers) of the rows coded as a batch
        for i in range(chunk.size):
            plain = coded.get(i)
            if plain is None:
                parsed = row(i)
                checked = self.checker.check(parsed.answers, Location(row=parsed.number))
                problems = parsed.problems + checked.problems
                if problems:
                    out.rejected.extend(with_row(p, parsed.number) for p in problems)
                    out.rejected_rows.append(parsed.number)
                    continue
                number, code = parsed.number, parsed.access_code
                identifiers = {k: checked.answers[k] for k in direct if k in checked.answers}
                answered = {k: v for k, v in checked.answers.items() if k not in direct}
            else:
                number, code = numbers[i], codes[i]
                identifiers = {k: values[i] for k, values in given_identifiers if values[i] is not None}
                answered = {}  # sealed coded; recognised by its normalised answers (``normal``)
            source, replaces = sources[i]
            identity = None if source is None else keyed.identity(instrument.id, source)
            canonical = answered if plain is None else normal[i]
            out.identities.append(identity)
            out.replaces.append(None if replaces is None else keyed.identity(instrument.id, replaces))
            if identity is None:
                mac = keyed.answers_mac(instrument.id, canonical)
                out.digests.append(mac)
                first = keyed.answers_identity(mac, 1)
                out.first.append((first, keyed.answers_digest(first, mac.encode())))
            else:
                out.digests.append(keyed.answers_digest(identity, canonical))
                out.first.append(None)
            pseudonym = self.secret.pseudonym(instrument.id, code) if code else self._random(randoms)
            out.pseudonyms.append(pseudonym)
            if plain is None:
                sealed = sealer.seal(RowContext(pseudonym, instrument.id, instrument.version), answered)
                out.nonces.append(sealed.nonce)
                out.ciphertexts.append(sealed.ciphertext)
            else:  # sealed together after the loop
                bulk.append((len(out.nonces), plain))
                out.nonces.append(b"")
                out.ciphertexts.append(b"")
            out.numbers.append(number)
            out.coded.append(bool(code))
            out.contact_of.append(None)
            if identifiers:
                # Each contact sealed on its own, under a random id: nothing stored ties it to the answers.
                out.contact_of[-1] = len(out.contacts)
                out.contacts.append(SealedContact.seal(key, instrument.id, identifiers))
        if bulk:
            places = [j for j, _ in bulk]
            nonces, ciphertexts = sealer.seal_coded_many(
                instrument.id, instrument.version, [out.pseudonyms[j] for j in places], [p for _, p in bulk]
            )
            for j, nonce, ciphertext in zip(places, nonces, ciphertexts, strict=True):
                out.nonces[j], out.ciphertexts[j] = nonce, ciphertext
        return out

    @staticmethod
    def _random(drawn: list[str]) -> str:
        return drawn.pop() if drawn else PseudonymSecret.random_pseudonym()


def _rendered(chunk: Chunk, instrument: Instrument, qid: str) -> tuple[str, list[str | None]]:
    """(question id, each row's answer as canonical text), rendered once per distinct answer."""
    q = instrument.question_map[qid]
    if isinstance(q, Matrix):
        return qid, _matrix_rendered(chunk, q)
    codes, distinct = chunk.factor(qid)
    texts = fragments(distinct)
    return qid, [texts[c] for c in codes.tolist()]


def _matrix_rendered(chunk: Chunk, q: Matrix) -> list[str | None]:
    """A matrix per row, from its rows' distinct answers (a matrix's answers as a whole are nearly all distinct)."""
    kind, _ = chunk.matrix_state(q.id)
    rows = []
    for code in sorted(r.code for r in q.rows):
        codes, distinct = chunk.row_factor(q.id, code)
        rows.append((quoted(code), codes.tolist(), fragments(distinct)))
    (declined,) = fragments([DECLINED])
    values = None if isinstance(chunk, CellsChunk) else chunk.values(q.id)
    out: list[str | None] = []
    for i, k in enumerate(kind.tolist()):
        if k == MATRIX_ROWS:
            out.append(normalised_matrix([(key, texts[codes[i]]) for key, codes, texts in rows]))
        elif k == MATRIX_DECLINED:
            out.append(declined)
        else:  # nothing, or something irregular: as it is
            out.append(None if values is None else fragments([values[i]])[0])
    return out


def with_row(problem: Problem, number: int) -> Problem:
    if problem.where.row is not None:
        return problem
    return replace(problem, where=replace(problem.where, row=number))
