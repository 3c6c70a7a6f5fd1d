"""The language check of rendered reports: every sentence in the page's language, no catalogue key, no code.

A page's text is cut into the units a reader meets (a paragraph, a list item, a table cell, a
heading, a caption, a chart's title and description), each unit into sentences. A sentence of
three words or more is identified with lingua (German and English models only, offline); one
that reads as the other language is a finding. Names are not sentences: text that the page
itself marks as another language (``lang``) is accepted only inside a citation of a source
(``.source``, ``.url``), where a work's title keeps its own language. Catalogue keys
(``summary.total``) and internal codes (``_no_answer``, an option code of the instrument) are
findings wherever they appear.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from instruments.model import Instrument
from reports.catalogue import messages
from tests.unit.reports.html import Node, parse

UNITS = frozenset(
    {"p", "li", "td", "th", "caption", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "title", "desc",
     "summary"}
)  # fmt: skip
SKIPPED = frozenset({"style", "script", "code"})
"""CSS, and the release record's ids and hashes (shown as code)."""
CITATION = frozenset({"source", "url"})
LANGUAGES = {"de": Language.GERMAN, "en": Language.ENGLISH}
SENTENCE = re.compile(r"(?<=[.!?:;])\s+|\s+[–—]\s+")
WORD = re.compile(r"[^\W\d_]{2,}")
KEY = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)*\.[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b|\b[a-z]+\.[a-z]+_[a-z_]+\b")
CODE = re.compile(r"(?<![\w-])_[a-z][a-z0-9_]+\b")
ADDRESS = re.compile(r"\S+@\S+|https?://\S+")
BRACKETS = re.compile(r"\([^()]*\)")
MIN_WORDS = 3
CONFIDENCE = 0.85
"""How sure lingua must be of the other language before a sentence is a finding."""


@cache
def detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*LANGUAGES.values()).build()


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str
    where: str

    def __str__(self) -> str:
        return f"{self.kind} in <{self.where}>: {self.text!r}"


def _marked_elsewhere(node: Node, lang: str) -> bool:
    """Inside an element the page marks as another language than its own."""
    for n in (node, *node.ancestors()):
        if "lang" in n.attrs:
            return n.attrs["lang"] != lang and n.tag != "html"
    return False


def _in_citation(node: Node) -> bool:
    return any(CITATION & set(n.attrs.get("class", "").split()) for n in (node, *node.ancestors()))


def _unknown_language(node: Node) -> bool:
    """Inside an element marked as of unknown language (``lang=""``): respondents' own words, e.g. write-ins."""
    for n in (node, *node.ancestors()):
        if "lang" in n.attrs:
            return n.attrs["lang"] == ""
    return False


def _own_text(node: Node, lang: str) -> Iterator[tuple[str, bool]]:
    """The unit's text, without nested units (they are units of their own) and without text of unknown
    language; each piece with whether it is marked as another language."""
    for child in node.children:
        if isinstance(child, str):
            if not _unknown_language(node):
                yield child, _marked_elsewhere(node, lang)
        elif child.tag not in SKIPPED and child.tag not in UNITS:
            yield from _own_text(child, lang)


def units(html: str, lang: str) -> Iterator[tuple[Node, str, str]]:
    """(element, text in the page's language, text marked as another language) of each unit."""
    for node in parse(html).iter():
        # A link outside any unit (the skip link) is a unit of its own; inside one, it is part of its text.
        loose_link = node.tag == "a" and not any(a.tag in UNITS for a in node.ancestors())
        if node.tag not in UNITS and not loose_link:
            continue
        if any(a.tag in SKIPPED for a in node.ancestors()):
            continue
        pieces = list(_own_text(node, lang))
        own = " ".join(" ".join(p.split()) for p, marked in pieces if not marked).strip()
        other = " ".join(" ".join(p.split()) for p, marked in pieces if marked).strip()
        if own or other:
            yield node, own, other


def sentences(text: str) -> Iterator[str]:
    """The sentences of a text worth identifying: without addresses, and without what stands in brackets (a
    name in its own language, "Altstadt (Old Town)"), of at least ``MIN_WORDS`` words."""
    text = ADDRESS.sub(" ", text.replace("\u00ad", ""))
    for _ in range(2):  # brackets inside brackets
        text = BRACKETS.sub(" ", text)
    for sentence in SENTENCE.split(text):
        if len(WORD.findall(sentence)) >= MIN_WORDS:
            yield sentence.strip()


def other_language(sentence: str, lang: str) -> bool:
    other = next(language for code, language in LANGUAGES.items() if code != lang)
    confidence = detector().compute_language_confidence(sentence, other)
    return confidence >= CONFIDENCE


def _texts(tree: object) -> Iterator[str]:
    """Every translated text of a dumped instrument (the values of ``{"de": …, "en": …}`` mappings)."""
    if isinstance(tree, dict):
        for key, value in tree.items():
            if key in LANGUAGES and isinstance(value, str):
                yield value
            else:
                yield from _texts(value)
    elif isinstance(tree, list):
        for item in tree:
            yield from _texts(item)


def codes_of(instrument: Instrument) -> set[str]:
    """The instrument's question ids and option codes that a reader could take for nothing else, of three
    characters or more: those with an underscore or digit (``_no_answer``, ``cis_woman``, ``16_24``), and those
    that are no word of any label of the instrument or of the report's catalogues (``swana``; not ``none``)."""
    found: set[str] = set()
    for question in instrument.questions():
        found.add(question.id)
        found.update(str(option.code) for option in getattr(question, "options", None) or ())
    for derived in instrument.derived:
        found.add(derived.id)
        found.update(str(case.code) for case in getattr(derived, "cases", None) or ())
    words = {w.lower() for text in _texts(instrument.model_dump()) for w in WORD.findall(text)}
    for lang in LANGUAGES:
        words.update(w.lower() for text in messages(lang).values() for w in WORD.findall(str(text)))
    return {c for c in found if len(c) >= 3 and (re.search(r"[_\d]", c) or c.lower() not in words)}


def check(html: str, lang: str, codes: Iterable[str] = ()) -> list[Finding]:
    """Every finding of the language check on one rendered page (see the module docstring)."""
    keys = {k for k in messages(lang) if "." in k}
    code_words = sorted(set(codes), key=len, reverse=True)
    out: list[Finding] = []
    for node, own, other in units(html, lang):
        cited = _in_citation(node)  # a work's title and its address keep their own language
        if other and not cited:
            for sentence in sentences(other):
                out.append(Finding("text marked as another language", sentence, node.tag))
        for sentence in () if cited else sentences(own):
            if other_language(sentence, lang):
                out.append(Finding("sentence in the other language", sentence, node.tag))
        text = f"{own} {other}"
        for key in keys:
            if key in text:
                out.append(Finding("catalogue key", key, node.tag))
        for code in CODE.findall(text):
            out.append(Finding("internal code", code, node.tag))
        for code in code_words:
            if re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text):
                out.append(Finding("instrument code", code, node.tag))
    return out
