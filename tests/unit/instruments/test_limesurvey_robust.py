"""LimeSurvey files that are broken, hostile or odd: clear errors, never a traceback or an expanded entity."""

from __future__ import annotations

from pathlib import Path

import pytest

from instruments.limesurvey.importer import import_lss
from kernel.errors import InstrumentError


def lss(questions: list[dict[str, str]], answers: list[dict[str, str]] | None = None) -> str:
    """A minimal flat-layout (LimeSurvey 2) survey: one group, English only."""

    def rows(items: list[dict[str, str]]) -> str:
        return "".join("<row>" + "".join(f"<{k}><![CDATA[{v}]]></{k}>" for k, v in r.items()) + "</row>" for r in items)

    base = {"parent_qid": "0", "gid": "1", "language": "en", "mandatory": "N", "other": "N"}
    qs = [base | {"question_order": str(n)} | q for n, q in enumerate(questions)]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<document>\n<LimeSurveyDocType>Survey</LimeSurveyDocType>\n'
        "<DBVersion>177</DBVersion><languages><language>en</language></languages>\n"
        f"<answers><rows>{rows([{'language': 'en', 'scale_id': '0'} | a for a in answers or []])}</rows></answers>\n"
        "<groups><rows><row><gid>1</gid><group_name>G</group_name><group_order>0</group_order>"
        "<language>en</language></row></rows></groups>\n"
        f"<questions><rows>{rows(qs)}</rows></questions>\n"
        "<surveys><rows><row><sid>1</sid><language>en</language></row></rows></surveys>\n</document>\n"
    )


def write(tmp_path: Path, text: str, name: str = "s.lss") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refused(path: Path) -> str:
    with pytest.raises(InstrumentError) as info:
        import_lss(path)
    (problem,) = info.value.problems
    assert problem.fix and problem.where.file == str(path)
    return problem.code


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE document [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<document><LimeSurveyDocType>Survey</LimeSurveyDocType><x>&lol4;</x></document>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<document><LimeSurveyDocType>Survey</LimeSurveyDocType><x>&secret;</x></document>
"""
EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE document SYSTEM "http://example.invalid/evil.dtd">
<document><LimeSurveyDocType>Survey</LimeSurveyDocType></document>
"""


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL, EXTERNAL_DTD])
def test_hostile_xml_is_refused(tmp_path: Path, text: str) -> None:
    assert refused(write(tmp_path, text)) == "hostile-xml"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("<document><LimeSurveyDocType>Survey</LimeSurveyDocType>", "xml-syntax"),
        ("", "xml-syntax"),
        ("\x00\x01binary", "xml-syntax"),
        ("<html><body>hi</body></html>", "not-lss"),
        ("<document><LimeSurveyDocType>Group</LimeSurveyDocType></document>", "not-lss"),
        ("<document><LimeSurveyDocType>Survey</LimeSurveyDocType></document>", "no-questions"),
    ],
)
def test_broken_or_foreign_files_are_refused(tmp_path: Path, text: str, code: str) -> None:
    assert refused(write(tmp_path, text)) == code


def test_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "<document>\n<LimeSurveyDocType>Survey</LimeSurveyDocType>\n<rows><row></rows>\n")
    with pytest.raises(InstrumentError) as info:
        import_lss(path)
    assert info.value.problems[0].where.line == 3


def test_wrong_extension_and_missing_file(tmp_path: Path) -> None:
    assert refused(write(tmp_path, lss([]), "s.xml")) == "unknown-format"
    assert refused(tmp_path / "absent.lss") == "file-not-found"


def test_only_unsupported_questions_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, lss([{"qid": "1", "type": "D", "title": "when", "question": "When?"}]))
    assert refused(path) == "no-questions"


def test_unknown_types_are_noted(tmp_path: Path) -> None:
    questions = [
        {"qid": "1", "type": "S", "title": "Q1", "question": "One"},
        {"qid": "2", "type": "", "title": "Q2", "question": "Two"},
        {"qid": "3", "type": "LO", "title": "Q3", "question": "Three"},
    ]
    result = import_lss(write(tmp_path, lss(questions)))
    assert [q.id for q in result.instrument.questions()] == ["q1"]
    skipped = {n.where.question: n.problem for n in result.notes if n.code == "unsupported-type"}
    assert set(skipped) == {"Q2", "Q3"} and "an unknown question type" in skipped["Q3"]


