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

from eqsurvey.commands import instrument_versions as versions_cli
from eqsurvey.commands import partners as partners_cli
from eqsurvey.commands.kit import find_project, require_project, say, user_errors, warn, write_output

app = typer.Typer(
    help="Questionnaires: validate, review, translate, render and exchange them with XLSForm/KoboToolbox/LimeSurvey.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)
app.add_typer(versions_cli.app, name="versions")
app.add_typer(partners_cli.app, name="partners")

PathArg = Annotated[
    Path | None,
    typer.Argument(help="Instrument YAML file; defaults to the project's instrument.", show_default=False),
]


def _instrument_path(ctx: typer.Context, path: Path | None) -> Path:
    if path is not None:
        return path
    return require_project(ctx).instrument_path


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

    file = _instrument_path(ctx, path)
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


@app.command()
@user_errors
def translations(
    ctx: typer.Context,
    path: PathArg = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the missing texts as JSON.")] = False,
) -> None:
    """List missing or empty translations per language; exit 1 if there are any.

    Example: eqsurvey instrument translations instrument.yaml
    """
    from instruments.loader import load_instrument
    from instruments.translations import missing_per_language, missing_translations

    loaded = load_instrument(_instrument_path(ctx, path))
    missing = missing_translations(loaded)
    if as_json:
        typer.echo(
            json.dumps(
                [{"where": str(p.where), "question": p.where.question, "problem": p.problem} for p in missing],
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for p in missing:
            typer.echo(f"{p.where}: {p.problem}")
        typer.echo("; ".join(f"{lang}: {n} missing" for lang, n in missing_per_language(loaded).items()))
    if missing:
        raise typer.Exit(1)


@app.command()
@user_errors
def diff(  # noqa: PLR0917 - typer maps each parameter to an option
    ctx: typer.Context,
    old: Annotated[
        Path | None,
        typer.Argument(
            help="The earlier instrument version (default: the last one kept under versions/).", show_default=False
        ),
    ] = None,
    new: Annotated[
        Path | None,
        typer.Argument(help="The new instrument version (default: the project's instrument).", show_default=False),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the changes as JSON.")] = False,
    lang: Annotated[str | None, typer.Option("--lang", help="Show wording in this language only.")] = None,
    check_version: Annotated[
        bool, typer.Option("--check-version", help="Exit 1 if the new version number does not fit the changes.")
    ] = False,
) -> None:
    """Show what changed between two versions, marking breaking changes, for community review.

    Without files, it compares the project's instrument with the last version kept under versions/.

    \b
    Example: eqsurvey instrument diff instrument-1.0.0.yaml instrument.yaml
    Example: eqsurvey instrument diff
    """
    from instruments.diff.changes import diff_instruments
    from instruments.editing.versioning import changes_since_last
    from instruments.loader import load_instrument
    from kernel.errors import EqSurveyError

    if old is not None and new is not None:
        result = diff_instruments(load_instrument(old).instrument, load_instrument(new).instrument)
        new_file = new
    elif old is not None:
        raise typer.BadParameter("give both files, or none to compare with the last kept version", param_hint="NEW")
    else:
        project = require_project(ctx)
        new_file = project.instrument_path
        since = changes_since_last(project.root, load_instrument(new_file).instrument)
        if since is None:
            raise EqSurveyError.single(
                "no-kept-version",
                f"no earlier version of the instrument is kept under {project.root / 'versions'}",
                "keep one with `eqsurvey instrument versions draft OLD.yaml`, or give both files",
            )
        result = since
    if as_json:
        typer.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        typer.echo(result.render_text(lang))
    if check_version and result.version_problem:
        raise EqSurveyError.single(
            "version-mismatch", result.version_problem, f"set version: {result.suggested_version} in {new_file}"
        )


@app.command()
@user_errors
def review(
    ctx: typer.Context,
    path: PathArg = None,
    by: Annotated[
        str | None, typer.Option("--by", help="The reviewing organisation, e.g. 'Migrant*innenbeirat'.")
    ] = None,
    approve: Annotated[bool, typer.Option("--approve", help="Record approval of this exact content.")] = False,
    comment: Annotated[str | None, typer.Option("--comment", help="Record a comment on this content.")] = None,
) -> None:
    """Record a community partner's approval or comment against the instrument's content hash, or list reviews.

    Example: eqsurvey instrument review instrument.yaml --by "Verein X" --approve
    """
    from instruments.loader import load_instrument
    from instruments.review import append_review, new_review, read_reviews, review_status

    file = _instrument_path(ctx, path)
    inst = load_instrument(file).instrument
    project = require_project(ctx, near=file.parent)
    if approve or comment:
        if not by or not by.strip():
            raise typer.BadParameter("say who reviews: --by ORGANISATION", param_hint="--by")
        if len(by) > 200:
            raise typer.BadParameter("at most 200 characters", param_hint="--by")
        if comment is not None and len(comment) > 10_000:
            raise typer.BadParameter(
                "at most 10,000 characters; put longer feedback in a document", param_hint="--comment"
            )
        record = new_review(inst, by, "approve" if approve else "comment", comment)
        append_review(project.reviews_path, record)
        say(
            ctx,
            f"recorded: {record.by} {'approved' if approve else 'commented on'} {inst.id} {inst.version} ({record.content_hash[:12]})",
        )
        return
    status = review_status(inst, read_reviews(project.reviews_path))
    for label, records in (("this content", status.current), ("earlier content", status.earlier)):
        for r in records:
            text = f" — {r.comment}" if r.comment else ""
            about = f" on {r.question}" if r.question else ""
            typer.echo(
                f"[{label}] {r.at:%Y-%m-%d} {r.by}: {r.decision}{about} v{r.instrument_version}"
                f" ({r.content_hash[:12]}){text}"
            )
    if not status.current and not status.earlier:
        say(ctx, "no reviews recorded yet; record one with --by ORG --approve or --comment TEXT")


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

    inst = load_instrument(_instrument_path(ctx, path)).instrument
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

    inst = load_instrument(_instrument_path(ctx, path)).instrument
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
