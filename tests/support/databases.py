"""Throwaway databases on the test PostgreSQL server (see tests/support/postgres_server.py), and projects
pointed at one."""

from __future__ import annotations

import secrets
from pathlib import Path

import psycopg


def fresh_database(postgres: tuple[str, Path], prefix: str) -> str:
    """A new, empty database on the test server (the ``postgres`` fixture's value); its URL."""
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
