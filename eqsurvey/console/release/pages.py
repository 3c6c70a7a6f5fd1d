"""The section's main page (the budget, the releases, the dataset), opening the responses, and making a release."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from eqsurvey.console.jobs import Job, JobResult
from eqsurvey.console.release.messages import WORDING
from eqsurvey.console.release.steps import (
    DATASET,
    WaveOption,
    dataset_path,
    dataset_state,
    preview_release,
    release_confirmed,
    wave_options,
    wave_to_open,
)
from kernel.errors import EqSurveyError, Location, Problem
from kernel.i18n.formats import NumberFormat

if TYPE_CHECKING:
    from analysis.releases.guard import Facts
    from eqsurvey.config import Project
    from eqsurvey.console.frame import Console
    from eqsurvey.workflows.budget import BudgetState


def day_text(iso: str | None, lang: str) -> str:
    """A day the store or a file records (ISO, perhaps with a time), as the person's language writes it."""
    import datetime as dt

    from kernel.i18n.formats import format_date

    if not iso:
        return WORDING.text(lang, "dataset_day_unknown")
    try:
        return format_date(dt.date.fromisoformat(iso[:10]), lang, "medium")
    except ValueError:
        return iso[:10]


@dataclass(frozen=True)
class BudgetView:
    """The budget in words and numbers, as the person's language writes them."""

    state: BudgetState
    words: str
    total: str
    spent: str
    left: str
    history: list[str]
    plan: str | None
    plan_problems: list[Problem]


def budget_view(project: Project, lang: str) -> BudgetView:
    from eqsurvey.workflows.budget import budget_state
    from eqsurvey.workflows.release import read_plan

    state = budget_state(project)
    n = NumberFormat(lang)
    share = state.share_spent
    if float(state.spent) == 0:
        words = WORDING.text(lang, "budget_none_spent")
    elif float(state.remaining) <= 0:
        words = WORDING.text(lang, "budget_all_spent")
    else:
        words = WORDING.text(lang, "budget_words", spent=n.percent(share, 0), left=n.percent(1 - share, 0))
    history = [
        WORDING.text(lang, "budget_changed", rho=n.plain(float(c.total)), day=day_text(c.set_at, lang), reason=c.reason)
        for c in state.history[1:]
    ]
    plan, plan_problems = None, []
    try:
        read = read_plan(project, None)
        each = float(read.planned)
        more = int(float(state.remaining) / each + 1e-9) if each > 0 else 0
        plan = WORDING.text(lang, "budget_plan_fits", plan=read.loaded.plan.id, rho=n.plain(each), n=more)
    except EqSurveyError as exc:
        plan_problems = list(exc.problems)
    return BudgetView(
        state,
        words,
        WORDING.text(lang, "budget_rho", rho=n.plain(float(state.total))),
        WORDING.text(
            lang, "budget_epsilon", rho=n.plain(float(state.spent)), epsilon=n.decimal(state.epsilon_spent, 2)
        ),
        WORDING.text(lang, "budget_rho", rho=n.plain(float(state.remaining))),
        history,
        plan,
        plan_problems,
    )


def facts_view(facts: Facts, lang: str) -> dict[str, str]:
    """The guard's statement in the person's language (the command prints the same facts in English)."""
    n = NumberFormat(lang)
    spend = facts.spend
    rho, total, left = float(spend.rho), float(spend.total), float(spend.remaining)
    shown = {
        "plan": f"{facts.plan_id} ({facts.plan_file})",
        "spend": WORDING.text(
            lang,
            "new_spend_words",
            rho=n.plain(rho),
            of_total=n.percent(rho / total, 0) if total else "–",
            total=n.plain(total),
            of_left=n.percent(rho / left, 0) if left > 0 else "–",
            left=n.plain(left),
            after=n.plain(float(spend.remaining.left_after(spend.rho))),
        ),
        "expected": WORDING.text(
            lang,
            "new_expected_words",
            share=n.percent(facts.expected.suppressed, 0),
            cells=n.integer(facts.expected.cells),
        ),
    }
    fresh = facts.freshness
    day = day_text(fresh.exported_day if fresh else None, lang)
    rows = n.integer(facts.respondents)
    shown["data"] = WORDING.text(lang, "new_data_words", path=str(DATASET), day=day, rows=rows)
    if fresh is not None:
        stored = n.integer(fresh.stored)
        shown["store"] = WORDING.text(lang, "new_store", stored=stored, latest=day_text(fresh.latest_day, lang))
    return shown


