"""Reading responses from any CSV or XLSX file through a column mapping.

The file is a table: a header row (``header_row`` of the mapping, rows above it
are titles and are skipped), then one respondent per row; empty rows are
skipped. Every named column must be mapped or ignored by the mapping, checked
before any row is read: an identifying column (names, e-mail, IP addresses) is
then never imported by accident, and an answer column never dropped unnoticed.

Cells become typed answers exactly as :mod:`.csv_format` produces them, so the
same :func:`~survey.intake.ingest.ingest` checks and stores both. A cell is read in
this order: empty or a ``missing`` value → no answer; a ``declined`` value →
``prefer_not_to_say``; a recode from the mapping; then the question's own
codes and labels (in any language, ignoring case), numbers (decimal comma
allowed), yes/no. Excel cell types are kept: integral numbers become whole
numbers, booleans stay booleans, dates are refused (no question takes a date;
a date usually means the spreadsheet reformatted a cell).

A cell that cannot be read is a problem of its row (row number as the
spreadsheet shows it, question, column); the row is still yielded so that every
problem is reported. Messages never quote a cell: it may hold free text or an
identifier, and the row and column find it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from instruments.model import Instrument
from instruments.questions import Consent, Matrix, MultiChoice, Number, Question, Scale, Text
from instruments.text import DECLINED
from kernel.errors import Location, Problem
from survey.importers.csv_format import CsvRow, source_id
from survey.importers.mapping.model import ColumnRule, LoadedMapping, MappingError, load_mapping, norm_value
from survey.importers.tables import DATE, Table, cell_text, cell_value, open_table

__all__ = ["choice_lookup", "exact_codes", "read_mapped"]

_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")
_YES = frozenset({"1", "x", "yes", "ja", "j", "y", "true"})
_NO = frozenset({"0", "no", "nein", "n", "false"})


def choice_lookup(q: Question) -> dict[str, Any]:
    """Normalised option codes and labels (every language) → code; scale point values and labels → value.

    Codes win over labels; a label (or code differing only in case) that two options share is left
    out: it cannot say which one was meant.
    """
    out: dict[str, Any] = {}
    for pairs in (_labels(q), exact_codes(q).items()):
        found: dict[str, Any] = {}
        clashes: set[str] = set()
        for text, value in pairs:
            key = norm_value(text)
            if found.get(key, value) != value:
                clashes.add(key)
            found.setdefault(key, value)
        out |= {k: v for k, v in found.items() if k not in clashes}
    return out


def exact_codes(q: Question) -> dict[str, Any]:
    """The codes exactly as written (scale: the point values as text): read before anything else."""
    if isinstance(q, Scale):
        return {str(p.value): p.value for p in q.points}
    return {o.code: o.code for o in getattr(q, "options", [])}


def _labels(q: Question) -> list[tuple[str, Any]]:
    if isinstance(q, Scale):
        return [(t, p.value) for p in q.points for t in p.label.values()]
    return [(t, o.code) for o in getattr(q, "options", []) for t in o.label.values()]


def _plan(mapping: LoadedMapping, table: Table) -> list[ColumnRule | str]:
    """Per file column: its rule, or 'access', 'source', 'ignore', '' (blank header). File-level problems raised here."""
    problems: list[Problem] = []
    where = Location(file=table.source, row=table.header_row)
    counts: dict[str, int] = {}
    for name in table.headers:
        counts[name] = counts.get(name, 0) + 1
    twice = [n for n, c in counts.items() if n and c > 1 and n not in mapping.ignore]
    if twice:
        problems.append(
            Problem(
                "duplicate-column",
                where,
                f"column(s) named twice: {', '.join(twice)}",
                "rename one of each pair in the file",
            )
        )
    unmapped = [
        n
        for n in table.headers
        if n
        and n not in mapping.rules
        and n not in mapping.ignore
        and n not in (mapping.access_code, mapping.response_id)
    ]
    if unmapped:
        problems.append(
            Problem(
                "unmapped-columns",
                where,
                f"{len(unmapped)} column(s) neither mapped nor ignored: {', '.join(unmapped)}",
                f"in {mapping.path}, map each under 'columns:' or list it under 'ignore:' "
                "(every column is decided on, so identifying columns are never imported by accident)",
            )
        )
    present = set(table.headers)
    for name, rule in mapping.rules.items():
        if name not in present:
            problems.append(
                Problem(
                    "column-not-found",
                    rule.where,
                    f"the file has no column '{name}'",
                    "correct the name or remove the entry",
                )
            )
    if mapping.access_code is not None and mapping.access_code not in present:
        problems.append(
            Problem(
                "column-not-found",
                mapping.locate("access_code"),
                f"the file has no column '{mapping.access_code}'",
                "correct the name",
            )
        )
    if mapping.response_id is not None and mapping.response_id not in present:
        problems.append(
            Problem(
                "column-not-found",
                mapping.locate("response_id"),
                f"the file has no column '{mapping.response_id}'",
                "correct the name",
            )
        )
    if problems:
        raise MappingError(problems)
    special = {mapping.access_code: "access", mapping.response_id: "source"}
    return [mapping.rules.get(n) or special.get(n) or ("ignore" if n else "") for n in table.headers]


def read_mapped(instrument: Instrument, path: Path, mapping_path: Path) -> Iterator[CsvRow]:
    """Rows with typed answers and their problems; mapping and header problems are raised before any row."""
    mapping = load_mapping(mapping_path, instrument)
    spec = mapping.spec
    table = open_table(path, spec.sheet, spec.header_row, spec.delimiter)
    plan = _plan(mapping, table)
    return _rows(table, plan)


def _rows(table: Table, plan: list[ColumnRule | str]) -> Iterator[CsvRow]:
    lookups = {
        r.column: (exact_codes(r.question), choice_lookup(r.question)) for r in plan if isinstance(r, ColumnRule)
    }
    for number, cells in table.rows():
        if number <= table.header_row or all(cell_value(c) is None for c in cells):
            continue
        yield _RowReader(table.source, number, lookups).read(plan, cells)


class _RowReader:
    def __init__(self, source: str, number: int, lookups: dict[str, tuple[dict[str, Any], dict[str, Any]]]) -> None:
        self.source, self.number, self.lookups = source, number, lookups
        self.problems: list[Problem] = []
        self.answers: dict[str, Any] = {}
        self.ticks: dict[str, set[str]] = {}

    def problem(self, rule: ColumnRule | None, column: str, code: str, problem: str, fix: str) -> None:
        qid = rule.question.id if rule else None
        where = Location(file=self.source, row=self.number, question=qid, field=column)
        self.problems.append(Problem(code, where, problem, fix))

    def read(self, plan: list[ColumnRule | str], cells: list[object]) -> CsvRow:
        code: str | None = None
        source: str | None = None
        for i, raw in enumerate(cells):
            value = cell_value(raw)
            kind = plan[i] if i < len(plan) else ""
            if value is None or kind == "ignore":
                continue
            if kind == "":
                letter = get_column_letter(i + 1)
                self.problem(
                    None,
                    f"column {letter}",
                    "unnamed-column",
                    f"column {letter} has no name but holds a value",
                    "give the column a name, then map or ignore it",
                )
            elif value is DATE:
                self.problem(
                    kind if isinstance(kind, ColumnRule) else None,
                    str(getattr(kind, "column", "access code" if kind == "access" else "response id")),
                    "date-cell",
                    "the cell holds a date or time, which no question takes",
                    "format the column as text in the spreadsheet, or correct the cell",
                )
            elif kind == "access":
                code = cell_text(value)
            elif kind == "source":
                source = source_id(cell_text(value))
            elif isinstance(kind, ColumnRule):
                self.cell(kind, value)
        self.finish(plan)
        return CsvRow(self.number, code, self.answers, self.problems, source)

    def cell(self, rule: ColumnRule, value: Any) -> None:
        q, key = rule.question, norm_value(cell_text(value))
        if rule.option is not None:
            self.tick(rule, value, key)
            return
        if key in rule.missing:
            return
        known, answer = self.known(rule, cell_text(value), key)
        if not known:
            answer = self.parse(rule, value, key)
        if answer is None:
            return
        if isinstance(q, Matrix):
            self.answers.setdefault(q.id, {})[rule.row] = answer
        elif isinstance(q, MultiChoice):
            self.answers[q.id] = answer if isinstance(answer, list) else [answer]
        else:
            self.answers[q.id] = answer

    def known(self, rule: ColumnRule, text: str, key: str) -> tuple[bool, Any]:
        """A value the mapping or the question names: a recode, an exact code, a declined word, a code or label."""
        if key in rule.recodes:
            return True, rule.recodes[key]
        exact, lookup = self.lookups[rule.column]
        if text.strip() in exact:
            return True, exact[text.strip()]
        if key in rule.declined:
            return True, DECLINED
        return key in lookup, lookup.get(key)

    def parse(self, rule: ColumnRule, value: Any, key: str) -> Any:
        q = rule.question
        if isinstance(q, Text):
            return cell_text(value)
        if isinstance(q, MultiChoice):
            return self.multi(rule, cell_text(value))
        if isinstance(q, Consent):
            if isinstance(value, bool) or key in _YES or key in _NO:
                return value if isinstance(value, bool) else key in _YES
            self.problem(
                rule,
                rule.column,
                "invalid-answer",
                "the cell is not yes or no",
                "write yes or no, or recode the value under 'values:'",
            )
            return None
        if isinstance(q, (Scale, Number)) and not isinstance(value, bool):
            number = _number(value)
            if number is None and isinstance(q, Scale):
                number = self.lookups[rule.column][1].get(key)
            if number is not None:
                integral = isinstance(q, Scale) or q.integer
                return int(number) if integral and number == int(number) else float(number)
            self.problem(
                rule,
                rule.column,
                "invalid-answer",
                "the cell is not a number",
                "write digits (decimal comma or point), or recode the value under 'values:'",
            )
            return None
        found = self.lookups[rule.column][1].get(key)
        if found is None:
            self.problem(
                rule,
                rule.column,
                "unknown-value",
                f"the cell is not an option of '{q.id}' and not recoded in the mapping",
                "recode the value under 'values:' in the mapping, or correct the cell",
            )
        return found

    def multi(self, rule: ColumnRule, text: str) -> list[str] | None:
        pieces = [p for p in (text.split(rule.separator) if rule.separator else text.split()) if p.strip()]
        chosen: set[str] = set()
        unknown = 0
        for piece in pieces:
            key = norm_value(piece)
            if key in rule.missing:
                continue
            known, found = self.known(rule, piece, key)
            if not known:
                unknown += 1
            elif found is not None:
                chosen.add(found)
        if unknown:
            self.problem(
                rule,
                rule.column,
                "unknown-value",
                f"{unknown} value(s) in the cell are not options of '{rule.question.id}' and not recoded",
                "recode them under 'values:', or set 'separator:' to what separates the ticked options",
            )
            return None
        return self.ordered(rule, chosen)

    def ordered(self, rule: ColumnRule, chosen: set[str]) -> list[str] | None:
        q = rule.question
        assert isinstance(q, MultiChoice)  # noqa: S101 - only multi-choice rules come here
        if DECLINED in chosen and len(chosen) > 1:
            self.problem(
                rule,
                rule.column,
                "declined-and-ticked",
                "'prefer not to say' is given together with options",
                "keep one or the other",
            )
            return None
        if DECLINED in chosen:
            return [DECLINED]
        return [o.code for o in q.options if o.code in chosen] or None

    def tick(self, rule: ColumnRule, value: Any, key: str) -> None:
        assert rule.option is not None  # noqa: S101 - only option columns come here
        ticks = self.ticks.setdefault(rule.question.id, set())
        if value is True or key in rule.ticked or self.lookups[rule.column][1].get(key) == rule.option:
            ticks.add(rule.option)
        elif key in rule.declined:
            ticks.add(DECLINED)
        elif not (value is False or key in rule.unticked or key in rule.missing):
            self.problem(
                rule,
                rule.column,
                "not-a-tick",
                "the cell is neither a tick nor empty",
                "list the value under 'ticked:' or 'unticked:' for this column",
            )

    def finish(self, plan: list[ColumnRule | str]) -> None:
        rules = {r.question.id: r for r in plan if isinstance(r, ColumnRule) and r.option is not None}
        for qid, chosen in self.ticks.items():
            answer = self.ordered(rules[qid], chosen) if chosen else None
            if answer is not None:
                self.answers[qid] = answer
        for rule in plan:
            if isinstance(rule, ColumnRule) and isinstance(rule.question, Matrix):
                rows = self.answers.get(rule.question.id)
                # Every row declined is how a declined matrix is written: read it back as one answer.
                if isinstance(rows, dict) and len(rows) == len(rule.question.rows) and set(rows.values()) == {DECLINED}:
                    self.answers[rule.question.id] = DECLINED


def _number(value: Any) -> float | int | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = str(value).replace(" ", "")
    if not _NUMBER.fullmatch(text):
        return None
    number = float(text.replace(",", "."))
    return int(number) if number.is_integer() else number
