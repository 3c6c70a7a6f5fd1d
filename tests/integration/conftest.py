"""Running the real eqsurvey command in-process (typer's runner) inside temporary projects."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
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


@pytest.fixture
def eqsurvey(tmp_path: Path) -> Iterator[Eqsurvey]:
    yield Eqsurvey(tmp_path)


@pytest.fixture
def project(eqsurvey: Eqsurvey, tmp_path: Path) -> Path:
    eqsurvey("init", "proj", "--example", "musterstadt")
    eqsurvey.cwd = tmp_path / "proj"
    return tmp_path / "proj"


@pytest.fixture(scope="session")
def postgres() -> Iterator[tuple[str, Path]]:
    from tests.integration.postgres_server import postgres_server

    with postgres_server() as server:
        yield server


def fresh_database(postgres: tuple[str, Path], prefix: str) -> str:
    """A new, empty database on the test server; its URL."""
    import secrets

    import psycopg

    base, _ = postgres
    name = f"{prefix}_{secrets.token_hex(6)}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    return f"{base}/{name}"


def store_in(project: Path, url: str) -> None:
    """Point a project made by eqsurvey init at the store ``url`` instead of its SQLite file."""
    config = project / "eqsurvey.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("sqlite:///data/responses.sqlite", url), encoding="utf-8")
