"""Synthetic respondents as KoboToolbox would export them: the API's JSON, or CSV with XML values and headers.

Fields are named as eqsurvey's own XLSForm export names them (``section/question``,
a matrix row as ``section/matrix/matrix__row``), so :mod:`.kobo_responses` reads
them back; ``__version__`` holds what KoboToolbox would: the form's own version.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from instruments.model import Instrument
from instruments.questions import Consent, Matrix, MultiChoice, Question
from instruments.text import COLUMN_SEP, DECLINED
from survey.importers.kobo.versions import VERSION_FIELD

__all__ = ["write_kobo_csv", "write_kobo_json"]


def _fields(instrument: Instrument) -> Iterator[tuple[Question, str, str | None]]:
    """(question, field path, matrix row) in form order, as our XLSForm export names the fields."""
    for section in instrument.sections:
        for q in section.questions:
            if isinstance(q, Matrix):
                for r in q.rows:
                    yield q, f"{section.id}/{q.id}/{q.id}{COLUMN_SEP}{r.code}", r.code
            else:
                yield q, f"{section.id}/{q.id}", None


def _cell(q: Question, value: Any, row: str | None) -> str | None:
    if row is not None:
        return DECLINED if value == DECLINED else value.get(row) if isinstance(value, dict) else None
    if value is None:
        return None
    if isinstance(q, Consent) and isinstance(value, bool):
        return "OK" if value else "no"
    return " ".join(value) if isinstance(value, list) else str(value)


def _submission(instrument: Instrument, answers: dict[str, Any], number: int, code: str | None) -> dict[str, Any]:
    sub: dict[str, Any] = {"_id": number}
    if code:
        sub["access_code"] = code
    for q, field, row in _fields(instrument):
        text = _cell(q, answers.get(q.id), row)
        if text is not None:
            sub[field] = text
    sub[VERSION_FIELD] = instrument.source_version or instrument.version  # what KoboToolbox would carry
    return sub


def write_kobo_json(instrument: Instrument, respondents: list[dict[str, Any]], codes: list[str] | None = None) -> str:
    """Respondents as the KoboToolbox API lists submissions (``{"count", "results"}``); ``codes`` as ``access_code``."""
    results = [_submission(instrument, a, i + 1, codes[i] if codes else None) for i, a in enumerate(respondents)]
    page = {"count": len(results), "next": None, "previous": None, "results": results}
    return json.dumps(page, ensure_ascii=False, indent=1) + "\n"


def write_kobo_csv(instrument: Instrument, respondents: list[dict[str, Any]], codes: list[str] | None = None) -> str:
    """Respondents as KoboToolbox's CSV export with XML values and headers (``;``, per-choice 1/0 columns)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    heading: list[str] = ["access_code"] if codes else []
    for q, field, _ in _fields(instrument):
        heading.append(field)
        if isinstance(q, MultiChoice):
            extra = [DECLINED] if q.prefer_not_to_say else []
            heading.extend(f"{field}/{c}" for c in [o.code for o in q.options] + extra)
    writer.writerow([*heading, "_id", VERSION_FIELD])
    for i, answers in enumerate(respondents):
        row = [codes[i]] if codes else []
        for q, _, r in _fields(instrument):
            value = answers.get(q.id)
            row.append(_cell(q, value, r) or "")
            if isinstance(q, MultiChoice):
                extra = [DECLINED] if q.prefer_not_to_say else []
                ticked = value if isinstance(value, list) else []
                row.extend(("1" if c in ticked else "0") if ticked else "" for c in [o.code for o in q.options] + extra)
        writer.writerow([*row, str(i + 1), instrument.source_version or instrument.version])
    return out.getvalue()
