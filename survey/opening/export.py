"""Opening the store into the analysis dataset and writing it out.

The store hands over sealed rows batch by batch; each batch's data key is
opened once and its rows are decrypted and added to the dataset in one chunk.
Erased responses are no longer in the store, so they are in no later export.

The Parquet file carries the data dictionary in its own metadata too (key
``eqsurvey``), so the DP layer can check which instrument version a file
belongs to even when the JSON beside it went missing.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas  # noqa: F401 - the table is made in this process: loaded with it, not while a store is opened
import pyarrow as pa
import pyarrow.parquet as pq

from anonymize.analysis_dataset import AnalysisDataset, DatasetBuilder
from anonymize.data_dictionary import describe_dataset
from anonymize.disclosure import RiskReport, assess
from anonymize.redaction import Redactor
from anonymize.sealing import Opener, SealError
from instruments.model import Instrument
from instruments.versions.kept import load_bridge, unmapped
from instruments.versions.mapping import VersionBridge
from kernel.errors import EqSurveyError, Location, Problem
from kernel.private_files import private_folder
from survey.intake.bulk import collector_paused
from survey.opening.workers import open_in_workers, worker_count
from survey.provenance import dictionary_provenance
from survey.store import ResponseStore
from survey.store.base import SIMULATED, today
from survey.store.damage import inspect, store_name
from survey.store.rows import DamagedStoreError

PARQUET_METADATA_KEY = b"eqsurvey"
ROW_GROUP = 65_536
"""Rows per row group of the Parquet file: each is made while the one before is written."""
WORKERS_FROM = 250_000
"""Responses from which opening uses worker processes (when none are asked for). Below, the second process
cost more than it saved with the machine busy (100,000 responses: median 15.4 s against 14.1 s at load 5-6),
even started while the key unlocks."""


def open_dataset(
    store: ResponseStore,
    instrument: Instrument,
    opener: Opener | Future[Opener],
    redactor: Redactor,
    progress: Callable[[int], None] | None = None,
    *,
    workers: int | None = None,
    bridge: VersionBridge | None = None,
    find_bridge: Callable[[], VersionBridge] | None = None,
    days: DayRange | None = None,
) -> AnalysisDataset:
    """Open every stored response of the survey; a large store is opened on every core.

    ``workers``: processes that open batches, this one included; None decides by size: coded rows open at tens of thousands a
    second in one process, and worker processes take most of a second to
    start, so they pay off only for large stores. Responses of earlier
    versions are carried through ``bridge`` (see :func:`version_bridge`), or the one ``find_bridge`` gives
    when the first of them turns up.
    ``days``: only the responses received from the first day up to (not
    including) the second, if any: one survey wave's (see :mod:`kernel.waves`);
    opened in this process, which alone sees each row's day before opening it.
    ``opener``: or the key still being unlocked, awaited once the workers are starting.
    """
    builder = DatasetBuilder(instrument, redactor, bridge, find_bridge)
    stored = store.count(instrument.id) if days is None else received_in(store, instrument.id, days)
    if days is not None:
        workers = 1
    elif workers is None:
        workers = worker_count() if stored >= WORKERS_FROM else 1
    with collector_paused():
        try:
            if workers > 1 and store.address is not None and len(store.envelopes(instrument.id)) > 1:
                open_in_workers(store, builder, opener, names=redactor.names, workers=workers, progress=progress)
            else:
                _open_here(builder, store, instrument, _unlocked(opener), progress, days=days)
        except (DamagedStoreError, SealError) as exc:
            if exc.problems[0].code == "unknown-key":  # the wrong key files, not a damaged store
                raise
            _refuse_if_damaged(store, instrument, _unlocked(opener))
            raise
        # Responses whose envelope row is gone are in no batch: fewer opened than stored says so. (More may
        # have arrived meanwhile, or fewer if one was erased: only damage found row by row refuses.)
        if builder.rows < stored:
            _refuse_if_damaged(store, instrument, _unlocked(opener))
        return builder.finish()


def _unlocked(opener: Opener | Future[Opener]) -> Opener:
    return opener.result() if isinstance(opener, Future) else opener


def version_bridge(root: Path, store: ResponseStore, instrument: Instrument) -> VersionBridge:
    """How the responses of every version in the store carry to ``instrument``; refuses if one cannot.

    Checked before anything is opened: a version without a mapping would
    otherwise lose its answers' options without a trace.
    """
    earlier = {v: n for v, n in store.versions(instrument.id).items() if v != instrument.version}
    if not earlier:
        return VersionBridge(instrument)
    bridge = load_bridge(root, instrument)
    problems = unmapped(bridge, earlier, root)
    if problems:
        raise EqSurveyError(problems)
    return bridge


def _refuse_if_damaged(store: ResponseStore, instrument: Instrument, opener: Opener) -> None:
    """Refuse with every damaged batch named and what still opens, if the store is damaged."""
    found = inspect(store, instrument.id, opener)
    if found.damage:
        raise found.refusal(store_name(store)) from None


DayRange = tuple[str, str | None]
"""Received from the first day (YYYY-MM-DD, '' for any) up to the second, not included (None: no end)."""


def _within(day: str, days: DayRange | None) -> bool:
    return days is None or (day >= days[0] and (days[1] is None or day < days[1]))


def received_in(store: ResponseStore, instrument_id: str, days: DayRange) -> int:
    """How many of the survey's responses were received within ``days``."""
    return received_within(store.received_days(instrument_id), days)


