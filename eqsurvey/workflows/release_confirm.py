"""Before ``eqsurvey release`` spends budget: say what it spends on what, warn, ask; refuse below the minimum.

The rules and their wording are :mod:`analysis.releases.guard`'s; this
adapter gathers their facts (the ledger's earlier releases, the store's
days, the dataset file's export day), prints the statement and the
warnings, and asks. The answer is read from standard input, so a terminal
or a pipe (``echo n | eqsurvey release``) can give it; with no input at all
(a scheduled job's closed stdin) the release is refused and the message
says to add ``--yes``. A release not made is written to the audit log (the
warnings' codes, never a count or an answer), never to the ledger.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from eqsurvey.commands.kit import say, state
from kernel.errors import EqSurveyError, Location

if TYPE_CHECKING:
    from analysis.plans.model import AnalysisPlan
    from analysis.releases.guard import Facts, Freshness, Minimum
    from eqsurvey.config import Project
    from kernel.ledger import LedgerEntry
    from kernel.privacy_budget import PrivacyBudget
    from survey.store import ResponseStore


@dataclass(frozen=True)
class Intent:
    """What ``release`` was asked to do, before any of it is done."""

    plan: AnalysisPlan
    plan_text: str
    plan_file: Path
    instrument: Any
    dataset: Path | None
    rho: PrivacyBudget
    total: PrivacyBudget
    spent: PrivacyBudget
    yes: bool
    earlier: tuple[LedgerEntry, ...]
    """The survey's stored releases."""


def least_respondents(project: Project, intent: Intent) -> Minimum:
    from analysis.releases.guard import minimum

    return minimum(intent.plan.publication, project.config.analysis.min_respondents)


def refuse_too_few(store: ResponseStore, intent: Intent, least: Minimum, respondents: int) -> None:
    """Refuse (and log that) below the minimum, whatever the answer or --yes."""
    from analysis.releases.guard import too_few

    where = Location(file=str(intent.dataset if intent.dataset is not None else intent.plan_file))
    problem = too_few(respondents, least, where)
    if problem is not None:
        store.audit("release-refused", {"plan": intent.plan.id, "reasons": [problem.code]})
        raise EqSurveyError([problem])


def release_facts(project: Project, store: ResponseStore, intent: Intent, *, frame: Any, digest: str) -> Facts:
    """What the guard needs to know of this release: the spend, the dataset's size and age, earlier releases.

    Refuses (and logs that) below the minimum number of respondents."""
    from analysis.releases.guard import Facts, Spend, expected_suppressed

    rows = len(frame)
    refuse_too_few(store, intent, least_respondents(project, intent), rows)
    instrument = intent.instrument
    return Facts(
        plan_id=intent.plan.id,
        plan_file=str(intent.plan_file),
        dataset=str(intent.dataset) if intent.dataset is not None else None,
        spend=Spend(intent.rho, intent.total, intent.spent),
        respondents=rows,
        expected=expected_suppressed(intent.plan, instrument, float(intent.rho), rows),
        freshness=_freshness(intent.dataset, rows, store, instrument.id) if intent.dataset is not None else None,
        repeats=_repeats(project, intent, digest),
    )


def confirm_spend(ctx: typer.Context, store: ResponseStore, intent: Intent, facts: Facts) -> None:
    """State the spend; if a warning applies, ask (or take --yes). Returns only when the release may go ahead."""
    from analysis.releases.guard import statement, warnings

    for line in statement(facts):
        say(ctx, line)
    found = warnings(facts)
    if not found:
        return
    if not (state(ctx).quiet and intent.yes):  # asked without them, nobody could tell why
        typer.echo("\n".join(p.render() for p in found), err=True)
    if intent.yes:
        say(ctx, f"--yes: releasing despite {len(found)} warning(s)")
        return
    codes = [p.code for p in found]
    try:
        agreed = typer.confirm(f"Spend ρ = {float(intent.rho):g} on this release anyway?", default=False, err=True)
        if not sys.stdin.isatty():  # a piped answer is not echoed: end the prompt's line
            typer.echo("", err=True)
    except typer.Abort:  # Ctrl-C at the terminal, or no answer to read: standard input closed or empty
        typer.echo("", err=True)
        if not sys.stdin.isatty():
            store.audit("release-declined", {"plan": intent.plan.id, "reasons": codes, "answer": "none"})
            raise EqSurveyError.single(
                "release-unconfirmed",
                f"the release needs a confirmation ({', '.join(codes)}: see above) and no answer could be read"
                " (no terminal; standard input is closed or empty)",
                "read the warnings above; to release anyway, run the same command again with --yes. Nothing was spent",
            ) from None
        agreed = False
    if not agreed:
        store.audit("release-declined", {"plan": intent.plan.id, "reasons": codes, "answer": "no"})
        raise EqSurveyError.single(
            "release-declined",
            f"not released: the answer was no ({', '.join(codes)})",
            "nothing was spent and the ledger is unchanged; see the warnings above for what to do instead",
        )


def _freshness(path: Path, rows: int, store: ResponseStore, instrument_id: str) -> Freshness:
    from analysis.releases.guard import Freshness
    from eqsurvey.workflows.release_dataset import exported_day

    exported = exported_day(path)
    days = store.received_days(instrument_id)
    after = sum(n for day, n in days.items() if exported is not None and day > exported)
    return Freshness(exported, rows, sum(days.values()), max(days, default=None), after)


def _repeats(project: Project, intent: Intent, digest: str) -> tuple[Any, ...]:
    """Stored releases of this plan (its text, or the same content) on this dataset (by its keyed MAC)."""
    from analysis.releases.guard import Earlier
    from analysis.releases.making import plan_hash
    from eqsurvey.resources import project_keyring

    text_hash = plan_hash(intent.plan_text)
    content = intent.plan.model_dump(mode="json", exclude_none=True)
    same_plan = [r for r in intent.earlier if r.plan_hash == text_hash or r.body.get("plan") == content]
    keyring = project_keyring(project)
    # Without the key (made by the first release) no MAC can be checked, and none needs to be: none was made here.
    key = keyring.dataset_mac_key(create=False) if keyring.dataset_mac_file.exists() else None

    def same_data(mac: str) -> bool:
        if mac.startswith("sha256:"):  # made before the MAC: a plain fingerprint, kept only in the store
            return mac == digest
        return key is not None and key.matches(mac, digest)

    return tuple(Earlier(r.release_id, r.created_at) for r in same_plan if same_data(r.dataset_mac))
