"""The questionnaire's routes: the overview, the forms that edit the instrument file, and what is read from it.

Every form carries the digest of the file as the page showed it; a save of a
file changed on disk since then is refused (``changed-on-disk``) and nothing is
written. Edits go through :func:`eqsurvey.workflows.instrument_editing.edit_project_instrument`;
a refused edit shows the page again with what was typed and each problem at its field.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from eqsurvey.console.forms import Form, RefusedError
from eqsurvey.console.frame import Console
from eqsurvey.console.questionnaire import adding, pages
from eqsurvey.console.questionnaire.messages import WORDING
from eqsurvey.console.questionnaire.posted import bounds_of, digest_of, edits_of, point_value
from eqsurvey.console.questionnaire.views import as_problems
from instruments.editing import (
    AddLanguage,
    AddModule,
    AddOption,
    AddPoint,
    AddQuestion,
    AddRow,
    Edit,
    InstrumentFile,
    MoveQuestion,
    RemoveModule,
    RemoveOption,
    RemovePoint,
    RemoveQuestion,
    RemoveRow,
)
from kernel.errors import EqSurveyError, Location, Problem

BASE = "/questionnaire"
Shown = Callable[[Request, InstrumentFile, list[Problem], dict[str, str]], Awaitable[Response]]


def routes(console: Console) -> list[BaseRoute]:
    page = pages.Pages(console)

    async def save(request: Request, form: Form, edits: Sequence[Edit], back: str, again: Shown) -> Response:
        """Apply ``edits``; on success go ``back`` with a note, else show the form ``again`` with the problems."""
        from eqsurvey.workflows.instrument_editing import edit_project_instrument

        lang = console.lang(request)
        project = console.require_project()
        posted = {k: v[0] for k, v in form.fields.items() if len(v) == 1 and k not in ("digest",)}
        try:
            result = await console.run(edit_project_instrument, project, list(edits), digest_of(form))
        except EqSurveyError as exc:
            file = await page.file()
            return await again(request, file, [_general(p) for p in exc.problems], posted)
        if not result.saved:
            if any(p.severity == "error" for ps in result.problems.values() for p in ps):
                return await again(request, result.file, as_problems(result.problems), posted)
            return console.done(request, back, WORDING.text(lang, "unchanged"))
        note = WORDING.text(lang, "saved", version=result.new_version)
        if result.new_version != result.old_version:
            note = WORDING.text(lang, "saved_raised", old=result.old_version, version=result.new_version)
        return console.done(request, back, note)

    async def texts_post(request: Request) -> Response:
        form = await console.form(request)
        file = await page.file()
        edits = edits_of(form, file.loaded.instrument.languages)
        return await save(request, form, edits, f"{BASE}/texts", page.texts)

    async def question_post(request: Request) -> Response:
        form = await console.form(request)
        file = await page.file()
        qid = request.path_params["qid"]
        action = form.text("action", "texts")
        back = f"{BASE}/questions/{qid}"

        async def again(r: Request, f: InstrumentFile, problems: list[Problem], posted: dict[str, str]) -> Response:
            return await page.question(r, f, problems, posted, qid=qid)

        langs = file.loaded.instrument.languages
        question = file.loaded.instrument.question_map.get(qid)
        edits: list[Edit]
        if action == "texts":
            # A number question's bounds are posted as a pair; on any other question they are refused as unknown.
            bounds = (f"question.{qid}.min", f"question.{qid}.max")
            numeric = question is not None and question.type == "number"
            edits = edits_of(form, langs, skip=("action", *bounds) if numeric else ("action",), only_skipped=numeric)
            if numeric:
                found = bounds_of(qid, form.text(bounds[0]), form.text(bounds[1]))
                if isinstance(found, list):
                    text = WORDING.text(console.lang(request), "not_a_number")
                    problems = [Problem("not-a-number", Location(field=k), text, "") for k in found]
                    return await again(request, file, problems, _posted(form))
                edits.append(found)
        elif action in ("add-option", "add-row"):
            noun = "option" if action == "add-option" else "row"
            label = {lang: form.text(f"new_{noun}.label.{lang}") for lang in langs}
            code = form.text(f"new_{noun}.code")
            if not code:
                needed = _needed(
                    console.lang(request), f"new_{noun}.code", "code_needed" if noun == "option" else "row_code_needed"
                )
                return await again(request, file, [needed], _posted(form))
            edits = [AddOption(qid, code, label) if noun == "option" else AddRow(qid, code, label)]
            return await save(
                request, form, edits, back, _placing(again, f"question.{qid}.{noun}.{code}", f"new_{noun}.code")
            )
        elif action == "add-point":
            label = {lang: form.text(f"new_point.label.{lang}") for lang in langs}
            typed = form.text("new_point.value").strip()
            if not _WHOLE.fullmatch(typed):
                text = WORDING.text(console.lang(request), "point_value_needed")
                problem = Problem("not-a-number", Location(field="new_point.value"), text, "")
                return await again(request, file, [problem], _posted(form))
            edits = [AddPoint(qid, int(typed), label)]
            return await save(
                request, form, edits, back, _placing(again, f"question.{qid}.point.{typed}", "new_point.value")
            )
        elif action == "remove-option":
            edits = [RemoveOption(qid, form.text("code"))]
        elif action == "remove-row":
            edits = [RemoveRow(qid, form.text("code"))]
        elif action == "remove-point":
            edits = [RemovePoint(qid, point_value(form.text("value")))]
        elif action == "move":
            edits = [MoveQuestion(qid, _number(form.text("position")))]
        elif action == "remove":
            edits = [RemoveQuestion(qid)]
            back = BASE
        else:
            raise RefusedError("malformed", 400)
        return await save(request, form, edits, back, again)

    async def section_post(request: Request) -> Response:
        form = await console.form(request)
        file = await page.file()
        sid = request.path_params["sid"]
        action = form.text("action", "texts")

        async def again(r: Request, f: InstrumentFile, problems: list[Problem], posted: dict[str, str]) -> Response:
            return await page.section(r, f, problems, posted, sid=sid)

        edits: list[Edit]
        if action == "texts":
            edits = edits_of(form, file.loaded.instrument.languages, skip=("action",))
        elif action == "add-question":
            spec, problems = adding.new_question(form, file.loaded.instrument, console.lang(request))
            if problems:
                return await again(request, file, problems, _posted(form))
            edits = [AddQuestion(sid, spec)]

            async def again_new(r: Request, f: InstrumentFile, ps: list[Problem], posted: dict[str, str]) -> Response:
                return await page.section(r, f, adding.as_new_question(ps, str(spec["id"])), posted, sid=sid)

            return await save(request, form, edits, f"{BASE}/sections/{sid}", again_new)
        else:
            raise RefusedError("malformed", 400)
        return await save(request, form, edits, f"{BASE}/sections/{sid}", again)

    async def modules_post(request: Request) -> Response:
        form = await console.form(request)
        action = form.text("action")
        edits: list[Edit]
        if action == "add":
            edits = [AddModule(form.text("ref"), form.text("section"))]
        elif action == "remove":
            edits = [RemoveModule(form.text("module"))]
        else:
            raise RefusedError("malformed", 400)
        return await save(request, form, edits, f"{BASE}/modules", page.modules)

    async def translations_post(request: Request) -> Response:
        form = await console.form(request)
        file = await page.file()
        if form.text("action") == "add-language":

            async def again(r: Request, f: InstrumentFile, ps: list[Problem], posted: dict[str, str]) -> Response:
                return await page.translations(r, f, pages.at_field(ps, "languages", "new_language"), posted)

            return await save(request, form, [AddLanguage(form.text("new_language"))], f"{BASE}/translations", again)
        # Only what was typed: an empty field is a translation still to do, not one to remove.
        filled = Form({k: v for k, v in form.fields.items() if k == "digest" or any(x.strip() for x in v)})
        if len(filled.fields) <= 1:
            return console.done(request, f"{BASE}/translations", WORDING.text(console.lang(request), "unchanged"))
        edits = edits_of(filled, file.loaded.instrument.languages)
        return await save(request, form, edits, f"{BASE}/translations", page.translations)

    def get(handler: Callable[..., Awaitable[Response]], **extra: Any) -> Callable[[Request], Awaitable[Response]]:
        async def show(request: Request) -> Response:
            return await handler(request, await page.file(), [], {}, **{k: request.path_params[k] for k in extra})

        return show

    return [
        Route(BASE, page.overview, methods=["GET"]),
        Route(f"{BASE}/texts", get(page.texts), methods=["GET"]),
        Route(f"{BASE}/texts", texts_post, methods=["POST"]),
        Route(f"{BASE}/questions/{{qid}}", get(page.question, qid=True), methods=["GET"]),
        Route(f"{BASE}/questions/{{qid}}", question_post, methods=["POST"]),
        Route(f"{BASE}/sections/{{sid}}", get(page.section, sid=True), methods=["GET"]),
        Route(f"{BASE}/sections/{{sid}}", section_post, methods=["POST"]),
        Route(f"{BASE}/modules", get(page.modules), methods=["GET"]),
        Route(f"{BASE}/modules", modules_post, methods=["POST"]),
        Route(f"{BASE}/translations", get(page.translations), methods=["GET"]),
        Route(f"{BASE}/translations", translations_post, methods=["POST"]),
        Route(f"{BASE}/changes", page.changes, methods=["GET"]),
        Route(f"{BASE}/print/{{lang}}", page.printable, methods=["GET"]),
        Route(f"{BASE}/print.css", page.printable_css, methods=["GET"]),
    ]


_WHOLE = re.compile(r"-?[0-9]{1,6}")


def _needed(lang: str, key: str, message: str) -> Problem:
    return Problem("missing-code", Location(field=key), WORDING.text(lang, message), "")


def _placing(again: Shown, prefix: str, key: str) -> Shown:
    """``again`` with the problems of the entry being added (e.g. a duplicate code) placed at the add form's ``key``."""

    async def shown(r: Request, f: InstrumentFile, problems: list[Problem], posted: dict[str, str]) -> Response:
        return await again(r, f, pages.at_field(problems, prefix, key), posted)

    return shown


def _general(problem: Problem) -> Problem:
    return Problem(problem.code, Location(), problem.problem, problem.fix, problem.severity)


def _posted(form: Form) -> dict[str, str]:
    return {k: v[0] for k, v in form.fields.items() if len(v) == 1}


def _number(text: str) -> int:
    if not text.isdigit() or len(text) > 4:
        raise RefusedError("malformed", 400)
    return int(text) - 1  # shown 1-based
