"""The plan pages: the tables in plain words with the preview for an expected number of respondents
(``GET /plan?respondents=N``), and the form to add, change or remove a table.

Every change is an edit of the plan file (:mod:`analysis.plans.editing`), checked as ``eqsurvey plan
validate`` checks it and written only when it brings no error and the file is still the one the page
showed (the form's ``digest``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from analysis.plans.editing import TableEdit
from eqsurvey.console.forms import Form
from eqsurvey.console.plan.messages import TITLE, WORDING
from eqsurvey.console.plan.state import (
    FORM_KINDS,
    Choice,
    Edit,
    PlanState,
    Previews,
    adding,
    at_field,
    changing,
    edit_plan,
    read_state,
    removing,
)
from eqsurvey.console.plan.target import target_routes
from eqsurvey.console.plan.view import DEFAULT_RESPONDENTS, expected_respondents, preview_view
from kernel.errors import EqSurveyError, Problem

if TYPE_CHECKING:
    from eqsurvey.config import Project
    from eqsurvey.console.frame import Console


@dataclass
class FormView:
    action: str
    values: TableEdit
    table_id: str | None = None
    title: str = ""
    kinds: list[str] = field(default_factory=list)
    label_languages: list[tuple[str, str]] = field(default_factory=list)


def routes(console: Console) -> list[BaseRoute]:
    previews = Previews()

    async def overview(request: Request) -> Response:
        lang = console.lang(request)
        given = request.query_params.get("respondents", str(DEFAULT_RESPONDENTS))
        respondents, problems = expected_respondents(given, lang)
        project, state = await _state(console, lang)
        view = None
        if project is not None and state is not None and state.valid and respondents is not None:
            words = await console.run(previews.words, state, project, respondents, lang)
            view = preview_view(words)
        return console.page(
            request,
            "plan/plan.j2",
            title=WORDING.text(lang, "section"),
            words=WORDING,
            problems=problems,
            state=state,
            preview=view,
            respondents=given,
            back=_back(given),
        )

    async def new(request: Request) -> Response:
        lang = console.lang(request)
        _, state = await _state(console, lang)
        if state is None or not state.editable:
            return _unavailable(console, request, state)
        values = TableEdit("counts", "", ())
        return _form(
            console, request, state, FormView("/plan/tables", values), _back(request.query_params.get("respondents"))
        )

    async def create(request: Request) -> Response:
        form = await console.form(request)
        return await _save(console, request, form, None)

    async def table(request: Request) -> Response:
        lang = console.lang(request)
        _, state = await _state(console, lang)
        if state is None or not state.editable:
            return _unavailable(console, request, state)
        row = state.table(request.path_params["table_id"])
        if row is None:
            return _unknown(console, request, request.path_params["table_id"])
        view = FormView(f"/plan/tables/{row.id}", row.values, row.id, row.title)
        return _form(console, request, state, view, _back(request.query_params.get("respondents")))

    async def change(request: Request) -> Response:
        form = await console.form(request)
        return await _save(console, request, form, request.path_params["table_id"])

    async def remove(request: Request) -> Response:
        form = await console.form(request)
        return await _save(console, request, form, request.path_params["table_id"], remove=True)

    return [
        Route("/plan", overview, methods=["GET"]),
        Route("/plan/new", new, methods=["GET"]),
        Route("/plan/tables", create, methods=["POST"]),
        Route("/plan/tables/{table_id}", table, methods=["GET"]),
        Route("/plan/tables/{table_id}", change, methods=["POST"]),
        Route("/plan/tables/{table_id}/remove", remove, methods=["POST"]),
        *target_routes(console),
    ]


async def plan_state(console: Console, lang: str) -> tuple[Project | None, PlanState | None]:
    """The project and its plan as the pages show them (None, None without a project)."""
    return await _state(console, lang)


async def _state(console: Console, lang: str) -> tuple[Project | None, PlanState | None]:
    try:
        project = console.project()
    except EqSurveyError as exc:
        return None, _broken(exc)
    if project is None:
        return None, None
    return project, await console.run(read_state, project, lang, console.instrument)


def _broken(exc: EqSurveyError) -> PlanState:
    from pathlib import Path

    return PlanState(Path(), broken=list(exc.problems))


async def _save(
    console: Console, request: Request, form: Form, table_id: str | None, *, remove: bool = False
) -> Response:
    """Add, change or remove a table from a posted form; on any problem the form again, with nothing written."""
    lang = console.lang(request)
    back = _back(form.text("respondents"))
    seen = form.text("digest")
    project, state = await _state(console, lang)
    if project is None or state is None or not state.editable:
        return _unavailable(console, request, state)
    row = state.table(table_id) if table_id is not None else None
    if table_id is not None and row is None:
        return _unknown(console, request, table_id)
    edit = None if remove else _edit(form, state, row.values if row else None)
    change = _change_of(table_id, edit)
    action = "remove" if remove else ("change" if table_id else "add")
    try:
        outcome = await console.run(edit_plan, project, seen, change, console.instrument)
    except EqSurveyError as exc:
        if exc.problems[0].code == "unknown-table" and table_id is not None:
            return _unknown(console, request, table_id)
        outcome_problems = list(exc.problems)
        return _form(console, request, state, _form_view(action, table_id, row, edit), back, problems=outcome_problems)
    if outcome.problems:
        problems = [at_field(p) for p in outcome.problems]
        shown = state
        if outcome.stale:  # the page again with the file as it is now, and the person's values
            shown = await console.run(read_state, project, lang, console.instrument)
        status = 409 if outcome.stale else 422
        return _form(
            console, request, shown, _form_view(action, table_id, row, edit), back, problems=problems, status=status
        )
    if action == "remove":
        note = WORDING.text(lang, "removed", title=row.title if row else table_id)
        return console.done(request, f"/plan{back}#tables-title", note)
    after = await console.run(read_state, project, lang, console.instrument)
    saved = after.table(outcome.table_id or "")
    title = saved.title if saved else outcome.table_id
    note = WORDING.text(
        lang, "unchanged" if outcome.unchanged else ("added" if action == "add" else "changed"), title=title
    )
    return console.done(request, f"/plan{back}#table-{outcome.table_id}", note)


def _change_of(table_id: str | None, edit: TableEdit | None) -> Edit:
    if edit is None:
        return removing(table_id or "")
    return adding(edit) if table_id is None else changing(table_id, edit)


def _edit(form: Form, state: PlanState, current: TableEdit | None) -> TableEdit:
    """The table as the form sends it; only the fields the form has are read (others are ignored)."""
    by = tuple(value for value in (form.text("by_1"), form.text("by_2")) if value)
    languages = _label_languages(state, current)
    label = {lang: text for lang in languages if (text := form.text(f"label_{lang}"))}
    return TableEdit(form.text("kind"), form.text("measure"), by, label)


def _form_view(action: str, table_id: str | None, row: object, edit: TableEdit | None) -> FormView:
    from eqsurvey.console.plan.state import TableRow

    current = row if isinstance(row, TableRow) else None
    values = edit or (current.values if current else TableEdit("counts", ""))
    if action == "add":
        return FormView("/plan/tables", values)
    return FormView(f"/plan/tables/{table_id}", values, table_id, current.title if current else str(table_id))


def _form(
    console: Console,
    request: Request,
    state: PlanState,
    view: FormView,
    back: str,
    *,
    problems: list[Problem] | None = None,
    status: int = 200,
) -> Response:
    lang = console.lang(request)
    view.kinds = [*FORM_KINDS, *([view.values.kind] if view.values.kind and view.values.kind not in FORM_KINDS else [])]
    view.label_languages = [(code, _language_name(code, lang)) for code in _label_languages(state, view.values)]
    title = WORDING.text(lang, "edit_title", title=view.title) if view.table_id else WORDING.text(lang, "new_title")
    return console.page(
        request,
        "plan/table.j2",
        title=title,
        words=WORDING,
        problems=problems or [],
        status=status,
        state=state,
        form=view,
        measures=_with_current(state.measures(), (view.values.measure,)),
        breakdowns=_with_current(state.breakdowns(), view.values.by),
        back=back,
    )


def _with_current(choices: list[Choice], current: tuple[str, ...]) -> list[Choice]:
    """The choices, and the current values that are not among them (so the page shows what the file says)."""
    known = {c.id for c in choices}
    return [*choices, *(Choice(v, v) for v in current if v and v not in known)]


def _label_languages(state: PlanState, current: TableEdit | None) -> list[str]:
    own = list(state.instrument.languages) if state.instrument else []
    return [*own, *[code for code in (current.label if current else {}) if code not in own]]


def _language_name(code: str, lang: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(code.split("-x-", maxsplit=1)[0], sep="-").get_display_name(lang) or code)
    except (ValueError, UnknownLocaleError):
        return code


def _back(given: str | None) -> str:
    """The query that keeps the expected number of respondents across the pages (only a plain number)."""
    if given and given.isascii() and given.isdigit() and len(given) <= 8:
        return f"?respondents={int(given)}"
    return ""


def _unavailable(console: Console, request: Request, state: PlanState | None) -> Response:
    lang = console.lang(request)
    return console.page(
        request, "plan/plan.j2", title=WORDING.text(lang, "section"), words=WORDING, state=state, preview=None,
        respondents=str(DEFAULT_RESPONDENTS), back="", status=409 if request.method == "POST" else 200,
    )  # fmt: skip


def _unknown(console: Console, request: Request, table_id: str) -> Response:
    lang = console.lang(request)
    return console.page(
        request,
        "console/message.j2",
        title=WORDING.text(lang, "section"),
        status=404,
        text=WORDING.text(lang, "unknown_table", table=table_id[:80]),
    )


__all__ = ["TITLE", "routes"]
