"""``eqsurvey documents``: the data-protection documents of the project, and ``documents check``.

Made from the config, the instrument, the plan, the reviews and the public keys (never from
responses), in German and English, as DOCX, PDF and HTML (:mod:`eqsurvey.workflows.documents`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from eqsurvey.commands.kit import require_project, say, user_errors
from kernel.errors import EqSurveyError

app = typer.Typer(
    help="The data-protection documents a municipality needs, made from the project (never from responses): the "
    "record of processing activities (Art. 30), the technical annex for the data protection officer, the input for "
    "the DPIA (Art. 35(7)) and the methods note, in German and English, and the information for respondents "
    "(Art. 13) with the consent statement in every language of the questionnaire, as DOCX, PDF and HTML. "
    "`eqsurvey documents` writes them; `eqsurvey documents check` tells whether they are still current.\n\n"
    "Example: eqsurvey documents --lang de --format docx,pdf --out dsgvo/",
    invoke_without_command=True,
    pretty_exceptions_show_locals=False,
)

_FORMATS = ("docx", "pdf", "html")


def _choices(value: str | None, known: tuple[str, ...], option: str) -> list[str]:
    if value is None:
        return list(known)
    chosen = [part.strip() for part in value.split(",") if part.strip()]
    wrong = [part for part in chosen if part not in known]
    if wrong or not chosen:
        raise EqSurveyError.single(
            "bad-option",
            f"{option} {value!r}: {', '.join(wrong) or 'nothing'} is not one of {', '.join(known)}",
            f"write e.g. {option} {','.join(known)}",
        )
    return list(dict.fromkeys(chosen))


def _folder(out: Path | None, root: Path) -> Path:
    from eqsurvey.workflows.documents import DEFAULT_FOLDER

    return out if out is not None else root / DEFAULT_FOLDER


@app.callback()
@user_errors
def documents(
    ctx: typer.Context,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Languages, comma-separated (default: German and English, and the respondents' information in "
            "every language of the questionnaire).",
        ),
    ] = None,
    formats: Annotated[
        str | None,
        typer.Option("--format", help="Formats, comma-separated: docx, pdf, html (default: all three)."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Folder to write into (default: documents/ in the project).")
    ] = None,
) -> None:
    """Write the project's data-protection documents (DOCX to edit, tagged PDF, accessible HTML).

    Needs the [documents] table of eqsurvey.toml and the project's keys (only the public key is read).

    Example: eqsurvey documents --lang de --format docx,pdf --out dsgvo/
    """
    if ctx.invoked_subcommand is not None:
        return
    from eqsurvey.workflows.documents import Format, write_documents

    project = require_project(ctx)
    langs = None if lang is None else [part.strip() for part in lang.split(",") if part.strip()]
    chosen: list[Format] = [f for f in ("docx", "pdf", "html") if f in _choices(formats, _FORMATS, "--format")]
    for path in write_documents(project, _folder(out, project.root), langs, chosen):
        typer.echo(str(path))
    say(ctx, "check them later with: eqsurvey documents check")


@app.command()
@user_errors
def check(
    ctx: typer.Context,
    out: Annotated[
        Path | None, typer.Option("--out", help="Folder the documents are in (default: documents/ in the project).")
    ] = None,
) -> None:
    """Tell, per document, whether it was made from the project as it is now (exit 1 if any is stale or missing).

    Example: eqsurvey documents check
    """
    from eqsurvey.workflows.documents import check_documents

    project = require_project(ctx)
    folder = _folder(out, project.root)
    verdicts = check_documents(project, folder)
    if not any(v.status != "missing" for v in verdicts):
        raise EqSurveyError.single(
            "no-documents",
            f"there are no documents in {folder}",
            "make them with `eqsurvey documents`" + ("" if out is None else f" --out {out}"),
        )
    for v in verdicts:
        typer.echo(f"{v.status:<10} {v.path}  {v.detail}")
    bad = [v for v in verdicts if not v.ok]
    if bad:
        fix = "eqsurvey documents" + ("" if out is None else f" --out {out}")
        typer.echo(f"{len(bad)} document file(s) not current: make them again with `{fix}`", err=True)
        raise typer.Exit(1)
