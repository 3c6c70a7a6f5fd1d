"""The fieldwork section's routes: progress, invitation letters, importing an export, erasing on request.

Every handler calls the workflow the command line calls (``eqsurvey.workflows.fieldwork``,
``.invitations``, ``.responses``); long steps (letters, imports) run as console jobs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from eqsurvey.console.fieldwork.held import SHOWN_PROBLEMS, Held, ImportView
from eqsurvey.console.fieldwork.letters import LetterForm, letter_problems, save_letter
from eqsurvey.console.fieldwork.letters import stored_letter as stored
from eqsurvey.console.fieldwork.messages import WORDING
from eqsurvey.console.fieldwork.uploads import EXPORT_SUFFIXES, Received, UploadRefusedError, receive
from eqsurvey.console.frame import Console
from eqsurvey.console.jobs import Job, JobResult
from kernel.errors import EqSurveyError, Location, Problem
from reports.letters import MAX_LETTERS

#: The largest export the section takes (the console's body limit is larger: a release file to compare with).
MAX_UPLOAD_BYTES = 100_000_000
_COUNTS = ("count_stored", "count_rejected", "count_unchanged", "count_replaced", "count_erased", "count_code_used")


def routes(console: Console, max_upload: int = MAX_UPLOAD_BYTES) -> list[BaseRoute]:
    held = Held()

    def page(
        request: Request,
        template: str,
        key: str,
        *,
        problems: Sequence[Problem] = (),
        status: int = 200,
        **context: Any,
    ) -> Response:
        lang = console.lang(request)
        title = WORDING.text(lang, key)
        return console.page(
            request, f"fieldwork/{template}", title=title, words=WORDING, problems=problems, status=status, **context
        )

    async def overview(request: Request) -> Response:
        from eqsurvey.workflows.fieldwork import fieldwork_progress

        shown = await console.run(fieldwork_progress, console.require_project())
        share = f"{100 * shown.invitations_used / shown.invitations_created:.1f}" if shown.invitations_created else ""
        return page(request, "overview.j2", "section_title", progress=shown, share=share)

    # --- letters -----------------------------------------------------------------------------------

    def letters_page(request: Request, form: LetterForm, count: str, problems: list[Problem]) -> Response:
        return page(
            request, "letters.j2", "letters_title", letter=form, count=count, problems=problems, max=MAX_LETTERS
        )

    async def letters(request: Request) -> Response:
        lang = console.lang(request)
        form = stored(console.require_project(), WORDING.text(lang, "default_letter"))
        return letters_page(request, form, "", [])

    async def letters_post(request: Request) -> Response:
        posted = await console.form(request)
        lang = console.lang(request)
        project = console.require_project()
        old = stored(project, "")
        letter = LetterForm(posted.text("link"), posted.text("letter"), old.header)
        count = posted.text("count")
        problems = letter_problems(letter, WORDING.text(lang, "at_line", line="{line}"))
        making = posted.checked("make")
        number = _number(count) if making else None
        if making and (number is None or not 1 <= number <= MAX_LETTERS):
            text = WORDING.text(lang, "count_invalid", max=MAX_LETTERS)
            problems.append(Problem("letters-count", Location(field="count"), text, ""))
        if problems:
            return letters_page(request, letter, count, problems)
        path = await console.run(save_letter, project, letter)
        if not making or number is None:
            return console.done(request, "/fieldwork/letters", WORDING.text(lang, "saved", file=str(path)))
        return console.start(WORDING.text(lang, "letters_job"), _letters_job(console, held, letter, number, lang))

    async def letters_pdf(request: Request) -> Response:
        pdf = held.pdfs.take(request.path_params["token"])
        if pdf is None:
            return page(request, "gone.j2", "letters_title", text_key="download_gone", status=404)
        headers = {"content-disposition": 'attachment; filename="letters.pdf"', "cache-control": "no-store"}
        return Response(pdf, media_type="application/pdf", headers=headers)

    # --- import ------------------------------------------------------------------------------------

    def import_page(request: Request, problems: list[Problem]) -> Response:
        mb = f"{max_upload / 1_000_000:g}"
        return page(request, "import.j2", "import_title", problems=problems, mb=mb, accept=",".join(EXPORT_SUFFIXES))

    async def import_form(request: Request) -> Response:
        console.require_project()
        return import_page(request, [])

    async def import_post(request: Request) -> Response:
        posted = await console.form(request, max_files=2)
        lang = console.lang(request)
        project = console.require_project()
        try:
            received = await receive(posted.upload("export"), posted.upload("structure"), max_upload)
        except UploadRefusedError as refused:
            field = "structure" if refused.key == "structure_type" else "export"
            text = WORDING.text(lang, refused.key, **refused.values)
            return import_page(request, [Problem("upload", Location(field=field), text, "")])
        finally:
            for upload in posted.files.values():
                await upload.close()
        title = WORDING.text(lang, "import_job")  # no file name: a long one would not fit a phone's width
        return console.start(title, _import_job(project, held, received, lang))

    async def import_result(request: Request) -> Response:
        view = held.imports.get(request.path_params["job_id"])
        if view is None:
            return page(request, "gone.j2", "result_gone", text_key="result_gone", status=404)
        return page(request, "import_result.j2", "result_title", view=view)

    # --- erasure -----------------------------------------------------------------------------------

    def erase_page(request: Request, kind: str, problems: list[Problem]) -> Response:
        return page(request, "erase.j2", "erase_title", kind=kind, problems=problems)

    async def erase_form(request: Request) -> Response:
        console.require_project()
        return erase_page(request, "receipt", [])

    async def erase_post(request: Request) -> Response:
        from eqsurvey.workflows.responses import erase_response

        posted = await console.form(request)
        lang = console.lang(request)
        kind, code = posted.text("kind", "receipt"), posted.text("code")
        if kind not in ("receipt", "access_code"):
            kind = "receipt"
        if not code:
            missing = Problem("erase-code", Location(field="code"), WORDING.text(lang, "code_missing"), "")
            return erase_page(request, kind, [missing])
        project = console.require_project()
        try:
            erased = await console.run(erase_response, project, **{kind: code[:200]})
        except EqSurveyError as exc:
            return erase_page(request, kind, [_at(p, "code") for p in exc.problems])
        finally:
            del code
        note = WORDING.text(lang, "erased", n=erased.count)
        if erased.carry_to_server:
            note += " " + WORDING.text(lang, "carry_note")
        return console.done(request, "/fieldwork/erase", note)

    return [
        Route("/fieldwork", overview, methods=["GET"]),
        Route("/fieldwork/letters", letters, methods=["GET"]),
        Route("/fieldwork/letters", letters_post, methods=["POST"]),
        Route("/fieldwork/letters/pdf/{token}", letters_pdf, methods=["GET"]),
        Route("/fieldwork/import", import_form, methods=["GET"]),
        Route("/fieldwork/import", import_post, methods=["POST"]),
        Route("/fieldwork/import/{job_id}", import_result, methods=["GET"]),
        Route("/fieldwork/erase", erase_form, methods=["GET"]),
        Route("/fieldwork/erase", erase_post, methods=["POST"]),
    ]


def _number(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 7 else None


def _at(problem: Problem, field: str) -> Problem:
    return Problem(problem.code, Location(field=field), problem.problem, problem.fix, problem.severity)


def _letters_job(console: Console, held: Held, letter: LetterForm, n: int, lang: str):  # type: ignore[no-untyped-def]
    def work(job: Job) -> JobResult:
        from eqsurvey.workflows.invitations import check_letter_fits, create_invitations, letters_pdf
        from reports.letter_text import parse_letter

        project = console.require_project()
        parsed = parse_letter(letter.text(), "letter.md")  # checked again: the page's check was before the job
        check_letter_fits(project, parsed, "letter.md")  # before any code is made
        created = create_invitations(project, n)
        done = 0

        def told(batch: int) -> None:
            nonlocal done
            done += batch
            job.progress(done, n)

        pdf = letters_pdf(project, parsed, created.codes, source="letter.md", progress=told)
        token = held.hold_pdf(pdf)
        return JobResult(
            WORDING.text(lang, "letters_done", n=n) + " " + WORDING.text(lang, "download_once"),
            link=f"/fieldwork/letters/pdf/{token}",
            link_text=WORDING.text(lang, "letters_download"),
        )

    return work


def _import_job(project, held: Held, received: Received, lang: str):  # type: ignore[no-untyped-def]
    def work(job: Job) -> JobResult:
        from eqsurvey.workflows.responses import import_responses

        done = 0

        def told(rows: int) -> None:
            nonlocal done
            done += rows
            job.progress(done, None, WORDING.text(lang, "rows_checked", n=done))  # the total is not known ahead

        try:
            imported = import_responses(project, received.export, structure=received.structure, progress=told)
        except EqSurveyError as exc:
            raise EqSurveyError(_shown(p, received) for p in exc.problems) from None
        finally:
            received.delete()
        r = imported.report
        numbers = (r.stored, len(r.rejected_rows), r.unchanged, len(r.replaced_rows), r.erased, len(r.code_used_rows))
        problems = [_shown(p, received) for p in r.rejected]
        held.imports.put(
            job.id,
            ImportView(
                received.name,
                list(zip(_COUNTS, numbers, strict=True)),
                problems[:SHOWN_PROBLEMS],
                max(0, len(problems) - SHOWN_PROBLEMS),
                [received.shown(note) for note in imported.notes],
            ),
        )
        return JobResult(
            WORDING.text(lang, "import_done", stored=r.stored, rejected=len(r.rejected_rows)),
            link=f"/fieldwork/import/{job.id}",
            link_text=WORDING.text(lang, "import_see"),
        )

    return work


def _shown(problem: Problem, received: Received) -> Problem:
    where = problem.where
    if where.file is not None:
        where = Location(received.shown(where.file), where.line, where.column, where.question, where.row, where.field)
    return Problem(problem.code, where, received.shown(problem.problem), received.shown(problem.fix), problem.severity)
