"""A release's page: its report read in the browser, downloaded in every format and language, PDFs made as jobs.

The report is one self-contained HTML page whose styles are inline (a
``<style>`` element and ``style`` attributes on the charts), and which has no
script. It is served as its own page with a policy of its own that fits it:
nothing may load or run (``default-src 'none'``), inline style only, no form
may send anything, no framing. Made PDFs are kept in memory for their
download (the last :data:`KEPT_FILES`), never written into the project.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from eqsurvey.console.jobs import Job, JobResult
from eqsurvey.console.release.messages import WORDING
from eqsurvey.console.release.pages import day_text
from kernel.i18n.formats import NumberFormat

if TYPE_CHECKING:
    from eqsurvey.console.frame import Console

REPORT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none';"
    " frame-ancestors 'none'"
)
KEPT_FILES = 20
PARTS = ("summary", "annex")
MEDIA = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
#: What each part is downloaded as directly; PDFs are made by a job.
DIRECT = {"summary": ("html",), "annex": ("html", "xlsx", "csv", "json")}


def report_languages() -> tuple[str, ...]:
    from reports.catalogue import LANGUAGES

    return tuple(sorted(LANGUAGES))


@dataclass(frozen=True)
class Built:
    name: str
    media: str
    body: bytes


class BuiltFiles:
    """Files a job made, by a random token, for one download page; the oldest are dropped."""

    def __init__(self) -> None:
        self._files: OrderedDict[str, Built] = OrderedDict()
        self._lock = threading.Lock()

    def keep(self, built: Built) -> str:
        token = secrets.token_urlsafe(16)
        with self._lock:
            self._files[token] = built
            while len(self._files) > KEPT_FILES:
                self._files.popitem(last=False)
        return token

    def get(self, token: str) -> Built | None:
        with self._lock:
            return self._files.get(token)


def download(body: str | bytes, name: str, fmt: str, csp: str | None = None) -> Response:
    data = body.encode("utf-8") if isinstance(body, str) else body
    headers = {"content-disposition": f'attachment; filename="{name}"'}
    if csp:
        headers["content-security-policy"] = csp
    return Response(data, media_type=MEDIA[fmt], headers=headers)


def report_page(html: str) -> HTMLResponse:
    """A report or comparison as its own page, under the policy that fits it (see the module's docstring)."""
    return HTMLResponse(html, headers={"content-security-policy": REPORT_CSP})


def _choice(value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise HTTPException(404)
    return value


def routes(console: Console) -> list[BaseRoute]:
    built = BuiltFiles()

    async def release(request: Request) -> Response:
        from eqsurvey.workflows.release import stored_release

        lang = console.lang(request)
        release_id = request.path_params["release_id"]
        stored = await console.run(stored_release, console.require_project(), release_id)
        n = NumberFormat(lang)
        facts = WORDING.text(
            lang,
            "release_facts",
            day=day_text(stored.created_at, lang),
            plan=stored.plan_id,
            instrument=f"{stored.instrument_id} {stored.instrument_version}",
            rho=n.plain(float(stored.rho)),
        )
        languages = [(code, WORDING.text(lang, f"lang_{code}")) for code in report_languages()]
        return console.page(
            request,
            "release/release.j2",
            title=WORDING.text(lang, "release_title", id=release_id),
            words=WORDING,
            release_id=release_id,
            facts=facts,
            simulated=bool(stored.body.get("simulated_responses")),
            report_languages=languages,
            direct=DIRECT,
        )

    async def read(request: Request) -> Response:
        from eqsurvey.workflows.reports import render_stored

        part = _choice(request.path_params["part"], PARTS)
        lang = _choice(request.path_params["lang"], report_languages())
        html = await console.run(
            render_stored, console.require_project(), request.path_params["release_id"], lang, "html", part
        )
        return report_page(cast("str", html))  # a page format renders as text

    async def get(request: Request) -> Response:
        from eqsurvey.workflows.reports import render_stored

        part = _choice(request.path_params["part"], PARTS)
        lang = _choice(request.path_params["lang"], report_languages())
        fmt = _choice(request.path_params["fmt"], DIRECT[part])
        release_id = request.path_params["release_id"]
        body = await console.run(render_stored, console.require_project(), release_id, lang, fmt, part)
        return download(body, f"{release_id}-{part}-{lang}.{fmt}", fmt, REPORT_CSP if fmt == "html" else None)

    async def pdf(request: Request) -> Response:
        from eqsurvey.workflows.release import stored_release
        from eqsurvey.workflows.reports import render_stored

        form = await console.form(request)
        lang = console.lang(request)
        part = _choice(form.text("part"), PARTS)
        report_lang = _choice(form.text("lang"), report_languages())
        release_id = request.path_params["release_id"]
        project = console.require_project()
        await console.run(stored_release, project, release_id)  # an unknown release is told here, not in a job
        name = f"{release_id}-{part}-{report_lang}.pdf"

        def work(job: Job) -> JobResult:
            job.progress(0, 1, name)
            body = render_stored(project, release_id, report_lang, "pdf", part)  # type: ignore[arg-type]
            token = built.keep(Built(name, MEDIA["pdf"], cast("bytes", body)))  # a PDF renders as bytes
            job.progress(1, 1)
            return JobResult(
                WORDING.text(lang, "pdf_made"), f"/release/files/{token}", WORDING.text(lang, "pdf_download", name=name)
            )

        return console.start(WORDING.text(lang, "pdf_job", id=release_id), work)

    async def file(request: Request) -> Response:
        found = built.get(request.path_params["token"])
        if found is None:
            lang = console.lang(request)
            return console.page(
                request,
                "console/message.j2",
                title=WORDING.text(lang, "section_title"),
                text=WORDING.text(lang, "file_gone", n=KEPT_FILES),
                status=404,
            )
        return Response(
            found.body, media_type=found.media, headers={"content-disposition": f'attachment; filename="{found.name}"'}
        )

    async def release_file(request: Request) -> Response:
        import json

        from eqsurvey.workflows.release import stored_body

        release_id = request.path_params["release_id"]
        shown: dict[str, Any] = await console.run(stored_body, console.require_project(), release_id)
        return download(json.dumps(shown, ensure_ascii=False, indent=2), f"{release_id}.json", "json")

    async def tidy(request: Request) -> Response:
        from analysis import Release
        from analysis.tidy import to_csv, to_json
        from eqsurvey.workflows.release import stored_release

        fmt = _choice(request.path_params["fmt"], ("csv", "json"))
        release_id = request.path_params["release_id"]
        stored = await console.run(stored_release, console.require_project(), release_id)
        typed = Release.from_body(stored.release_id, stored.body)
        body = to_csv(typed) if fmt == "csv" else to_json(typed)
        return download(body, f"{release_id}-cells.{fmt}", fmt)

    return [
        Route("/release/r/{release_id}", release, methods=["GET"]),
        Route("/release/r/{release_id}/read/{part}/{lang}", read, methods=["GET"]),
        Route("/release/r/{release_id}/get/{part}/{lang}/{fmt}", get, methods=["GET"]),
        Route("/release/r/{release_id}/pdf", pdf, methods=["POST"]),
        Route("/release/r/{release_id}/release.json", release_file, methods=["GET"]),
        Route("/release/r/{release_id}/cells/{fmt}", tidy, methods=["GET"]),
        Route("/release/files/{token}", file, methods=["GET"]),
    ]
