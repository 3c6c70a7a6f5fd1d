"""A new survey project folder (`eqsurvey init` and the console): laid out from an example, never over files.

A project holds the instrument, a draft analysis plan, the config and a
``.gitignore`` that keeps keys, invitation codes and data out of version
control (the folders the README tells people to use: ``keys/``,
``letters/``, ``data/``). Nothing is overwritten: the folder must be new or
empty.
"""

from __future__ import annotations

import re
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

import yaml

from eqsurvey.config import CONFIG_NAME, load_project
from instruments.expressions.syntax import parse, references
from instruments.loader import load_instrument
from instruments.model import Instrument
from instruments.questions import Consent, Matrix, MultiChoice, Number, Question, Scale, SingleChoice
from kernel.errors import EqSurveyError, InternalError, Location

DEFAULT_EXAMPLE = "starter"

GITIGNORE = """\
# eqsurvey: keys, access codes and response data never go into version control.
# The private key belongs to the analysts only; the store holds sealed answers;
# the codes in letters/ open the questionnaire; data/ holds the opened dataset.
keys/
*.key
*.pem
letters/
data/
*.sqlite
*.sqlite-wal
*.sqlite-shm
*.sqlite-journal
exports/
*.parquet
*.dictionary.json
"""


def examples() -> dict[str, Traversable]:
    root = resources.files("eqsurvey.examples")
    return {p.name: p for p in root.iterdir() if p.is_dir() and (p / "instrument.yaml").is_file()}


DOCUMENTS_FILE = "documents.toml"
"""An example's own ``[documents]`` table, written into the config instead of the commented one."""

DOCUMENTS_TEMPLATE = """
# What only you can state for the data-protection documents (`eqsurvey documents`):
# uncomment and fill in. A text is "one string" or a table { de = "…", en = "…" }.
# [documents]
# legal_basis = "consent"   # Art. 9(2)(a) GDPR; or "public_interest" (9(2)(g)) or "research" (9(2)(j))
# statutory_provision = "§ 27 BDSG"   # needed with public_interest or research: the law that allows it
# dpo = "Data protection officer, datenschutz@example.org"
# collector = "IT department of the city, which runs the survey server"
# key_holders = "Statistics office: two named analysts hold the private key and its passphrase"
# recipients = ["Statistics office of the city (analysis)"]
# transfers = "None: no transfer to a third country or an international organisation"
# publication = "Results in the first quarter after fieldwork, on the city's website"
"""


def _config(name: str, documents: str = DOCUMENTS_TEMPLATE) -> str:
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

[analysis]
# The privacy budget of this survey's data, for all its releases together, in
# zero-concentrated DP (rho); `eqsurvey plan validate` shows what one release
# spends, also as (epsilon, delta). Smaller is more private and less precise.
total_rho = 0.5
# A release refuses below the plan's suppress_below respondents (every cell
# would be noise alone); uncomment to require more, e.g. before a pilot ends:
# min_respondents = 100

