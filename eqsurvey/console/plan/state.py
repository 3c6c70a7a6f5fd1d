"""What the plan pages show, read from the project's files on every request: the plan as written, its
problems as ``eqsurvey plan validate`` finds them, the instrument's questions a table can use, and the
preview as ``eqsurvey plan preview`` works it out.

Blocking (files, the preview's search for respondents needed): the handlers call these through ``console.run``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.plans.check import KINDS, can_break_down, can_measure
from analysis.plans.editing import (
    TableEdit,
    add_table,
    change_table,
    changed_meanwhile,
    digest,
    remove_table,
    save_if_unchanged,
    table_ids,
)
from analysis.plans.loader import CheckedPlan, PlacedProblem, PlanError, check_plan_text
from kernel.errors import EqSurveyError, InternalError, Location, Problem
from kernel.files import read_text
from kernel.yaml_source import MAX_YAML_BYTES, load_yaml

if TYPE_CHECKING:
    from eqsurvey.config import Project
    from eqsurvey.workflows.plan_preview import PreparedPreview
    from instruments.loader import LoadedInstrument
    from instruments.model import Instrument
    from reports.labels import Labels
    from reports.preview.page import PreviewWords

#: What the form offers for a new table; a table of another kind keeps its kind when it is changed.
FORM_KINDS = ("counts", "matrix", "mean", "write_ins")
#: The longest option text in a list of questions (the whole wording is in the questionnaire).
OPTION_CHARS = 110


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    lang: str | None = None
    """The language the label is in, when the page's is missing from the questionnaire (marked for screen readers)."""


@dataclass(frozen=True)
class TableRow:
    """One table of the plan as written, in plain words (read from the YAML, so also when the plan has errors).

    Title, measure and groups taken from the questionnaire are :class:`reports.labels.Label`: they know the
    language they are in, which the page marks where it is not the page's own."""

    id: str
    title: str
    kind: str
    measure: str
    groups: list[str]
    problems: list[Problem]
    values: TableEdit


@dataclass
class PlanState:
    """The plan file and instrument of a project, checked; ``broken`` when one of them cannot be read at all."""

    path: Path
    text: str = ""
    digest: str = ""
    broken: list[Problem] = field(default_factory=list)
    instrument: Instrument | None = None
    labels: Labels | None = None
    checked: CheckedPlan | None = None
    tables: list[TableRow] = field(default_factory=list)

    @property
    def path_parts(self) -> list[str]:
        """The file's path in pieces a narrow screen may break a line between (after each / _ - .)."""
        return re.split(r"(?<=[/_.-])", str(self.path))

    @property
    def editable(self) -> bool:
        return not self.broken and self.instrument is not None

    @property
    def plan_problems(self) -> list[Problem]:
        """The problems not of one table: shown above the list."""
        placed = self.checked.problems if self.checked else ()
        return [p.problem for p in placed if _table_of(p.path) is None]

    @property
    def valid(self) -> bool:
        return self.checked is not None and self.checked.plan is not None and not self.checked.errors

    def measures(self) -> list[Choice]:
        if self.instrument is None or self.labels is None:
            return []
        return [
            _choice(self.labels, v.id)
            for v in _variables(self.instrument)
            if any(can_measure(kind, v) for kind in KINDS)
        ]

    def breakdowns(self) -> list[Choice]:
        if self.instrument is None or self.labels is None:
            return []
        return [_choice(self.labels, v.id) for v in _variables(self.instrument) if can_break_down(v)]

    def table(self, table_id: str) -> TableRow | None:
        return next((t for t in self.tables if t.id == table_id), None)


#: How the instrument is read: the console's :meth:`~eqsurvey.console.frame.Console.instrument` (read again when its file changes).
Reader = Callable[["Project"], "LoadedInstrument"]


def read_state(project: Project, lang: str, read: Reader) -> PlanState:
    """The project's plan and instrument as they are on disk now, checked as ``eqsurvey plan validate`` checks them."""
    from reports.catalogue import Catalogue
    from reports.labels import Labels

    state = PlanState(project.plan_path)
    try:
        state.text = read_text(project.plan_path, PlanError, MAX_YAML_BYTES)
        state.digest = digest(state.text)
        state.instrument = read(project).instrument
        state.labels = Labels(state.instrument, Catalogue(lang))
        state.checked = check_plan_text(state.text, str(project.plan_path), state.instrument, project.total_rho)
        raw = load_yaml(state.text, str(project.plan_path))
    except EqSurveyError as exc:
        state.broken = list(exc.problems)
        state.instrument = None
        return state
    state.tables = _rows(raw, state.labels, state.checked)
    return state


class Previews:
    """The previews this console worked out, the newest few, by plan text, instrument and budget: when only
    the expected number of respondents changes, the search for the respondents each table needs is not redone."""

    KEEP = 4

    def __init__(self) -> None:
        self._kept: dict[tuple[str, str, str], PreparedPreview] = {}
        self._lock = threading.Lock()

    def words(self, state: PlanState, project: Project, respondents: int, lang: str) -> PreviewWords:
        """The preview of a valid plan, as ``eqsurvey plan preview -n RESPONDENTS --lang LANG`` works it out."""
        from eqsurvey.workflows.plan_preview import prepare_preview, preview_words

        plan = state.checked.plan if state.checked else None
        if plan is None or state.instrument is None:
            raise InternalError("a preview was asked for a plan that could not be read")
        key = (state.digest, state.instrument.content_hash(), str(project.total_rho))
        with self._lock:
            prepared = self._kept.get(key)
        if prepared is None:
            prepared = prepare_preview(state.path, plan, state.instrument, project.total_rho)
            with self._lock:
                self._kept[key] = prepared
                while len(self._kept) > self.KEEP:
                    del self._kept[next(iter(self._kept))]
        return preview_words(prepared, respondents=respondents, lang=lang)


