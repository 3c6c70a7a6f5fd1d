"""LimeSurvey response exports (CSV): reading them as rows of typed answers, and writing them.

The format is LimeSurvey's "Export responses" → CSV with *question code*
headings and *answer codes* (not full answers): UTF-8 (LimeSurvey adds a
byte-order mark), comma-separated (a semicolon is accepted too), one row per
response. Columns:

- metadata: ``id``, ``submitdate``, ``lastpage``, ``startlanguage``, ``seed``,
  ``startdate``, ``datestamp``, ``ipaddr``, ``refurl``, and timings
  (``interviewtime``, ``groupTime12``, ``Q1Time``). They are dropped as each row
  is read and never stored: an IP address, a referring URL and exact times
  identify respondents or link them to other records, and eqsurvey keeps
  only a coarse received date of its own. ``id``, LimeSurvey's response id,
  recognises the response when it is exported again (it is stored only as a
  keyed hash, see :mod:`anonymize.source_identity`). ``token`` is the access code when
  the survey used a participant table; participant fields exported beside
  it (``firstname``, ``email``, ``attribute_1`` …) are dropped too.
- ``submitdate`` decides completeness: a response LimeSurvey holds as
  incomplete (no submit date) comes back with the row problem
  "incomplete response", so it is reported and not stored.
- one column per list, text, numeric or yes/no question: ``Q1``; one per
  subquestion of a multiple-choice question (``Q1[SQ001]``: ``Y`` ticked, empty
  not) or row of an array (``Q1[SQ001]``: the answer code). Older versions
  write ``Q1_SQ001``, which is read the same way. ``Q1[other]`` holds the text of
  "Other" (the list cell itself then holds ``-oth-``); it goes to the text
  question ``<id>_other`` where the instrument has one. A subquestion the
  importer made a question of its own (multiple numerical input ``K``:
  ``Q1[SQ001]`` → ``q1_sq001``) is read as that question. Comment columns
  (``Q1[comment]``, ``Q1[SQ001comment]``) are free text eqsurvey never asked
  for, so they are ignored. Any other column the instrument does not know
  stops the import with the list of such columns: nothing that might be an
  answer is dropped silently.

Names follow the contract with the ``.lss`` importer: question ``Q1`` is our
``to_identifier("Q1")`` = ``q1``, subquestion and answer codes are
``to_code(code)`` (``SQ001`` stays ``SQ001``). Our own ids are accepted verbatim,
so :func:`write_limesurvey_csv` can write any instrument (``QID``, ``QID[CODE]``).
A yes/no question (a consent) is ``Y``/``N``; a list whose answer codes are
``Y`` and ``N`` is just a single choice with those codes. Numbers may carry
LimeSurvey's decimals (``41.0000000000``). The writer adds no byte-order mark.
An empty cell is a missing answer; ``prefer_not_to_say`` is a declined one
(a declined matrix: every row; a declined multiple choice: the column
``QID[prefer_not_to_say]`` ticked).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from instruments.model import Instrument
from instruments.questions import Consent, Matrix, MultiChoice, Question, Text
from instruments.text import DECLINED
from kernel.errors import EqSurveyError, Location, Problem
from survey.importers.cells import (
    collapse_declined,
    csv_records,
    find_question,
    heading_cells,
    match_code,
    parse_cell,
    short_row,
    shown,
    unknown_columns,
)
from survey.importers.csv_format import CsvRow

__all__ = ["read_limesurvey_csv", "read_limesurvey_records", "sniff_limesurvey", "write_limesurvey_csv"]

#: Response metadata LimeSurvey writes before the answers; never read into answers.
METADATA = ("id", "submitdate", "lastpage", "startlanguage", "seed", "token", "startdate", "datestamp", "ipaddr")
_META = frozenset({*METADATA, "refurl", "interviewtime"})
_PARTICIPANT = re.compile(
    r"firstname|lastname|email|emailstatus|attribute_\d+|optout|completed|usesleft|validfrom|validuntil"
    r"|sent|remindersent|remindercount|tid|participant_id|blacklisted|language"
)
_TIMING = re.compile(r"groupTime\d+|.+Time")
_BRACKETS = re.compile(r"(.+?)\[(.+)\]")
_TICKED = frozenset({"y", "yes", "1"})
_UNTICKED = frozenset({"n", "no", "0"})
_NEVER_SUBMITTED = "1980-01-01 00:00:00"  # what LimeSurvey writes when a survey keeps no date stamps

Kind = Literal["skip", "id", "token", "submitdate", "question", "tick", "row", "other", "loose-other"]


@dataclass(frozen=True)
class _Column:
    kind: Kind
    qid: str = ""
    code: str = ""  # option or row code; for "other", the text question's id


def sniff_limesurvey(path: Path) -> bool:
    """Whether the file starts like a LimeSurvey response CSV (its heading row names id and submitdate)."""
    cells = heading_cells(path)
    return {"id", "submitdate"} <= cells or {"id", "lastpage", "startlanguage"} <= cells


def _sub(q: Question, sub: str) -> _Column | None:
    """The column ``Q[sub]`` of question q: a multiple-choice option, an array row, or a comment."""
    if isinstance(q, MultiChoice):
        codes = [o.code for o in q.options] + ([DECLINED] if q.prefer_not_to_say else [])
        code = match_code(sub, codes)
        if code is not None:
            return _Column("tick", q.id, code)
    if isinstance(q, Matrix):
        row = match_code(sub, [r.code for r in q.rows])
        if row is not None:
            return _Column("row", q.id, row)
    if sub.lower().endswith("comment"):
        return _Column("skip")
    return None


class _Plan:
    """What every column of one file means, decided once from the heading row."""

    def __init__(
        self, instrument: Instrument, headings: list[str], where: Location, ignore: frozenset[str] = frozenset()
    ) -> None:
        self.questions = instrument.question_map
        names = [h.strip() for h in headings]
        direct = {q.id for h in names if (q := self._direct(h)) is not None}
        self.columns: list[_Column] = []
        unknown = []
        for name in names:
            # An ignored column (e.g. a date question the instrument has no type for) is never read.
            column = _Column("skip") if name in ignore else self._column(name, direct)
            if column is None:
                unknown.append(name)
            self.columns.append(column or _Column("skip"))
        if not any(c.kind in ("question", "tick", "row", "other") for c in self.columns):
            raise EqSurveyError.single(
                "csv-header",
                "no column names a question of the instrument",
                "in LimeSurvey, export responses as CSV with 'Question code' headings and answer codes, "
                "and check that the instrument was imported from this survey",
                where,
            )
        if unknown:
            fix = "import the survey's .lss again so that the instrument has these questions, or leave them out with --ignore NAME"
            raise unknown_columns(unknown, fix, where)
        # An "Other" text whose tick has no column of its own (LimeSurvey's way) ticks "other" by itself.
        ticked = {(c.qid, c.code) for c in self.columns if c.kind == "tick"}
        self.implied = [
            (q.id, f"{q.id}_other")
            for q in self.questions.values()
            if isinstance(q, MultiChoice)
            and "other" in {o.code for o in q.options}
            and (q.id, "other") not in ticked
            and any(c.kind in ("question", "other") and c.qid == f"{q.id}_other" for c in self.columns)
        ]

    def _direct(self, name: str) -> Question | None:
        if name in _META or "[" in name:
            return None
        q = find_question(self.questions, name)
        return None if isinstance(q, Matrix) else q

    def _column(self, name: str, direct: set[str]) -> _Column | None:
        if name == "id":
            return _Column("id")
        if name == "token":
            return _Column("token")
        if name == "submitdate":
            return _Column("submitdate")
        if name in _META:
            return _Column("skip")
        q = self._direct(name)
        if q is not None:
            return _Column("question", q.id)
        found = _BRACKETS.fullmatch(name)
        splits = [found.groups()] if found else [(name[:i], name[i + 1 :]) for i, c in enumerate(name) if c == "_"]
        for base, sub in reversed(splits):
            parent = find_question(self.questions, base)
            if parent is None:
                continue
            if sub.lower() == "other":
                return self._other(parent, direct)
            column = _sub(parent, sub)
            if column is not None:
                return column
        if found:  # a subquestion the importer made a question of its own (multiple numerical input: Q_SQ001)
            q = self._direct(f"{found.group(1)}_{found.group(2)}")
            if q is not None:
                return _Column("question", q.id)
        if _PARTICIPANT.fullmatch(name) or _TIMING.fullmatch(name):
            return _Column("skip")
        return None

    def _other(self, q: Question, direct: set[str]) -> _Column:
        """``Q[other]``: the tick of option 'other' in files like ours, else LimeSurvey's "Other" text."""
        text = self.questions.get(f"{q.id}_other")
        has_option = isinstance(q, MultiChoice) and "other" in {o.code for o in q.options}
        if has_option and (f"{q.id}_other" in direct or not isinstance(text, Text)):
            return _Column("tick", q.id, "other")
        if isinstance(text, Text):
            return _Column("other", text.id)
        return _Column("loose-other", q.id)


