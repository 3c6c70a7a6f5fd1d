"""A survey project on disk: finding it and reading its configuration.

A project is a folder with an ``eqsurvey.toml`` (like a dbt or datasette
project). Commands find it from ``--project DIR`` or by walking up from the
current directory, as git does. This module reads the ``[project]`` table;
each package validates its own table (``[store]``, ``[keys]``, ``[analysis]``…).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from kernel.errors import Location, ProjectError
from kernel.files import read_text

CONFIG_NAME = "eqsurvey.toml"
#: Top-level tables a config may have; anything else is a typo.
KNOWN_TABLES = frozenset({"project", "survey", "store", "keys", "dataset", "analysis", "collection", "reports"})


class ProjectSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    instrument: str = "instrument.yaml"
    plan: str = "plan.yaml"


@dataclass(frozen=True)
class Project:
    root: Path
    settings: ProjectSettings
    tables: dict[str, Any]

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def instrument_path(self) -> Path:
        return self.root / self.settings.instrument

    @property
    def plan_path(self) -> Path:
        return self.root / self.settings.plan

    @property
    def reviews_path(self) -> Path:
        return self.root / "reviews.jsonl"


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` holding an eqsurvey.toml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None


def load_project(root: Path) -> Project:
    path = root / CONFIG_NAME
    where = Location(file=str(path))
    if not path.exists():
        raise ProjectError.single(
            "no-project",
            f"{root} has no {CONFIG_NAME}",
            "run `eqsurvey init DIR` to create a project, or pass --project DIR",
            where,
        )
    try:
        data = tomllib.loads(read_text(path, ProjectError))
    except tomllib.TOMLDecodeError as exc:
        raise ProjectError.single(
            "config-syntax",
            f"{CONFIG_NAME} is not valid TOML: {exc}",
            'fix the syntax (keys = "values", [tables])',
            where,
        ) from None
    unknown = sorted(set(data) - KNOWN_TABLES)
    if unknown:
        raise ProjectError.single(
            "config-unknown",
            f"unknown table(s) {', '.join(unknown)}",
            f"use only: {', '.join(sorted(KNOWN_TABLES))}",
            where,
        )
    try:
        settings = ProjectSettings.model_validate(data.get("project", {}))
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        key = ".".join(str(p) for p in first["loc"])
        raise ProjectError.single(
            "config-invalid",
            f"[project] {key}: {first['msg']}",
            "see the comments in a fresh `eqsurvey init` config",
            where,
        ) from None
    return Project(root.resolve(), settings, data)


def locate_project(explicit: Path | None, cwd: Path, near: Path | None = None) -> Project | None:
    """The project named by --project, else the one around cwd, else around ``near``."""
    if explicit is not None:
        if not (explicit / CONFIG_NAME).is_file():
            raise ProjectError.single(
                "no-project",
                f"{explicit} is not an eqsurvey project (no {CONFIG_NAME})",
                "pass the folder made by `eqsurvey init`",
                Location(file=str(explicit)),
            )
        return load_project(explicit)
    for start in (cwd, near):
        if start is not None:
            root = find_root(start)
            if root is not None:
                return load_project(root)
    return None
