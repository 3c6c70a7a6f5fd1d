"""``eqsurvey report …``: reports of stored releases (a thin adapter).

Stored releases are read by :func:`eqsurvey.workflows.release.stored_body`
(as they may be published, without the dataset's MAC). WeasyPrint, pandas and the rest are imported inside the commands:
``eqsurvey --help`` stays instant.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from eqsurvey.commands import plan_preview as preview_cli
from eqsurvey.commands.kit import require_project, say, user_errors, write_output
from kernel.errors import EqSurveyError

if TYPE_CHECKING:
    from analysis.releases.model import Release
    from eqsurvey.config import Project
    from instruments.model import Instrument
    from reports.render import Format

plan_preview = preview_cli.plan_preview
"""``eqsurvey plan preview``: mounted on the plan group by eqsurvey.cli (analysis may not import reports)."""

app = typer.Typer(
    help="Reports of stored releases: one self-contained, accessible HTML page, a PDF of it, tidy CSV/JSON"
    " of every cell, or an Excel workbook of the tables, in German or English; and side-by-side comparisons of"
    " releases.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)

_SUFFIXES: dict[str, Format] = {
    ".html": "html", ".htm": "html", ".pdf": "pdf", ".csv": "csv", ".json": "json", ".xlsx": "xlsx",
}  # fmt: skip


def _instrument(project: Project) -> Instrument:
    from instruments.loader import load_instrument

    return load_instrument(project.instrument_path).instrument


def _language(lang: str | None, instrument: Instrument) -> str:
    from reports.catalogue import LANGUAGES

    chosen = lang or instrument.default_language
    if chosen not in LANGUAGES and chosen not in instrument.languages:
        known = sorted(set(LANGUAGES) | set(instrument.languages))
        raise EqSurveyError.single(
            "unknown-language",
            f"there is no report wording or questionnaire in the language '{chosen}'",
            f"use one of: {', '.join(known)}",
        )
    return chosen


def _format(given: str | None, output: Path | None, allowed: tuple[str, ...]) -> Format:
    suffix = output.suffix.lower() if output is not None else ""
    from_suffix = _SUFFIXES.get(suffix)
    if suffix and (from_suffix not in allowed or (given is not None and given != from_suffix)):
        # A file named b.docx that holds HTML opens as garbage, or not at all, in the program its name promises.
        wanted = f"{given} ({', '.join(s for s, f in _SUFFIXES.items() if f == given)})" if given in allowed else ""
        writes = ", ".join(f"{f} ({s})" for s, f in _SUFFIXES.items() if f in allowed)
        raise EqSurveyError.single(
            "output-suffix",
            f"{output}: a report cannot be written as a '{suffix}' file"
            + (f" with --format {wanted}" if wanted else ""),
            f"name the output file for one of the formats this command writes: {writes}",
        )
    chosen = given or from_suffix or "html"
    if chosen not in allowed:
        raise EqSurveyError.single(
            "unknown-format", f"a report cannot be written as '{chosen}'", f"use --format {' or '.join(allowed)}"
        )
    return chosen  # type: ignore[return-value]  # checked against the formats just above


def _check_part(part: str, fmt: str) -> None:
    """A user error for a summary in a format of data: the summary is a page to read."""
    from reports.render import PAGE_FORMATS

    if part == "summary" and fmt not in PAGE_FORMATS:
        raise EqSurveyError.single(
            "summary-format",
            f"the summary cannot be written as {fmt}: it is a page to read, not a table of figures",
            f"write the summary as {' or '.join(PAGE_FORMATS)}, or write the tables as {fmt} with --part annex",
        )


LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="Report language: de, en, or tr, ar, ru, uk, fa (draft translations), "
        "or another language of the questionnaire.",
    ),
]
OutputOption = Annotated[
    Path | None, typer.Option("-o", "--output", help="File to write; without it, the report goes to stdout.")
]


@app.command()
@user_errors
def build(
    ctx: typer.Context,
    release_id: Annotated[str, typer.Argument(metavar="RELEASE_ID", help="The release's id (see release list).")],
    lang: LangOption = None,
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="html (self-contained page), pdf, csv or json (every cell, labelled), or xlsx (a worksheet per"
            " table); default: from -o's suffix, else html.",
        ),
    ] = None,
    output: OutputOption = None,
    *,
    part: Annotated[
        Literal["summary", "annex"],
        typer.Option(
            "--part",
            help="summary: a few pages in plain words (key findings, charts, who took part, how they are"
            " protected), html or pdf; annex: every table and the method (html, pdf; csv and json hold its"
            " cells).",
        ),
    ] = "annex",
) -> None:
    """Render the report of one stored release, from the release alone (no analysis is run again).

    \b
    Example: eqsurvey report build r-20261122T101500-3f9a1c --part summary --lang de -o zusammenfassung.pdf
    Example: eqsurvey report build r-20261122T101500-3f9a1c --lang de --format pdf -o bericht.pdf
    Example: eqsurvey report build r-20261122T101500-3f9a1c --lang de -o tabellen.xlsx
    """
    from eqsurvey.workflows.reports import render_stored
    from reports.render import BINARY, FORMATS

    project = require_project(ctx)
    instrument = _instrument(project)
    chosen, fmt = _language(lang, instrument), _format(format_, output, FORMATS)
    if output is None and fmt in BINARY and sys.stdout.isatty():
        raise EqSurveyError.single(
            "binary-to-terminal",
            f"a {fmt} file is binary: written to the terminal it would show as garbage",
            f"write it to a file with -o, e.g. -o report.{fmt}, or redirect it: > report.{fmt}",
        )
    _stored(ctx, release_id)  # an unknown release is told before a wrong --part
    _check_part(part, fmt)
    write_output(output, render_stored(project, release_id, chosen, fmt, part))
    if output is not None:
        say(ctx, f"wrote {output}")


def _stored(ctx: typer.Context, release_id: str) -> dict[str, Any]:
    from eqsurvey.workflows.release import stored_body

    return stored_body(require_project(ctx), release_id)


def _release_file(path: Path) -> Release:
    """A release another project stored, as ``eqsurvey release show ID --json`` printed it there."""
    from eqsurvey.workflows.release_files import parse_release_file
    from kernel.files import read_text

    return parse_release_file(read_text(path, EqSurveyError), str(path))


@app.command()
@user_errors
def compare(
    ctx: typer.Context,
    release_ids: Annotated[
        list[str],
        typer.Argument(
            metavar="ID_A ID_B …",
            help="Two or more release ids of this project (see release list), or release files of other"
            " municipalities' projects (FILE.json, written there by: eqsurvey release show ID --json).",
        ),
    ],
    lang: LangOption = None,
    format_: Annotated[
        Literal["html", "pdf"] | None, typer.Option("--format", help="html or pdf; default: from -o's suffix.")
    ] = None,
    output: OutputOption = None,
) -> None:
    """Compare releases side by side on the tables they share; their answers are never pooled.

    Example: eqsurvey report compare r-20261122T101500-3f9a1c r-20270301T090000-7b2e44 --lang en -o compare.html
    """
    from analysis.releases.model import Release
    from reports.compare import build_comparison
    from reports.render import render_comparison, render_pdf

    project = require_project(ctx)
    instrument = _instrument(project)
    chosen, fmt = _language(lang, instrument), _format(format_, output, ("html", "pdf"))
    releases = [
        _release_file(Path(rid)) if rid.endswith(".json") else Release.from_shown(_stored(ctx, rid))
        for rid in release_ids
    ]
    html = render_comparison(build_comparison(releases, instrument, chosen))
    write_output(output, render_pdf(html) if fmt == "pdf" else html)
    if output is not None:
        say(ctx, f"wrote {output}")


@app.command()
@user_errors
def pool(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE …",
            help="Two or more towns' releases of the same instrument: contribution files (written there by:"
            " eqsurvey release export ID --for-pooling -o TOWN.pool.json) or public release files (release show"
            " ID --json; their hidden cells stay unknown).",
        ),
    ],
    lang: LangOption = None,
    format_: Annotated[
        Literal["html", "pdf", "csv", "json", "xlsx"] | None,
        typer.Option(
            "--format",
            help="html, pdf, csv or json (every pooled cell), or xlsx (a worksheet per pooled table); default:"
            " from -o's suffix.",
        ),
    ] = None,
    output: OutputOption = None,
    *,
    populations: Annotated[
        Path | None,
        typer.Option(
            "--populations",
            metavar="FILE",
            help="Weight the shares by the towns' populations: a CSV of release,population with a comment line"
            " naming the source (default: by the respondents).",
        ),
    ] = None,
) -> None:
    """Pool several towns' releases into regional tables: counts added up, means combined, no budget spent, audited.

    Example: eqsurvey report pool a.pool.json b.pool.json c.pool.json --lang de -o region.html
    """
    from eqsurvey.workflows.pool_report import pool_report
    from reports.render import BINARY

    project = require_project(ctx)
    instrument = _instrument(project)
    chosen, fmt = _language(lang, instrument), _format(format_, output, ("html", "pdf", "csv", "json", "xlsx"))
    if output is None and fmt in BINARY and sys.stdout.isatty():
        raise EqSurveyError.single(
            "binary-to-terminal",
            f"a {fmt} file is binary: written to the terminal it would show as garbage",
            f"write it to a file with -o, e.g. -o region.{fmt}, or redirect it: > region.{fmt}",
        )
    write_output(output, pool_report(files, instrument, chosen, fmt, populations))
    if output is not None:
        say(ctx, f"wrote {output}")
