"""``eqsurvey init``: lay out a new survey project folder.

A project holds the instrument, a draft analysis plan, the config and a
``.gitignore`` that keeps keys and data out of version control. Nothing is
overwritten: the folder must be new or empty.
"""

from __future__ import annotations

import re
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

import yaml

from instruments.errors import EqSurveyError, InternalError, Location
from instruments.loader import load_instrument
from instruments.model import Instrument
from instruments.project import CONFIG_NAME

DEFAULT_EXAMPLE = "starter"

GITIGNORE = """\
# eqsurvey: keys and response data never go into version control.
# The private key belongs to the analysts only; the store holds sealed answers.
keys/
*.key
*.pem
data/
*.sqlite
*.sqlite-wal
*.sqlite-shm
exports/
*.parquet
"""


def examples() -> dict[str, Traversable]:
    root = resources.files("survey.examples")
    return {p.name: p for p in root.iterdir() if p.is_dir() and (p / "instrument.yaml").is_file()}


def _config(name: str) -> str:
    safe = name.replace("\\", "\\\\").replace('"', '\\"')
    return f"""\
# eqsurvey project configuration. Commands run inside this folder find it,
# like git finds its repository.

[project]
name = "{safe}"
# The questionnaire (check it with: eqsurvey instrument validate)
instrument = "instrument.yaml"
# What will be published, and with how much of the privacy budget
plan = "plan.yaml"
"""


def draft_plan(instrument: Instrument, instrument_file: str = "instrument.yaml") -> str:
    """A first analysis plan from the instrument's roles: every outcome by every breakdown."""
    outcomes = [q.id for q in instrument.questions() if q.role == "outcome" and q.privacy != "direct_identifier"]
    breakdowns = [q.id for q in instrument.questions() if q.role == "breakdown"]
    breakdowns += [d.id for d in instrument.derived if d.role == "breakdown"]
    tables = [{"id": f"{o}_overall", "outcome": o, "by": []} for o in outcomes]
    tables += [{"id": f"{o}_by_{b}", "outcome": o, "by": [b]} for o in outcomes for b in breakdowns]
    header = (
        f"# Draft analysis plan for {instrument.id} {instrument.version}, written by `eqsurvey init`\n"
        "# from the instrument's analysis roles: each outcome overall and by each breakdown.\n"
        "# Discuss it with your community partners: which groups and intersections matter,\n"
        "# and which are too small to publish safely.\n"
    )
    body = {"instrument": instrument_file, "tables": tables}
    return header + yaml.safe_dump(body, sort_keys=False, allow_unicode=True)


def _copy_tree(source: Traversable, target: Path, created: list[Path]) -> None:
    for item in source.iterdir():
        if item.name.startswith((".", "__")):
            continue
        dest = target / item.name
        if item.is_dir():
            dest.mkdir()
            _copy_tree(item, dest, created)
        else:
            dest.write_bytes(item.read_bytes())
            created.append(dest)


def create_project(directory: Path, example: str | None = None, name: str | None = None) -> list[Path]:
    """Create the project; returns the files written."""
    choices = examples()
    chosen = example or DEFAULT_EXAMPLE
    if chosen not in choices:
        raise EqSurveyError.single(
            "unknown-example", f"there is no example '{chosen}'", f"use one of: {', '.join(sorted(choices))}"
        )
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise EqSurveyError.single(
            "not-empty",
            f"{directory} already exists and is not an empty folder",
            "choose a new folder name; eqsurvey init never overwrites files",
            Location(file=str(directory)),
        )
    project_name = name or directory.resolve().name
    if not re.match(r"^[\w .-]{1,80}$", project_name):
        raise EqSurveyError.single(
            "bad-name",
            f"'{project_name}' is not a usable project name",
            "use letters, digits, spaces, '.', '-' or '_' (at most 80)",
        )
    directory.mkdir(parents=True, exist_ok=True)
    created: list[Path] = []
    _copy_tree(choices[chosen], directory, created)
    try:
        instrument = load_instrument(directory / "instrument.yaml").instrument
    except EqSurveyError as exc:  # the bundled examples are tested; failing here is our bug
        raise InternalError(f"bundled example '{chosen}' is invalid: {exc.render()}") from None
    files = {
        CONFIG_NAME: _config(project_name),
        ".gitignore": GITIGNORE,
    }
    if not (directory / "plan.yaml").exists():
        files["plan.yaml"] = draft_plan(instrument)
    for filename, text in files.items():
        path = directory / filename
        path.write_text(text, encoding="utf-8")
        created.append(path)
    return created
