"""Small, readable instrument YAML for tests: only the questions vary."""

from __future__ import annotations

import textwrap
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from instruments.model import Instrument

ROOT = Path(__file__).resolve().parents[2]

HEADER = """\
id: test-survey
version: 1.0.0
title: {de: Testbefragung, en: Test survey}
languages: [de, en]
default_language: de
purpose: {de: Zweck, en: Purpose}
controller: {de: Stadt Teststadt, en: City of Teststadt}
legal_basis: {de: Einwilligung, en: Consent}
retention: {de: Zwei Jahre, en: Two years}
contact: {de: daten@teststadt.example, en: daten@teststadt.example}
sections:
  - id: main
    title: {de: Fragen, en: Questions}
    questions:
"""


def instrument_yaml(questions: str, extra: str = "") -> str:
    """A valid instrument around the given question list (YAML, written at column 0)."""
    return HEADER + textwrap.indent(textwrap.dedent(questions).strip("\n") + "\n", " " * 6) + textwrap.dedent(extra)


def in_languages(text: str, langs: list[str]) -> str:
    """Instrument YAML built on :data:`HEADER`, in ``langs``: each header text gets a test text in added languages."""
    text = text.replace("languages: [de, en]", f"languages: [{', '.join(langs)}]")
    added = [lang for lang in langs if lang not in ("de", "en")]
    for key in ("title", "purpose", "controller", "legal_basis", "retention", "contact", "    title"):
        head, sep, rest = text.partition(f"\n{key}: {{")
        if not sep:
            continue
        body, close, tail = rest.partition("}")
        english = body.split("en: ", 1)[1]
        text = head + sep + body + "".join(f", {lang}: '{english} ({lang})'" for lang in added) + close + tail
    return text


GENDER = """\
- id: gender
  type: multi_choice
  label: {de: Geschlecht, en: Gender}
  max_selections: 2
  privacy: special_category
  role: breakdown
  options:
    - {code: woman, label: {de: Frau, en: Woman}}
    - {code: man, label: {de: Mann, en: Man}}
    - {code: nonbinary, label: {de: nicht-binär, en: non-binary}}
    - {code: trans, label: {de: trans, en: trans}}
    - {code: none, label: {de: keine davon, en: none of these}, exclusive: true}
"""


@cache
def example_instrument() -> Instrument:
    """The Musterstadt example (examples/musterstadt), loaded once per test run."""
    from instruments.loader import load_instrument

    return load_instrument(ROOT / "examples" / "musterstadt" / "instrument.yaml").instrument


# The header's texts in German Easy Language (de-x-ls) as well as in German and English.
EASY_GERMAN_HEADER = {
    "{de: Testbefragung, en: Test survey}": "{de: Testbefragung, de-x-ls: Eine Befragung zum Testen, en: Test survey}",
    "languages: [de, en]": "languages: [de, de-x-ls, en]",
    "{de: Zweck, en: Purpose}": "{de: Zweck, de-x-ls: Wir wollen etwas testen., en: Purpose}",
    "{de: Stadt Teststadt, en: City of Teststadt}": "{de: Stadt Teststadt, de-x-ls: Die Stadt Teststadt, "
    "en: City of Teststadt}",
    "{de: Einwilligung, en: Consent}": "{de: Einwilligung, de-x-ls: Sie sind einverstanden., en: Consent}",
    "{de: Zwei Jahre, en: Two years}": "{de: Zwei Jahre, de-x-ls: 2 Jahre, en: Two years}",
    "{de: daten@teststadt.example, en: daten@teststadt.example}": "{de: daten@teststadt.example, "
    "de-x-ls: daten@teststadt.example, en: daten@teststadt.example}",
    "{de: Fragen, en: Questions}": "{de: Fragen, de-x-ls: Fragen an Sie, en: Questions}",
}


def easy_german_yaml(questions: str, extra: str = "") -> str:
    """Like :func:`instrument_yaml`, in ``[de, de-x-ls, en]``: the questions must give all three too."""
    text = instrument_yaml(questions, extra)
    for german, easy in EASY_GERMAN_HEADER.items():
        assert text.count(german) == 1, german
        text = text.replace(german, easy)
    return text
