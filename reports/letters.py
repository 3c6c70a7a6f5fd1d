"""Invitation letters as one PDF: the municipality's letter once per access code, one A4 page each.

Codes come in as strings; which codes exist and whose they are is not this
module's business (the composition root reads and checks them). Each page has
an empty address field where DIN 5008 puts it (form B: 45 mm from the top,
20 mm from the left, 85 × 45 mm), for an address label made elsewhere that
shows through a window envelope: no address ever enters eqsurvey.

The link on each page is ``LINK?code=CODE``; with ``{qr}`` in the text, the
same link as a QR code (segno, pure Python, drawn as inline SVG). Pages are
laid out in batches, each written as a PDF of its own (so memory stays that of
one batch) and joined page by page with pypdf; a caller is told of each batch.
A letter that does not fit on one page is refused before any batch. The joined
file is not a tagged PDF (joining drops the batches' structure trees): the
letters are for printing, and their text is the municipality's own.

A letter in a right-to-left language (``lang: ar`` or ``fa``, or the
instrument's language) runs from the right, its lines and address block
aligned right; the address field stays on the left, where DIN 5008 and the
window of a DL envelope put it. The code and the link read left to right.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from urllib.parse import quote

from markupsafe import Markup

from kernel.errors import EqSurveyError, InternalError, Location
from kernel.i18n import Msg
from reports.catalogue import Catalogue, direction
from reports.letter_text import LetterText

#: Letters in one PDF: about 20 to 30 ms each to lay out, so the largest takes some minutes.
MAX_LETTERS = 20_000
#: Letters laid out per WeasyPrint document: progress steps, and the memory of one step (about 400 kB a letter).
BATCH = 100


def letter_link(base: str, code: str) -> str:
    """The address printed for ``code``: the base with ``?code=CODE``."""
    return f"{base}?code={quote(code, safe='-')}"


def _qr(link: str) -> Markup:
    import segno

    # Medium error correction survives a smudge or a fold; the SVG is made from the link alone.
    svg = segno.make(link, error="m", micro=False).svg_inline(scale=3, border=4, dark="#000", omitsize=False)
    return Markup(svg)  # noqa: S704 - segno's own SVG of a link made from checked parts, not user HTML


_TITLE = Msg("letter.title", "Invitation letter")
"""The document's title where the letter has no heading (the PDF's title, the page's <title>)."""


def _title(letter: LetterText, lang: str) -> str:
    heading = next((s.text for b in letter.blocks if b.kind == "heading" for s in b.lines[0] if s.kind == "text"), "")
    return heading.strip() or Catalogue(lang)(_TITLE)


def letters_html(letter: LetterText, codes: Sequence[str], lang: str) -> str:
    """One HTML document with a page per code (autoescaped: the letter's text is never markup)."""
    from reports.render import environment

    lang = letter.lang or lang
    pages = []
    for code in codes:
        link = letter_link(letter.link, code)
        pages.append({"code": code, "link": link, "qr": _qr(link) if letter.has_qr else Markup()})
    return (
        environment()
        .get_template("letters.html.j2")
        .render(letter=letter, pages=pages, lang=lang, dir=direction(lang), title=_title(letter, lang))
    )


def check_one_page(letter: LetterText, code: str, lang: str, source: str = "letter text") -> None:
    """Refuse a letter that does not fit on one page (codes have one length: one letter stands for all)."""
    import weasyprint

    pages = len(weasyprint.HTML(string=letters_html(letter, [code], lang)).render().pages)
    if pages != 1:
        raise EqSurveyError.single(
            "letter-too-long",
            f"the letter fills {pages} pages; each letter must fit on one A4 page",
            "shorten the text (the address field takes the top third of the page)",
            Location(file=source),
        )


def render_letters(
    letter: LetterText,
    codes: Sequence[str],
    lang: str,
    progress: Callable[[int], None] | None = None,
    source: str = "letter text",
) -> bytes:
    """The PDF: one page per code, in order. ``progress(n)`` is told each batch of ``n`` letters laid out."""
    import weasyprint
    from pypdf import PdfReader, PdfWriter

    if not codes:
        raise EqSurveyError.single("no-codes", "there are no access codes to print", "create codes first")
    if len(codes) > MAX_LETTERS:
        raise EqSurveyError.single(
            "letters-too-many",
            f"{len(codes):,} letters are more than one PDF holds ({MAX_LETTERS:,})",
            f"split the codes into files of at most {MAX_LETTERS:,} rows and print each",
        )
    check_one_page(letter, codes[0], lang, source)
    # Each batch is laid out and written on its own, then the batches' pages are joined: a laid-out page holds
    # some 400 kB until its PDF is written, a written one a few kB, so memory stays that of one batch.
    out = PdfWriter()
    for start in range(0, len(codes), BATCH):
        batch = codes[start : start + BATCH]
        document = weasyprint.HTML(string=letters_html(letter, batch, lang)).render()
        if len(document.pages) != len(batch):
            raise InternalError(f"{len(batch)} letters were laid out on {len(document.pages)} pages")
        out.append(PdfReader(io.BytesIO(document.write_pdf())))
        del document
        if progress is not None:
            progress(len(batch))
    out.add_metadata({"/Title": _title(letter, letter.lang or lang)})
    buffer = io.BytesIO()
    out.write(buffer)
    return buffer.getvalue()
