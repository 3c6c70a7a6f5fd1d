"""Importing LimeSurvey's own demo surveys (.lss), both layouts.

The files are vendored under ``tests/fixtures/thirdparty/limesurvey`` (see
``tests/fixtures/thirdparty/SOURCES.md``: copied byte for byte from
LimeSurvey/LimeSurvey's ``docs/demosurveys``, GPL-2.0-or-later). The facts
asserted here were read from the XML by hand.
"""

from __future__ import annotations

from pathlib import Path

from instruments.dump import dump_instrument
from instruments.importing import ImportResult
from instruments.limesurvey.importer import import_lss
from instruments.loader import parse_instrument
from instruments.questions import Matrix, MultiChoice, Number, Scale, SingleChoice, Text
from kernel.errors import Problem

DEMOS = Path(__file__).resolve().parents[2] / "fixtures" / "thirdparty" / "limesurvey" / "docs" / "demosurveys"


def load(name: str) -> ImportResult:
    path = DEMOS / name
    result = import_lss(path)
    again = parse_instrument(dump_instrument(result.instrument), f"{name}.yaml").instrument
    assert again == result.instrument
    return result


def noted(notes: list[Problem], code: str) -> dict[str | None, Problem]:
    return {n.where.question: n for n in notes if n.code == code}


def test_ls7_sample_survey_structure_and_languages() -> None:
    result = load("ls7_Samplesurvey_en_de.lss")
    i = result.instrument
    # surveys.language is en, additional_languages de (the <languages> list says de, en).
    assert i.languages == ["en", "de"] and i.default_language == "en"
    assert i.title == {"en": "LS7 - Sample-Survey", "de": "LS7 - Beispielumfrage"}
    # Six groups, in group_order; names from group_l10ns.
    assert [s.title["en"] for s in i.sections] == [
        "Single choice",
        "Arrays",
        "Multiple choice",
        "Text",
        "Mask",
        "Equation",
    ]
    assert i.sections[1].title["de"] == "Matrixfragen"
    assert i.sections[0].intro == {
        "en": "This is the description text.\n\nThis is the welcome message.",
        "de": "Dies ist der Beschreibungstext.\n\nDies ist die Wilkommensnachricht.",
    }
    # 39 questions; 10 have no eqsurvey type (:, ;, 1, D, |, R twice, X, * twice); two Q (4 subquestions
    # each) and one K (4 subquestions) become one question per subquestion: 29 - 3 + 12 = 38.
    assert len(list(i.questions())) == 38


def test_ls7_question_types_and_options() -> None:
    i = load("ls7_Samplesurvey_en_de.lss").instrument
    q = i.question_map
    assert isinstance(q["g00q02"], Scale) and q["g00q02"].bounds == (1, 5)
    buttons = q["g00q03"]  # type L, answers AO01..AO04 in answer_l10ns
    assert isinstance(buttons, SingleChoice)
    assert [(o.code, o.label["en"], o.label["de"]) for o in buttons.options] == [
        ("AO01", "OPTION A", "OPTION A de"),
        ("AO02", "OPTION B", "OPTION B de"),
        ("AO03", "OPTION C", "OPTION C de"),
        ("AO04", "OPTION D", "OPTION D de"),
    ]
    assert isinstance(q["g00q04"], SingleChoice)  # '!' dropdown
    array = q["q002"]  # type F, mandatory S (soft)
    assert isinstance(array, Matrix) and not array.required
    assert [r.code for r in array.rows] == ["SQ001", "SQ002", "SQ003", "SQ004"]
    assert array.hint == {"en": "Help", "de": "Hilfe"}
    five, ten, isd, ynu = q["g01q09"], q["g01q10"], q["g01q11"], q["g01q13"]
    assert isinstance(five, Matrix) and [o.code for o in five.options] == ["1", "2", "3", "4", "5"]
    assert isinstance(ten, Matrix) and len(ten.options) == 10
    assert isinstance(isd, Matrix) and [(o.code, o.label["de"]) for o in isd.options] == [
        ("I", "Zunahme"),
        ("S", "Gleich"),
        ("D", "Abnahme"),
    ]
    assert isinstance(ynu, Matrix) and [o.code for o in ynu.options] == ["Y", "N", "U"]
    assert isinstance(q["g02q15"], Matrix)  # H, array by column
    multi = q["g03q19"]
    assert isinstance(multi, MultiChoice) and [o.code for o in multi.options] == ["SQ001", "SQ002", "SQ003", "SQ004"]
    assert multi.options[0].label == {"en": "OPTION A", "de": "OPTION A de"}
    assert all(isinstance(q[f"g04q23_sq00{n}"], Text) for n in range(1, 5))  # Q, input on demand
    assert isinstance(q["g04q22"], Text)  # U
    numbers = [q[f"g05q31_sq00{n}"] for n in range(1, 5)]  # K
    assert all(isinstance(n, Number) for n in numbers)
    assert isinstance(q["tall"], Number) and isinstance(q["g05q32"], Number)
    gender, yes_no = q["g05q30"], q["g05q36"]
    assert isinstance(gender, SingleChoice) and [o.code for o in gender.options] == ["F", "M"]
    assert isinstance(yes_no, SingleChoice) and [o.label["de"] for o in yes_no.options] == ["Ja", "Nein"]
    assert all(x.prefer_not_to_say for x in i.questions() if not isinstance(x, Text))


