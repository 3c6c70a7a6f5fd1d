"""LimeSurvey's XML responses (``.lsr``, alone or inside a survey archive ``.lsa``) read like its CSV export.

An ``.lsr`` is LimeSurvey's response table as XML: ``<document>`` with
``LimeSurveyDocType`` ``Responses``, the table's column names under
``<fields>``, and one ``<row>`` per response whose elements are the columns
(a name starting with a digit gets a leading ``_``, ``#`` becomes ``-``; an
empty answer has no element). The columns are the database's: metadata
(``id``, ``token``, ``submitdate``, ``ipaddr`` …) and one per answer field,
named ``{sid}X{gid}X{qid}{suffix}`` (LimeSurvey up to 6) or
``Q{qid}_S{sqid}`` (later), which only the survey structure can turn into
question codes. So each column is renamed to the heading LimeSurvey's CSV
export gives it (``Q1``, ``Q1[SQ001]``, ``Q1[other]``, ``Q1[comment]``) and
the rows go through :func:`.limesurvey_responses.read_limesurvey_records`:
the same checks, the same dropped metadata (an IP address is never read
into anything) and the same source identity (``limesurvey:`` + response id),
so a response imported from an archive and again from a CSV export of the
same survey is stored once.

The XML is parsed with ``defusedxml`` as a stream (a document type or entity
declaration is refused), one row at a time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml.ElementTree import iterparse  # type: ignore[import-untyped]

from instruments.limesurvey.reading import LsQuestion, LsSurvey
from instruments.model import Instrument
from kernel.errors import EqSurveyError, Location
from survey.importers.csv_format import CsvRow
from survey.importers.limesurvey.responses import read_limesurvey_records

__all__ = ["read_lsa", "read_lsr"]

_SGQA = re.compile(r"(\d+)X(\d+)X(\d+)(.*)")
_QCODE = re.compile(r"Q(\d+)(?:_S(\d+))?(?:_S(\d+))?(?:_C(other|comment))?")
_FIX = "export the responses from LimeSurvey again (Export → Survey archive, .lsa), or as CSV"


def _fail(code: str, problem: str, where: str, fix: str = _FIX) -> EqSurveyError:
    return EqSurveyError.single(code, problem, fix, Location(file=where))


class _Headings:
    """LimeSurvey's database column names as the headings of its CSV export."""

    def __init__(self, survey: LsSurvey) -> None:
        self.sid = survey.sid
        self.questions: dict[str, LsQuestion] = survey.questions()

    def __call__(self, field: str) -> str:
        found = _SGQA.fullmatch(field)
        if found:
            q = self.questions.get(found.group(3))
            return field if q is None else self._with(q.title, found.group(4))
        found = _QCODE.fullmatch(field)
        if found:
            q = self.questions.get(found.group(1))
            if q is None:
                return field
            subs = [self.questions.get(x) for x in found.group(2, 3) if x]
            if any(s is None for s in subs):
                return field
            sub = "_".join(s.title for s in subs if s is not None) + (found.group(4) or "")
            return self._with(q.title, sub)
        return field

    @staticmethod
    def _with(title: str, suffix: str) -> str:
        return f"{title}[{suffix}]" if suffix else title

    def survey_of(self, field: str) -> str | None:
        found = _SGQA.fullmatch(field)
        return found.group(1) if found else None


def _tag(field: str) -> str:
    return ("_" + field if field[:1].isdigit() else field).replace("#", "-")


