"""Comparing this survey's releases with other municipalities' release files, uploaded in the page.

The files are read as ``eqsurvey report compare FILE.json`` reads them
(:func:`eqsurvey.workflows.release_files.parse_release_file`), each at most
:data:`MAX_RELEASE_FILE` bytes; they are read into memory, compared, and kept nowhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from eqsurvey.console.release.messages import WORDING
from eqsurvey.console.release.pages import day_text
from eqsurvey.console.release.reports import report_languages, report_page
from kernel.errors import EqSurveyError, Location, Problem

if TYPE_CHECKING:
    from analysis.releases.model import Release
    from eqsurvey.config import Project
    from eqsurvey.console.frame import Console
    from instruments.model import Instrument

FILE_FIELDS = ("file1", "file2", "file3")
MAX_RELEASE_FILE = 16 * 1024 * 1024
"""A release file of a large plan is a few hundred kilobytes; this leaves room and bounds memory."""


def _size(lang: str) -> str:
    return f"{MAX_RELEASE_FILE // (1024 * 1024)} MB"


def compare_html(project: Project, instrument: Instrument, own: list[str], uploaded: list[Release], lang: str) -> str:
    from analysis.releases.model import Release
    from eqsurvey.workflows.release import stored_body
    from reports.compare import build_comparison
    from reports.render import render_comparison

    releases = [Release.from_shown(stored_body(project, rid)) for rid in own] + uploaded
    return render_comparison(build_comparison(releases, instrument, lang))


def routes(console: Console) -> list[BaseRoute]:
    async def show(request: Request) -> Response:
        return await _page(console, request)

    async def compare(request: Request) -> Response:
        from eqsurvey.workflows.release_files import parse_release_file

        form = await console.form(request, max_files=len(FILE_FIELDS))
        lang = console.lang(request)
        project = console.require_project()
        own = list(dict.fromkeys(form.texts("own")))
        report_lang = form.text("lang", lang)
        if report_lang not in report_languages():
            report_lang = lang
        problems: list[Problem] = []
        uploaded: list[Release] = []
        for field in FILE_FIELDS:
            upload = form.upload(field)
            if upload is None or not upload.filename:
                continue
            name = upload.filename[-120:]
            data = await upload.read(MAX_RELEASE_FILE + 1)
            await upload.close()
            where = Location(field=field)
            if len(data) > MAX_RELEASE_FILE:
                problems.append(
                    Problem(
                        "release-file", where, WORDING.text(lang, "upload_too_large", name=name, size=_size(lang)), ""
                    )
                )
                continue
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                problems.append(Problem("release-file", where, WORDING.text(lang, "upload_not_text", name=name), ""))
                continue
            try:
                uploaded.append(await console.run(parse_release_file, text, name))
            except EqSurveyError as exc:
                problems += [Problem(p.code, where, p.problem, p.fix) for p in exc.problems]
        if not problems and len(own) + len(uploaded) < 2:
            problems.append(
                Problem("compare-releases", Location(field="own"), WORDING.text(lang, "compare_too_few"), "")
            )
        if not problems:
            try:
                instrument = (await console.run(console.instrument, project)).instrument
                html = await console.run(compare_html, project, instrument, own, uploaded, report_lang)
            except EqSurveyError as exc:
                problems = list(exc.problems)
            else:
                return report_page(html)
        return await _page(console, request, problems=problems, chosen=own, report_lang=report_lang)

    return [
        Route("/release/compare", show, methods=["GET"]),
        Route("/release/compare", compare, methods=["POST"]),
    ]


async def _page(
    console: Console,
    request: Request,
    *,
    problems: list[Problem] | None = None,
    chosen: list[str] | None = None,
    report_lang: str | None = None,
) -> Response:
    from eqsurvey.workflows.release import stored_releases

    lang = console.lang(request)
    releases = await console.run(stored_releases, console.require_project())
    return console.page(
        request,
        "release/compare.j2",
        title=WORDING.text(lang, "compare_title"),
        words=WORDING,
        problems=problems or [],
        intro=WORDING.text(lang, "compare_intro", size=_size(lang)),
        releases=[
            (r.release_id, f"{r.release_id} ({day_text(r.created_at, lang)}, {r.plan_id})") for r in reversed(releases)
        ],
        chosen=set(chosen or []),
        files=[(field, WORDING.text(lang, "compare_file", n=i)) for i, field in enumerate(FILE_FIELDS, start=1)],
        report_languages=[(code, WORDING.text(lang, f"lang_{code}")) for code in report_languages()],
        report_lang=report_lang or lang,
    )