def routes(console: Console) -> list[BaseRoute]:
    async def index(request: Request) -> Response:
        return await _index(console, request)

    async def open_responses(request: Request) -> Response:
        form = await console.form(request)
        passphrase = form.passphrase()
        lang = console.lang(request)
        from eqsurvey.workflows.dataset_export import export_dataset, opener_for

        try:
            project = console.require_project()
            days, wave = await console.run(wave_to_open, project, form.text("wave") or None)
        except EqSurveyError as exc:  # a wave the survey does not have (a hand-made post)
            del passphrase
            return await _index(console, request, problems=_at(exc, "wave"))
        try:
            # Unlocked here, before the job: a wrong passphrase is told at its field, and nothing is started.
            opener = await console.run(opener_for, project, passphrase)
        except EqSurveyError as exc:
            return await _index(console, request, problems=_at(exc, "passphrase"))
        finally:
            del passphrase
        note = WORDING.text(lang, "open_note")
        n = NumberFormat(lang)

        def work(job: Job) -> JobResult:
            done = export_dataset(
                project,
                dataset_path(project),
                opener,
                progress=lambda i, total: job.progress(i, total, note),
                days=days,
                wave=wave,
            )
            rows, columns = n.integer(done.dictionary["rows"]), n.integer(len(done.dictionary["columns"]))
            lines = [WORDING.text(lang, "opened", path=str(DATASET), rows=rows, columns=columns)]
            if done.simulated:
                lines.append(WORDING.text(lang, "opened_simulated", n=n.integer(done.simulated)))
            if done.redacted:
                lines.append(WORDING.text(lang, "opened_redacted", n=n.integer(done.redacted)))
            return JobResult(" ".join(lines), "/release/new", WORDING.text(lang, "new_link"))

        return console.start(WORDING.text(lang, "open_job"), work)

    async def new(request: Request) -> Response:
        return await _new(console, request)

    async def confirm(request: Request) -> Response:
        form = await console.form(request)
        lang = console.lang(request)
        project = console.require_project()
        try:
            preview = await console.run(preview_release, project)
        except EqSurveyError:  # refused before any confirmation (too few, no room left): the page says why
            return await _new(console, request)
        accepted = frozenset(form.texts("accept"))
        problems = []
        if form.text("seen") != preview.seen:
            problems.append(Problem("release-stale", Location(), WORDING.text(lang, "stale_page"), ""))
        elif not form.checked("confirm"):
            problems.append(Problem("confirm", Location(field="confirm"), WORDING.text(lang, "confirm_missing"), ""))
        if not problems and any(p.code not in accepted for p in preview.warnings):
            problems.append(Problem("accept", Location(field="accept"), WORDING.text(lang, "accept_missing"), ""))
        if problems:
            return await _new(console, request, problems=problems, accepted=accepted)
        seen = preview.seen
        n = NumberFormat(lang)

        def work(job: Job) -> JobResult:
            steps = {"check": (0, "release_step_check"), "measure": (1, "release_step_measure")}

            def progress(step: str) -> None:
                at, key = steps[step]
                job.progress(at, 2, WORDING.text(lang, key))

            done = release_confirmed(project, seen, accepted, progress)
            job.progress(2, 2)
            release_id = done.made.release_id
            message = WORDING.text(
                lang,
                "release_made",
                id=release_id,
                rho=n.plain(float(done.record.rho)),
                left=n.plain(float(done.remaining)),
            )
            return JobResult(message, f"/release/r/{release_id}", WORDING.text(lang, "release_read"))

        return console.start(WORDING.text(lang, "release_job"), work)

    return [
        Route("/release", index, methods=["GET"]),
        Route("/release/open", open_responses, methods=["POST"]),
        Route("/release/new", new, methods=["GET"]),
        Route("/release/new", confirm, methods=["POST"]),
    ]


async def _index(console: Console, request: Request, *, problems: list[Problem] | None = None) -> Response:
    lang = console.lang(request)
    project = console.require_project()
    budget = await console.run(budget_view, project, lang)
    instrument = (await console.run(console.instrument, project)).instrument
    dataset = await console.run(dataset_state, project, instrument)
    options = await console.run(wave_options, project)
    waves = await console.run(wave_budget_rows, project, lang) if options else None
    releases = [_row(r, lang) for r in reversed(budget.state.releases)] if waves is None else waves.releases
    return console.page(
        request,
        "release/index.j2",
        waves=[_wave_option(o, lang) for o in options],
        title=WORDING.text(lang, "section_title"),
        words=WORDING,
        problems=problems or [],
        budget=budget,
        wave_budgets=waves,
        releases=releases,
        dataset=dataset,
        open_text=WORDING.text(lang, "open_text", path=str(DATASET)),
        dataset_text=" ".join(
            [_dataset_text(dataset, lang), *([_file_wave_text(project, lang)] if dataset.exists and options else [])]
        ),
    )


@dataclass(frozen=True)
class WaveBudgets:
    """A survey of several waves: what the budget section says of the latest, each wave's row, every release."""

    latest: str
    rows: list[dict[str, str]]
    releases: list[dict[str, str]]
    """Every wave's releases, latest first, each with its wave's name."""


