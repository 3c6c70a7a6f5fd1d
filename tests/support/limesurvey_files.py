"""The LimeSurvey fixtures built here (tests/fixtures/limesurvey/conditions_*): one survey in every file LimeSurvey writes.

The survey (id 123456, LimeSurvey 3 layout, DBVersion 366) keeps its skip
logic in the ``conditions`` table, as LimeSurvey's condition editor writes
it: SGQA field names, several scenarios, same-question rows that LimeSurvey
joins by "or", a multiple-choice tick in both spellings (field + option code
as the value, and the ``+`` fully named field), an empty value ("answered"),
and one condition on a participant attribute (``{TOKEN:ATTRIBUTE_1}``) that
eqsurvey cannot carry. Six of its questions are mandatory and conditional.

From it come, in the formats of LimeSurvey's export_helper.php (read there):
the ``.lss`` structure; the ``.lsr`` responses (``<document>`` with
``LimeSurveyDocType`` ``Responses``, the response table's columns, SGQA
names masked with a leading ``_``); the ``.lsa`` archive (``survey_{sid}.lss``,
``survey_{sid}_responses.lsr``, ``survey_{sid}_tokens.lst``,
``survey_{sid}_timings.lsi``); the same responses as LimeSurvey's CSV export
(question-code headings, answer codes); the tab-separated survey export
(``limesurvey_survey_{sid}.txt``: id, related_id, class, type/scale, name,
relevance, text, help, language, validation, mandatory, other, default,
same_default, then attributes); a group export (``.lsg``), a question export
(``.lsq``) and a queXML file, which eqsurvey refuses naming the export to use.

Run ``python -m tests.support.limesurvey_files`` to write them again.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

FOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "limesurvey"
SID = "123456"
DB_VERSION = "366"

# qid, gid, type, title, text, mandatory, order, relevance LimeSurvey wrote from the conditions
QUESTIONS = [
    ("100", "10", "L", "employed", "Are you in paid work?", "Y", 1, "1"),
    ("101", "10", "M", "sectors", "In which sectors do you work?", "N", 2, '((123456X10X100.NAOK == "A1"))'),
    ("102", "10", "N", "hours", "How many hours a week do you work?", "Y", 3, "1"),
    ("103", "10", "S", "ngoname", "Which organisation?", "Y", 4, "1"),
    ("104", "11", "F", "satisfaction", "How satisfied are you with …", "Y", 1, "1"),
    ("105", "11", "Y", "discrim", "Were you treated unfairly at work in the last year?", "N", 2, "1"),
    ("106", "11", "T", "describe", "Please describe what happened.", "Y", 3, "1"),
    ("107", "11", "S", "ngorole", "What is your role there?", "Y", 4, "1"),
    ("108", "11", "S", "staffnote", "A note for staff members", "Y", 5, "1"),
]
SUBQUESTIONS = [
    ("201", "101", "10", "SQ001", "Public sector", 1),
    ("202", "101", "10", "SQ002", "Private sector", 2),
    ("203", "101", "10", "SQ003", "Non-profit", 3),
    ("204", "104", "11", "SQ001", "your pay", 1),
    ("205", "104", "11", "SQ002", "your working hours", 2),
]
ANSWERS = [
    ("100", "A1", "Yes", 1),
    ("100", "A2", "No", 2),
    ("100", "A3", "I am a student with a side job", 3),
    ("104", "AO1", "Satisfied", 1),
    ("104", "AO2", "Neither", 2),
    ("104", "AO3", "Dissatisfied", 3),
]
# cid, qid, cqid, cfieldname, method, value, scenario
CONDITIONS = [
    ("1", "101", "100", "123456X10X100", "==", "A1", "1"),
    ("2", "102", "100", "123456X10X100", "==", "A1", "1"),
    ("3", "102", "100", "123456X10X100", "==", "A3", "1"),
    ("4", "103", "101", "123456X10X101", "==", "SQ003", "1"),
    ("5", "104", "100", "123456X10X100", "==", "A1", "1"),
    ("6", "104", "102", "123456X10X102", ">=", "10", "1"),
    ("7", "104", "100", "123456X10X100", "==", "A3", "2"),
    ("8", "106", "105", "123456X11X105", "==", "Y", "1"),
    ("9", "106", "104", "123456X11X104SQ001", "!=", "AO1", "1"),
    ("10", "107", "101", "+123456X10X101SQ003", "==", "Y", "1"),
    ("11", "107", "102", "123456X10X102", "!=", "", "1"),
    ("12", "108", "0", "{TOKEN:ATTRIBUTE_1}", "==", "staff", "1"),
]
META = ["id", "token", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "ipaddr"]
# Columns of the response table: SGQA field → question-code heading of the CSV export.
FIELDS = {
    "123456X10X100": "employed",
    "123456X10X101SQ001": "sectors[SQ001]",
    "123456X10X101SQ002": "sectors[SQ002]",
    "123456X10X101SQ003": "sectors[SQ003]",
    "123456X10X102": "hours",
    "123456X10X103": "ngoname",
    "123456X11X104SQ001": "satisfaction[SQ001]",
    "123456X11X104SQ002": "satisfaction[SQ002]",
    "123456X11X105": "discrim",
    "123456X11X106": "describe",
    "123456X11X107": "ngorole",
    "123456X11X108": "staffnote",
}
_WHEN = "2024-05-0{} 10:1{}:00"
# Four responses that follow the conditions; the fourth was never submitted.
RESPONSES: list[dict[str, str]] = [
    {
        "id": "1",
        "token": "kT9pQ2",
        "submitdate": _WHEN.format(1, 1),
        "lastpage": "2",
        "ipaddr": "198.51.100.7",
        "123456X10X100": "A1",
        "123456X10X101SQ001": "Y",
        "123456X10X101SQ003": "Y",
        "123456X10X102": "38",
        "123456X10X103": "Tafel Musterstadt",
        "123456X11X104SQ001": "AO2",
        "123456X11X104SQ002": "AO1",
        "123456X11X105": "Y",
        "123456X11X106": "I was passed over for a promotion.",
        "123456X11X107": "treasurer",
    },
    {
        "id": "2",
        "token": "mW4xR8",
        "submitdate": _WHEN.format(2, 2),
        "lastpage": "2",
        "ipaddr": "198.51.100.8",
        "123456X10X100": "A2",
        "123456X11X105": "N",
    },
    {
        "id": "3",
        "token": "zB6nV1",
        "submitdate": _WHEN.format(3, 3),
        "lastpage": "2",
        "ipaddr": "198.51.100.9",
        "123456X10X100": "A3",
        "123456X10X102": "10",
        "123456X11X104SQ001": "AO3",
        "123456X11X104SQ002": "AO3",
        "123456X11X105": "N",
    },
    {"id": "4", "token": "qP3sD5", "lastpage": "1", "ipaddr": "198.51.100.10", "123456X10X100": "A1"},
]


def _cell(tag: str, value: str | None) -> str:
    if value is None:
        return ""
    if value == "":
        return f"    <{tag}/>\n"
    return f"    <{tag}><![CDATA[{value}]]></{tag}>\n"


def _table(name: str, fields: list[str], rows: list[dict[str, str | None]]) -> str:
    if not rows:
        return ""  # LimeSurvey writes no element for a table without rows
    out = [f" <{name}>\n  <fields>\n"]
    out += [f"   <fieldname>{f}</fieldname>\n" for f in fields]
    out.append("  </fields>\n  <rows>\n")
    for row in rows:
        tags = {f: ("_" + f if f[0].isdigit() else f).replace("#", "-") for f in fields}
        out.append("   <row>\n" + "".join(_cell(tags[f], row.get(f)) for f in fields) + "   </row>\n")
    out.append(f"  </rows>\n </{name}>\n")
    return "".join(out)


def _document(kind: str, tables: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<document>\n'
        f" <LimeSurveyDocType>{kind}</LimeSurveyDocType>\n <DBVersion>{DB_VERSION}</DBVersion>\n"
        " <languages>\n  <language>en</language>\n </languages>\n" + tables + "</document>\n"
    )


def _question_row(q: tuple[str, str, str, str, str, str, int, str]) -> dict[str, str | None]:
    qid, gid, qtype, title, text, mandatory, order, relevance = q
    return {
        "qid": qid, "parent_qid": "0", "sid": SID, "gid": gid, "type": qtype, "title": title,
        "question": text, "preg": "", "help": "", "other": "N", "mandatory": mandatory,
        "question_order": str(order), "language": "en", "scale_id": "0", "same_default": "0",
        "relevance": relevance,
    }  # fmt: skip


def structure_tables(groups: list[str] | None = None, question: str | None = None) -> str:
    """The survey's tables; ``groups`` keeps only those groups (a group export), ``question`` one question
    with its subquestions and answers only (a question export: no group, no conditions)."""
    keep = set(groups or ["10", "11"])
    questions = [q for q in QUESTIONS if q[1] in keep and question in (None, q[0])]
    qids = {q[0] for q in questions}
    answer_fields = ["qid", "code", "answer", "sortorder", "assessment_value", "language", "scale_id"]
    answers = [
        {"qid": a[0], "code": a[1], "answer": a[2], "sortorder": str(a[3]), "assessment_value": "0",
         "language": "en", "scale_id": "0"}
        for a in ANSWERS if a[0] in qids
    ]  # fmt: skip
    conditions = [
        dict(zip(["cid", "qid", "cqid", "cfieldname", "method", "value", "scenario"], c, strict=True))
        for c in CONDITIONS
        if c[1] in qids
    ]
    group_rows = [
        {"gid": gid, "sid": SID, "group_name": name, "group_order": str(i), "description": "",
         "language": "en", "randomization_group": "", "grelevance": ""}
        for i, (gid, name) in enumerate([("10", "Work"), ("11", "Experiences")]) if gid in keep
    ]  # fmt: skip
    question_fields = list(_question_row(QUESTIONS[0]))
    subquestions = [
        _question_row((sq[0], sq[2], "T", sq[3], sq[4], "N", sq[5], "1")) | {"parent_qid": sq[1]}
        for sq in SUBQUESTIONS
        if sq[1] in qids
    ]
    tables = _table("answers", answer_fields, answers)  # type: ignore[arg-type]
    if question is None:
        condition_fields = ["cid", "qid", "cqid", "cfieldname", "method", "value", "scenario"]
        tables += _table("conditions", condition_fields, conditions)  # type: ignore[arg-type]
        tables += _table("groups", list(group_rows[0]), group_rows)  # type: ignore[arg-type]
    tables += _table("questions", question_fields, [_question_row(q) for q in questions])
    return tables + _table("subquestions", question_fields, subquestions)


def lss() -> str:
    survey = {"sid": SID, "language": "en", "additional_languages": "", "anonymized": "N", "datestamp": "Y"}
    settings = {
        "surveyls_survey_id": SID,
        "surveyls_language": "en",
        "surveyls_title": "Work and fair treatment",
        "surveyls_description": "",
    }
    tables = structure_tables()
    tables += _table("surveys", list(survey), [survey])  # type: ignore[list-item]
    tables += _table("surveys_languagesettings", list(settings), [settings])  # type: ignore[list-item]
    return _document("Survey", tables)


def lsr(responses: list[dict[str, str]] = RESPONSES) -> str:
    fields = META + list(FIELDS)
    rows = [{f: r.get(f, "" if f in FIELDS else None) for f in fields} | {"startlanguage": "en"} for r in responses]
    for row, r in zip(rows, responses, strict=True):
        row["startdate"] = row["datestamp"] = r.get("submitdate") or "2024-05-04 09:00:00"
        row["seed"] = "123" + r["id"]
    return _document("Responses", _table("responses", fields, rows))


def tokens() -> str:
    fields = ["tid", "firstname", "lastname", "email", "token", "attribute_1"]
    rows = [
        {"tid": r["id"], "firstname": f"Name{r['id']}", "lastname": "Example", "email": f"p{r['id']}@example.org",
         "token": r["token"], "attribute_1": "staff"}
        for r in RESPONSES
    ]  # fmt: skip
    return _document("Tokens", _table("tokens", fields, rows))  # type: ignore[arg-type]


def timings() -> str:
    fields = ["id", "interviewtime", "123456X10time"]
    rows = [{"id": r["id"], "interviewtime": "321.5", "123456X10time": "120.2"} for r in RESPONSES]
    return _document("Timings", _table("timings", fields, rows))  # type: ignore[arg-type]


def lsa(extra: dict[str, bytes] | None = None, responses: list[dict[str, str]] = RESPONSES) -> bytes:
    parts = {
        f"survey_{SID}.lss": lss().encode(),
        f"survey_{SID}_responses.lsr": lsr(responses).encode(),
        f"survey_{SID}_tokens.lst": tokens().encode(),
        f"survey_{SID}_timings.lsi": timings().encode(),
    } | (extra or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            # A fixed time stamp, so that the archive is the same file each time it is written.
            archive.writestr(zipfile.ZipInfo(name, (2024, 5, 4, 12, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def responses_csv(responses: list[dict[str, str]] = RESPONSES[:3]) -> str:
    """The same responses as LimeSurvey's CSV export (question codes, answer codes; only the submitted ones)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["id", "token", "submitdate", "lastpage", "startlanguage", "seed", *FIELDS.values()])
    for r in responses:
        head = [r["id"], r["token"], r["submitdate"], r["lastpage"], "en", "123" + r["id"]]
        writer.writerow([*head, *(r.get(f, "") for f in FIELDS)])
    return "\ufeff" + out.getvalue()


