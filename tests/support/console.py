"""A console for tests: a real app on a real project folder, opened through its link like a browser does.

``open_console(folder)`` gives a Starlette TestClient that has spent the one-time
link (so it holds the session cookie) and the session's CSRF token, which a page's
forms carry; ``post`` sends a form as the page would.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from starlette.testclient import TestClient

from eqsurvey.console.app import create_console
from eqsurvey.console.section import Section

TEST_PORT = 8765
TEST_HOSTS = frozenset({"testserver"})
LINK_TOKEN = "test-link-token-0123456789abcdefghijklmnop"


@dataclass
class OpenConsole:
    client: TestClient
    csrf: str

    def get(self, path: str) -> object:
        return self.client.get(path)

    def post(self, path: str, fields: Mapping[str, str | Sequence[str]] | None = None, **kwargs: object):  # type: ignore[no-untyped-def]
        data: dict[str, str | Sequence[str]] = {"csrf": self.csrf, **(fields or {})}
        return self.client.post(path, data=data, follow_redirects=False, **kwargs)  # type: ignore[arg-type]


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


@contextmanager
def open_console(folder: Path, sections: Sequence[Section] | None = None) -> Iterator[OpenConsole]:
    app = create_console(folder, port=TEST_PORT, link_token=LINK_TOKEN, sections=sections, hosts=TEST_HOSTS)
    with TestClient(app, base_url="http://testserver") as client:
        opened = client.get(f"/open?token={LINK_TOKEN}", follow_redirects=False)
        assert opened.status_code == 303, opened.text
        # The one session the link opened; its token is the one every page's forms carry.
        (session,) = app.state.console.gate._sessions.values()
        yield OpenConsole(client, session.csrf)
