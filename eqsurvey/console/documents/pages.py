"""The documents section's page: each document with its files' state, making them as a job, downloading a file.

The state is :func:`eqsurvey.workflows.documents.check_documents`'s; the files are made by
:func:`~eqsurvey.workflows.documents.write_documents`, as ``eqsurvey documents`` makes them. A download
serves only a file that the check found in the project's documents folder, looked up by its name
among those: no path is ever made from what a request says.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from eqsurvey.config import CONFIG_NAME, Project
from eqsurvey.console.documents.messages import WORDING
from eqsurvey.console.forms import RefusedError
from eqsurvey.console.frame import Console
from eqsurvey.console.jobs import Job, JobResult
from eqsurvey.workflows.documents import DEFAULT_FOLDER, FORMATS, Format, Standing, Verdict
from instruments.model import Instrument
from kernel.errors import EqSurveyError, Location, Problem

MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}


@dataclass(frozen=True)
class Cell:
    """One format of one document in one language: its file's state, and its name for the download."""

    fmt: str
    status: str
    """``current``, ``stale``, ``unreadable`` or ``none`` (no file in this format)."""
    changed: str | None
    name: str | None


@dataclass(frozen=True)
class Row:
    lang: str
    cells: list[Cell]


@dataclass(frozen=True)
class Shelf:
    """What the page shows: the folder, each document's rows, and the documents as a whole."""

    folder: str
    documents: list[tuple[str, list[Row]]]
    standing: Standing
    stale: int
    changed: list[str]
    offered: list[str]
    """The languages the form offers: every language some document is made in."""


def folder_of(project: Project) -> Path:
    return project.root / DEFAULT_FOLDER


def offered_languages(instrument: Instrument) -> list[str]:
    from eqsurvey.workflows.documents import languages_for
    from reports.documents import KINDS

    return list(dict.fromkeys(lang for kind in KINDS for lang in languages_for(kind, instrument)))


def shelf(project: Project, instrument: Instrument) -> Shelf:
    from eqsurvey.workflows.documents import check_documents, standing

    folder = folder_of(project)
    verdicts = check_documents(project, folder, instrument)
    documents: dict[str, dict[str, dict[str, Verdict]]] = {}
    for v in verdicts:
        files = documents.setdefault(v.kind, {}).setdefault(v.lang, {})
        if v.fmt is not None:
            files[v.fmt] = v
    shown = [
        (kind, [Row(lang, [_cell(fmt, files.get(fmt)) for fmt in FORMATS]) for lang, files in langs.items()])
        for kind, langs in documents.items()
    ]
    stale = [v for v in verdicts if v.status in ("stale", "unreadable")]
    changed = [what for what in ("questionnaire", "settings") if any(v.changed == what for v in stale)]
    return Shelf(str(folder), shown, standing(verdicts), len(stale), changed, offered_languages(instrument))


def _cell(fmt: str, verdict: Verdict | None) -> Cell:
    if verdict is None:
        return Cell(fmt, "none", None, None)
    return Cell(fmt, verdict.status, verdict.changed, verdict.path.name)


def known_file(project: Project, instrument: Instrument, name: str) -> Path | None:
    """The file of the documents folder called ``name``, if the check knows it (a plain file, not a link)."""
    from eqsurvey.workflows.documents import check_documents

    folder = folder_of(project)
    for v in check_documents(project, folder, instrument):
        if v.fmt is not None and v.path.name == name and not v.path.is_symlink():
            return v.path
    return None


def make(project: Project, langs: list[str] | None, formats: list[Format]) -> list[Path]:
    from eqsurvey.workflows.documents import write_documents

    return write_documents(project, folder_of(project), langs, formats)


def _at_form(exc: EqSurveyError) -> list[Problem]:
    return [replace(p, where=replace(p.where, field=p.where.field or "make")) for p in exc.problems]


