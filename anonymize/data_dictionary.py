"""The data dictionary that travels with the analysis dataset.

It says, for every column, what it holds (type, source question, labels of
the column and of every category in each language, bounds, privacy class,
analysis role, whether it is derived or coarsened), how much free text was
redacted, which questions were kept out, which instrument versions the rows
were collected under and what could not be carried from them to the current
version, and which file it describes (the Parquet file's SHA-256). The DP layer reads it instead of guessing, and a
reader of a scientific-use file needs nothing else to understand it.
"""

from __future__ import annotations

from typing import Any

from anonymize.analysis_dataset import AnalysisDataset
from anonymize.disclosure import RiskReport
from instruments.dataset import Column
from instruments.model import CategoricalDerived, Instrument
from instruments.questions import Matrix, Number, SingleChoice, Text
from instruments.text import DECLINED

FORMAT = "eqsurvey-data-dictionary/1"

_OTHER = {"de": "Andere", "en": "Other"}
_NOTES = {
    "missing": "An empty cell: the question was not answered, or not asked (skip logic).",
    "prefer_not_to_say": "Coded distinctly from missing: the category 'prefer_not_to_say', or a boolean column "
    "QUESTION__prefer_not_to_say beside multi-choice, number and text questions.",
    "multi_select": "One boolean column per option; empty when the question was not answered or declined.",
    "redaction": "Free text is screened for e-mail and web addresses, phone numbers, IBANs, postal addresses and "
    "listed names; each is replaced by a marker such as [E-MAIL].",
    "order": "Rows are in an order unrelated to when responses arrived; there is no respondent identifier.",
}


def _category_labels(instrument: Instrument, c: Column) -> list[dict[str, Any]]:
    labels: dict[str, dict[str, str]] = {}
    source = instrument.question_map.get(c.source)
    policy = getattr(source, "coarsen", None)
    if c.coarsened and policy is not None:
        for g in policy.groups or []:
            labels[g.code] = dict(g.label) if g.label else {lang: g.code for lang in instrument.languages}
        if isinstance(source, (SingleChoice, Text)):
            labels[policy.other] = {lang: _OTHER.get(lang, _OTHER["en"]) for lang in instrument.languages}
    elif isinstance(source, (SingleChoice, Matrix)):
        labels = {o.code: dict(o.label) for o in source.options}
    derived = instrument.derived_map.get(c.source)
    if isinstance(derived, CategoricalDerived):
        labels = {case.code: dict(case.label) for case in derived.cases}
    declined = {lang: instrument.declined_label(lang) for lang in instrument.languages}
    out = []
    for code in c.categories:
        label = declined if code == DECLINED else labels.get(code, {lang: code for lang in instrument.languages})
        out.append({"code": code, "label": label})
    return out


def _column(instrument: Instrument, c: Column, redactions: dict[str, dict[str, int]]) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": c.name,
        "kind": c.kind,
        "source": c.source,
        "label": dict(c.label),
        "privacy": c.privacy,
        "role": c.role,
        "derived": c.derived,
        "coarsened": c.coarsened,
    }
    if c.option is not None:
        entry["option"] = c.option
    if c.kind == "categorical":
        entry["categories"] = _category_labels(instrument, c)
    if c.minimum is not None:
        entry["minimum"], entry["maximum"] = c.minimum, c.maximum
    q = instrument.question_map.get(c.source)
    if isinstance(q, Number) and q.coarsen is not None:
        entry["bands_from"] = {"minimum": q.min, "maximum": q.max, "cut_points": list(q.coarsen.bands or [])}
    if c.kind == "text":
        entry["redactions"] = redactions.get(c.source, {})
    return entry


def describe_dataset(
    instrument: Instrument,
    dataset: AnalysisDataset,
    *,
    fingerprint: str,
    created_day: str,
    dropped: tuple[str, ...] = (),
    risk: RiskReport | None = None,
) -> dict[str, Any]:
    present = set(dataset.columns.names)
    columns = [_column(instrument, c, dataset.redactions) for c in dataset.schema.columns if c.name in present]
    groups = [g.model_dump(mode="json") for g in dataset.schema.multi_select if set(g.columns) <= present]
    out: dict[str, Any] = {
        "format": FORMAT,
        "instrument": {
            "id": instrument.id,
            "version": instrument.version,
            "content_hash": instrument.content_hash(),
            "languages": list(instrument.languages),
        },
        "created_day": created_day,
        "rows": len(dataset.columns),
        "parquet_sha256": fingerprint,
        "columns": columns,
        "multi_select": groups,
        "excluded_direct_identifiers": list(dataset.schema.excluded),
        "dropped": list(dropped),
        "redactions": dataset.redactions,
        "notes": _NOTES,
    }
    if dataset.carried is not None:
        # Which versions the rows were collected under, and every answer no mapping carried to this version.
        out["versions"] = dataset.carried.to_json()
    if risk is not None:
        out["disclosure_check"] = {
            "k": risk.k,
            "quasi_identifiers": list(risk.quasi_identifiers),
            "smallest_group": risk.smallest_group,
            "sample_unique_share": risk.sample_unique_share,
        }
    return out
