"""Any instrument text reaches the welcome page as the respondent information states it, escaped, never as markup.

Random valid instruments (tests/support/strategies.py) get hostile texts (markup, entities, quotes,
Unicode) in the fields the information shows; the page is rendered by the form's own screens and read
back with an HTML parser: every item's text must come back exactly, no element may come from a text,
and a text written in another language than the page's (eqsurvey's English where it has no wording) is
marked with its language.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from instruments.model import Instrument, Section
from instruments.printable.page import questionnaire_view
from instruments.respondent_info import item_text, respondent_info
from survey.web.access import CodeEntry
from survey.web.screens import Screens
from tests.support.info_page import item_elements, shown_items
from tests.support.strategies import instruments, labels

_MARKUP = st.sampled_from(
    ["<script>alert(1)</script>", "</details>", "</p><p>", "&amp;", "&lt;b&gt;", '"><i>', "'", "<!--", "]]>", "{n}"]
)
hostile = st.lists(st.one_of(labels, _MARKUP), min_size=1, max_size=5).map("".join)


@st.composite
def _with_hostile_texts(draw: Any) -> Instrument:
    instrument: Instrument = draw(instruments())
    langs = instrument.languages

    def texts() -> dict[str, str]:
        return {lang: draw(hostile) for lang in langs}

    first = instrument.sections[0]
    question = first.questions[0].model_copy(update={"label": texts(), "privacy": "special_category"})
    section: Section = first.model_copy(update={"title": texts(), "questions": [question, *first.questions[1:]]})
    update = {key: texts() for key in ("controller", "contact", "purpose", "legal_basis", "retention", "rights")}
    return instrument.model_copy(update={**update, "sections": [section, *instrument.sections[1:]]})


@settings(max_examples=40, deadline=None)
@given(_with_hostile_texts())
def test_any_instrument_text_survives_escaping_into_the_welcome_page(instrument: Instrument) -> None:
    screens = Screens(instrument, {lang: questionnaire_view(instrument, lang) for lang in instrument.languages})
    for lang in instrument.languages:
        page = bytes(screens.welcome(lang, "state", CodeEntry(required=False)).body).decode()
        info = respondent_info(instrument, lang)
        assert shown_items(page) == {item.key: item_text(item) for item in info.items}
        elements = item_elements(page)
        for item in info.items:
            tags = [element["tag"] for element in elements[item.key]]
            assert set(tags) <= {"p", "dd", "div", "ul", "li"}, (item.key, tags)  # no element came from a text
            marked = [element["lang"] for element in elements[item.key] if "lang" in element]
            foreign = [text.lang for text in (*item.paragraphs, *item.points) if text.lang != lang]
            assert marked == foreign, item.key
