"""``eqsurvey instrument versions …``: keep earlier instrument versions and map their answers to the current one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from eqsurvey.commands.kit import require_project, say, user_errors, write_output

app = typer.Typer(
    help="Earlier versions of the instrument: keep them and map their answers to the current version.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)


@app.command()
@user_errors
def draft(
    ctx: typer.Context,
    old: Annotated[
        str,
        typer.Argument(
            help="The earlier instrument file (kept as versions/VERSION/instrument.yaml), or the VERSION of one kept already."
        ),
    ],
    to: Annotated[
        Path | None,
        typer.Option("--to", help="The next version's instrument file (default: the project's instrument)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing mapping or kept instrument.")] = False,
) -> None:
    """Keep an earlier instrument version and draft the mapping of its answers to the next version, for review.

    \b
    Example: eqsurvey instrument versions draft instrument-1.0.0.yaml
    Example: eqsurvey instrument versions draft 1.0.0
    """
    from instruments.dump import dump_instrument
    from instruments.loader import load_instrument
    from instruments.versions.draft import draft_mapping
    from instruments.versions.kept import INSTRUMENT, MAPPING, version_folder
    from instruments.versions.mapping_file import build_step
    from kernel.errors import EqSurveyError, InternalError
    from kernel.yaml_source import load_yaml

    project = require_project(ctx)
    new = load_instrument(to or project.instrument_path).instrument
    given = Path(old)
    if given.is_file():
        earlier = load_instrument(given).instrument
        kept = version_folder(project.root, earlier.version) / INSTRUMENT
        if kept.exists() and not force and load_instrument(kept).instrument.content_hash() != earlier.content_hash():
            raise EqSurveyError.single(
                "exists",
                f"{kept} already keeps another text of version {earlier.version}",
                "compare the two (`eqsurvey instrument diff`); pass --force to replace the kept one",
            )
        if given.resolve() != kept.resolve():
            header = f"Version {earlier.version} of {earlier.id} as its answers were collected, kept from {given.name}."
            write_output(kept, dump_instrument(earlier, header=header))
    else:
        kept = version_folder(project.root, old) / INSTRUMENT
        if not kept.is_file():
            raise EqSurveyError.single(
                "no-such-version",
                f"{old} is neither an instrument file nor a kept version ({kept} does not exist)",
                "give the earlier instrument's file, e.g. from version control",
            )
        earlier = load_instrument(kept).instrument
    if earlier.id != new.id or earlier.version == new.version:
        raise EqSurveyError.single(
            "not-an-earlier-version",
            f"{earlier.id} {earlier.version} is not an earlier version of {new.id} {new.version}",
            "give an earlier version of the same instrument; raise the current instrument's version if it changed",
        )
    mapping = kept.with_name(MAPPING)
    if mapping.exists() and not force:
        raise EqSurveyError.single(
            "exists", f"{mapping} already exists", "review and edit it, or pass --force to draft it again"
        )
    text = draft_mapping(earlier, new)
    try:
        build_step(load_yaml(text, str(mapping)), str(mapping), earlier, new)
    except EqSurveyError as exc:  # a draft that its own check refuses is a bug here, not the user's
        raise InternalError(f"the drafted mapping does not pass its check: {exc}") from None
    write_output(mapping, text)
    say(ctx, f"wrote {mapping}: review it (answers under 'removed' are counted and reported, never carried)")


@app.command()
@user_errors
def check(ctx: typer.Context) -> None:
    """Check every kept version's mapping against both instruments and list how each version reaches the current one.

    Example: eqsurvey instrument versions check
    """
    from instruments.loader import load_instrument
    from instruments.versions.kept import kept_versions, load_bridge

    project = require_project(ctx)
    current = load_instrument(project.instrument_path).instrument
    bridge = load_bridge(project.root, current)
    lines = [f"current: {current.id} {current.version}"]
    for k in kept_versions(project.root, current):
        version = k.instrument.version
        if version not in bridge.steps:
            lines.append(f"{version}: no mapping yet (answers under it cannot be exported)")
            continue
        step = bridge.steps[version]
        removed = sum(1 for q in step.questions.values() if q.target is None)
        renamed = sum(1 for qid, q in step.questions.items() if q.target not in (None, qid))
        codes = [m for q in step.questions.values() for m in (q.options, q.rows, q.points)]
        lines.append(
            f"{version} → {step.new.version}: {removed} question(s) removed, {renamed} renamed; "
            f"{sum(len(m.renamed) for m in codes)} code(s) renamed or merged, "
            f"{sum(len(m.removed) for m in codes)} removed"
        )
    typer.echo("\n".join(lines))
