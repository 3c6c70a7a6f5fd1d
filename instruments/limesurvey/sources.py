"""Which LimeSurvey file a path is, and the instrument import of the ones that hold a survey.

LimeSurvey exports a survey as its structure (``.lss``), a survey archive
(``.lsa``: structure, responses, participants, timings) or a tab-separated
table (``.txt``); these are imported. Its other exports hold part of a
survey or something else (a question group ``.lsg``, a question ``.lsq``,
responses ``.lsr``, participants ``.lst``, timings ``.lsi``, label sets
``.lsl``, queXML for paper questionnaires): each is refused naming the
export to use instead, never treated as an XLSForm.
"""

from __future__ import annotations

import re
from pathlib import Path

from instruments.importing import ImportResult
from kernel.errors import InstrumentError, Location, Problem

__all__ = ["import_limesurvey", "limesurvey_kind"]

_SUFFIXES = {
    ".lss": "lss",
    ".lsa": "lsa",
    ".lsg": "lsg",
    ".lsq": "lsq",
    ".lsr": "lsr",
    ".lst": "lst",
    ".lsi": "lsi",
    ".lsl": "lsl",
}
_DOC_TYPES = {"Survey": "lss", "Group": "lsg", "Question": "lsq", "Responses": "lsr", "Tokens": "lst"}
_DOC_TYPES |= {"Timings": "lsi", "Label set": "lsl"}
_USE = (
    "in LimeSurvey, export the whole survey: Display/Export → 'Survey structure (.lss)', "
    "or 'Survey archive (.lsa)' to bring its responses too"
)
_REFUSED = {
    "lsg": "a LimeSurvey question group export (.lsg): one group, not a survey",
    "lsq": "a LimeSurvey question export (.lsq): one question, not a survey",
    "lsr": "LimeSurvey responses (.lsr), not a survey structure",
    "lst": "a LimeSurvey participant table (.lst): names and contacts, which eqsurvey never imports",
    "lsi": "LimeSurvey response timings (.lsi), which eqsurvey never imports",
    "lsl": "a LimeSurvey label set export (.lsl), not a survey",
    "quexml": "a queXML questionnaire (LimeSurvey's export for paper forms), which leaves out conditions and settings",
}
_EXTRA_FIX = {
    "lsr": "; import the responses with `eqsurvey responses import FILE.lsr --structure FILE.lss` "
    "once the instrument is imported",
}


def _head(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            return handle.read(4096).decode("utf-8", "replace")
    except OSError:
        return ""


def limesurvey_kind(path: Path) -> str | None:
    """``lss``, ``lsa``, ``tsv``, ``lsg``, ``lsq``, ``lsr``, ``lst``, ``lsi``, ``lsl`` or ``quexml``; None if not LimeSurvey's."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    if suffix not in (".txt", ".xml", ".tsv"):
        return None
    head = _head(path)
    if suffix in (".txt", ".tsv"):
        from instruments.limesurvey.tsv import sniff_tsv

        return "tsv" if sniff_tsv(head) else None
    found = re.search(r"<LimeSurveyDocType>\s*([^<]+?)\s*</LimeSurveyDocType>", head)
    if found:
        return _DOC_TYPES.get(found.group(1), "lss")
    return "quexml" if re.search(r"<questionnaire[\s>]", head) else None


def import_limesurvey(path: Path) -> ImportResult | None:
    """The instrument in a LimeSurvey file, None when the file is not LimeSurvey's; other LimeSurvey files are refused."""
    from instruments.limesurvey.importer import import_survey

    path = Path(path)
    kind = limesurvey_kind(path)
    if kind is None:
        return None
    if kind == "lss":
        from instruments.limesurvey.reading import parse_lss, read_lss

        survey = read_lss(path) if path.suffix.lower() == ".lss" else parse_lss(path.read_bytes(), str(path))
        return import_survey(survey)
    if kind == "tsv":
        from instruments.limesurvey.tsv import read_tsv

        return import_survey(read_tsv(path))
    if kind == "lsa":
        return _import_lsa(path)
    raise InstrumentError(
        [
            Problem(
                "limesurvey-export",
                Location(file=str(path)),
                f"this is {_REFUSED[kind]}",
                _USE + _EXTRA_FIX.get(kind, ""),
            )
        ]
    )


def _import_lsa(path: Path) -> ImportResult:
    from instruments.limesurvey.archive import open_lsa
    from instruments.limesurvey.importer import import_survey
    from instruments.limesurvey.reading import parse_lss

    archive = open_lsa(path, InstrumentError)
    result = import_survey(parse_lss(archive.read("structure", InstrumentError), archive.where("structure")))
    where = Location(file=str(path))
    left = [
        what
        for kind, what in (("tokens", "the participant table (names, e-mail addresses)"), ("timings", "the timings"))
        if kind in archive.entries
    ]
    if left:
        result.notes.append(
            Problem(
                "lsa-not-read",
                where,
                f"{' and '.join(left)} in the archive were not read and are not stored",
                "nothing to do: eqsurvey keeps contacts apart from answers and stores no timings",
                "warning",
            )
        )
    if "responses" in archive.entries:
        result.notes.append(
            Problem(
                "lsa-responses",
                where,
                "the archive also holds responses; this command imports the survey only",
                f"import them with `eqsurvey responses import {path.name}` in the project",
                "warning",
            )
        )
    return result
