"""The questionnaire's pages, each rendered from the instrument file as it is on disk now."""

from __future__ import annotations

import re
from importlib.resources import files

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from eqsurvey.console.forms import Form, RefusedError
from eqsurvey.console.frame import Console
from eqsurvey.console.questionnaire import views
from eqsurvey.console.questionnaire.messages import WORDING
from eqsurvey.console.questionnaire.posted import number
from instruments.editing import OWN_TEXTS, InstrumentFile, read_instrument_file
from instruments.model import Instrument, ModuleInfo
from kernel.errors import EqSurveyError, Location, Problem

#: The question types a question of one's own can be started as (consent is the survey's own, written once).
NEW_TYPES = ("single_choice", "multi_choice", "text", "scale", "number", "matrix")
#: The add form's fields each type uses beside id, type, label, privacy and role.
_TYPE_FIELDS: dict[str, tuple[str, ...]] = {
    "single_choice": ("options",),
    "multi_choice": ("options",),
    "text": (),
    "scale": ("points",),
    "number": ("min", "max", "unit"),
    "matrix": ("rows", "options"),
}
#: What a new question's answers are, for the dataset's protection; a direct identifier is not asked here.
NEW_PRIVACY = ("other", "special_category", "quasi_identifier")
#: What a new question is for in the analysis plan's tables.
NEW_ROLES = ("none", "breakdown", "outcome")
_OPTION_LINE = re.compile(r"\s*(-?[A-Za-z0-9][A-Za-z0-9_.-]*)\s*[:=]\s*(.+?)\s*")
_WHOLE = re.compile(r"-?[0-9]{1,6}")
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


def new_question(form: Form, instrument: Instrument, lang: str) -> tuple[dict[str, object], list[Problem]]:
    """A new own question from the section page's form: id, type, label per language, and what its type needs:
    options and matrix rows one ``code: text`` per line, scale points one ``value: text`` per line, a number's
    lowest and highest answer and unit."""
    qid, kind = form.text("new.id"), form.text("new.type")
    privacy, role = form.text("new.privacy", "other"), form.text("new.role", "none")
    problems: list[Problem] = []
    if kind not in NEW_TYPES or privacy not in NEW_PRIVACY or role not in NEW_ROLES:
        raise RefusedError("malformed", 400)
    spec: dict[str, object] = {
        "id": qid,
        "type": kind,
        "label": {x: form.text(f"new.label.{x}") for x in instrument.languages if form.text(f"new.label.{x}")},
    }
    # Only what differs from the defaults is written, as a person would write the file.
    spec.update({k: v for k, v in (("privacy", privacy), ("role", role)) if v not in ("other", "none")})
    used = _TYPE_FIELDS[kind]
    for name in ("rows", "points", "options"):
        if name in used:
            spec[name] = _lines(form, name, instrument, lang, problems)
    if "min" in used:
        for name in ("min", "max"):
            value = number(form.text(f"new.{name}"))
            if value is None:
                problems.append(_at(f"new.{name}", WORDING.text(lang, "not_a_number")))
            else:
                spec[name] = int(value) if value.is_integer() else value
        unit = {x: form.text(f"new.unit.{x}") for x in instrument.languages if form.text(f"new.unit.{x}")}
        if unit:
            spec["unit"] = unit
    # A field the chosen type has no use for is said so, not silently dropped.
    for name in ("options", "rows", "points", "min", "max"):
        if name not in used and form.text(f"new.{name}").strip():
            problems.append(_at(f"new.{name}", WORDING.text(lang, "not_for_type")))
    for x in instrument.languages:
        if "unit" not in used and form.text(f"new.unit.{x}").strip():
            problems.append(_at(f"new.unit.{x}", WORDING.text(lang, "not_for_type")))
    return spec, problems


def _at(key: str, text: str) -> Problem:
    return Problem("form-field", Location(field=key), text, "")


def _lines(
    form: Form, name: str, instrument: Instrument, lang: str, problems: list[Problem]
) -> list[dict[str, object]]:
    """``code: text`` lines (``value: text`` for scale points, the value a whole number) as the list's entries."""
    entries: list[dict[str, object]] = []
    for n, line in enumerate(form.text(f"new.{name}").splitlines(), start=1):
        if not line.strip():
            continue
        found = _OPTION_LINE.fullmatch(line)
        ident: object = found.group(1) if found else None
        if found is not None and name == "points":
            ident = int(found.group(1)) if _WHOLE.fullmatch(found.group(1)) else None
        if found is None or ident is None:
            key = "point_line" if name == "points" else "option_line"
            problems.append(_at(f"new.{name}", WORDING.text(lang, key, n=n)))
            continue
        entries.append(
            {"value" if name == "points" else "code": ident, "label": {instrument.default_language: found.group(2)}}
        )
    return entries


def as_new_question(problems: list[Problem], qid: str) -> list[Problem]:
    """The validator's problems with a question being added, placed at the add form's fields (``new.…``)."""
    prefix = f"question.{qid}"
    placed = []
    for p in problems:
        key = p.where.field or ""
        if key == prefix:
            key = "new.id"
        elif key.startswith((prefix + ".option.", prefix + ".row.", prefix + ".point.")):
            key = "new." + key[len(prefix) + 1 :].split(".")[0] + "s"
        elif key.startswith(prefix + "."):
            key = "new." + key[len(prefix) + 1 :]
        placed.append(Problem(p.code, Location(field=key or None), p.problem, p.fix, p.severity))
    return placed


def at_field(problems: list[Problem], prefix: str, field: str) -> list[Problem]:
    """Problems under ``prefix`` (e.g. ``languages``, ``languages.2``) placed at the form's ``field``."""
    return [
        Problem(p.code, Location(field=field), p.problem, p.fix, p.severity)
        if p.where.field is not None and (p.where.field == prefix or p.where.field.startswith(prefix + "."))
        else p
        for p in problems
    ]
