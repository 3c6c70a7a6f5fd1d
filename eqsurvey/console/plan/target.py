"""The plan section's "Plan from the accuracy you need" (``GET /plan/target``): the answer of ``eqsurvey plan target``.

The officer says how precise each share should be (± percentage points) and,
optionally, each average and the most people the city could reach; the page
shows the respondents needed overall and per group, and which groups are out
of reach, worked out by :mod:`eqsurvey.workflows.plan_target` as the command
does. The form only reads (a GET: nothing is written, so no CSRF token).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from eqsurvey.console.plan.messages import WORDING
from kernel.errors import EqSurveyError, Location, Problem

if TYPE_CHECKING:
    from eqsurvey.config import Project
    from eqsurvey.console.frame import Console
    from eqsurvey.console.plan.state import PlanState
    from eqsurvey.workflows.plan_target import TargetAnswer

MOST = 10_000_000
"""The largest number of people the cap field takes (as the preview's field)."""
DEFAULT_MOST = 100_000


@dataclass(frozen=True)
class Asked:
    """The form's values as typed, and the numbers read from them (None where a field's value is wrong)."""

    half_width: str = ""
    mean_half_width: str = ""
    most: str = ""
    points: float | None = None
    mean: float | None = None
    cap: int = DEFAULT_MOST
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class GroupRow:
    name: str
    share: str
    members: str
    respondents: str
    verdict: str
    reachable: bool


@dataclass(frozen=True)
class TableAnswer:
    id: str
    title: str
    summary: str
    rows: list[GroupRow]


@dataclass(frozen=True)
class AnswerView:
    needed: str
    budget: str
    tables: list[TableAnswer]
    notes: list[str]


def _number(text: str) -> float | None:
    text = text.strip().replace(",", ".")
    if not text or not text.isascii() or len(text) > 12:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def read_asked(params: dict[str, str], lang: str) -> Asked:
    """The form's fields, checked; each wrong value a problem at its field."""
    from reports.catalogue import Catalogue

    given = params.get("half_width", "")
    mean_given, most_given = params.get("mean_half_width", ""), params.get("most", "")
    problems = []
    points = _number(given)
    if points is None or not 0 < points < 100:
        problems.append(_problem("half_width", lang, value=given[:40]))
        points = None
    mean = _number(mean_given) if mean_given.strip() else None
    if mean_given.strip() and (mean is None or not mean > 0):
        problems.append(_problem("mean_half_width", lang, value=mean_given[:40]))
        mean = None
    cap = DEFAULT_MOST
    if most_given.strip():
        text = most_given.strip()
        if text.isascii() and text.isdigit() and 1 <= int(text) <= MOST:
            cap = int(text)
        else:
            most = Catalogue(lang).numbers.count(MOST)
            problems.append(_problem("most", lang, value=most_given[:40], most=most))
    return Asked(given, mean_given, most_given, points, mean, cap, problems)


def _problem(name: str, lang: str, **values: object) -> Problem:
    return Problem(
        f"bad-{name.replace('_', '-')}",
        Location(field=name),
        WORDING.text(lang, f"{name}_bad", **values),
        WORDING.text(lang, f"{name}_fix", **values),
    )


def answer_view(answer: TargetAnswer, state: PlanState, lang: str) -> AnswerView:
    """The planner's answer in the page's words: the overall number, the budget, a table per plan table."""
    from reports.catalogue import Catalogue
    from reports.labels import Labels

    numbers = Catalogue(lang).numbers
    labels = Labels(state.instrument, Catalogue(lang)) if state.instrument else None
    result, cap = answer.result, answer.result.target.max_respondents
    count = numbers.count
    if result.respondents is not None:
        needed = WORDING.text(lang, "target_needed", respondents=count(result.respondents))
    else:
        needed = WORDING.text(lang, "target_needed_none", most=count(cap))
    if result.rho_needed is not None:
        budget = WORDING.text(
            lang, "target_budget", respondents=count(result.at), needed=numbers.significant(result.rho_needed),
            rho=numbers.significant(result.rho),
        )  # fmt: skip
    else:
        budget = WORDING.text(lang, "target_budget_none", respondents=count(result.at))
    titles = {row.id: str(row.title) for row in state.tables}
    tables = []
    for table in result.tables:
        rows = []
        for g in table.groups:
            name = str(labels.group(g.by)) if labels and g.by else WORDING.text(lang, "target_everyone")
            if g.row:
                name = f"{labels.variable(table.measure + '__' + g.row) if labels else g.row}: {name}"
            verdict = WORDING.text(lang, f"reach_{g.reach.value}", most=count(cap), respondents=count(result.at))
            rows.append(
                GroupRow(
                    name + ("" if g.stated else " *"),
                    numbers.share(g.share),
                    count(g.members) if g.members is not None else "–",
                    count(g.respondents) if g.respondents is not None else "–",
                    verdict,
                    g.reach.value == "reachable",
                )
            )
        if table.respondents is not None and table.rho_needed is not None:
            summary = WORDING.text(
                lang, "target_table_needs", respondents=count(table.respondents),
                needed=numbers.significant(table.rho_needed), rho=numbers.significant(table.rho),
                at=count(result.at),
            )  # fmt: skip
        else:
            summary = WORDING.text(lang, "target_table_out")
        tables.append(TableAnswer(table.id, titles.get(table.id, table.id), summary, rows))
    notes = [WORDING.text(lang, "target_assumed"), WORDING.text(lang, "target_shares")]
    for table_id, kind in result.skipped.items():
        why = WORDING.text(lang, f"skipped_{kind}")
        notes.append(WORDING.text(lang, "target_skipped", title=titles.get(table_id, table_id), why=why))
    return AnswerView(needed, budget, tables, notes)


def _answer(project: Project, state: PlanState, asked: Asked) -> TargetAnswer:
    from analysis.preview.target import Target
    from eqsurvey.workflows.plan_target import plan_target

    plan = state.checked.plan if state.checked else None
    if plan is None or state.instrument is None or asked.points is None:
        raise EqSurveyError.single("no-plan", "the plan could not be read", "solve the plan's problems first")
    target = Target(asked.points / 100, asked.mean, max_respondents=asked.cap)
    return plan_target(plan, state.instrument, project.total_rho, target)


def target_routes(console: Console) -> list[BaseRoute]:
    from eqsurvey.console.plan.pages import plan_state

    async def page(request: Request) -> Response:
        lang = console.lang(request)
        params = dict(request.query_params)
        asked = read_asked(params, lang) if params else Asked()
        project, state = await plan_state(console, lang)
        view = None
        status = 200
        if asked.problems:
            status = 422
        elif params and project is not None and state is not None and state.valid:
            answer = await console.run(_answer, project, state, asked)
            view = answer_view(answer, state, lang)
        return console.page(
            request, "plan/target.j2", title=WORDING.text(lang, "target_title"), words=WORDING,
            problems=asked.problems, state=state, asked=asked, answer=view, status=status,
        )  # fmt: skip

    return [Route("/plan/target", page, methods=["GET"])]
