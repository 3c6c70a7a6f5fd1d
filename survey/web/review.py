"""Community partners review the questionnaire from a personal link: ``/review/<token>`` on the survey's server.

The server holds the analysts' public key and the pseudonym secret, never the
private key. A link's token is looked up by its keyed hash in the partners'
file (:mod:`survey.partners.store`); a token of the wrong form, unknown,
revoked, or for another survey gets one page that says the link does not work
(404), a link made for content the server no longer serves says so (410), and
neither stores anything. The page shows the questionnaire in any of its
languages (the printable questionnaire's view, read-only), the planned tables
in plain words (handed over by the composition root, which reads the plan),
and one form: what the note is about (the whole or one question), a decision
(comment only, approve, ask for changes) and the comment. A note that passes
is sealed at once to the analysts' public key (:mod:`anonymize.partner_notes`)
and stored sealed; the server cannot show it again. CSRF: the form's hidden
token must equal the browser's SameSite cookie. The body limit, the rate
limits and the security headers are the form's own (the same middleware).
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from anonymize.keys.pair import PublicKey
from anonymize.partner_notes import is_partner_token, seal_note
from anonymize.pseudonyms import PseudonymSecret
from instruments.model import Instrument
from instruments.printable.page import QuestionnaireView, template_environment
from instruments.text import is_rtl, language_name
from kernel.i18n import NumberFormat
from survey.partners.store import PartnerLink, PartnerStore
from survey.web.messages import wording, wording_language
from survey.web.review_words import review_wording
from survey.web.screens import CSS_URL, request_language
from survey.web.security import cookie_name, csrf_token, set_csrf_cookie

#: The longest comment a note may hold (as ``eqsurvey instrument review --comment``).
MAX_COMMENT = 10_000
DECISIONS = ("comment", "approve", "changes")
_FIELDS = frozenset({"csrf", "lang", "question", "decision", "comment"})


@dataclass(frozen=True)
class PlannedTables:
    """The analysis plan in plain words, in one language (``lang``: the language the text is in)."""

    lang: str
    rules: list[str]
    tables: list[tuple[str, str]]
    """Each table's title and what it shows, in a sentence."""


@dataclass(frozen=True)
class ReviewSite:
    """What the review pages need, as values (built by :func:`survey.web.app.create_app`)."""

    instrument: Instrument
    views: dict[str, QuestionnaireView]
    partners_path: Path
    public_key: PublicKey
    secret: PseudonymSecret
    plan: Callable[[str], PlannedTables | None]
    secure: bool
    content_hash: str
    """The content the server serves: a link made for other content is refused (410)."""
    simulated: bool = False

    def find(self, token: str) -> PartnerLink | None:
        """The open link of this survey with ``token``; None for anything else (never says which)."""
        if not is_partner_token(token) or not self.partners_path.exists():
            return None
        with PartnerStore(self.partners_path) as store:
            link = store.link(self.secret.partner_link_hash(self.instrument.id, token))
        if link is None or link.revoked or link.instrument_id != self.instrument.id:
            return None
        return link

    def store(self, link: PartnerLink, note: dict[str, Any]) -> None:
        sealed = seal_note(self.public_key, self.instrument.id, note)
        with PartnerStore(self.partners_path) as store:
            store.add_note(sealed)


def review_routes(site: ReviewSite) -> list[Route]:
    async def review(request: Request) -> Response:
        return await _review(site, request)

    return [Route("/review/{token}", review, methods=["GET", "POST"])]


def _lang(site: ReviewSite, asked: str, request: Request) -> str:
    return asked if asked in site.instrument.languages else request_language(site.instrument, request)


def _page(site: ReviewSite, template: str, lang: str, status: int, **context: Any) -> HTMLResponse:
    view = site.views[lang]
    frame = wording_language(lang)
    words = wording(lang) | review_wording(lang)
    html = (
        template_environment("survey.web")
        .get_template(template)
        .render(
            lang=lang,
            dir=view.dir,
            survey_title=view.title,
            m=words,
            ui={} if frame == lang else {"lang": frame, "dir": "rtl" if is_rtl(frame) else "ltr"},
            css_url=CSS_URL,
            simulated=site.simulated,
            **context,
        )
    )
    return HTMLResponse(html, status_code=status)


