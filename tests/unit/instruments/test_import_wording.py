"""The words importers and exporters write into instruments, from the xlsform and limesurvey catalogues."""

from __future__ import annotations

from instruments.limesurvey.context import LsContext
from instruments.questions import MultiChoice, Number, Text
from instruments.xlsform.constraints import choice_constraint, value_constraint

LANGS = ["en", "de", "de-x-ls", "fr", "de-AT", "zz"]


def test_constraint_messages_come_in_each_language_or_its_base_language_or_english() -> None:
    age = Number.model_validate({"id": "age", "type": "number", "label": {"en": "Age"}, "min": 16, "max": 99})
    constraint, messages = value_constraint(age, LANGS)
    assert constraint == ". >= 16 and . <= 99"
    assert messages == {
        "en": "Enter a number from 16 to 99.",
        "de": "Bitte eine Zahl von 16 bis 99 eingeben.",
        "de-x-ls": "Bitte schreiben Sie eine Zahl von 16 bis 99.",
        "fr": "Saisissez un nombre de 16 à 99.",
        "de-AT": "Bitte eine Zahl von 16 bis 99 eingeben.",
        "zz": "Enter a number from 16 to 99.",
    }
    note = Text.model_validate({"id": "note", "type": "text", "label": {"en": "Note"}, "max_length": 300})
    assert value_constraint(note, ["uk"])[1] == {"uk": "Максимальна кількість символів: 300."}


def test_an_exclusive_option_is_quoted_as_the_language_quotes() -> None:
    help_ = MultiChoice.model_validate(
        {
            "id": "help",
            "type": "multi_choice",
            "label": {"en": "Help"},
            "max_selections": 2,
            "prefer_not_to_say": False,
            "options": [
                {"code": "family", "label": {"en": "Family", "de": "Familie"}},
                {"code": "nobody", "label": {"en": "Nobody", "de": "Niemand"}, "exclusive": True},
            ],
        }
    )
    _, messages = choice_constraint(help_, ["en", "de"], lambda lang: "")
    assert messages == {
        "en": "“Nobody” cannot be combined with other answers. Maximum number of answers: 2.",
        "de": "„Niemand“ kann nicht mit anderen Antworten kombiniert werden. Maximale Anzahl an Antworten: 2.",
    }


def test_limesurvey_fixed_answers_get_labels_in_the_languages_that_have_them() -> None:
    context = LsContext(source="s.lss", tags={"it": "it", "de-x-ls": "de-x-ls", "zz": "zz"}, default="it")
    assert context.words("F") == {"it": "Femmina", "de-x-ls": "Weiblich"}  # no label in a language without one
    assert context.words("Y") == {"it": "Sì", "de-x-ls": "Ja"}
    unknown = LsContext(source="s.lss", tags={"zz": "zz", "en": "en"}, default="zz")
    assert unknown.words("other") == {"zz": "Other", "en": "Other"}  # the default language always gets one
    assert unknown.words("Q") == {"zz": "Q"}  # a code eqsurvey has no word for keeps its code
