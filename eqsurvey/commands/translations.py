"""``eqsurvey instrument translations``: what each language lacks, what is still a draft, and checks of drafts.

Translations eqsurvey's authors or a project wrote themselves are drafts until a
qualified translator or community partner has checked them
(:mod:`instruments.drafts`). This command lists, per language, the texts missing
and whether its translation is a draft; with ``--review LANG --by ORG`` it
records that ORG checked the LANG translation of the instrument's present
content (in ``reviews.jsonl``, like ``eqsurvey instrument review``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from eqsurvey.commands.kit import find_project, require_project, say, user_errors

if TYPE_CHECKING:
    from instruments.drafts import LanguageStatus
    from instruments.loader import LoadedInstrument

#: Longest name of a checking organisation and longest comment, as for questionnaire reviews.
MAX_BY = 200
MAX_COMMENT = 10_000


def _status_line(status: LanguageStatus, missing: int) -> str:
    from instruments.text import language_name

    head = f"{status.lang} ({language_name(status.lang)}): {missing} missing"
    if status.standing == "draft":
        tail = (
            f"; DRAFT awaiting review by a qualified translator or community partner ({', '.join(status.drafts)});"
            f" record a check with: eqsurvey instrument translations --review {status.lang} --by ORGANISATION"
        )
    elif status.standing == "reviewed":
        tail = f"; reviewed by {', '.join(status.checked_by)}"
    else:
        tail = ""
    if status.earlier_by and status.standing == "draft":
        tail += f" (checks of earlier content by {', '.join(status.earlier_by)} do not carry over)"
    return head + tail


def _record(
    ctx: typer.Context, loaded: LoadedInstrument, file: Path, lang: str, *, by: str | None, comment: str | None
) -> None:
    from instruments.drafts import language_statuses
    from instruments.review import append_review, new_review

    inst = loaded.instrument
    if lang not in inst.languages:
        raise typer.BadParameter(
            f"{lang} is not a language of {inst.id} (it has {', '.join(inst.languages)})", param_hint="--review"
        )
    if not by or not by.strip():
        raise typer.BadParameter("say who checked the translation: --by ORGANISATION", param_hint="--by")
    if len(by) > MAX_BY:
        raise typer.BadParameter(f"at most {MAX_BY} characters", param_hint="--by")
    if comment is not None and len(comment) > MAX_COMMENT:
        raise typer.BadParameter("at most 10,000 characters; put longer feedback in a document", param_hint="--comment")
    if language_statuses(inst)[lang].standing == "original":
        raise typer.BadParameter(
            f"the {lang} text of {inst.id} is not marked as a translation (no translations: entry for it), "
            "so there is no draft to check; record an approval of the questionnaire with eqsurvey instrument review",
            param_hint="--review",
        )
    project = require_project(ctx, near=file.parent)
    record = new_review(inst, by, "approve", comment, language=lang)
    append_review(project.reviews_path, record)
    say(
        ctx,
        f"recorded: {record.by} checked the {lang} translation of {inst.id} {inst.version} "
        f"({record.content_hash[:12]}); a change of the instrument needs a new check",
    )


@user_errors
def translations(  # noqa: PLR0917 - typer maps each parameter to an option
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(help="Instrument YAML file; defaults to the project's instrument.", show_default=False),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print missing texts and draft status as JSON.")] = False,
    review: Annotated[
        str | None,
        typer.Option(
            "--review",
            metavar="LANG",
            help="Record that --by checked the LANG translation of this exact content (in reviews.jsonl).",
        ),
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="Who checked it: a qualified translator or community partner.")
    ] = None,
    comment: Annotated[str | None, typer.Option("--comment", help="A note on the check.")] = None,
) -> None:
    """List per language the missing texts and whether the translation is still a draft; exit 1 if texts are missing.

    With --review LANG --by ORG: record that ORG checked the LANG translation (against the content hash).

    \b
    Example: eqsurvey instrument translations instrument.yaml
    Example: eqsurvey instrument translations --review tr --by "Türkischer Elternverein"
    """
    from instruments.drafts import language_statuses
    from instruments.loader import load_instrument
    from instruments.review import read_reviews
    from instruments.translations import missing_per_language, missing_translations

    file = path if path is not None else require_project(ctx).instrument_path
    loaded = load_instrument(file)
    if review is not None:
        _record(ctx, loaded, file, review, by=by, comment=comment)
        return
    if by is not None or comment is not None:
        raise typer.BadParameter("--by and --comment go with --review LANG", param_hint="--review")
    project = find_project(ctx, near=file.parent)
    reviews = read_reviews(project.reviews_path) if project is not None else []
    statuses = language_statuses(loaded.instrument, reviews)
    missing = missing_translations(loaded)
    counts = missing_per_language(loaded)
    # A locked module in a language it has no published wording in says so once, beside its missing texts.
    unavailable = [w for w in loaded.warnings if w.code == "locked-module-language"]
    if as_json:
        data: dict[str, Any] = {
            "languages": {
                lang: {
                    "missing": counts.get(lang, 0),
                    "status": s.standing,
                    "drafts": list(s.drafts),
                    "checked_by": list(s.checked_by),
                    "earlier_checks_by": list(s.earlier_by),
                }
                for lang, s in statuses.items()
            },
            "missing": [{"where": str(p.where), "question": p.where.question, "problem": p.problem} for p in missing],
            "unavailable": [{"where": str(p.where), "problem": p.problem, "fix": p.fix} for p in unavailable],
        }
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for p in missing:
            typer.echo(f"{p.where}: {p.problem}")
        for p in unavailable:
            typer.echo(f"{p.where}: {p.problem}\n  fix: {p.fix}")
        typer.echo("; ".join(f"{lang}: {n} missing" for lang, n in counts.items()))
        typer.echo("\n".join(_status_line(s, counts.get(lang, 0)) for lang, s in statuses.items()))
    if missing:
        raise typer.Exit(1)