def _rows(data: IO[bytes], where: str, headings: _Headings) -> tuple[list[str], Iterator[list[str]]]:
    """The CSV headings and a stream of rows of cells, from an ``.lsr`` read as a stream."""
    events = iterparse(data, events=("end",), forbid_dtd=True, forbid_entities=True, forbid_external=True)
    fields: list[str] = []
    try:
        for _, element in events:
            if element.tag == "LimeSurveyDocType" and (element.text or "").strip() != "Responses":
                raise _fail(
                    "not-lsr",
                    f"this LimeSurvey XML is a '{(element.text or '').strip()}' export, not responses",
                    where,
                    "give the responses (.lsr) or the survey archive (.lsa)",
                )
            if element.tag == "fieldname":
                fields.append((element.text or "").strip())
            if element.tag == "fields":
                break
    except DefusedXmlException:
        raise _hostile(where) from None
    except ParseError as exc:
        raise _broken(where, exc) from None
    if not fields or "id" not in fields:
        raise _fail("not-lsr", "this is not a LimeSurvey responses file (no <fields> naming 'id')", where)
    other = sorted({s for f in fields if (s := headings.survey_of(f)) and s != headings.sid})
    if headings.sid and other:
        raise _fail(
            "lsr-other-survey",
            f"the responses belong to survey {', '.join(other)}, the structure to survey {headings.sid}",
            where,
            "give the structure (.lss) of the survey these responses come from",
        )
    tags = {_tag(f): i for i, f in enumerate(fields)}

    def rows() -> Iterator[list[str]]:
        try:
            for _, element in events:
                if element.tag != "row":
                    continue
                cells = [""] * len(fields)
                for cell in element:
                    index = tags.get(cell.tag)
                    if index is None:
                        raise _fail(
                            "lsr-column", f"a response has the column '{cell.tag[:80]}', not among the fields", where
                        )
                    cells[index] = cell.text or ""
                element.clear()
                yield cells
        except DefusedXmlException:
            raise _hostile(where) from None
        except ParseError as exc:
            raise _broken(where, exc) from None

    return [headings(f) for f in fields], rows()


def _hostile(where: str) -> EqSurveyError:
    return _fail(
        "hostile-xml",
        "the XML declares a document type or entities, which LimeSurvey never writes; eqsurvey does not expand them",
        where,
        "export the responses from LimeSurvey again; do not import files of unknown origin",
    )


def _broken(where: str, exc: ParseError) -> EqSurveyError:
    line = exc.position[0] if exc.position else None
    return EqSurveyError.single(
        "xml-syntax", f"this is not well-formed XML ({exc})", _FIX, Location(file=where, line=line)
    )


def _records(
    instrument: Instrument, survey: LsSurvey, data: IO[bytes], where: str, ignore: frozenset[str]
) -> Iterator[CsvRow]:
    headings, rows = _rows(data, where, _Headings(survey))
    yield from read_limesurvey_records(instrument, headings, rows, where, ignore, first=1)


def read_lsa(instrument: Instrument, path: Path, ignore: frozenset[str] = frozenset()) -> Iterator[CsvRow]:
    """The responses in a survey archive, read with the structure beside them; participants and timings unread."""
    from instruments.limesurvey.archive import open_lsa
    from instruments.limesurvey.reading import parse_lss

    archive = open_lsa(path, EqSurveyError)
    survey = parse_lss(archive.read("structure", EqSurveyError), archive.where("structure"))
    with archive.open("responses", EqSurveyError) as stream:
        yield from _records(instrument, survey, stream, archive.where("responses"), ignore)


def read_lsr(
    instrument: Instrument, path: Path, structure: Path | None, ignore: frozenset[str] = frozenset()
) -> Iterator[CsvRow]:
    """The responses in a bare ``.lsr``; ``structure`` is the survey's ``.lss``, which names its columns."""
    from instruments.limesurvey.archive import LSA_LIMITS
    from instruments.limesurvey.reading import read_lss

    if structure is None:
        raise _fail(
            "lsr-structure",
            "an .lsr names answers by LimeSurvey's database columns (survey X group X question), "
            "which only the survey structure turns into question codes",
            str(path),
            "give the survey's structure too: --structure survey_ID.lss (or import the archive .lsa, which holds both)",
        )
    survey = read_lss(structure)
    try:
        if path.stat().st_size > LSA_LIMITS.total_bytes:
            raise _fail(
                "too-large",
                f"the file is larger than {LSA_LIMITS.total_bytes:,} bytes, more than eqsurvey reads from LimeSurvey",
                str(path),
                "export the responses as CSV, which eqsurvey reads in any size",
            )
        stream = path.open("rb")
    except OSError as exc:
        raise _fail("unreadable", f"cannot read the file: {exc.strerror}", str(path), "check the path") from None
    with stream:
        yield from _records(instrument, survey, stream, str(path), ignore)
