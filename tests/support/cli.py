"""Running the real eqsurvey command in-process (typer's runner) inside temporary projects."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from eqsurvey.cli import app


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    def __str__(self) -> str:
        return f"exit {self.exit_code}\n--- stdout ---\n{self.stdout}\n--- stderr ---\n{self.stderr}"


class Eqsurvey:
    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        self.runner = CliRunner()

    def __call__(self, *args: str | Path, expect: int | None = 0, input: str | None = None) -> Run:
        """``input``: what the command reads on stdin (its answers to questions); none: stdin is empty."""
        old = Path.cwd()
        os.chdir(self.cwd)
        try:
            result = self.runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)
        finally:
            os.chdir(old)
        run = Run(result.exit_code, result.stdout, result.stderr)
        if expect is not None:
            assert run.exit_code == expect, str(run)
        if run.exit_code == 1:
            assert "Traceback" not in run.stderr, str(run)
        return run
