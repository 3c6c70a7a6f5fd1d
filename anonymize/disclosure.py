"""Disclosure risk of microdata that is to leave the analysts' hands.

A scientific-use file carries no names, but a combination of quasi-identifiers
(district, age band, country of birth, month of answering, …) can still be
shared by one person only, and someone who knows that person can then read
their answers on discrimination, religion or sexual orientation. The check
here is k-anonymity over the declared quasi-identifiers: every combination of
their values must be shared by at least ``k`` records. It also reports the
share of sample-unique records, lists the rarest combinations, and, for each
quasi-identifier, how much leaving it out would help, so the analysts know
which coarsening to add to the instrument (or which column to drop).

Missing and "prefer not to say" count as values of their own: a record that
alone declined its age is as recognisable as one that alone gave it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from instruments.dataset import DatasetSchema
from instruments.model import Instrument
from instruments.questions import Number, SingleChoice, Text
from instruments.text import RECEIVED_MONTH

_SHOWN = 8
_MISSING = "(missing)"


@dataclass(frozen=True)
class Suggestion:
    source: str
    """The question (or ``received_month``) whose columns would change."""
    at_risk_without: int
    """Records in combinations below k if this quasi-identifier were left out."""
    advice: str


@dataclass(frozen=True)
class RiskReport:
    k: int
    records: int
    quasi_identifiers: tuple[str, ...]
    smallest_group: int
    sample_unique_share: float
    at_risk: int
    """Records in combinations shared by fewer than k records."""
    rare: tuple[tuple[dict[str, str], int], ...]
    suggestions: tuple[Suggestion, ...]

    @property
    def passes(self) -> bool:
        return self.at_risk == 0


def quasi_identifier_columns(schema: DatasetSchema, frame: pd.DataFrame) -> dict[str, list[str]]:
    """Quasi-identifier columns present in the frame, grouped by the question they come from."""
    out: dict[str, list[str]] = {}
    for c in schema.columns:
        if c.privacy == "quasi_identifier" and c.kind != "text" and c.name in frame.columns:
            out.setdefault(c.source, []).append(c.name)
    return out


def _group_sizes(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    if not columns:
        return pd.Series(len(frame), index=frame.index)
    keys = frame[columns].astype("string").fillna(_MISSING)
    return keys.groupby(columns, dropna=False)[columns[0]].transform("size")


def _advice(instrument: Instrument, source: str, frame: pd.DataFrame, columns: list[str], k: int) -> str:
    if source == RECEIVED_MONTH:
        return "leave out the month responses arrived (--drop received_month)"
    q = instrument.question_map.get(source)
    if isinstance(q, Number) and q.coarsen is None:
        return f"coarsen '{source}' into bands in the instrument (coarsen: bands: [..]), or --drop {source}"
    if isinstance(q, (SingleChoice, Text)) and len(columns) == 1:
        counts = frame[columns[0]].astype("string").fillna(_MISSING).value_counts()
        rare = [str(v) for v, n in counts.items() if n < k]
        if rare:
            shown = ", ".join(rare[:_SHOWN]) + (" …" if len(rare) > _SHOWN else "")
            return f"group the rare values of '{source}' ({shown}) in the instrument (coarsen: groups: [..]), or --drop {source}"
        return f"group values of '{source}' into broader categories (coarsen: groups: [..]), or --drop {source}"
    return f"leave out '{source}' (--drop {source}) or ask fewer detailed categories"


def assess(instrument: Instrument, schema: DatasetSchema, frame: pd.DataFrame, k: int) -> RiskReport:
    """k-anonymity of ``frame`` over its quasi-identifier columns."""
    by_source = quasi_identifier_columns(schema, frame)
    columns = [c for cols in by_source.values() for c in cols]
    sizes = _group_sizes(frame, columns)
    records = len(frame)
    at_risk_mask = sizes < k
    rare: list[tuple[dict[str, str], int]] = []
    if records and at_risk_mask.any():
        keys = frame.loc[at_risk_mask, columns].astype("string").fillna(_MISSING)
        counts = keys.value_counts(dropna=False).sort_values(kind="stable")
        for combo, n in list(counts.items())[:_SHOWN]:
            values = combo if isinstance(combo, tuple) else (combo,)
            rare.append(({c: str(v) for c, v in zip(columns, values, strict=True)}, int(n)))
    suggestions: list[Suggestion] = []
    if at_risk_mask.any():
        for source, cols in by_source.items():
            rest = [c for c in columns if c not in cols]
            without = int((_group_sizes(frame, rest) < k).sum()) if records else 0
            suggestions.append(Suggestion(source, without, _advice(instrument, source, frame, cols, k)))
        suggestions.sort(key=lambda s: s.at_risk_without)
    return RiskReport(
        k=k,
        records=records,
        quasi_identifiers=tuple(by_source),
        smallest_group=int(sizes.min()) if records else 0,
        sample_unique_share=float((sizes == 1).mean()) if records else 0.0,
        at_risk=int(at_risk_mask.sum()),
        rare=tuple(rare),
        suggestions=tuple(suggestions),
    )
