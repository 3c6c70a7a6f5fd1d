"""One cell of a response export as a typed answer: shared by every reader of responses.

A cell's text becomes what :func:`instruments.submission.check_answers`
expects: an option code, a list of codes, a number, a boolean or text, and
``prefer_not_to_say`` where the respondent declined. Our own CSV format
(:mod:`.csv_format`) writes cells exactly as eqsurvey names things; exports of
other platforms (:mod:`.limesurvey_responses`, :mod:`.kobo_responses`) write
their own option names and number formats, so their readers ask for
``foreign=True``: option names are matched by :func:`~instruments.identifiers.to_code`
(the rule the form importers name options by), ``Y``/``N`` and ``OK`` count
as yes/no, and whole numbers may carry decimals (``42.0000000000``).

Messages never quote a cell that could be free text or an identifier: only
something shaped like an option code or a number is quoted (see :func:`shown`).

The CSV readers also share their file handling here: records with ``,`` or
``;`` as the heading row shows (:func:`csv_records`), the heading row for
format sniffing (:func:`heading_cells`), and the errors for unreadable
files, unknown columns and short rows.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import Any

from instruments.identifiers import to_code, to_identifier
from instruments.questions import Consent, Matrix, MultiChoice, Number, Question, Scale, SingleChoice
from instruments.text import DECLINED
from kernel.errors import EqSurveyError, Location, Problem

#: LimeSurvey's answer code for "Other" in a list question.
LS_OTHER = "-oth-"

_CODE_SHAPED = re.compile(r"[A-Za-z0-9_.+-]{1,40}")
_YES = frozenset({"yes", "true", "1"})
_NO = frozenset({"no", "false", "0"})
_FOREIGN_YES = frozenset({"y", "ok"})
_FOREIGN_NO = frozenset({"n"})
_WHOLE = re.compile(r"[+-]?\d+(?:[.,]0*)?")


def shown(text: str) -> str:
    """A cell as a message may show it: quoted when it looks like a code or a number, else only its length."""
    return repr(text) if _CODE_SHAPED.fullmatch(text) else f"a cell of {len(text)} characters"


def find_question(questions: Mapping[str, Question], name: str) -> Question | None:
    """The question a foreign field name stands for: our own id verbatim, or the id the form importers give it."""
    return questions.get(name) or questions.get(to_identifier(name))


def match_code(name: str, codes: Collection[str]) -> str | None:
    """The option (or row) code a foreign name stands for, verbatim or by the importers' rule."""
    if name in codes:
        return name
    code = to_code(name)
    return code if code in codes else None


def choice_code(q: Question, text: str, where: Location, problems: list[Problem]) -> str | None:
    """The option code of a single-choice or matrix cell; None (with a problem) for what cannot be one."""
    codes = [o.code for o in getattr(q, "options", [])]
    if text == DECLINED:
        return DECLINED
    if text == LS_OTHER and "other" in codes:
        return "other"
    found = match_code(text, codes)
    if found is not None:
        return found
    if _CODE_SHAPED.fullmatch(text):
        return text  # check_answers reports it as an unknown option, naming the choices
    problems.append(
        Problem(
            "invalid-answer",
            where,
            f"{shown(text)} is not an option code",
            "export the answers as option codes (names), not labels",
        )
    )
    return None


def parse_cell(q: Question, text: str, where: Location, problems: list[Problem], *, foreign: bool = False) -> Any:
    """The typed answer in one cell (``text`` non-empty); None after adding a problem.

    With ``foreign`` the cell comes from another platform's export: option names
    are mapped to codes, more yes/no spellings and whole numbers with decimals count.
    """
    if text == DECLINED:
        return [DECLINED] if isinstance(q, MultiChoice) else DECLINED
    if isinstance(q, MultiChoice):
        if not foreign:
            return text.split()
        codes = [choice_code(q, part, where, problems) for part in text.split()]
        return None if None in codes else codes
    if isinstance(q, Consent):
        low = text.lower()
        if low in _YES or (foreign and low in _FOREIGN_YES):
            return True
        if low in _NO or (foreign and low in _FOREIGN_NO):
            return False
        problems.append(Problem("invalid-answer", where, f"{shown(text)} is not yes or no", "write yes or no"))
        return None
    if isinstance(q, (Scale, Number)):
        return _number(q, text, where, problems, foreign)
    if foreign and isinstance(q, (SingleChoice, Matrix)):
        return choice_code(q, text, where, problems)
    return text


def _number(q: Scale | Number, text: str, where: Location, problems: list[Problem], foreign: bool) -> Any:
    whole = isinstance(q, Scale) or q.integer
    try:
        if not whole:
            return float(text.replace(",", "."))
        if foreign and _WHOLE.fullmatch(text):
            return int(re.split(r"[.,]", text)[0])
        return int(text)
    except ValueError:
        problems.append(Problem("invalid-answer", where, f"{shown(text)} is not a number", "write digits, e.g. 42"))
        return None


def collapse_declined(questions: Mapping[str, Question], answers: dict[str, Any]) -> None:
    """Every row declined is how a declined matrix is written: read it back as one answer (in place)."""
    for qid, value in answers.items():
        q = questions[qid]
        if (
            isinstance(q, Matrix)
            and isinstance(value, dict)
            and len(value) == len(q.rows)
            and all(v == DECLINED for v in value.values())
        ):
            answers[qid] = DECLINED


# --- files ----------------------------------------------------------------------------------------


def unreadable(path: Path, exc: OSError) -> EqSurveyError:
    return EqSurveyError.single(
        "unreadable", f"cannot read {path}: {exc.strerror}", "check the path", Location(file=str(path))
    )


def csv_records(path: Path, fix: str, default: str = ",") -> Iterator[list[str]]:
    """The records of a CSV file (the heading row first), ``,`` or ``;`` as its heading row shows.

    A file that is not UTF-8 CSV raises a ``csv-syntax`` error whose fix is ``fix``.
    """
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise unreadable(path, exc) from None
    with handle:
        try:
            first = handle.readline()
            semicolons, commas = first.count(";"), first.count(",")
            delimiter = default if semicolons == commas else ";" if semicolons > commas else ","
            yield from csv.reader(itertools.chain([first], handle), delimiter=delimiter)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise EqSurveyError.single(
                "csv-syntax", f"the file cannot be read as CSV: {type(exc).__name__}", fix, Location(file=str(path))
            ) from None


def heading_cells(path: Path, limit: int = 1 << 20) -> set[str]:
    """The cells of a file's first line (read up to ``limit`` bytes), for sniffing; empty if unreadable."""
    try:
        with path.open("rb") as handle:
            line = handle.readline(limit)
    except OSError:
        return set()
    text = line.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace").rstrip("\r\n")
    try:
        return {c.strip() for c in next(csv.reader([text], delimiter=";" if ";" in text else ","), [])}
    except csv.Error:
        return set()


def short_row(file: str, number: int, cells: int, columns: int) -> Problem:
    """The problem of a record with the wrong number of cells (its answers are not read)."""
    where = Location(file=file, row=number)
    return Problem("csv-row", where, f"{cells} cells for {columns} columns", "check for stray delimiters or quotes")


def unknown_columns(names: list[str], fix: str, where: Location) -> EqSurveyError:
    more = " …" if len(names) > 5 else ""
    return EqSurveyError.single("csv-header", f"unknown column(s): {', '.join(names[:5])}{more}", fix, where)