@dataclass(frozen=True)
class Outcome:
    """What an edit came to: saved (with the table's id), or the problems it would bring (nothing written)."""

    table_id: str | None = None
    problems: list[PlacedProblem] = field(default_factory=list)
    stale: bool = False
    unchanged: bool = False


#: An edit of the plan's text (text, file name → new text, and the id of the table added or changed; None: removed).
Edit = Callable[[str, str], tuple[str, str | None]]


def adding(edit: TableEdit) -> Edit:
    return lambda text, source: add_table(text, edit, source)


def changing(table_id: str, edit: TableEdit) -> Edit:
    return lambda text, source: (change_table(text, table_id, edit, source), table_id)


def removing(table_id: str) -> Edit:
    return lambda text, source: (remove_table(text, table_id, source), None)


def edit_plan(project: Project, seen: str, edit: Edit, read: Reader) -> Outcome:
    """Add, change or remove a table, written back only if the plan stays free of new errors and the file is
    still the one the page showed (digest ``seen``)."""
    path = project.plan_path
    text = read_text(path, PlanError, MAX_YAML_BYTES)
    if digest(text) != seen:
        return Outcome(problems=[PlacedProblem((), changed_meanwhile(path))], stale=True)
    instrument = read(project).instrument
    before = check_plan_text(text, str(path), instrument, project.total_rho)
    new_text, table_id = edit(text, str(path))
    if new_text == text:
        return Outcome(table_id, unchanged=True)
    after = check_plan_text(new_text, str(path), instrument, project.total_rho)
    index = None if table_id is None else table_ids(new_text, str(path)).index(table_id)
    known = {(p.problem.code, p.problem.problem) for p in before.errors}
    brought = [
        p
        for p in after.errors
        if (index is not None and _table_of(p.path) == index) or (p.problem.code, p.problem.problem) not in known
    ]
    if brought:
        return Outcome(table_id, brought)
    try:
        save_if_unchanged(path, seen, new_text)
    except PlanError as exc:
        return Outcome(
            table_id, [PlacedProblem((), p) for p in exc.problems], stale=exc.problems[0].code == "plan-changed"
        )
    return Outcome(table_id)


def field_of(path: tuple[str | int, ...]) -> str | None:
    """The form field a problem of the edited table belongs at (``tables.3.by.1`` → ``by_2``); None: above the form."""
    rest = path[2:]
    if not rest:
        return None
    key = rest[0]
    if key in ("kind", "measure"):
        return str(key)
    if key == "by":
        return f"by_{int(rest[1]) + 1}" if len(rest) > 1 and isinstance(rest[1], int) and rest[1] < 2 else "by_1"
    if key == "label":
        return "label"
    return None


def at_field(placed: PlacedProblem) -> Problem:
    where = field_of(placed.path)
    p = placed.problem
    if where is None:
        return p
    return Problem(
        p.code,
        Location(p.where.file, p.where.line, p.where.column, p.where.question, p.where.row, where),
        p.problem,
        p.fix,
        p.severity,
    )


# --- reading the tables as written ---------------------------------------------------------------------


def _table_of(path: tuple[str | int, ...]) -> int | None:
    return path[1] if len(path) >= 2 and path[0] == "tables" and isinstance(path[1], int) else None


def _variables(instrument: Instrument) -> list[Any]:
    return [*instrument.question_map.values(), *instrument.derived_map.values()]


def _choice(labels: Labels, variable: str) -> Choice:
    label = labels.variable(variable)
    return Choice(variable, _short(label, variable), label.lang)


def _short(label: str, variable: str) -> str:
    text = " ".join(label.split())
    if len(text) > OPTION_CHARS:
        text = text[: OPTION_CHARS - 1].rstrip() + "…"
    return f"{text} ({variable})"


def _rows(raw: Any, labels: Labels, checked: CheckedPlan) -> list[TableRow]:
    rows = []
    tables = raw.get("tables") if isinstance(raw, dict) else None
    for index, table in enumerate(tables if isinstance(tables, list) else []):
        if not isinstance(table, dict):
            continue
        by = (
            [str(b) for b in table.get("by") or [] if isinstance(b, (str, int))]
            if isinstance(table.get("by"), list)
            else []
        )
        measure = str(table.get("measure", ""))
        label = table.get("label") if isinstance(table.get("label"), dict) else None
        values = TableEdit(
            str(table.get("kind", "")), measure, tuple(by), {str(k): str(v) for k, v in (label or {}).items()}
        )
        rows.append(
            TableRow(
                id=str(table.get("id", "")),
                title=_title(labels, label, measure, by),
                kind=values.kind,
                measure=labels.variable(measure) if measure else "",
                groups=[labels.variable(b) for b in by],
                problems=[p.problem for p in checked.problems if _table_of(p.path) == index],
                values=values,
            )
        )
    return rows


def _title(labels: Labels, label: dict[str, str] | None, measure: str, by: list[str]) -> str:
    """The table's title as the preview and the report give it: its own, else "MEASURE by GROUPS"."""
    from analysis.plans.model import Table
    from reports.preview.page import table_title

    return table_title(labels, Table.model_construct(id="", kind="counts", measure=measure, by=by, label=label))
