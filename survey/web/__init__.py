"""survey.web: the survey form in the browser, server-rendered, working without JavaScript.

Modules and their roles:

- ``app``: :func:`create_app`, the ASGI application of a project (routes,
  middleware, lifespan); pure wiring, no globals.
- ``flow``: what each button does (start, next, back, language, send).
- ``pages``: the form's pages and the skip logic between them.
- ``fields``: form fields to answers and back; hostile posts told apart
  from answers a person can correct.
- ``state``: the in-progress answers, sealed into a hidden field with a key
  that lives only in the server process's memory.
- ``submit``: storing a finished form through the import's own path, on the
  one thread that owns the store; sessions that have submitted.
- ``security``: security headers, body size limit, CSRF cookie.
- ``screens``, ``messages``, ``templates/``: the HTML pages and the form's
  own wording.
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
