"""The console's own pages: the overview (or creating a project), making the keys, language, jobs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from eqsurvey.config import Project
from eqsurvey.console.frame import Console
from eqsurvey.console.gate import LANGUAGES
from eqsurvey.console.messages import WORDING
from instruments.model import Instrument
from kernel.errors import EqSurveyError, Location, Problem


@dataclass(frozen=True)
class ProjectInfo:
    title: str
    version: str
    hash: str
    languages: list[str]
    key: str | None
    responses: int
    approved_by: list[str]
    """Partner organisations that approved exactly this content."""
    reviewed: bool
    """Whether any partner commented on or approved this content."""
    documents: str | None
    """The data-protection documents as a whole (:func:`eqsurvey.workflows.documents.standing`); None when
    the project's files cannot say."""


def project_info(project: Project, instrument: Instrument, lang: str) -> ProjectInfo:
    from eqsurvey.resources import project_keyring, project_store
    from instruments.review import read_reviews, review_status
    from instruments.text import language_name, pick

    keyring = project_keyring(project)
    reviews = review_status(instrument, read_reviews(project.reviews_path))
    store = project_store(project)
    try:
        responses = store.count(instrument.id)
    finally:
        store.close()
    title = pick(instrument.title, lang)
    return ProjectInfo(
        title=title,
        version=instrument.version,
        hash=instrument.content_hash()[:12],
        languages=[language_name(code) for code in instrument.languages],
        key=keyring.current_key_id() if keyring.exists() else None,
        responses=responses,
        approved_by=reviews.approved_by,
        reviewed=bool(reviews.current),
        documents=documents_standing(project, instrument),
    )


def documents_standing(project: Project, instrument: Instrument) -> str | None:
    from eqsurvey.workflows.documents import DEFAULT_FOLDER, check_documents, standing

    try:
        return standing(check_documents(project, project.root / DEFAULT_FOLDER, instrument))
    except EqSurveyError:  # a plan that cannot be read: the step's own page says what is wrong
        return None


def create_keys(project: Project, passphrase: str) -> str:
    """The analysts' key pair and pseudonym secret, as ``eqsurvey keys init`` makes them, recorded in the audit log."""
    from anonymize.keys.pair import SuiteName
    from eqsurvey.workflows.keys import make_keys

    return make_keys(project, passphrase, SuiteName.x25519)


def routes(console: Console) -> list[BaseRoute]:
    async def overview(request: Request) -> Response:
        return await _overview(console, request)

    async def create(request: Request) -> Response:
        form = await console.form(request)
        folder, example = form.text("folder"), form.text("example", "musterstadt")
        lang = console.lang(request)
        problems = _folder_problems(folder, lang)
        if problems:
            return await _overview(console, request, problems=problems, folder=folder, example=example)
        from eqsurvey.workflows.new_project import create_project

        target = console.workspace.started_in / folder
        try:
            await console.run(create_project, target, example=example)
        except EqSurveyError as exc:
            return await _overview(console, request, problems=_at(exc, "folder"), folder=folder, example=example)
        console.workspace.root = target
        return console.done(request, "/", WORDING.text(lang, "created", name=folder, folder=str(target)))

    async def keys(request: Request) -> Response:
        form = await console.form(request)
        passphrase, repeat = form.passphrase(), form.text("passphrase_repeat")
        lang = console.lang(request)
        if passphrase != repeat:
            problem = Problem(
                "passphrase-differs", Location(field="passphrase_repeat"), WORDING.text(lang, "passphrase_differs"), ""
            )
            return await _overview(console, request, problems=[problem])
        try:
            project = console.require_project()
            key = await console.run(create_keys, project, passphrase)
        except EqSurveyError as exc:
            return await _overview(console, request, problems=_at(exc, "passphrase"))
        finally:
            del passphrase, repeat
        return console.done(request, "/", WORDING.text(lang, "keys_made", key=key))

    async def language(request: Request) -> Response:
        code = request.path_params["code"]
        if code in LANGUAGES:
            console.session(request).lang = code
        back = request.query_params.get("back", "/")
        # Only a path of this console: never a redirect to elsewhere.
        if not back.startswith("/") or back.startswith("//") or "\\" in back:
            back = "/"
        return RedirectResponse(back, status_code=303)

    async def job(request: Request) -> Response:
        found = console.jobs.get(request.path_params["job_id"])
        lang = console.lang(request)
        title = found.title if found else WORDING.text(lang, "job_unknown")
        return console.page(request, "console/job.j2", title=title, job=found, status=200 if found else 404)

    async def jobs(request: Request) -> Response:
        lang = console.lang(request)
        running = console.jobs.running()
        return console.page(
            request, "console/jobs.j2", title=WORDING.text(lang, "running_jobs", n=len(running)), jobs=running
        )

    return [
        Route("/", overview, methods=["GET"]),
        Route("/project", create, methods=["POST"]),
        Route("/keys", keys, methods=["POST"]),
        Route("/language/{code}", language, methods=["GET"]),
        Route("/jobs", jobs, methods=["GET"]),
        Route("/jobs/{job_id}", job, methods=["GET"]),
    ]


async def _overview(
    console: Console,
    request: Request,
    *,
    problems: list[Problem] | None = None,
    folder: str = "",
    example: str = "musterstadt",
) -> Response:
    from eqsurvey.workflows.new_project import examples

    lang = console.lang(request)
    info, broken = None, []
    try:
        project = console.project()
        if project is not None:
            info = await console.run(lambda: project_info(project, console.instrument(project).instrument, lang))
    except EqSurveyError as exc:
        broken = list(exc.problems)
    return console.page(
        request,
        "console/overview.j2",
        title=WORDING.text(lang, "overview_title"),
        problems=problems or [],
        info=info,
        broken=broken,
        started_in=str(console.workspace.started_in),
        folder=folder,
        example=example,
        examples=[(name, name) for name in sorted(examples())],
    )


def _folder_problems(folder: str, lang: str) -> list[Problem]:
    if re.fullmatch(r"[\w.-]{1,80}", folder) and folder not in (".", ".."):
        return []
    return [
        Problem(
            "bad-folder",
            Location(field="folder"),
            WORDING.text(lang, "create_folder_hint", folder="…").rstrip("."),
            "",
        )
    ]


def _at(exc: EqSurveyError, field: str) -> list[Problem]:
    """The error's problems, shown at ``field`` unless they name a field of their own."""
    return [
        p if p.where.field else Problem(p.code, Location(field=field), p.problem, p.fix, p.severity)
        for p in exc.problems
    ]
