"""A release from the store: the plan, the ledger's check, the dataset, the statement, the measuring, the record.

This is where the stages meet: the project's configuration (the survey's
total budget), the store (the ledger and the sealed responses), the keys
(the dataset's MAC) and the DP layer (the plan, the measuring). The command
``eqsurvey release`` (:mod:`eqsurvey.commands.release`) only parses options
and prints; the statement and the question before spending are
:mod:`eqsurvey.workflows.release_confirm`'s, the dataset it reads
:mod:`eqsurvey.workflows.release_dataset`'s.

The budget is checked twice: before anything is asked or measured (a
release that cannot fit is refused before the passphrase), and again by the
ledger in the transaction that stores it (two releases at once cannot both
pass).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from eqsurvey.commands.kit import say, warn
from kernel.errors import EqSurveyError
from kernel.ledger import BodyCheck, LedgerEntry
from kernel.privacy_budget import PrivacyBudget

if TYPE_CHECKING:
    from analysis.ledger import BudgetLedger
    from analysis.plans.loader import LoadedPlan
    from analysis.releases.making import Made
    from eqsurvey.config import Project
    from eqsurvey.workflows.release_confirm import Intent
    from instruments.model import Instrument
    from survey.opening.export import DayRange
    from survey.store import ResponseStore


def release_store(project: Project) -> ResponseStore:
    from eqsurvey.resources import project_store

    return project_store(project)


def body_check() -> BodyCheck:
    from analysis import body_problems

    check: BodyCheck = body_problems
    return check


@dataclass(frozen=True)
class Recorded:
    """A release made and recorded in the ledger: what ``eqsurvey release`` reports."""

    made: Made
    record: LedgerEntry
    remaining: PrivacyBudget
    total: PrivacyBudget
    plan_id: str
    suppress_below: int


@dataclass(frozen=True)
class PlanRead:
    """The plan a release is asked for, read and checked against the questionnaire and the survey's total."""

    file: Path
    text: str
    loaded: LoadedPlan
    instrument: Instrument
    total: PrivacyBudget
    planned: PrivacyBudget


def read_plan(project: Project, plan_file: Path | None) -> PlanRead:
    from analysis import load_plan
    from instruments.loader import load_instrument
    from instruments.review import read_reviews
    from kernel.files import read_text

    file = plan_file or project.plan_path
    instrument = load_instrument(project.instrument_path).instrument
    total = project.total_rho
    loaded = load_plan(file, instrument, total)
    read_reviews(project.reviews_path)  # the release records them: a damaged file stops it before any passphrase
    planned = total.share(loaded.plan.budget_share)
    return PlanRead(file, read_text(file, EqSurveyError), loaded, instrument, total, planned)


def check_intent(store: ResponseStore, read: PlanRead, dataset: Path | None, yes: bool, wave: int = 1) -> Intent:
    """What the release would spend on what, if the ledger still has room for it (refused before any passphrase).

    ``wave``: the survey wave whose budget it spends (see kernel.waves)."""
    from analysis.ledger import check_fits
    from eqsurvey.workflows.release_confirm import Intent

    ledger: BudgetLedger = store
    instrument = read.instrument
    earlier = tuple(ledger.releases(instrument.id, check=body_check()))  # a damaged ledger spends nothing more
    check_fits(ledger, instrument.id, read.planned, read.total, wave)
    spent = ledger.spent(instrument.id, wave)
    plan = read.loaded.plan
    return Intent(plan, read.text, read.file, instrument, dataset, read.planned, read.total, spent, yes, earlier)


