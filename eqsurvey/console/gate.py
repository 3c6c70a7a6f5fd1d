"""Who may use the console: the person who opened its one-time link, from this machine only.

The console runs on the analysts' computer, where the private key is, so it
answers nothing it was not asked for by its own browser session:

- ``HostCheck`` refuses requests whose ``Host`` is not the loopback address
  and port the console listens on (a page elsewhere that resolves its own name
  to 127.0.0.1 — DNS rebinding — gets nothing), and POSTs whose ``Origin`` is
  another site.
- ``Gate`` holds the one-time link token printed at start. Opening the link
  exchanges it for a session cookie (HttpOnly, SameSite=Strict, for this port)
  and the token is spent: a link copied from the terminal's history or a
  browser's later opens nothing. Sessions live in memory only, so stopping
  the console ends them.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

LANGUAGES = ("de", "en")
_SESSION_BYTES = 32


@dataclass
class Session:
    """One browser's use of the console: its CSRF token, language and notes for the next page."""

    csrf: str
    lang: str
    notes: list[str] = field(default_factory=list)

    def take_notes(self) -> list[str]:
        notes, self.notes = self.notes, []
        return notes


class Gate:
    def __init__(self, link_token: str, port: int) -> None:
        self._link_token: str | None = link_token
        self.cookie = f"eqs_console_{port}"  # one cookie per console: two consoles on two ports stay apart
        self._sessions: dict[str, Session] = {}

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(_SESSION_BYTES)

    def exchange(self, token: str, lang: str) -> str | None:
        """The new session's id for the unspent link token, else None; the token is spent either way it matched."""
        expected = self._link_token
        if expected is None or not hmac.compare_digest(token.encode(), expected.encode()):
            return None
        self._link_token = None
        session_id = secrets.token_urlsafe(_SESSION_BYTES)
        self._sessions[session_id] = Session(csrf=secrets.token_urlsafe(_SESSION_BYTES), lang=lang)
        return session_id

    def session(self, request: Request) -> Session | None:
        return self._sessions.get(request.cookies.get(self.cookie, ""))


class HostCheck:
    """Answers only requests addressed to this console on loopback, and POSTs from its own pages."""

    def __init__(self, app: ASGIApp, *, hosts: frozenset[str]) -> None:
        self.app = app
        self.hosts = hosts
        self.origins = frozenset(f"http://{host}" for host in hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        host = headers.get(b"host", b"").decode("latin-1").lower()
        origin = headers.get(b"origin", b"").decode("latin-1").lower()
        if host not in self.hosts:
            await PlainTextResponse("This console answers only on the address it printed.", 421)(scope, receive, send)
            return
        # "null" is what Chromium sends from a page with Referrer-Policy no-referrer; such posts still
        # need the session's SameSite cookie and its CSRF token.
        if scope["method"] not in ("GET", "HEAD") and origin not in ("", "null") and origin not in self.origins:
            await PlainTextResponse("Forms of this console are sent from its own pages only.", 403)(
                scope, receive, send
            )
            return
        await self.app(scope, receive, send)


def loopback_hosts(port: int) -> frozenset[str]:
    return frozenset({f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"})


def preferred_language(request: Request) -> str:
    """German or English from the browser's Accept-Language, German when it prefers neither."""
    for part in request.headers.get("accept-language", "").split(","):
        tag = part.split(";")[0].strip().lower()[:2]
        if tag in LANGUAGES:
            return tag
    return "de"
