"""Survey logic and platform features of XLSForms as pyxform reads them: carried over, or refused by name.

Forms are built here as pyxform's single-file CSV or markdown layouts, or as
.xlsx through openpyxl; pyxform's own examples are in
``tests/fixtures/xlsform/pyxform`` (see SOURCES.md there).
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from instruments.questions import MultiChoice, SingleChoice
from instruments.submission import check_answers
from instruments.xlsform.importer import import_form
from kernel.errors import InstrumentError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "xlsform"
PYXFORM = FIXTURES / "pyxform"

_QUOTES = {"'": ("'", "\u2018", "\u2019"), '"': ('"', "\u201c", "\u201d")}


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def relevant_form(condition: str, required: str = "yes") -> str:
    return (
        "| survey |\n"
        "| | type | name | label | relevant | required |\n"
        "| | select_one tenure | tenure | Do you rent? | | |\n"
        f"| | integer | rent | Rent a month | {condition} | {required} |\n"
        "| choices |\n"
        "| | list_name | name | label |\n"
        "| | tenure | other | Other |\n"
        "| | tenure | own | Own |\n"
    )


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(quote=st.sampled_from(["'", '"']), data=st.data())
def test_relevance_with_typographic_quotes_reads_as_pyxform_reads_it(
    tmp_path: Path, quote: str, data: st.DataObject
) -> None:
    opening, closing = (data.draw(st.sampled_from(_QUOTES[quote])) for _ in range(2))
    form = write(tmp_path, "f.md", relevant_form(f"${{tenure}} = {opening}other{closing}"))
    result = import_form(form)
    rent = result.instrument.question_map["rent"]
    assert rent.relevant == "tenure == 'other'"
    assert rent.required
    assert "condition" not in {n.code for n in result.notes}


def test_a_question_whose_condition_is_lost_is_no_longer_required(tmp_path: Path) -> None:
    result = import_form(write(tmp_path, "f.md", relevant_form("regex(${tenure}, 'o.*')")))
    rent = result.instrument.question_map["rent"]
    assert rent.relevant is None and not rent.required
    (note,) = [n for n in result.notes if n.code == "required"]
    assert note.where.row == 4 and "rent is no longer required" in note.problem


def test_a_group_whose_condition_is_lost_makes_its_questions_voluntary(tmp_path: Path) -> None:
    form = write(
        tmp_path,
        "g.csv",
        "survey,,,,,\n"
        ",type,name,label,relevant,required\n"
        ",text,who,Who?,,\n"
        ",begin group,more,More,\"regex(${who}, 'a')\",\n"
        ",text,why,Why?,,yes\n"
        ",integer,age,Age?,,true\n"
        ",end group,,,,\n",
    )
    result = import_form(form)
    assert not any(q.required for q in result.instrument.sections[1].questions)
    assert any(n.code == "required" and "why, age are no longer required" in n.problem for n in result.notes)


# What draws the casing: a DataObject's draw, which mypy does not take for a st.DrawFn (that protocol declares __signature__).
DrawBool = Callable[[st.SearchStrategy[bool]], bool]


def _cased(draw: DrawBool, word: str) -> str:
    return "".join(c.upper() if draw(st.booleans()) else c.lower() for c in word)


def _book(sheets: dict[str, list[list[str]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _form(case: DrawBool | None) -> dict[str, list[list[str]]]:
    def c(word: str) -> str:
        return _cased(case, word) if case else word

    return {
        c("survey"): [
            [
                c("type"),
                c("name"),
                f"{c('label')}::{c('en')}",
                f"{c('label')}::{c('de')}",
                c("relevant"),
                c("choice_filter"),
            ],
            ["select_one colours", "colour", " Colour? ", "Farbe?", "", "pastel='yes'"],
            ["text", "why", "Why?", "Warum?", "${colour} = \u2018mauve\u2019", ""],
        ],
        c("choices"): [
            # A column of its own keeps its case, as in pyxform: the filter's XPath names it.
            [c("list_name"), c("name"), f"{c('label')}::{c('en')}", f"{c('label')}::{c('de')}", "pastel"],
            ["colours", "red", "Red", "Rot", "no"],
            ["colours", "mauve", "Mauve", "Mauve", "yes"],
            ["colours", "apricot", "Apricot ", "Aprikose", "yes"],
        ],
        c("settings"): [
            [c("form_title"), c("form_id"), c("default_language")],
            ["Colours", "colours_form", c("de")],
        ],
    }


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_headers_sheet_names_and_tags_are_read_in_any_case(tmp_path: Path, data: st.DataObject) -> None:
    (tmp_path / "lower.xlsx").write_bytes(_book(_form(None)))
    (tmp_path / "cased.xlsx").write_bytes(_book(_form(data.draw)))
    lower, cased = import_form(tmp_path / "lower.xlsx"), import_form(tmp_path / "cased.xlsx")
    i = cased.instrument
    assert i == lower.instrument
    assert (i.id, i.title, i.languages, i.default_language) == ("colours_form", {"de": "Colours"}, ["en", "de"], "de")
    colour = i.question_map["colour"]
    assert isinstance(colour, SingleChoice)
    assert [o.code for o in colour.options] == ["mauve", "apricot"], "the fixed filter is applied"
    assert colour.label["en"] == "Colour?" and colour.options[1].label["en"] == "Apricot", "labels stripped"
    assert i.question_map["why"].relevant == "colour == 'mauve'"


def test_case_insensitivity_example_keeps_title_id_and_language() -> None:
    i = import_form(PYXFORM / "case_insensitivity.md").instrument
    assert (i.id, i.title, i.languages) == ("yesno", {"en": "Yes or no"}, ["en"])


def test_labels_of_a_csv_form_lose_surrounding_spaces(tmp_path: Path) -> None:
    form = write(
        tmp_path,
        "f.csv",
        'survey,,,\n,type,name,label\n,select_one yn,ok,"  All right?  "\nchoices,,,\n,list_name,name,label\n,yn,yes," Yes"\n,yn,no,No \n',
    )
    q = import_form(form).instrument.question_map["ok"]
    assert isinstance(q, SingleChoice)
    assert q.label == {"en": "All right?"} and [o.label["en"] for o in q.options] == ["Yes", "No"]


def test_a_bare_name_in_a_fixed_filter_is_refused_with_the_fix() -> None:
    with pytest.raises(InstrumentError) as caught:
        import_form(PYXFORM / "or_other.xlsx")
    (problem,) = caught.value.problems
    assert (problem.code, problem.where.row) == ("choice-filter", 3)
    assert "pastel=yes" in problem.problem and "'yes'" in problem.fix


def test_pyxform_or_other_with_a_quoted_fixed_filter(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(PYXFORM / "or_other.xlsx")
    book["survey"]["D3"] = "pastel='yes'"
    book.save(tmp_path / "or_other.xlsx")
    result = import_form(tmp_path / "or_other.xlsx")
    i = result.instrument
    colour, pastel = i.question_map["fav_color"], i.question_map["fav_pastel"]
    assert isinstance(colour, SingleChoice) and isinstance(pastel, SingleChoice)
    assert [o.code for o in colour.options] == ["red", "green", "blue", "mauve", "apricot", "other"]
    assert i.question_map["fav_color_other"].relevant == "selected(fav_color, 'other')"
    assert [o.code for o in pastel.options] == ["mauve", "apricot"]
    assert any(n.code == "choice-filter" and "red, green, blue" in n.problem for n in result.notes)


def test_duplicate_choices_are_refused_where_a_question_would_offer_both(tmp_path: Path) -> None:
    base = (
        "| survey |\n| | type | name | label | choice_filter |\n"
        "| | select_one county | county | County | {filter} |\n"
        "| choices |\n| | list_name | name | label | state |\n"
        "| | county | king | King | washington |\n| | county | king | King | texas |\n"
        "| | county | pierce | Pierce | washington |\n"
        "{settings}"
    )
    allowed = "| settings |\n| | allow_choice_duplicates |\n| | yes |\n"
    with pytest.raises(InstrumentError) as plain:
        import_form(write(tmp_path, "a.md", base.format(filter="", settings="")))
    assert "allow_choice_duplicates" in plain.value.problems[0].fix
    with pytest.raises(InstrumentError) as both:
        import_form(write(tmp_path, "b.md", base.format(filter="", settings=allowed)))
    assert "'king' of list 'county' twice" in both.value.problems[0].problem
    assert "rows 6-7" in both.value.problems[0].problem
    one = import_form(write(tmp_path, "c.md", base.format(filter="state = 'washington'", settings=allowed)))
    county = one.instrument.question_map["county"]
    assert isinstance(county, SingleChoice) and [o.code for o in county.options] == ["king", "pierce"]
    cascade = (
        "| survey |\n| | type | name | label | choice_filter |\n"
        "| | select_one states | st | State | |\n| | select_one county | county | County | state = ${{st}} |\n"
        "| choices |\n| | list_name | name | label | state |\n| | states | washington | WA | |\n"
        "| | states | texas | TX | |\n| | county | king | King | washington |\n| | county | king | {king} | texas |\n"
        + allowed
    )
    merged = import_form(write(tmp_path, "d.md", cascade.format(king="King"))).instrument.question_map["county"]
    assert isinstance(merged, SingleChoice)
    assert [(o.code, o.relevant) for o in merged.options] == [("king", "st in ['washington', 'texas']")]
    with pytest.raises(InstrumentError) as worded:
        import_form(write(tmp_path, "e.md", cascade.format(king="King County")))
    assert "rows 9 and 10" in worded.value.problems[0].problem


def test_a_repeat_is_refused_naming_the_group_and_the_rows(tmp_path: Path) -> None:
    form = write(
        tmp_path,
        "r.csv",
        "survey,,,\n,type,name,label\n,text,who,Who?\n,begin_repeat,household,Household members\n"
        ",integer,age,Age\n,text,job,Job\n,end_repeat,,\n",
    )
    with pytest.raises(InstrumentError) as caught:
        import_form(form)
    (problem,) = caught.value.problems
    assert (problem.code, problem.where.row, problem.where.question) == ("repeat", 4, "household")
    assert "rows 4-7" in problem.problem and "(age, job)" in problem.problem


_OTHER_ROWS = [
    ["select_one where or_other", "where", "Where?"],
    ["select_multiple langs or_other", "langs", "Languages?"],
]
_OTHER_CHOICES = [["where", "home", "At home"], ["where", "work", "At work"], ["langs", "de", "German"]]


def _other_form(tmp_path: Path, layout: str) -> Path:
    if layout == "md":
        lines = ["| survey |", "| | type | name | label |", *(f"| | {' | '.join(r)} |" for r in _OTHER_ROWS)]
        lines += ["| choices |", "| | list_name | name | label |", *(f"| | {' | '.join(r)} |" for r in _OTHER_CHOICES)]
        return write(tmp_path, "o.md", "\n".join(lines) + "\n")
    if layout == "csv":
        lines = ["survey,,,", ",type,name,label", *(f",{','.join(r)}" for r in _OTHER_ROWS)]
        lines += ["choices,,,", ",list_name,name,label", *(f",{','.join(r)}" for r in _OTHER_CHOICES)]
        return write(tmp_path, "o.csv", "\n".join(lines) + "\n")
    if layout == "xlsx":
        sheets = {
            "survey": [["type", "name", "label"], *_OTHER_ROWS],
            "choices": [["list_name", "name", "label"], *_OTHER_CHOICES],
        }
        (tmp_path / "o.xlsx").write_bytes(_book(sheets))
        return tmp_path / "o.xlsx"
    survey = [
        {"type": t.split()[0], "select_from_list_name": t.split()[1], "_or_other": True, "name": n, "label": [label]}
        for t, n, label in _OTHER_ROWS
    ]
    choices = [{"list_name": li, "name": n, "label": [label]} for li, n, label in _OTHER_CHOICES]
    content = {"translations": [None], "survey": survey, "choices": choices}
    return write(tmp_path, "o.json", json.dumps({"content": content}))


@pytest.mark.parametrize("layout", ["md", "csv", "xlsx", "json"])
def test_or_other_in_every_layout_adds_the_option_and_its_text_question(tmp_path: Path, layout: str) -> None:
    i = import_form(_other_form(tmp_path, layout)).instrument
    where, langs = i.question_map["where"], i.question_map["langs"]
    assert isinstance(where, SingleChoice) and isinstance(langs, MultiChoice)
    assert [o.code for o in where.options] == ["home", "work", "other"]
    assert [o.code for o in langs.options] == ["de", "other"]
    assert where.options[-1].label == {"en": "Other"}
    assert i.question_map["where_other"].relevant == "selected(where, 'other')"
    assert i.question_map["langs_other"].relevant == "selected(langs, 'other')"


def test_a_filter_on_the_choices_ticked_before_is_carried(tmp_path: Path) -> None:
    form = write(
        tmp_path,
        "s.md",
        "| survey |\n| | type | name | label | choice_filter |\n"
        "| | select_multiple langs | spoken | Languages you speak | |\n"
        "| | select_one langs | best | Which do you speak best? | selected(${spoken}, name) |\n"
        "| choices |\n| | list_name | name | label |\n| | langs | de | German |\n| | langs | tr | Turkish |\n",
    )
    i = import_form(form).instrument
    best = i.question_map["best"]
    assert isinstance(best, SingleChoice)
    assert [o.relevant for o in best.options] == ["selected(spoken, 'de')", "selected(spoken, 'tr')"]
    assert not check_answers(i, {"spoken": ["de", "tr"], "best": "tr"}).problems
    assert [p.code for p in check_answers(i, {"spoken": ["de"], "best": "tr"}).problems] == ["not-offered"]
