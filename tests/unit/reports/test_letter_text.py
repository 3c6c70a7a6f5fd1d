"""The letter text's format: what it reads, and every problem named by line and placeholder."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kernel.errors import EqSurveyError
from reports.letter_text import MAX_CHARS, Span, parse_letter

HEADER = "link: https://umfrage.example.de/\n---\n"
GOOD = HEADER + "# Einladung\n\nIhr Code: **{code}**\nAdresse: {link}\n\n{qr}\n\nGrüße\nIhre Stadt\n"


def problems(text: str) -> list[tuple[str, str]]:
    with pytest.raises(EqSurveyError) as caught:
        parse_letter(text, "letter.md")
    return [(p.code, p.render()) for p in caught.value.problems]


def test_reads_header_headings_paragraphs_bold_and_placeholders() -> None:
    letter = parse_letter(GOOD)
    assert letter.link == "https://umfrage.example.de/" and letter.lang is None and letter.has_qr
    assert [b.kind for b in letter.blocks] == ["heading", "paragraph", "qr", "paragraph"]
    assert letter.blocks[1].lines == (
        (Span("text", "Ihr Code: "), Span("code", bold=True)),
        (Span("text", "Adresse: "), Span("link")),
    )
    assert letter.blocks[3].lines == ((Span("text", "Grüße"),), (Span("text", "Ihre Stadt"),))


def test_doubled_braces_are_braces_and_markup_is_text() -> None:
    letter = parse_letter(HEADER + "{{code}} <b>x</b> {code} {link}\n")
    assert letter.blocks[0].lines[0][0] == Span("text", "{code} <b>x</b> ")


def test_lang_header_and_windows_line_ends() -> None:
    letter = parse_letter("lang: tr\r\nlink: https://a.example/form\r\n---\r\n{code} {link}\r\n")
    assert letter.lang == "tr" and letter.link == "https://a.example/form"


def test_unknown_placeholder_names_line_and_placeholder() -> None:
    [(code, text)] = problems(HEADER + "{code} {link}\nLiebe {name},\n")
    assert code == "letter-placeholder" and "letter.md:4:7" in text and "{name}" in text and "{code}, {link}" in text


def test_missing_code_and_link_are_both_named() -> None:
    found = problems(HEADER + "Hallo\n")
    assert [c for c, _ in found] == ["letter-placeholder-missing"] * 2
    assert "{code}" in found[0][1] and "{link}" in found[1][1]


@pytest.mark.parametrize(
    ("text", "code", "place"),
    [
        ("{code} {link}\n", "letter-header", "letter.md:1"),
        ("link: http://umfrage.example.de/\n---\n{code} {link}\n", "letter-link", "letter.md:1"),
        ("link: https://u.example/?a=1\n---\n{code} {link}\n", "letter-link", "letter.md:1"),
        ("lang: de\nlink: javascript:alert(1)\n---\n{code} {link}\n", "letter-link", "letter.md:2"),
        ("link: https://u.example/\nfont: x\n---\n{code} {link}\n", "letter-header", "letter.md:2"),
        ("link: https://u.example/\nlang: <de>\n---\n{code} {link}\n", "letter-header", "letter.md:2"),
        (HEADER + "{code} {link} {\n", "letter-brace", "letter.md:3:15"),
        (HEADER + "{code} {link} **fett\n", "letter-bold", "letter.md:3"),
        (HEADER + "{code} {link} {qr}\n", "letter-placeholder", "letter.md:3:15"),
        (HEADER + "{code} {link}\nab\u202ecd\n", "letter-character", "letter.md:4:3"),
        (HEADER + "{code} {link}\x00\n", "letter-character", "letter.md:3:14"),
    ],
)
def test_problems_name_their_line(text: str, code: str, place: str) -> None:
    [(found, rendered)] = problems(text)
    assert found == code and rendered.startswith(place + ":"), rendered


def test_persian_joining_controls_are_letters_but_direction_controls_are_refused() -> None:
    """Persian writes می‌کنیم with a zero-width non-joiner (U+200C): part of the word, moving nothing. Marks and
    embeddings that change the order of what is shown (U+200F, U+202B, U+2066) are refused as before."""
    persian = parse_letter("link: https://u.example/\nlang: fa\n---\nاز شما دعوت می\u200cکنیم: {code} {link}\n")
    assert persian.lang == "fa" and "می\u200cکنیم" in persian.blocks[0].lines[0][0].text
    for control in ("\u200f", "\u202b", "\u2066"):
        [(found, rendered)] = problems(HEADER + f"{{code}} {{link}}\nab{control}cd\n")
        assert found == "letter-character" and rendered.startswith("letter.md:4:3:"), rendered


def test_huge_text_is_refused_before_reading_it() -> None:
    [(code, text)] = problems(HEADER + "{code} {link}\n" + "x" * MAX_CHARS)
    assert code == "letter-too-long" and "one A4 page" in text
    [(code, _)] = problems(HEADER + "{code} {link}\n" + "\n" * 300)
    assert code == "letter-too-long"


@given(st.text(max_size=300))
def test_any_text_is_read_or_refused_with_a_user_error(body: str) -> None:
    try:
        letter = parse_letter(HEADER + body)
    except EqSurveyError as exc:
        assert all(p.problem and p.fix for p in exc.problems)
    else:
        kinds = {s.kind for b in letter.blocks for line in b.lines for s in line}
        assert {"code", "link"} <= kinds


@given(st.lists(st.text(alphabet=st.characters(categories=["L", "N", "Zs"]), min_size=1, max_size=30), max_size=5))
def test_plain_lines_come_back_as_typed(lines: list[str]) -> None:
    lines = [line for line in lines if line.strip() and not line.startswith("# ")]
    letter = parse_letter(HEADER + "{code} {link}\n" + "\n".join(lines))
    texts = ["".join(s.text for s in line) for line in letter.blocks[0].lines[1:]]
    assert texts == [line.rstrip() for line in lines]