def test_ls7_skipped_types_are_noted() -> None:
    notes = load("ls7_Samplesurvey_en_de.lss").notes
    skipped = noted(notes, "unsupported-type")
    assert set(skipped) == {
        "G01Q12",
        "G01Q14",
        "G02Q16",
        "G05Q27",
        "G05Q29",
        "G05Q33",
        "G05Q34",
        "G05Q35",
        "BMI",
        "BMIreturn",
    }
    assert "type ':'" in skipped["G01Q12"].problem and "array of numbers" in skipped["G01Q12"].problem
    assert skipped["G01Q12"].where.line == 1250  # the <row> of qid 1181
    assert "equation" in skipped["BMI"].problem
    assert "soft mandatory" in noted(notes, "soft-mandatory")["q002"].problem
    assert set(noted(notes, "comment")) == {"g00q08", "g03q20"}  # O list with comment, P with comments
    assert set(noted(notes, "split")) == {"g04q23", "g04q25", "g05q31"}
    assert "end text" in noted(notes, "dropped-text")[None].problem


def test_ls205_flat_layout_array_filters_become_conditions() -> None:
    result = load("ls205_subquestion_relevance.lss")
    i = result.instrument
    assert i.languages == ["en"] and i.title == {"en": "Sub-Question Relevance Test"}
    # afSrcFilter (M, other=Y) + its 'other' text, min, max, afK and afeK (K, 6 subquestions each incl. 'other').
    assert len(list(i.questions())) == 16
    source = i.question_map["afsrcfilter"]
    assert isinstance(source, MultiChoice)
    assert [o.code for o in source.options] == ["sq1", "sq2", "sq3", "sq4", "sq5", "other"]
    assert i.question_map["afsrcfilter_other"].relevant == "selected(afsrcfilter, 'other')"
    # afK has array_filter = afSrcFilter; afeK has array_filter_exclude = afSrcFilter.
    assert i.question_map["afk_sq1"].relevant == "selected(afsrcfilter, 'sq1')"
    assert i.question_map["afk_other"].relevant == "selected(afsrcfilter, 'other')"
    assert i.question_map["afek_sq3"].relevant == "not selected(afsrcfilter, 'sq3')"
    notes = result.notes
    assert "type 'X'" in noted(notes, "unsupported-type")["Notes"].problem
    # min_num_value_n = 'min' on afK is an equation, not a number.
    bounds = [n for n in notes if n.code == "number-bounds" and n.where.question == "afk"]
    assert any("is an equation ('min')" in n.problem for n in bounds)
    assert "equals_num_value" in noted(notes, "dropped-attribute")["afk"].problem
    assert "{if(afSrcFilter_other" in noted(notes, "piping")["afk_other"].problem
