"""The console: the whole survey in the browser, for a municipality's officer who never opens a terminal.

``eqsurvey console`` (``eqsurvey/commands/console.py``) serves it on loopback and prints a
one-time link. It drives the same library and workflow functions as the commands: it has no
logic of its own that the command line lacks.

Map:

- ``app``: :func:`create_console`, the ASGI application (middleware, the link, error pages).
- ``gate``: the one-time link, the in-memory sessions, the Host and Origin checks.
- ``forms``: :func:`read_form` (CSRF-checked, bounded) and :class:`Form`; :class:`RefusedError`.
- ``frame``: :class:`Console`, what sections build their handlers from.
- ``jobs``: long steps in a worker thread with progress (:class:`Job`, :class:`JobResult`).
- ``section``: :class:`Section` and :class:`Wording`, what a part of the console declares.
- ``home``: the overview, creating a project, making the keys, language, jobs' pages.
- ``sections``: the sections in the navigation's order.
- ``messages``: the frame's wording (catalogue ``eqsurvey/console/locales``).

How a section is built (one subpackage ``eqsurvey/console/<slug>/`` per step of a survey):

- ``__init__.py`` exposes ``SECTION = Section(slug, title_msg, WORDING, routes)`` and is listed
  in ``sections.SECTIONS``; ``routes(console)`` returns Starlette routes under ``/<slug>``.
- ``messages.py`` holds its ``Msg`` tuple and ``WORDING = Wording(Catalogues("eqsurvey.console.<slug>"), MESSAGES)``;
  its German catalogue is ``<slug>/locales/de/LC_MESSAGES/<slug>.po`` (``bash scripts/messages.sh``).
- ``templates/*.j2`` extend ``"console/base.j2"`` (block ``content``), are named ``"<slug>/page.j2"``
  when rendered, and import ``"console/macros.j2"`` (``csrf_field``, ``text_field``,
  ``passphrase_field``, ``problems_at``). Templates see ``m`` (frame wording), ``w`` (the
  section's), ``csrf``, ``lang``, ``problems`` and what the handler passes.
- Handlers: ``form = await console.form(request)`` (refuses forged, malformed and oversize posts
  before anything happens); blocking library calls through ``await console.run(func, ...)``;
  a page with ``console.page(request, "<slug>/x.j2", title=..., words=WORDING, problems=...)``
  (problems whose ``where.field`` names a field are shown at it; the page answers 422); after a
  change ``console.done(request, url, note)`` (303); a long step ``console.start(title, work)``,
  where ``work(job)`` calls ``job.progress(done, total, note)`` and returns a :class:`JobResult`.
  A passphrase is ``form.passphrase()``, handed to the library call and kept nowhere.
"""

from eqsurvey.console.app import create_console

__all__ = ["create_console"]
