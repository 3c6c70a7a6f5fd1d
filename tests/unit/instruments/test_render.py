"""The printable HTML questionnaire (instruments.printable.page), checked by parsing its structure."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from instruments.expressions.describe import describe_condition, question_numbers
from instruments.loader import load_instrument
from instruments.model import Instrument
from instruments.option_defaults import DECLINED_LABEL, declined_label, text_in
from instruments.printable.page import render_questionnaire, ui_messages
from instruments.questions import Matrix, MultiChoice, Scale, SingleChoice
from instruments.text import DECLINED, pick
from kernel.errors import InstrumentError

SCRIPT = "<script>alert(1)</script>"

# A small instrument with every question type, skip logic and a label that tries to inject a script.
INSTRUMENT = (Path(__file__).resolve().parents[2] / "fixtures" / "render_instrument.yaml").read_text(encoding="utf-8")

ARABIC = """\
id: render-ar
version: 1.0.0
title: {ar: استبيان, en: Survey}
languages: [ar, en]
default_language: ar
purpose: {ar: الغرض, en: Purpose}
controller: {ar: المدينة, en: City}
legal_basis: {ar: الموافقة, en: Consent}
retention: {ar: سنة, en: One year}
contact: {ar: a@example.org, en: a@example.org}
sections:
  - id: main
    title: {ar: أسئلة, en: Questions}
    questions:
      - id: employed
        type: single_choice
        label: {ar: هل تعمل؟, en: "Do you work?"}
        options:
          - {code: "yes", label: {ar: نعم, en: "Yes"}}
          - {code: "no", label: {ar: لا, en: "No"}}
"""

# Hebrew: right to left, and a language eqsurvey has no page wording for.
HEBREW = """\
id: render-he
version: 1.0.0
title: {he: סקר, en: Survey}
languages: [he, en]
default_language: he
purpose: {he: מטרה, en: Purpose}
controller: {he: העירייה, en: City}
legal_basis: {he: הסכמה, en: Consent}
retention: {he: שנה אחת, en: One year}
contact: {he: a@example.org, en: a@example.org}
sections:
  - id: main
    title: {he: שאלות, en: Questions}
    questions:
      - id: employed
        type: single_choice
        label: {he: האם את/ה עובד/ת?, en: "Do you work?"}
        options:
          - {code: "yes", label: {he: כן, en: "Yes"}}
          - {code: "no", label: {he: לא, en: "No"}}
"""

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def _declined(lang: str) -> str:
    return declined_label(lang) or text_in(DECLINED_LABEL, "en")


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self, tag: str | None = None) -> list[Element]:
        found = [self] if tag in (None, self.tag) else []
        for c in self.children:
            if isinstance(c, Element):
                found.extend(c.iter(tag))
        return found


class _TreeBuilder(HTMLParser):
    """A strict little DOM: every non-void element must be closed in order, so broken markup fails."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    assert builder.stack == [builder.root], "unclosed elements"
    return builder.root


def squash(text: str) -> str:
    return " ".join(text.split())


def _load(tmp_path_factory: pytest.TempPathFactory, text: str) -> Instrument:
    path = Path(tmp_path_factory.mktemp("render")) / "instrument.yaml"
    path.write_text(text, encoding="utf-8")
    return load_instrument(path).instrument


@pytest.fixture(scope="module")
def instrument(tmp_path_factory: pytest.TempPathFactory) -> Instrument:
    return _load(tmp_path_factory, INSTRUMENT)


@pytest.fixture(scope="module", params=["de", "en"])
def page(request: pytest.FixtureRequest, instrument: Instrument) -> tuple[str, str, Element]:
    lang: str = request.param
    html = render_questionnaire(instrument, lang)
    return lang, html, parse(html)


def test_document_language_and_direction(page: tuple[str, str, Element]) -> None:
    lang, html, doc = page
    assert html.startswith("<!DOCTYPE html>")
    (root,) = doc.iter("html")
    assert root.attrs == {"lang": lang, "dir": "ltr"}