def read_limesurvey_csv(instrument: Instrument, path: Path, ignore: frozenset[str] = frozenset()) -> Iterator[CsvRow]:
    """Rows with typed answers and the problems found reading them (row numbers count the heading row as 1).

    Columns named in ``ignore`` are dropped unread.
    """
    records = csv_records(path, "export the responses from LimeSurvey again as CSV (UTF-8)")
    yield from read_limesurvey_records(instrument, next(records, []), records, str(path), ignore)


def read_limesurvey_records(
    instrument: Instrument,
    headings: list[str],
    records: Iterable[list[str]],
    source: str,
    ignore: frozenset[str] = frozenset(),
    *,
    first: int = 2,
) -> Iterator[CsvRow]:
    """Rows of cells under LimeSurvey's CSV headings, from any file (the CSV export, an ``.lsr``); rows count from ``first``."""
    plan = _Plan(instrument, headings, Location(file=source, line=1 if first == 2 else None), ignore)
    for number, cells in enumerate(records, start=first):
        yield _row(plan, cells, number, source)


def _row(plan: _Plan, cells: list[str], number: int, path: str) -> CsvRow:
    problems: list[Problem] = []
    if len(cells) != len(plan.columns):
        return CsvRow(number, None, {}, [short_row(path, number, len(cells), len(plan.columns))])
    answers: dict[str, Any] = {}
    code = source = None
    for column, raw in zip(plan.columns, cells, strict=True):
        text = raw.strip()
        if column.kind == "submitdate" and not text:
            where = Location(file=path, row=number, field="submitdate")
            fix = "incomplete responses are not stored; export 'completed responses only' to leave them out"
            return CsvRow(number, None, {}, [Problem("incomplete-response", where, "incomplete response", fix)])
        if not text or column.kind in ("skip", "submitdate"):
            continue
        if column.kind == "token":
            code = text
            continue
        if column.kind == "id":
            source = f"limesurvey:{text}"
            continue
        q = plan.questions[column.qid]
        where = Location(file=path, row=number, question=q.id)
        if column.kind == "tick":
            if _tick(text, where, problems):
                answers.setdefault(q.id, []).append(column.code)
        elif column.kind == "row":
            value = parse_cell(q, text, where, problems, foreign=True)
            if value is not None:
                answers.setdefault(q.id, {})[column.code] = value
        elif column.kind == "loose-other":
            problems.append(
                Problem(
                    "unknown-question",
                    where,
                    "this row has an 'Other' text, and the instrument has no question for it",
                    f"add a text question '{q.id}_other' to the instrument, or clear the column {q.id}[other]",
                )
            )
        else:
            value = parse_cell(q, raw if isinstance(q, Text) else text, where, problems, foreign=True)
            if value is not None:
                answers[q.id] = value
    for qid, text_id in plan.implied:
        ticks = answers.get(qid)
        if text_id in answers and answers[text_id] != DECLINED and (ticks is None or isinstance(ticks, list)):
            answers[qid] = [*(ticks or []), "other"]
    collapse_declined(plan.questions, answers)
    return CsvRow(number, code, answers, problems, source)


