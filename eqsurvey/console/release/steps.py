"""What the release section shows and does, from the same workflow functions as the commands.

The console releases from the dataset its "Open the responses" step writes
(``data/dataset.parquet``, as the README's step by step does with
``dataset export`` and ``release --dataset``), so a release needs no passphrase
of its own. Its confirmation is the command's question in a page: the
statement and warnings of :mod:`analysis.releases.guard`, then a post that
carries what the page showed (:attr:`Preview.seen`): if the ledger or the
dataset changed in between, nothing is spent.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kernel.errors import EqSurveyError, Problem

if TYPE_CHECKING:
    from analysis.releases.guard import Facts
    from eqsurvey.config import Project
    from eqsurvey.workflows.release import Recorded
    from eqsurvey.workflows.release_confirm import Intent
    from eqsurvey.workflows.waves import WaveChoice
    from instruments.model import Instrument
    from survey.store import ResponseStore

DATASET = Path("data") / "dataset.parquet"
"""Where the console writes the analysis dataset, relative to the project (the README's path)."""


def dataset_path(project: Project) -> Path:
    return project.root / DATASET


@dataclass(frozen=True)
class DatasetState:
    path: str
    exists: bool
    day: str | None
    rows: int | None
    stored: int


def dataset_state(project: Project, instrument: Instrument) -> DatasetState:
    """Whether the dataset exists, the day it was written and its size, and the responses stored now."""
    import pyarrow.parquet as pq

    from eqsurvey.resources import project_store
    from eqsurvey.workflows.release_dataset import exported_day

    store = project_store(project)
    try:
        stored = store.count(instrument.id)
    finally:
        store.close()
    path = dataset_path(project)
    if not path.is_file():
        return DatasetState(str(DATASET), False, None, None, stored)
    try:
        return DatasetState(str(DATASET), True, exported_day(path), pq.read_metadata(path).num_rows, stored)
    except (OSError, ValueError, EqSurveyError):  # a damaged file: making a release names the problem
        return DatasetState(str(DATASET), True, None, None, stored)


@dataclass(frozen=True)
class Preview:
    facts: Facts
    warnings: list[Problem]
    seen: str
    """What the page showed, as a digest: the ledger's releases and spend, the dataset, the plan."""
    wave: dict[str, Any] | None = None
    """The survey wave the dataset holds and the release spends (surveys of several waves)."""


@dataclass(frozen=True)
class WaveOption:
    """A survey wave the person can open the responses of: its number, name and days (ISO; None: open)."""

    number: int
    name: str
    starts: str | None
    ends: str | None


def wave_options(project: Project) -> list[WaveOption]:
    """The survey's waves, latest first; none while it has one (every response is then opened)."""
    from eqsurvey.workflows.release import release_store
    from eqsurvey.workflows.waves import WaveChoice
    from instruments.loader import load_instrument

    instrument = load_instrument(project.instrument_path).instrument
    store = release_store(project)
    try:
        waves = store.waves(instrument.id)
    finally:
        store.close()
    if len(waves) < 2:
        return []
    options = []
    for wave in sorted(waves, key=lambda w: -w.number):
        record = WaveChoice(wave, waves, project.total_rho).record() or {}  # its days only: the total is not read
        options.append(WaveOption(wave.number, wave.name, record.get("starts"), record.get("ends")))
    return options


def wave_to_open(project: Project, wanted: str | None) -> tuple[Any, dict[str, Any] | None]:
    """The days and the record of the wave whose responses to open (None: the latest); (None, None) while the
    survey has one wave; a user error naming the waves for one it does not have."""
    from eqsurvey.workflows.release import release_store
    from eqsurvey.workflows.waves import choose_wave
    from instruments.loader import load_instrument

    instrument = load_instrument(project.instrument_path).instrument
    store = release_store(project)
    try:
        choice = choose_wave(store, instrument.id, project.total_rho, wanted or None)
    finally:
        store.close()
    return choice.days, choice.record()


def _seen(intent: Intent, digest: str) -> str:
    state = {
        "releases": [r.release_id for r in intent.earlier],
        "spent": str(intent.spent),
        "total": str(intent.total),
        "rho": str(intent.rho),
        "plan": hashlib.sha256(intent.plan_text.encode()).hexdigest(),
        "dataset": digest,
    }
    return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()[:32]


@dataclass(frozen=True)
class _Gathered:
    intent: Intent
    frame: Any
    digest: str
    facts: Facts
    seen: str
    wave: WaveChoice


def _gather(project: Project, store: ResponseStore) -> _Gathered:
    """The command's steps before its question: the plan, the ledger's room, the dataset file, the guard's facts."""
    from eqsurvey.workflows.release import check_intent, read_plan
    from eqsurvey.workflows.release_confirm import release_facts
    from eqsurvey.workflows.release_dataset import frame_from_file
    from eqsurvey.workflows.waves import wave_of_file

    read = read_plan(project, None)
    path = dataset_path(project)
    if not path.is_file():
        raise EqSurveyError.single(
            "no-dataset", f"there is no dataset {DATASET} yet", "open the responses first (on the release page)"
        )
    # A dataset file cannot tell survey waves apart by itself: with several, it holds the one wave it was opened for.
    wave = wave_of_file(store, read.instrument.id, read.total, path)
    read = wave.plan_read(read)
    intent = check_intent(store, read, path, yes=False, wave=wave.wave.number)
    frame, digest = frame_from_file(path, read.instrument.id, read.instrument.version)
    facts = release_facts(project, store, intent, frame=frame, digest=digest)
    return _Gathered(intent, frame, digest, facts, _seen(intent, digest), wave)


def preview_release(project: Project) -> Preview:
    """What a release of the project's plan on the dataset would spend, and the guard's warnings."""
    from analysis.releases.guard import warnings
    from eqsurvey.workflows.release import release_store

    store = release_store(project)
    try:
        found = _gather(project, store)
    finally:
        store.close()
    return Preview(found.facts, warnings(found.facts), found.seen, found.wave.record())


def release_confirmed(
    project: Project, seen: str, accepted: frozenset[str], progress: Callable[[str], None]
) -> Recorded:
    """Make the release the person confirmed on a page that showed ``seen``, despite the warnings ``accepted``.

    Checked again here, in the job: the ledger may have changed since the page
    was shown (a second post of the same confirmation finds the first's release
    there, so it spends nothing). A release not made is written to the audit log
    as the command does (the warnings' codes), never to the ledger."""
    from analysis.releases.guard import warnings
    from eqsurvey.workflows.release import record_release, release_store

    store = release_store(project)
    try:
        progress("check")
        found = _gather(project, store)
        plan = found.intent.plan.id
        if found.seen != seen:
            store.audit("release-declined", {"plan": plan, "reasons": ["release-stale"], "answer": "none"})
            raise EqSurveyError.single(
                "release-stale",
                "not released: the ledger or the dataset changed since the confirmation page was shown",
                "nothing was spent; look at the release page again and confirm what it shows now",
            )
        unaccepted = [p.code for p in warnings(found.facts) if p.code not in accepted]
        if unaccepted:
            store.audit("release-declined", {"plan": plan, "reasons": unaccepted, "answer": "no"})
            raise EqSurveyError.single(
                "release-unconfirmed",
                f"not released: the warning(s) {', '.join(unaccepted)} were not confirmed",
                "nothing was spent; tick each warning you release despite",
            )
        progress("measure")
        wave = found.wave
        return record_release(
            project,
            store,
            found.intent,
            found.frame,
            found.digest,
            wave=wave.wave.number,
            days=wave.days,
            named=wave.record(),
        )
    finally:
        store.close()
