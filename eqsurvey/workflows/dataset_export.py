"""Opening the sealed responses into the analysis dataset: ``eqsurvey dataset export`` and the console's step.

Both call :func:`export_dataset`: the command with the passphrase from
``EQSURVEY_PASSPHRASE`` or a prompt and a progress bar, the console with the
passphrase typed for this step and a job's progress. The opener holds the
private keys only for the call; every export is recorded in the audit log
(what, how many rows, the file's fingerprint; never a value).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kernel.errors import EqSurveyError, Location

if TYPE_CHECKING:
    from anonymize.analysis_dataset import AnalysisDataset
    from anonymize.disclosure import RiskReport
    from anonymize.redaction import Redactor
    from anonymize.sealing import Opener
    from eqsurvey.config import Project
    from instruments.model import Instrument
    from instruments.versions.mapping import CarryReport
    from survey.opening.export import DayRange, ScientificUse
    from survey.store import ResponseStore

Progress = Callable[[int, int], None]
"""``progress(opened, total)``: responses opened so far, of the survey's stored ones."""


def opener_for(project: Project, passphrase: str) -> Opener:
    """The analysts' private keys, unlocked by ``passphrase`` (a user error naming the key file when it is wrong)."""
    from anonymize.sealing import Opener
    from eqsurvey.resources import project_keyring

    return Opener(project_keyring(project).private_keys(passphrase))


def unlocking(project: Project, passphrase: str) -> Future[Opener]:
    """:func:`opener_for` in a thread of its own: scrypt lets other threads run, so the command imports what it
    needs and opens the store meanwhile instead of waiting the key's deliberate second first."""
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(1, thread_name_prefix="unlock")
    try:
        return pool.submit(opener_for, project, passphrase)
    finally:
        pool.shutdown(wait=False)


def open_responses(
    project: Project,
    store: ResponseStore,
    instrument: Instrument,
    redactor: Redactor,
    opener: Opener | Future[Opener],
    *,
    progress: Progress | None = None,
    days: DayRange | None = None,
) -> AnalysisDataset:
    """Every sealed response of the survey, opened (earlier versions carried through the reviewed mapping).

    ``opener``: or the key still being unlocked (:func:`unlocking`); a wrong passphrase is raised from here.
    ``days``: only those received within them (one survey wave's, see :mod:`kernel.waves`)."""
    from instruments.versions.mapping import VersionBridge
    from survey.opening.export import open_dataset, received_in, version_bridge

    total = store.count(instrument.id) if days is None else received_in(store, instrument.id, days)
    opened = 0

    def advance(n: int) -> None:
        nonlocal opened
        opened += n
        if progress is not None:
            progress(opened, total)

    # Nearly every store holds responses of the current version only: they are opened without counting the
    # versions first, which reads every stored row once more (seconds for a million). The first response of an
    # earlier version has the mapping loaded and checked against every version stored (refused, naming each);
    # what was opened before it is kept.
    return open_dataset(
        store,
        instrument,
        opener,
        redactor,
        advance,
        bridge=VersionBridge(instrument),
        find_bridge=lambda: version_bridge(project.root, store, instrument),
        days=days,
    )


@dataclass(frozen=True)
class Exported:
    """What an export wrote: the data dictionary, what earlier versions did not carry, the simulated rows."""

    output: Path
    dictionary: dict[str, Any]
    carried: CarryReport | None
    simulated: int
    risk: RiskReport | None

    @property
    def redacted(self) -> int:
        return sum(sum(kinds.values()) for kinds in self.dictionary["redactions"].values())


def export_dataset(
    project: Project,
    output: Path,
    opener: Opener | Future[Opener],
    *,
    redactor: Redactor | None = None,
    rules: ScientificUse | None = None,
    dropped: tuple[str, ...] = (),
    progress: Progress | None = None,
    days: DayRange | None = None,
    wave: dict[str, Any] | None = None,
) -> Exported:
    """Open the responses and write the dataset (Parquet) and its dictionary (JSON), recorded in the audit log.

    ``opener``: or the key still being unlocked (:func:`unlocking`). ``days`` and ``wave``: one survey wave's
    responses only, the file saying which wave it holds
    (:meth:`eqsurvey.workflows.waves.WaveChoice.record`)."""
    from anonymize.redaction import Redactor
    from eqsurvey.resources import project_store
    from instruments.loader import load_instrument
    from survey.opening.export import drop_sources, restrict, write_dataset

    instrument = load_instrument(project.instrument_path).instrument
    store = project_store(project)
    try:
        # Still unlocking perhaps (see unlocking): awaited once worker processes, if any, are starting.
        dataset = open_responses(
            project, store, instrument, redactor or Redactor(), opener, progress=progress, days=days
        )
        risk = None
        if rules is not None:
            dataset, risk = restrict(instrument, dataset, rules)
        elif dropped:
            dataset = drop_sources(dataset, dropped)
        # Counted among the rows opened (those of the wave, with days), as they were read: no second pass.
        simulated = dataset.simulated
        try:
            dictionary = write_dataset(
                output, instrument, dataset, risk=risk, dropped=dropped, simulated=simulated, wave=wave
            )
        except OSError as exc:  # a full disk or a size limit: write_dataset left no half-written file
            raise EqSurveyError.single(
                "write-failed",
                f"cannot write {output}: {exc.strerror or exc}; no dataset was written",
                "free space on the disk, or choose a folder you can write to, and run the command again",
                Location(file=str(output)),
            ) from None
        store.audit(
            "dataset-export",
            {
                "rows": dictionary["rows"],
                "columns": len(dictionary["columns"]),
                "scientific_use": rules is not None,
                "parquet_sha256": dictionary["parquet_sha256"],
                "instrument": f"{instrument.id}@{instrument.version}",
                "not_carried": dataset.carried.lost if dataset.carried else 0,
                "simulated": simulated,
            },
        )
    finally:
        store.close()
    return Exported(output, dictionary, dataset.carried, simulated, risk)
