"""The analysis dataset: opened answers → one typed, coarsened, redacted table.

Columns follow :func:`instruments.dataset.dataset_schema` exactly (one per
single choice, one boolean per multi-choice option, one per matrix row, …).
Quasi-identifiers with a policy are coarsened, free text is screened and
redacted (with counts per question and kind), derived variables are computed
from the full-precision answers, and the day a response arrived becomes its
month. Rows are ordered by pseudonym, which is a keyed hash: the order says
nothing about when anyone answered, and the pseudonym itself is not a column.

Answers are turned into columns a chunk at a time (one list comprehension per
column and chunk), which is what makes opening a million responses take
seconds rather than minutes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from anonymize.coarsen import coarsener
from anonymize.columnar.chunks import Chunk, CodedChunk, DictChunk
from anonymize.columnar.columns import BooleanColumn, CategoricalColumn, ColumnStore, NumberColumn, PlainColumn
from anonymize.columnar.order import pseudonym_order
from anonymize.columnar.table import OrderedColumns
from anonymize.derived_columns import DerivedColumns
from anonymize.redaction import Redactor
from anonymize.sealing import Envelope, Opener, SealedColumns, SealedRow, SealError
from anonymize.stray_codes import stray_problem, ticked_problem
from instruments.dataset import Column, DatasetSchema, column_name, dataset_schema
from instruments.model import Instrument
from instruments.questions import Consent, Matrix, MultiChoice, Number, Question, Scale, SingleChoice, Text
from instruments.text import DECLINED, RECEIVED_MONTH
from instruments.versions.mapping import CarryReport, Loss, VersionBridge
from kernel.errors import EqSurveyError, Location

if TYPE_CHECKING:
    import pandas as pd


Answers = dict[str, Any]
Filler = Callable[[list[Any]], dict[str, list[Any]]]


@dataclass(frozen=True)
class AnalysisDataset:
    columns: OrderedColumns
    """The opened cells, in pseudonym order (written to Parquet from these, see :mod:`anonymize.columnar.table`)."""
    schema: DatasetSchema
    redactions: dict[str, dict[str, int]]
    """Per free-text question: how many e-mail addresses, phone numbers, … were removed."""
    carried: CarryReport | None = None
    """Responses by the version they were collected under, and the answers not carried to the current one."""
    simulated: int = 0
    """How many of the rows were stored as simulated (as the batches added said)."""

    @cached_property
    def frame(self) -> pd.DataFrame:
        """The table as pandas makes it: made when first asked for (writing the dataset does not)."""
        return self.columns.frame()


def _declined(v: Any) -> bool:
    return bool(v in (DECLINED, [DECLINED]))


@dataclass(frozen=True)
class Partial:
    """The columns one builder collected, without the instrument: small enough to send between processes."""

    data: dict[str, ColumnStore]
    pseudonyms: list[str]
    redactions: dict[str, Counter[str]]
    versions: Counter[str] = field(default_factory=Counter)
    losses: Counter[Loss] = field(default_factory=Counter)
    ticked_stray: dict[str, Counter[str]] = field(default_factory=dict)
    simulated: int = 0


@dataclass
class DatasetBuilder:
    """Collects opened answers chunk by chunk; :meth:`finish` makes the table."""

    instrument: Instrument
    redactor: Redactor = field(default_factory=Redactor)
    bridge: VersionBridge | None = None
    """How answers of earlier versions carry to ``instrument``; without it, only its own version opens."""
    find_bridge: Callable[[], VersionBridge] | None = None
    """Where the full bridge comes from, loaded (and checked) when a response of a version ``bridge`` lacks
    first turns up: the responses opened so far are kept, not opened again with it."""

    def __post_init__(self) -> None:
        self._versions: Counter[str] = Counter()
        self._simulated = 0
        self._losses: Counter[Loss] = Counter()
        # Ticked codes the instrument lacks would leave every option unticked without a trace: counted, refused.
        self._ticked_stray: dict[str, Counter[str]] = {}
        self._multi_codes = {
            q.id: frozenset([*(o.code for o in q.options), DECLINED])
            for q in self.instrument.questions()
            if isinstance(q, MultiChoice)
        }
        self.schema = dataset_schema(self.instrument)
        self._data: dict[str, ColumnStore] = {c.name: _store(c) for c in self.schema.columns}
        self._pseudonyms: list[str] = []
        self._redactions: dict[str, Counter[str]] = {}
        self._derived = DerivedColumns(self.instrument.derived)
        # Fillers give each value the same cells wherever it occurs, so they run once per distinct value of a
        # chunk (free text too: redacted once, counted per respondent); a matrix is read row by row.
        self._matrix_rows = {
            q.id: [(column_name(q.id, r.code), r.code) for r in q.rows]
            for q in self.instrument.questions()
            if isinstance(q, Matrix)
        }
        self._free_text = {q.id: q for q in self.instrument.questions() if isinstance(q, Text) and q.coarsen is None}
        self._fillers = [
            (q.id, self._filler(q)) for q in self.instrument.questions() if q.privacy != "direct_identifier"
        ]

    def _filler(self, q: Question) -> Filler:
        if getattr(q, "coarsen", None) is not None:
            coarse = coarsener(q)
            return lambda vs: {q.id: [coarse(v) for v in vs]}
        if isinstance(q, SingleChoice):
            return lambda vs: {q.id: vs}
        if isinstance(q, Consent):
            return lambda vs: {q.id: [v if isinstance(v, bool) else None for v in vs]}
        if isinstance(q, MultiChoice):
            return lambda vs: self._multi(q, vs)
        if isinstance(q, Matrix):
            return lambda vs: {}  # read row by row (see add_chunk)
        if isinstance(q, (Scale, Number)):
            return lambda vs: self._with_declined(q, [None if v is None or v == DECLINED else v for v in vs], vs)
        if isinstance(q, Text):
            return lambda vs: self._with_declined(q, [self._redact(q.id, v) for v in vs], vs)

        raise TypeError(q.type)  # pragma: no cover - every type is handled above

    def _multi(self, q: MultiChoice, vs: list[Any]) -> dict[str, list[Any]]:
        declined = [None if v is None else _declined(v) for v in vs]
        ticked = [None if v is None or d else frozenset(v) for v, d in zip(vs, declined, strict=True)]
        out = {column_name(q.id, o.code): [None if t is None else o.code in t for t in ticked] for o in q.options}
        if q.prefer_not_to_say:
            out[column_name(q.id, DECLINED)] = declined
        return out

    def _with_declined(self, q: Question, values: list[Any], raw: list[Any]) -> dict[str, list[Any]]:
        out = {q.id: values}
        if q.prefer_not_to_say:
            out[column_name(q.id, DECLINED)] = [None if v is None else v == DECLINED for v in raw]
        return out

    def _redact(self, qid: str, value: Any, times: int = 1) -> str | None:
        """The text redacted; what was removed counts ``times`` (the respondents who wrote this text)."""
        if value is None or value == DECLINED:
            return None
        result = self.redactor.redact(str(value))
        if result.counts:
            self._redactions.setdefault(qid, Counter()).update({k: n * times for k, n in result.counts.items()})
        return result.text

    def add(self, chunk: Sequence[tuple[str, Answers, str]]) -> None:
        """Add opened responses: (pseudonym, answers, received day as YYYY-MM-DD)."""
        if chunk:
            qids = [qid for qid, _ in self._fillers]
            columns = DictChunk([a for _, a, _ in chunk], qids)
            self.add_chunk(columns, [p for p, _, _ in chunk], [day for _, _, day in chunk])

    def add_sealed(self, opener: Opener, envelope: Envelope, rows: Sequence[tuple[SealedRow, str]]) -> None:
        """Open one batch's rows (with the day each arrived) and add them; rows of earlier versions are carried."""
        sealed = SealedColumns.of(envelope.envelope_id, [r for r, _ in rows])
        self.add_batch(opener, envelope, sealed, [day for _, day in rows])

    def add_batch(
        self, opener: Opener, envelope: Envelope, sealed: SealedColumns, days: Sequence[str], simulated: int = 0
    ) -> None:
        """:meth:`add_sealed` for rows read as columns (see ``survey.store.rows.StoredBatch``), ``simulated`` of
        them stored as simulated."""
        current = self.instrument.version
        versions = Counter(sealed.versions)
        # Checked before anything is counted: a batch refused here (in a worker, say) can be added again later.
        if self._unmapped(versions) and self.find_bridge is not None:
            self.load_bridge()
        if missing := self._unmapped(versions):
            raise _unmapped_error(missing, current, Location(field=f"batch {envelope.envelope_id}"))
        self._simulated += simulated
        self._versions.update(versions)
        if versions and versions.keys() != {current}:
            earlier = [i for i, v in enumerate(sealed.versions) if v != current]
            rows = sealed.take(earlier).rows()
            self._add_earlier(opener, envelope, [(r, days[i]) for r, i in zip(rows, earlier, strict=True)])
            now = [i for i, v in enumerate(sealed.versions) if v == current]
            if not now:
                return
            sealed, days = sealed.take(now), [days[i] for i in now]
        self._add_current(opener, envelope, sealed, days)

    def _unmapped(self, versions: Collection[str]) -> list[str]:
        known = {self.instrument.version, *(self.bridge.steps if self.bridge else ())}
        return sorted(set(versions) - known)

    def load_bridge(self) -> None:
        """The full bridge from :attr:`find_bridge` (which refuses if a version stored cannot be carried)."""
        if self.find_bridge is not None:
            self.bridge, self.find_bridge = self.find_bridge(), None

    def _add_earlier(self, opener: Opener, envelope: Envelope, rows: Sequence[tuple[SealedRow, str]]) -> None:
        """Rows of earlier versions: opened as answers, carried through the mapping, every loss counted."""
        where = Location(field=f"batch {envelope.envelope_id}")
        bridge = self.bridge
        missing = sorted({r.context.instrument_version for r, _ in rows} - set(bridge.steps if bridge else ()))
        if bridge is None or missing:
            raise _unmapped_error(missing, self.instrument.version, where)
        layout = opener.layout(envelope)
        if layout is None:
            opened = [opener.open(envelope, r, where) for r, _ in rows]
        else:
            plains = [opener.open_plain(envelope, r, where) for r, _ in rows]
            try:
                opened = CodedChunk(layout, plains).answers()
            except ValueError:
                raise SealError.single(
                    "sealed-damaged", "a sealed response holds no answers", "restore the store from a backup", where
                ) from None
        carried = []
        for (r, day), answers in zip(rows, opened, strict=True):
            moved, losses = bridge.carry(r.context.instrument_version, answers)
            self._losses.update(losses)
            carried.append((r.context.pseudonym, moved, day))
        self.add(carried)

    def _add_current(self, opener: Opener, envelope: Envelope, sealed: SealedColumns, days: Sequence[str]) -> None:
        where = Location(field=f"batch {envelope.envelope_id}")
        layout = opener.layout(envelope)
        if layout is None:
            rows = sealed.rows()
            self.add(
                [(r.context.pseudonym, opener.open(envelope, r, where), day) for r, day in zip(rows, days, strict=True)]
            )
            return
        plains = opener.open_plains(envelope, sealed, where)
        try:
            chunk = CodedChunk(layout, plains)
        except ValueError:
            raise SealError.single(
                "sealed-damaged", "a sealed response holds no answers", "restore the store from a backup", where
            ) from None
        self.add_chunk(chunk, sealed.pseudonyms, days)

    def add_chunk(self, chunk: Chunk, pseudonyms: Sequence[str], days: Sequence[str]) -> None:
        """Add opened responses read as columns, with their pseudonyms and received days (YYYY-MM-DD)."""
        for qid, fill in self._fillers:
            if qid in self._matrix_rows:
                for name, row in self._matrix_rows[qid]:
                    self._data[name].extend_factor(*chunk.matrix_cells(qid, row))
                continue
            codes, distinct = chunk.factor(qid)
            if qid in self._free_text:  # redacted once per distinct text, counted for everyone who wrote it
                times = np.bincount(codes, minlength=len(distinct)).tolist()
                redacted = [self._redact(qid, v, n) for v, n in zip(distinct, times, strict=True)]
                filled = self._with_declined(self._free_text[qid], redacted, distinct)
            else:
                if qid in self._multi_codes:
                    self._count_stray(qid, codes, distinct)
                filled = fill(distinct)
            for name, cells in filled.items():
                self._data[name].extend_factor(codes, cells)
        # From the full-precision answers, before coarsening.
        for name, (codes, values) in self._derived.factors(chunk).items():
            self._data[name].extend_factor(codes, values)
        self._data[RECEIVED_MONTH].extend([day[:7] for day in days])
        self._pseudonyms.extend(pseudonyms)

    def _count_stray(self, qid: str, codes: np.ndarray, distinct: list[Any]) -> None:
        known = self._multi_codes[qid]
        odd = [(i, v) for i, v in enumerate(distinct) if isinstance(v, (list, tuple)) and not known.issuperset(v)]
        if odd:
            times = np.bincount(codes, minlength=len(distinct))
            counter = self._ticked_stray.setdefault(qid, Counter())
            for i, v in odd:
                counter.update({str(c): int(times[i]) for c in v if c not in known})

    @property
    def rows(self) -> int:
        """How many responses were added (or merged) so far."""
        return len(self._pseudonyms)

    def take(self) -> Partial:
        """What was added so far, to be merged into another builder (which makes the table); starts afresh."""
        partial = Partial(
            self._data,
            self._pseudonyms,
            self._redactions,
            self._versions,
            self._losses,
            self._ticked_stray,
            self._simulated,
        )
        self._simulated = 0
        self._data = {c.name: _store(c) for c in self.schema.columns}
        self._pseudonyms, self._redactions = [], {}
        self._versions, self._losses, self._ticked_stray = Counter(), Counter(), {}
        return partial

    def merge(self, partial: Partial) -> None:
        """Add what another builder of the same instrument collected (rows in any order: see finish)."""
        for name, store in partial.data.items():
            self._data[name].merge(store)  # type: ignore[arg-type]
        self._pseudonyms.extend(partial.pseudonyms)
        for qid, counts in partial.redactions.items():
            self._redactions.setdefault(qid, Counter()).update(counts)
        self._versions.update(partial.versions)
        self._simulated += partial.simulated
        self._losses.update(partial.losses)
        for qid, counts in partial.ticked_stray.items():
            self._ticked_stray.setdefault(qid, Counter()).update(counts)

    def finish(self) -> AnalysisDataset:
        problems = [stray_problem(c, store.stray) for c, store in self._categorical() if store.stray]
        problems += [ticked_problem(qid, stray) for qid, stray in sorted(self._ticked_stray.items())]
        if problems:
            raise EqSurveyError(problems)
        order = pseudonym_order(self._pseudonyms)
        columns = OrderedColumns([c.name for c in self.schema.columns], self._data, order)
        redactions = {q: dict(sorted(c.items())) for q, c in sorted(self._redactions.items())}
        carried = CarryReport(self.instrument.version, dict(self._versions), dict(self._losses))
        return AnalysisDataset(columns, self.schema, redactions, carried, self._simulated)

    def _categorical(self) -> list[tuple[Column, CategoricalColumn]]:
        out = []
        for c in self.schema.columns:
            store = self._data[c.name]
            if isinstance(store, CategoricalColumn):
                out.append((c, store))
        return out


def _unmapped_error(missing: list[str], current: str, where: Location) -> EqSurveyError:
    return EqSurveyError.single(
        "version-unmapped",
        f"responses collected under version(s) {', '.join(missing)} cannot be carried to {current}: there is no mapping",
        "keep the earlier instrument and its mapping: `eqsurvey instrument versions draft`",
        where,
    )


def _store(c: Column) -> ColumnStore:
    if c.kind == "categorical":
        return CategoricalColumn(c.categories)
    if c.kind == "boolean":
        return BooleanColumn()
    if c.kind in ("integer", "number"):
        return NumberColumn(integer=c.kind == "integer")
    return PlainColumn("string")