def received_within(per_day: dict[str, int], days: DayRange) -> int:
    """Of counts per day received, the sum of those within ``days``."""
    return sum(n for day, n in per_day.items() if _within(day, days))


def _open_here(
    builder: DatasetBuilder,
    store: ResponseStore,
    instrument: Instrument,
    opener: Opener,
    progress: Callable[[int], None] | None,
    *,
    days: DayRange | None = None,
) -> None:
    for envelope in store.envelopes(instrument.id):
        stored = store.stored_batch(envelope.envelope_id)
        sealed, received, simulated = stored.sealed, stored.days, stored.simulated
        if days is not None:
            within = [i for i, day in enumerate(received) if _within(day, days)]
            sealed, received = sealed.take(within), [received[i] for i in within]
            simulated = sum(1 for i in within if stored.sources[i].startswith(SIMULATED))
        if not received:
            continue
        builder.add_batch(opener, envelope, sealed, received, simulated)
        if progress is not None:
            progress(len(received))


@dataclass(frozen=True)
class ScientificUse:
    """A file for researchers outside the analysts' team: no free text, k-anonymous."""

    k: int
    drop: tuple[str, ...] = ()


def drop_sources(dataset: AnalysisDataset, sources: tuple[str, ...], *, text: bool = False) -> AnalysisDataset:
    """The dataset without the columns of these questions (and, with ``text``, without free text)."""
    known = {c.source for c in dataset.schema.columns}
    unknown = sorted(set(sources) - known)
    if unknown:
        raise EqSurveyError.single(
            "unknown-column",
            f"--drop names no question or column of the dataset: {', '.join(unknown)}",
            "use question ids (or received_month), as listed in the data dictionary",
        )
    gone = {c.name for c in dataset.schema.columns if c.source in sources or (text and c.kind == "text")}
    redactions = {} if text else dataset.redactions
    return replace(dataset, columns=dataset.columns.without(gone), redactions=redactions)


def restrict(
    instrument: Instrument, dataset: AnalysisDataset, rules: ScientificUse
) -> tuple[AnalysisDataset, RiskReport]:
    """Drop free text and the named sources, then check k-anonymity; refuse below k."""
    restricted = drop_sources(dataset, rules.drop, text=True)
    report = assess(instrument, dataset.schema, restricted.frame, rules.k)
    if not report.passes:
        raise EqSurveyError(_refusal(report))
    return restricted, report