def _edit_hint(problems: list[Problem], root: Path | None, lang: str) -> str | None:
    """Where to change what a problem of the settings file asks for, in words (the console has no form for it)."""
    if root is None or not any(p.where.file and Path(p.where.file).name == CONFIG_NAME for p in problems):
        return None
    return WORDING.text(lang, "edit_config", file=CONFIG_NAME, folder=str(root), table="[documents]")


def _choices(values: list[str], allowed: list[str] | tuple[str, ...]) -> list[str]:
    """The ticked boxes, in the page's order; a value the page never offered is a forged form."""
    if any(value not in allowed for value in values):
        raise RefusedError("malformed", 400)
    return [value for value in allowed if value in values]


def routes(console: Console) -> list[BaseRoute]:
    async def page(request: Request, *, problems: list[Problem] | None = None, **extra: Any) -> Response:
        from instruments.text import language_name

        lang = console.lang(request)
        title = WORDING.text(lang, "page_title")
        try:
            project = console.require_project()
            instrument = console.instrument(project).instrument
            shown = await console.run(shelf, project, instrument)
        except EqSurveyError as exc:
            found = list(exc.problems)
            return console.page(request, "documents/page.j2", title=title, words=WORDING, problems=found,
                                view=None, edit=_edit_hint(found, console.workspace.root, lang), keys=False)  # fmt: skip
        problems = problems or []
        context: dict[str, Any] = {
            "langs": shown.offered,
            "formats": list(FORMATS),
            "all_formats": FORMATS,
            "language_names": {code: language_name(code) for code in shown.offered},
            "edit": _edit_hint(problems, console.workspace.root, lang),
            "keys": any(p.code == "no-keys" for p in problems),
            "config": CONFIG_NAME,
        } | extra
        return console.page(request, "documents/page.j2", title=title, words=WORDING, problems=problems,
                            view=shown, **context)  # fmt: skip

    async def show(request: Request) -> Response:
        return await page(request)

    async def make_post(request: Request) -> Response:
        from eqsurvey.workflows.documents import gather, languages_for
        from reports.documents import KINDS

        form = await console.form(request)
        lang = console.lang(request)
        project = console.require_project()
        instrument = console.instrument(project).instrument
        offered = offered_languages(instrument)
        langs = _choices(form.texts("lang"), offered)
        formats: list[Format] = [f for f in FORMATS if f in _choices(form.texts("format"), FORMATS)]
        problems = []
        if not langs:
            problems.append(Problem("no-language", Location(field="lang"), WORDING.text(lang, "no_language"), ""))
        if not formats:
            problems.append(Problem("no-format", Location(field="format"), WORDING.text(lang, "no_format"), ""))
        if not problems:
            try:
                await console.run(gather, project)  # what only the project can lack is told here, not in a job
            except EqSurveyError as exc:
                problems = _at_form(exc)
        if problems:
            return await page(request, problems=problems, langs=langs, formats=formats)
        asked = None if langs == offered else langs  # all of them: each document in its own languages
        count = len(formats) * sum(len(languages_for(kind, instrument, asked)) for kind in KINDS)

        def work(job: Job) -> JobResult:
            job.progress(0, 1, WORDING.text(lang, "job_note", n=count))
            written = make(project, asked, formats)
            job.progress(1, 1)
            message = WORDING.text(lang, "made", n=len(written), folder=str(folder_of(project)))
            return JobResult(message, "/documents", WORDING.text(lang, "back"))

        return console.start(WORDING.text(lang, "job"), work)

    async def download(request: Request) -> Response:
        project = console.require_project()
        instrument = console.instrument(project).instrument
        path = await console.run(known_file, project, instrument, request.path_params["name"])
        if path is None:
            raise HTTPException(404)
        body = await console.run(path.read_bytes)
        fmt = path.suffix.removeprefix(".")
        headers = {"content-disposition": f'attachment; filename="{path.name}"', "cache-control": "no-store"}
        return Response(body, media_type=MEDIA[fmt], headers=headers)

    return [
        Route("/documents", show, methods=["GET"]),
        Route("/documents/make", make_post, methods=["POST"]),
        Route("/documents/files/{name}", download, methods=["GET"]),
    ]
