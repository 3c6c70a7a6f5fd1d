"""The invitation letter's text as the municipality writes it, read and checked.

The format is small on purpose (README, "Invitation letters"): a header of
``key: value`` lines ended by a line ``---`` (``link:`` the questionnaire's
address, required; ``lang:`` the letter's language, optional), then the
letter. In the letter, blank lines separate paragraphs, a line break inside a
paragraph is kept (for a signature or an address block), a line starting with
``# `` is a heading, ``**text**`` is bold, and three placeholders are filled
in per letter: ``{code}`` (the access code), ``{link}`` (the address with the
code, ``LINK?code=CODE``) and ``{qr}`` (alone on its line: the link as a QR
code). ``{{`` and ``}}`` write a brace.

Nothing in the text is markup: it is shown as typed, escaped by the template,
so a pasted ``<script>`` prints as those characters. Every problem names its
line (and the placeholder), because the person who fixes it has the text open
in an editor or a form.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from kernel.errors import EqSurveyError, Location, ProblemList

#: One printed page holds about 3,000 characters; far more is a mistake (or an attack), refused before layout.
MAX_CHARS = 10_000
MAX_LINES = 200
MAX_LINK = 200
PLACEHOLDERS = ("code", "link", "qr")
HEADER_KEYS = ("link", "lang")
_LANG = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|\{|\}|\*\*")

SpanKind = Literal["text", "code", "link"]


@dataclass(frozen=True)
class Span:
    """A run of text, or a placeholder (``code``/``link``), bold or not."""

    kind: SpanKind
    text: str = ""
    bold: bool = False


@dataclass(frozen=True)
class Block:
    """A heading, a paragraph (lines of spans) or the QR code."""

    kind: Literal["heading", "paragraph", "qr"]
    lines: tuple[tuple[Span, ...], ...] = ()


@dataclass(frozen=True)
class LetterText:
    link: str
    lang: str | None
    blocks: tuple[Block, ...]

    @property
    def has_qr(self) -> bool:
        return any(b.kind == "qr" for b in self.blocks)


def parse_letter(text: str, source: str = "letter text") -> LetterText:
    """The letter in ``text`` (named ``source`` in problems), or an :class:`EqSurveyError` listing every problem."""
    if len(text) > MAX_CHARS:
        raise EqSurveyError.single(
            "letter-too-long",
            f"the letter text has {len(text):,} characters; a one-page letter has at most {MAX_CHARS:,}",
            "shorten the letter to what fits on one A4 page",
            Location(file=source),
        )
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if len(lines) > MAX_LINES:
        raise EqSurveyError.single(
            "letter-too-long",
            f"the letter text has {len(lines)} lines; a one-page letter has at most {MAX_LINES}",
            "shorten the letter to what fits on one A4 page",
            Location(file=source),
        )
    problems = ProblemList()
    for number, line in enumerate(lines, start=1):
        _check_characters(line, number, source, problems)
    header, body_start = _header(lines, source, problems)
    blocks = _blocks(lines, body_start, source, problems)
    used = {span.kind for block in blocks for line in block.lines for span in line} | {b.kind for b in blocks}
    for needed in ("code", "link"):
        if needed not in used:
            _add(
                problems,
                "letter-placeholder-missing",
                Location(file=source),
                f"the letter has no {{{needed}}}: the respondent would not get "
                + ("the access code" if needed == "code" else "the questionnaire's address"),
                f"write {{{needed}}} where the "
                + ("code" if needed == "code" else "address with the code")
                + " belongs",
            )
    if problems.items:
        raise EqSurveyError(problems.items)
    return LetterText(link=header["link"], lang=header.get("lang"), blocks=tuple(blocks))


def _add(problems: ProblemList, code: str, where: Location, problem: str, fix: str) -> None:
    problems.add(code, problem, fix, where)


def _check_characters(line: str, number: int, source: str, problems: ProblemList) -> None:
    for column, char in enumerate(line, start=1):
        # Control and bidi-override characters are invisible in an editor and can reorder what the page shows. The soft
        # hyphen and the zero-width joiner and non-joiner only join or part letters: Persian writes every other line with
        # the non-joiner (می‌کنیم), and none of the three moves text.
        if char != "\t" and unicodedata.category(char) in {"Cc", "Cf"} and char not in "\u00ad\u200c\u200d":
            _add(
                problems,
                "letter-character",
                Location(file=source, line=number, column=column),
                f"the line holds an invisible control character (U+{ord(char):04X})",
                "delete it (retype the line if you cannot see it)",
            )
            return


def _header(lines: list[str], source: str, problems: ProblemList) -> tuple[dict[str, str], int]:
    try:
        end = lines.index("---")
    except ValueError:
        end = -1
    if end < 0 or any(not line.strip() or ":" not in line for line in lines[:end]):
        _add(
            problems,
            "letter-header",
            Location(file=source, line=1),
            "the letter text does not start with its header (link: … and a line ---)",
            "start with a line 'link: https://…' (the questionnaire's address), then a line '---', then the letter",
        )
        return {"link": ""}, 0
    header: dict[str, str] = {}
    for number, line in enumerate(lines[:end], start=1):
        key, _, value = line.partition(":")
        key, value = key.strip().lower(), value.strip()
        where = Location(file=source, line=number)
        if key not in HEADER_KEYS:
            _add(problems, "letter-header", where, f"unknown header '{key}'", "the header knows link: and lang: only")
        elif key in header:
            _add(problems, "letter-header", where, f"'{key}:' is given twice", "keep one of them")
        else:
            header[key] = value
    if "link" not in header:
        _add(
            problems,
            "letter-header",
            Location(file=source, line=1),
            "the header has no link:",
            "add a line 'link: https://…' with the questionnaire's address",
        )
        header["link"] = ""
    else:
        _check_link(header["link"], Location(file=source, line=_line_of(lines, end, "link")), problems)
    if "lang" in header and not _LANG.fullmatch(header["lang"]):
        _add(
            problems,
            "letter-header",
            Location(file=source, line=_line_of(lines, end, "lang")),
            f"lang: '{header['lang']}' is not a language tag",
            "write a tag such as de, en or tr",
        )
    return header, end + 1


def _line_of(lines: list[str], end: int, key: str) -> int:
    return next(n for n, line in enumerate(lines[:end], start=1) if line.partition(":")[0].strip().lower() == key)


def _check_link(link: str, where: Location, problems: ProblemList) -> None:
    parts = urlsplit(link)
    if len(link) > MAX_LINK or any(c.isspace() for c in link):
        _add(
            problems,
            "letter-link",
            where,
            "link: is not one web address",
            f"write one address of at most {MAX_LINK} characters",
        )
    elif parts.scheme != "https" or not parts.hostname:
        _add(
            problems,
            "letter-link",
            where,
            f"link: '{link}' is not an https:// address",
            "write the questionnaire's address as the server publishes it, e.g. https://umfrage.example.de/",
        )
    elif parts.query or parts.fragment:
        _add(
            problems,
            "letter-link",
            where,
            "link: has a ? or # part; the letter adds ?code=… itself",
            "write the address without anything from ? or # on",
        )


def _blocks(lines: list[str], start: int, source: str, problems: ProblemList) -> list[Block]:
    blocks: list[Block] = []
    paragraph: list[tuple[Span, ...]] = []

    def close() -> None:
        if paragraph:
            blocks.append(Block("paragraph", tuple(paragraph)))
            paragraph.clear()

    for number, raw in enumerate(lines[start:], start=start + 1):
        line = raw.rstrip()
        if not line.strip():
            close()
        elif line.strip() == "{qr}":
            close()
            blocks.append(Block("qr"))
        elif line.startswith("# "):
            close()
            blocks.append(Block("heading", (_spans(line[2:].strip(), number, source, problems),)))
        else:
            paragraph.append(_spans(line, number, source, problems))
    close()
    return blocks


def _spans(line: str, number: int, source: str, problems: ProblemList) -> tuple[Span, ...]:
    spans: list[Span] = []
    bold, at = False, 0
    text: list[str] = []

    def flush() -> None:
        joined = "".join(text)
        text.clear()
        if joined:
            spans.append(Span("text", joined, bold))

    for match in _TOKEN.finditer(line):
        text.append(line[at : match.start()])
        at = match.end()
        token, name = match.group(0), match.group(1)
        where = Location(file=source, line=number, column=match.start() + 1)
        if token in {"{{", "}}"}:
            text.append(token[0])
        elif token == "**":  # noqa: S105 - bold, not a password
            flush()
            bold = not bold
        elif name is None:
            _add(
                problems,
                "letter-brace",
                where,
                f"a single '{token}' stands alone",
                "write {{ or }} for a brace in the letter",
            )
        elif name in {"code", "link"}:
            flush()
            spans.append(Span(name, bold=bold))  # type: ignore[arg-type]  # one of the two, just checked
        elif name == "qr":
            _add(
                problems,
                "letter-placeholder",
                where,
                "{qr} shares its line with other text",
                "put {qr} on a line of its own",
            )
        else:
            _add(
                problems,
                "letter-placeholder",
                where,
                f"unknown placeholder {{{name[:40]}}}",
                "use {code}, {link} or {qr} (write {{ and }} for braces)",
            )
    text.append(line[at:])
    flush()
    if bold:
        _add(
            problems,
            "letter-bold",
            Location(file=source, line=number),
            "** opens bold text that the line does not close",
            "close it with ** on the same line, or delete it",
        )
    return tuple(spans)
