"""eqsurvey's own CSV format for responses: one row per respondent.

Columns: an optional ``access_code``, then one column per question, named by
its id; matrix rows as ``QUESTION__ROW``. Cells hold option codes; a
multi-choice cell holds the ticked codes separated by spaces (as KoboToolbox
writes them); numbers as decimals with a point; consent as ``yes``/``no``;
``prefer_not_to_say`` where the respondent declined; an empty cell is a
missing answer. Reading turns cells into typed answers; whether they fit the
instrument is checked afterwards by :func:`instruments.submission.check_answers`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from instruments.dataset import column_name
from instruments.errors import EqSurveyError, Location, Problem
from instruments.model import Instrument
from instruments.questions import Consent, Matrix, MultiChoice, Number, Scale
from instruments.text import DECLINED

ACCESS_CODE = "access_code"


def header(instrument: Instrument) -> list[str]:
    columns = [ACCESS_CODE]
    for q in instrument.questions():
        if isinstance(q, Matrix):
            columns.extend(column_name(q.id, r.code) for r in q.rows)
        else:
            columns.append(q.id)
    return columns


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return " ".join(value)
    return str(value)


def write_csv(instrument: Instrument, respondents: list[dict[str, Any]], codes: list[str] | None = None) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header(instrument))
    for i, answers in enumerate(respondents):
        row = [codes[i] if codes else ""]
        for q in instrument.questions():
            value = answers.get(q.id)
            if isinstance(q, Matrix):
                rows = value if isinstance(value, dict) else {}
                row.extend(DECLINED if value == DECLINED else _cell(rows.get(r.code)) for r in q.rows)
            else:
                row.append(_cell(value))
        writer.writerow(row)
    return out.getvalue()


@dataclass(frozen=True)
class CsvRow:
    number: int
    access_code: str | None
    answers: dict[str, Any]
    problems: list[Problem]


def _parse(q: Any, text: str, where: Location, problems: list[Problem]) -> Any:
    if text == DECLINED:
        return [DECLINED] if isinstance(q, MultiChoice) else DECLINED
    if isinstance(q, MultiChoice):
        return text.split()
    if isinstance(q, Consent):
        if text.lower() in ("yes", "true", "1"):
            return True
        if text.lower() in ("no", "false", "0"):
            return False
        problems.append(Problem("invalid-answer", where, f"{text!r} is not yes or no", "write yes or no"))
        return None
    if isinstance(q, (Scale, Number)):
        try:
            number = float(text.replace(",", ".")) if isinstance(q, Number) and not q.integer else int(text)
        except ValueError:
            problems.append(Problem("invalid-answer", where, f"{text!r} is not a number", "write digits, e.g. 42"))
            return None
        return number
    return text


def read_csv(instrument: Instrument, path: Path) -> Iterator[CsvRow]:
    """Rows with typed answers and the problems found reading them (row numbers count the header as 1)."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise EqSurveyError.single(
            "unreadable", f"cannot read {path}: {exc.strerror}", "check the path", Location(file=str(path))
        ) from None
    with handle:
        reader = csv.reader(handle)
        try:
            columns = next(reader, None)
        except (csv.Error, UnicodeDecodeError):
            columns = None
        known = set(header(instrument))
        if not columns or not (set(columns) & known):
            raise EqSurveyError.single(
                "csv-header",
                "the first row does not name any question of the instrument",
                "export with `eqsurvey responses simulate` to see the expected columns",
                Location(file=str(path), line=1),
            )
        unknown = [c for c in columns if c not in known]
        if unknown:
            raise EqSurveyError.single(
                "csv-header",
                f"unknown column(s): {', '.join(unknown[:5])}",
                "remove them or check the instrument version",
                Location(file=str(path), line=1),
            )
        questions = instrument.question_map
        try:
            for number, cells in enumerate(reader, start=2):
                yield _row(questions, columns, cells, number, path)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise EqSurveyError.single(
                "csv-syntax", f"the file cannot be read as CSV: {exc}", "save it as UTF-8 CSV", Location(file=str(path))
            ) from None


def _row(questions: dict[str, Any], columns: list[str], cells: list[str], number: int, path: Path) -> CsvRow:
    problems: list[Problem] = []
    if len(cells) != len(columns):
        where = Location(file=str(path), row=number)
        problems.append(
            Problem(
                "csv-row", where, f"{len(cells)} cells for {len(columns)} columns", "check for stray commas or quotes"
            )
        )
        return CsvRow(number, None, {}, problems)
    answers: dict[str, Any] = {}
    code = None
    for column, raw in zip(columns, cells, strict=True):
        text = raw.strip()
        if not text:
            continue
        if column == ACCESS_CODE:
            code = text
            continue
        qid, _, row = column.partition("__")
        q = questions[qid]
        where = Location(file=str(path), row=number, question=qid, field=column)
        value = _parse(q, text, where, problems)
        if isinstance(q, Matrix):
            answers.setdefault(qid, {})[row] = value
        elif value is not None:
            answers[qid] = value
    for qid, value in answers.items():
        # Every row declined is how a declined matrix is written: read it back as one answer.
        q = questions[qid]
        if isinstance(q, Matrix) and len(value) == len(q.rows) and all(v == DECLINED for v in value.values()):
            answers[qid] = DECLINED
    return CsvRow(number, code, answers, problems)
