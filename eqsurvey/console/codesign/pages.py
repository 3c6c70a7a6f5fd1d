"""The co-design section's pages: partners' links, their notes, and the comments per version and per question.

Each handler calls the same functions as the commands (:mod:`eqsurvey.workflows.partners`,
:mod:`instruments.review`); what it adds is only the page. A new link is shown once, in the
answer to the post that made it, and kept nowhere; the passphrase that opens the notes is
handed to the library call and dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from eqsurvey.config import Project
from eqsurvey.console.codesign.messages import WORDING
from eqsurvey.console.frame import Console
from eqsurvey.workflows.partners import DEFAULT_BASE_URL
from instruments.model import Instrument
from instruments.review import Review, ReviewRound
from kernel.errors import EqSurveyError, Location, Problem

#: Which form field a library error belongs to, by its code (the rest are shown at the top).
_FIELDS = {"organisation-name": "organisation", "review-url": "url", "no-partner-link": "organisation"}


@dataclass(frozen=True)
class LinkRow:
    organisation: str
    version: str
    hash: str
    created: str
    state: str
    """``open``, ``outdated`` (open, for another content) or ``revoked``."""


@dataclass(frozen=True)
class Note:
    date: str
    organisation: str
    decision: str
    about: str
    comment: str | None
    version: str
    current: bool


@dataclass(frozen=True)
class Round:
    version: str
    hash: str
    current: bool
    standings: list[tuple[str, str, str]]
    """(organisation, decision, date)."""
    notes: list[Note]


@dataclass(frozen=True)
class Overview:
    version: str
    hash: str
    links: list[LinkRow]
    waiting: int
    rounds: list[Round]


def _numbers(instrument: Instrument, lang: str) -> dict[str, tuple[int, str]]:
    from instruments.printable.page import questionnaire_view

    view = questionnaire_view(instrument, lang if lang in instrument.languages else instrument.default_language)
    return {q.id: (q.number, q.label) for s in view.sections for q in s.questions}


def _note(r: Review, numbers: dict[str, tuple[int, str]], lang: str, current: bool) -> Note:
    if r.question is None:
        about = WORDING.text(lang, "on_whole")
    elif r.question in numbers:
        number, label = numbers[r.question]
        about = WORDING.text(lang, "on_question", n=number, label=label)
    else:
        about = WORDING.text(lang, "on_unknown_question", id=r.question)
    return Note(_day(r.at.date().isoformat(), lang), r.by, r.decision, about, r.comment, r.instrument_version, current)


def _day(iso: str, lang: str) -> str:
    from datetime import date

    from kernel.i18n import format_date

    return format_date(date.fromisoformat(iso), lang)


def _rounds(rounds: list[ReviewRound], numbers: dict[str, tuple[int, str]], lang: str) -> list[Round]:
    return [
        Round(
            r.version, r.content_hash[:12], r.current,
            [(s.by, s.decision, _day(s.at.date().isoformat(), lang)) for s in r.standings],
            [_note(n, numbers, lang, r.current) for n in r.records],
        )
        for r in rounds
    ]  # fmt: skip


def overview(project: Project, instrument: Instrument, lang: str) -> Overview:
    """What the section's page shows, from the partners' file and reviews.jsonl."""
    from eqsurvey.workflows.partners import partner_links, unreceived
    from instruments.review import read_reviews, review_rounds

    digest = instrument.content_hash()
    links = [
        LinkRow(
            k.organisation, k.instrument_version, k.content_hash[:12], _day(k.created_day, lang),
            "revoked" if k.revoked else "open" if k.content_hash == digest else "outdated",
        )
        for k in partner_links(project, instrument)
    ]  # fmt: skip
    rounds = review_rounds(instrument, read_reviews(project.reviews_path))
    numbers = _numbers(instrument, lang)
    waiting = unreceived(project, instrument)
    return Overview(instrument.version, digest[:12], links, waiting, _rounds(rounds, numbers, lang))


@dataclass(frozen=True)
class QuestionNotes:
    heading: str
    notes: list[Note]


def by_question(project: Project, instrument: Instrument, lang: str) -> list[QuestionNotes]:
    """Every note, under the question it is about (the whole questionnaire first; questions this version no
    longer has last), the present content's and earlier ones' alike, each marked."""
    from instruments.review import read_reviews, review_rounds

    numbers = _numbers(instrument, lang)
    notes = [
        (r.question, _note(r, numbers, lang, rnd.current))
        for rnd in review_rounds(instrument, read_reviews(project.reviews_path))
        for r in rnd.records
    ]
    groups = [QuestionNotes(WORDING.text(lang, "whole"), [n for q, n in notes if q is None])]
    for qid, (number, label) in numbers.items():
        groups.append(QuestionNotes(WORDING.text(lang, "question_heading", n=number, label=label),
                                    [n for q, n in notes if q == qid]))  # fmt: skip
    gone = [n for q, n in notes if q is not None and q not in numbers]
    if gone:
        groups.append(QuestionNotes(WORDING.text(lang, "gone_questions"), gone))
    return groups


def _problems(exc: EqSurveyError) -> list[Problem]:
    return [
        p
        if p.where.field or p.code not in _FIELDS
        else Problem(p.code, Location(field=_FIELDS[p.code]), p.problem, p.fix)
        for p in exc.problems
    ]


def _passphrase_problems(exc: EqSurveyError) -> list[Problem]:
    return [Problem(p.code, Location(field="passphrase"), p.problem, p.fix) for p in exc.problems]


def routes(console: Console) -> list[BaseRoute]:
    async def page(
        request: Request, *, status: int = 200, problems: list[Problem] | None = None, **extra: Any
    ) -> Response:
        lang = console.lang(request)
        title = WORDING.text(lang, "title")
        try:
            project = console.require_project()
            instrument = console.instrument(project).instrument
            shown = await console.run(overview, project, instrument, lang)
        except EqSurveyError as exc:
            return console.page(request, "codesign/page.j2", title=title, words=WORDING, problems=list(exc.problems),
                                view=None, new_link=None, organisation="", url=DEFAULT_BASE_URL)  # fmt: skip
        context: dict[str, Any] = {"new_link": None, "organisation": "", "url": DEFAULT_BASE_URL} | extra
        return console.page(request, "codesign/page.j2", title=title, words=WORDING, status=status,
                            problems=problems or [], view=shown, **context)  # fmt: skip

    async def show(request: Request) -> Response:
        return await page(request)

    async def invite(request: Request) -> Response:
        from eqsurvey.workflows.partners import invite as make

        form = await console.form(request)
        organisation, url = form.text("organisation"), form.text("url", DEFAULT_BASE_URL)
        try:
            invited = await console.run(make, console.require_project(), organisation, url)
        except EqSurveyError as exc:
            return await page(request, problems=_problems(exc), organisation=organisation, url=url)
        return await page(request, new_link=(invited.link.organisation, invited.url), url=url)

    async def revoke(request: Request) -> Response:
        from eqsurvey.workflows.partners import revoke as stop

        form = await console.form(request)
        organisation = form.text("organisation")
        try:
            await console.run(stop, console.require_project(), organisation)
        except EqSurveyError as exc:
            return await page(request, problems=_problems(exc))
        lang = console.lang(request)
        return console.done(request, "/codesign", WORDING.text(lang, "revoked", organisation=organisation))

    async def receive(request: Request) -> Response:
        from eqsurvey.resources import project_keyring
        from eqsurvey.workflows.partners import receive as take

        form = await console.form(request)
        passphrase = form.passphrase()
        try:
            project = console.require_project()
            keys = await console.run(project_keyring(project).private_keys, passphrase)
        except EqSurveyError as exc:
            return await page(request, problems=_passphrase_problems(exc))
        finally:
            del passphrase
        try:
            added = await console.run(take, project, keys)
        except EqSurveyError as exc:
            return await page(request, problems=list(exc.problems))
        finally:
            del keys
        return console.done(request, "/codesign", WORDING.text(console.lang(request), "received", n=len(added)))

    async def merge(request: Request) -> Response:
        from eqsurvey.workflows.partners import merge_bundle_data
        from survey.partners.bundle import MAX_BYTES

        form = await console.form(request, max_files=1)
        lang = console.lang(request)
        upload, data = form.upload("bundle"), b""
        try:
            if upload is not None and upload.filename:
                data = await upload.read(MAX_BYTES + 1)
        finally:
            for opened in form.files.values():  # every upload, also one under another name
                await opened.close()
        if upload is None or not upload.filename:
            missing = Problem("no-file", Location(field="bundle"), WORDING.text(lang, "no_file"), "")
            return await page(request, problems=[missing])
        try:
            merged = await console.run(merge_bundle_data, console.require_project(), data, upload.filename)
        except EqSurveyError as exc:
            return await page(request, problems=[Problem(p.code, Location(field="bundle"), p.problem, p.fix)
                                                 for p in exc.problems])  # fmt: skip
        note = WORDING.text(lang, "merged", links=merged.links, notes=merged.notes)
        return console.done(request, "/codesign", note)

    async def bundle(request: Request) -> Response:
        from eqsurvey.workflows.partners import bundle_of

        try:
            text, _, _ = await console.run(bundle_of, console.require_project())
        except EqSurveyError as exc:
            return await page(request, problems=list(exc.problems))
        # The link's download attribute saves it as a file; opened directly, the JSON is shown (it is text).
        headers = {"content-disposition": 'inline; filename="partners.json"'}
        return Response(text, media_type="application/json", headers=headers)

    async def questions(request: Request) -> Response:
        lang = console.lang(request)
        title = WORDING.text(lang, "questions_title")
        try:
            project = console.require_project()
            instrument = console.instrument(project).instrument
            groups = await console.run(by_question, project, instrument, lang)
        except EqSurveyError as exc:
            return console.page(request, "codesign/questions.j2", title=title, words=WORDING,
                                problems=list(exc.problems), groups=[])  # fmt: skip
        return console.page(request, "codesign/questions.j2", title=title, words=WORDING, groups=groups)

    return [
        Route("/codesign", show, methods=["GET"]),
        Route("/codesign/invite", invite, methods=["POST"]),
        Route("/codesign/revoke", revoke, methods=["POST"]),
        Route("/codesign/receive", receive, methods=["POST"]),
        Route("/codesign/merge", merge, methods=["POST"]),
        Route("/codesign/partners.json", bundle, methods=["GET"]),
        Route("/codesign/questions", questions, methods=["GET"]),
    ]
