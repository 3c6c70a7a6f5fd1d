"""Importing LimeSurvey survey structures (.lss): the repository's own small files, both layouts.

``tests/fixtures/limesurvey/ls6_bilingual.lss`` is laid out like a LimeSurvey 6
export (DBVersion 703, ``*_l10ns`` tables), German first with English;
``ls2_flat.lss`` like a LimeSurvey 2 export (DBVersion 177, one row per
language), English with informal German. The real LimeSurvey demo surveys
are tested in ``test_limesurvey_thirdparty.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from instruments.dump import dump_instrument
from instruments.limesurvey.importer import import_lss
from instruments.limesurvey.reading import read_lss
from instruments.limesurvey.text import language_tag, placeholders, plain_text
from instruments.loader import parse_instrument
from instruments.questions import Matrix, MultiChoice, Number, Scale, SingleChoice, Text
from kernel.errors import Problem

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "limesurvey"


def noted(notes: list[Problem], code: str) -> list[Problem]:
    return [n for n in notes if n.code == code]


def test_ls6_layout_reads_texts_from_the_l10n_tables() -> None:
    survey = read_lss(FIXTURES / "ls6_bilingual.lss")
    assert survey.db_version == 703
    assert survey.default_language == "de" and survey.languages == ["de", "en"]
    assert [g.gid for g in survey.groups] == ["10", "11"]
    q1 = survey.groups[0].questions[0]
    assert (q1.title, q1.type, q1.other, q1.mandatory) == ("Q1", "L", True, "Y")
    assert [(a.code, a.text) for a in q1.answers] == [
        ("A1", {"de": "Frau", "en": "Woman"}),
        ("A2", {"de": "Mann", "en": "Man"}),
    ]
    assert q1.line > 0


def test_ls6_bilingual_questions_types_ids_and_languages() -> None:
    result = import_lss(FIXTURES / "ls6_bilingual.lss")
    i = result.instrument
    assert i.id == "ls6_bilingual"
    assert i.languages == ["de", "en"] and i.default_language == "de"
    assert i.title == {"de": "Vielfalt im Verein", "en": "Diversity in the club"}
    assert [s.id for s in i.sections] == ["uber_dich", "erfahrungen"]
    assert [q.id for q in i.questions()] == ["q1", "q1_other", "q2", "q2_other", "q3", "q4", "q5", "q6"]
    about, experiences = i.sections
    assert about.intro == {"de": "Danke & willkommen!\n\nZweite Zeile", "en": "Thank you & welcome!\n\nSecond line"}
    assert experiences.intro == {"de": "Die letzten 12 Monate.", "en": "The last 12 months."}
    assert experiences.relevant == "q1 == 'A1' or q1 == 'A2'"

    q1 = i.question_map["q1"]
    assert isinstance(q1, SingleChoice) and q1.required and q1.prefer_not_to_say
    assert [(o.code, o.label["de"], o.label["en"]) for o in q1.options] == [
        ("A1", "Frau", "Woman"),
        ("A2", "Mann", "Man"),
        ("oth", "Sonstiges", "Other"),
    ]
    assert q1.hint == {"de": "Eine Antwort", "en": "One answer"}
    other = i.question_map["q1_other"]
    assert isinstance(other, Text) and other.self_description and other.privacy == "special_category"
    assert other.relevant == "q1 == 'oth'"

    q2 = i.question_map["q2"]
    assert isinstance(q2, MultiChoice)
    assert [(o.code, o.exclusive) for o in q2.options] == [
        ("SQ001", False),
        ("SQ002", False),
        ("SQ003", True),
        ("other", False),
    ]
    assert q2.options[-1].label == {"de": "Andere", "en": "Another language"}
    assert q2.max_selections == 2
    assert q2.relevant == "q1 == 'A1' or q1 == 'oth'"
    assert i.question_map["q2_other"].relevant == "selected(q2, 'other')"

    q3 = i.question_map["q3"]
    assert isinstance(q3, SingleChoice)
    assert [(o.code, o.label) for o in q3.options] == [
        ("Y", {"de": "Ja", "en": "Yes"}),
        ("N", {"de": "Nein", "en": "No"}),
    ]
    assert q3.relevant == "selected(q2, 'SQ001')"

    q4 = i.question_map["q4"]
    assert isinstance(q4, Matrix)
    assert [o.code for o in q4.options] == ["AO01", "AO02"]
    assert [(r.code, r.relevant) for r in q4.rows] == [
        ("SQ001", "selected(q2, 'SQ001')"),
        ("SQ002", "answered(q3) and selected(q2, 'SQ002')"),
    ]
    q5 = i.question_map["q5"]
    assert isinstance(q5, Number)
    assert (q5.min, q5.max, q5.integer) == (0, 120, True)
    assert q5.unit == {"de": "Jahre", "en": "years"}
    assert q5.relevant == "q3 == 'Y' and q4.SQ001 == 'AO01'"
    q6 = i.question_map["q6"]
    assert isinstance(q6, Text) and q6.relevant is None
    assert q6.label["en"] == "What would you like to say?\nSpeak freely, {Q5}"


def test_ls6_bilingual_notes_name_line_and_question() -> None:
    notes = import_lss(FIXTURES / "ls6_bilingual.lss").notes
    (skipped,) = noted(notes, "unsupported-type")
    assert skipped.where.question == "Q7" and "type 'D'" in skipped.problem and skipped.where.line
    (dropped,) = noted(notes, "condition")
    assert dropped.where.question == "q6" and "sum(Q5, 1) > 3" in dropped.problem and "sum()" in dropped.problem
    assert dropped.severity == "warning"
    (piping,) = noted(notes, "piping")
    assert piping.where.question == "q6" and "{Q5}" in piping.problem
    assert {n.where.question for n in noted(notes, "other")} == {"q1", "q2"}
    assert noted(notes, "missing-metadata") and noted(notes, "privacy") and noted(notes, "dropped-text")


def test_flat_layout_one_row_per_language() -> None:
    result = import_lss(FIXTURES / "ls2_flat.lss")
    i = result.instrument
    assert i.languages == ["en", "de-x-informal"] and i.default_language == "en"
    assert [q.id for q in i.questions()] == ["q1", "q2", "q1_2", "q3_sq1", "q3_sq2", "q4"]
    q1 = i.question_map["q1"]
    assert isinstance(q1, SingleChoice) and q1.required
    assert [(o.code, o.label) for o in q1.options] == [
        ("A1", {"en": "City", "de-x-informal": "In der Stadt"}),
        ("A2", {"en": "Countryside", "de-x-informal": "Auf dem Land"}),
    ]
    q2 = i.question_map["q2"]
    assert isinstance(q2, Scale) and q2.bounds == (1, 5) and q2.relevant == "q1 == 'A2'"
    assert isinstance(i.question_map["q1_2"], Text)
    hours = i.question_map["q3_sq2"]
    assert isinstance(hours, Number) and (hours.min, hours.max, hours.integer) == (0, 80, True)
    assert hours.relevant == "q2 >= 3"
    assert hours.label == {"en": "How many hours? — Care", "de-x-informal": "Wie viele Stunden? — Pflege"}
    gender = i.question_map["q4"]
    assert isinstance(gender, SingleChoice) and [o.code for o in gender.options] == ["F", "M"]
    codes = {n.code for n in result.notes}
    assert {"language", "renamed", "split", "gender", "unsupported-type", "dropped-table"} <= codes
    (renamed,) = noted(result.notes, "renamed")
    assert "'q1' is taken; it is now 'q1_2'" in renamed.problem
    (language,) = noted(result.notes, "language")
    assert "'de-informal' is 'de-x-informal'" in language.problem


def test_imported_instruments_round_trip_through_yaml() -> None:
    for name in ("ls6_bilingual.lss", "ls2_flat.lss"):
        instrument = import_lss(FIXTURES / name).instrument
        again = parse_instrument(dump_instrument(instrument), name).instrument
        assert again == instrument


@pytest.mark.parametrize(
    ("code", "tag"),
    [
        ("de", "de"),
        ("en", "en"),
        ("de-informal", "de-x-informal"),
        ("es-AR-informal", "es-AR-x-informal"),
        ("de-easy", "de-x-ls"),
        ("pt-BR", "pt-BR"),
        ("zh-Hant-TW", "zh-Hant-TW"),
        ("ie", "ga"),
        ("xx_??", "und-x-xx"),
        ("1!", "und-x-1"),
    ],
)
def test_language_tags(code: str, tag: str) -> None:
    assert language_tag(code) == tag


def test_plain_text_keeps_words_and_line_breaks() -> None:
    assert plain_text("<p>One &amp; two</p>\n<p>Three<br/>four</p>") == "One & two\n\nThree\nfour"
    assert plain_text("<ul><li>a</li><li>b</li></ul>") == "- a\n- b"
    assert plain_text("Plain\nlines  stay") == "Plain\nlines stay"
    assert plain_text("<script>alert(1)</script>Hi&nbsp;there") == "Hi there"
    assert plain_text("a < b and c > d") == "a < b and c > d"
    assert placeholders("You said {Q1} and {if(Q2, 'x', 'y')}; { not one}") == ["{Q1}", "{if(Q2, 'x', 'y')}"]
