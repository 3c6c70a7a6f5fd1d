"""The language check itself: it finds what it must (so a clean report means something) and passes clean pages."""

from __future__ import annotations

from tests.unit.analysis.synthetic import INSTRUMENT
from tests.unit.reports.language import check, codes_of


def _page(lang: str, body: str) -> str:
    return f'<!DOCTYPE html><html lang="{lang}"><head><title>x</title></head><body><main>{body}</main></body></html>'


GERMAN = "<p>Die Befragung wurde im Mai durchgeführt. Alle Zahlen sind verrauscht, damit niemand erkannt wird.</p>"
ENGLISH = "<p>The survey was carried out in May. All figures carry noise so that nobody can be recognised.</p>"


def test_a_clean_page_has_no_findings() -> None:
    assert check(_page("de", GERMAN), "de") == []
    assert check(_page("en", ENGLISH), "en") == []


def test_a_sentence_in_the_other_language_is_found_in_either_direction() -> None:
    found = check(
        _page("de", GERMAN + "<li>Age is a quasi-identifier, so the bands are deliberately coarse.</li>"), "de"
    )
    assert [f.kind for f in found] == ["sentence in the other language"] and "quasi-identifier" in found[0].text
    found = check(_page("en", ENGLISH + "<td>Zahlen zu weniger als 20 Personen werden nicht gezeigt.</td>"), "en")
    assert [f.kind for f in found] == ["sentence in the other language"]


def test_text_marked_as_another_language_passes_only_as_a_citation() -> None:
    note = '<p>Hinweise: <span lang="en">The standard is single choice; people may choose other.</span></p>'
    found = check(_page("de", GERMAN + note), "de")
    assert {f.kind for f in found} == {"text marked as another language"} and "single choice" in found[0].text
    cited = (
        '<p class="source">Quelle: <span lang="en">Office for National Statistics (2023): Gender identity.</span></p>'
    )
    assert check(_page("de", GERMAN + cited), "de") == []


def test_names_in_brackets_and_addresses_are_not_taken_for_sentences() -> None:
    names = "<th>Altstadt (Old Town)</th><dd>Write to datenschutz@musterstadt.example or see https://example.org/a</dd>"
    assert check(_page("en", ENGLISH + names), "en") == []


def test_catalogue_keys_and_internal_codes_are_found() -> None:
    found = check(_page("en", ENGLISH + "<p>summary.total</p><td>_no_answer</td>"), "en")
    assert {(f.kind, f.text) for f in found} == {("catalogue key", "summary.total"), ("internal code", "_no_answer")}
    codes = codes_of(INSTRUMENT)
    assert "discr" in codes and not {"a", "b"} & codes  # a variable name; too short to tell from a word
    found = check(_page("en", ENGLISH + "<td>discr</td>"), "en", codes)
    assert [(f.kind, f.text) for f in found] == [("instrument code", "discr")]


def test_css_and_the_release_record_are_not_read() -> None:
    page = _page("de", GERMAN + "<style>p { font-weight: bold; }</style><dd><code>r-20261122-3f9a1c</code></dd>")
    assert check(page, "de") == []


def test_text_of_unknown_language_is_respondents_words_and_not_read() -> None:
    own_words = '<table><tr><th lang="" dir="auto">keine Angabe dazu, möchte ich selbst beschreiben</th></tr></table>'
    assert check(_page("en", ENGLISH + own_words), "en") == []
    unmarked = "<table><tr><th>keine Angabe dazu, möchte ich selbst beschreiben</th></tr></table>"
    assert [f.kind for f in check(_page("en", ENGLISH + unmarked), "en")] == ["sentence in the other language"]
