"""Invitation letters as a PDF: one page per code, each with its own code and link and no other."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest

from kernel.errors import EqSurveyError
from reports.letter_text import parse_letter
from reports.letters import BATCH, letter_link, letters_html, render_letters

TEXT = (
    "link: https://umfrage.example.de/stadt\n---\n# Einladung zur Befragung\n\n"
    "Ihr Zugangscode: **{code}**\nOder öffnen Sie: {link}\n\n{qr}\n\nMit freundlichen Grüßen\n"
)
CODES = ["ABCD-EFGH-JKMN-PQRS", "2345-6789-ABCD-EFGH", "WXYZ-TUVW-RSTU-MNPQ"]


def pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def test_each_page_holds_exactly_its_code_and_link() -> None:
    pdf = render_letters(parse_letter(TEXT), CODES, "de")
    assert pypdf.PdfReader(io.BytesIO(pdf)).metadata.title == "Einladung zur Befragung"  # type: ignore[union-attr]
    texts = pages(pdf)
    assert len(texts) == len(CODES)
    for code, text in zip(CODES, texts, strict=True):
        flat = text.replace("\n", "")
        assert f"https://umfrage.example.de/stadt?code={code}" in flat
        assert [c for c in CODES if c in flat] == [code]
        assert flat.count(code) == 2  # once as the code, once in the link
        assert "Einladung zur Befragung" in text


def test_progress_is_told_per_batch_and_pages_stay_in_order() -> None:
    codes = [f"ABCD-EFGH-{i:04d}-PQRS" for i in range(BATCH + 5)]  # strings: checking codes is not this module's
    told: list[int] = []
    texts = pages(render_letters(parse_letter(TEXT.replace("{qr}", "")), codes, "de", told.append))
    assert told == [BATCH, 5] and len(texts) == len(codes)
    assert all(code in text for code, text in zip(codes, texts, strict=True))


def test_the_qr_code_is_drawn_only_when_asked() -> None:
    with_qr = letters_html(parse_letter(TEXT), CODES[:1], "de")
    without = letters_html(parse_letter(TEXT.replace("{qr}", "")), CODES[:1], "de")
    assert with_qr.count("<svg") == 1 and "<svg" not in without
    assert f'aria-label="{letter_link("https://umfrage.example.de/stadt", CODES[0])}"' in with_qr


def test_html_in_the_letter_is_printed_as_text() -> None:
    hostile = TEXT.replace("Mit freundlichen", '<script>alert(1)</script><img src="https://evil.example/x"> Mit')
    html = letters_html(parse_letter(hostile), CODES[:1], "de")
    assert "<script>" not in html and "<img" not in html and "&lt;script&gt;" in html
    [text] = pages(render_letters(parse_letter(hostile), CODES[:1], "de"))
    assert "<script>alert(1)</script>" in text


def test_a_letter_longer_than_a_page_is_refused() -> None:
    long = TEXT + "\n\n".join(["Ein Absatz, der Platz braucht."] * 40)
    with pytest.raises(EqSurveyError) as caught:
        render_letters(parse_letter(long), CODES, "de", source="letter.md")
    [problem] = caught.value.problems
    assert problem.code == "letter-too-long" and "letter.md" in problem.render() and "pages" in problem.problem


def test_language_from_the_header_else_the_given_one() -> None:
    assert '<html lang="tr" dir="ltr">' in letters_html(parse_letter("lang: tr\n" + TEXT), CODES[:1], "de")
    assert '<html lang="de" dir="ltr">' in letters_html(parse_letter(TEXT), CODES[:1], "de")


def test_no_codes_is_a_user_error() -> None:
    with pytest.raises(EqSurveyError, match="no access codes"):
        render_letters(parse_letter(TEXT), [], "de")


def test_more_letters_than_a_pdf_holds_are_refused_before_layout() -> None:
    from eqsurvey.commands.invitations import MAX_LETTERS as COMMAND_LIMIT
    from reports.letters import MAX_LETTERS

    assert COMMAND_LIMIT == MAX_LETTERS
    with pytest.raises(EqSurveyError, match="letters-too-many"):
        render_letters(parse_letter(TEXT), ["ABCD-EFGH-JKMN-PQRS"] * (MAX_LETTERS + 1), "de")


def test_each_qr_code_carries_its_own_letters_link() -> None:
    import segno

    from reports.letters import _qr

    html = letters_html(parse_letter(TEXT), CODES, "de")
    for code in CODES:
        link = letter_link("https://umfrage.example.de/stadt", code)
        assert str(_qr(link)) in html  # the SVG drawn from this letter's link, and from no other
    ours = segno.make(letter_link("https://umfrage.example.de/stadt", CODES[0]), error="m", micro=False)
    modules, _ = ours.symbol_size(scale=1, border=4)
    # Printed 35 mm wide (letters.css): each module at least 0.6 mm, which a phone's camera reads from paper.
    assert ours.error == "M" and 35 / modules >= 0.6


FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "report_languages"


@pytest.mark.parametrize(
    ("lang", "heading"), [("ar", "استطلاع حول التنوع في مدينتنا"), ("fa", "پیمایش دربارهٔ گوناگونی در شهر ما")]
)
def test_a_letter_in_arabic_or_persian_runs_right_to_left_and_its_code_left_to_right(lang: str, heading: str) -> None:
    letter = parse_letter((FIXTURES / f"letter-{lang}.md").read_text(encoding="utf-8"))
    html = letters_html(letter, CODES[:1], "de")  # the letter's own lang: header decides, not the instrument's
    assert f'<html lang="{lang}" dir="rtl">' in html
    assert f'<bdi class="code" dir="ltr">{CODES[0]}</bdi>' in html
    assert f'<bdi class="link" dir="ltr">https://umfrage.musterstadt.example/?code={CODES[0]}</bdi>' in html
    pdf = render_letters(letter, CODES[:2], "de")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == heading  # type: ignore[union-attr]
    for code, page in zip(CODES[:2], reader.pages, strict=True):
        text = page.extract_text()
        # The text is there in reading order, word by word (PDF text has no zero-width non-joiner: it is not drawn).
        assert heading.replace("\u200c", "") in text.replace("\u200c", "")
        assert code in text and text.replace("\n", "").count(code) == 2
        # Right to left: the heading's line starts right of the middle of the page (a German one at the left
        # margin, 25 mm = 71 pt), as it ends at the right margin.
        assert min(x for word, x in _words(page) if word in heading.split()) > 200
    german = pypdf.PdfReader(io.BytesIO(render_letters(parse_letter(TEXT), CODES[:1], "de"))).pages[0]
    assert min(x for word, x in _words(german) if word == "Einladung") < 100


def _words(page: pypdf.PageObject) -> list[tuple[str, float]]:
    """Each run of text on the page with the x of its start, as the content stream places it."""
    found: list[tuple[str, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        for word in text.split():
            found.append((word, tm[4] * cm[0] + cm[4]))

    page.extract_text(visitor_text=visit)
    return found


def test_a_letter_without_a_heading_is_titled_in_its_language() -> None:
    text = "link: https://u.example/\nlang: uk\n---\nКод: {code}\n{link}\n"
    pdf = render_letters(parse_letter(text), CODES[:1], "de")
    assert pypdf.PdfReader(io.BytesIO(pdf)).metadata.title == "Лист-запрошення"  # type: ignore[union-attr]
    assert "<title>Invitation letter</title>" in letters_html(parse_letter(text.replace("uk", "en")), CODES[:1], "de")
