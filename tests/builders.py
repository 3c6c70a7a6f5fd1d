"""Small, readable instrument YAML for tests: only the questions vary."""

from __future__ import annotations

import textwrap
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from instruments.model import Instrument

ROOT = Path(__file__).resolve().parent.parent

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