def _message(site: ReviewSite, lang: str, key: str, status: int, **values: str) -> HTMLResponse:
    return _page(site, "review_message.j2", lang, status, key=key, values=values)


async def _review(site: ReviewSite, request: Request) -> Response:
    lang = request_language(site.instrument, request)
    token = request.path_params["token"]
    link = await run_in_threadpool(site.find, token)
    if link is None:
        return _message(site, lang, "review_link", 404)
    if link.content_hash != site.content_hash:
        return _message(site, lang, "review_changed", 410, version=link.instrument_version)
    if request.method == "GET":
        question = request.query_params.get("question", "")
        return _show(
            site, request, link, token, lang=lang, given={"question": question}, errors={},
            sent="sent" in request.query_params,
        )  # fmt: skip
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/x-www-form-urlencoded":
        return _message(site, lang, "review_bad", 415)
    try:
        form = await request.form(max_files=0, max_fields=len(_FIELDS))
    except HTTPException:  # more fields than the form has, or a file: not from this page
        return _message(site, lang, "review_bad", 400)
    given: dict[str, str] = {}
    for name, value in form.multi_items():
        if not isinstance(value, str) or name not in _FIELDS or name in given:
            return _message(site, lang, "review_bad", 400)
        given[name] = value
    lang = _lang(site, given.get("lang", ""), request)
    cookie = request.cookies.get(cookie_name(site.secure), "")
    if not cookie or not hmac.compare_digest(cookie.encode(), given.get("csrf", "").encode()):
        return _message(site, lang, "review_expired", 403)
    errors, note = _check(site, link, lang, given)
    if errors:
        return _show(site, request, link, token, lang=lang, given=given, errors=errors, status=422)
    await run_in_threadpool(site.store, link, note)
    return RedirectResponse(f"/review/{token}?lang={lang}&sent=1", status_code=303)


def _limit(lang: str) -> str:
    return NumberFormat(wording_language(lang)).integer(MAX_COMMENT)


def _questions(view: QuestionnaireView) -> list[tuple[str, int, str]]:
    return [(q.id, q.number, q.label) for s in view.sections for q in s.questions]


def _check(
    site: ReviewSite, link: PartnerLink, lang: str, given: dict[str, str]
) -> tuple[dict[str, str], dict[str, Any]]:
    words = review_wording(lang)
    errors: dict[str, str] = {}
    question = given.get("question", "")
    if question and question not in {q for q, _, _ in _questions(site.views[lang])}:
        errors["question"] = words["review_bad_question"]
    decision = given.get("decision", "comment")
    if decision not in DECISIONS:
        errors["decision"] = words["review_bad_decision"]
    comment = given.get("comment", "").replace("\r\n", "\n").strip()
    if len(comment) > MAX_COMMENT:
        errors["comment"] = words["review_too_long"].format(max=_limit(lang))
    elif not comment and decision == "changes":
        errors["comment"] = words["review_need_text"]
    elif not comment and decision == "comment":
        errors["comment"] = words["review_need_something"]
    note = {
        "by": link.organisation,
        "instrument_id": link.instrument_id,
        "instrument_version": link.instrument_version,
        "content_hash": link.content_hash,
        "decision": decision,
        "comment": comment or None,
        "question": question or None,
        "at": datetime.now(UTC).replace(microsecond=0).isoformat(),
    }
    return errors, note


def _show(
    site: ReviewSite,
    request: Request,
    link: PartnerLink,
    token: str,
    *,
    lang: str,
    given: dict[str, str],
    errors: dict[str, str],
    status: int = 200,
    sent: bool = False,
) -> HTMLResponse:
    csrf, new = csrf_token(request, site.secure)
    view = site.views[lang]
    response = _page(
        site,
        "review.j2",
        lang,
        status,
        view=view,
        organisation=link.organisation,
        version=link.instrument_version,
        short_hash=link.content_hash[:12],
        token=token,
        csrf=csrf,
        questions=_questions(view),
        plan=site.plan(lang),
        given=given,
        errors=errors,
        sent=sent,
        max_comment=MAX_COMMENT,
        max_comment_text=_limit(lang),
        languages=[(code, language_name(code), code == lang) for code in site.instrument.languages],
    )
    if new:
        set_csrf_cookie(response, csrf, site.secure)
    return response
