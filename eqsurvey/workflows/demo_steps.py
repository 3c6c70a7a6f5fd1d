"""The demo's numbered steps: each runs a real ``eqsurvey`` command or a piece of the demo's own work.

The first step that fails stops the demo: what went wrong is said as the
command line says it (a user error plainly, a bug as one), followed by one
error that names the step, and the demo exits with that step's exit code.
Nothing after it runs, and the demo lists no file it did not write.

A command runs in standalone mode, as from a shell: every way it can end
(an exit code, a usage error, an abort, ``Ctrl-C``) becomes ``SystemExit``
with the code a shell would see. Outside standalone mode click *returns*
exit codes instead, which is easy to miss. An exception that a command does
not turn into an exit code still ends only its step.
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Iterator
from pathlib import Path

import typer

from eqsurvey.commands.kit import report_failure, say, write_output
from kernel.errors import EqSurveyError, Location, Problem


class DemoStepError(EqSurveyError):
    """The demo stopped at a step; its exit code is the step's."""

    def __init__(self, problem: Problem, exit_code: int) -> None:
        super().__init__([problem])
        self.exit_code = exit_code


class Steps:
    """Runs the demo's steps in order, as ``eqsurvey`` would run them in a shell."""

    def __init__(self, ctx: typer.Context, total: int, root: Path) -> None:
        self._ctx = ctx
        self._total = total
        self._root = root
        self._current = ""
        self._number = 0

    @contextlib.contextmanager
    def step(self, number: int, what: str) -> Iterator[None]:
        """Announce step ``number``; if anything in it fails, say so and stop the demo."""
        self._current, self._number = f"step {number}/{self._total}: {what}", number
        say(self._ctx, f"\n[{number}/{self._total}] {what}")
        try:
            yield
        except DemoStepError:
            raise
        except Exception as exc:  # every failure ends the step; report_failure says which kind it was
            raise self._stopped(report_failure(exc), "") from None

    def run(self, *args: str, output: Path | None = None) -> None:
        """Run ``eqsurvey ARGS…`` in this process, with this run's --quiet.

        Its data (stdout) is written to ``output`` once the command succeeded, else
        it goes with the messages to stderr: the demo's stdout is the report paths'.
        """
        from eqsurvey.cli import app

        root = ["--quiet"] if self._ctx.find_root().params.get("quiet") else []
        command = typer.main.get_command(app)
        captured = io.BytesIO()
        data = io.TextIOWrapper(captured, encoding="utf-8", newline="")
        with contextlib.redirect_stdout(data if output else sys.stderr):
            try:
                command.main([*root, *args], prog_name="eqsurvey", standalone_mode=True)
                code: object = 0  # it always ends in SystemExit; this is for the type checker
            except SystemExit as exc:
                code = exc.code
            except Exception as exc:  # not turned into an exit code by the command: its step still ends here
                code = report_failure(exc)
        if code not in (0, None):
            raise self._stopped(code if isinstance(code, int) else 1, f"eqsurvey {' '.join(args)}")
        if output is not None:
            data.flush()
            write_output(output, captured.getvalue())

    def _stopped(self, code: int, command: str) -> DemoStepError:
        failed = f"; `{command}` failed" if command else ""
        kept = f" ({self._root} holds what the steps before this one made)" if self._number > 1 else ""
        problem = Problem(
            "demo-step",
            Location(),
            f"the demo stopped at {self._current}{failed}",
            f"see the message above, fix what it says and run the demo again in a new folder{kept}",
        )
        return DemoStepError(problem, code)