def test_conditions_the_checks_reject_are_dropped_with_a_note(tmp_path: Path) -> None:
    answers = [{"qid": "1", "code": c, "answer": c, "sortorder": str(n)} for n, c in enumerate(["A1", "A2"])]
    questions = [
        # forward reference: Q2 is asked later
        {"qid": "1", "type": "L", "title": "Q1", "question": "One", "relevance": 'Q2 == "x"'},
        # an option Q1 does not have
        {"qid": "2", "type": "S", "title": "Q2", "question": "Two", "relevance": 'Q1 == "A9"'},
        # kept
        {"qid": "3", "type": "S", "title": "Q3", "question": "Three", "relevance": '((Q1.NAOK == "A2"))'},
        # 'never' stays as written
        {"qid": "4", "type": "T", "title": "Q4", "question": "Four", "relevance": "0"},
        # an SGQA code naming no question of the survey (qid 9), and one of another survey (sid 2)
        {"qid": "5", "type": "T", "title": "Q5", "question": "Five", "relevance": '1X1X9 == "A1"'},
        {"qid": "6", "type": "T", "title": "Q6", "question": "Six", "relevance": '2X1X1 == "A1"'},
        # an SGQA code of this survey, as LimeSurvey writes conditions into relevance: read as Q1
        {"qid": "7", "type": "T", "title": "Q7", "question": "Seven", "relevance": '((1X1X1.NAOK == "A2"))'},
    ]
    result = import_lss(write(tmp_path, lss(questions, answers)))
    q = result.instrument.question_map
    assert q["q1"].relevant is None and q["q2"].relevant is None and q["q5"].relevant is None
    assert q["q6"].relevant is None
    assert q["q3"].relevant == "q1 == 'A2'" and q["q7"].relevant == "q1 == 'A2'"
    assert q["q4"].relevant == "false"
    dropped = {n.where.question: n for n in result.notes if n.code == "condition"}
    assert "forward reference" in dropped["q1"].problem and dropped["q1"].where.line
    assert "'A9' is not an option" in dropped["q2"].problem
    assert "SGQA" in dropped["q5"].problem and "SGQA" in dropped["q6"].problem


def test_html_in_labels_and_an_empty_default_text(tmp_path: Path) -> None:
    questions = [
        {"qid": "1", "type": "S", "title": "Q1", "question": "<p>Hello &lt;world&gt;</p><p>Line&nbsp;2</p>"},
        {"qid": "2", "type": "S", "title": "Q2", "question": ""},
    ]
    result = import_lss(write(tmp_path, lss(questions)))
    assert result.instrument.question_map["q1"].label == {"en": "Hello <world>\n\nLine 2"}
    assert result.instrument.question_map["q2"].label == {"en": "Q2"}
    assert any(n.code == "missing-text" and n.where.question == "q2" for n in result.notes)


def test_a_required_question_whose_condition_is_lost_becomes_optional(tmp_path: Path) -> None:
    answers = [
        {"qid": q, "code": c, "answer": c, "sortorder": str(n)} for q in "13" for n, c in enumerate(["A1", "A2"])
    ]
    questions = [
        {"qid": "1", "type": "L", "title": "Q1", "question": "One", "mandatory": "Y"},
        # dropped by the checks (a forward reference): asked of everyone now, so not required
        {"qid": "2", "type": "S", "title": "Q2", "question": "Two", "mandatory": "Y", "relevance": 'Q9 == "A1"'},
        # a matrix one of whose rows has a condition with no equivalent
        {"qid": "3", "type": "F", "title": "Q3", "question": "Three", "mandatory": "Y"},
        {"qid": "31", "parent_qid": "3", "type": "T", "title": "SQ1", "question": "a", "relevance": "count(Q1) > 0"},
        {"qid": "32", "parent_qid": "3", "type": "T", "title": "SQ2", "question": "b"},
        # carried: stays required
        {"qid": "4", "type": "S", "title": "Q4", "question": "Four", "mandatory": "Y", "relevance": 'Q1 == "A2"'},
        {"qid": "9", "type": "L", "title": "Q9", "question": "Nine"},
    ]
    result = import_lss(write(tmp_path, lss(questions, answers)))
    q = result.instrument.question_map
    assert q["q1"].required and q["q4"].required and q["q4"].relevant == "q1 == 'A2'"
    assert not q["q2"].required and q["q2"].relevant is None
    assert not q["q3"].required
    dropped = {n.where.question for n in result.notes if n.code == "required-dropped"}
    assert dropped == {"q2", "q3"}


def test_a_group_condition_that_is_lost_makes_its_questions_optional(tmp_path: Path) -> None:
    answers = [{"qid": "1", "code": "A1", "answer": "A1", "sortorder": "1"}]
    questions = [
        {"qid": "1", "type": "L", "title": "Q1", "question": "One", "mandatory": "Y"},
        {"qid": "2", "type": "S", "title": "Q2", "question": "Two", "mandatory": "Y"},
    ]
    text = lss(questions, answers).replace(
        "<language>en</language></row></rows></groups>",
        "<language>en</language><grelevance>regexMatch('/x/', Q1)</grelevance></row></rows></groups>",
    )
    result = import_lss(write(tmp_path, text))
    assert not any(q.required for q in result.instrument.questions())
    assert {n.where.question for n in result.notes if n.code == "required-dropped"} == {"q1", "q2"}