def test_arabic_runs_right_to_left(tmp_path_factory: pytest.TempPathFactory) -> None:
    arabic = _load(tmp_path_factory, ARABIC)
    doc = parse(render_questionnaire(arabic, "ar"))
    (root,) = doc.iter("html")
    assert root.attrs == {"lang": "ar", "dir": "rtl"}
    assert [squash(h.text()) for h in doc.iter("h1")] == ["استبيان"]
    assert _declined("ar") in doc.text()
    english = parse(render_questionnaire(arabic, "en"))
    assert english.iter("html")[0].attrs["dir"] == "ltr"


def test_wording_that_falls_back_to_english_is_marked_as_english(tmp_path_factory: pytest.TempPathFactory) -> None:
    # eqsurvey has no page wording in Hebrew; in a Hebrew page that wording is a part in another
    # language (WCAG 3.1.2), laid out left to right.
    doc = parse(render_questionnaire(_load(tmp_path_factory, HEBREW), "he"))
    assert doc.iter("html")[0].attrs == {"lang": "he", "dir": "rtl"}
    (instruction,) = [p for p in doc.iter("p") if p.attrs.get("class") == "instruction"]
    assert (instruction.attrs["lang"], instruction.attrs["dir"]) == ("en", "ltr")
    assert all(dt.attrs.get("lang") == "en" for dt in doc.iter("dt"))
    declined = [lab for lab in doc.iter("label") if _declined("he") in lab.text()]
    assert declined and all(lab.attrs.get("lang") == "en" for lab in declined)
    assert "lang" not in doc.iter("h2")[0].attrs  # the instrument's own text is in the page language


def test_an_arabic_page_has_its_own_wording_and_marks_no_parts(tmp_path_factory: pytest.TempPathFactory) -> None:
    doc = parse(render_questionnaire(_load(tmp_path_factory, ARABIC), "ar"))
    assert [e.tag for e in doc.iter() if "lang" in e.attrs] == ["html"]
    (instruction,) = [p for p in doc.iter("p") if p.attrs.get("class") == "instruction"]
    assert squash(instruction.text()) == "اختر إجابة واحدة."
    (draft,) = [p for p in doc.iter("p") if p.attrs.get("class") == "draft-note"]  # the Arabic frame is a draft
    assert squash(draft.text()).startswith("التعليمات والعناوين التي يضيفها eqsurvey")
    english = parse(render_questionnaire(_load(tmp_path_factory, ARABIC), "en"))
    assert not [p for p in english.iter("p") if p.attrs.get("class") == "draft-note"]


def test_a_page_in_a_language_with_wording_marks_no_parts(page: tuple[str, str, Element]) -> None:
    _, _, doc = page
    assert [e.tag for e in doc.iter() if "lang" in e.attrs] == ["html"]


def test_headings_title_then_one_h2_per_section(instrument: Instrument, page: tuple[str, str, Element]) -> None:
    lang, _, doc = page
    title = pick(instrument.title, lang)
    assert [squash(h.text()) for h in doc.iter("h1")] == [title]
    assert [squash(t.text()) for t in doc.iter("title")] == [title]
    assert [squash(h.text()) for h in doc.iter("h2")] == [pick(s.title, lang) for s in instrument.sections]


def test_front_page_states_purpose_controller_basis_retention_contact_and_voluntariness(
    instrument: Instrument, page: tuple[str, str, Element]
) -> None:
    lang, _, doc = page
    (front,) = [h for h in doc.iter("header") if h.attrs.get("class") == "front"]
    text = squash(front.text())
    for key in ("purpose", "controller", "legal_basis", "retention", "contact"):
        assert squash(pick(getattr(instrument, key), lang)) in text
    assert ui_messages(lang)["voluntary"] in text
    assert _declined(lang) in text  # people are told they may decline