[store]
# Sealed responses: a SQLite file in this folder, or a PostgreSQL server
# (url = "postgresql://user@host/database"; the password in ~/.pgpass, not here)
url = "sqlite:///data/responses.sqlite"
{documents}"""


def _asked_of_all(instrument: Instrument, *conditions: str | None) -> bool:
    """No condition other than having given consent."""
    for condition in conditions:
        if condition is None:
            continue
        names = {r.name for r in references(parse(condition))}
        if not all(isinstance(instrument.question_map.get(n), Consent) for n in names):
            return False
    return True


def draft_plan(instrument: Instrument) -> str:
    """A first analysis plan from the instrument's roles, small enough to discuss.

    Every outcome overall. Outcomes asked of everyone also by each derived
    breakdown (the layered groups built for publication, e.g. TIN*/cis) or, if
    there are none, by each breakdown question; and the first of them by the
    intersection of the first two derived breakdowns. Follow-up questions asked
    of a few only get overall tables: broken down, their cells would mostly be
    too small to publish.
    """
    outcomes = [q for q in instrument.questions() if q.role == "outcome" and q.privacy != "direct_identifier"]
    derived = [d.id for d in instrument.derived if d.role == "breakdown"]
    breakdowns = derived or [
        q.id
        for q in instrument.questions()
        if q.role == "breakdown" and q.privacy != "direct_identifier" and _table_kind(q) == "counts"
    ]
    asked_of_all = [
        q.id for q in outcomes if _asked_of_all(instrument, q.relevant, instrument.section_of(q.id).relevant)
    ]
    kinds = {q.id: _table_kind(q) for q in outcomes}
    outcomes = [q for q in outcomes if kinds[q.id] is not None]
    asked_of_all = [o for o in asked_of_all if kinds[o] is not None]

    def table(tid: str, measure: str, by: list[str]) -> dict[str, object]:
        return {"id": tid, "kind": kinds[measure], "measure": measure, "by": by}

    if not outcomes:  # no outcome marked yet: who answered, by each group, to start the discussion from
        outcomes = [q for q in instrument.questions() if q.privacy != "direct_identifier" and _table_kind(q)]
        kinds = {q.id: _table_kind(q) for q in outcomes}
        asked_of_all = []
    tables = [table(f"{q.id}_overall", q.id, []) for q in outcomes]
    tables += [table(f"{o}_by_{b}", o, [b]) for o in asked_of_all for b in breakdowns]
    if asked_of_all and len(derived) >= 2:
        o, (a, b) = asked_of_all[0], derived[:2]
        tables.append(table(f"{o}_by_{a}_x_{b}", o, [a, b]))
    header = (
        f"# Draft analysis plan for {instrument.id} {instrument.version}, written by `eqsurvey init`\n"
        "# from the instrument's analysis roles. Discuss it with your community partners:\n"
        "# which groups and intersections matter, and which are too small to publish safely.\n"
        "# Every table spends part of the privacy budget: fewer tables, more precise numbers.\n"
        "# Check it with: eqsurvey plan validate\n"
    )
    body = {"id": "main", "instrument": instrument.id, "budget_share": 0.25, "tables": tables}
    return header + yaml.safe_dump(body, sort_keys=False, allow_unicode=True)


def _table_kind(q: Question) -> str | None:
    """The kind of table that publishes an outcome; None for one no table can (free text, an identifier)."""
    if isinstance(q, Matrix):
        return "matrix"
    if isinstance(q, (Scale, Number)) and getattr(q, "coarsen", None) is None:
        return "mean"
    if isinstance(q, (SingleChoice, MultiChoice, Consent, Scale)) or getattr(q, "coarsen", None) is not None:
        return "counts"
    return None


def _copy_tree(source: Traversable, target: Path, created: list[Path]) -> None:
    for item in source.iterdir():
        if item.name.startswith((".", "__")) or item.name == DOCUMENTS_FILE:
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
    if not re.fullmatch(r"[\w .-]{1,80}", project_name):
        raise EqSurveyError.single(
            "bad-name",
            f"'{project_name}' is not a usable project name",
            "use letters, digits, spaces, '.', '-' or '_' (at most 80)",
        )
    created: list[Path] = []
    try:
        directory.mkdir(parents=True, exist_ok=True)
        _copy_tree(choices[chosen], directory, created)
    except OSError as exc:
        raise EqSurveyError.single(
            "cannot-create",
            f"cannot create the project in {directory}: {exc.strerror}",
            "choose a folder you can write to, whose parent folders are folders",
            Location(file=str(directory)),
        ) from None
    try:
        instrument = load_instrument(directory / "instrument.yaml").instrument
    except EqSurveyError as exc:  # the bundled examples are tested; failing here is our bug
        raise InternalError(f"bundled example '{chosen}' is invalid: {exc.render()}") from None
    own = choices[chosen] / DOCUMENTS_FILE
    documents = "\n" + own.read_text(encoding="utf-8") if own.is_file() else DOCUMENTS_TEMPLATE
    files = {
        CONFIG_NAME: _config(project_name, documents),
        ".gitignore": GITIGNORE,
    }
    if not (directory / "plan.yaml").exists():
        files["plan.yaml"] = draft_plan(instrument)
    for filename, text in files.items():
        path = directory / filename
        path.write_text(text, encoding="utf-8")
        created.append(path)
    load_project(directory)  # what we wrote must read back (e.g. a project name TOML cannot hold)
    return created
