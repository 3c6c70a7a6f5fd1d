"""The questionnaire's pages, each rendered from the instrument file as it is on disk now."""

from __future__ import annotations

import re
from importlib.resources import files

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from eqsurvey.console.frame import Console
from eqsurvey.console.questionnaire import views
from eqsurvey.console.questionnaire.adding import NEW_PRIVACY, NEW_ROLES, NEW_TYPES
from eqsurvey.console.questionnaire.messages import WORDING
from instruments.editing import OWN_TEXTS, InstrumentFile, read_instrument_file
from instruments.model import ModuleInfo
from kernel.errors import EqSurveyError, Location, Problem

_PRINT_CSS_PATH = "/questionnaire/print.css"
#: The printable page's one style element (its stylesheet, included whole; see instruments/printable/templates).
_STYLE = re.compile(r"<style>.*?</style>", re.DOTALL)


def _print_css() -> str:
    return (files("instruments.printable.templates") / "questionnaire.css").read_text(encoding="utf-8")


class Pages:
    def __init__(self, console: Console) -> None:
        self.console = console

    async def file(self) -> InstrumentFile:
        project = self.console.require_project()
        return await self.console.run(read_instrument_file, project.instrument_path)

    def _show(
        self,
        request: Request,
        template: str,
        title_key: str,
        file: InstrumentFile,
        *,
        problems: list[Problem],
        posted: dict[str, str],
        status: int = 200,
        **context: object,
    ) -> Response:
        lang = self.console.lang(request)
        inst = file.loaded.instrument
        return self.console.page(
            request,
            f"questionnaire/{template}",
            title=WORDING.text(lang, title_key, **{k: v for k, v in context.items() if isinstance(v, str)}),
            words=WORDING,
            problems=problems,
            status=status,
            warnings=[] if problems else views.warnings_of(file),
            posted=posted,
            digest=file.digest,
            inst=inst,
            langs=list(inst.languages),
            **context,
        )

    async def overview(self, request: Request) -> Response:
        lang = self.console.lang(request)
        try:
            file = await self.file()
        except EqSurveyError as exc:
            return self.console.page(
                request,
                "questionnaire/broken.j2",
                title=WORDING.text(lang, "broken_title"),
                words=WORDING,
                problems=list(exc.problems),
                status=200,
            )
        view = await self.console.run(views.overview, file, lang)
        return self._show(request, "overview.j2", "title", file, problems=[], posted={}, view=view)

    async def texts(
        self, request: Request, file: InstrumentFile, problems: list[Problem], posted: dict[str, str]
    ) -> Response:
        return self._show(request, "texts.j2", "texts_title", file, problems=problems, posted=posted, fields=OWN_TEXTS)

    async def question(
        self, request: Request, file: InstrumentFile, problems: list[Problem], posted: dict[str, str], *, qid: str
    ) -> Response:
        inst = file.loaded.instrument
        question = inst.question_map.get(qid)
        module = next((m for m in inst.modules if qid in m.questions), None)
        if question is None or module is not None:
            return self._missing(request, qid, module)
        section = inst.section_of(qid)
        items = views.overview(file, self.console.lang(request)).sections
        here = next(s for s in items if s.id == section.id)
        return self._show(
            request,
            "question.j2",
            "question_title",
            file,
            problems=problems,
            posted=posted,
            question=question,
            qid=qid,
            options=views.options_of(question),
            rows=views.rows_of(question),
            points=views.points_of(question),
            bounds=views.bounds_of(question),
            positions=len(here.items),
            position=next(
                i for i, item in enumerate(here.items) if item.question is not None and item.question.id == qid
            ),
        )

    async def section(
        self, request: Request, file: InstrumentFile, problems: list[Problem], posted: dict[str, str], *, sid: str
    ) -> Response:
        section = next((s for s in file.loaded.instrument.sections if s.id == sid), None)
        if section is None:
            return self._missing(request, sid, None)
        return self._show(
            request,
            "section.j2",
            "section_title",
            file,
            problems=problems,
            posted=posted,
            section=section,
            sid=sid,
            types=NEW_TYPES,
            privacy=NEW_PRIVACY,
            roles=NEW_ROLES,
        )

    async def modules(
        self, request: Request, file: InstrumentFile, problems: list[Problem], posted: dict[str, str]
    ) -> Response:
        library = await self.console.run(views.library, file.loaded.instrument)
        return self._show(
            request, "modules.j2", "modules_title", file, problems=problems, posted=posted, library=library
        )

    async def translations(
        self, request: Request, file: InstrumentFile, problems: list[Problem], posted: dict[str, str]
    ) -> Response:
        missing = await self.console.run(views.missing_texts, file)
        counts = await self.console.run(views.overview, file, self.console.lang(request))
        return self._show(
            request,
            "translations.j2",
            "translations_title",
            file,
            problems=problems,
            posted=posted,
            missing=missing,
            counts=counts.missing,
        )

    async def changes(self, request: Request) -> Response:
        from instruments.editing.versioning import changes_since_last

        file = await self.file()
        project = self.console.require_project()
        diff = await self.console.run(changes_since_last, project.root, file.loaded.instrument)
        lang = self.console.lang(request)
        text = diff.render_text(lang if lang in file.loaded.instrument.languages else None) if diff else ""
        return self._show(request, "changes.j2", "changes_title", file, problems=[], posted={}, diff=diff, text=text)

    async def printable(self, request: Request) -> Response:
        from instruments.printable.page import render_questionnaire

        file = await self.file()
        lang = request.path_params["lang"]
        if lang not in file.loaded.instrument.languages:
            return self._missing(request, lang, None)
        html = await self.console.run(render_questionnaire, file.loaded.instrument, lang)
        if request.query_params.get("download") == "1":
            name = f"{file.loaded.instrument.id}-{file.loaded.instrument.version}-{lang}.html"
            return HTMLResponse(html, headers={"content-disposition": f'attachment; filename="{name}"'})
        # The console allows no inline style (its CSP): the page's own stylesheet is served as a file.
        linked = _STYLE.sub(f'<link rel="stylesheet" href="{_PRINT_CSS_PATH}">', html, count=1)
        return HTMLResponse(linked)

    async def printable_css(self, request: Request) -> Response:
        return Response(_print_css(), media_type="text/css", headers={"cache-control": "no-cache"})

    def _missing(self, request: Request, what: str, module: ModuleInfo | None) -> Response:
        lang = self.console.lang(request)
        if module is None:
            text = WORDING.text(lang, "not_found", id=what)
        else:
            key = "module_question_locked" if module.locked else "module_question"
            text = WORDING.text(lang, key, id=what, module=module.id, source=module.source.citation)
        return self.console.page(
            request, "console/message.j2", title=WORDING.text(lang, "not_found_title"), text=text, status=404
        )


def at_field(problems: list[Problem], prefix: str, field: str) -> list[Problem]:
    """Problems under ``prefix`` (e.g. ``languages``, ``languages.2``) placed at the form's ``field``."""
    return [
        Problem(p.code, Location(field=field), p.problem, p.fix, p.severity)
        if p.where.field is not None and (p.where.field == prefix or p.where.field.startswith(prefix + "."))
        else p
        for p in problems
    ]
