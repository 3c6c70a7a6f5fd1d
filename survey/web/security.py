"""Protections around every request: security headers, a body size limit, the CSRF cookie.

Pure ASGI middleware (no framework state), so they wrap error responses and
static files as well as pages.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Everything from this server, no inline script or style (the CSS is a served file), no framing.
CSP = (
    "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; img-src 'self'"
)
_TOKEN_CHARS = 32


class SecurityHeaders:
    def __init__(self, app: ASGIApp, *, secure: bool) -> None:
        self.app = app
        self.headers = {
            "content-security-policy": CSP,
            "referrer-policy": "no-referrer",
            "x-content-type-options": "nosniff",
            "x-frame-options": "DENY",
            "cross-origin-opener-policy": "same-origin",
            "cross-origin-resource-policy": "same-origin",
            "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
        }
        if secure:
            # Only behind TLS: sent over plain HTTP it would lock browsers out of a test server.
            self.headers["strict-transport-security"] = "max-age=63072000; includeSubDomains"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    # A response with a policy of its own keeps it: the console's report pages allow
                    # inline style and nothing else at all (no script, no loads), which this one would refuse.
                    if name == "content-security-policy" and name in headers:
                        continue
                    headers[name] = value
                # Pages carry answers: never kept in a shared cache or the back-forward cache of a shared computer.
                headers.setdefault("cache-control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Refuses request bodies over ``max_bytes`` before the app parses them, declared or streamed."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, too_large: Callable[[Scope], Response]) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.too_large = too_large

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > self.max_bytes:
            await self.too_large(scope)(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.max_bytes:
                await self.too_large(scope)(scope, receive, send)
                return
            more = message.get("more_body", False)
        body = b"".join(chunks)
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def cookie_name(secure: bool) -> str:
    # __Host- makes browsers refuse the cookie unless it is Secure, host-only and for path /.
    return "__Host-eqs_csrf" if secure else "eqs_csrf"


def csrf_token(request: Request, secure: bool) -> tuple[str, bool]:
    """The browser's CSRF token, and whether it is new (and must be set)."""
    token = request.cookies.get(cookie_name(secure), "")
    if len(token) == _TOKEN_CHARS and token.isalnum():
        return token, False
    return secrets.token_hex(_TOKEN_CHARS // 2), True


def set_csrf_cookie(response: Response, token: str, secure: bool) -> None:
    # A session cookie: no expiry, so it goes when the browser closes; never readable by scripts.
    response.set_cookie(cookie_name(secure), token, path="/", secure=secure, httponly=True, samesite="strict")


def csrf_ok(request: Request, expected: str, secure: bool) -> bool:
    given = request.cookies.get(cookie_name(secure), "")
    return bool(given) and hmac.compare_digest(given.encode(), expected.encode())