TSV_FIELDS = ["id", "related_id", "class", "type/scale", "name", "relevance", "text", "help", "language",
              "validation", "mandatory", "other", "default", "same_default"]  # fmt: skip


def tsv() -> str:
    """The tab-separated survey export: S, SL, G, Q, C, SQ and A rows in LimeSurvey's order."""
    rows: list[dict[str, str]] = [
        {"class": "S", "name": "sid", "text": SID},
        {"class": "S", "name": "language", "text": "en"},
        {"class": "SL", "name": "surveyls_title", "text": "Work and fair treatment", "language": "en"},
    ]
    for gid, name in (("10", "Work"), ("11", "Experiences")):
        rows.append({"id": gid, "class": "G", "type/scale": "0", "name": name, "language": "en"})
        for q in (q for q in QUESTIONS if q[1] == gid):
            qid, _, qtype, title, text, mandatory, _, relevance = q
            rows.append({"id": qid, "class": "Q", "type/scale": qtype, "name": title, "relevance": relevance,
                         "text": text, "language": "en", "mandatory": mandatory, "other": "N"})  # fmt: skip
            for c in (c for c in CONDITIONS if c[1] == qid):
                rows.append({"id": c[0], "class": "C", "type/scale": c[6], "related_id": c[2], "name": c[3],
                             "relevance": c[4], "text": c[5]})  # fmt: skip
            for sq in (s for s in SUBQUESTIONS if s[1] == qid):
                rows.append(
                    {"id": sq[0], "class": "SQ", "name": sq[3], "relevance": "1", "text": sq[4], "language": "en"}
                )
            for a in (a for a in ANSWERS if a[0] == qid):
                rows.append({"id": qid, "class": "A", "type/scale": "0", "name": a[1], "text": a[2], "language": "en"})
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(TSV_FIELDS)
    for row in rows:
        writer.writerow([row.get(f, "") for f in TSV_FIELDS])
    return out.getvalue()


