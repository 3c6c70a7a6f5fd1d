"""Plain-language descriptions of conditions (instruments.expressions.describe)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from instruments.checks import derived_type, var_type
from instruments.expressions import checking as cond
from instruments.expressions import syntax as ex
from instruments.expressions.describe import describe_condition, messages, question_numbers
from instruments.loader import load_instrument
from instruments.model import Instrument
from kernel.errors import InstrumentError

INSTRUMENT = """\
id: describe-test
version: 1.0.0
title: {de: Test, en: Test, fr: Test}
languages: [de, en, fr]
default_language: de
purpose: {de: Zweck, en: Purpose, fr: But}
controller: {de: Stadt, en: City, fr: Ville}
legal_basis: {de: Einwilligung, en: Consent, fr: Consentement}
retention: {de: 1 Jahr, en: 1 year, fr: 1 an}
contact: {de: a@example.org, en: a@example.org, fr: a@example.org}
sections:
  - id: main
    title: {de: Haupt, en: Main, fr: Principal}
    questions:
      - id: consent
        type: consent
        label: {de: Ich willige ein, en: I agree, fr: J'accepte}
      - id: employed
        type: single_choice
        label: {de: "Arbeiten Sie?", en: "Do you work?", fr: "Travaillez-vous ?"}
        options:
          - {code: "yes", label: {de: Ja, en: "Yes", fr: Oui}}
          - {code: "no", label: {de: Nein, en: "No", fr: Non}}
      - id: identity
        type: multi_choice
        label: {de: Selbstbezeichnung, en: Self-description, fr: Identité}
        options:
          - {code: a, label: {de: Schwarz, en: Black, fr: Noir}}
          - {code: b, label: {de: Asiatisch, en: Asian, fr: Asiatique}}
          - {code: c, label: {de: Weiß, en: White, fr: Blanc}}
          - {code: none, label: {de: Nichts davon, en: None of these, fr: Aucun}, exclusive: true}
      - id: age
        type: number
        label: {de: Alter, en: Age, fr: Âge}
        min: 16
        max: 120
        unit: {de: Jahre, en: years, fr: ans}
      - id: agree
        type: scale
        label: {de: Zustimmung, en: Agreement, fr: Accord}
        points:
          - {value: 1, label: {de: gar nicht, en: not at all, fr: pas du tout}}
          - {value: 2, label: {de: etwas, en: somewhat, fr: un peu}}
          - {value: 3, label: {de: völlig, en: fully, fr: tout à fait}}
      - id: discrimination
        type: matrix
        label: {de: Diskriminierung, en: Discrimination, fr: Discrimination}
        rows:
          - {code: work, label: {de: Arbeit, en: Work, fr: Travail}}
          - {code: housing, label: {de: Wohnen, en: Housing, fr: Logement}}
        options:
          - {code: "yes", label: {de: Ja, en: "Yes", fr: Oui}}
          - {code: "no", label: {de: Nein, en: "No", fr: Non}}
      - id: remarks
        type: text
        label: {de: Anmerkungen, en: Remarks, fr: Remarques}
derived:
  - id: poc
    type: boolean
    label: {de: Person of Colour, en: Person of colour, fr: Personne racisée}
    when: selected(identity, 'a') or selected(identity, 'b')
  - id: grp
    type: categorical
    label: {de: Gruppe, en: Group, fr: Groupe}
    cases:
      - {code: g1, label: {de: Eins, en: One, fr: Un}, when: "selected(identity, 'a')"}
      - {code: g2, label: {de: Zwei, en: Two, fr: Deux}, when: "true"}
"""


@pytest.fixture(scope="module")
def instrument(tmp_path_factory: pytest.TempPathFactory) -> Instrument:
    path = Path(tmp_path_factory.mktemp("describe")) / "instrument.yaml"
    path.write_text(INSTRUMENT, encoding="utf-8")
    return load_instrument(path).instrument


def test_questions_are_numbered_from_one_in_order(instrument: Instrument) -> None:
    numbers = question_numbers(instrument)
    assert list(numbers) == [q.id for q in instrument.questions()]
    assert list(numbers.values()) == list(range(1, len(numbers) + 1))


def test_message_catalogues_have_the_same_keys() -> None:
    assert messages("de").keys() == messages("en").keys()


@pytest.mark.parametrize(
    ("condition", "english", "german"),
    [
        (
            "employed == 'yes'",
            "Only if you answered “Yes” to question 2",
            "Nur wenn Sie bei Frage 2 „Ja“ angekreuzt haben",
        ),
        (
            "discrimination.work == 'yes'",
            "Only if you answered “Yes” to question 6 (Work)",
            "Nur wenn Sie bei Frage 6 (Arbeit) „Ja“ angekreuzt haben",
        ),
        (
            "employed != 'yes'",
            "Only if you gave an answer other than “Yes” to question 2",
            "Nur wenn Sie bei Frage 2 etwas anderes als „Ja“ angekreuzt haben",
        ),
        (
            "selected(identity, 'a')",
            "Only if you ticked “Black” at question 3",
            "Nur wenn Sie bei Frage 3 „Schwarz“ angekreuzt haben",
        ),
        (
            "not selected(identity, 'a')",
            "Only if you answered question 3 without ticking “Black”",
            "Nur wenn Sie Frage 3 beantwortet, aber „Schwarz“ nicht angekreuzt haben",
        ),
        (
            "count_selected(identity) >= 2",
            "Only if you ticked at least 2 answers at question 3",
            "Nur wenn Sie bei Frage 3 mindestens 2 Antworten angekreuzt haben",
        ),
        (
            "count_selected(identity) == 1",
            "Only if you ticked exactly 1 answer at question 3",
            "Nur wenn Sie bei Frage 3 genau 1 Antwort angekreuzt haben",
        ),
        ("answered(remarks)", "Only if you answered question 7", "Nur wenn Sie Frage 7 beantwortet haben"),
        (
            "not answered(remarks)",
            "Only if you did not answer question 7",
            "Nur wenn Sie Frage 7 nicht beantwortet haben",
        ),
        (
            "declined(identity)",
            "Only if you ticked “Prefer not to say” at question 3",
            "Nur wenn Sie bei Frage 3 „Keine Angabe“ angekreuzt haben",
        ),
        (
            "consent",
            "Only if you gave your consent at question 1",
            "Nur wenn Sie bei Frage 1 Ihre Einwilligung gegeben haben",
        ),
        (
            "consent == false",
            "Only if you did not give your consent at question 1",
            "Nur wenn Sie bei Frage 1 Ihre Einwilligung nicht gegeben haben",
        ),
        ("poc", "Only if “Person of colour” applies to you", "Nur wenn „Person of Colour“ auf Sie zutrifft"),
        (
            "not poc",
            "Only if “Person of colour” does not apply to you",
            "Nur wenn „Person of Colour“ nicht auf Sie zutrifft",
        ),
        (
            "grp == 'g1'",
            "Only if you are in the group “One” of “Group”",
            "Nur wenn Sie bei „Gruppe“ zur Gruppe „Eins“ gehören",
        ),
        (
            "age >= 18",
            "Only if your answer to question 4 is at least 18 years",
            "Nur wenn Ihre Antwort bei Frage 4 mindestens 18 Jahre ist",
        ),
        (
            "18 > age",  # literal first: mirrored to age < 18
            "Only if your answer to question 4 is less than 18 years",
            "Nur wenn Ihre Antwort bei Frage 4 kleiner als 18 Jahre ist",
        ),
        (
            "age <= 30.5",
            "Only if your answer to question 4 is at most 30.5 years",
            "Nur wenn Ihre Antwort bei Frage 4 höchstens 30,5 Jahre ist",
        ),
        (
            "agree == 3",
            "Only if you answered “fully” to question 5",
            "Nur wenn Sie bei Frage 5 „völlig“ angekreuzt haben",
        ),
        (
            "agree > 1",
            "Only if your answer to question 5 is more than 1 (“not at all”)",
            "Nur wenn Ihre Antwort bei Frage 5 größer als 1 („gar nicht“) ist",
        ),
        (
            "employed in ['yes', 'no']",
            "Only if you answered “Yes” or “No” to question 2",
            "Nur wenn Sie bei Frage 2 „Ja“ oder „Nein“ angekreuzt haben",
        ),
        (
            "age not in [18, 19, 20]",
            "Only if your answer to question 4 is none of 18 years, 19 years or 20 years",
            "Nur wenn Ihre Antwort bei Frage 4 keiner der Werte 18 Jahre, 19 Jahre oder 20 Jahre ist",
        ),
        ("remarks == 'x'", "Only if your answer to question 7 is “x”", "Nur wenn Ihre Antwort bei Frage 7 „x“ ist"),
        ("true", "Always", "Immer"),
        ("not true", "Never", "Nie"),
    ],
)
def test_atoms_in_english_and_german(instrument: Instrument, condition: str, english: str, german: str) -> None:
    assert describe_condition(condition, instrument, "en") == english
    assert describe_condition(ex.parse(condition), instrument, "de") == german


def test_options_of_one_question_joined_by_or_are_named_together(instrument: Instrument) -> None:
    text = describe_condition("selected(identity, 'a') or selected(identity, 'c') or age > 60", instrument, "en")
    assert (
        text == "Only if you ticked “Black” or “White” at question 3 or your answer to question 4 is more than 60 years"
    )


def test_the_same_answer_in_any_row_of_a_matrix_is_named_once(instrument: Instrument) -> None:
    every_row = "discrimination.work == 'yes' or discrimination.housing == 'yes'"
    assert (
        describe_condition(every_row, instrument, "en")
        == "Only if you answered “Yes” in at least one row of question 6"
    )
    assert (
        describe_condition(every_row, instrument, "de")
        == "Nur wenn Sie bei Frage 6 in mindestens einer Zeile „Ja“ angekreuzt haben"
    )
    different = "discrimination.work == 'yes' or discrimination.housing == 'no'"
    assert describe_condition(different, instrument, "en") == (
        "Only if you answered “Yes” to question 6 (Work) or you answered “No” to question 6 (Housing)"
    )


def test_the_same_answer_in_some_rows_names_the_rows(tmp_path_factory: pytest.TempPathFactory) -> None:
    text = INSTRUMENT.replace(
        "          - {code: housing, label: {de: Wohnen, en: Housing, fr: Logement}}\n",
        "          - {code: housing, label: {de: Wohnen, en: Housing, fr: Logement}}\n"
        "          - {code: police, label: {de: Polizei, en: Police, fr: Police}}\n",
    )
    path = Path(tmp_path_factory.mktemp("rows")) / "instrument.yaml"
    path.write_text(text, encoding="utf-8")
    wider = load_instrument(path).instrument
    condition = "discrimination.work == 'yes' or discrimination.police == 'yes'"
    assert describe_condition(condition, wider, "en") == (
        "Only if you answered “Yes” in at least one of the rows “Work” or “Police” of question 6"
    )
    assert describe_condition(condition, wider, "de") == (
        "Nur wenn Sie bei Frage 6 in mindestens einer der Zeilen „Arbeit“ oder „Polizei“ „Ja“ angekreuzt haben"
    )


def test_negation_is_pushed_inward(instrument: Instrument) -> None:
    # not (a or b) reads as (not a) and (not b): De Morgan holds in Kleene logic too.
    text = describe_condition("not (declined(identity) or age > 30)", instrument, "en")
    assert text == (
        "Only if you did not tick “Prefer not to say” at question 3 and your answer to question 4 is at most 30 years"
    )


def test_mixed_and_or_is_bracketed(instrument: Instrument) -> None:
    text = describe_condition("consent and (employed == 'yes' or age < 18)", instrument, "de")
    assert text == (
        "Nur wenn Sie bei Frage 1 Ihre Einwilligung gegeben haben und "
        "(Sie bei Frage 2 „Ja“ angekreuzt haben oder Ihre Antwort bei Frage 4 kleiner als 18 Jahre ist)"
    )


def test_chains_of_the_same_operator_are_flattened(instrument: Instrument) -> None:
    text = describe_condition("consent and (answered(age) and answered(remarks))", instrument, "en")
    assert text == "Only if you gave your consent at question 1, you answered question 4 and you answered question 7"


def test_other_languages_use_english_glue_around_their_own_labels(instrument: Instrument) -> None:
    assert describe_condition("employed == 'yes'", instrument, "fr") == "Only if you answered “Oui” to question 2"


def test_a_language_variant_uses_its_base_language() -> None:
    assert messages("de-AT") == messages("de")
    assert messages("de-x-ls") != messages("de")  # German Easy Language has wording of its own
    assert messages("tr-CY") == messages("tr") != messages("en")  # Turkish has wording of its own
    assert messages("pl") == messages("en")  # a language without a catalogue gets the English


def test_a_condition_with_a_syntax_error_is_a_user_error(instrument: Instrument) -> None:
    with pytest.raises(InstrumentError) as info:
        describe_condition("employed = 'yes'", instrument, "en")
    assert info.value.problems[0].code == "condition-syntax"


def test_an_ill_typed_condition_still_gets_a_faithful_description(instrument: Instrument) -> None:
    text = describe_condition("count_selected(identity)", instrument, "en")
    assert text == "Only if the condition `count_selected(identity)` holds"


# --- every well-typed condition gets a description without the technical fallback ---------------

_CODES = {"employed": ["yes", "no"], "identity": ["a", "b", "c", "none"], "discrimination": ["yes", "no"]}
_OPS = st.sampled_from(ex.COMPARISONS)


def _lit(value: str | int | float | bool) -> ex.Literal:
    return ex.Literal(value)


def _atoms() -> st.SearchStrategy[ex.Node]:
    ids = ["consent", "employed", "identity", "age", "agree", "discrimination", "remarks"]
    refs = [ex.Ref("discrimination", "work") if i == "discrimination" else ex.Ref(i) for i in ids]
    employed, identity, age, agree = ex.Ref("employed"), ex.Ref("identity"), ex.Ref("age"), ex.Ref("agree")
    row = st.sampled_from([ex.Ref("discrimination", "work"), ex.Ref("discrimination", "housing")])
    return st.one_of(
        st.builds(
            ex.Compare, st.sampled_from(["==", "!="]), st.just(employed), st.sampled_from(_CODES["employed"]).map(_lit)
        ),
        st.builds(ex.Compare, st.sampled_from(["==", "!="]), row, st.sampled_from(_CODES["discrimination"]).map(_lit)),
        st.builds(
            ex.In,
            st.just(employed),
            st.lists(st.sampled_from(_CODES["employed"]).map(_lit), max_size=2).map(tuple),
            st.booleans(),
        ),
        st.builds(lambda c: ex.Call("selected", (identity, _lit(c))), st.sampled_from(_CODES["identity"])),
        st.builds(
            lambda op, n: ex.Compare(op, ex.Call("count_selected", (identity,)), _lit(n)), _OPS, st.integers(0, 4)
        ),
        st.builds(ex.Compare, _OPS, st.just(age), st.integers(16, 120).map(_lit)),
        st.builds(lambda op, n: ex.Compare(op, _lit(n), age), _OPS, st.floats(16, 120, allow_nan=False).map(round)),
        st.builds(ex.Compare, _OPS, st.just(agree), st.integers(0, 4).map(_lit)),
        st.builds(
            ex.In,
            st.just(agree),
            st.lists(st.integers(1, 3).map(_lit), min_size=1, max_size=3).map(tuple),
            st.booleans(),
        ),
        st.builds(lambda f, r: ex.Call(f, (r,)), st.sampled_from(["answered", "declined"]), st.sampled_from(refs)),
        st.sampled_from([ex.Ref("consent"), ex.Ref("poc"), ex.Compare("==", ex.Ref("consent"), _lit(True))]),
        st.builds(
            ex.Compare, st.sampled_from(["==", "!="]), st.just(ex.Ref("grp")), st.sampled_from(["g1", "g2"]).map(_lit)
        ),
        st.just(ex.Compare("==", ex.Ref("remarks"), _lit("free text"))),
    )


def _conditions() -> st.SearchStrategy[ex.Node]:
    return st.recursive(
        _atoms(),
        lambda inner: st.one_of(
            st.builds(ex.Not, inner),
            st.builds(ex.BoolOp, st.sampled_from(["and", "or"]), st.lists(inner, min_size=2, max_size=3).map(tuple)),
        ),
        max_leaves=8,
    )


@settings(max_examples=300, deadline=None)
@given(node=_conditions(), lang=st.sampled_from(["de", "en", "fr", "de-x-ls"]))
def test_every_well_typed_condition_is_described_in_words(instrument: Instrument, node: ex.Node, lang: str) -> None:
    scope = cond.Scope(
        {q.id: var_type(q) for q in instrument.questions()} | {d.id: derived_type(d) for d in instrument.derived}
    )
    assert cond.check(node, scope) == []  # the generator itself makes only well-typed conditions
    text = describe_condition(node, instrument, lang)
    easy = (messages("de-x-ls")["always"], messages("de-x-ls")["never"])
    assert text.startswith(("Only if ", "Nur wenn ", "Always", "Immer", "Never", "Nie")) or (
        lang == "de-x-ls" and (text in easy or text.endswith("? Dann beantworten Sie das. Sonst lassen Sie das weg"))
    )
    assert "`" not in text  # the technical fallback is for ill-typed conditions only
    for qid in ("employed", "identity", "discrimination", "remarks"):
        assert qid not in text  # questions are named by number, never by id
