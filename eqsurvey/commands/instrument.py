"""``eqsurvey instrument …``: validate, translate, diff, review, render, export and import instruments.

Thin adapter over the instruments core: heavy modules are imported inside
each command so that ``eqsurvey --help`` stays instant.
"""

from __future__ import annotations

import json
from collections import Counter
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from eqsurvey.commands import instrument_review as review_cli
from eqsurvey.commands import instrument_versions as versions_cli
from eqsurvey.commands import partners as partners_cli
from eqsurvey.commands import translations as translations_cli
from eqsurvey.commands.kit import (
    PathArg,
    find_project,
    instrument_path,
    say,
    user_errors,
    warn,
    write_output,
)

app = typer.Typer(
    help="Questionnaires: validate, review, translate, render and exchange them with XLSForm/KoboToolbox/LimeSurvey.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)
app.add_typer(versions_cli.app, name="versions")
app.add_typer(partners_cli.app, name="partners")


@app.command()
@user_errors
def validate(
    ctx: typer.Context,
    path: PathArg = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Check an instrument and print a short summary; every problem is listed with file:line and a fix.

    Example: eqsurvey instrument validate instrument.yaml
    """
    from instruments.loader import load_instrument
    from instruments.review import read_reviews, review_status

    file = instrument_path(ctx, path)
    loaded = load_instrument(file)
    inst = loaded.instrument
    types = Counter(q.type for q in inst.questions())
    project = find_project(ctx, near=file.parent)
    status = review_status(inst, read_reviews(project.reviews_path)) if project else None
    summary = {
        "file": str(file),
        "id": inst.id,
        "version": inst.version,
        "content_hash": inst.content_hash(),
        "languages": inst.languages,
        "sections": len(inst.sections),
        "questions": sum(types.values()),
        "question_types": dict(sorted(types.items())),
        "derived": [d.id for d in inst.derived],
        "modules": [f"{m.id}@{m.version}" + (" (locked)" if m.locked else "") for m in inst.modules],
        "warnings": len(loaded.warnings),
        "approved_by": status.approved_by if status else None,
    }
    warn(ctx, loaded.warnings)
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    lines = [
        f"{file}: valid — {inst.id} {inst.version}",
        f"  {summary['questions']} questions in {summary['sections']} sections "
        f"({', '.join(f'{n} {t}' for t, n in sorted(types.items()))})",
        f"  languages: {', '.join(inst.languages)} (default {inst.default_language})",
    ]
    if inst.derived:
        lines.append(f"  derived variables: {', '.join(summary['derived'])}")  # type: ignore[arg-type]
    if inst.modules:
        lines.append(f"  modules: {', '.join(summary['modules'])}")  # type: ignore[arg-type]
    lines.append(f"  content hash: {summary['content_hash'][:12]}")  # type: ignore[index]
    if status is not None:
        if status.approved_by:
            lines.append(f"  approved for this exact content by: {', '.join(status.approved_by)}")
        else:
            earlier = sorted({r.by for r in status.earlier if r.decision == "approve"})
            extra = f" (approvals of earlier content by {', '.join(earlier)} do not carry over)" if earlier else ""
            lines.append(f"  not yet approved by a community partner{extra}")
    if loaded.warnings:
        lines.append(f"  {len(loaded.warnings)} warning(s), shown above")
    typer.echo("\n".join(lines))


# In its own module; registered here so that it is listed where it was, after validate.
app.command("translations")(translations_cli.translations)
# Defined in their own module; registered here to keep the commands in the order of the work.
app.command()(review_cli.diff)
app.command()(review_cli.review)


@app.command()
@user_errors
def render(
    ctx: typer.Context,
    path: PathArg = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Language of the questionnaire (default: the instrument's).")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="File to write: HTML, or a tagged PDF when it ends in .pdf (default: HTML to stdout).",
        ),
    ] = None,
) -> None:
    """Write a printable, accessible questionnaire (HTML or PDF) for review rounds and paper mode.

    Arabic and Persian pages run right to left, in HTML and PDF alike.

    Example: eqsurvey instrument render instrument.yaml --lang ar -o questionnaire-ar.pdf
    """
    from instruments.loader import load_instrument
    from instruments.printable.page import render_questionnaire

    inst = load_instrument(instrument_path(ctx, path)).instrument
    html = render_questionnaire(inst, lang or inst.default_language)
    if output is not None and output.suffix.lower() == ".pdf":
        from reports.render import render_pdf  # WeasyPrint, loaded only for a PDF

        write_output(output, render_pdf(html))
    else:
        write_output(output, html)
    if output:
        say(ctx, f"wrote {output}")


class ExportFormat(StrEnum):
    xlsform = "xlsform"
    jsonschema = "jsonschema"


@app.command()
@user_errors
def export(
    ctx: typer.Context,
    path: PathArg = None,
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", help="xlsform (for KoboToolbox/ODK) or jsonschema (of one respondent's answers)."),
    ] = ExportFormat.xlsform,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File to write (.xlsx for xlsform, .json for jsonschema).")
    ] = None,
) -> None:
    """Export the instrument as an XLSForm or as the JSON Schema of its answers.

    Example: eqsurvey instrument export instrument.yaml --format xlsform -o form.xlsx
    """
    from instruments.loader import load_instrument

    inst = load_instrument(instrument_path(ctx, path)).instrument
    if fmt is ExportFormat.xlsform:
        from instruments.xlsform.export import xlsform_bytes

        if output is None or output.suffix.lower() != ".xlsx":
            raise typer.BadParameter("an XLSForm is an Excel workbook: give -o FILE.xlsx", param_hint="-o")
        write_output(output, xlsform_bytes(inst))
    else:
        from instruments.answers.schema import answers_json_schema

        write_output(output, json.dumps(answers_json_schema(inst), ensure_ascii=False, indent=2) + "\n")
    if output:
        say(ctx, f"wrote {output}")


@app.command("import")
@user_errors
def import_(
    ctx: typer.Context,
    source: Annotated[
        Path,
        typer.Argument(
            help="XLSForm (.xlsx, .csv, .md), KoboToolbox form JSON, or LimeSurvey survey structure (.lss), "
            "survey archive (.lsa) or tab-separated survey export (.txt); format from the extension and first bytes."
        ),
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="Instrument YAML file to write.")],
    default_lang: Annotated[
        str,
        typer.Option(
            "--default-lang", help="Language of unlabelled XLSForm 'label' columns (.lss files state theirs)."
        ),
    ] = "en",
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")] = False,
) -> None:
    """Turn an XLSForm, KoboToolbox form or LimeSurvey survey (.lss, .lsa, .txt) into an instrument; anything not translatable is reported.

    \b
    Example: eqsurvey instrument import form.xlsx -o instrument.yaml
    Example: eqsurvey instrument import survey_123456.lss -o instrument.yaml
    Example: eqsurvey instrument import survey_archive_123456.lsa -o instrument.yaml
    """
    from instruments.dump import dump_instrument
    from kernel.errors import EqSurveyError

    if output.exists() and not force:
        raise EqSurveyError.single(
            "exists", f"{output} already exists", "choose another -o file, or pass --force to overwrite it"
        )
    from instruments.limesurvey.sources import import_limesurvey

    found = import_limesurvey(source)
    if found is not None:
        result = found
    else:
        from instruments.xlsform.importer import import_form

        result = import_form(source, default_language=default_lang)
    header = [f"Imported from {source.name} by eqsurvey instrument import."]
    if result.notes:
        header.append("Not imported or changed on the way (review these):")
        header.extend(f"- {n.where}: {n.problem}" for n in result.notes)
    write_output(output, dump_instrument(result.instrument, header="\n".join(header)))
    warn(ctx, result.notes)
    say(ctx, f"wrote {output} ({sum(1 for _ in result.instrument.questions())} questions, {len(result.notes)} note(s))")


@app.command()
@user_errors
def schema(
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write (default: stdout).")] = None,
) -> None:
    """Print the JSON Schema of the instrument file format, for editor completion and checks.

    Example: eqsurvey instrument schema -o instrument.schema.json
    """
    from instruments.file_schema import instrument_file_schema

    write_output(output, json.dumps(instrument_file_schema(), ensure_ascii=False, indent=2) + "\n")


@app.command()
@user_errors
def modules(
    notes: Annotated[
        bool,
        typer.Option(
            "--notes", help="Also print each module's design notes (for questionnaire authors; never in reports)."
        ),
    ] = False,
) -> None:
    """List the standard module library: id, version, title, source, locked; with --notes, the design notes too.

    Example: eqsurvey instrument modules --notes
    """
    import textwrap

    from instruments.modules import available, load_module

    for ref in available():
        m = load_module(ref).module
        lock = " [locked]" if m.locked else ""
        typer.echo(
            f"{ref:32} {m.version:8} {m.title.get('en') or next(iter(m.title.values()))}{lock}\n{'':32} source: {m.source.citation}"
        )
        if notes and m.source.notes:
            wrapped = textwrap.wrap(
                " ".join(m.source.notes.split()), width=86, break_on_hyphens=False, break_long_words=False
            )
            typer.echo(
                "\n".join(f"{'':32} {'notes: ' if i == 0 else '       '}{line}" for i, line in enumerate(wrapped))
            )
