"""survey.web: the survey form in the browser, server-rendered, working without JavaScript.

Modules and their roles:

- ``app``: :func:`create_app`, the ASGI application of a project (routes,
  middleware, lifespan); pure wiring, no globals.
- ``form_project``: what the form needs of its project, as values handed
  over by the composition root (``eqsurvey.workflows.form_app`` reads the
  config); who may answer under ``--access auto``.
- ``flow``: what each button does (start, next, back, language, send).
- ``pages``: the form's pages and the skip logic between them.
- ``fields``: form fields to answers and back; hostile posts told apart
  from answers a person can correct.
- ``state``: the in-progress answers, sealed into a hidden field with a key
  derived from the project's form-state secret, so every process of the
  survey (and a restarted one) opens them; ``state_keys``: those keys, kept
  in step with the secret file (rotation).
- ``submit``: storing a finished form through the import's own path, on the
  one thread that owns the store; sessions that have submitted.
- ``security``: security headers, body size limit, CSRF cookie.
- ``failures``: pages for a busy store (503, send again) and unexpected
  failures (500), logged without a word about the request.
- ``limits``: rate limits per connection and per access code, keyed so
  they cannot identify anyone; ``shared_limits``: the same buckets shared by
  several processes through the PostgreSQL store (an UNLOGGED table).
- ``access``: invitation codes on the welcome page or in the letter's link.
- ``review`` (+ ``review_words``, ``templates/review*.j2``): community partners review the
  questionnaire and the planned tables from a personal link (``/review/<token>``) and send notes,
  sealed at once to the analysts' public key.
- ``screens``, ``messages``, ``templates/``: the HTML pages and the form's
  own wording (English in ``messages``, translations in ``survey/locales/``, see :mod:`kernel.i18n`).
"""

from __future__ import annotations

from kernel.lazy import lazy_exports

__all__ = ["FormProject", "LimitSettings", "create_app"]

# Lazy, so that `eqsurvey serve --help` (which reads the limits' defaults) does not load Starlette.
__getattr__ = lazy_exports(__name__, {"create_app": ".app", "FormProject": ".form_project", "LimitSettings": ".limits"})
