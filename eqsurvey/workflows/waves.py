"""Survey waves for the commands: which wave a release is of, its days and budget; declaring the next.

A survey has one wave until ``eqsurvey wave start`` declares the next (see
:mod:`kernel.waves`); a release is then of one wave (``release --wave``,
by default the latest) and measures only the responses received in its days,
spending that wave's budget. The latest wave's total is the config's
``total_rho`` (checked against the ledger, as before waves); an earlier
wave's, once its first release fixed it, the ledger's.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from eqsurvey.workflows.release import body_check, release_store, summary
from kernel.errors import EqSurveyError
from kernel.waves import BOTH_WAVES, Wave, days_of, find

if TYPE_CHECKING:
    from pathlib import Path

    from eqsurvey.config import Project
    from eqsurvey.workflows.release import PlanRead
    from kernel.ledger import BudgetTotal, LedgerEntry
    from kernel.privacy_budget import PrivacyBudget
    from survey.opening.export import DayRange
    from survey.store import ResponseStore

MAX_REASON = 500


@dataclass(frozen=True)
class WaveChoice:
    """The wave a release is of, the survey's waves, and the wave's total budget."""

    wave: Wave
    waves: list[Wave]
    total: PrivacyBudget

    @property
    def days(self) -> DayRange | None:
        """The days whose responses the wave holds; None while the survey has one wave (every response)."""
        return days_of(self.wave.number, self.waves) if len(self.waves) > 1 else None

    def record(self) -> dict[str, Any] | None:
        """The wave as its release states it (analysis.releases.model.WaveRecord); None while the survey has one."""
        days = self.days
        if days is None:
            return None
        starts, next_starts = days
        ends = (date.fromisoformat(next_starts) - timedelta(days=1)).isoformat() if next_starts else None
        return {"number": self.wave.number, "name": self.wave.name, "starts": starts or None, "ends": ends}

    def respondents(self, store: ResponseStore, instrument_id: str) -> int:
        from survey.opening.export import received_in

        days = self.days
        return store.count(instrument_id) if days is None else received_in(store, instrument_id, days)

    def plan_read(self, read: PlanRead) -> PlanRead:
        """The plan as this wave's release spends it: a share of the wave's total."""
        return replace(read, total=self.total, planned=self.total.share(read.loaded.plan.budget_share))


def choose_wave(store: ResponseStore, instrument_id: str, configured: PrivacyBudget, wanted: str | None) -> WaveChoice:
    """The wave ``wanted`` (its number or name; None: the latest) and the total its releases spend from."""
    waves = store.waves(instrument_id)
    wave = find(waves, wanted)
    total = configured
    if wave.number != waves[-1].number and (fixed := store.budget_totals(instrument_id, wave.number)):
        total = fixed[-1].total  # an earlier wave keeps the total its first release fixed
    return WaveChoice(wave, waves, total)


def refuse_file_of_several_waves(choice: WaveChoice, dataset: Any) -> None:
    if dataset is not None and choice.days is not None:
        raise EqSurveyError.single(
            "wave-dataset-file",
            f"this survey has {len(choice.waves)} waves, and a dataset file cannot tell them apart (it keeps the"
            " month a response came, not its day)",
            f"leave out --dataset: the release of wave {choice.wave.number} ({choice.wave.name}) opens that wave's"
            " responses from the store; nothing was spent",
        )


def wave_of_file(store: ResponseStore, instrument_id: str, configured: PrivacyBudget, path: Path) -> WaveChoice:
    """The wave whose responses a dataset file holds: with one wave, that one; with several, the one the file
    records (``dataset export`` of one wave), if its days are still the wave's (a later wave ends it)."""
    from eqsurvey.workflows.release_dataset import file_wave

    choice = choose_wave(store, instrument_id, configured, None)
    if choice.days is None:
        return choice
    recorded = file_wave(path)
    if recorded is None or not isinstance(recorded.get("number"), int):
        raise EqSurveyError.single(
            "wave-dataset-file",
            f"this survey has {len(choice.waves)} waves, and {path} does not say which one it holds (it was"
            " opened before the next wave was declared); a dataset file cannot tell them apart (it keeps the month"
            " a response came, not its day)",
            "open the responses of one wave again (choose the wave where you open them), then release;"
            " nothing was spent",
        )
    number = recorded["number"]
    choice = choose_wave(store, instrument_id, configured, str(number))
    if choice.record() != recorded:
        raise EqSurveyError.single(
            "wave-dataset-stale",
            f"{path} holds wave {number} as its days were when it was opened; they have changed since"
            " (a later wave was declared)",
            "open that wave's responses again, then release; nothing was spent",
        )
    return choice


def start_wave(project: Project, name: str, starts: str | None, reason: str) -> Wave:
    """Declare the survey's next wave in the ledger, from ``starts`` (default: tomorrow) on."""
    from instruments.loader import load_instrument

    text = " ".join(reason.split())
    if not text or len(text) > MAX_REASON:
        raise EqSurveyError.single(
            "wave-reason",
            "the reason is empty" if not text else f"the reason is longer than {MAX_REASON} characters",
            "say in a sentence why a new wave starts, e.g. --reason 'second wave approved by the council on 3 May'",
        )
    instrument = load_instrument(project.instrument_path).instrument
    day = starts or (date.today() + timedelta(days=1)).isoformat()
    store = release_store(project)
    try:
        return store.start_wave(instrument.id, name, day, text)
    finally:
        store.close()


@dataclass(frozen=True)
class WaveBudget:
    """One wave's budget as the ledger holds it."""

    wave: Wave
    ends: str | None
    total: PrivacyBudget
    spent: PrivacyBudget
    history: list[BudgetTotal]
    releases: list[LedgerEntry]
    respondents: int

    def as_json(self) -> dict[str, Any]:
        return {
            **self.wave.as_json(),
            "ends_before": self.ends,
            "respondents": self.respondents,
            "rho_total": float(self.total),
            "rho_spent": float(self.spent),
            "rho_remaining": float(self.total.left_after(self.spent)),
            "total_fixed": bool(self.history),
            "total_history": [t.as_json() for t in self.history],
            "releases": [summary(r) for r in self.releases],
        }


def wave_budgets(project: Project) -> list[WaveBudget]:
    """Every wave's days, respondents, total, spend and releases, oldest first."""
    from instruments.loader import load_instrument

    instrument = load_instrument(project.instrument_path).instrument
    store = release_store(project)
    try:
        waves = store.waves(instrument.id)
        releases = store.releases(instrument.id, check=body_check())
        out = []
        for wave in waves:
            choice = choose_wave(store, instrument.id, project.total_rho, str(wave.number))
            total = store.total(instrument.id, choice.total, wave.number)
            out.append(
                WaveBudget(
                    wave,
                    days_of(wave.number, waves)[1],
                    total,
                    store.spent(instrument.id, wave.number),
                    store.budget_totals(instrument.id, wave.number),
                    [r for r in releases if r.wave == wave.number],
                    choice.respondents(store, instrument.id),
                )
            )
        return out
    finally:
        store.close()


__all__ = ["BOTH_WAVES", "WaveBudget", "WaveChoice", "choose_wave", "start_wave", "wave_budgets"]
