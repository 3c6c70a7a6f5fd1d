"""Reading a LimeSurvey survey structure file (``.lss``) into plain, layout-free records.

An ``.lss`` file is XML: one element per database table (``surveys``,
``groups``, ``questions``, ``subquestions``, ``answers``,
``question_attributes`` …), each holding ``<rows><row><column>text</column>…``.
Two layouts are in use, and both become the same :class:`LsSurvey`:

- LimeSurvey 4 and later (DBVersion ≥ 400, e.g. 703 for LS 6/7): language-free
  rows, with the texts in ``group_l10ns``, ``question_l10ns`` and
  ``answer_l10ns``;
- older exports (e.g. DBVersion 177, LS 2.x): one row per language in
  ``groups``, ``questions``, ``subquestions`` and ``answers``.

Survey files come from other people, so the XML is parsed by
:mod:`.limesurvey_xml` (``defusedxml`` only: no document type, no entities).
Every record keeps the line of its ``<row>`` so that notes can point into
the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from instruments.limesurvey.xml_tables import MAX_BYTES, LsRow, fail, parse_xml, tables_of

__all__ = ["MAX_BYTES", "LsAnswer", "LsCondition", "LsGroup", "LsQuestion", "LsSurvey", "parse_lss", "read_lss"]


@dataclass
class LsAnswer:
    """One answer option of a list or array question (LimeSurvey's ``answers`` table)."""

    code: str
    order: int
    scale: int
    line: int
    text: dict[str, str] = field(default_factory=dict)


@dataclass
class LsQuestion:
    """A question or a subquestion, with its texts per LimeSurvey language code."""

    qid: str
    gid: str
    type: str
    title: str
    order: int
    line: int
    scale: int = 0
    other: bool = False
    mandatory: str = "N"
    relevance: str = ""
    text: dict[str, str] = field(default_factory=dict)
    help: dict[str, str] = field(default_factory=dict)
    #: Language-free attributes (array_filter, min_num_value_n …).
    attributes: dict[str, str] = field(default_factory=dict)
    #: Translated attributes (other_replace_text …): name → language → text.
    local_attributes: dict[str, dict[str, str]] = field(default_factory=dict)
    subquestions: list[LsQuestion] = field(default_factory=list)
    answers: list[LsAnswer] = field(default_factory=list)


@dataclass(frozen=True)
class LsCondition:
    """One row of LimeSurvey's ``conditions`` table: ``qid`` is asked when ``cfieldname`` ``method`` ``value``.

    ``cqid`` is the question the condition looks at, ``cfieldname`` its answer
    field (an SGQA code ``{sid}X{gid}X{qid}{suffix}``, ``+`` in front for one
    option of a multiple choice, ``{TOKEN:…}`` for a participant attribute),
    ``value`` an answer code, empty for "no answer", or ``@SGQA@`` for another
    answer. Rows of one ``scenario`` hold together; scenarios are alternatives.
    """

    qid: str
    cqid: str
    cfieldname: str
    method: str
    value: str
    scenario: int
    line: int
    #: Why the row cannot be trusted as written (set by a reader that knows), else empty.
    doubt: str = ""


@dataclass
class LsGroup:
    gid: str
    order: int
    line: int
    relevance: str = ""
    name: dict[str, str] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)
    questions: list[LsQuestion] = field(default_factory=list)


@dataclass
class LsSurvey:
    """A survey as the importer needs it; texts are keyed by LimeSurvey language code."""

    source: str
    db_version: int
    sid: str
    default_language: str
    languages: list[str]
    #: surveyls_title, surveyls_description, … → language → text.
    settings: dict[str, dict[str, str]] = field(default_factory=dict)
    groups: list[LsGroup] = field(default_factory=list)
    #: Tables the importer does not read but that hold rows (quotas, assessments …).
    other_tables: list[str] = field(default_factory=list)
    #: The ``conditions`` table, in file order.
    conditions: list[LsCondition] = field(default_factory=list)

    def questions(self) -> dict[str, LsQuestion]:
        """Every question and subquestion by its LimeSurvey ``qid``."""
        found: dict[str, LsQuestion] = {}
        for group in self.groups:
            for q in group.questions:
                found[q.qid] = q
                for s in q.subquestions:
                    found[s.qid] = s
        return found


def _int(text: str, default: int = 0) -> int:
    try:
        return int(text.strip())
    except ValueError:
        return default


def _by_language(
    rows: list[LsRow], key: str, columns: dict[str, str], langs: list[str]
) -> dict[str, dict[str, dict[str, str]]]:
    """Rows that carry a ``language`` column → key → field → language → text."""
    found: dict[str, dict[str, dict[str, str]]] = {}
    for row in rows:
        lang = row.get("language").strip() or (langs[0] if langs else "")
        for column, name in columns.items():
            found.setdefault(row.get(key), {}).setdefault(name, {})[lang] = row.get(column)
    return found


def _question(row: LsRow) -> LsQuestion:
    return LsQuestion(
        qid=row.get("qid"),
        gid=row.get("gid"),
        type=row.get("type").strip(),
        title=row.get("title").strip(),
        order=_int(row.get("question_order")),
        line=row.line,
        scale=_int(row.get("scale_id")),
        other=row.get("other").strip().upper() == "Y",
        mandatory=row.get("mandatory").strip().upper() or "N",
        relevance=row.get("relevance").strip(),
    )