def test_every_question_is_a_numbered_fieldset_with_its_label_as_legend(
    instrument: Instrument, page: tuple[str, str, Element]
) -> None:
    lang, _, doc = page
    fieldsets = doc.iter("fieldset")
    numbers = question_numbers(instrument)
    assert [f.attrs["id"] for f in fieldsets] == [f"q-{qid}" for qid in numbers]
    for fieldset, q in zip(fieldsets, instrument.questions(), strict=True):
        legend = next(c for c in fieldset.children if isinstance(c, Element))
        assert legend.tag == "legend"  # the legend must be the fieldset's first element
        assert squash(legend.text()).startswith(f"{numbers[q.id]}. {squash(pick(q.label, lang))}")


def test_every_option_is_a_labelled_tick_box(instrument: Instrument, page: tuple[str, str, Element]) -> None:
    lang, _, doc = page
    labels = {lab.attrs["for"]: squash(lab.text()) for lab in doc.iter("label")}
    inputs = {i.attrs["id"]: i for i in doc.iter("input")}
    for q in instrument.questions():
        if isinstance(q, (SingleChoice, MultiChoice, Scale)):
            items = q.points if isinstance(q, Scale) else q.options
            ticks = [i for i in inputs.values() if i.attrs["name"] == q.id]
            expected_type = "checkbox" if isinstance(q, MultiChoice) else "radio"
            assert {i.attrs["type"] for i in ticks} == {expected_type}
            texts = [labels[i.attrs["id"]] for i in ticks]
            for item in items:
                assert any(squash(pick(item.label, lang)) in t for t in texts), item
            assert any(_declined(lang) in t for t in texts) == q.prefer_not_to_say


def test_every_form_control_has_an_accessible_name_and_ids_are_unique(page: tuple[str, str, Element]) -> None:
    _, _, doc = page
    ids = [e.attrs["id"] for e in doc.iter() if "id" in e.attrs]
    assert len(ids) == len(set(ids))
    labelled = {lab.attrs["for"] for lab in doc.iter("label")}
    for control in doc.iter("input") + doc.iter("textarea"):
        assert control.attrs.get("id") in labelled or control.attrs.get("aria-label"), control.attrs
    for fieldset in doc.iter("fieldset"):
        for ref in fieldset.attrs.get("aria-describedby", "").split():
            assert ref in ids


def test_multi_choice_says_how_many_and_marks_exclusive_options(page: tuple[str, str, Element]) -> None:
    lang, _, doc = page
    (fieldset,) = [f for f in doc.iter("fieldset") if f.attrs["id"] == "q-identity"]
    text = squash(fieldset.text())
    assert ui_messages(lang)["tick_all_max"].format(n=2) in text
    note = ui_messages(lang)["exclusive"]
    marked = [squash(lab.text()) for lab in fieldset.iter("label") if note in lab.text()]
    assert len(marked) == 2  # "none of these" and "prefer not to say"
    assert any(("Nichts davon" if lang == "de" else "None of these") in m for m in marked)


def test_skip_instructions_come_from_the_conditions(instrument: Instrument, page: tuple[str, str, Element]) -> None:
    lang, _, doc = page
    skips = [squash(p.text()) for p in doc.iter() if "skip" in p.attrs.get("class", "").split()]
    assert describe_condition("employed == 'yes'", instrument, lang) + "." in skips  # question and matrix row
    assert describe_condition("consent", instrument, lang) + "." in skips  # section
    assert len(skips) == 3


def test_matrix_is_a_table_with_scoped_headers(instrument: Instrument, page: tuple[str, str, Element]) -> None:
    lang, _, doc = page
    matrix = instrument.question_map["discrimination"]
    assert isinstance(matrix, Matrix)
    (table,) = doc.iter("table")
    cols = [squash(th.text()) for th in table.iter("th") if th.attrs.get("scope") == "col"]
    rows = [th for th in table.iter("th") if th.attrs.get("scope") == "row"]
    assert cols == [pick(o.label, lang) for o in matrix.options] + [_declined(lang)]
    for th, row in zip(rows, matrix.rows, strict=True):
        assert squash(th.text()).startswith(pick(row.label, lang))
    radios = table.iter("input")
    assert len(radios) == len(matrix.rows) * len(cols)
    assert {r.attrs["name"] for r in radios} == {f"discrimination.{r.code}" for r in matrix.rows}
    assert {r.attrs["value"] for r in radios} == {o.code for o in matrix.options} | {DECLINED}