def record_release(
    project: Project,
    store: ResponseStore,
    intent: Intent,
    frame: Any,
    digest: str,
    *,
    wave: int = 1,
    days: DayRange | None = None,
    named: dict[str, Any] | None = None,
) -> Recorded:
    """Measure the plan on the dataset and record it in the ledger, whose transaction checks the budget again.

    ``wave``: the survey wave whose respondents ``frame`` holds (those received within ``days``, None: every
    one) and whose budget the release spends; ``named``: that wave as the release states it (surveys with
    several waves; :meth:`eqsurvey.workflows.waves.WaveChoice.record`)."""
    from analysis import make_release
    from anonymize.keys.keyring import Keyring
    from instruments.review import read_reviews, review_status
    from survey.opening.export import received_within
    from survey.provenance import simulated_in

    ledger: BudgetLedger = store
    instrument, total, planned = intent.instrument, intent.total, intent.rho
    review = review_status(instrument, read_reviews(project.reviews_path))  # stated by every report of it
    history = [t.as_json() for t in ledger.budget_totals(instrument.id, wave)]
    simulated = min(simulated_in(intent.dataset, store, instrument.id), len(frame))  # recorded so reports say so
    if days is not None:  # only the wave's own
        simulated = min(simulated, received_within(store.simulated_days(instrument.id), days))
    mac = Keyring(project.keys_dir).dataset_mac_key(create=True).mac(digest)
    made = make_release(
        intent.plan, intent.plan_text, instrument, frame, mac, float(planned), project.settings.name,
        total={"rho": float(total), "changes": history[1:]}, simulated=simulated, review=review, wave=named,
    )  # fmt: skip
    record = LedgerEntry(
        release_id=made.release_id,
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        plan_id=intent.plan.id,
        plan_hash=made.release.plan_hash,
        dataset_mac=mac,
        rho=planned,  # what the plan budgets; the mechanisms' own maps (in the body) are at most this
        created_at=made.created_at,
        body=made.body,
        wave=wave,
    )
    remaining = ledger.spend(record, total)
    return Recorded(made, record, remaining, total, intent.plan.id, intent.plan.publication.suppress_below)


def make_release_from_store(  # noqa: PLR0917 - the command's options, in its order
    ctx: typer.Context,
    project: Project,
    plan_file: Path | None,
    dataset: Path | None,
    yes: bool,
    wave: str | None = None,
) -> Recorded:
    """Make one release of the plan and record it in the ledger, if the survey's budget still covers it.

    ``wave``: the survey wave (number or name) whose respondents it measures; None: the latest."""
    from eqsurvey.workflows.release_confirm import confirm_spend, least_respondents, refuse_too_few, release_facts
    from eqsurvey.workflows.release_dataset import dataset_frame
    from eqsurvey.workflows.waves import choose_wave, refuse_file_of_several_waves

    read = read_plan(project, plan_file)
    warn(ctx, list(read.loaded.warnings))
    store = release_store(project)
    try:
        choice = choose_wave(store, read.instrument.id, read.total, wave)
        refuse_file_of_several_waves(choice, dataset)
        read = choice.plan_read(read)
        intent = check_intent(store, read, dataset, yes, choice.wave.number)
        if dataset is None:  # the store's count is the dataset's: refuse before the passphrase is asked for
            respondents = choice.respondents(store, read.instrument.id)
            refuse_too_few(store, intent, least_respondents(project, intent), respondents)
        frame, digest = dataset_frame(ctx, project, store, read.instrument, dataset, days=choice.days)
        confirm_spend(ctx, store, intent, release_facts(project, store, intent, frame=frame, digest=digest))
        if choice.days is not None:
            say(ctx, f"wave {choice.wave.number} ({choice.wave.name}): {len(frame)} respondents, its own budget")
        say(ctx, f"measuring {len(read.loaded.plan.tables)} tables with ρ = {float(read.planned):g} …")
        return record_release(
            project, store, intent, frame, digest, wave=choice.wave.number, days=choice.days, named=choice.record()
        )
    finally:
        store.close()


def summary(release: LedgerEntry) -> dict[str, Any]:
    return {
        "id": release.release_id,
        "created_at": release.created_at,
        "plan": release.plan_id,
        "instrument": f"{release.instrument_id}@{release.instrument_version}",
        "rho": float(release.rho),
        "tables": len(release.body.get("tables", [])),
        "wave": release.wave,
    }


def stored_releases(project: Project) -> list[LedgerEntry]:
    """The survey's releases, oldest first, each checked."""
    from instruments.loader import load_instrument

    instrument = load_instrument(project.instrument_path).instrument
    store = release_store(project)
    try:
        return store.releases(instrument.id, check=body_check())
    finally:
        store.close()


def stored_release(project: Project, release_id: str) -> LedgerEntry:
    store = release_store(project)
    try:
        release = store.release(release_id, check=body_check())
    finally:
        store.close()
    if release is None:
        raise EqSurveyError.single(
            "unknown-release", f"there is no release '{release_id}' in this project", "see eqsurvey release list"
        )
    return release


def stored_body(project: Project, release_id: str) -> dict[str, Any]:
    """A stored release for the report commands, as it may be published: ``{"id": …, **body}`` without the MAC."""
    from analysis import Release

    release = stored_release(project, release_id)
    return Release.from_body(release.release_id, release.body).shown()
