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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from instruments.dataset import Column, DatasetSchema, column_name, dataset_schema
from instruments.derived import derived_inputs, evaluate_derived
from instruments.errors import EqSurveyError, Location, Problem
from instruments.model import Instrument
from instruments.questions import Consent, Matrix, MultiChoice, Number, Question, Scale, SingleChoice, Text
from instruments.text import DECLINED, RECEIVED_MONTH

from .coarsen import coarsener
from .redaction import Redactor

_PSEUDONYM = "__pseudonym"
_DTYPES = {"boolean": "boolean", "integer": "Int64", "number": "Float64", "text": "string"}

Answers = dict[str, Any]
Filler = Callable[[list[Any]], dict[str, list[Any]]]


@dataclass(frozen=True)
class AnalysisDataset:
    frame: pd.DataFrame
    schema: DatasetSchema
    redactions: dict[str, dict[str, int]]
    """Per free-text question: how many e-mail addresses, phone numbers, … were removed."""


_DERIVED_LIMIT = 100_000


def _frozen(value: Any) -> object:
    if isinstance(value, list):
        return (list, tuple(value))
    if isinstance(value, dict):
        return (dict, tuple(sorted(value.items())))
    return (type(value), value)


def _declined(v: Any) -> bool:
    return bool(v in (DECLINED, [DECLINED]))


@dataclass
class DatasetBuilder:
    """Collects opened answers chunk by chunk; :meth:`finish` makes the table."""

    instrument: Instrument
    redactor: Redactor = field(default_factory=Redactor)

    def __post_init__(self) -> None:
        self.schema = dataset_schema(self.instrument)
        self._data: dict[str, list[Any]] = {c.name: [] for c in self.schema.columns}
        self._data[_PSEUDONYM] = []
        self._redactions: dict[str, Counter[str]] = {}
        self._derived_inputs = derived_inputs(self.instrument)
        self._derived_seen: dict[tuple[object, ...], dict[str, Any]] = {}
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
            return lambda vs: {
                column_name(q.id, r.code): [
                    None if v is None else DECLINED if v == DECLINED else v.get(r.code) for v in vs
                ]
                for r in q.rows
            }
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

    def _redact(self, qid: str, value: Any) -> str | None:
        if value is None or value == DECLINED:
            return None
        result = self.redactor.redact(str(value))
        if result.counts:
            self._redactions.setdefault(qid, Counter()).update(result.counts)
        return result.text

    def _derived(self, answers: Answers) -> dict[str, Any]:
        # Derived variables depend on a few questions whose answers repeat across respondents: evaluate each
        # distinct combination once.
        try:
            key = tuple(_frozen(answers.get(q)) for q in self._derived_inputs)
        except TypeError:
            return evaluate_derived(self.instrument, answers)
        found = self._derived_seen.get(key)
        if found is None:
            found = evaluate_derived(self.instrument, answers)
            if len(self._derived_seen) < _DERIVED_LIMIT:
                self._derived_seen[key] = found
        return found

    def add(self, chunk: Sequence[tuple[str, Answers, str]]) -> None:
        """Add opened responses: (pseudonym, answers, received day as YYYY-MM-DD)."""
        answers = [a for _, a, _ in chunk]
        for qid, fill in self._fillers:
            for name, values in fill([a.get(qid) for a in answers]).items():
                self._data[name].extend(values)
        if self.instrument.derived:
            derived = [self._derived(a) for a in answers]
            for d in self.instrument.derived:
                self._data[d.id].extend(r[d.id] for r in derived)
        self._data[RECEIVED_MONTH].extend(day[:7] for _, _, day in chunk)
        self._data[_PSEUDONYM].extend(p for p, _, _ in chunk)

    def finish(self) -> AnalysisDataset:
        problems: list[Problem] = []
        series = {c.name: self._series(c, problems) for c in self.schema.columns}
        if problems:
            raise EqSurveyError(problems)
        frame = pd.DataFrame(series)
        order = sorted(range(len(frame)), key=self._data[_PSEUDONYM].__getitem__)
        frame = frame.iloc[order].reset_index(drop=True)
        redactions = {q: dict(sorted(c.items())) for q, c in sorted(self._redactions.items())}
        return AnalysisDataset(frame, self.schema, redactions)

    def _series(self, c: Column, problems: list[Problem]) -> pd.Series:
        values = self._data[c.name]
        if c.kind != "categorical":
            return pd.Series(values, dtype=_DTYPES[c.kind])
        categories = list(c.categories) or sorted({v for v in values if v is not None})
        allowed = set(categories)
        stray = Counter(v for v in values if v is not None and v not in allowed)
        if stray:
            problems.append(
                Problem(
                    "dataset-stray-codes",
                    Location(question=c.source, field=c.name),
                    f"{sum(stray.values())} stored answer(s) use code(s) the instrument no longer has: "
                    + ", ".join(sorted(stray)[:5]),
                    "restore the option in the instrument (answers were checked against the version they were given"
                    " under), or recode them in a new instrument version",
                )
            )
            return pd.Series(dtype=object)  # never used: finish() raises
        return pd.Series(pd.Categorical(values, categories=categories))