def _tick(text: str, where: Location, problems: list[Problem]) -> bool:
    if text.lower() in _TICKED:
        return True
    if text.lower() not in _UNTICKED:
        problems.append(
            Problem(
                "invalid-answer",
                where,
                f"{shown(text)} in a multiple-choice column, which holds Y or nothing",
                "export the responses with answer codes, not full answers",
            )
        )
    return False


# --- writing --------------------------------------------------------------------------------------


def _headings(instrument: Instrument) -> list[str]:
    columns = ["id", "submitdate", "lastpage", "startlanguage", "seed", "token"]
    for q in instrument.questions():
        if isinstance(q, MultiChoice):
            codes = [o.code for o in q.options] + ([DECLINED] if q.prefer_not_to_say else [])
            columns.extend(f"{q.id}[{c}]" for c in codes)
        elif isinstance(q, Matrix):
            columns.extend(f"{q.id}[{r.code}]" for r in q.rows)
        else:
            columns.append(q.id)
    return columns


def _cells(q: Question, value: Any) -> Iterable[str]:
    if isinstance(q, MultiChoice):
        ticked = value if isinstance(value, list) else []
        codes = [o.code for o in q.options] + ([DECLINED] if q.prefer_not_to_say else [])
        return ["Y" if c in ticked else "" for c in codes]
    if isinstance(q, Matrix):
        rows = value if isinstance(value, dict) else {}
        return [DECLINED if value == DECLINED else str(rows.get(r.code, "")) for r in q.rows]
    if value is None:
        return [""]
    if isinstance(q, Consent) and isinstance(value, bool):
        return ["Y" if value else "N"]
    return [str(value)]


def write_limesurvey_csv(
    instrument: Instrument, respondents: list[dict[str, Any]], codes: list[str] | None = None
) -> str:
    """Respondents as LimeSurvey exports them (question-code headings, answer codes); ``codes`` fill ``token``.

    Metadata columns carry no information: a running id, LimeSurvey's
    placeholder submit date, the last page, the default language.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_headings(instrument))
    pages = str(len(instrument.sections))
    for i, answers in enumerate(respondents):
        row = [str(i + 1), _NEVER_SUBMITTED, pages, instrument.default_language, "", codes[i] if codes else ""]
        for q in instrument.questions():
            row.extend(_cells(q, answers.get(q.id)))
        writer.writerow(row)
    return out.getvalue()
