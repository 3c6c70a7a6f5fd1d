"""The console as an ASGI application: :func:`create_console` wires the gate, the frame and the sections.

Routes of its own: ``GET /open?token=`` (the one-time link), ``GET /`` (overview
or creating a project), ``POST /project``, ``POST /keys``, ``GET /language/{code}``,
``GET /jobs`` and ``GET /jobs/{id}`` (progress of long steps), the stylesheet;
each section adds its routes under ``/<slug>``. Every other request needs the
session the link opened.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from eqsurvey.console import home
from eqsurvey.console.forms import RefusedError
from eqsurvey.console.frame import STATIC, Console, Workspace
from eqsurvey.console.gate import Gate, HostCheck, loopback_hosts, preferred_language
from eqsurvey.console.jobs import Jobs
from eqsurvey.console.messages import WORDING
from eqsurvey.console.section import Section
from kernel.errors import EqSurveyError
from survey.web.security import BodyLimit, SecurityHeaders

_LOG = logging.getLogger("eqsurvey.console")
#: The largest upload the console takes: an export of a large survey, or a release file to compare with.
MAX_BODY_BYTES = 256 * 1024 * 1024
_OPEN_PATHS = ("/open", STATIC)


def create_console(
    folder: Path,
    *,
    port: int,
    link_token: str,
    sections: Sequence[Section] | None = None,
    hosts: frozenset[str] | None = None,
    max_body_bytes: int = MAX_BODY_BYTES,
) -> Starlette:
    """The console for the project at or above ``folder`` (or for creating one in it).

    ``hosts``: the ``Host`` values it answers (default: loopback on ``port``).
    """
    if sections is None:
        from eqsurvey.console.sections import SECTIONS

        sections = SECTIONS
    gate = Gate(link_token, port)
    jobs = Jobs()
    console = Console(Workspace.at(folder.resolve()), gate, jobs, tuple(sections))
    css = (files("eqsurvey.console") / "templates" / "console.css").read_text(encoding="utf-8")

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        jobs.close()

    async def open_link(request: Request) -> Response:
        lang = preferred_language(request)
        session_id = gate.exchange(request.query_params.get("token", "")[:200], lang)
        if session_id is None:
            return _bare(console, lang, "refused_spent", 403)
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(gate.cookie, session_id, path="/", httponly=True, samesite="strict")
        return response

    async def stylesheet(_: Request) -> Response:
        return Response(css, media_type="text/css", headers={"cache-control": "no-cache"})

    async def refused(request: Request, exc: Exception) -> Response:
        if not isinstance(exc, RefusedError):
            raise exc
        return _refusal(console, request, exc.reason, exc.status)

    async def user_error(request: Request, exc: Exception) -> Response:
        if not isinstance(exc, EqSurveyError):
            raise exc
        lang = console.lang(request)
        return console.page(
            request,
            "console/message.j2",
            title=WORDING.text(lang, "broken_title"),
            text="",
            problems=exc.problems,
            status=400,
        )

    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        lang = console.lang(request)
        key = "not_found" if status == 404 else "refused_malformed"
        return console.page(
            request,
            "console/message.j2",
            title=WORDING.text(lang, "refused_title"),
            text=WORDING.text(lang, key),
            status=status,
        )

    routes: list[BaseRoute] = [Route("/open", open_link, methods=["GET"]), Route(STATIC, stylesheet, methods=["GET"])]
    routes += home.routes(console)
    for section in sections:
        routes += section.routes(console)

    def too_large(scope: Scope) -> Response:
        return _bare(console, "de", "refused_large", 413)

    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(HostCheck, hosts=hosts or loopback_hosts(port)),
            Middleware(SecurityHeaders, secure=False),
            Middleware(SessionRequired, console=console),
            Middleware(BodyLimit, max_bytes=max_body_bytes, too_large=too_large),
        ],
        exception_handlers={
            RefusedError: refused,
            EqSurveyError: user_error,
            HTTPException: http_error,
            Exception: _bug,
        },
        lifespan=lifespan,
    )
    app.state.console = console
    return app


class SessionRequired:
    """Lets through only requests of the session the link opened (and the link and stylesheet themselves)."""

    def __init__(self, app: ASGIApp, *, console: Console) -> None:
        self.app = app
        self.console = console

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] not in _OPEN_PATHS:
            request = Request(scope)
            if self.console.gate.session(request) is None:
                await _bare(self.console, preferred_language(request), "refused_closed", 403)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _refusal(console: Console, request: Request, reason: str, status: int) -> Response:
    lang = console.lang(request)
    return console.page(
        request,
        "console/message.j2",
        title=WORDING.text(lang, "refused_title"),
        text=WORDING.text(lang, f"refused_{reason}"),
        status=status,
    )


def _bare(console: Console, lang: str, key: str, status: int) -> HTMLResponse:
    html = (
        console.environment()
        .get_template("console/bare.j2")
        .render(
            lang=lang,
            m=WORDING(lang),
            title=WORDING.text(lang, "refused_title"),
            text=WORDING.text(lang, key),
            css_url=STATIC,
        )
    )
    return HTMLResponse(html, status_code=status)


async def _bug(request: Request, exc: Exception) -> Response:
    # Named by type and place only: the exception's text could quote answers or secrets.
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f"{Path(frame.filename).name}:{frame.lineno}" if frame else "?"
    _LOG.error("console request failed: %s at %s", type(exc).__name__, where)
    return HTMLResponse(
        f"<!DOCTYPE html><html lang=en><title>Error</title><main><h1>Error in eqsurvey</h1>"
        f"<p>{type(exc).__name__} at {where}. Nothing more was done.</p></main></html>",
        status_code=500,
    )
