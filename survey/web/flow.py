"""What each button does: start, next, back, switch language, send.

Every post carries the sealed state (:mod:`.state`) and the fields of the page
it came from. Next checks the page (messages next to the fields, or on to the
next page the skip logic asks); back keeps what is valid and goes back; a
language switch shows the same page, as filled in, in the other language;
send checks everything again and stores it through the import's own path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.responses import HTMLResponse

from instruments.model import Instrument
from instruments.questions import Consent
from instruments.submission import check_answers
from kernel.errors import Problem
from survey.web.access import MAX_CODE_CHARS, Access, CodeEntry
from survey.web.fields import CODE_FIELD, Fields, HostilePostError, Local, read_page, to_fields
from survey.web.limits import Limits
from survey.web.pages import Asked, Page, asked_on, next_page, previous_page, pruned
from survey.web.screens import Screens
from survey.web.state import FormState, StateBox
from survey.web.submit import Submitter, UsedSessions


@dataclass(frozen=True)
class Site:
    """Everything a request needs, made once by :func:`survey.web.app.create_app`."""

    instrument: Instrument
    pages: tuple[Page, ...]
    screens: Screens
    box: StateBox
    used: UsedSessions
    submitter: Submitter
    secure: bool
    access: Access
    limits: Limits


@dataclass
class Flow:
    site: Site
    state: FormState
    peer: bytes = b""  # the client's rate-limit key (see .limits), for the submissions it may make
    code: CodeEntry | None = None  # the welcome page's code field as typed, when it is shown again

    def show(
        self,
        index: int,
        answers: dict[str, Any],
        fields: Fields | None = None,
        errors: dict[str, str] | None = None,
        lang: str | None = None,
    ) -> HTMLResponse:
        """Page ``index`` (-1 welcome, ``len(pages)`` ready to send) with the state it needs to go on."""
        lang = lang or self.state.lang
        state = self.site.box.seal(self.state.moved(page=index, answers=answers, lang=lang))
        screens, pages = self.site.screens, self.site.pages
        if index < 0:
            return screens.welcome(lang, state, self.code or self.code_entry())
        if index >= len(pages):
            return screens.finish(lang, state)
        asked = asked_on(self.site.instrument, pages[index], answers)
        shown = to_fields(asked, answers) if fields is None else fields
        return screens.questions(
            lang, pages[index], asked, state=state, fields=shown, errors=errors or {}, answers=answers
        )

    async def run(self, action: str, fields: Fields) -> HTMLResponse:
        site, state = self.site, self.state
        index, pages = state.page, site.pages
        if not -1 <= index <= len(pages):
            raise HostilePostError("no such page")
        on_questions = 0 <= index < len(pages)
        if action.startswith("lang:"):
            lang = action.removeprefix("lang:")
            if lang not in site.instrument.languages:
                raise HostilePostError("no such language")
            if on_questions:
                read_page(self.asked(), fields)  # refuses a hostile post; what was typed is shown again, unchecked
                return self.show(index, state.answers, fields=fields, lang=lang)
            if index == -1 and self.code_entry().required:
                self.code = CodeEntry(True, typed=self.typed_code(fields))
            return self.show(index, state.answers, lang=lang)
        if action == "show":
            return self.show(index, state.answers)
        if index == -1 and action == "start":
            return await self.start(fields)
        if on_questions and action in ("next", "back"):
            return self.leave_page(action, fields)
        if index == len(pages) and action == "back":
            return self.show(previous_page(site.instrument, pages, index - 1, state.answers), state.answers)
        if index == len(pages) and action == "submit":
            return await self.submit()
        raise HostilePostError(f"action {action!r} on page {index}")

    def code_entry(self) -> CodeEntry:
        return CodeEntry(self.site.access.codes and self.state.invitation is None, accepted=bool(self.state.invitation))

    @staticmethod
    def typed_code(fields: Fields) -> str:
        typed = fields.get(CODE_FIELD, [""])
        if len(typed) != 1:
            raise HostilePostError("one code field expected")
        return typed[0][: MAX_CODE_CHARS + 1]  # shown again in the field: no need to echo a megabyte

    async def start(self, fields: Fields) -> HTMLResponse:
        """On from the welcome page; with invitations, only with a code that may start."""
        if self.code_entry().required:
            refused = await self.accept_code(self.typed_code(fields))
            if refused is not None:
                return refused
            if self.state.invitation is None:
                return self.show(-1, self.state.answers)
        site = self.site
        return self.show(next_page(site.instrument, site.pages, 0, self.state.answers), self.state.answers)

    async def accept_code(self, typed: str) -> HTMLResponse | None:
        """Take the code into the state if it may start; else a page that says why (or the field's error, kept)."""
        hashed, refusal = await self.site.access.check(typed)
        if refusal in ("code_used", "slow"):
            status = 409 if refusal == "code_used" else 429
            return self.site.screens.message(self.state.lang, refusal, status)
        if hashed is None:
            self.code = CodeEntry(True, typed=typed, error=refusal)
        else:
            self.state = self.state.moved(invitation=hashed)
        return None

    def asked(self) -> list[Asked]:
        return asked_on(self.site.instrument, self.site.pages[self.state.page], self.state.answers)

    def leave_page(self, action: str, fields: Fields) -> HTMLResponse:
        site, index = self.site, self.state.page
        asked = self.asked()
        given, local = read_page(asked, fields)
        on_page = {q.id for q in site.pages[index].questions}
        answers = {k: v for k, v in self.state.answers.items() if k not in on_page} | given
        problems = self.problems(answers, asked)
        if action == "back":
            # Going back keeps what is valid; what is not is dropped quietly, as if not yet answered.
            kept = {k: v for k, v in answers.items() if k not in local and k not in problems}
            return self.show(previous_page(site.instrument, site.pages, index - 1, kept), kept)
        if local or problems:
            errors = site.screens.error_texts(self.state.lang, asked, given, local, problems)
            return self.show(index, self.state.answers, fields=fields, errors=errors)
        if any(isinstance(a.question, Consent) and given.get(a.question.id) is False for a in asked):
            return self.no_consent(answers)
        return self.show(next_page(site.instrument, site.pages, index + 1, answers), answers)

    def problems(self, answers: dict[str, Any], asked: list[Asked]) -> dict[str, Problem]:
        """The instrument's own checks (exclusive options, selection limits, ranges, required) for this page."""
        site = self.site
        checked = check_answers(site.instrument, pruned(site.instrument, site.pages, answers))
        ids = {a.question.id for a in asked}
        found: dict[str, Problem] = {}
        for p in checked.problems:
            if p.where.question in ids and p.code != "no-consent":
                found.setdefault(p.where.question, p)
        return found

    def no_consent(self, answers: dict[str, Any]) -> HTMLResponse:
        # The way back shows the consent page as answered; nothing is stored from here.
        state = self.site.box.seal(self.state.moved(answers=answers))
        return self.site.screens.message(self.state.lang, "no_consent", 200, state=state)

    async def submit(self) -> HTMLResponse:
        site, state = self.site, self.state
        answers = pruned(site.instrument, site.pages, state.answers)
        checked = check_answers(site.instrument, answers)
        if any(p.code == "no-consent" for p in checked.problems):
            return self.no_consent(answers)
        if checked.problems:
            return self.back_to_problem(answers, checked.problems)
        if site.access.codes and state.invitation is None:
            raise HostilePostError("a survey with invitations, and no code in the state")
        if not await site.limits.allow_submission(self.peer) or (
            state.invitation is not None and not await site.limits.allow_code(state.invitation)
        ):
            return site.screens.message(state.lang, "slow", 429)
        if not site.used.claim(state.session):
            return site.screens.message(state.lang, "used", 409)
        try:
            session = site.access.secret.session_hash(site.instrument.id, state.session)
            outcome, receipt = await site.submitter.submit(checked.answers, state.invitation, session)
        except Exception:
            # The store said no: nothing was stored, so the respondent may send again. (Not on cancellation:
            # a form already queued may still be stored, so the session stays claimed.)
            site.used.release(state.session)
            raise
        if outcome == "stored":
            return site.screens.thanks(state.lang, receipt)
        if outcome == "again":  # sent before, to another server process or before a restart: stored then
            return site.screens.message(state.lang, "used", 409)
        if outcome is not None:  # the code was used meanwhile (say, in another tab): nothing of this was stored
            return site.screens.message(state.lang, "code_used" if outcome == "used" else "code_unknown", 409)
        site.used.release(state.session)
        raise HostilePostError("refused by the import's checks")

    def back_to_problem(self, answers: dict[str, Any], problems: list[Problem]) -> HTMLResponse:
        """Every page was checked on the way, so this is rare (e.g. a required answer skipped by going back)."""
        site = self.site
        wanted = {p.where.question for p in problems}
        for index, page in enumerate(site.pages):
            asked = asked_on(site.instrument, page, answers)
            if wanted & {a.question.id for a in asked}:
                flow = Flow(site, self.state.moved(page=index, answers=answers))
                page_problems = flow.problems(answers, asked)
                local: dict[str, Local] = {}
                errors = site.screens.error_texts(self.state.lang, asked, answers, local, page_problems)
                return flow.show(index, answers, errors=errors)
        raise HostilePostError("problems outside every page")
