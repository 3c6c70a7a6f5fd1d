"""LimeSurvey texts and language codes in eqsurvey's terms.

LimeSurvey stores question, answer and group texts as HTML written in its
editor; eqsurvey's texts are plain (the renderer escapes them), so
:func:`plain_text` keeps the words and the line breaks (``<br>``,
paragraphs, list items) and drops the markup, with entities unescaped.
Expression Manager placeholders (``{Q1}``, ``{if(…)}``) stay as written;
:func:`placeholders` finds them so the importer can say so.

LimeSurvey's language codes are mostly BCP 47 already (``de``, ``pt-BR``,
``zh-Hans``), with a few of its own, mapped explicitly by
:func:`language_tag`:

- ``de-easy`` (German Easy Language) → ``de-x-ls``, eqsurvey's tag for Leichte Sprache;
- ``xx-informal`` (``de-informal``, ``nl-informal``, ``es-AR-informal`` …) →
  ``xx-x-informal``: the informal address as a private-use subtag, because
  BCP 47 registers no "informal" variant;
- ``ie``, which LimeSurvey uses for Irish → ``ga`` (``ie`` is Interlingue in BCP 47).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from instruments.text import is_language_tag

__all__ = ["language_tag", "placeholders", "plain_text"]

_TAGS = {"de-easy": "de-x-ls", "ie": "ga"}
_PRIVATE = ("informal", "easy")
_BLOCKS = frozenset(
    {"p", "div", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section", "hr"}
)
_HIDDEN = frozenset({"script", "style", "template"})
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_PLACEHOLDER_RE = re.compile(r"\{[^\s{}][^{}]*\}")


def language_tag(code: str) -> str:
    """The BCP 47 tag eqsurvey uses for a LimeSurvey language code (see the module docstring)."""
    code = code.strip()
    if code in _TAGS:
        return _TAGS[code]
    parts = [p for p in re.split(r"[-_]", code) if p]
    if not parts:
        return "und"
    private = [p.lower() for p in parts[1:] if p.lower() in _PRIVATE]
    kept = [parts[0].lower()] + [p for p in parts[1:] if p.lower() not in _PRIVATE]
    tag = "-".join(kept + (["x", *private] if private else []))
    if is_language_tag(tag):
        return tag
    cleaned = re.sub(r"[^a-z0-9]+", "", code.lower())[:8] or "lang"
    return f"und-x-{cleaned}"


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self.parts.append("\n- " if tag == "li" else "\n")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt and alt.strip():
                self.parts.append(alt.strip())

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _HIDDEN:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS and tag != "li":
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def plain_text(html: str) -> str:
    """The words of a LimeSurvey HTML text, with line breaks kept and markup dropped."""
    if "<" not in html and "&" not in html:
        text = html.replace("\r\n", "\n")
    else:
        markup = "<" in html and re.search(r"<[A-Za-z/!]", html) is not None
        parser = _Text()
        # In HTML a line break in the source is just a space; in plain text it is a line break.
        parser.feed(re.sub(r"\s*\n\s*", " ", html) if markup else html)
        parser.close()
        text = "".join(parser.parts)
    text = _CONTROL_RE.sub("", text.replace("\u00a0", " "))
    lines = [re.sub(r"[ \t\f\v]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def placeholders(text: str) -> list[str]:
    """The Expression Manager placeholders (``{Q1}``, ``{if(…)}``) in a text, in order, each once."""
    return list(dict.fromkeys(_PLACEHOLDER_RE.findall(text)))
