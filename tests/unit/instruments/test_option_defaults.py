"""eqsurvey's own wording of the options it adds (prefer not to say, Other) reads as before it moved to gettext.

The tables below are the wording as the code held it before (``DECLINED_LABELS`` in
``instruments/text.py`` and ``_WORDING`` in ``instruments/xlsform/other.py`` at commit eb37a24);
the catalogues in ``instruments/option_defaults/locales`` must give exactly these texts, and the
lookups that used the tables must answer as they did (which tag falls back to which language).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from instruments.dump import dump_instrument
from instruments.expressions.describe import describe_condition
from instruments.loader import parse_instrument
from instruments.model import Instrument
from instruments.option_defaults import (
    DECLINED_LABEL,
    OTHER_OPTION,
    OTHER_SPECIFY,
    declined_label,
    has_declined_label,
    languages,
    text_in,
    wording_language,
)
from instruments.xlsform.importer import import_form

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "xlsform" / "or_other_languages.txt"

#: (prefer not to say, Other, Please specify other.) per language, as the tables held them.
BEFORE = {
    "de": ("Keine Angabe", "Sonstiges", "Bitte geben Sie an, was."),
    "de-x-ls": ("Das möchte ich nicht sagen", "Etwas anderes", "Bitte schreiben Sie: Was ist es?"),
    "en": ("Prefer not to say", "Other", "Please specify other."),
    "fr": ("Je préfère ne pas répondre", "Autre", "Veuillez préciser."),
    "es": ("Prefiero no contestar", "Otro", "Especifique, por favor."),
    "it": ("Preferisco non rispondere", "Altro", "Specificare, per favore."),
    "nl": ("Zeg ik liever niet", "Anders", "Geef aan wat."),
    "pl": ("Wolę nie odpowiadać", "Inne", "Proszę określić, co."),
    "pt": ("Prefiro não responder", "Outro", "Especifique, por favor."),
    "tr": ("Belirtmek istemiyorum", "Diğer", "Lütfen belirtin."),
    "ar": ("أفضل عدم الإجابة", "أخرى", "يرجى التحديد."),
    "uk": ("Не бажаю відповідати", "Інше", "Будь ласка, уточніть."),
    "ru": ("Предпочитаю не отвечать", "Другое", "Пожалуйста, уточните."),
    # Added after the tables, with the form's Persian wording.
    "fa": ("ترجیح می\u200cدهم پاسخ ندهم", "دیگر", "لطفاً مورد دیگر را مشخص کنید."),
}

FORM = (
    "| survey |\n"
    "| | type | name | label::Deutsch (de) | label::Leichte Sprache (de-x-ls) | label::English (en) "
    "| label::Français (fr) | label::العربية (ar) | label::Русский (ru) | label::Österreich (de-AT) | label::Kurdî (ku) |\n"
    "| | select_one colour or_other | colour | Farbe? | Welche Farbe? | Colour? | Couleur ? | لون؟ | Цвет? "
    "| Farbe? | Reng? |\n"
    "| | select_multiple colour or_other | colours | Farben? | Welche Farben? | Colours? | Couleurs ? | ألوان؟ "
    "| Цвета? | Farben? | Reng? |\n"
    "| choices |\n"
    "| | list_name | name | label::Deutsch (de) | label::Leichte Sprache (de-x-ls) | label::English (en) "
    "| label::Français (fr) | label::العربية (ar) | label::Русский (ru) | label::Österreich (de-AT) | label::Kurdî (ku) |\n"
    "| | colour | red | Rot | Rot | Red | Rouge | أحمر | Красный | Rot | Sor |\n"
)


def _source(langs: list[str]) -> str:
    text = "{" + ", ".join(f"{lang}: x" for lang in langs) + "}"
    return f"""\
