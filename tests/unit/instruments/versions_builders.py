"""Two versions of one small instrument, for the version mapping tests."""

from __future__ import annotations

from instruments.loader import parse_instrument
from instruments.model import Instrument
from tests.support.builders import instrument_yaml

V1 = """\
- id: gender
  type: multi_choice
  label: {de: Geschlecht, en: Gender}
  max_selections: 3
  prefer_not_to_say: true
  options:
    - {code: woman, label: {de: Frau, en: Woman}}
    - {code: man, label: {de: Mann, en: Man}}
    - {code: nb, label: {de: nicht-binär, en: non-binary}}
    - {code: trans, label: {de: trans, en: trans}}
    - {code: none, label: {de: keine davon, en: none of these}, exclusive: true}
- id: district
  type: single_choice
  label: {de: Bezirk, en: District}
  options:
    - {code: north, label: {de: Nord, en: North}}
    - {code: south, label: {de: Süd, en: South}}
    - {code: east, label: {de: Ost, en: East}}
- id: trust
  type: scale
  label: {de: Vertrauen, en: Trust}
  points:
    - {value: 1, label: {de: gar nicht, en: not at all}}
    - {value: 2, label: {de: etwas, en: somewhat}}
    - {value: 3, label: {de: sehr, en: very}}
- id: remarks
  type: text
  label: {de: Anmerkungen, en: Remarks}
"""

# 2.0.0: trans removed, nb recoded as non_binary (same wording), diverse added, at most 2 ticks;
# east merged into south; trust point 3 merged into 2; remarks removed; a new question.
V2 = """\
- id: gender
  type: multi_choice
  label: {de: Geschlecht, en: Gender}
  max_selections: 2
  prefer_not_to_say: true
  options:
    - {code: woman, label: {de: Frau, en: Woman}}
    - {code: man, label: {de: Mann, en: Man}}
    - {code: non_binary, label: {de: nicht-binär, en: non-binary}}
    - {code: diverse, label: {de: divers, en: diverse}}
    - {code: none, label: {de: keine davon, en: none of these}, exclusive: true}
- id: district
  type: single_choice
  label: {de: Bezirk, en: District}
  options:
    - {code: north, label: {de: Nord, en: North}}
    - {code: south, label: {de: Süd und Ost, en: South and east}}
- id: trust
  type: scale
  label: {de: Vertrauen, en: Trust}
  points:
    - {value: 1, label: {de: gar nicht, en: not at all}}
    - {value: 2, label: {de: etwas oder sehr, en: somewhat or very}}
- id: age
  type: number
  label: {de: Alter, en: Age}
  min: 16
  max: 120
"""

MAPPING_1_2 = """\
from: 1.0.0
to: 2.0.0
questions:
  gender:
    options:
      renamed: {nb: non_binary}
      removed: [trans]
      added: [diverse]
  district:
    options:
      merged: {south: [east]}
  trust:
    points:
      merged: {2: [3]}
  remarks: {removed: true}
"""


def version(questions: str, number: str) -> Instrument:
    text = instrument_yaml(questions).replace("version: 1.0.0", f"version: {number}", 1)
    return parse_instrument(text, f"instrument-{number}.yaml").instrument