def _refusal(report: RiskReport) -> list[Problem]:
    combos = "; ".join(
        ", ".join(f"{c}={v}" for c, v in combo.items()) + f" ({n} record{'s' if n != 1 else ''})"
        for combo, n in report.rare
    )
    problems = [
        Problem(
            "k-anonymity",
            Location(),
            f"{report.at_risk} of {report.records} records share their combination of quasi-identifiers "
            f"({', '.join(report.quasi_identifiers)}) with fewer than {report.k - 1} others (smallest group: "
            f"{report.smallest_group}; sample-unique: {report.sample_unique_share:.1%}). Rarest: {combos}",
            "coarsen or leave out quasi-identifiers as suggested below, then export again; nothing was written",
        )
    ]
    for s in report.suggestions[:5]:
        problems.append(
            Problem(
                "k-anonymity-fix",
                Location(question=s.source),
                f"without it, {s.at_risk_without} record(s) would remain in groups below k={report.k}",
                s.advice,
                "warning",
            )
        )
    return problems


def _atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Personal data: the temporary file mkstemp makes is 0600 and keeps that mode when renamed."""
    private_folder(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def with_statistics(schema: pa.Schema) -> list[str]:
    """The columns whose Parquet statistics (each row group's minimum, maximum and null count) are written: numbers
    and text. A category's or a yes/no's minimum says next to nothing (the smallest label, False) and no reader
    of ours looks at them (pandas reads the whole file), while working them out took about a third of the
    writing."""
    return [f.name for f in schema if not (pa.types.is_dictionary(f.type) or pa.types.is_boolean(f.type))]


def _write_parquet(path: Path, schema: pa.Schema, groups: Iterator[pa.Table]) -> None:
    """Each row group is made (in this thread) while the one before it is written (in another: Arrow writes
    without holding the interpreter), so both cores work until the end."""
    writer = pq.ParquetWriter(path, schema, write_statistics=with_statistics(schema))
    with writer, ThreadPoolExecutor(1, thread_name_prefix="parquet") as pool:
        written: Future[None] | None = None
        for group in groups:
            if written is not None:
                written.result()
            written = pool.submit(writer.write_table, group)
        if written is not None:
            written.result()


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def dictionary_path(parquet: Path) -> Path:
    return parquet.with_name(parquet.stem + ".dictionary.json")


def write_dataset(
    path: Path,
    instrument: Instrument,
    dataset: AnalysisDataset,
    *,
    risk: RiskReport | None = None,
    dropped: tuple[str, ...] = (),
    simulated: int = 0,
    wave: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Write ``path`` (Parquet) and its data dictionary beside it; returns the dictionary.

    ``simulated``: how many of the responses were simulated (see :mod:`.provenance`); ``wave``: the survey
    wave whose responses the file holds, as its release states it (number, name, first and last day), for a
    survey of several waves: the file keeps each response's month only and could not tell them apart.
    """
    schema = dataset.columns.schema()
    dictionary = describe_dataset(instrument, dataset, fingerprint="", created_day=today(), dropped=dropped, risk=risk)
    dictionary = {**dictionary_provenance(simulated, len(dataset.columns)), **dictionary}
    if wave is not None:
        dictionary["wave"] = wave
    # Embedded without the fingerprint (a file cannot hold its own hash); the JSON beside it has the file's SHA-256.
    embedded = {k: v for k, v in dictionary.items() if k != "parquet_sha256"}
    metadata = {**(schema.metadata or {}), PARQUET_METADATA_KEY: json.dumps(embedded).encode()}
    schema = schema.with_metadata(metadata)
    _atomic_write(path, lambda tmp: _write_parquet(tmp, schema, dataset.columns.row_groups(schema, ROW_GROUP)))
    dictionary["parquet_sha256"] = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    text = json.dumps(dictionary, ensure_ascii=False, indent=2) + "\n"
    _atomic_write(dictionary_path(path), lambda tmp: _write_text(tmp, text))
    return dictionary