def test_number_and_text_fields(page: tuple[str, str, Element]) -> None:
    lang, _, doc = page
    (hours,) = [i for i in doc.iter("input") if i.attrs.get("type") == "number"]
    assert (hours.attrs["min"], hours.attrs["max"], hours.attrs["step"]) == ("0.5", "60", "any")
    (hours_set,) = [f for f in doc.iter("fieldset") if f.attrs["id"] == "q-hours"]
    shown_min = "0,5" if lang == "de" else "0.5"
    assert ui_messages(lang)["any_number"].format(min=shown_min, max="60") in squash(hours_set.text())
    assert ui_messages(lang)["required"] in hours_set.text()
    (area,) = doc.iter("textarea")
    assert area.attrs["maxlength"] == "200"


def test_footer_names_version_content_hash_and_module_sources(
    instrument: Instrument, page: tuple[str, str, Element]
) -> None:
    _, _, doc = page
    (footer,) = doc.iter("footer")
    text = squash(footer.text())
    for part in (instrument.id, instrument.version, instrument.content_hash()[:12], "discrimination_12m 1.2.0"):
        assert part in text
    assert f"FRA EU-MIDIS II (2017) {SCRIPT}" in text  # shown as text, not run
    assert "https://fra.europa.eu/en/publication/2017/eumidis-ii-main-results" in text


def test_labels_never_inject_html(page: tuple[str, str, Element]) -> None:
    lang, html, doc = page
    assert doc.iter("script") == []
    assert "<script" not in html.lower()
    if lang == "de":
        assert SCRIPT in doc.text()  # the label survives, escaped


def test_the_page_is_self_contained(page: tuple[str, str, Element]) -> None:
    _, _, doc = page
    for element in doc.iter():
        assert not {"src", "href", "srcset", "action", "formaction", "style"} & element.attrs.keys(), element
        assert not any(k.startswith("on") for k in element.attrs), element
    for tag in ("link", "img", "iframe", "object", "embed", "form", "base"):
        assert doc.iter(tag) == []
    (style,) = doc.iter("style")
    assert "url(" not in style.text() and "@import" not in style.text()
    assert "@page" in style.text() and "A4" in style.text()


def test_an_unknown_language_is_a_user_error(instrument: Instrument) -> None:
    with pytest.raises(InstrumentError) as info:
        render_questionnaire(instrument, "fr")
    (problem,) = info.value.problems
    assert problem.code == "unknown-language"
    assert "de, en" in problem.fix


def test_message_catalogues_have_the_same_keys() -> None:
    assert ui_messages("de").keys() == ui_messages("en").keys()
    assert ui_messages("de-x-ls").keys() == ui_messages("de").keys()
    assert ui_messages("de-AT") == ui_messages("de")  # a variant without its own wording uses its base language


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(lambda s: s.strip())


@settings(max_examples=60, deadline=None)
@given(title=_TEXT, label=_TEXT)
def test_any_text_comes_out_exactly_as_text(instrument: Instrument, title: str, label: str) -> None:
    data = instrument.model_dump()
    data["title"] = {"de": title, "en": title}
    data["sections"][1]["questions"][0]["options"][0]["label"] = {"de": label, "en": label}
    doc = parse(render_questionnaire(Instrument.model_validate(data), "en"))
    assert [h.text() for h in doc.iter("h1")] == [title]
    assert doc.iter("script") == []
    assert label in [lab.text() for lab in doc.iter("label")]