def quexml() -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<questionnaire id="123456">\n <title>Work and fair treatment</title>\n'
        ' <section id="10">\n  <sectionInfo><position>title</position><text>Work</text></sectionInfo>\n'
        '  <question><text>Are you in paid work?</text>\n   <response varName="employed"><fixed>\n'
        "    <category><label>Yes</label><value>A1</value></category>\n   </fixed></response>\n  </question>\n"
        " </section>\n</questionnaire>\n"
    )


def write_all(folder: Path = FOLDER) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "conditions_survey_123456.lss").write_text(lss(), encoding="utf-8")
    (folder / "conditions_survey_123456_responses.lsr").write_text(lsr(), encoding="utf-8")
    (folder / "conditions_survey_123456.lsa").write_bytes(lsa())
    (folder / "conditions_responses.csv").write_text(responses_csv(), encoding="utf-8")
    (folder / "conditions_limesurvey_survey_123456.txt").write_text(tsv(), encoding="utf-8")
    group = _document("Group", structure_tables(["11"]))
    (folder / "conditions_group_11.lsg").write_text(group, encoding="utf-8")
    question = _document("Question", structure_tables(["10"], question="100"))
    (folder / "conditions_question_100.lsq").write_text(question, encoding="utf-8")
    (folder / "conditions_quexml_123456.xml").write_text(quexml(), encoding="utf-8")


if __name__ == "__main__":
    write_all()
