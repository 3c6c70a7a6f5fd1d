"""The dataset a release is made from (a file from ``dataset export``, or the store opened now), and its age.

Used by ``release`` (to measure it and to tell how old it is before spending)
and ``release verify`` (to check a release against it). A file's age is read
from the export day its own metadata records, against the days the store
received its responses: the store keeps days, never times.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from eqsurvey.commands.kit import say
from kernel.errors import EqSurveyError

if TYPE_CHECKING:
    from eqsurvey.config import Project
    from survey.opening.export import DayRange
    from survey.store import ResponseStore


def _embedded(path: Path) -> dict[str, Any]:
    """What ``dataset export`` wrote into the file's own metadata: a user error if it is not such a file."""
    import pyarrow.parquet as pq

    from survey.opening.export import PARQUET_METADATA_KEY

    try:
        embedded = (pq.read_schema(path).metadata or {}).get(PARQUET_METADATA_KEY)
    except (OSError, ValueError) as exc:
        raise _refuse(
            path, f"not a readable Parquet file ({type(exc).__name__})", "give the file eqsurvey dataset export wrote"
        ) from None
    try:
        made = json.loads(embedded) if embedded else {}
    except ValueError:
        made = {}
    return made if isinstance(made, dict) else {}


def file_wave(path: Path) -> dict[str, Any] | None:
    """The survey wave a dataset file holds, as ``dataset export`` of one wave recorded it; None: not recorded."""
    wave = _embedded(path).get("wave")
    return wave if isinstance(wave, dict) else None


def _refuse(path: Path, problem: str, fix: str) -> EqSurveyError:
    return EqSurveyError.single("dataset-file", f"{path}: {problem}", fix)


def frame_from_file(path: Path, instrument_id: str, version: str) -> tuple[Any, str]:
    """A file ``dataset export`` wrote for this version of the questionnaire, and its SHA-256; a user error otherwise."""
    import hashlib

    import pandas as pd

    found = _embedded(path).get("instrument") or {}
    if not isinstance(found, dict) or (found.get("id"), found.get("version")) != (instrument_id, version):
        raise _refuse(
            path,
            f"it is not an analysis dataset of {instrument_id} {version}",
            "export it again with eqsurvey dataset export in this project, or release from the store (no --dataset)",
        )
    digest = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    return pd.read_parquet(path), digest


def dataset_frame(
    ctx: typer.Context,
    project: Project,
    store: ResponseStore,
    instrument: Any,
    path: Path | None,
    *,
    days: DayRange | None = None,
) -> tuple[Any, str]:
    """The dataset and its SHA-256: a file's bytes, or the opened responses' columns and values.

    ``days``: from the store, only the responses received within them (one survey wave's)."""
    if path is not None:
        return frame_from_file(path, instrument.id, instrument.version)
    return _frame_from_store(ctx, project, store, instrument, days)


def _frame_from_store(
    ctx: typer.Context, project: Project, store: ResponseStore, instrument: Any, days: DayRange | None = None
) -> tuple[Any, str]:
    import hashlib

    import pandas as pd

    from anonymize.redaction import Redactor
    from eqsurvey.commands.dataset import open_with_progress

    opened = open_with_progress(ctx, project, store, instrument, Redactor(), days=days)
    for line in opened.carried.lines() if opened.carried else []:
        say(ctx, line)
    frame = opened.frame
    digest = hashlib.sha256(",".join(map(str, frame.columns)).encode())
    digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return frame, "sha256:" + digest.hexdigest()


def exported_day(path: Path) -> str | None:
    """The day ``dataset export`` wrote the file, as its own metadata records it (None: it does not say)."""
    day = _embedded(path).get("created_day")
    return day if isinstance(day, str) and day else None
