"""The ``eqsurvey`` command: mounts every package's command group.

The folder tree is the command tree: ``eqsurvey instrument …`` is ``eqsurvey/commands/instrument.py``,
``eqsurvey keys …`` is ``eqsurvey/commands/keys.py``, ``eqsurvey responses …`` is
``eqsurvey/commands/responses.py``, and so on for every group.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from eqsurvey.commands import budget as budget_cli
from eqsurvey.commands import console as console_cli
from eqsurvey.commands import dataset as dataset_cli
from eqsurvey.commands import demo as demo_cli
from eqsurvey.commands import documents as documents_cli
from eqsurvey.commands import erasures as erasures_cli
from eqsurvey.commands import instrument as instrument_cli
from eqsurvey.commands import invitations as invitations_cli
from eqsurvey.commands import keys as keys_cli
from eqsurvey.commands import plan as plan_cli
from eqsurvey.commands import plan_target as plan_target_cli
from eqsurvey.commands import release as release_cli
from eqsurvey.commands import release_checks as release_checks_cli
from eqsurvey.commands import report as report_cli
from eqsurvey.commands import report_changes as report_changes_cli
from eqsurvey.commands import responses as responses_cli
from eqsurvey.commands import serve as serve_cli
from eqsurvey.commands import wave as wave_cli
from eqsurvey.commands.kit import CLOSED_PIPE_EXIT, CliState, say, silence_closed_pipe, user_errors


def _audit_key_operation(event: object, **_: object) -> None:
    """Record a key operation (ids only) in the project's audit log; keys made stay made if that fails."""
    if not isinstance(event, dict):
        return
    from eqsurvey.config import locate_project
    from eqsurvey.workflows.keys import record_key_operation
    from kernel.errors import EqSurveyError

    detail = dict(event)
    action, root = str(detail.pop("action")), Path(detail.pop("project"))
    try:
        project = locate_project(root, root, None)
        if project is None:
            return
        record_key_operation(project, action, detail)
    except EqSurveyError as exc:
        typer.echo(f"warning: the key operation was done, but not recorded in the audit log:\n{exc.render()}", err=True)


app = typer.Typer(
    name="eqsurvey",
    help="Privacy-preserving equality-data surveys: questionnaires based on self-identification, "
    "sealed collection, differentially private tables, accessible reports.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # locals may hold passphrases and answers
    add_completion=False,
    # click's plain help: typer's rich help shows every flag with a value ("--json <bool>") that it then refuses.
    rich_markup_mode=None,
)
app.add_typer(instrument_cli.app, name="instrument")
app.add_typer(keys_cli.app, name="keys", result_callback=_audit_key_operation)
app.add_typer(responses_cli.app, name="responses")
app.add_typer(invitations_cli.app, name="invitations")
app.add_typer(erasures_cli.app, name="erasures")
app.add_typer(dataset_cli.app, name="dataset")
plan_cli.app.command("preview")(report_cli.plan_preview)  # in the reader's language: labels live in reports
plan_cli.app.command("target")(plan_target_cli.plan_target)  # group labels live in reports
app.add_typer(plan_cli.app, name="plan")
release_cli.app.command("audit")(release_checks_cli.audit)
release_cli.app.command("verify")(release_checks_cli.verify)
app.add_typer(release_cli.app, name="release")
app.add_typer(budget_cli.app, name="budget")
app.add_typer(wave_cli.app, name="wave")
report_cli.app.command("changes")(report_changes_cli.changes)
app.add_typer(report_cli.app, name="report")
app.add_typer(documents_cli.app, name="documents")
app.command("demo")(demo_cli.demo)
app.command("serve")(serve_cli.serve)
app.command("console")(console_cli.console)


@app.callback()
def root(
    ctx: typer.Context,
    project: Annotated[
        Path | None,
        typer.Option(
            "--project",
            "-p",
            help="Project folder (default: found from the current directory, like git).",
            show_default=False,
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print no progress or messages, only data and errors.")
    ] = False,
) -> None:
    ctx.obj = CliState(project_dir=project, quiet=quiet)


@app.command()
@user_errors
def init(
    ctx: typer.Context,
    directory: Annotated[
        Path, typer.Argument(help="Folder to create the project in (created if missing; must be empty).")
    ],
    example: Annotated[
        str | None, typer.Option("--example", help="Start from a bundled example, e.g. musterstadt.")
    ] = None,
    name: Annotated[str | None, typer.Option("--name", help="Project name (default: the folder's name).")] = None,
) -> None:
    """Create a survey project: instrument, draft analysis plan, config, and a .gitignore for keys and data.

    Example: eqsurvey init musterstadt-survey --example musterstadt
    """
    from eqsurvey.workflows.new_project import create_project

    created = create_project(directory, example=example, name=name)
    for path in created:
        say(ctx, f"created {path}")
    say(ctx, f"next: cd {directory} && eqsurvey instrument validate")


def hoist_global_options(argv: list[str]) -> list[str]:
    """Let --project DIR and --quiet stand anywhere, as in ``eqsurvey instrument validate --project DIR``.

    It is an option of the root command, so typer only accepts it before the
    command group; people write it at the end too. Arguments after ``--`` are
    left alone.
    """
    end = argv.index("--") if "--" in argv else len(argv)
    head, tail, hoisted = argv[:end], argv[end:], []
    i = 0
    while i < len(head):
        arg = head[i]
        if arg in ("--project", "-p") and i + 1 < len(head):
            hoisted += head[i : i + 2]
            del head[i : i + 2]
        elif arg.startswith("--project=") or arg in ("--quiet", "-q"):
            hoisted.append(head.pop(i))
        else:
            i += 1
    return hoisted + head + tail


def main() -> None:
    try:
        try:
            app(args=hoist_global_options(sys.argv[1:]), prog_name="eqsurvey")
        finally:
            # Here rather than at exit, where a reader that went away (`eqsurvey … | head`) ends in a traceback.
            sys.stdout.flush()
    except BrokenPipeError:
        silence_closed_pipe()
        raise SystemExit(CLOSED_PIPE_EXIT) from None
