"""The web form as an ASGI application: :func:`create_app` wires the parts, and holds no globals.

Routes: ``GET /`` (welcome and consent information; ``?lang=`` picks the
language, else the browser's Accept-Language), ``POST /form`` (every step),
``GET /static/form.css``, and the partners' review pages ``/review/<token>``
(:mod:`survey.web.review`) when the project has a partners' file. The server needs the public key and the pseudonym
secret only: it can seal what it stores, never open it. It makes the
form-state secret (``keys/form-state.json``) on first start, so that every
process of the survey, and the same one after a restart, opens the form
states the others sealed; on a PostgreSQL store the processes also share
the rate limits and the sessions already sent.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from typing import Literal

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Scope

from anonymize.keys.form_state_secret import STATE_LIFETIME
from anonymize.keys.keyring import Keyring
from instruments.drafts import draft_languages
from instruments.loader import load_instrument
from instruments.printable.page import questionnaire_view
from instruments.review import read_reviews
from survey.intake.prepare import Preparer
from survey.store import LOCK_TIMEOUT
from survey.store.submissions import SESSION_DAYS
from survey.web.access import Access
from survey.web.failures import ErrorPages, failure_page
from survey.web.fields import ACTION_FIELD, STATE_FIELD, Fields, HostilePostError
from survey.web.flow import Flow, Site
from survey.web.form_project import FormProject, auto_access
from survey.web.limits import PEER_KEY, Limits, LimitSettings, RateLimit
from survey.web.pages import pages_of
from survey.web.review import ReviewSite, review_routes
from survey.web.screens import CSS_URL, Screens, request_language
from survey.web.security import BodyLimit, SecurityHeaders, csrf_ok, csrf_token, set_csrf_cookie
from survey.web.shared_limits import SharedBuckets
from survey.web.state import FormState, StateBox, StateError
from survey.web.state_keys import StateKeys
from survey.web.submit import Submitter, UsedSessions

#: Enough for the longest free-text answers of any instrument (20,000 characters, percent-encoded) and the state.
MAX_BODY_BYTES = 1_000_000
#: Fields one page can have: every tick box of the largest matrix and more.
MAX_FIELDS = 2_000
STATE_TTL = STATE_LIFETIME


def create_app(
    project: FormProject,
    *,
    secure: bool = False,
    access: Literal["auto", "codes", "open"] = "auto",
    limits: LimitSettings | None = None,
    max_body_bytes: int = MAX_BODY_BYTES,
    state_ttl: int = STATE_TTL,
    store_lock_timeout: float = LOCK_TIMEOUT,
) -> Starlette:
    """The survey form of ``project`` (built from its config by ``eqsurvey.workflows.form_app``).

    ``secure`` when served over TLS by a reverse proxy on this machine (HSTS,
    Secure cookies, rate limits by the address the proxy reports).
    ``access``: ``codes`` admits only invitations, ``open`` anyone; ``auto``
    is ``codes`` if the survey has invitations when the server starts, and a
    user error if it has none but the project says it is by invitation.
    ``store_lock_timeout``: how long storing a form waits for another
    connection's lock on a SQLite store before the respondent is asked to
    send again in a minute (503).
    """
    if state_ttl >= (SESSION_DAYS - 1) * 86400:
        raise ValueError("a form state must expire before the store forgets that its session was sent")
    instrument = load_instrument(project.instrument_path).instrument
    keyring = Keyring(project.keys_dir)
    secret = keyring.pseudonym_secret()
    preparer = Preparer(instrument, keyring.public_key(), secret)
    state_keys = StateKeys(keyring)
    url, shared = project.store_url, project.shared_store
    if access == "auto":  # refused if the project is by invitation and this store has no codes
        access = auto_access(project, _has_invitations(project, instrument.id))
    elif shared:
        project.open_store().close()  # migrated now: the shared tables are there before the first request
    submitter = Submitter(lambda: project.open_store(lock_timeout=store_lock_timeout), preparer)
    if shared:
        # Every process of the survey names a client's bucket alike, so they count together.
        rate_limits = Limits(limits or LimitSettings(), shared=SharedBuckets(url), key=state_keys.limits_key)
    else:
        rate_limits = Limits(limits or LimitSettings())
    views = {lang: questionnaire_view(instrument, lang) for lang in instrument.languages}
    checks = read_reviews(project.reviews_path) if project.reviews_path is not None else []
    screens = Screens(
        instrument, views, simulated=project.simulated, drafts=draft_languages(instrument, checks), dpo=project.dpo
    )
    binding = f"{instrument.id}|{instrument.version}|{instrument.content_hash()}"
    site = Site(
        instrument,
        preparer.checker,
        pages_of(instrument),
        screens,
        StateBox(state_keys, binding, state_ttl),
        UsedSessions(state_ttl),
        submitter,
        secure,
        Access(access == "codes", instrument.id, secret, rate_limits, submitter),
        rate_limits,
    )
    css = _stylesheet()
    reviews = []
    if project.partners_path is not None:
        plan_words = project.plan_words or (lambda _: None)
        review_site = ReviewSite(
            instrument, views, project.partners_path, keyring.public_key(), secret, plan_words, secure,
            instrument.content_hash(), simulated=project.simulated,
        )  # fmt: skip
        reviews = review_routes(review_site)

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        await rate_limits.aclose()
        submitter.close()

    async def welcome(request: Request) -> Response:
        lang = request_language(instrument, request)
        token, new = csrf_token(request, secure)
        flow = Flow(site, FormState.new(token, lang))
        refused = None
        if site.access.codes and "code" in request.query_params:
            # The link in an invitation letter: the code is checked as if typed; the welcome page comes first.
            refused = await flow.accept_code(request.query_params["code"][:200])
        response = refused or flow.show(-1, {})
        if new:
            set_csrf_cookie(response, token, secure)
        return response

    async def form(request: Request) -> Response:
        return await _step(site, request)

    async def stylesheet(_: Request) -> Response:
        return Response(css, media_type="text/css", headers={"cache-control": "public, max-age=3600"})

    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        key = "not_found" if status == 404 else "bad"
        return screens.message(request_language(instrument, request), key, status)

    # Refusals before the form is read, and failures no handler answered, speak the language the request asks for.
    def too_large(scope: Scope) -> Response:
        return screens.message(request_language(instrument, Request(scope)), "large", 413)

    def too_many(scope: Scope) -> Response:
        response = screens.message(request_language(instrument, Request(scope)), "slow", 429)
        response.headers["retry-after"] = "60"
        return response

    def failed(scope: Scope, exc: BaseException) -> Response:
        return failure_page(screens, request_language(instrument, Request(scope)), exc)

    app = Starlette(
        routes=[
            Route("/", welcome, methods=["GET"]),
            Route("/form", form, methods=["POST"]),
            Route(CSS_URL, stylesheet, methods=["GET"]),
            *reviews,
        ],
        middleware=[
            Middleware(SecurityHeaders, secure=secure),
            Middleware(ErrorPages, page=failed),
            Middleware(RateLimit, limits=rate_limits, behind_proxy=secure, refused=too_many),
            Middleware(BodyLimit, max_bytes=max_body_bytes, too_large=too_large),
        ],
        exception_handlers={HTTPException: http_error},
        lifespan=lifespan,
    )
    app.state.codes = site.access.codes
    return app


async def _step(site: Site, request: Request) -> Response:
    screens, lang = site.screens, request_language(site.instrument, request)  # until a state says otherwise
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/x-www-form-urlencoded":
        return screens.message(lang, "bad", 415)
    form = await request.form(max_files=0, max_fields=MAX_FIELDS)
    fields: Fields = {}
    for name, value in form.multi_items():
        if not isinstance(value, str):
            return screens.message(lang, "bad", 400)
        fields.setdefault(name, []).append(value)
    tokens, actions = fields.get(STATE_FIELD, []), fields.get(ACTION_FIELD, [])
    if len(tokens) != 1 or len(actions) != 1:
        return screens.message(lang, "bad", 400)
    try:
        state = site.box.open(tokens[0])
    except StateError as exc:
        if exc.lang in site.instrument.languages:
            lang = exc.lang
        return screens.message(lang, "expired" if exc.expired else "bad", 400)
    if state.lang in site.instrument.languages:
        lang = state.lang
    if not csrf_ok(request, state.csrf, site.secure):
        return screens.message(lang, "cookie", 403)
    if site.used.used(state.session):
        return screens.message(lang, "used", 409)
    try:
        return await Flow(site, state, peer=request.scope.get(PEER_KEY, b"")).run(actions[0], fields)
    except HostilePostError:
        return screens.message(lang, "bad", 400)
    except Exception as exc:
        # The state they sent is still good: the page leads back to where they were, their answers kept.
        return failure_page(screens, lang, exc, state=tokens[0])


def _has_invitations(project: FormProject, instrument_id: str) -> bool:
    store = project.open_store()
    try:
        return store.invitation_counts(instrument_id).created > 0
    finally:
        store.close()


def _stylesheet() -> bytes:
    # The printable questionnaire's styles, then the form's own: one served file, so no inline style is needed.
    printable = files("instruments.printable.templates").joinpath("questionnaire.css").read_bytes()
    form = files("survey.web").joinpath("templates", "form.css").read_bytes()
    return printable + b"\n" + form
