"""The XML of LimeSurvey's exports (``<document>`` of tables of ``<rows><row>``), parsed defensively.

Survey files come from other people, so the XML is parsed with
``defusedxml`` only: a document type declaration or an entity declaration
(billion laughs, external entities) is refused with a clear error rather
than expanded. Every ``<row>`` keeps the line it starts on, so that notes can
point into the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml.ElementTree import DefusedXMLParser  # type: ignore[import-untyped]

from kernel.errors import InstrumentError, Location, Problem

__all__ = ["LsRow", "fail", "parse_xml", "tables_of"]

#: Larger than any real survey structure (the LS 7 sample with every question type is 0.36 MB).
MAX_BYTES = 50_000_000


@dataclass(frozen=True)
class LsRow:
    """One ``<row>``: its line in the file and its columns as text (empty columns left out)."""

    line: int
    cells: dict[str, str]

    def get(self, column: str, default: str = "") -> str:
        return self.cells.get(column, default)


def fail(source: str, code: str, problem: str, fix: str, line: int | None = None) -> InstrumentError:
    return InstrumentError([Problem(code, Location(file=source, line=line), problem, fix)])


class _LineParser(DefusedXMLParser):  # type: ignore[misc]
    """defusedxml's parser that also notes the line of every ``<row>`` start tag, in document order."""

    def __init__(self) -> None:
        super().__init__(forbid_dtd=True, forbid_entities=True, forbid_external=True)
        self.row_lines: list[int] = []
        expat = self.parser
        start = expat.StartElementHandler

        def on_start(tag: str, attrs: Any) -> Any:
            if tag == "row":
                self.row_lines.append(expat.CurrentLineNumber)
            return start(tag, attrs)

        expat.StartElementHandler = on_start


def parse_xml(data: bytes, source: str) -> tuple[Element, list[int]]:
    if len(data) > MAX_BYTES:
        raise fail(
            source,
            "too-large",
            f"the file has {len(data):,} bytes, more than a survey structure ever needs ({MAX_BYTES:,})",
            "export the survey structure (.lss) again, without responses",
        )
    parser = _LineParser()
    try:
        parser.feed(data)
        root: Element = parser.close()
    except DefusedXmlException as exc:
        raise fail(
            source,
            "hostile-xml",
            f"the XML declares a document type or entities ({type(exc).__name__}), which LimeSurvey never writes; "
            "eqsurvey does not expand them",
            "export the survey structure from LimeSurvey again; do not import files of unknown origin",
        ) from None
    except ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise fail(
            source,
            "xml-syntax",
            f"this is not well-formed XML ({exc.msg if hasattr(exc, 'msg') else exc})",
            "export the survey structure (.lss) from LimeSurvey again; the file may be cut off or edited",
            line,
        ) from None
    if root.tag != "document" or (root.findtext("LimeSurveyDocType") or "").strip() != "Survey":
        kind = (root.findtext("LimeSurveyDocType") or "").strip()
        raise fail(
            source,
            "not-lss",
            f"this XML is not a LimeSurvey survey structure (root <{root.tag}>"
            + (f", document type '{kind}'" if kind else "")
            + ")",
            "in LimeSurvey, use Display/Export → Survey structure (.lss); group (.lsg) and question (.lsq) "
            "exports are not surveys",
        )
    return root, parser.row_lines


def tables_of(root: Element, lines: list[int]) -> dict[str, list[LsRow]]:
    # iter() walks in document order, the order in which the parser met the <row> tags.
    line_of = {id(e): (lines[i] if i < len(lines) else 0) for i, e in enumerate(root.iter("row"))}
    tables: dict[str, list[LsRow]] = {}
    for table in root:
        for element in table.findall("rows/row"):
            cells = {c.tag: (c.text or "") for c in element if (c.text or "").strip()}
            tables.setdefault(table.tag, []).append(LsRow(line_of.get(id(element), 0), cells))
    return tables