def wave_budget_rows(project: Project, lang: str) -> WaveBudgets:
    """Each wave's days, responses and budget (total, spent, left) as the ledger holds them, latest first."""
    from eqsurvey.workflows.waves import wave_budgets

    n = NumberFormat(lang)
    rows, releases = [], []
    budgets = wave_budgets(project)
    for budget in reversed(budgets):
        wave = budget.wave
        name = WORDING.text(lang, "wave_name", number=wave.number, name=wave.name)
        start = day_text(wave.starts, lang) if wave.starts else WORDING.text(lang, "wave_first_day")
        end = day_text(_day_before(budget.ends), lang) if budget.ends else WORDING.text(lang, "wave_open_end")
        rows.append(
            {
                "wave": name,
                "days": WORDING.text(lang, "wave_days", start=start, end=end),
                "respondents": n.integer(budget.respondents),
                "total": WORDING.text(lang, "budget_rho", rho=n.plain(float(budget.total))),
                "spent": WORDING.text(lang, "budget_rho", rho=n.plain(float(budget.spent))),
                "left": WORDING.text(lang, "budget_rho", rho=n.plain(float(budget.total.left_after(budget.spent)))),
            }
        )
        releases += [_row(r, lang) | {"wave": name} for r in reversed(budget.releases)]
    latest = budgets[-1].wave
    text = WORDING.text(lang, "budget_latest_wave", number=latest.number, name=latest.name)
    return WaveBudgets(text, rows, releases)


def _day_before(iso: str) -> str:
    """The last day of a wave whose successor starts on ``iso``."""
    import datetime as dt

    return (dt.date.fromisoformat(iso[:10]) - dt.timedelta(days=1)).isoformat()


def _wave_option(option: WaveOption, lang: str) -> dict[str, str]:
    start = day_text(option.starts, lang) if option.starts else WORDING.text(lang, "wave_first_day")
    end = day_text(option.ends, lang) if option.ends else WORDING.text(lang, "wave_open_end")
    text = WORDING.text(lang, "wave_option", number=option.number, name=option.name, start=start, end=end)
    return {"value": str(option.number), "text": text}


def _file_wave_text(project: Project, lang: str) -> str:
    from eqsurvey.workflows.release_dataset import file_wave

    try:
        wave = file_wave(dataset_path(project))
    except EqSurveyError:  # a damaged file: making a release names the problem
        return ""
    return WORDING.text(lang, "dataset_wave", number=wave["number"], name=wave["name"]) if wave else ""


def _row(release: Any, lang: str) -> dict[str, str]:
    n = NumberFormat(lang)
    return {
        "id": release.release_id,
        "made": day_text(release.created_at, lang),
        "plan": release.plan_id,
        "rho": WORDING.text(lang, "budget_rho", rho=n.plain(float(release.rho))),
        "tables": str(len(release.body.get("tables", []))),
    }


def _dataset_text(dataset: Any, lang: str) -> str:
    if not dataset.exists:
        return WORDING.text(lang, "dataset_none")
    day = day_text(dataset.day, lang)
    n = NumberFormat(lang)
    rows = "?" if dataset.rows is None else n.integer(dataset.rows)
    return WORDING.text(lang, "dataset_state", day=day, rows=rows, stored=n.integer(dataset.stored))


async def _new(
    console: Console,
    request: Request,
    *,
    problems: list[Problem] | None = None,
    accepted: frozenset[str] = frozenset(),
) -> Response:
    lang = console.lang(request)
    project = console.require_project()
    preview, refused = None, []
    missing = not dataset_path(project).is_file()
    if not missing:
        try:
            preview = await console.run(preview_release, project)
        except EqSurveyError as exc:
            refused = list(exc.problems)
    hints = {m.key for m in WORDING.messages}
    warnings = [
        {
            "code": p.code,
            "problem": p.problem,
            "hint": WORDING.text(lang, f"hint_{p.code}") if f"hint_{p.code}" in hints else p.fix,
        }
        for p in (preview.warnings if preview else [])
    ]
    return console.page(
        request,
        "release/new.j2",
        title=WORDING.text(lang, "new_title"),
        words=WORDING,
        problems=[*refused, *(problems or [])],
        preview=preview,
        shown=facts_view(preview.facts, lang) if preview else None,
        wave=(
            WORDING.text(lang, "new_wave", number=preview.wave["number"], name=preview.wave["name"])
            if preview and preview.wave
            else None
        ),
        warnings=warnings,
        accepted=accepted,
        missing=missing,
    )


def _at(exc: EqSurveyError, field: str) -> list[Problem]:
    """The error's problems, shown at ``field``: the library's words, at the field they concern."""
    return [Problem(p.code, Location(field=field), p.problem, p.fix, p.severity) for p in exc.problems]
