"""A starter mapping for a file, for a person to review rather than write from nothing.

Every column of the file is listed: mapped where its name is a question id
(also ``question__row``, ``question/option``, ``question[option]`` and
``question.option`` as other tools write them) or a question's label in any
language of the instrument, ignoring case; everything else under ``ignore``
with a comment asking for review. Unmatched columns are ignored rather than
left out: left out, the mapping would be refused until each is decided on;
ignored, nothing unreviewed is imported (the safe direction for a column that
may identify people), and the comment says what to check.

For choice columns the draft also scans the data: values that are neither an
option code nor a label are listed as commented recodes to fill in, and a
separator between ticked options is guessed. Values are listed only for
choice columns with few distinct values, never for text columns, because the
draft is a file people pass around.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from instruments.model import Instrument
from instruments.questions import Matrix, MultiChoice, Question, Scale, SingleChoice
from instruments.text import DECLINED
from survey.importers.mapping.model import norm_value
from survey.importers.mapping.responses import choice_lookup
from survey.importers.tables import DATE, Table, cell_text, cell_value, open_table

__all__ = ["draft_mapping"]

_ACCESS_NAMES = frozenset({"access_code", "access code", "zugangscode", "teilnahmecode", "code"})
_RESPONSE_ID_NAMES = frozenset(
    {"response_id", "response id", "id", "laufnummer", "lfd. nr.", "antwort-id", "uuid", "_uuid"}
)
_COMPOUND = re.compile(r"(?P<q>[a-z][a-z0-9_]*?)(?:__|/|\.|\[|:\s*)(?P<x>[^\]]+)\]?")
_PLAIN = re.compile(r"[A-Za-zÄÖÜäöüß_][\w -]*[\w]|[A-Za-z]")
_YAML_WORDS = frozenset({"true", "false", "null", "yes", "no", "on", "off", "y", "n"})
_MAX_VALUES = 30
_SCAN_ROWS = 10_000


@dataclass
class _Entry:
    header: str
    question: Question
    why: str
    row: str | None = None
    option: str | None = None
    separator: str | None = None
    unknown: set[str] = field(default_factory=set)
    distinct: set[str] = field(default_factory=set)


def _quote(text: str) -> str:
    """Text as a YAML scalar: plain where that is unambiguous, else double-quoted (JSON is valid YAML)."""
    if _PLAIN.fullmatch(text) and text.casefold() not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


class _Matcher:
    """Finds the question (and row or option) a column name stands for."""

    def __init__(self, instrument: Instrument) -> None:
        self.questions = instrument.question_map
        self.ids = {q.id.casefold(): q for q in self.questions.values()}
        labels: dict[str, Question | None] = {}
        for q in self.questions.values():
            for text in q.label.values():
                key = norm_value(text)
                labels[key] = q if labels.get(key, q) is q else None  # a label two questions share matches neither
        self.labels = {k: q for k, q in labels.items() if q is not None}

    def match(self, header: str) -> tuple[Question, str | None, str | None, str] | None:
        key = norm_value(header)
        q = self.ids.get(key)
        if q is not None and not isinstance(q, Matrix):
            return q, None, None, "the name is the question id"
        m = _COMPOUND.fullmatch(key)
        if m and (q := self.ids.get(m["q"])) is not None:
            part = m["x"].strip()
            if isinstance(q, Matrix):
                row = next((r.code for r in q.rows if r.code.casefold() == part), None)
                if row is not None:
                    return q, row, None, "the name is question id and row"
            if isinstance(q, MultiChoice):
                codes = [o.code for o in q.options] + ([DECLINED] if q.prefer_not_to_say else [])
                option = next((c for c in codes if c.casefold() == part), None)
                if option is not None:
                    return q, None, option, "the name is question id and option"
        q = self.labels.get(key)
        if q is not None and not isinstance(q, Matrix):
            return q, None, None, "the name is the question's label"
        return None


def draft_mapping(instrument: Instrument, path: Path, *, sheet: str | None = None, header_row: int = 1) -> str:
    """YAML text of a starter mapping for the file at ``path``: every column listed, matched ones mapped."""
    table = open_table(path, sheet, header_row)
    matcher = _Matcher(instrument)
    entries: dict[int, _Entry] = {}
    ignored: list[tuple[str, str]] = []
    access: str | None = None
    response_id: str | None = None
    taken: dict[tuple[str, str], str] = {}
    for i, header in enumerate(table.headers):
        if not header:
            continue
        found = matcher.match(header)
        if found is None:
            if access is None and norm_value(header) in _ACCESS_NAMES:
                access = header
            elif response_id is None and norm_value(header) in _RESPONSE_ID_NAMES:
                response_id = header
            else:
                ignored.append((header, "matches no question"))
            continue
        q, row, option, why = found
        key = (q.id, row or option or "")
        clash = taken.get(key) or taken.get((q.id, "")) or (key[1] == "" and any(k[0] == q.id for k in taken))
        if clash:
            ignored.append((header, f"'{q.id}' is already filled from another column"))
            continue
        taken[key] = header
        entries[i] = _Entry(header, q, why, row, option)
    _scan(instrument, table, entries)
    return _render(
        instrument,
        path,
        table=table,
        sheet=sheet,
        access=access,
        response_id=response_id,
        entries=entries.values(),
        ignored=ignored,
    )


def _scan(instrument: Instrument, table: Table, entries: dict[int, _Entry]) -> None:
    """Distinct values of the choice columns (bounded), to guess separators and list values to recode."""
    wanted = {
        i: e
        for i, e in entries.items()
        if isinstance(e.question, (SingleChoice, MultiChoice, Matrix, Scale)) and not e.option
    }
    if not wanted:
        return
    for number, cells in table.rows():
        if number <= table.header_row:
            continue
        if number > table.header_row + _SCAN_ROWS:
            break
        for i, e in wanted.items():
            value = cell_value(cells[i]) if i < len(cells) else None
            if value is not None and value is not DATE and len(e.distinct) <= _MAX_VALUES:
                e.distinct.add(cell_text(value))
    declined = {norm_value(instrument.declined_label(lang)) for lang in instrument.languages} | {DECLINED}
    for e in wanted.values():
        if len(e.distinct) > _MAX_VALUES:
            continue  # too many values for a choice column: the reader will report them row by row
        lookup = choice_lookup(e.question)
        if isinstance(e.question, MultiChoice):
            e.separator = next((s for s in (";", ",", "|") if any(s in v for v in e.distinct)), None)
        for value in e.distinct:
            pieces = value.split(e.separator) if e.separator else value.split()
            if isinstance(e.question, MultiChoice) and norm_value(value) not in declined:
                e.unknown |= {p.strip() for p in pieces if p.strip() and _unknown(p, lookup, declined)}
            elif _unknown(value, lookup, declined):
                e.unknown.add(value)


def _unknown(value: str, lookup: dict[str, object], declined: set[str]) -> bool:
    key = norm_value(value)
    return key not in lookup and key not in declined


def _render(
    instrument: Instrument,
    path: Path,
    *,
    table: Table,
    sheet: str | None,
    access: str | None,
    response_id: str | None = None,
    entries: Iterable[_Entry],
    ignored: list[tuple[str, str]],
) -> str:
    declined = ", ".join(sorted({instrument.declined_label(lang) for lang in instrument.languages}))
    out = [
        f"# Column mapping: {path.name} → {instrument.id} {instrument.version}",
        "# A starter written by eqsurvey: check every line before importing.",
        "# The format is described in docs/responses.md, 'Importing other spreadsheets (column mapping)'.",
        f"instrument: {_quote(instrument.id)}",
    ]
    if sheet is not None:
        out.append(f"sheet: {_quote(sheet)}")
    out.append(f"header_row: {table.header_row}")
    if access is not None:
        out.append(f"access_code: {_quote(access)}  # matched by its name: check it holds the access codes")
    if response_id is not None:
        out.append(
            f"response_id: {_quote(response_id)}  # matched by its name: check each response keeps this id for good"
            " (it recognises the response when a later export is imported)"
        )
    out += [
        f"# declined: [{json.dumps(instrument.declined_label(instrument.default_language), ensure_ascii=False)}]"
        f"  # cell values meaning 'prefer not to say' (default: {declined})",
        '# missing: ["-"]  # cell values meaning "no answer" (an empty cell always does)',
        "",
        "columns:",
    ]
    for e in entries:
        out.extend(_entry_lines(e))
    if out[-1] == "columns:":
        out[-1] = "columns: {}  # no column matched a question: map them by hand"
    out.append("")
    if ignored:
        out += [
            "# REVIEW: these columns match no question and are NOT imported.",
            "# If one holds answers, move it under 'columns:' with its question id.",
            "# Keep identifying columns (names, e-mail, IP addresses, timestamps) here.",
            "ignore:",
        ]
        out += [f"  - {_quote(h)}  # {why}" for h, why in ignored]
    else:
        out.append("ignore: []")
    blanks = [i for i, h in enumerate(table.headers) if not h]
    if blanks:
        out.append(f"# {len(blanks)} column(s) without a name: give them a name in the file if they hold data.")
    return "\n".join(out) + "\n"


def _entry_lines(e: _Entry) -> list[str]:
    head = f"  {_quote(e.header)}:"
    if not (e.row or e.option or e.separator or e.unknown):
        return [f"{head} {e.question.id}  # {e.why}"]
    lines = [f"{head}  # {e.why}", f"    question: {e.question.id}"]
    if e.row:
        lines.append(f"    row: {_quote(e.row)}")
    if e.option:
        lines.append(f"    option: {_quote(e.option)}")
    if e.separator:
        lines.append(f"    separator: {json.dumps(e.separator)}  # guessed from the data: check")
    if e.unknown:
        codes = [str(p.value) for p in e.question.points] if isinstance(e.question, Scale) else []
        codes = codes or [o.code for o in getattr(e.question, "options", [])]
        lines.append(
            f"    # values:  # these values are no option code or label; recode each to one of: {', '.join(codes)}"
        )
        lines += [f"    #   {json.dumps(v, ensure_ascii=False)}: CODE" for v in sorted(e.unknown)]
    return lines