id: declined
version: 1.0.0
title: {text}
languages: [{", ".join(langs)}]
default_language: {langs[0]}
purpose: {text}
controller: {text}
legal_basis: {text}
retention: {text}
contact: {text}
sections:
  - id: main
    title: {text}
    questions:
      - {{id: work, type: single_choice, label: {text}, prefer_not_to_say: true,
         options: [{{code: "yes", label: {text}}}]}}
"""


def _instrument(langs: list[str]) -> Instrument:
    return parse_instrument(_source(langs), "declined.yaml").instrument


#: German has eqsurvey's label, Kurdish (ku) has none: one warning.
_SOURCE = _source(["de", "ku"])


def test_the_catalogues_hold_every_language_of_the_tables_and_no_other() -> None:
    assert sorted(languages()) == sorted(BEFORE)


@pytest.mark.parametrize("lang", sorted(BEFORE))
def test_each_language_reads_as_before(lang: str) -> None:
    declined = BEFORE[lang][0]
    assert (text_in(DECLINED_LABEL, lang), text_in(OTHER_OPTION, lang), text_in(OTHER_SPECIFY, lang)) == BEFORE[lang]
    assert declined_label(lang) == declined
    assert _instrument([lang]).declined_label(lang) == declined
    assert wording_language(lang) == lang


def test_a_regional_or_private_tag_gets_its_base_language_and_an_unknown_language_none() -> None:
    assert declined_label("de-AT") == declined_label("de-x-other") == "Keine Angabe"
    assert declined_label("en-GB") == "Prefer not to say"
    assert declined_label("ku") is None and wording_language("ku") == "en"
    instrument = _instrument(["ku", "de-AT"])
    assert instrument.declined_label("ku") == "Prefer not to say"
    assert instrument.declined_label("de-AT") == "Keine Angabe"
    # The other options' wording is matched by exact tag, as the import always matched it.
    assert text_in(OTHER_OPTION, "de-AT") == "Other"


@pytest.mark.parametrize(
    "tag", [*sorted(BEFORE), "de-AT", "de-x-other", "de-x-ls", "en-GB", "fr-CA", "pt-BR", "ku", "sw", "zz-x-private"]
)
def test_whether_a_language_has_the_label_is_answered_as_the_label_itself_answers_it(tag: str) -> None:
    assert has_declined_label(tag) == (declined_label(tag) is not None)


def test_an_instrument_loads_with_its_warnings_without_reading_a_catalogue() -> None:
    """Loading asks only whether a language has the label; the catalogues are read when a text is shown."""
    script = (
        "import sys\n"
        "from instruments.loader import parse_instrument\n"
        f"source = {_SOURCE!r}\n"
        "warnings = parse_instrument(source, 'x.yaml').warnings\n"
        "print([w.code for w in warnings], 'babel.messages.pofile' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["['missing-translation']", "False"]
    assert "eqsurvey has no wording of 'prefer not to say' in 'ku'" in [
        w.problem for w in parse_instrument(_SOURCE, "x.yaml").warnings
    ]


def test_skip_instructions_quote_the_label_of_the_exact_tag_else_english() -> None:
    instrument = _instrument(["de", "ar", "de-AT"])
    assert "„Keine Angabe“" in describe_condition("declined(work)", instrument, "de")
    assert BEFORE["ar"][0] in describe_condition("declined(work)", instrument, "ar")
    # As before the move: a regional tag's sentence quotes the English label.
    assert "Prefer not to say" in describe_condition("declined(work)", instrument, "de-AT")


def test_an_xlsform_with_or_other_imports_as_before(tmp_path: Path) -> None:
    form = tmp_path / "or_other.md"
    form.write_text(FORM, encoding="utf-8")
    written = []
    for default in ("de", "ku"):
        result = import_form(form, default_language=default)
        written.append(f"# --- default_language: {default}\n" + dump_instrument(result.instrument))
        written += [f"# note {n.code}: {n.problem} | {n.fix}" for n in result.notes]
    before = FIXTURE.read_text(encoding="utf-8").split("\n", 4)[4]
    assert "\n".join(written) + "\n" == before
