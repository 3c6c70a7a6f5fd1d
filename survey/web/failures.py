"""When something fails: a page in the respondent's language, and a log line that names no one.

A store that is busy (another connection held SQLite's lock past the busy
timeout) or out of reach (a PostgreSQL restart) is answered 503 with
Retry-After: nothing was stored, and the same page sent again in a minute
will most likely be stored. Anything else unexpected is answered 500. Either
way the respondent gets a page of the form, in their language, with the
security headers (the middleware here sits inside :class:`.security.SecurityHeaders`),
and, where the failed request carried their sealed state, a way back to the
page they sent with their answers kept. Nothing reaches Starlette's own
error handler, whose bare "Internal Server Error" has neither.

The log line names the kind of failure, the exception's type and the line it
came from: never its message (a driver may quote the values it was given),
a request detail, an answer, an address or a secret.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from pathlib import Path

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from survey.store.outage import unavailable
from survey.web.screens import Screens

log = logging.getLogger("eqsurvey.web")

RETRY_AFTER = 60
"""Seconds a respondent is asked to wait before sending again when the store is busy."""


def failure_page(screens: Screens, lang: str, exc: BaseException, state: str | None = None) -> Response:
    """503 (busy store, try again) or 500 (anything else), logged without a word about the request."""
    busy = unavailable(exc)
    place = _place(exc)
    if busy:
        log.warning("the store is busy or out of reach (%s%s): asked to send again", type(exc).__name__, place)
        response = screens.message(lang, "busy", 503, state=state)
        response.headers["retry-after"] = str(RETRY_AFTER)
        return response
    log.error("unexpected failure (%s%s): answered 500", type(exc).__name__, place)
    return screens.message(lang, "failed", 500, state=state)


_SURVEY = Path(__file__).resolve().parents[1]


def _place(exc: BaseException) -> str:
    """`` at file.py:line``: the deepest line of the survey package it passed through, else the deepest line."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if _ours(Path(f.filename))]
    chosen = ours or frames
    return f" at {Path(chosen[-1].filename).name}:{chosen[-1].lineno}" if chosen else ""


def _ours(file: Path) -> bool:
    # Compiled extensions name their sources by relative paths: only absolute ones can be the package's.
    return file.is_absolute() and file.is_relative_to(_SURVEY)


class ErrorPages:
    """Turns an exception no handler answered into :func:`failure_page`, in the language the request asks for."""

    def __init__(self, app: ASGIApp, *, page: Callable[[Scope, BaseException], Response]) -> None:
        self.app = app
        self.page = page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            if started:  # half a page went out: nothing to replace it with; the connection just ends
                log.error("failure after the response began (%s)", type(exc).__name__)
                return
            await self.page(scope, exc)(scope, receive, send)
