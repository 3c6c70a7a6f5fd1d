"""SecurityHeaders: every response gets the strict policy, unless the response brings a policy of its own."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from survey.web.security import CSP, SecurityHeaders

OWN = "default-src 'none'; style-src 'unsafe-inline'"


def _app() -> Starlette:
    async def plain(_: Request) -> Response:
        return PlainTextResponse("plain")

    async def own(_: Request) -> Response:
        return PlainTextResponse("own", headers={"content-security-policy": OWN, "x-frame-options": "ALLOWALL"})

    return Starlette(
        routes=[Route("/plain", plain), Route("/own", own)], middleware=[Middleware(SecurityHeaders, secure=False)]
    )


def test_a_response_without_a_policy_gets_the_strict_one() -> None:
    with TestClient(_app()) as client:
        answer = client.get("/plain")
        assert answer.headers["content-security-policy"] == CSP
        assert client.get("/nowhere").headers["content-security-policy"] == CSP


def test_a_response_with_its_own_policy_keeps_it_and_every_other_header_is_still_set() -> None:
    with TestClient(_app()) as client:
        answer = client.get("/own")
        assert answer.headers.get_list("content-security-policy") == [OWN]
        assert answer.headers["x-frame-options"] == "DENY"  # only the policy is the response's to choose
        assert answer.headers["cache-control"] == "no-store"
