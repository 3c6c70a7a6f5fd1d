"""The ``eqsurvey`` command: mounts every package's command group.

The folder tree is the command tree: ``eqsurvey instrument …`` is ``eqsurvey/commands/instrument.py``,
``eqsurvey keys …`` is ``eqsurvey/commands/keys.py``, ``eqsurvey responses …`` is
``eqsurvey/commands/responses.py``, and so on for every group. A command line mounts only the
group it names (:func:`build_app`); ``app`` has them all.
"""

from __future__ import annotations

import functools
import gc
import importlib
import sys
from pathlib import Path
from typing import Annotated

import typer

from eqsurvey.commands.kit import (
    CLOSED_PIPE_EXIT,
    CliState,
    expect_teardown,
    say,
    silence_closed_pipe,
    teardown_needed,
    user_errors,
)


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


#: The command groups, each a module of ``eqsurvey.commands`` holding a typer ``app``.
GROUPS = (
    "instrument",
    "keys",
    "responses",
    "invitations",
    "erasures",
    "dataset",
    "plan",
    "release",
    "budget",
    "wave",
    "report",
    "documents",
)
#: Single commands, each the function of that name in the module of that name.
COMMANDS = ("demo", "serve", "console")


@functools.cache
def _group(name: str) -> typer.Typer:
    """A command group, with the commands other modules lend it (mounted once, however often it is asked for)."""
    module = importlib.import_module(f"eqsurvey.commands.{name}")
    group: typer.Typer = module.app
    if name == "plan":
        from eqsurvey.commands import plan_target as plan_target_cli
        from eqsurvey.commands import report as report_cli

        group.command("preview")(report_cli.plan_preview)  # in the reader's language: labels live in reports
        group.command("target")(plan_target_cli.plan_target)  # group labels live in reports
    elif name == "release":
        from eqsurvey.commands import release_checks as release_checks_cli

        group.command("audit")(release_checks_cli.audit)
        group.command("verify")(release_checks_cli.verify)
    elif name == "report":
        from eqsurvey.commands import report_changes as report_changes_cli

        group.command("changes")(report_changes_cli.changes)
    return group


def build_app(only: str | None = None) -> typer.Typer:
    """The ``eqsurvey`` command; with ``only``, a group or command named, the root with just that one.

    A command line runs one group: importing the others and building their
    commands (typer reads the options of all ~120 functions) cost every
    command a tenth to a quarter of a second of start-up.
    """
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
    app.callback()(root)
    for name in GROUPS:
        if only in (None, name):
            if name == "keys":
                app.add_typer(_group(name), name=name, result_callback=_audit_key_operation)
            else:
                app.add_typer(_group(name), name=name)
    for name in COMMANDS:
        if only in (None, name):
            app.command(name)(getattr(importlib.import_module(f"eqsurvey.commands.{name}"), name))
    app.command()(init)
    return app


def __getattr__(name: str) -> typer.Typer:
    """``app``, every group mounted: built when first asked for (tests and the demo run it in process)."""
    if name == "app":
        return _full_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.cache
def _full_app() -> typer.Typer:
    return build_app()


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


def command_named(args: list[str]) -> str | None:
    """The group or command a command line names (after :func:`hoist_global_options`), if it is one of ours."""
    i = 0
    while i < len(args) and (args[i] in ("--project", "-p", "--quiet", "-q") or args[i].startswith("--project=")):
        i += 2 if args[i] in ("--project", "-p") else 1
    name = args[i] if i < len(args) else None
    return name if name in (*GROUPS, *COMMANDS, "init") else None


def main() -> None:
    try:
        try:
            expect_teardown()
            args = hoist_global_options(sys.argv[1:])
            named = command_named(args)
            (build_app(named) if named else _full_app())(args=args, prog_name="eqsurvey")
        finally:
            # Here rather than at exit, where a reader that went away (`eqsurvey … | head`) ends in a traceback.
            sys.stdout.flush()
            if not teardown_needed():
                # Objects frozen are left to the system at exit, not collected one by one (see nothing_to_tear_down).
                gc.freeze()
    except BrokenPipeError:
        silence_closed_pipe()
        raise SystemExit(CLOSED_PIPE_EXIT) from None