def _assemble(source: str, tables: dict[str, list[LsRow]], root: Element) -> LsSurvey:
    survey_rows = tables.get("surveys", [])
    survey = survey_rows[0] if survey_rows else LsRow(0, {})
    listed = [(e.text or "").strip() for e in root.findall("languages/language") if (e.text or "").strip()]
    default = survey.get("language").strip() or (listed[0] if listed else "en")
    langs = [default] + [x for x in survey.get("additional_languages").split() if x != default]
    langs += [x for x in listed if x not in langs]
    modern = "question_l10ns" in tables or "group_l10ns" in tables or "answer_l10ns" in tables
    result = LsSurvey(source, _int(root.findtext("DBVersion") or ""), survey.get("sid"), default, langs)
    for row in tables.get("surveys_languagesettings", []):
        lang = row.get("surveyls_language").strip() or default
        for column, value in row.cells.items():
            result.settings.setdefault(column, {})[lang] = value

    group_texts = _by_language(
        tables.get("group_l10ns" if modern else "groups", []),
        "gid",
        {"group_name": "name", "description": "description"},
        langs,
    )
    groups: dict[str, LsGroup] = {}
    for row in tables.get("groups", []):
        gid = row.get("gid")
        if gid not in groups:
            groups[gid] = LsGroup(gid, _int(row.get("group_order")), row.line, row.get("grelevance").strip())
    for gid, texts in group_texts.items():
        group = groups.setdefault(gid, LsGroup(gid, 0, 0))
        group.name, group.description = texts.get("name", {}), texts.get("description", {})

    question_texts = _by_language(
        tables.get("question_l10ns", []) if modern else tables.get("questions", []) + tables.get("subquestions", []),
        "qid",
        {"question": "text", "help": "help"},
        langs,
    )
    questions: dict[str, LsQuestion] = {}
    parents: dict[str, str] = {}
    for table in ("questions", "subquestions"):
        for row in tables.get(table, []):
            qid = row.get("qid")
            if qid in questions:
                continue  # the same question in another language (old layout)
            questions[qid] = _question(row)
            if row.get("parent_qid", "0").strip() not in ("", "0"):
                parents[qid] = row.get("parent_qid").strip()
    for qid, q in questions.items():
        texts = question_texts.get(qid, {})
        q.text, q.help = texts.get("text", {}), texts.get("help", {})
    for row in tables.get("question_attributes", []):
        owner = questions.get(row.get("qid"))
        if owner is None:
            continue
        name, lang = row.get("attribute").strip(), row.get("language").strip()
        if lang:
            owner.local_attributes.setdefault(name, {})[lang] = row.get("value")
        else:
            owner.attributes[name] = row.get("value")

    answer_texts = _by_language(tables.get("answer_l10ns", []), "aid", {"answer": "text"}, langs) if modern else {}
    seen_answers: dict[tuple[str, str, int], LsAnswer] = {}
    for row in tables.get("answers", []):
        key = (row.get("qid"), row.get("code"), _int(row.get("scale_id")))
        answer = seen_answers.get(key)
        if answer is None:
            answer = LsAnswer(row.get("code").strip(), _int(row.get("sortorder")), key[2], row.line)
            seen_answers[key] = answer
            asked = questions.get(row.get("qid"))
            if asked is not None:
                asked.answers.append(answer)
        if modern:
            answer.text = answer_texts.get(row.get("aid"), {}).get("text", {})
        else:
            answer.text[row.get("language").strip() or default] = row.get("answer")

    for qid, q in questions.items():
        parent = questions.get(parents.get(qid, ""))
        if qid in parents:
            if parent is not None:
                parent.subquestions.append(q)
        elif q.gid in groups:
            groups[q.gid].questions.append(q)
    for q in questions.values():
        q.subquestions.sort(key=lambda s: (s.scale, s.order))
        q.answers.sort(key=lambda a: (a.scale, a.order))
    for group in groups.values():
        group.questions.sort(key=lambda q: q.order)
    result.groups = sorted(groups.values(), key=lambda g: g.order)
    known = {
        "surveys",
        "surveys_languagesettings",
        "groups",
        "group_l10ns",
        "questions",
        "subquestions",
        "question_l10ns",
        "answers",
        "answer_l10ns",
        "question_attributes",
        "themes",
        "themes_inherited",
    }
    known.add("conditions")
    result.other_tables = sorted(t for t, rows in tables.items() if t not in known and rows)
    result.conditions = [
        LsCondition(
            row.get("qid").strip(),
            row.get("cqid").strip(),
            row.get("cfieldname").strip(),
            row.get("method").strip() or "==",
            row.get("value"),
            _int(row.get("scenario"), 1),
            row.line,
        )
        for row in tables.get("conditions", [])
    ]
    return result


def read_lss(path: Path) -> LsSurvey:
    """Read a LimeSurvey ``.lss`` file of either layout; a broken or hostile file raises InstrumentError."""
    path = Path(path)
    source = str(path)
    if path.suffix.lower() != ".lss":
        raise fail(source, "unknown-format", f"'{path.name}' is not a .lss file", "export the survey structure (.lss)")
    if not path.is_file():
        raise fail(source, "file-not-found", f"there is no file {path}", "check the path")
    if path.stat().st_size > MAX_BYTES:
        raise fail(
            source,
            "too-large",
            f"the file has {path.stat().st_size:,} bytes, more than a survey structure ever needs ({MAX_BYTES:,})",
            "export the survey structure (.lss) again, without responses",
        )
    return parse_lss(path.read_bytes(), source)


def parse_lss(data: bytes, source: str) -> LsSurvey:
    """A survey structure from the bytes of an ``.lss`` (e.g. the one inside an ``.lsa`` archive)."""
    root, lines = parse_xml(data, source)
    tables = tables_of(root, lines)
    if not tables.get("questions"):
        raise fail(
            source,
            "no-questions",
            "the survey structure has no questions",
            "add questions in LimeSurvey and export the survey structure (.lss) again",
        )
    return _assemble(source, tables, root)
