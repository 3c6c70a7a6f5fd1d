"""A survey project on disk: finding it, and its configuration ``eqsurvey.toml`` as one typed model.

A project is a folder with an ``eqsurvey.toml`` (like a dbt or datasette
project). Commands find it from ``--project DIR`` or by walking up from the
current directory, as git does. The whole file is read and checked here, once,
into :class:`ProjectConfig` (one model per table); the stages never read it:
the commands hand them values (a path, a store URL, a :class:`PrivacyBudget`,
an access mode). A wrong value is a user error naming the file, the table and
key, what is wrong and how to write it; an unknown table or key too (a typo
would otherwise silently fall back to a default, e.g. a budget).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, PlainValidator, ValidationError
from pydantic_core import PydanticCustomError

from analysis.budget import MAX_RHO
from eqsurvey.config_documents import DocumentsSettings
from kernel.errors import Location, Problem, ProjectError
from kernel.files import read_text
from kernel.privacy_budget import PrivacyBudget

CONFIG_NAME = "eqsurvey.toml"
DEFAULT_STORE_URL = "sqlite:///data/responses.sqlite"
DEFAULT_TOTAL_RHO = PrivacyBudget("0.5")
"""The budget of a survey's data for all its releases together, unless eqsurvey.toml says otherwise."""
DEFAULT_K = 5
MAX_MIN_RESPONDENTS = 10_000_000
ACCESS_VALUES = ("invitations", "open")
_FRESH = "see the comments in a fresh `eqsurvey init` config"


def _refuse(code: str, problem: str, fix: str) -> PydanticCustomError:
    # The code, problem and fix travel in the error's context, to become a Problem in load_project.
    return PydanticCustomError(code, "{problem}", {"problem": problem, "fix": fix})


def _text(section: str, key: str, fix: str) -> Any:
    def check(value: object) -> str:
        if not isinstance(value, str):
            raise _refuse("config-invalid", f"[{section}] {key} must be text", fix)
        return value

    return PlainValidator(check)


def _total_rho(value: object) -> PrivacyBudget:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= MAX_RHO:
        raise _refuse(
            "config-value",
            f"[analysis] total_rho must be a positive number up to {MAX_RHO:g}, not {value!r}",
            f"e.g. total_rho = {DEFAULT_TOTAL_RHO} (zCDP; the (ε, δ) equivalent is shown by eqsurvey plan validate)",
        )
    return PrivacyBudget(value)


def _min_respondents(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_MIN_RESPONDENTS:
        raise _refuse(
            "config-value",
            f"[analysis] min_respondents must be a whole number from 1 to {MAX_MIN_RESPONDENTS:,}, not {value!r}",
            "e.g. min_respondents = 100, or leave it out: the plan's suppress_below is the minimum then",
        )
    return value


def _k_anonymity(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 2:
        raise _refuse(
            "config-invalid",
            f"[dataset] k_anonymity must be a whole number of at least 2, not {value!r}",
            f"write k_anonymity = {DEFAULT_K}",
        )
    return value


def _simulated(value: object) -> bool:
    if not isinstance(value, bool):
        raise _refuse(
            "config-invalid",
            f"[survey] simulated must be true or false, not {value!r}",
            "write simulated = true only for a demo or test project, or leave it out",
        )
    return value


def _fieldwork(value: object) -> str | None:
    if value is not None and not isinstance(value, str):
        raise _refuse(
            "config-value",
            f"[survey] fieldwork must be text, not {value!r}",
            'write it as the report should show it, e.g. fieldwork = "1 May to 30 June 2026"',
        )
    return value or None


def _access(value: object) -> Literal["invitations", "open"] | None:
    if value is None or value in ACCESS_VALUES:
        return value  # type: ignore[return-value]  # one of the two, or None: checked just above
    raise _refuse(
        "config-invalid",
        f"[collection] access = {value!r} is not one of {', '.join(ACCESS_VALUES)}",
        'write access = "invitations" (only invitation codes may answer) or access = "open"',
    )


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class ProjectSettings(_Table):
    """``[project]``: the project's name and where its instrument and plan are."""

    name: str
    instrument: str = "instrument.yaml"
    plan: str = "plan.yaml"


class SurveySettings(_Table):
    """``[survey]``: ``simulated`` (a demo's form collects nothing real), ``fieldwork`` (as reports show it)."""

    simulated: Annotated[bool, PlainValidator(_simulated)] = False
    fieldwork: Annotated[str | None, PlainValidator(_fieldwork)] = None


class StoreSettings(_Table):
    """``[store]``: the response store's URL (a SQLite file in the project, or a PostgreSQL server)."""

    url: Annotated[str, _text("store", "url", f'write url = "{DEFAULT_STORE_URL}"')] = DEFAULT_STORE_URL


class KeysSettings(_Table):
    """``[keys]``: the folder of the project's keys, relative to the project."""

    dir: Annotated[str, _text("keys", "dir", 'write dir = "keys" (the folder eqsurvey keys init made)')] = "keys"


class DatasetSettings(_Table):
    """``[dataset]``: k of the scientific-use file's k-anonymity."""

    k_anonymity: Annotated[int, PlainValidator(_k_anonymity)] = DEFAULT_K


class AnalysisSettings(_Table):
    """``[analysis]``: the survey's total privacy budget, and a minimum of respondents for a release."""

    total_rho: Annotated[PrivacyBudget, PlainValidator(_total_rho)] = DEFAULT_TOTAL_RHO
    min_respondents: Annotated[int | None, PlainValidator(_min_respondents)] = None


class CollectionSettings(_Table):
    """``[collection]``: whether the survey is by invitation (``access``), as the project says to any server."""

    access: Annotated[Literal["invitations", "open"] | None, PlainValidator(_access)] = None


class ReportsSettings(_Table):
    """``[reports]``: no keys yet; the table is allowed so that a config may already have it."""


class ProjectConfig(_Table):
    """Every table of ``eqsurvey.toml``, checked."""

    project: ProjectSettings
    survey: SurveySettings = SurveySettings()
    store: StoreSettings = StoreSettings()
    keys: KeysSettings = KeysSettings()
    dataset: DatasetSettings = DatasetSettings()
    analysis: AnalysisSettings = AnalysisSettings()
    collection: CollectionSettings = CollectionSettings()
    reports: ReportsSettings = ReportsSettings()
    documents: DocumentsSettings = DocumentsSettings()


KNOWN_TABLES = frozenset(ProjectConfig.model_fields)
"""Top-level tables a config may have; anything else is a typo."""


@dataclass(frozen=True)
class Project:
    root: Path
    config: ProjectConfig

    @property
    def settings(self) -> ProjectSettings:
        return self.config.project

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

    @property
    def keys_dir(self) -> Path:
        return self.root / self.config.keys.dir

    @property
    def store_url(self) -> str:
        return self.config.store.url

    @property
    def total_rho(self) -> PrivacyBudget:
        return self.config.analysis.total_rho


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` holding an eqsurvey.toml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None


def parse_config(text: str, path: Path) -> ProjectConfig:
    """The config in ``text`` (the file at ``path``), checked; a :class:`ProjectError` naming the first problem."""
    where = Location(file=str(path))
    try:
        data = tomllib.loads(text)
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
        return ProjectConfig.model_validate({"project": {}} | data)
    except ValidationError as exc:
        raise ProjectError([_problem(exc.errors(include_url=False)[0], where)]) from None


def _problem(error: Any, where: Location) -> Problem:
    context = error.get("ctx") or {}
    loc = [str(part) for part in error["loc"]]
    if "fix" in context:  # one of the checks above: its own code, problem and fix
        return Problem(error["type"], where, str(context["problem"]), str(context["fix"]))
    table = loc[0]
    if len(loc) == 1:
        return Problem("config-invalid", where, f"{table} must be a table ([{table}])", _FRESH)
    key = ".".join(loc[1:])
    if error["type"] == "extra_forbidden":
        known = ProjectConfig.model_fields[table].annotation
        keys = ", ".join(known.model_fields) if isinstance(known, type) and issubclass(known, BaseModel) else ""
        fix = f"use only: {keys}" if keys else f"leave [{table}] empty"
        return Problem("config-unknown", where, f"[{table}] has no key {key}", f"{fix}; {_FRESH}")
    return Problem("config-invalid", where, f"[{table}] {key}: {error['msg']}", _FRESH)


def load_project(root: Path) -> Project:
    path = root / CONFIG_NAME
    if not path.exists():
        raise ProjectError.single(
            "no-project",
            f"{root} has no {CONFIG_NAME}",
            "run `eqsurvey init DIR` to create a project, or pass --project DIR",
            Location(file=str(path)),
        )
    return Project(root.resolve(), parse_config(read_text(path, ProjectError), path))


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
